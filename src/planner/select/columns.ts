/**
 * Result-column bookkeeping for vtgate post-processing: where an ORDER BY / GROUP BY expression
 * sits in the shard query's select list (by ordinal, alias or the same expression), adding it as
 * a helper column when it is not there, and the aggregate opcode that merges each column's
 * per-shard partial results (Vitess: count(*) on the shards is summed at vtgate).
 */
import type { Expr, SelectExpr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { notImplemented, plannerError, unsupported } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { containsAggregate } from '../expr/walk.js';

export class ResultColumns {
  readonly columns: SelectExpr[];
  /** Columns the user asked for; helper columns come after them. */
  readonly visible: number;

  constructor(columns: readonly SelectExpr[]) {
    this.columns = [...columns];
    this.visible = columns.length;
  }

  get hasStar(): boolean {
    return this.columns.some((c) => c.kind === 'star');
  }

  /** The offset of `e` in the select list, adding it when `add` is set; -1 when it is not there. */
  offsetOf(e: Expr, add: boolean): number {
    if (e.kind === 'literal' && e.type === 'int') {
      const n = Number(e.value);
      if (n >= 1 && n <= this.visible) return n - 1;
    }
    // A name in ORDER BY / GROUP BY means the select-list alias before any column of that name.
    const aliased = e.kind === 'column' && !e.table ? this.columns.findIndex((c) => c.kind === 'aliased' && c.as?.toLowerCase() === e.name.toLowerCase()) : -1;
    const i = aliased >= 0 ? aliased : this.columns.findIndex((c) => c.kind === 'aliased' && matches(c, e));
    if (i >= 0) return i;
    if (!add) return -1;
    if (this.hasStar) throw plannerError('VT09015', 'VT09015: schema tracking required');
    this.columns.push({ kind: 'aliased', expr: e, as: null });
    return this.columns.length - 1;
  }

  /** The number of columns vtgate returns when helper columns were added, else null. */
  get truncate(): number | null {
    return this.columns.length > this.visible ? this.visible : null;
  }
}

function matches(c: Extract<SelectExpr, { kind: 'aliased' }>, e: Expr): boolean {
  if (e.kind === 'column' && !e.table && c.as && c.as.toLowerCase() === e.name.toLowerCase()) return true;
  if (exprEquals(c.expr, e)) return true;
  if (e.kind === 'column' && c.expr.kind === 'column') {
    return c.expr.name.toLowerCase() === e.name.toLowerCase() && (!e.table || !c.expr.table || c.expr.table.name === e.table.name);
  }
  return false;
}

/**
 * The one argument of the DISTINCT aggregates of a select list (Vitess allows one distinct
 * argument per SELECT across shards), or null when there are none.
 */
export function distinctArgument(columns: readonly SelectExpr[]): Expr | null {
  let arg: Expr | null = null;
  for (const c of columns) {
    if (c.kind !== 'aliased' || !isDistinctAggregate(c.expr)) continue;
    if (c.expr.kind !== 'aggregate') continue;
    if (c.expr.args.length !== 1) throw unsupported(`distinct aggregation function with multiple expressions '${printSql(c.expr)}'`);
    const a = c.expr.args[0]!;
    if (arg && !exprEquals(arg, a)) throw unsupported(`only one DISTINCT aggregation is allowed in a SELECT: ${printSql(c.expr)}`);
    arg = a;
  }
  return arg;
}

/** count/sum/... (distinct x): MIN and MAX ignore DISTINCT, so they merge as plain MIN and MAX. */
export function isDistinctAggregate(e: Expr): boolean {
  return e.kind === 'aggregate' && e.distinct && e.name !== 'min' && e.name !== 'max';
}

/**
 * How vtgate merges the shards' partial values of an aggregate select expression. `pushed`: a
 * DISTINCT aggregate the shards compute whole (its opcode, which vtgate sums as `sum_<opcode>`).
 */
export function mergeOpcode(e: Expr, options: { readonly pushed?: boolean } = {}): string | null {
  if (e.kind !== 'aggregate') {
    if (containsAggregate(e)) throw notImplemented(`an expression over aggregates across shards: ${printSql(e)}`);
    return null;
  }
  if (options.pushed && isDistinctAggregate(e) && (e.name === 'count' || e.name === 'sum')) return `${e.name}_distinct`;
  if (isDistinctAggregate(e)) {
    // The shards group by the distinct argument too; vtgate then counts or sums each value once.
    if (e.name === 'count') return 'count_distinct';
    if (e.name === 'sum') return 'sum_distinct';
    throw unsupported(`in scatter query: aggregation function '${printSql(e)}'`);
  }
  switch (e.name) {
    case 'count':
      return e.star ? 'sum_count_star' : 'sum_count';
    case 'sum':
      return 'sum';
    case 'min':
      return 'min';
    case 'max':
      return 'max';
    case 'any_value':
      return 'any_value';
    case 'bit_and':
    case 'bit_or':
    case 'bit_xor':
      return e.name;
    case 'group_concat':
      return 'group_concat';
    case 'avg':
      throw notImplemented('avg() across shards');
    default:
      throw unsupported(`in scatter query: aggregation function '${printSql(e)}'`);
  }
}

/** The name MySQL gives an unaliased result column: a column's own name (without its table), else the expression. */
export function resultName(e: Expr): string {
  return e.kind === 'column' ? e.name : printSql(e);
}
