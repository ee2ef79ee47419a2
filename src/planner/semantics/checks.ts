/**
 * Statement checks Vitess makes before planning, with its messages: constructs it rejects
 * outright (assignment expressions, SQL_CALC_FOUND_ROWS in a UNION, lock functions mixed with
 * other expressions) and references MySQL would reject (`group by 2` past the select list).
 */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { ambiguousColumn, plannerError, unsupported, vtError } from '../errors.js';
import { containsAggregate } from '../expr/walk.js';

/** Any `@x := expr` anywhere in a statement: Vitess does not support assignment expressions. */
export function checkNoAssignment(node: unknown): void {
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if ((v as { kind?: unknown }).kind === 'binary' && (v as { op?: unknown }).op === ':=') throw unsupported('Assignment expression');
    for (const x of Object.values(v as Record<string, unknown>)) visit(x);
  };
  visit(node);
}

const LOCK_FUNCTIONS = new Set(['get_lock', 'is_free_lock', 'is_used_lock', 'release_all_locks', 'release_lock']);

export function checkSelect(sel: Select): void {
  const exprs = sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : []));
  const locks = exprs.filter((e) => e.kind === 'func' && LOCK_FUNCTIONS.has(e.name.toLowerCase()));
  if (locks.length > 0 && locks.length < sel.columns.length) {
    const others = exprs.filter((e) => !locks.includes(e));
    throw unsupported(`LOCK function and other expression: [${others.map((e) => printSql(e)).join(', ')}] in same select query`);
  }
  const hasStar = sel.columns.some((c) => c.kind === 'star');
  const ordinal = (e: Expr, clause: string): void => {
    if (e.kind !== 'literal' || e.type !== 'int' || hasStar) return;
    const n = Number(e.value);
    if (n < 1 || n > sel.columns.length) throw plannerError('UNKNOWN_COLUMN', `Unknown column '${e.value}' in '${clause}'`);
  };
  for (const g of sel.groupBy) ordinal(g, 'group clause');
  for (const o of sel.orderBy) ordinal(o.expr, 'order clause');
  for (const o of sel.orderBy) {
    if (o.expr.kind !== 'column' || o.expr.table) continue;
    const name = o.expr.name.toLowerCase();
    const named = sel.columns.flatMap((c) => (c.kind === 'aliased' && outputName(c)?.toLowerCase() === name ? [c.expr] : []));
    if (named.length > 1 && named.some((e) => JSON.stringify(e) !== JSON.stringify(named[0]))) throw ambiguousColumn(o.expr.name);
  }
  for (const g of sel.groupBy) {
    if (g.kind !== 'column' || g.table) continue;
    const aliased = sel.columns.find((c) => c.kind === 'aliased' && c.as?.toLowerCase() === g.name.toLowerCase());
    if (aliased?.kind === 'aliased' && containsAggregate(aliased.expr)) throw vtError('VT03005', `cannot group on '${printSql(aliased.expr)}'`);
  }
}

function outputName(c: { expr: Expr; as: string | null }): string | null {
  return c.as ?? (c.expr.kind === 'column' ? c.expr.name : null);
}

export function checkUnion(stmt: SelectStatement): void {
  if (stmt.kind !== 'union') return;
  const selects: Select[] = [];
  const collect = (s: SelectStatement): void => (s.kind === 'union' ? (collect(s.left), collect(s.right)) : void selects.push(s));
  collect(stmt);
  if (selects.some((s) => s.sqlCalcFoundRows)) throw unsupported('SQL_CALC_FOUND_ROWS not supported with union');
  const counts = selects.filter((s) => !s.columns.some((c) => c.kind === 'star')).map((s) => s.columns.length);
  const first = counts[0];
  const other = counts.find((n) => n !== first);
  if (first !== undefined && other !== undefined && counts.length === selects.length) {
    throw plannerError('UNION_COLUMNS', `The used SELECT statements have a different number of columns: ${first}, ${other}`);
  }
}
