/**
 * Plans a SELECT statement into routes: one route per table (a derived table is its planned
 * inner statement), predicates pushed into the routes they belong to, routes merged or joined
 * at vtgate, then subqueries merged into the route they provably run with. When everything
 * lands in one route the shard query is the statement itself.
 */
import type { ColumnRef, Expr, Select, SelectStatement, Union } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { notImplemented, unsupported } from '../errors.js';
import { mapExpr, splitAnd, statementColumns, subqueriesOf, walk } from '../expr/walk.js';
import { tableRoute, withIds, withOuterSide, withPredicates, type RouteBuilder } from '../routing/builder.js';
import { tryMerge } from '../routing/merge.js';
import { leftmost, type Analyzer, type FromNode } from '../semantics/analyze.js';
import type { Scope } from '../semantics/scope.js';
import { QueryGraph } from './graph.js';
import { applyJoin, depsOf, derivedLegsOf, idsOf, outerJoinOver, pushSemiJoin, replaceNode, replaceRoute, routeNode, routesOf, type JoinNode, type RouteNode } from './join-tree.js';
import { countsRows, distinctPerShard, hasAggregation, needsVtgate, singleShard } from './pushdown.js';
import { mergeSubquery, pullOut } from './subqueries.js';
import { translate } from './translate.js';
import { inlineDerivedJoins, type InlinedGroups } from './inline-derived.js';
import { requireRoute, type PlannedRoute, type PulledSubquery } from './planned.js';
import { derivedNode, pushIntoDerived, type DerivedNode } from './derived-node.js';
import { planRecursiveCte } from './recursive-cte.js';
import type { DerivedLeaf } from '../semantics/leaves.js';

export type { PlannedRoute };

const DUAL = { kind: 'table', name: { qualifier: null, name: 'dual' }, as: null, hints: [] } as const;

export class SelectPlanner {
  /** Inlined derived tables: their tables are planned as one join, with their WHERE. */
  private readonly inlined: InlinedGroups = new Map();
  /** Derived tables whose query counts, limits or joins their rows: a per-shard DISTINCT in them is finished at vtgate. */
  private readonly rowsCounted = new Set<number>();

  constructor(
    private readonly ctx: PlanContext,
    private readonly analyzer: Analyzer,
  ) {}

  statement(s: SelectStatement): PlannedRoute {
    return s.kind === 'union' ? this.union(s) : this.select(s);
  }

  private union(u: Union): PlannedRoute {
    const l = this.statement(u.left);
    const r = this.statement(u.right);
    const simple = (p: PlannedRoute): boolean => p.tree.kind === 'route' && !p.pulled?.length && !p.derivedRoot;
    const route = simple(l) && simple(r) ? tryMerge(this.ctx, requireRoute(l, 'a UNION'), requireRoute(r, 'a UNION'), [], u.distinct ? 'union' : 'unionAll') : null;
    if (!route || !mergeableInto(u, l, u.left) || !mergeableInto(u, r, u.right)) {
      if (u.right.kind === 'union') throw unsupported('nesting of UNIONs on the right-hand side');
      // vtgate runs each part and concatenates their rows (removing duplicates for UNION DISTINCT).
      const parts = this.mergeParts([...unionParts(l, u.left, u.distinct), ...unionParts(r, u.right, u.distinct)], u);
      return { tree: { kind: 'concat', parts }, outer: [...l.outer, ...r.outer], needsVtgate: true };
    }
    const needsVtgate = !singleShard(route.routing) && (u.distinct || u.limit !== null || l.needsVtgate || r.needsVtgate);
    return { tree: routeNode(route), outer: [...l.outer, ...r.outer], needsVtgate };
  }

  /** Parts of a UNION that route together merge into one route, wherever they stand in it (row order is free). */
  private mergeParts(parts: { planned: PlannedRoute; stmt: SelectStatement }[], u: Union): { planned: PlannedRoute; stmt: SelectStatement }[] {
    const out = [...parts];
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (a.planned.tree.kind !== 'route' || b.planned.tree.kind !== 'route' || a.planned.pulled?.length || b.planned.pulled?.length) continue;
        if (!mergeableInto(u, a.planned, a.stmt) || !mergeableInto(u, b.planned, b.stmt)) continue;
        const m = tryMerge(this.ctx, a.planned.tree.route, b.planned.tree.route, [], u.distinct ? 'union' : 'unionAll');
        if (!m) continue;
        const stmt: Union = { kind: 'union', with: null, left: a.stmt, right: b.stmt, distinct: u.distinct, orderBy: [], limit: null, comments: u.comments };
        out[i] = { planned: { tree: routeNode(m), outer: [], needsVtgate: !singleShard(m.routing) && u.distinct }, stmt };
        out.splice(j, 1);
        j = i;
      }
    }
    return out;
  }

  /** Plans the statement a plan is for: unlike nested ones, it may read a derived table vtgate finishes. */
  root(s: SelectStatement): PlannedRoute {
    if (s.kind === 'select') this.inline(s);
    const info = s.kind === 'select' ? this.analyzer.selects.get(s) : undefined;
    const only = info?.from.length === 1 ? info.from[0] : undefined;
    if (s.kind === 'select' && only?.kind === 'leaf' && only.leaf.kind === 'derived' && !only.leaf.recursive && subqueriesIn(s).length === 0) {
      const stmt = this.ctx.derived.get(only.leaf.id);
      const inner = stmt ? this.statement(stmt) : undefined;
      if (stmt && inner && (inner.needsVtgate || (countsRows(this.ctx, s) && distinctPerShard(this.ctx, stmt, inner)))) {
        return { tree: inner.tree, outer: inner.outer, needsVtgate: true, derivedRoot: { select: s, leaf: only.leaf, inner: { ...inner, needsVtgate: true }, stmt } };
      }
    }
    return this.statement(s);
  }

  /** A derived table that is a join across routes joins the outer tables itself. */
  private inline(sel: Select): void {
    const joinsAtVtgate = (inner: Select): boolean => {
      const p = this.statement(inner);
      return p.tree.kind === 'join' && !p.pulled?.length && !p.derivedRoot;
    };
    inlineDerivedJoins(this.ctx, this.analyzer, sel, joinsAtVtgate, this.inlined);
  }

  /** The leaf ids of the tables of inlined derived tables. */
  private inlinedIds(): Set<number> {
    const ids = new Set<number>();
    const visit = (n: FromNode): void => {
      if (n.kind === 'leaf') ids.add(n.leaf.id);
      else (visit(n.left), visit(n.right));
    };
    for (const n of this.inlined.keys()) visit(n);
    return ids;
  }

  private select(sel: Select): PlannedRoute {
    this.inline(sel);
    const info = this.analyzer.selects.get(sel);
    if (!info) throw new Error('select statement was not analyzed');
    const others: Expr[] = [...sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...sel.groupBy, ...sel.orderBy.map((o) => o.expr)];
    if (sel.having) others.push(sel.having);
    if (countsRows(this.ctx, sel) || info.from.length > 1 || info.from[0]?.kind !== 'leaf') {
      const visit = (n: FromNode): void => {
        if (n.kind === 'leaf') this.rowsCounted.add(n.leaf.id);
        else (visit(n.left), visit(n.right));
      };
      info.from.forEach(visit);
    }
    const planned = this.level(info.scope, info.from, sel.where, others);
    if (planned.pulled?.length && hasAggregation(sel, this.ctx.settings.aggregateUdfs) && orderByReadsSubquery(sel, planned.pulled)) {
      throw unsupported('subquery with aggregation in order by');
    }
    const vtgate = planned.tree.kind !== 'route' || (planned.pulled?.length ?? 0) > 0 || needsVtgate(this.ctx, sel, planned.tree.route);
    return { ...planned, needsVtgate: vtgate };
  }

  /**
   * One query level: the routes of its FROM items, its WHERE conjuncts pushed and its routes
   * merged or joined, then the subqueries of WHERE and of `others` (select list, HAVING, ...) merged.
   */
  level(scope: Scope, from: readonly FromNode[], where: Expr | null, others: readonly Expr[]): Omit<PlannedRoute, 'needsVtgate'> {
    const outer: Expr[] = [];
    const outerIds = ancestorIds(scope.parent);
    const pending: Expr[] = [];
    const plans = from.length === 0 ? [routeNode(tableRoute(this.ctx, this.analyzer.tableLeaf(DUAL)))] : from.flatMap((n) => this.from(n, outerIds, outer, pending));
    const graph = new QueryGraph(this.ctx, plans, outerIds, outer, this.inlinedIds());
    const withSubqueries: Expr[] = [];
    for (const p of [...pending, ...splitAnd(where)]) {
      if (subqueriesOf(p).length > 0) withSubqueries.push(p);
      else graph.add(p);
    }
    let tree = graph.solve();
    const pulled: PulledSubquery[] = [];
    for (const p of withSubqueries) {
      const semi = p.kind === 'exists' ? this.semiJoin(tree, p, outerIds) : null;
      if (semi) {
        tree = semi;
        continue;
      }
      const derived = this.derivedFor(tree, p);
      if (derived) {
        // A predicate on a derived table vtgate finishes: its subqueries run first, it filters the derived rows.
        if (graph.deps(p).outer) throw unsupported('correlated subquery is only supported for EXISTS');
        const before = pulled.length;
        const expr = this.pullAll(p, pulled);
        atLeg(pulled, before, new Set([derived.leaf.id]));
        tree = replaceRoute(tree, derived, pushIntoDerived(this.ctx, derived, expr));
        continue;
      }
      const target = this.routeFor(tree, p);
      const outerJoin = outerJoinOver(tree, target);
      if (outerJoin) {
        // On the inner side of a LEFT JOIN at vtgate: its subqueries run first, it filters the joined rows.
        if (graph.deps(p).outer) throw unsupported('correlated subquery is only supported for EXISTS');
        const expr = this.pullAll(p, pulled);
        tree = replaceNode(tree, outerJoin, { ...outerJoin, filters: [...outerJoin.filters, expr] });
        continue;
      }
      const before = pulled.length;
      const { route, expr } = this.subqueries(target.route, p, true, pulled);
      atLeg(pulled, before, target.route.ids);
      const isOuter = graph.deps(p).outer;
      if (isOuter) outer.push(p);
      const routed = isOuter ? route : withPredicates(this.ctx, route, splitAnd(expr).map((x) => translate(this.ctx, x)));
      tree = replaceRoute(tree, target, { ...target, route: routed, where: [...target.where, expr] });
    }
    for (const e of others) {
      if (subqueriesOf(e).length === 0) continue;
      const derived = this.derivedFor(tree, e);
      if (derived) {
        // Over a derived table vtgate finishes, vtgate computes the expression with the subqueries' results.
        const before = pulled.length;
        this.pullAll(e, pulled);
        atLeg(pulled, before, new Set([derived.leaf.id]));
        continue;
      }
      const target = this.routeFor(tree, e);
      const before = pulled.length;
      const { route } = this.subqueries(target.route, e, false, pulled);
      atLeg(pulled, before, target.route.ids);
      tree = replaceRoute(tree, target, { ...target, route });
    }
    return { tree, outer, pulled };
  }

  /**
   * Merges each subquery of `e` into `route`, or pulls it out to run first (uncorrelated ones);
   * returns `e` as the route's query reads it then.
   */
  private subqueries(route: RouteBuilder, e: Expr, isPredicate: boolean, pulled: PulledSubquery[]): { route: RouteBuilder; expr: Expr } {
    let expr = e;
    for (const sub of subqueriesOf(e)) {
      this.ctx.subqueryName(sub);
      const inner = this.statement(sub);
      const merged = mergeSubquery(this.ctx, route, e, sub, inner, isPredicate);
      if (merged) {
        route = merged;
        continue;
      }
      if (inner.outer.length > 0 || this.correlated(sub)) {
        if (isPredicate && expr.kind === 'exists') throw notImplemented('a correlated EXISTS that does not route with its outer query (semi join)');
        throw unsupported('correlated subquery is only supported for EXISTS');
      }
      // `x = any (subquery)` runs only where the subquery merges: vtgate cannot compare with a pulled-out list.
      if (quantified(expr, sub)) throw unsupported('ANY/ALL/SOME comparison operator');
      const out = pullOut(this.ctx, expr, sub, inner, pulled.filter((x) => x.hasValues).length);
      expr = out.expr;
      pulled.push(out.pulled);
    }
    if (expr !== e) this.ctx.replaced.set(e, expr);
    return { route, expr };
  }

  /**
   * A correlated EXISTS that cannot merge into the route of the tables it reads becomes a semi
   * join (Vitess's SemiJoin): its correlated columns turn into join variables, which also route
   * the subquery (`l_orderkey = :o_orderkey`). null when the normal path applies (it merges, it
   * is not correlated with this level, or the subquery needs vtgate itself).
   */
  private semiJoin(tree: JoinNode, exists: Extract<Expr, { kind: 'exists' }>, outerIds: ReadonlySet<number>): JoinNode | null {
    const sub = exists.select;
    const all = idsOf(tree);
    const correlated = statementColumns(sub).filter((c) => {
      const b = this.ctx.bindingOf(c);
      return b?.kind === 'leaf' && (all.has(b.leaf.id) || outerIds.has(b.leaf.id));
    });
    const local = correlated.filter((c) => {
      const b = this.ctx.bindingOf(c);
      return b?.kind === 'leaf' && all.has(b.leaf.id);
    });
    // Correlated with an enclosing query too, or not with this one: not a semi join of this level.
    if (local.length === 0 || local.length !== correlated.length) return null;
    const ids = new Set(local.map((c) => (this.ctx.bindingOf(c) as { leaf: { id: number } }).leaf.id));
    const own = routesOf(tree).find((r) => [...ids].every((id) => r.route.ids.has(id)));
    const inner = this.statement(sub);
    if (own && mergeSubquery(this.ctx, own.route, exists, sub, inner, true)) return null;
    if (inner.tree.kind !== 'route' || inner.needsVtgate || inner.pulled?.length) return null;
    const bind = (c: ColumnRef): Expr => ({ kind: 'bind', name: this.ctx.joinVarFor(c, (this.ctx.bindingOf(c) as { leaf: { id: number } }).leaf.id), list: false });
    for (const c of local) this.ctx.replaced.set(c, bind(c));
    const bound = inner.outer.map((p) => {
      const b = flipBind(mapExpr(p, (n) => (n.kind === 'column' && local.includes(n) ? bind(n) : undefined)));
      this.ctx.replaced.set(p, b);
      return b;
    });
    const route = withPredicates(this.ctx, inner.tree.route, bound.map((p) => translate(this.ctx, p)));
    return pushSemiJoin(this.ctx, tree, { tree: routeNode(route), outer: [], needsVtgate: false }, sub, local);
  }

  /** The subquery reads a column of an enclosing query anywhere (select list and HAVING included). */
  private correlated(sub: SelectStatement): boolean {
    const info = this.analyzer.selects.get(leftmost(sub));
    const outerIds = ancestorIds(info?.scope.parent ?? null);
    return statementColumns(sub).some((c) => {
      const b = this.ctx.bindingOf(c);
      return b?.kind === 'leaf' && outerIds.has(b.leaf.id);
    });
  }

  /** The derived table vtgate finishes that a subquery-holding predicate reads alone (or the only leg there is). */
  private derivedFor(tree: JoinNode, e: Expr): DerivedNode | null {
    const all = idsOf(tree);
    const local = [...depsOf(this.ctx, e)].filter((id) => all.has(id));
    const derived = derivedLegsOf(tree);
    if (local.length === 0) return routesOf(tree).length === 0 ? (derived[0] ?? null) : null;
    return derived.find((d) => local.every((id) => id === d.leaf.id)) ?? null;
  }

  /** Pulls every subquery of `e` out to run first (none can merge into a derived table's rows); returns `e` reading their results. */
  private pullAll(e: Expr, pulled: PulledSubquery[]): Expr {
    let expr = e;
    for (const sub of subqueriesOf(e)) {
      this.ctx.subqueryName(sub);
      const inner = this.statement(sub);
      if (inner.outer.length > 0 || this.correlated(sub)) throw unsupported('correlated subquery is only supported for EXISTS');
      if (quantified(expr, sub)) throw unsupported('ANY/ALL/SOME comparison operator');
      const out = pullOut(this.ctx, expr, sub, inner, pulled.filter((x) => x.hasValues).length);
      expr = out.expr;
      pulled.push(out.pulled);
    }
    if (expr !== e) this.ctx.replaced.set(e, expr);
    return expr;
  }

  /** The route a subquery-holding expression belongs to: the one holding every table it reads. */
  private routeFor(tree: JoinNode, e: Expr): RouteNode {
    const all = idsOf(tree);
    const local = [...depsOf(this.ctx, e)].filter((id) => all.has(id));
    const routes = routesOf(tree);
    if (routes.length === 0) throw notImplemented('a subquery over several derived tables that vtgate finishes');
    const own = routes.find((r) => local.every((id) => r.route.ids.has(id)));
    // An expression that reads no table of this level (an uncorrelated subquery's value) goes with the first leg, as Vitess pushes it left.
    if (local.length === 0 && !own) return routes[0]!;
    if (!own) {
      // A correlated subquery must run with its outer query's rows: only EXISTS becomes a semi join.
      if (e.kind !== 'exists' && subqueriesOf(e).some((s) => this.correlated(s))) throw unsupported('correlated subquery is only supported for EXISTS');
      throw notImplemented('a subquery that does not route with its outer query');
    }
    return own;
  }

  /** The plans of a FROM item; inner-join conditions go to `pending`, outer joins are planned here. */
  private from(n: FromNode, outerIds: ReadonlySet<number>, outer: Expr[], pending: Expr[]): JoinNode[] {
    if (this.inlined.has(n)) return [this.solved(n, outerIds, outer, splitAnd(this.inlined.get(n)!))];
    return this.fromItself(n, outerIds, outer, pending);
  }

  private fromItself(n: FromNode, outerIds: ReadonlySet<number>, outer: Expr[], pending: Expr[]): JoinNode[] {
    if (n.kind === 'leaf') {
      if (n.leaf.kind === 'table') return [routeNode(tableRoute(this.ctx, n.leaf))];
      const stmt = this.ctx.derived.get(n.leaf.id);
      if (!stmt) {
        // A recursive CTE's reference to itself reads rows already produced: like dual, it runs anywhere.
        const dual = this.analyzer.tableLeaf(DUAL);
        return [routeNode(withIds(tableRoute(this.ctx, { ...dual, hidden: true }), [n.leaf.id]))];
      }
      const inner = this.statement(stmt);
      // A recursive CTE runs whole on the shards when all its parts route together.
      if (n.leaf.recursive && inner.tree.kind !== 'route') return [this.recursiveCte(n.leaf, stmt)];
      const finishDistinct = this.rowsCounted.has(n.leaf.id) && distinctPerShard(this.ctx, stmt, inner);
      if (!n.leaf.recursive && (inner.needsVtgate || inner.tree.kind !== 'route' || finishDistinct)) {
        // MySQL derived tables cannot read the outer query (no LATERAL here): a correlation comes from a subquery around it.
        if (inner.outer.length > 0) throw notImplemented('a derived table that vtgate must finish, inside a correlated subquery');
        return [derivedNode(n.leaf, { kind: 'statement', planned: finishDistinct ? { ...inner, needsVtgate: true } : inner, stmt, pushed: [] })];
      }
      outer.push(...inner.outer);
      return [routeNode(withIds(requireRoute(inner, 'a derived table'), [n.leaf.id]))];
    }
    if (n.type === 'left join' || n.type === 'right join' || n.type === 'natural left join' || n.type === 'natural right join') {
      const [l, r] = n.type.includes('right') ? [n.right, n.left] : [n.left, n.right];
      const left = this.solved(l, outerIds, outer);
      const right = this.solved(r, outerIds, outer);
      const on = splitAnd(n.on);
      if (left.kind === 'route' && right.kind === 'route') {
        // ON conditions of an outer join filter the inner side only: they join, they do not route;
        // except after a dual (one row, no shard), where the inner side decides the shard alone.
        const merged = tryMerge(this.ctx, left.route, right.route, on, 'leftJoin');
        const dual = left.route.routing.kind === 'dual';
        const routed = merged && dual ? withPredicates(this.ctx, merged, on.map((p) => translate(this.ctx, p))) : merged;
        // After a dual, the merged route must be one shard: a scatter would repeat the dual row per shard.
        if (routed && (!dual || singleShard(routed.routing))) {
          return [routeNode(withOuterSide(routed, right.route.ids), [...left.where, ...right.where])];
        }
      }
      return [applyJoin(this.ctx, left, right, on, 'LeftJoin')];
    }
    pending.push(...splitAnd(n.on));
    return [...this.from(n.left, outerIds, outer, pending), ...this.from(n.right, outerIds, outer, pending)];
  }

  /** A recursive CTE whose parts do not run on one route: vtgate runs its seed, then its term per row (RecurseCTE). */
  private recursiveCte(leaf: DerivedLeaf, stmt: SelectStatement): JoinNode {
    return planRecursiveCte(this.ctx, this.analyzer, leaf, stmt, (s) => this.statement(s));
  }

  /** The plans of `n` joined into one, with `where` (an inlined derived table's) among the predicates. */
  private solved(n: FromNode, outerIds: ReadonlySet<number>, outer: Expr[], where: readonly Expr[] = []): JoinNode {
    const pending: Expr[] = [...where];
    const inner = this.inlined.has(n) ? this.fromItself(n, outerIds, outer, pending) : this.from(n, outerIds, outer, pending);
    const graph = new QueryGraph(this.ctx, inner, outerIds, outer, this.inlinedIds());
    for (const p of pending) graph.add(p);
    return graph.solve();
  }
}

/** The parts a UNION side contributes: its own parts when it is itself concatenated, else itself. */
/**
 * A SELECT DISTINCT part over several shards: each shard removes only its own duplicates, so in
 * a UNION ALL it keeps a vtgate Distinct of its own (Vitess's Distinct over the route) instead
 * of merging with the other parts. A UNION DISTINCT removes them all anyway.
 */
function distinctAcrossShards(p: PlannedRoute, s: SelectStatement): boolean {
  return s.kind === 'select' && s.distinct && p.tree.kind === 'route' && !singleShard(p.tree.route.routing);
}

/**
 * Whether a part of UNION `u` may share one route with another part. A part that needs vtgate
 * only to remove duplicates across shards merges into a UNION DISTINCT, which removes them
 * anyway; under UNION ALL it keeps its own vtgate step (`(a union b) union all c` must not
 * become one route: the shards would each remove only their own duplicates of a and b).
 */
function mergeableInto(u: Union, p: PlannedRoute, s: SelectStatement): boolean {
  if (!u.distinct) return !p.needsVtgate && !distinctAcrossShards(p, s);
  return !p.needsVtgate || (s.kind === 'union' && !s.limit && s.orderBy.length === 0);
}

function unionParts(p: PlannedRoute, stmt: SelectStatement, distinct: boolean): { planned: PlannedRoute; stmt: SelectStatement }[] {
  // A nested UNION flattens into its parent unless it removes duplicates the parent would keep.
  const flat = stmt.kind === 'union' && stmt.orderBy.length === 0 && !stmt.limit && (distinct || !stmt.distinct);
  if (p.tree.kind === 'concat' && flat) return [...p.tree.parts];
  return [{ planned: p, stmt }];
}

/** `:v = col` prints as `col = :v`, as Vitess prints a pushed join equality. */
function flipBind(e: Expr): Expr {
  return e.kind === 'binary' && e.op === '=' && e.left.kind === 'bind' && e.right.kind !== 'bind' ? { ...e, left: e.right, right: e.left } : e;
}

/** Marks the subqueries pulled out since `from` as read by the route of `ids`. */
function atLeg(pulled: PulledSubquery[], from: number, ids: ReadonlySet<number>): void {
  for (let i = from; i < pulled.length; i++) pulled[i] = { ...pulled[i]!, leg: ids };
}

/** An ORDER BY key (a select-list alias resolved) holds a subquery vtgate runs first. */
function orderByReadsSubquery(sel: Select, pulled: readonly PulledSubquery[]): boolean {
  return sel.orderBy.some((o) => {
    const e = o.expr;
    const named = e.kind === 'column' && !e.table ? sel.columns.find((c) => c.kind === 'aliased' && c.as?.toLowerCase() === e.name.toLowerCase()) : undefined;
    const key = named?.kind === 'aliased' ? named.expr : e;
    return subqueriesOf(key).some((s) => pulled.some((p) => p.stmt === s));
  });
}

function quantified(e: Expr, sub: SelectStatement): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === 'binary' && n.quantifier && n.right.kind === 'subquery' && n.right.select === sub) found = true;
    return !found;
  });
  return found;
}

function subqueriesIn(sel: Select): SelectStatement[] {
  const exprs = [...sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...(sel.where ? [sel.where] : []), ...(sel.having ? [sel.having] : [])];
  return exprs.flatMap(subqueriesOf);
}

function ancestorIds(scope: Scope | null): Set<number> {
  const ids = new Set<number>();
  for (let s = scope; s; s = s.parent) for (const l of s.leaves) ids.add(l.id);
  return ids;
}
