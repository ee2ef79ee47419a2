/**
 * Subqueries merged into the route of their outer query (Vitess's subquery merging): when the
 * subquery routes with it (dual, reference or unsharded tables of its keyspace, the same
 * EqualUnique value, or a predicate equating columns of one unique vindex, the correlation
 * `inner.user_id = outer.id` or `outer.id in (select inner.id ...)`), the whole statement goes
 * to the shards as one query. A subquery's own predicates route the merged statement only where
 * they restrict the outer rows too (`x in (subquery)`, `exists (...)` as a WHERE conjunct);
 * under OR or NOT, or in the select list of a sharded route, they do not.
 */
import type { Expr, SelectStatement } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { mapExpr, walk } from '../expr/walk.js';
import { newRoute, type RouteBuilder } from '../routing/builder.js';
import { tryMerge } from '../routing/merge.js';
import { leftmost } from '../semantics/analyze.js';
import type { PlannedRoute, PulledSubquery } from './planned.js';
import { singleShard } from './pushdown.js';
import { translate } from './translate.js';

/** The outer route with the subquery merged into it, or null when they do not route together. */
export function mergeSubquery(ctx: PlanContext, route: RouteBuilder, e: Expr, sub: SelectStatement, inner: PlannedRoute, isPredicate: boolean): RouteBuilder | null {
  if (inner.tree.kind !== 'route' || (inner.pulled?.length ?? 0) > 0) return null;
  const innerRoute = inner.tree.route;
  const mergePreds = [...inner.outer, ...comparisonMergePredicate(ctx, e, sub)];
  const merged = tryMerge(ctx, route, innerRoute, mergePreds.map((p) => translate(ctx, p)), 'subquery');
  // What vtgate must finish can merge only where it runs per outer row on one shard (correlated) or on one shard anyway.
  const finished = !inner.needsVtgate || inner.outer.length > 0 || (merged !== null && singleShard(merged.routing));
  if (!merged || !finished) return null;
  // An outer query of one row (dual) or of rows every shard has would repeat per shard of a scattered subquery.
  if ((route.routing.kind === 'dual' || route.routing.kind === 'anyShard') && !singleShard(merged.routing)) return null;
  const restricts = (isPredicate && restrictsOuter(e, sub)) || route.routing.kind !== 'sharded';
  return restricts ? merged : newRoute(ctx, merged.ids, merged.tables, route.predicates, merged.outerSide);
}

/**
 * Pulls an uncorrelated subquery out of `e`: vtgate runs it first and `e` reads its result,
 * `x in (sub)` as `:__sq_has_values and x in ::__sq1` (which can route IN), `x not in (sub)` as
 * `not :__sq_has_values or x not in ::__sq1`, `exists (sub)` as `:__sq_has_values`, and a
 * scalar subquery as `:__sq1`.
 */
export function pullOut(ctx: PlanContext, e: Expr, sub: SelectStatement, planned: PlannedRoute, index: number): { expr: Expr; pulled: PulledSubquery } {
  const name = ctx.subqueryName(sub);
  const hasValues = index === 0 ? '__sq_has_values' : `__sq_has_values${index + 1}`;
  const bind = (n: string, list = false): Expr => ({ kind: 'bind', name: n, list });
  let variant: PulledSubquery['variant'] = 'PulloutValue';
  const expr = mapExpr(e, (n) => {
    if (n.kind === 'in' && !Array.isArray(n.list) && (n.list as Expr).kind === 'subquery' && (n.list as { select: SelectStatement }).select === sub) {
      variant = n.not ? 'PulloutNotIn' : 'PulloutIn';
      const list: Expr = { ...n, list: bind(name, true) as Extract<Expr, { kind: 'bind' }> };
      return n.not
        ? { kind: 'binary', op: 'or', left: { kind: 'unary', op: 'not', expr: bind(hasValues) }, right: list, escape: null }
        : { kind: 'binary', op: 'and', left: bind(hasValues), right: list, escape: null };
    }
    if (n.kind === 'exists' && n.select === sub) {
      variant = 'PulloutExists';
      return bind(hasValues);
    }
    if (n.kind === 'subquery' && n.select === sub) return bind(name);
    return undefined;
  });
  const pulled: PulledSubquery = { variant, name, hasValues: variant === 'PulloutValue' ? null : hasValues, stmt: sub, planned };
  return { expr, pulled };
}

/** The subquery's rows restrict the outer rows: the conjunct is `x in (sub)`, `x = (sub)` or `exists (sub)`. */
function restrictsOuter(p: Expr, sub: SelectStatement): boolean {
  if (p.kind === 'exists') return p.select === sub;
  if (p.kind === 'in') return !p.not && !Array.isArray(p.list) && (p.list as Expr).kind === 'subquery' && (p.list as { select: SelectStatement }).select === sub;
  if (p.kind === 'binary' && p.op === '=') return [p.left, p.right].some((x) => x.kind === 'subquery' && x.select === sub);
  return false;
}

/**
 * For `x in (select y ...)` and `x = (select y ...)`, Vitess checks `x = y` as if it were a
 * join predicate: when both are the same unique vindex, the subquery runs on the outer row's shard.
 */
function comparisonMergePredicate(ctx: PlanContext, e: Expr, sub: SelectStatement): Expr[] {
  const out: Expr[] = [];
  walk(e, (p) => {
    let left: Expr | null = null;
    if (p.kind === 'in' && !Array.isArray(p.list) && (p.list as Expr).kind === 'subquery' && (p.list as { select: SelectStatement }).select === sub) left = p.expr;
    if (p.kind === 'binary' && p.op === '=' && p.right.kind === 'subquery' && p.right.select === sub) left = p.left;
    if (p.kind === 'binary' && p.op === '=' && p.left.kind === 'subquery' && p.left.select === sub) left = p.right;
    const right = left ? singleColumn(ctx, sub) : null;
    if (left && right) out.push({ kind: 'binary', op: '=', left, right, escape: null });
    return true;
  });
  return out;
}

/** The one column a subquery selects; `*` over one derived table of one column is that column. */
function singleColumn(ctx: PlanContext, sub: SelectStatement): Expr | null {
  const sel = leftmost(sub);
  if (sel.columns.length !== 1) return null;
  const c = sel.columns[0]!;
  if (c.kind === 'aliased') return c.expr;
  if (c.kind !== 'star' || sel.from.length !== 1 || sel.from[0]!.kind !== 'derived') return null;
  const inner = leftmost(sel.from[0]!.select);
  const only = inner.columns.length === 1 ? inner.columns[0] : undefined;
  return only?.kind === 'aliased' ? translate(ctx, only.expr) : null;
}
