/**
 * Helper columns of a grouped shard query that MariaDB's ONLY_FULL_GROUP_BY accepts.
 *
 * vtgate asks each shard for values the statement's select list lacks: GROUP BY and ORDER BY
 * values (`order by col` is carried as any_value) and weight strings. MySQL 8 (which Vitess
 * plans for) and MariaDB reject such a column when it reads a column that is not grouped: `col`,
 * and under MariaDB even `weight_string(id + col)` or `concat(a, 'x')` when that very expression
 * is grouped (it matches only some expressions with their GROUP BY twin). Yet one MariaDB server
 * accepts the statement itself, since the grouping expressions and ORDER BY are not checked
 * against the select list. So such a helper is asked as `min(...)`: one value of the group, which
 * is what any_value wants, and for a grouped expression or its weight string (the same in every
 * row of the group) exactly that value. The select list's own columns, and the parts vtgate
 * computes them from, are sent as written, so a statement one server rejects is rejected by
 * the shards too.
 */
import type { Expr, SelectExpr } from '../../sql/ast.js';
import { containsAggregate, walk } from '../expr/walk.js';
import type { ResultColumns } from './columns.js';

/**
 * The shard query's select list: helper columns (past the visible ones, except those `asWritten`
 * names) that MariaDB would reject under `groupBy`, wrapped in min().
 */
export function groupSafeHelpers(cols: ResultColumns, groupBy: readonly Expr[], asWritten: (offset: number) => boolean): SelectExpr[] {
  return cols.columns.map((c, i) => {
    if (i < cols.visible || c.kind !== 'aliased' || asWritten(i)) return c;
    const e = c.expr;
    if (containsAggregate(e) || acceptedWhenGrouped(e, groupBy)) return c;
    return { ...c, expr: { kind: 'aggregate', name: 'min', args: [e], star: false, distinct: false, orderBy: [], separator: null } };
  });
}

/** Surely accepted by MariaDB: every column the item reads outside aggregates is grouped as a column. */
export function acceptedWhenGrouped(e: Expr, groupBy: readonly Expr[]): boolean {
  let ok = true;
  walk(e, (n) => {
    if (!ok || n.kind === 'aggregate' || n.kind === 'subquery' || n.kind === 'exists') return false;
    if (n.kind === 'column' && !groupBy.some((g) => sameColumn(g, n))) ok = false;
    return ok;
  });
  return ok;
}

function sameColumn(g: Expr, c: Extract<Expr, { kind: 'column' }>): boolean {
  if (g.kind !== 'column' || g.name.toLowerCase() !== c.name.toLowerCase()) return false;
  return !g.table || !c.table || g.table.name.toLowerCase() === c.table.name.toLowerCase();
}
