/**
 * The routes of one query level and the predicates between them (Vitess's QueryGraph): each
 * predicate goes to the route that holds every table it reads (looking through derived tables
 * to the columns they read), or waits as a join predicate. Vitess's greedy solver then joins
 * the cheapest pair again and again, a merge into one route when the pair can merge, a vtgate
 * join otherwise; pairs with no predicate between them come last (cross joins).
 */
import type { ColumnRef, Expr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { rejectsNull } from '../expr/null-reject.js';
import { columnsDeep } from '../expr/walk.js';
import type { RouteBuilder } from '../routing/builder.js';
import { tryMerge } from '../routing/merge.js';
import { applyJoin, costOf, idsOf, pushPredicate, routeNode, type JoinNode } from './join-tree.js';
import { translate } from './translate.js';

interface Pending {
  readonly expr: Expr;
  readonly deps: ReadonlySet<number>;
}

export class QueryGraph {
  plans: JoinNode[];
  private pending: Pending[] = [];

  constructor(
    private readonly ctx: PlanContext,
    plans: readonly JoinNode[],
    /** Leaf ids of enclosing queries: predicates reading them are correlation, not routing. */
    private readonly outerIds: ReadonlySet<number>,
    private readonly outer: Expr[],
    /**
     * Leaf ids of inlined derived tables: Vitess joins predicates into a derived table only after
     * choosing the join order, so they do not make its side look cheaper while choosing.
     */
    private readonly derivedIds: ReadonlySet<number> = new Set(),
  ) {
    this.plans = [...plans];
  }

  /** Leaf ids a predicate reads, split into this query's and the enclosing queries'. */
  deps(e: Expr): { local: Set<number>; outer: boolean } {
    const local = new Set<number>();
    let outer = false;
    for (const col of columnsDeep(e)) {
      const b = this.ctx.bindingOf(col);
      const leaves = b?.kind === 'leaf' ? [b.leaf] : b?.kind === 'uncertain' ? b.leaves : [];
      for (const l of leaves) {
        if (this.outerIds.has(l.id)) outer = true;
        else if (this.plans.some((p) => idsOf(p).has(l.id))) local.add(l.id);
      }
    }
    return { local, outer };
  }

  add(e: Expr): void {
    const { local, outer } = this.deps(e);
    if (outer) {
      this.outer.push(e);
      return;
    }
    if (local.size === 0) {
      // A predicate of no table (`1 = 0`) applies to every route.
      this.plans = this.plans.map((p) => pushPredicate(this.ctx, p, e));
      return;
    }
    const i = this.plans.findIndex((p) => {
      const ids = idsOf(p);
      return [...local].every((id) => ids.has(id));
    });
    const plan = this.plans[i];
    if (!plan) {
      this.pending.push({ expr: e, deps: local });
      return;
    }
    if (plan.kind === 'route') {
      const route = plan.route;
      // A predicate on the NULL-extended side of an outer join routes only when it rejects NULL.
      if ([...local].some((id) => route.outerSide.has(id)) && !rejectsNull(e, (c) => this.nullable(c, route))) {
        this.plans[i] = { ...plan, where: [...plan.where, e] };
        return;
      }
    }
    this.plans[i] = pushPredicate(this.ctx, plan, e);
  }

  private nullable(c: ColumnRef, route: RouteBuilder): boolean {
    const b = this.ctx.bindingOf(c);
    return b?.kind === 'leaf' && route.outerSide.has(b.leaf.id);
  }

  /** Joins plans, cheapest pair first, until one is left (Vitess's greedySolve). */
  solve(): JoinNode {
    let crossJoins = false;
    while (this.plans.length > 1) {
      let best: { node: JoinNode; i: number; j: number; preds: Pending[]; cost: number } | null = null;
      for (let i = 0; i < this.plans.length; i++) {
        for (let j = 0; j < this.plans.length; j++) {
          if (i === j) continue;
          const a = this.plans[i]!;
          const b = this.plans[j]!;
          const ai = idsOf(a);
          const bi = idsOf(b);
          const preds = this.pending.filter((p) => [...p.deps].every((id) => ai.has(id) || bi.has(id)));
          if (preds.length === 0 && !crossJoins) continue;
          const node = this.joinFor(a, b, preds.map((p) => p.expr));
          const cost = [...bi].some((id) => this.derivedIds.has(id)) && node.kind === 'join' ? costOf(a) + costOf(b) : costOf(node);
          if (!best || cost < best.cost) best = { node, i, j, preds, cost };
        }
      }
      if (!best) {
        crossJoins = true;
        continue;
      }
      const { node, i, j, preds } = best;
      this.plans = this.plans.filter((_p, k) => k !== i && k !== j);
      this.plans.push(node);
      this.pending = this.pending.filter((p) => !preds.includes(p));
    }
    const last = this.plans[0];
    if (!last) throw new Error('a query level without tables');
    return last;
  }

  private joinFor(a: JoinNode, b: JoinNode, preds: readonly Expr[]): JoinNode {
    if (a.kind === 'route' && b.kind === 'route') {
      const merged = tryMerge(this.ctx, a.route, b.route, preds.map((p) => translate(this.ctx, p)), 'join');
      if (merged) return routeNode(merged, [...a.where, ...b.where, ...preds]);
    }
    // A derived table with LIMIT or aggregation cannot take join predicates: it goes left (Vitess's requiresSwitchingSides).
    if (preds.length > 0 && this.finishedDerived(b) && !this.finishedDerived(a)) return applyJoin(this.ctx, b, a, preds, 'Join');
    return applyJoin(this.ctx, a, b, preds, 'Join');
  }

  private finishedDerived(n: JoinNode): boolean {
    return [...idsOf(n)].some((id) => {
      const stmt = this.ctx.derived.get(id);
      return stmt?.kind === 'select' && (stmt.limit !== null || stmt.groupBy.length > 0);
    });
  }
}
