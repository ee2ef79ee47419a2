/**
 * A route under construction: the leaves it reads (tables, and derived tables or subqueries
 * merged into it) and the predicates it has seen. Its routing is recomputed from those two
 * whenever routes merge, as Vitess's resetRoutingLogic replays SeenPredicates.
 */
import type { Expr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { computeRouting, type Routing } from './routing.js';

export interface RouteBuilder {
  /** Every leaf id the route answers for (tables and derived tables). */
  readonly ids: ReadonlySet<number>;
  readonly tables: readonly TableLeaf[];
  /** The predicates that decide the routing (Vitess's SeenPredicates). */
  readonly predicates: readonly Expr[];
  /**
   * Leaves on the inner side of an outer join merged into the route: a WHERE predicate on them
   * routes only when it rejects NULL (the join is then an inner join); otherwise rows of the
   * outer side that found no match pass it on every shard.
   */
  readonly outerSide: ReadonlySet<number>;
  readonly routing: Routing;
}

const NONE: ReadonlySet<number> = new Set();

export function newRoute(
  ctx: PlanContext,
  ids: Iterable<number>,
  tables: readonly TableLeaf[],
  predicates: readonly Expr[],
  outerSide: ReadonlySet<number> = NONE,
): RouteBuilder {
  return { ids: new Set(ids), tables, predicates, outerSide, routing: computeRouting(ctx, tables, predicates) };
}

export function tableRoute(ctx: PlanContext, leaf: TableLeaf): RouteBuilder {
  return newRoute(ctx, [leaf.id], [leaf], []);
}

export function withPredicates(ctx: PlanContext, r: RouteBuilder, preds: readonly Expr[]): RouteBuilder {
  if (preds.length === 0) return r;
  return newRoute(ctx, r.ids, r.tables, [...r.predicates, ...preds], r.outerSide);
}

export function withIds(r: RouteBuilder, ids: Iterable<number>): RouteBuilder {
  return { ...r, ids: new Set([...r.ids, ...ids]) };
}

export function withOuterSide(r: RouteBuilder, ids: Iterable<number>): RouteBuilder {
  return { ...r, outerSide: new Set([...r.outerSide, ...ids]) };
}

export function combine(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder, extra: readonly Expr[]): RouteBuilder {
  return newRoute(ctx, [...a.ids, ...b.ids], [...a.tables, ...b.tables], [...a.predicates, ...b.predicates, ...extra], new Set([...a.outerSide, ...b.outerSide]));
}
