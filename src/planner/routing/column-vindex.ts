/**
 * Vitess's findColumnVindex: the vindex a column is the (single) column of, looking through
 * derived tables to the column they read. Join and subquery merging compare these: equal
 * unique vindexes on both sides of `=` put matching rows on the same shard.
 */
import type { Expr } from '../../sql/ast.js';
import type { Vindex } from '../../vindexes/types.js';
import type { PlanContext } from '../context.js';
import type { RouteBuilder } from './builder.js';

export function findColumnVindex(ctx: PlanContext, route: RouteBuilder, e: Expr): Vindex | null {
  for (let depth = 0; depth < 16; depth++) {
    // Vitess's getColName: MIN/MAX of a column return one of its values, so they keep its vindex.
    while (e.kind === 'aggregate' && (e.name === 'min' || e.name === 'max') && e.args.length === 1 && !e.distinct) e = e.args[0]!;
    if (e.kind !== 'column') return null;
    const b = ctx.bindingOf(e);
    if (b?.kind !== 'leaf' || !route.ids.has(b.leaf.id)) return null;
    const leaf = b.leaf;
    if (leaf.kind === 'derived') {
      const name = e.name.toLowerCase();
      const inner = leaf.columns.find((c) => c.name.toLowerCase() === name)?.expr;
      if (!inner) return null;
      e = inner;
      continue;
    }
    const table = route.tables.find((t) => t.id === leaf.id)?.table ?? leaf.table;
    const name = e.name.toLowerCase();
    const cv = table.columnVindexes.find((c) => !c.vindex.multiColumn && c.columns.length === 1 && c.columns[0]!.toLowerCase() === name);
    return cv ? cv.vindex : null;
  }
  return null;
}
