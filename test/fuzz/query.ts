/**
 * The fuzzer's own small query tree: what the generator builds, the printer turns into SQL and
 * the minimiser shrinks. It covers only what the generator produces, so every tree prints to a
 * statement both MariaDB and the router parse. The analyses here (is the ORDER BY a total order,
 * must text be compared collation-folded, which features does a query use) are recomputed from
 * the tree, so they stay right for every shrunk variant too.
 */
import { literal, type ColumnClass, type Value } from './schema.js';

export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>';
export type AggFn = 'count' | 'sum' | 'min' | 'max' | 'avg';

export type Expr =
  | { readonly k: 'col'; readonly t: string; readonly c: string; readonly cls: ColumnClass; readonly key?: 'pk' | 'vindex' }
  | { readonly k: 'lit'; readonly v: Value; readonly cls: ColumnClass }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'cmp'; readonly op: CmpOp; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'and' | 'or'; readonly args: readonly Expr[] }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'in'; readonly e: Expr; readonly list: readonly Expr[]; readonly not: boolean }
  | { readonly k: 'isnull'; readonly e: Expr; readonly not: boolean }
  | { readonly k: 'between'; readonly e: Expr; readonly lo: Expr; readonly hi: Expr }
  | { readonly k: 'like'; readonly e: Expr; readonly pattern: string }
  | { readonly k: 'arith'; readonly op: '+' | '-' | '*'; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'func'; readonly name: 'lower' | 'upper' | 'coalesce' | 'abs' | 'length'; readonly args: readonly Expr[] }
  | { readonly k: 'agg'; readonly fn: AggFn; readonly distinct: boolean; readonly arg: Expr | null }
  | { readonly k: 'insub'; readonly e: Expr; readonly sub: Select; readonly not: boolean }
  | { readonly k: 'exists'; readonly sub: Select; readonly not: boolean };

export interface Item { readonly e: Expr; readonly as: string; readonly cls: ColumnClass }
export interface OrderKey { readonly e: Expr; readonly desc: boolean }
export interface Limit { readonly n: number; readonly offset: number }

export type Source =
  | { readonly k: 'table'; readonly name: string; readonly as: string; readonly pk: string }
  | { readonly k: 'derived'; readonly q: Select; readonly as: string };

export interface Join { readonly kind: 'inner' | 'left'; readonly src: Source; readonly on: readonly Expr[] }

export interface Select {
  readonly k: 'select';
  readonly distinct: boolean;
  readonly items: readonly Item[];
  readonly from: Source;
  readonly joins: readonly Join[];
  readonly where: readonly Expr[];
  readonly groupBy: readonly Expr[];
  readonly having: readonly Expr[];
  readonly orderBy: readonly OrderKey[];
  readonly limit: Limit | null;
}

export interface Union {
  readonly k: 'union';
  readonly all: boolean;
  readonly left: Query;
  readonly right: Query;
  readonly orderBy: readonly OrderKey[];
  readonly limit: Limit | null;
}

export type Query = Select | Union;

// ---- printing ----

/** SQL text, and the values of `?` placeholders when `params` is on (WHERE literals only). */
export interface Printed { readonly sql: string; readonly values: unknown[] }

const id = (name: string): string => '`' + name + '`';

export function print(q: Query, params = false): Printed {
  const values: unknown[] = [];
  const p = new Printer(params, values);
  return { sql: p.query(q), values };
}

class Printer {
  constructor(readonly params: boolean, readonly values: unknown[]) {}

  query(q: Query): string {
    if (q.k === 'select') return this.select(q);
    const left = q.left.k === 'union' ? `(${this.query(q.left)})` : this.query(q.left);
    const right = q.right.k === 'union' ? `(${this.query(q.right)})` : this.query(q.right);
    return `${left} union ${q.all ? 'all ' : ''}${right}${this.tail(q.orderBy, q.limit)}`;
  }

  select(s: Select): string {
    let sql = `select ${s.distinct ? 'distinct ' : ''}${s.items.map((i) => `${this.expr(i.e)} as ${id(i.as)}`).join(', ')}`;
    sql += ` from ${this.source(s.from)}`;
    for (const j of s.joins) {
      sql += ` ${j.kind === 'left' ? 'left join' : 'join'} ${this.source(j.src)}`;
      sql += j.on.length > 0 ? ` on ${j.on.map((e) => this.expr(e)).join(' and ')}` : ' on 1 = 1';
    }
    if (s.where.length > 0) sql += ` where ${s.where.map((e) => this.expr(e)).join(' and ')}`;
    if (s.groupBy.length > 0) sql += ` group by ${s.groupBy.map((e) => this.expr(e)).join(', ')}`;
    if (s.having.length > 0) sql += ` having ${s.having.map((e) => this.expr(e)).join(' and ')}`;
    return sql + this.tail(s.orderBy, s.limit);
  }

  tail(orderBy: readonly OrderKey[], limit: Limit | null): string {
    let sql = '';
    if (orderBy.length > 0) sql += ` order by ${orderBy.map((o) => `${this.expr(o.e)}${o.desc ? ' desc' : ' asc'}`).join(', ')}`;
    if (limit) sql += limit.offset > 0 ? ` limit ${limit.offset}, ${limit.n}` : ` limit ${limit.n}`;
    return sql;
  }

  source(src: Source): string {
    return src.k === 'table' ? `${id(src.name)} as ${src.as}` : `(${this.select(src.q)}) as ${src.as}`;
  }

  expr(e: Expr): string {
    switch (e.k) {
      case 'col': return `${e.t}.${id(e.c)}`;
      case 'lit': {
        // Numbers stay numbers: a quoted '-5' is text, which Vitess's hash vindex cannot map
        // (it routes it nowhere, where MySQL converts it), a difference the fuzzer is not after.
        const numeric = (e.cls === 'int' || e.cls === 'decimal') && typeof e.v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(e.v);
        if (this.params) {
          this.values.push(numeric && e.cls === 'int' ? BigInt(e.v as string) : e.v);
          return '?';
        }
        return numeric ? String(e.v) : literal(e.v);
      }
      case 'ref': return id(e.name);
      case 'cmp': return `${this.expr(e.l)} ${e.op} ${this.expr(e.r)}`;
      case 'and':
      case 'or': return `(${e.args.map((a) => this.expr(a)).join(` ${e.k} `)})`;
      case 'not': return `not (${this.expr(e.e)})`;
      case 'in': return `${this.expr(e.e)} ${e.not ? 'not in' : 'in'} (${e.list.map((x) => this.expr(x)).join(', ')})`;
      case 'isnull': return `${this.expr(e.e)} is ${e.not ? 'not null' : 'null'}`;
      case 'between': return `${this.expr(e.e)} between ${this.expr(e.lo)} and ${this.expr(e.hi)}`;
      case 'like': return `${this.expr(e.e)} like ${literal(e.pattern)}`;
      case 'arith': return `(${this.expr(e.l)} ${e.op} ${this.expr(e.r)})`;
      case 'func': return `${e.name}(${e.args.map((a) => this.expr(a)).join(', ')})`;
      case 'agg': return `${e.fn}(${e.distinct ? 'distinct ' : ''}${e.arg ? this.expr(e.arg) : '*'})`;
      case 'insub': return `${this.expr(e.e)} ${e.not ? 'not in' : 'in'} (${this.select(e.sub)})`;
      case 'exists': return `${e.not ? 'not exists' : 'exists'} (${this.select(e.sub)})`;
    }
  }
}

// ---- analyses ----

/** Every expression in a tree, subqueries and derived tables included. */
export function* walkExprs(q: Query): Generator<Expr> {
  if (q.k === 'union') {
    yield* walkExprs(q.left);
    yield* walkExprs(q.right);
    for (const o of q.orderBy) yield* walkExpr(o.e);
    return;
  }
  for (const e of [...q.items.map((i) => i.e), ...q.joins.flatMap((j) => j.on), ...q.where, ...q.groupBy, ...q.having, ...q.orderBy.map((o) => o.e)]) {
    yield* walkExpr(e);
  }
  for (const src of [q.from, ...q.joins.map((j) => j.src)]) if (src.k === 'derived') yield* walkExprs(src.q);
}

function* walkExpr(e: Expr): Generator<Expr> {
  yield e;
  switch (e.k) {
    case 'cmp': case 'arith': yield* walkExpr(e.l); yield* walkExpr(e.r); break;
    case 'and': case 'or': case 'func': for (const a of e.args) yield* walkExpr(a); break;
    case 'not': case 'isnull': case 'like': yield* walkExpr(e.e); break;
    case 'in': yield* walkExpr(e.e); for (const x of e.list) yield* walkExpr(x); break;
    case 'between': yield* walkExpr(e.e); yield* walkExpr(e.lo); yield* walkExpr(e.hi); break;
    case 'agg': if (e.arg) yield* walkExpr(e.arg); break;
    case 'insub': yield* walkExpr(e.e); yield* walkExprs(e.sub); break;
    case 'exists': yield* walkExprs(e.sub); break;
    default: break;
  }
}

const sameExpr = (a: Expr, b: Expr): boolean => JSON.stringify(a) === JSON.stringify(b);

function isAggregate(s: Select): boolean {
  return s.groupBy.length > 0 || s.items.some((i) => [...walkExpr(i.e)].some((e) => e.k === 'agg'));
}

/** The select whose column names a union's output takes (its leftmost branch). */
function leftmost(q: Query): Select {
  return q.k === 'select' ? q : leftmost(q.left);
}

/**
 * Whether the query's rows come in one order only, so results compare in order. Ties that the
 * ORDER BY leaves are only harmless when the tied rows are the same rows: the keys cover the
 * primary key of every table in FROM, or every grouping key, or every output column (then tied
 * rows are equal, up to collation folding, which `mustFold` turns on for such queries).
 */
export function isTotalOrder(q: Query): boolean {
  if (q.orderBy.length === 0) return false;
  const keys = q.orderBy.map((o) => resolveRef(q, o.e));
  const covers = (e: Expr): boolean => keys.some((k) => sameExpr(k, e));
  const items = q.k === 'select' ? q.items : leftmost(q).items;
  const allItems = items.every((i) => covers(i.e) || keys.some((k) => k.k === 'ref' && k.name === i.as));
  if (q.k === 'union') return allItems && mustFold(q);
  if (q.groupBy.length > 0) return q.groupBy.every(covers) || allItems;
  if (isAggregate(q)) return true; // one row
  if (q.distinct) return allItems;
  const sources = [q.from, ...q.joins.map((j) => j.src)];
  const pks = sources.every((s) => s.k === 'table' && keys.some((k) => k.k === 'col' && k.t === s.as && k.c === s.pk));
  return pks || (allItems && mustFold(q));
}

function resolveRef(q: Query, e: Expr): Expr {
  if (e.k !== 'ref') return e;
  const items = q.k === 'select' ? q.items : leftmost(q).items;
  return items.find((i) => i.as === e.name)?.e ?? e;
}

/** A result MariaDB and the router may legitimately pick different rows for (LIMIT with ties). */
export function isComparable(q: Query): boolean {
  const here = q.limit === null || isTotalOrder(q);
  const inner = (s: Select): boolean =>
    [s.from, ...s.joins.map((j) => j.src)].every((src) => src.k !== 'derived' || isComparable(src.q));
  if (q.k === 'union') return here && isComparable(q.left) && isComparable(q.right);
  return here && inner(q);
}

/**
 * Grouping, DISTINCT, UNION and MIN/MAX pick one of several values that utf8mb4_general_ci calls
 * equal ('a' / 'A' / 'á'), and which one is not defined: such results compare folded.
 */
export function mustFold(q: Query): boolean {
  if (q.k === 'union') return !q.all || mustFold(q.left) || mustFold(q.right);
  if (q.distinct || isAggregate(q)) return true;
  return [q.from, ...q.joins.map((j) => j.src)].some((src) => src.k === 'derived' && mustFold(src.q));
}

/** Folds text the way utf8mb4_general_ci compares it (case and accents), for comparison only. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function complexity(q: Query): number {
  return print(q).sql.length;
}
