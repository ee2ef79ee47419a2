/**
 * Whether a SELECT's grouping, aggregation, DISTINCT and LIMIT can run entirely on the shards of
 * its route. They can on a single-shard route (EqualUnique, Unsharded, Reference, dual, None),
 * and when the GROUP BY holds a unique vindex column (each group then lives on one shard);
 * otherwise vtgate must finish them, and the statement cannot merge into an enclosing route.
 */
import type { Expr, Select } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { containsAggregate, walk } from '../expr/walk.js';
import type { RouteBuilder } from '../routing/builder.js';
import { findColumnVindex } from '../routing/column-vindex.js';
import { singleShard } from '../routing/routing.js';
import { translate } from './translate.js';

export { singleShard };

export function groupedByUniqueVindex(ctx: PlanContext, sel: Select, route: RouteBuilder): boolean {
  return sel.groupBy.some((g) => findColumnVindex(ctx, route, translate(ctx, g))?.unique === true);
}

/**
 * Every DISTINCT aggregate of the select list reads a unique vindex column (Vitess's
 * checkIfWeCanPush): a distinct value then lives on one shard only, so each shard computes the
 * aggregate as written and vtgate adds the shards' results up.
 */
export function distinctPushable(ctx: PlanContext, sel: Select, route: RouteBuilder): boolean {
  let any = false;
  let all = true;
  for (const c of sel.columns) {
    if (c.kind !== 'aliased') continue;
    walk(c.expr, (n) => {
      if (n.kind !== 'aggregate') return true;
      if (n.distinct && n.name !== 'min' && n.name !== 'max') {
        any = true;
        if (!n.args.some((a) => findColumnVindex(ctx, route, translate(ctx, a))?.unique === true)) all = false;
      }
      return false;
    });
  }
  return any && all;
}

export function hasAggregation(sel: Select, udfs: readonly string[] = []): boolean {
  if (sel.groupBy.length > 0) return true;
  const agg = (e: Expr): boolean => containsAggregate(e) || udfCall(e, udfs) !== null;
  if (sel.having && agg(sel.having)) return true;
  return sel.columns.some((c) => c.kind === 'aliased' && agg(c.expr));
}

/** The first call of a user-defined aggregate function in `e`. */
export function udfCall(e: Expr, udfs: readonly string[]): Expr | null {
  let found: Expr | null = null;
  if (udfs.length === 0) return null;
  walk(e, (n) => {
    if (!found && n.kind === 'func' && udfs.includes(n.name.toLowerCase())) found = n;
    return found === null;
  });
  return found;
}

/**
 * The statement needs vtgate to finish it (aggregate or limit across shards). DISTINCT alone
 * does not stop Vitess from pushing a derived table or subquery down whole.
 */
export function needsVtgate(ctx: PlanContext, sel: Select, route: RouteBuilder): boolean {
  if (singleShard(route.routing)) return false;
  if (hasAggregation(sel, ctx.settings.aggregateUdfs) && !groupedByUniqueVindex(ctx, sel, route)) return true;
  return sel.limit !== null;
}
