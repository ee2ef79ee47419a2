/**
 * Whether a SELECT's grouping, aggregation, DISTINCT and LIMIT can run entirely on the shards of
 * its route. They can on a single-shard route (EqualUnique, Unsharded, Reference, dual, None),
 * and when the GROUP BY holds a unique vindex column (each group then lives on one shard);
 * otherwise vtgate must finish them, and the statement cannot merge into an enclosing route.
 */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { containsAggregate, walk } from '../expr/walk.js';
import type { RouteBuilder } from '../routing/builder.js';
import { findColumnVindex } from '../routing/column-vindex.js';
import { singleShard } from '../routing/routing.js';
import { translate } from './translate.js';
import type { PlannedRoute } from './planned.js';

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

/**
 * A DISTINCT that each shard applies to its own rows only: a scatter statement whose selected
 * columns hold no unique vindex column (rows equal across shards are then each kept once per
 * shard). Vitess still pushes such a derived table down whole when the outer query only reads
 * its rows (`select * from (select distinct name from user) as t`), but counting, limiting or
 * joining those rows would see the duplicates, so vtgate must finish the DISTINCT first.
 */
export function distinctPerShard(ctx: PlanContext, stmt: SelectStatement, planned: PlannedRoute): boolean {
  const tree = planned.tree;
  if (stmt.kind !== 'select' || !stmt.distinct || tree.kind !== 'route' || singleShard(tree.route.routing)) return false;
  const route = tree.route;
  return !stmt.columns.some((c) => c.kind === 'aliased' && findColumnVindex(ctx, route, translate(ctx, c.expr))?.unique === true);
}

/** Whether `sel` reads its FROM rows as a multiset: it aggregates or limits them (a join is seen where the FROM is planned). */
export function countsRows(ctx: PlanContext, sel: Select): boolean {
  return sel.limit !== null || hasAggregation(sel, ctx.settings.aggregateUdfs);
}
