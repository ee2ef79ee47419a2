/**
 * The seeded query grammar: point selects, IN lists and scatters, expressions, ORDER BY with and
 * without LIMIT/OFFSET, aggregates with GROUP BY/HAVING, DISTINCT, joins (same shard, across
 * shards, with the reference and the unsharded table; inner and left), IN/EXISTS subqueries,
 * UNION [ALL] and derived tables. Literals are mostly values that exist in the data, so
 * predicates select something. LIMIT is only generated under a total order (see isTotalOrder).
 */
import type { Random } from './random.js';
import { table, type ColumnClass, type Dataset, type Table, type Value } from './schema.js';
import { isComparable, isTotalOrder, type AggFn, type CmpOp, type Expr, type Item, type Join, type OrderKey, type Query, type Select, type Source } from './query.js';

interface ScopeCol { readonly name: string; readonly cls: ColumnClass; readonly key?: 'pk' | 'vindex'; readonly values: readonly Value[] }
interface Scope { readonly alias: string; readonly src: Source; readonly cols: readonly ScopeCol[] }

type ColExpr = Extract<Expr, { k: 'col' }>;

// Joins the schema makes meaningful: [left table, right table, left column, right column].
const JOINS: readonly (readonly [string, string, string, string])[] = [
  ['user', 'orders', 'id', 'user_id'],        // same shard: both on hash of the user id
  ['orders', 'user', 'user_id', 'id'],
  ['orders', 'product', 'product_id', 'pid'], // across shards
  ['product', 'orders', 'pid', 'product_id'],
  ['user', 'product', 'age', 'price'],
  ['user', 'user', 'age', 'age'],
  ['orders', 'status_ref', 'status', 'code'], // reference table
  ['user', 'region', 'region_id', 'rid'],     // unsharded keyspace
];

const EDGE: Record<ColumnClass, readonly Value[]> = {
  int: [0, 1, -1, 30, 100, '9007199254740993'],
  text: ['', 'a', 'A', 'alice', 'ÉMILE', 'zz'],
  decimal: ['0.00', '10.50', '-1', '25'],
  date: ['2020-02-29', '2021-01-01', '2019-12-31'],
};

export class QueryGenerator {
  #alias = 0;

  constructor(readonly r: Random, readonly data: Dataset) {}

  query(): Query {
    this.#alias = 0;
    for (;;) {
      const q = this.r.chance(0.12) ? this.union() : this.select(0);
      if (isComparable(q)) return q;
    }
  }

  // ---- sources ----

  #tableScope(name: string): Scope {
    const t = table(name);
    const as = `t${++this.#alias}`;
    const rows = this.data.rows.get(name) ?? [];
    return {
      alias: as,
      src: { k: 'table', name, as, pk: t.pk },
      cols: t.columns.map((c) => ({
        name: c.name, cls: c.cls, ...keyOf(t, c.name), values: rows.map((row) => row[c.name] ?? null),
      })),
    };
  }

  #derivedScope(): Scope {
    const inner = this.select(1, { noDerived: true, noSubquery: true });
    const as = `d${++this.#alias}`;
    return {
      alias: as,
      src: { k: 'derived', q: inner, as },
      cols: inner.items.map((i) => ({ name: i.as, cls: i.cls, values: i.e.k === 'col' ? this.#valuesOf(i.e) : [] })),
    };
  }

  #valuesOf(c: ColExpr): Value[] {
    // Column names are unique enough across tables for literal choice.
    for (const [name, rows] of this.data.rows) {
      const t = table(name);
      if (t.columns.some((x) => x.name === c.c)) return rows.map((row) => row[c.c] ?? null);
    }
    return [];
  }

  // ---- select ----

  select(depth: number, opts: { noDerived?: boolean; noSubquery?: boolean } = {}): Select {
    const r = this.r;
    const scopes: Scope[] = [];
    const joins: Join[] = [];
    const fromKind = r.weighted<'single' | 'join' | 'derived'>([[5, 'single'], [3, 'join'], [opts.noDerived || depth > 0 ? 0 : 1.2, 'derived']]);
    if (fromKind === 'derived') {
      scopes.push(this.#derivedScope());
      if (r.chance(0.25)) {
        const right = this.#tableScope(r.pick(['user', 'orders', 'product']));
        const l = scopes[0]!.cols.find((c) => c.cls === 'int');
        const rc = right.cols.find((c) => c.cls === 'int');
        if (l && rc) {
          joins.push({ kind: r.chance(0.7) ? 'inner' : 'left', src: right.src, on: [{ k: 'cmp', op: '=', l: ref(scopes[0]!, l), r: ref(right, rc) }] });
          scopes.push(right);
        }
      }
    } else if (fromKind === 'join') {
      const [lt, rt, lc, rc] = r.pick(JOINS);
      const left = this.#tableScope(lt);
      const right = this.#tableScope(rt);
      scopes.push(left, right);
      joins.push({ kind: r.chance(0.7) ? 'inner' : 'left', src: right.src, on: this.#on(left, lc, right, rc) });
      if (lt === 'user' && rt === 'orders' && r.chance(0.3)) {
        const third = this.#tableScope('product');
        scopes.push(third);
        joins.push({ kind: r.chance(0.7) ? 'inner' : 'left', src: third.src, on: this.#on(right, 'product_id', third, 'pid') });
      }
    } else {
      scopes.push(this.#tableScope(r.weighted([[3, 'user'], [3, 'orders'], [2, 'product'], [0.7, 'status_ref'], [0.7, 'region']])));
    }

    const where: Expr[] = [];
    const main = scopes[0]!;
    const vindex = main.cols.find((c) => c.key === 'vindex');
    if (vindex && joins.length === 0 && r.chance(0.35)) {
      const values = vindex.values.filter((v) => v !== null);
      where.push(r.chance(0.55)
        ? { k: 'cmp', op: '=', l: ref(main, vindex), r: lit(this.#literal(vindex), vindex.cls) }
        : { k: 'in', e: ref(main, vindex), list: r.sample(values, r.int(1, 4)).map((v) => lit(v, vindex.cls)), not: false });
    }
    const predicates = r.weighted([[3, 0], [4, 1], [2, 2], [1, 3]]);
    for (let i = 0; i < predicates; i++) where.push(this.#predicate(scopes, 0));
    if (!opts.noSubquery && depth === 0 && r.chance(0.18)) where.push(this.#subqueryPredicate(scopes));

    const shape = r.weighted<'plain' | 'agg' | 'distinct'>([[5, 'plain'], [3.5, 'agg'], [1.5, 'distinct']]);
    const base = { k: 'select' as const, from: main.src, joins, where };
    let s: Select;
    if (shape === 'agg') s = this.#aggregate(scopes, base);
    else if (shape === 'distinct') s = this.#distinct(scopes, base);
    else s = this.#plain(scopes, base);
    return s;
  }

  #on(left: Scope, lc: string, right: Scope, rc: string): Expr[] {
    const on: Expr[] = [{ k: 'cmp', op: '=', l: ref(left, colOf(left, lc)), r: ref(right, colOf(right, rc)) }];
    if (this.r.chance(0.2)) on.push(this.#predicate([right], 1));
    return on;
  }

  #plain(scopes: Scope[], base: Pick<Select, 'k' | 'from' | 'joins' | 'where'>): Select {
    const r = this.r;
    const items = this.#items(scopes, r.int(1, 4), true);
    let orderBy: OrderKey[] = [];
    let limit = null;
    if (r.chance(0.5)) {
      orderBy = r.sample(items, r.int(1, Math.min(2, items.length))).map((i) => ({ e: r.chance(0.5) ? { k: 'ref', name: i.as } : i.e, desc: r.chance(0.3) }));
      if (r.chance(0.75)) {
        for (const sc of scopes) {
          if (sc.src.k !== 'table') continue;
          const pk = sc.cols.find((c) => c.key === 'pk' || c.name === (sc.src as { pk: string }).pk)!;
          orderBy.push({ e: ref(sc, pk), desc: r.chance(0.3) });
        }
      }
    }
    const s: Select = { ...base, distinct: false, items, groupBy: [], having: [], orderBy, limit };
    if (isTotalOrder(s) && r.chance(0.5)) limit = this.#limit();
    return { ...s, limit };
  }

  #distinct(scopes: Scope[], base: Pick<Select, 'k' | 'from' | 'joins' | 'where'>): Select {
    const r = this.r;
    const items = this.#items(scopes, r.int(1, 2), false);
    const orderBy: OrderKey[] = r.chance(0.5) ? r.sample(items, items.length).map((i) => ({ e: { k: 'ref', name: i.as }, desc: r.chance(0.3) })) : [];
    const limit = orderBy.length > 0 && r.chance(0.5) ? this.#limit() : null;
    return { ...base, distinct: true, items, groupBy: [], having: [], orderBy, limit };
  }

  #aggregate(scopes: Scope[], base: Pick<Select, 'k' | 'from' | 'joins' | 'where'>): Select {
    const r = this.r;
    const groupCols = r.weighted([[2, 0], [4, 1], [2, 2]]);
    const groupBy: Expr[] = [];
    const items: Item[] = [];
    for (let i = 0; i < groupCols; i++) {
      const sc = r.pick(scopes);
      const c = r.pick(sc.cols);
      const e = ref(sc, c);
      if (groupBy.some((g) => JSON.stringify(g) === JSON.stringify(e))) continue;
      groupBy.push(e);
      items.push({ e, as: `c${items.length}`, cls: c.cls });
    }
    const aggs = r.int(1, 3);
    for (let i = 0; i < aggs; i++) {
      const [e, cls] = this.#agg(scopes);
      items.push({ e, as: `c${items.length}`, cls });
    }
    const renamed = (r.chance(0.3) ? r.sample(items, items.length) : items).map((it, i) => ({ ...it, as: `c${i}` }));
    const having: Expr[] = [];
    if (r.chance(0.3)) {
      const [e] = this.#agg(scopes);
      having.push({ k: 'cmp', op: r.pick(['>', '>=', '<', '=']), l: e, r: lit(r.pick([0, 1, 2, 10]), 'int') });
    }
    let orderBy: OrderKey[] = [];
    let limit = null;
    if (groupBy.length > 0 && r.chance(0.55)) {
      const keys = renamed.filter((i) => groupBy.some((g) => JSON.stringify(g) === JSON.stringify(i.e)));
      const aggKeys = renamed.filter((i) => i.e.k === 'agg');
      const lead = r.chance(0.4) && aggKeys.length > 0 ? [r.pick(aggKeys)] : [];
      orderBy = [...lead, ...r.sample(keys, keys.length)].map((i) => ({ e: r.chance(0.6) ? { k: 'ref', name: i.as } : i.e, desc: r.chance(0.3) }));
      if (r.chance(0.5)) limit = this.#limit();
    }
    return { ...base, distinct: false, items: renamed, groupBy, having, orderBy, limit };
  }

  #agg(scopes: Scope[]): [Expr, ColumnClass] {
    const r = this.r;
    const sc = r.pick(scopes);
    const numeric = sc.cols.filter((c) => c.cls === 'int' || c.cls === 'decimal');
    const fn = r.weighted<AggFn | 'count*'>([[2, 'count*'], [2, 'count'], [2, 'sum'], [1.5, 'min'], [1.5, 'max'], [1.5, 'avg']]);
    if (fn === 'count*') return [{ k: 'agg', fn: 'count', distinct: false, arg: null }, 'int'];
    if ((fn === 'sum' || fn === 'avg') && numeric.length > 0) {
      return [{ k: 'agg', fn, distinct: r.chance(0.15), arg: ref(sc, r.pick(numeric)) }, 'decimal'];
    }
    const c = r.pick(sc.cols);
    if (fn === 'min' || fn === 'max') return [{ k: 'agg', fn, distinct: false, arg: ref(sc, c) }, c.cls];
    return [{ k: 'agg', fn: 'count', distinct: r.chance(0.4), arg: ref(sc, c) }, 'int'];
  }

  #items(scopes: Scope[], count: number, expressions: boolean): Item[] {
    const items: Item[] = [];
    for (let i = 0; i < count; i++) {
      const sc = this.r.pick(scopes);
      const c = this.r.pick(sc.cols);
      const [e, cls] = expressions && this.r.chance(0.2) ? this.#expression(sc, c) : [ref(sc, c), c.cls] as const;
      items.push({ e, as: `c${i}`, cls });
    }
    return items;
  }

  #expression(sc: Scope, c: ScopeCol): readonly [Expr, ColumnClass] {
    const r = this.r;
    const e = ref(sc, c);
    switch (c.cls) {
      case 'text': return r.pick([
        [{ k: 'func', name: 'lower', args: [e] }, 'text'],
        [{ k: 'func', name: 'upper', args: [e] }, 'text'],
        [{ k: 'func', name: 'length', args: [e] }, 'int'],
        [{ k: 'func', name: 'coalesce', args: [e, lit('?', 'text')] }, 'text'],
      ] as const);
      case 'int':
      case 'decimal': return r.pick([
        [{ k: 'arith', op: r.pick(['+', '-', '*'] as const), l: e, r: lit(r.int(1, 3), 'int') }, c.cls],
        [{ k: 'func', name: 'abs', args: [e] }, c.cls],
        [{ k: 'func', name: 'coalesce', args: [e, lit(0, 'int')] }, c.cls],
      ] as const);
      default: return [e, c.cls];
    }
  }

  #limit(): { n: number; offset: number } {
    return { n: this.r.int(0, 8), offset: this.r.chance(0.35) ? this.r.int(1, 5) : 0 };
  }

  // ---- predicates ----

  #literal(c: ScopeCol): Value {
    const known = c.values.filter((v) => v !== null);
    return known.length > 0 && this.r.chance(0.75) ? this.r.pick(known) : this.r.pick(EDGE[c.cls]);
  }

  #predicate(scopes: Scope[], depth: number): Expr {
    const r = this.r;
    if (depth === 0 && r.chance(0.12)) return { k: 'or', args: [this.#predicate(scopes, 1), this.#predicate(scopes, 1)] };
    if (depth === 0 && r.chance(0.05)) return { k: 'not', e: this.#predicate(scopes, 1) };
    const sc = r.pick(scopes);
    const c = r.pick(sc.cols);
    const e = ref(sc, c);
    const kind = r.weighted<'cmp' | 'in' | 'null' | 'between' | 'like' | 'cols'>([
      [5, 'cmp'], [2, 'in'], [1.5, 'null'], [c.cls === 'text' ? 0 : 1, 'between'], [c.cls === 'text' ? 1.5 : 0, 'like'], [1, 'cols'],
    ]);
    switch (kind) {
      case 'cmp': return { k: 'cmp', op: r.weighted<CmpOp>([[4, '='], [1, '<>'], [1.5, '<'], [1, '<='], [1.5, '>'], [1, '>='], [0.4, '<=>']]), l: e, r: lit(this.#literal(c), c.cls) };
      case 'in': return { k: 'in', e, list: Array.from({ length: r.int(1, 4) }, () => lit(this.#literal(c), c.cls)), not: r.chance(0.2) };
      case 'null': return { k: 'isnull', e, not: r.chance(0.5) };
      case 'between': {
        const [a, b] = [this.#literal(c), this.#literal(c)];
        return { k: 'between', e, lo: lit(a, c.cls), hi: lit(b, c.cls) };
      }
      case 'like': return { k: 'like', e, pattern: r.pick(['a%', '%e%', 'B%', '_', '%', 'é%']) };
      case 'cols': {
        const others = scopes.flatMap((s) => s.cols.filter((x) => x.cls === c.cls && !(s === sc && x === c)).map((x) => ref(s, x)));
        if (others.length === 0) return { k: 'isnull', e, not: true };
        return { k: 'cmp', op: r.pick(['=', '<', '>', '<>'] as const), l: e, r: r.pick(others) };
      }
    }
  }

  #subqueryPredicate(scopes: Scope[]): Expr {
    const r = this.r;
    const outer = r.pick(scopes);
    const candidates = outer.cols.filter((c) => c.cls === 'int' || c.cls === 'text');
    const oc = candidates.length > 0 ? r.pick(candidates) : outer.cols[0]!;
    const inner = this.#tableScope(r.pick(['user', 'orders', 'product', 'status_ref', 'region']));
    const same = inner.cols.filter((c) => c.cls === oc.cls);
    const ic = same.length > 0 ? r.pick(same) : inner.cols[0]!;
    const where: Expr[] = r.chance(0.5) ? [this.#predicate([inner], 1)] : [];
    const sub = (items: Item[], extra: Expr[]): Select => ({
      k: 'select', distinct: false, items, from: inner.src, joins: [], where: [...where, ...extra], groupBy: [], having: [], orderBy: [], limit: null,
    });
    if (r.chance(0.55)) {
      return { k: 'insub', e: ref(outer, oc), sub: sub([{ e: ref(inner, ic), as: 'c0', cls: ic.cls }], []), not: r.chance(0.25) };
    }
    const correlation: Expr = { k: 'cmp', op: '=', l: ref(inner, ic), r: ref(outer, oc) };
    return { k: 'exists', sub: sub([{ e: lit(1, 'int'), as: 'c0', cls: 'int' }], [correlation]), not: r.chance(0.3) };
  }

  // ---- union ----

  union(): Query {
    const r = this.r;
    const first = this.#unionBranch(null);
    const classes = first.items.map((i) => i.cls);
    let q: Query = { k: 'union', all: r.chance(0.5), left: first, right: this.#unionBranch(classes), orderBy: [], limit: null };
    if (r.chance(0.2)) q = { k: 'union', all: r.chance(0.5), left: q, right: this.#unionBranch(classes), orderBy: [], limit: null };
    if (r.chance(0.5)) {
      const orderBy = r.sample(first.items, first.items.length).map((i) => ({ e: { k: 'ref', name: i.as } as Expr, desc: r.chance(0.3) }));
      q = { ...q, orderBy };
      if (isTotalOrder(q) && r.chance(0.5)) q = { ...q, limit: this.#limit() };
    }
    return q;
  }

  #unionBranch(classes: readonly ColumnClass[] | null): Select {
    const r = this.r;
    const sc = this.#tableScope(r.pick(['user', 'orders', 'product', 'status_ref', 'region']));
    const items: Item[] = classes === null
      ? this.#items([sc], r.int(1, 3), false)
      : classes.map((cls, i) => {
        const same = sc.cols.filter((c) => c.cls === cls);
        return same.length > 0 ? { e: ref(sc, r.pick(same)), as: `c${i}`, cls } : { e: lit(EDGE[cls][0]!, cls), as: `c${i}`, cls };
      });
    const where = r.chance(0.6) ? [this.#predicate([sc], 0)] : [];
    return { k: 'select', distinct: r.chance(0.1), items, from: sc.src, joins: [], where, groupBy: [], having: [], orderBy: [], limit: null };
  }
}

function keyOf(t: Table, name: string): { key?: 'pk' | 'vindex' } {
  if (t.vindexColumn === name) return { key: 'vindex' };
  if (t.pk === name) return { key: 'pk' };
  return {};
}

function colOf(sc: Scope, name: string): ScopeCol {
  const c = sc.cols.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name} in ${sc.alias}`);
  return c;
}

function ref(sc: Scope, c: ScopeCol): ColExpr {
  return { k: 'col', t: sc.alias, c: c.name, cls: c.cls, ...(c.key ? { key: c.key } : {}) };
}

function lit(v: Value, cls: ColumnClass): Expr {
  return { k: 'lit', v, cls };
}

