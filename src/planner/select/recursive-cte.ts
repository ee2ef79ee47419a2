/**
 * A recursive CTE whose parts do not run on one route (Vitess's RecurseCTE): vtgate runs the
 * seed (the non-recursive part), then the term (the recursive part) once per row the previous
 * round produced, until a round produces none. The term reads the CTE through that row: its
 * reference to the CTE leaves its FROM, and each CTE column it reads becomes a bind variable
 * (`e.manager_id = cte.id` → `e.manager_id = :cte_id`), which may then route it. Running the
 * term per row gives MySQL's rows because a recursive SELECT may not aggregate, group, sort,
 * DISTINCT or LIMIT, and reads the CTE once, through inner joins only.
 */
import type { ColumnRef, Expr, Select, SelectStatement, TableExpr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { notImplemented, plannerError } from '../errors.js';
import { containsAggregate, joinAnd, mapExpr, splitAnd } from '../expr/walk.js';
import type { Analyzer, FromNode } from '../semantics/analyze.js';
import type { DerivedLeaf, Leaf } from '../semantics/leaves.js';
import { derivedNode, type DerivedNode } from './derived-node.js';
import type { PlannedRoute } from './planned.js';
import { unionSelects } from './compare.js';

export function planRecursiveCte(ctx: PlanContext, analyzer: Analyzer, leaf: DerivedLeaf, stmt: SelectStatement, plan: (s: SelectStatement) => PlannedRoute): DerivedNode {
  if (stmt.kind !== 'union') throw notImplemented('a recursive CTE without UNION whose parts do not route together');
  if (stmt.distinct) throw notImplemented('a recursive CTE with UNION DISTINCT whose parts do not route together');
  if (stmt.orderBy.length > 0 || stmt.limit) throw notImplemented('ORDER BY or LIMIT on a recursive CTE whose parts do not route together');
  const term = stmt.right;
  const info = term.kind === 'select' ? analyzer.selects.get(term) : undefined;
  if (term.kind !== 'select' || !info) throw notImplemented('a recursive CTE whose recursive part is not one SELECT');
  if (term.distinct || term.groupBy.length > 0 || term.having || term.orderBy.length > 0 || term.limit || term.columns.some((c) => c.kind === 'aliased' && containsAggregate(c.expr))) {
    // MySQL rejects these in the recursive part too.
    throw notImplemented('aggregation, DISTINCT, ORDER BY or LIMIT in the recursive part of a CTE');
  }
  // Several recursive SELECTs (`seed UNION ALL term1 UNION ALL term2`) would each need their own rounds.
  const seedSelf = unionSelects(stmt.left).some((s) => (analyzer.selects.get(s)?.from ?? []).flatMap(leavesOf).some(isSelfReference(ctx)));
  if (seedSelf) throw notImplemented('a recursive CTE with several recursive SELECTs whose parts do not route together');
  const self = info.from.flatMap(leavesOf).filter(isSelfReference(ctx));
  if (self.length !== 1) throw notImplemented('a recursive CTE whose recursive part does not read it once, in its own FROM');
  const selfLeaf = self[0]!;
  const names = leaf.columns.map((c) => c.name.toLowerCase());
  const vars = new Map<string, number>();
  const bound = (e: Expr): Expr =>
    mapExpr(e, (c) => {
      if (c.kind !== 'column') return undefined;
      const b = ctx.bindingOf(c);
      if (b?.kind !== 'leaf' || b.leaf.id !== selfLeaf.id) return undefined;
      const offset = names.indexOf(c.name.toLowerCase());
      if (offset < 0) throw plannerError('UNKNOWN_COLUMN', `Unknown column '${c.name}' in '${leaf.ref}'`);
      const name = ctx.joinVarFor(c as ColumnRef, selfLeaf.id);
      vars.set(name, offset);
      return { kind: 'bind', name, list: false };
    });
  const removed = removeLeaf(ctx, info.from, selfLeaf.id, bound);
  const where = joinAnd([...(term.where ? [bound(term.where)] : []), ...removed.on.map(bound)]);
  const rewritten: Select = {
    ...term,
    columns: term.columns.map((c) => (c.kind === 'aliased' ? { ...c, expr: bound(c.expr) } : c)),
    from: removed.from.map((n) => tableOf(ctx, n)),
    where,
  };
  analyzer.selects.set(rewritten, { ...info, select: rewritten, from: removed.from });
  const seed = plan(stmt.left);
  const termPlanned = plan(rewritten);
  if (seed.outer.length > 0 || termPlanned.outer.length > 0) throw notImplemented('a recursive CTE that vtgate runs, inside a correlated subquery');
  return derivedNode(leaf, { kind: 'recurse', seed: { planned: seed, stmt: stmt.left }, term: { planned: termPlanned, stmt: rewritten }, vars });
}

/** The CTE's reference to itself: a derived leaf with no statement of its own. */
function isSelfReference(ctx: PlanContext): (l: Leaf) => boolean {
  return (l) => l.kind === 'derived' && !ctx.derived.has(l.id);
}

function leavesOf(n: FromNode): Leaf[] {
  return n.kind === 'leaf' ? [n.leaf] : [...leavesOf(n.left), ...leavesOf(n.right)];
}

/** The FROM items without leaf `id`; the ON conditions of the inner joins it took part in move to WHERE. */
function removeLeaf(ctx: PlanContext, from: readonly FromNode[], id: number, bound: (e: Expr) => Expr): { from: FromNode[]; on: Expr[] } {
  const on: Expr[] = [];
  const visit = (n: FromNode): FromNode | null => {
    if (n.kind === 'leaf') return n.leaf.id === id ? null : n;
    const left = visit(n.left);
    const right = visit(n.right);
    const inner = n.type === 'join' || n.type === 'straight_join';
    if (!left || !right) {
      // The CTE's rows drive the recursion: read through an outer join, a round would keep rows it never joined.
      if (!inner) throw notImplemented('the recursive part of a CTE reading the CTE through an outer join');
      on.push(...splitAnd(n.on));
      return left ?? right;
    }
    if (left === n.left && right === n.right && !n.on) return n;
    const cond = n.on ? bound(n.on) : null;
    const node = { ...n.node, left: tableOf(ctx, left), right: tableOf(ctx, right), on: cond, using: cond ? null : n.node.using };
    return { ...n, left, right, on: cond, node };
  };
  const out = from.flatMap((n) => {
    const v = visit(n);
    return v ? [v] : [];
  });
  return { from: out, on };
}

function tableOf(ctx: PlanContext, n: FromNode): TableExpr {
  if (n.kind === 'join') return n.node;
  const t = ctx.fromNodes.get(n.leaf.id);
  if (!t) throw new Error(`FROM item of leaf ${n.leaf.id} is unknown`);
  return t;
}
