/**
 * Selecting from a vindex as if it were a table (`select keyspace_id, shard from user_index where
 * id = :id`): Vitess answers it at vtgate by mapping the ids through the vindex (VindexFunc). The
 * WHERE clause must be `id = <value>` or `id in (<values>)`; the columns are those of
 * VINDEX_FUNC_COLUMNS. A vindex joined with one table (or one routed FROM item) becomes a vtgate
 * Join whose other side is planned as an ordinary SELECT, the vindex's columns passed as bind variables.
 */
import type { AliasedTable, ColumnRef, Expr, Select, SelectExpr, SelectStatement, TableExpr, TableName } from '../../sql/ast.js';
import { formatIdent } from '../../sql/keywords.js';
import { printExpr } from '../../sql/print-expr.js';
import { printSql } from '../../sql/print.js';
import { TableResolutionError } from '../../errors.js';
import type { Keyspace } from '../../vschema/model.js';
import { resolveTable } from '../../vschema/resolve.js';
import type { PlanContext } from '../context.js';
import { notImplemented, plannerError, vtError } from '../errors.js';
import { columnsOf, joinAnd, mapExpr, splitAnd, subqueriesOf } from '../expr/walk.js';
import { VINDEX_FUNC_COLUMNS, type Join, type Operator, type Plan, type VindexFunc } from '../plan.js';
import { bindValue, listBindValue, literalValue, tupleValue, type PlanValue } from '../values.js';

const WRONG_WHERE = 'WHERE clause for vindex function must be of the form id = <val> or id in(<val>,...)';

interface VindexTable {
  readonly node: AliasedTable;
  /** The name columns qualify it by. */
  readonly ref: string;
  readonly keyspace: Keyspace;
  readonly vindex: string;
}

/** Plans a SELECT that reads a vindex as a table; null when it reads none (an ordinary SELECT). */
export function planVindexSelect(ctx: PlanContext, stmt: SelectStatement, original: string, planSelect: (s: Select) => Plan): Plan | null {
  const nested = [...nestedSelects(stmt)];
  const top = stmt.kind === 'select' ? stmt : null;
  const found = nested.flatMap((s) => s.from.flatMap(tablesOf).flatMap((t) => (vindexTable(ctx, t) ? [{ s, t: vindexTable(ctx, t)! }] : [])));
  if (found.length === 0) return null;
  for (const { s, t } of found) {
    if (s !== top || found.length > 1) {
      // Vitess checks the WHERE clause wherever the vindex is read.
      vindexValue(t, splitAnd(s.where).filter((p) => readsOnly(p, t)));
      throw notImplemented('a vindex function inside a subquery, a derived table or with another vindex');
    }
  }
  const sel = top!;
  const vt = found[0]!.t;
  if (sel.groupBy.length > 0 || sel.having || sel.orderBy.length > 0 || sel.limit || sel.distinct) {
    throw notImplemented('GROUP BY, HAVING, ORDER BY, LIMIT or DISTINCT over a vindex function');
  }
  if (sel.from.length === 1 && sel.from[0] === vt.node) return single(vt, sel, original);
  return joined(ctx, vt, sel, original, planSelect);
}

function single(vt: VindexTable, sel: Select, original: string): Plan {
  const columns: number[] = [];
  for (const c of sel.columns) {
    if (c.kind === 'star') columns.push(...VINDEX_FUNC_COLUMNS.map((_, i) => i));
    else columns.push(vindexColumn(vt, c));
  }
  const op = vindexFunc(vt, splitAnd(sel.where), columns);
  return Object.freeze({ type: 'Local', queryType: 'SELECT', original, instructions: op, tablesUsed: Object.freeze([vt.node.name.name]) });
}

/** The vindex joined with the other FROM items: the vindex's columns reach the other side as `:<ref>_<column>`. */
function joined(ctx: PlanContext, vt: VindexTable, sel: Select, original: string, planSelect: (s: Select) => Plan): Plan {
  const { others, on, vindexFirst } = splitFrom(sel.from, vt);
  const vindexPreds: Expr[] = [];
  const otherPreds: Expr[] = [];
  const vars: Record<string, number> = {};
  const vindexColumns: number[] = [];
  const vindexOffset = (name: string): number => {
    const i = columnIndex(vt, name);
    let at = vindexColumns.indexOf(i);
    if (at < 0) at = vindexColumns.push(i) - 1;
    return at;
  };
  // The select list's columns come first; the columns join predicates need are appended (Vitess's order).
  const join: { side: 'L' | 'R'; index: number }[] = [];
  const otherColumns: SelectExpr[] = [];
  const vindexSide = vindexFirst ? 'L' : 'R';
  const otherSide = vindexFirst ? 'R' : 'L';
  for (const c of sel.columns) {
    if (c.kind !== 'aliased') throw notImplemented(`${c.kind === 'star' ? '*' : 'NEXT VALUES'} in a join with a vindex function`);
    const cols = columnsOf(c.expr);
    if (cols.length > 0 && cols.every((x) => isVindexColumn(x, vt))) {
      vindexColumn(vt, c);
      join.push({ side: vindexSide, index: vindexOffset((c.expr as ColumnRef).name) });
    } else if (cols.some((x) => isVindexColumn(x, vt))) {
      throw vtError('VT09018', `cannot add '${printExpr(c.expr)}' expression to a table/vindex`);
    } else {
      join.push({ side: otherSide, index: otherColumns.push(c) - 1 });
    }
  }
  for (const p of [...on, ...splitAnd(sel.where)]) {
    const cols = columnsOf(p);
    const mine = cols.filter((c) => isVindexColumn(c, vt));
    if (mine.length === cols.length) vindexPreds.push(p);
    else if (mine.length === 0) otherPreds.push(p);
    else if (!vindexFirst) throw notImplemented('a join predicate on a vindex function that is not the join\'s first table');
    else otherPreds.push(mapExpr(p, (e) => (e.kind === 'column' && isVindexColumn(e, vt) ? { kind: 'bind', name: joinVar(vt, e, vars, vindexOffset), list: false } : undefined)));
  }
  if (otherColumns.length === 0) otherColumns.push({ kind: 'aliased', expr: { kind: 'literal', type: 'int', value: '1', charset: null }, as: null });
  const other: Select = { ...sel, columns: otherColumns, from: others, where: joinAnd(otherPreds) };
  const otherPlan = planSelect(other);
  if (!otherPlan.instructions || otherPlan.instructions.kind !== 'Route') throw notImplemented('a vindex function joined with a query that does not run as one route');
  const fn = vindexFunc(vt, vindexPreds, vindexColumns);
  const op: Join = Object.freeze({
    kind: 'Join',
    variant: 'Join',
    columns: Object.freeze(join),
    vars: Object.freeze(vars),
    left: vindexFirst ? fn : otherPlan.instructions,
    right: vindexFirst ? otherPlan.instructions : fn,
  });
  void ctx;
  const used = Object.freeze([...new Set([vt.node.name.name, ...otherPlan.tablesUsed])].sort());
  return Object.freeze({ type: 'Join', queryType: 'SELECT', original, instructions: op as Operator, tablesUsed: used });
}

function joinVar(vt: VindexTable, c: ColumnRef, vars: Record<string, number>, offset: (name: string) => number): string {
  const name = `${vt.ref}_${c.name.toLowerCase()}`.replace(/[^A-Za-z0-9_]/g, '_');
  vars[name] ??= offset(c.name);
  return name;
}

/** The vindex and the other FROM items (one table expression), with the ON conditions of an inner join between them. */
function splitFrom(from: readonly TableExpr[], vt: VindexTable): { others: TableExpr[]; on: Expr[]; vindexFirst: boolean } {
  if (from.length === 2) {
    const i = from.indexOf(vt.node);
    if (i >= 0) return { others: [from[1 - i]!], on: [], vindexFirst: i === 0 };
  }
  const only = from.length === 1 ? from[0] : undefined;
  if (only?.kind === 'join' && (only.type === 'join' || only.type === 'straight_join') && only.using === null) {
    if (only.left === vt.node) return { others: [only.right], on: splitAnd(only.on), vindexFirst: true };
    if (only.right === vt.node) return { others: [only.left], on: splitAnd(only.on), vindexFirst: false };
  }
  throw notImplemented('a vindex function joined other than with one table by an inner join');
}

function vindexFunc(vt: VindexTable, preds: readonly Expr[], columns: readonly number[]): VindexFunc {
  return Object.freeze({
    kind: 'VindexFunc',
    variant: 'VindexMap',
    keyspace: Object.freeze({ name: vt.keyspace.name, sharded: vt.keyspace.sharded }),
    vindex: vt.vindex,
    value: vindexValue(vt, preds),
    columns: Object.freeze([...columns]),
  });
}

/** Vitess's checks of a vindex function's WHERE clause, in its order, with its messages. */
function vindexValue(vt: VindexTable, preds: readonly Expr[]): PlanValue {
  void vt;
  if (preds.length === 0) throw vtError('VT09018', `${WRONG_WHERE} (where clause missing)`);
  if (preds.length > 1) throw vtError('VT09018', `${WRONG_WHERE} (multiple filters)`);
  const p = preds[0]!;
  const isIn = p.kind === 'in';
  if (p.kind !== 'binary' && !isIn) throw vtError('VT09018', `${WRONG_WHERE} (not a comparison)`);
  if (p.kind === 'binary' && !['=', '!=', '<>', '<', '<=', '>', '>=', '<=>', 'like', 'not like', 'regexp', 'not regexp'].includes(p.op)) {
    throw vtError('VT09018', `${WRONG_WHERE} (not a comparison)`);
  }
  if ((p.kind === 'binary' && p.op !== '=') || (p.kind === 'in' && p.not)) throw vtError('VT09018', `${WRONG_WHERE} (not equality)`);
  const left = p.kind === 'binary' ? p.left : p.kind === 'in' ? p.expr : null;
  if (left?.kind !== 'column') throw vtError('VT09018', `${WRONG_WHERE} (lhs is not a column)`);
  if (left.name.toLowerCase() !== 'id') throw vtError('VT09018', `${WRONG_WHERE} (lhs is not id)`);
  const value = p.kind === 'binary' ? valueOf(p.right) : p.kind === 'in' ? listValue(p.list) : null;
  if (!value) throw vtError('VT09018', `${WRONG_WHERE} (rhs is not a value)`);
  return value;
}

function valueOf(e: Expr): PlanValue | null {
  if (e.kind === 'literal') return literalValue(e);
  if (e.kind === 'bind') return e.list ? listBindValue(e.name) : bindValue(e.name);
  if (e.kind === 'tuple') return listValue(e.items);
  return null;
}

function listValue(list: Extract<Expr, { kind: 'in' }>['list']): PlanValue | null {
  if (!Array.isArray(list)) {
    const single = list as Exclude<typeof list, readonly Expr[]>;
    return single.kind === 'bind' ? listBindValue(single.name) : null;
  }
  const items = (list as readonly Expr[]).map((e) => (e.kind === 'literal' || (e.kind === 'bind' && !e.list) ? valueOf(e) : null));
  return items.every((v) => v !== null) ? tupleValue(items as PlanValue[]) : null;
}

/** A select expression over the vindex: one of its columns, by offset. */
function vindexColumn(vt: VindexTable, c: Extract<SelectExpr, { kind: 'aliased' | 'next' }>): number {
  if (c.kind !== 'aliased' || c.expr.kind !== 'column') {
    const text = c.kind === 'aliased' ? printExpr(c.expr) : printSql(c);
    throw vtError('VT09018', `cannot add '${text}' expression to a table/vindex`);
  }
  return columnIndex(vt, c.expr.name);
}

function columnIndex(vt: VindexTable, name: string): number {
  const i = (VINDEX_FUNC_COLUMNS as readonly string[]).indexOf(name.toLowerCase());
  if (i < 0) throw plannerError('COLUMN_NOT_FOUND', `column '${formatIdent(name)}' not found in table '${vt.ref}'`);
  return i;
}

function isVindexColumn(c: ColumnRef, vt: VindexTable): boolean {
  if (c.table) return c.table.name.toLowerCase() === vt.ref.toLowerCase() && (c.table.qualifier === null || vt.node.as === null);
  return (VINDEX_FUNC_COLUMNS as readonly string[]).includes(c.name.toLowerCase());
}

function readsOnly(p: Expr, vt: VindexTable): boolean {
  return columnsOf(p).every((c) => isVindexColumn(c, vt));
}

/**
 * A FROM table that names a vindex rather than a table: the name is no table (after routing rules
 * and the session keyspace), and a vindex of that name exists in the qualifier's keyspace or, when
 * unqualified, in exactly one keyspace.
 */
function vindexTable(ctx: PlanContext, t: AliasedTable): VindexTable | null {
  try {
    resolveTable(ctx.vschema, { keyspace: t.name.qualifier, name: t.name.name }, ctx.target);
    return null;
  } catch (err) {
    if (!(err instanceof TableResolutionError) || err.code !== 'TABLE_NOT_FOUND') return null;
  }
  const owners = vindexOwners(ctx, t.name);
  if (owners.length !== 1) return null;
  return { node: t, ref: t.as ?? t.name.name, keyspace: owners[0]!, vindex: t.name.name };
}

function vindexOwners(ctx: PlanContext, name: TableName): Keyspace[] {
  const keyspace = name.qualifier ?? ctx.target.keyspace;
  const candidates = keyspace ? [ctx.vschema.keyspaces.get(keyspace)].filter((k): k is Keyspace => k !== undefined) : [...ctx.vschema.keyspaces.values()];
  return candidates.filter((ks) => ks.vindexes.has(name.name));
}

function tablesOf(t: TableExpr): AliasedTable[] {
  if (t.kind === 'table') return [t];
  if (t.kind === 'join') return [...tablesOf(t.left), ...tablesOf(t.right)];
  return [];
}

/** Every SELECT of the statement: union parts, derived tables, CTEs and subqueries included. */
function* nestedSelects(s: SelectStatement): Generator<Select> {
  for (const c of s.with?.ctes ?? []) yield* nestedSelects(c.select);
  if (s.kind === 'union') {
    yield* nestedSelects(s.left);
    yield* nestedSelects(s.right);
    return;
  }
  yield s;
  const exprs: Expr[] = [];
  for (const c of s.columns) if (c.kind === 'aliased') exprs.push(c.expr);
  if (s.where) exprs.push(s.where);
  if (s.having) exprs.push(s.having);
  const derived = (t: TableExpr): void => {
    if (t.kind === 'derived') exprs.push({ kind: 'subquery', select: t.select } as Expr);
    if (t.kind === 'join') {
      derived(t.left);
      derived(t.right);
      if (t.on) exprs.push(t.on);
    }
  };
  s.from.forEach(derived);
  for (const e of exprs) {
    for (const sub of subqueriesOf(e)) yield* nestedSelects(sub);
  }
}
