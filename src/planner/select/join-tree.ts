/**
 * Routes that cannot merge are joined at vtgate (Vitess's ApplyJoin): for every row of the left
 * side, the right side runs with the left row's columns as bind variables (`user.col` →
 * `:user_col`), so a join predicate becomes a filter of the right side, which may then route
 * by a vindex (`user.id = :unsharded_id` is EqualUnique). Vitess orders joins greedily by cost:
 * a route costs by opcode (EqualUnique 1, Equal 5, IN and MultiEqual 10, Scatter 20, any-shard 0)
 * and a join costs the sum of its sides.
 */
import type { ColumnRef, Expr, SelectStatement } from '../../sql/ast.js';
import { notImplemented } from '../errors.js';
import type { PlannedRoute } from './planned.js';
import type { PlanContext } from '../context.js';
import { columnsDeep, mapExpr } from '../expr/walk.js';
import { withPredicates, type RouteBuilder } from '../routing/builder.js';
import type { Routing } from '../routing/routing.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { translate } from './translate.js';
import { pushIntoDerived, type DerivedNode } from './derived-node.js';

export interface RouteNode {
  readonly kind: 'route';
  readonly route: RouteBuilder;
  /** The conjuncts this route's own query filters on, as written (pushed join predicates with binds). */
  readonly where: readonly Expr[];
}

export interface ApplyNode {
  readonly kind: 'join';
  readonly type: 'Join' | 'LeftJoin';
  readonly left: JoinNode;
  readonly right: JoinNode;
  /** Join variable → the left-side column it carries to the right side. */
  readonly vars: ReadonlyMap<string, ColumnRef>;
  /**
   * WHERE predicates vtgate evaluates over the joined rows (a Filter above the join): those on
   * the inner side of a LEFT JOIN that may hold for its NULL-extended rows.
   */
  readonly filters: readonly Expr[];
}

/** The parts of a UNION that do not route together: vtgate concatenates their rows. */
export interface ConcatNode {
  readonly kind: 'concat';
  readonly parts: readonly { readonly planned: PlannedRoute; readonly stmt: SelectStatement }[];
}

/**
 * A correlated EXISTS whose subquery cannot merge (Vitess's SemiJoin): the subquery runs once
 * per row of `left`, with the left columns it reads (`vars`) bound, and keeps the rows it finds.
 */
export interface SemiNode {
  readonly kind: 'semi';
  readonly left: JoinNode;
  /** The subquery, planned into one route that already filters on the bound columns. */
  readonly sub: PlannedRoute;
  readonly stmt: SelectStatement;
  readonly vars: ReadonlyMap<string, ColumnRef>;
}

export type JoinNode = RouteNode | ApplyNode | ConcatNode | SemiNode | DerivedNode;
export type { DerivedNode };

export function routeNode(route: RouteBuilder, where: readonly Expr[] = []): RouteNode {
  return { kind: 'route', route, where };
}

export function idsOf(n: JoinNode): Set<number> {
  switch (n.kind) {
    case 'route':
      return new Set(n.route.ids);
    case 'join':
      return new Set([...idsOf(n.left), ...idsOf(n.right)]);
    case 'semi':
      return idsOf(n.left);
    case 'concat':
      return new Set(n.parts.flatMap((p) => [...idsOf(p.planned.tree)]));
    case 'derived':
      return new Set([n.leaf.id]);
  }
}

/**
 * The routes of this query level (a derived table vtgate finishes has routes of its own, which
 * this level's predicates and subqueries never go to: see `allRoutesOf`).
 */
export function routesOf(n: JoinNode): RouteNode[] {
  switch (n.kind) {
    case 'route':
      return [n];
    case 'join':
      return [...routesOf(n.left), ...routesOf(n.right)];
    case 'semi':
      return [...routesOf(n.left), ...routesOf(n.sub.tree)];
    case 'concat':
      return n.parts.flatMap((p) => routesOf(p.planned.tree));
    case 'derived':
      return [];
  }
}

/** Every route of the plan, those inside derived tables vtgate finishes included. */
export function allRoutesOf(n: JoinNode): RouteNode[] {
  switch (n.kind) {
    case 'route':
      return [n];
    case 'join':
      return [...allRoutesOf(n.left), ...allRoutesOf(n.right)];
    case 'semi':
      return [...allRoutesOf(n.left), ...allRoutesOf(n.sub.tree)];
    case 'concat':
      return n.parts.flatMap((p) => allRoutesOf(p.planned.tree));
    case 'derived':
      return derivedSources(n).flatMap((p) => allRoutesOf(p.tree));
  }
}

/** The statements a derived table vtgate finishes plans (its own, or a recursive CTE's seed and term). */
export function derivedSources(n: DerivedNode): PlannedRoute[] {
  return n.source.kind === 'statement' ? [n.source.planned] : [n.source.seed.planned, n.source.term.planned];
}

/** The leaf ids of each leg vtgate joins: a route's, or a derived table's that vtgate finishes. */
export function legsOf(n: JoinNode): ReadonlySet<number>[] {
  switch (n.kind) {
    case 'route':
      return [n.route.ids];
    case 'join':
      return [...legsOf(n.left), ...legsOf(n.right)];
    case 'semi':
      return legsOf(n.left);
    case 'concat':
      return n.parts.flatMap((p) => legsOf(p.planned.tree));
    case 'derived':
      return [new Set([n.leaf.id])];
  }
}

/** The derived tables vtgate finishes among the legs. */
export function derivedLegsOf(n: JoinNode): DerivedNode[] {
  switch (n.kind) {
    case 'route':
    case 'concat':
      return [];
    case 'join':
      return [...derivedLegsOf(n.left), ...derivedLegsOf(n.right)];
    case 'semi':
      return derivedLegsOf(n.left);
    case 'derived':
      return [n];
  }
}

export function tablesOf(n: JoinNode): TableLeaf[] {
  return allRoutesOf(n).flatMap((r) => r.route.tables);
}

function routingCost(r: Routing): number {
  switch (r.kind) {
    case 'sharded':
      return r.opcode === 'EqualUnique' ? 1 : r.opcode === 'Equal' ? 5 : r.opcode === 'IN' || r.opcode === 'MultiEqual' ? 10 : r.opcode === 'Scatter' ? 20 : 1;
    case 'targeted':
      return 1;
    case 'dba':
    case 'anyShard':
    case 'dual':
    case 'none':
      return 0;
  }
}

export function costOf(n: JoinNode): number {
  switch (n.kind) {
    case 'route':
      return routingCost(n.route.routing);
    case 'join':
      return costOf(n.left) + costOf(n.right);
    case 'semi':
      return costOf(n.left) + costOf(n.sub.tree);
    case 'concat':
      return n.parts.reduce((c, p) => c + costOf(p.planned.tree), 0);
    case 'derived':
      return derivedSources(n).reduce((c, p) => c + costOf(p.tree), 0);
  }
}

/** The leaf ids an expression reads (columns inside its subqueries included). */
export function depsOf(ctx: PlanContext, e: Expr): Set<number> {
  const out = new Set<number>();
  for (const c of columnsDeep(e)) {
    const b = ctx.bindingOf(c);
    if (b?.kind === 'leaf') out.add(b.leaf.id);
    else if (b?.kind === 'uncertain') for (const l of b.leaves) out.add(l.id);
  }
  return out;
}

/** Joins `left` and `right` at vtgate, pushing each join predicate into the right side. */
export function applyJoin(ctx: PlanContext, left: JoinNode, right: JoinNode, predicates: readonly Expr[], type: 'Join' | 'LeftJoin'): ApplyNode {
  let node: ApplyNode = { kind: 'join', type, left, right, vars: new Map(), filters: [] };
  for (const p of predicates) node = pushIntoRight(ctx, node, p);
  return node;
}

function pushIntoRight(ctx: PlanContext, join: ApplyNode, p: Expr): ApplyNode {
  const leftIds = idsOf(join.left);
  const vars = new Map(join.vars);
  const bound = mapExpr(p, (n) => {
    if (n.kind !== 'column') return undefined;
    const b = ctx.bindingOf(n);
    if (b?.kind !== 'leaf' || !leftIds.has(b.leaf.id)) return undefined;
    const name = ctx.joinVarFor(n, b.leaf.id);
    vars.set(name, n);
    return { kind: 'bind', name, list: false };
  });
  // Vitess prints a pushed join equality column first: `user_extra.bar = :user_foo`.
  const flipped = bound.kind === 'binary' && bound.op === '=' && bound.left.kind === 'bind' && bound.right.kind !== 'bind' ? { ...bound, left: bound.right, right: bound.left } : bound;
  return { ...join, vars, right: pushPredicate(ctx, join.right, flipped) };
}

/** Adds a predicate (its foreign columns already bind variables) to the node that can evaluate it. */
export function pushPredicate(ctx: PlanContext, n: JoinNode, p: Expr): JoinNode {
  if (n.kind === 'concat') throw notImplemented('a predicate over a UNION that vtgate concatenates');
  if (n.kind === 'route') return { ...n, route: withPredicates(ctx, n.route, [translate(ctx, p)]), where: [...n.where, p] };
  if (n.kind === 'semi') return { ...n, left: pushPredicate(ctx, n.left, p) };
  if (n.kind === 'derived') return pushIntoDerived(ctx, n, p);
  const deps = depsOf(ctx, p);
  const leftIds = idsOf(n.left);
  if ([...deps].every((id) => leftIds.has(id))) return { ...n, left: pushPredicate(ctx, n.left, p) };
  if (n.type === 'LeftJoin') {
    // Pushed into the inner side, the predicate would filter the rows joined, not the result:
    // a NULL-extended row it rejects would come back as an unmatched row (Vitess's AddPredicate).
    // A predicate that rejects those rows makes the join an inner join; any other stays above it.
    if (!convertsToInner(ctx, p, idsOf(n.right))) return { ...n, filters: [...n.filters, p] };
    return pushIntoRight(ctx, { ...n, type: 'Join' }, p);
  }
  return pushIntoRight(ctx, n, p);
}

/**
 * Vitess's canConvertToInner: a comparison (not `<=>`) with an inner-side column as one operand,
 * or `inner_col is not null`, is never true for a NULL-extended row, so the outer join may become
 * an inner join. Other null-rejecting forms (BETWEEN, IN, arithmetic) stay filters, as in Vitess.
 */
function convertsToInner(ctx: PlanContext, p: Expr, inner: ReadonlySet<number>): boolean {
  const innerColumn = (e: Expr): boolean => {
    if (e.kind !== 'column') return false;
    const b = ctx.bindingOf(e);
    return b?.kind === 'leaf' && inner.has(b.leaf.id);
  };
  if (p.kind === 'binary' && ['=', '!=', '<>', '<', '<=', '>', '>=', 'like', 'not like', 'regexp', 'not regexp'].includes(p.op)) return innerColumn(p.left) || innerColumn(p.right);
  if (p.kind === 'is') return p.value === 'null' && p.not && innerColumn(p.expr);
  return false;
}

/**
 * The innermost LEFT JOIN at vtgate whose inner side holds `leg`: a WHERE predicate on that leg
 * filters the joined rows, so it cannot go into the leg's own query (which would only drop its
 * matches, keeping the outer rows NULL-extended).
 */
export function outerJoinOver(n: JoinNode, leg: JoinNode): ApplyNode | null {
  if (n.kind !== 'join') return n.kind === 'semi' ? outerJoinOver(n.left, leg) : null;
  const inRight = contains(n.right, leg);
  const deeper = outerJoinOver(inRight ? n.right : n.left, leg);
  if (deeper) return deeper;
  return inRight && n.type === 'LeftJoin' ? n : null;
}

function contains(n: JoinNode, leg: JoinNode): boolean {
  if (n === leg) return true;
  if (n.kind === 'join') return contains(n.left, leg) || contains(n.right, leg);
  return n.kind === 'semi' ? contains(n.left, leg) : false;
}

/** Replaces one node of the tree (by identity). */
export function replaceNode(n: JoinNode, target: JoinNode, next: JoinNode): JoinNode {
  if (n === target) return next;
  if (n.kind === 'join') return { ...n, left: replaceNode(n.left, target, next), right: replaceNode(n.right, target, next) };
  if (n.kind === 'semi') return { ...n, left: replaceNode(n.left, target, next) };
  return n;
}

/** Replaces a leg (a route, for subqueries merged into one side of a join; a derived table, for a predicate on it). */
export function replaceRoute(n: JoinNode, target: RouteNode | DerivedNode, next: RouteNode | DerivedNode): JoinNode {
  if (n === target) return next;
  if (n.kind === 'route' || n.kind === 'concat' || n.kind === 'derived') return n;
  if (n.kind === 'semi') return { ...n, left: replaceRoute(n.left, target, next) };
  return { ...n, left: replaceRoute(n.left, target, next), right: replaceRoute(n.right, target, next) };
}

/**
 * Places a semi join where its correlated columns are: under a vtgate join, into the left side
 * when it reads only left tables, else into the right side with the left columns passed as
 * join variables (as Vitess pushes any predicate), down to the route holding the rest.
 */
export function pushSemiJoin(ctx: PlanContext, n: JoinNode, sub: PlannedRoute, stmt: SelectStatement, cols: readonly ColumnRef[]): JoinNode {
  const leafOf = (c: ColumnRef): number => {
    const b = ctx.bindingOf(c);
    if (b?.kind !== 'leaf') throw notImplemented('a correlated EXISTS over a column of unknown table');
    return b.leaf.id;
  };
  // The left side reads a copy of each column: the subquery's own occurrence prints as the join variable.
  const copy = (c: ColumnRef): ColumnRef => {
    const out: ColumnRef = { ...c };
    ctx.bindings.set(out, ctx.bindingOf(c)!);
    return out;
  };
  const named = (cs: readonly ColumnRef[]): Map<string, ColumnRef> => new Map(cs.map((c) => [ctx.joinVarFor(c, leafOf(c)), copy(c)]));
  switch (n.kind) {
    case 'route':
      return { kind: 'semi', left: n, sub, stmt, vars: named(cols) };
    case 'semi':
      return { ...n, left: pushSemiJoin(ctx, n.left, sub, stmt, cols) };
    case 'concat':
      throw notImplemented('a correlated EXISTS over a UNION that vtgate concatenates');
    case 'derived':
      throw notImplemented('a correlated EXISTS over a derived table that vtgate finishes');
    case 'join': {
      const leftIds = idsOf(n.left);
      if (cols.every((c) => leftIds.has(leafOf(c)))) return { ...n, left: pushSemiJoin(ctx, n.left, sub, stmt, cols) };
      // Filtering the inner side of an outer join would drop the outer rows it must keep.
      if (n.type === 'LeftJoin') throw notImplemented('a correlated EXISTS over the inner side of an outer join');
      const fromLeft = cols.filter((c) => leftIds.has(leafOf(c)));
      const vars = new Map([...n.vars, ...named(fromLeft)]);
      return { ...n, vars, right: pushSemiJoin(ctx, n.right, sub, stmt, cols.filter((c) => !leftIds.has(leafOf(c)))) };
    }
  }
}
