/**
 * A derived table (or CTE) that is a plain projection of a join across routes (`select t.col1
 * from (select user.id, user.col1 from user join user_extra) as t join unsharded on ...`) is
 * merged into the statement that reads it, as Vitess pushes such a derived table through the
 * join into each leg: its tables take its place in the outer FROM, planned together as one join
 * (with its own WHERE) before they join the outer tables, and every outer reference to one of
 * its columns reads the expression the column selects. Outer predicates then route the inner
 * tables (`where t.id = 5` routes `user` EqualUnique).
 */
import type { Expr, Join, Select, SelectExpr, TableExpr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { mapExpr, statementColumns, subqueriesOf } from '../expr/walk.js';
import type { Analyzer, FromNode } from '../semantics/analyze.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import { hasAggregation } from './pushdown.js';

/** The FROM node standing for an inlined derived table's tables, and the WHERE they are planned with. */
export type InlinedGroups = Map<FromNode, Expr | null>;

/**
 * Inlines into `sel` (the planner's own copy, changed in place) the derived tables of its inner
 * joins for which `joinsAtVtgate` holds, recording each one's FROM node in `groups`.
 */
export function inlineDerivedJoins(ctx: PlanContext, analyzer: Analyzer, sel: Select, joinsAtVtgate: (inner: Select) => boolean, groups: InlinedGroups): void {
  const info = analyzer.selects.get(sel);
  if (!info || sel.columns.some((c) => c.kind !== 'aliased')) return;
  const inlined = new Map<number, Select>();
  const visit = (n: FromNode): FromNode => {
    if (n.kind === 'join') return n.type === 'join' || n.type === 'straight_join' ? { ...n, left: visit(n.left), right: visit(n.right) } : n;
    if (n.leaf.kind !== 'derived' || n.leaf.recursive) return n;
    const inner = ctx.derived.get(n.leaf.id);
    const innerInfo = inner?.kind === 'select' ? analyzer.selects.get(inner) : undefined;
    if (!inner || inner.kind !== 'select' || !innerInfo || !plainProjection(ctx, inner) || !readOnlyOutside(sel, n.leaf)) return n;
    if (!joinsAtVtgate(inner)) return n;
    inlined.set(n.leaf.id, inner);
    const group = innerInfo.from.reduce((l, r): FromNode => ({ kind: 'join', type: 'join', left: l, right: r, on: null, using: null, node: joinNodeOf(ctx, l, r) }));
    groups.set(group, inner.where);
    return group;
  };
  const from = info.from.map(visit);
  if (inlined.size === 0) return;
  const read = (e: Expr): Expr =>
    mapExpr(e, (c) => {
      if (c.kind !== 'column') return undefined;
      const b = ctx.bindingOf(c);
      if (b?.kind !== 'leaf' || !inlined.has(b.leaf.id)) return undefined;
      return read(columnExpr(b.leaf as DerivedLeaf, c.name));
    });
  const mutable = sel as { -readonly [K in keyof Select]: Select[K] };
  mutable.columns = sel.columns.map((c): SelectExpr => (c.kind === 'aliased' ? renamed(c, read(c.expr)) : c));
  mutable.where = sel.where ? read(sel.where) : null;
  mutable.groupBy = sel.groupBy.map(read);
  mutable.having = sel.having ? read(sel.having) : null;
  mutable.orderBy = sel.orderBy.map((o) => ({ ...o, expr: read(o.expr) }));
  const withOn = (n: FromNode): FromNode => {
    if (groups.has(n)) return n;
    return n.kind === 'join' ? { ...n, left: withOn(n.left), right: withOn(n.right), on: n.on ? read(n.on) : null } : n;
  };
  analyzer.selects.set(sel, { ...info, from: from.map(withOn) });
}

/** Selects columns of its FROM and nothing more: no grouping, DISTINCT, LIMIT, window or subquery. */
function plainProjection(ctx: PlanContext, s: Select): boolean {
  if (s.distinct || s.groupBy.length > 0 || s.having || s.limit || s.with || s.rollup) return false;
  if (hasAggregation(s, ctx.settings.aggregateUdfs)) return false;
  if (s.columns.some((c) => c.kind !== 'aliased')) return false;
  const exprs = [...s.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...(s.where ? [s.where] : [])];
  return exprs.every((e) => subqueriesOf(e).length === 0 && !windowed(e));
}

function windowed(e: Expr): boolean {
  let found = false;
  mapExpr(e, (n) => {
    if ((n.kind === 'func' || n.kind === 'aggregate') && n.over) found = true;
    return undefined;
  });
  return found;
}

/** The derived table's columns are read by the outer SELECT itself only, not by its subqueries. */
function readOnlyOutside(sel: Select, leaf: DerivedLeaf): boolean {
  const exprs = [...sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...(sel.where ? [sel.where] : []), ...(sel.having ? [sel.having] : []), ...sel.groupBy, ...sel.orderBy.map((o) => o.expr)];
  const inSubqueries = exprs.flatMap(subqueriesOf).flatMap(statementColumns);
  return !inSubqueries.some((c) => c.table === null || c.table.name.toLowerCase() === leaf.ref.toLowerCase());
}

function columnExpr(leaf: DerivedLeaf, name: string): Expr {
  const e = leaf.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.expr;
  if (!e) throw new Error(`derived column ${leaf.ref}.${name} has no expression`);
  return e;
}

/** A select expression keeps the name it had once its derived-table column is read through. */
function renamed(c: Extract<SelectExpr, { kind: 'aliased' }>, expr: Expr): SelectExpr {
  if (expr === c.expr || c.as) return { ...c, expr };
  const name = c.expr.kind === 'column' ? c.expr.name : null;
  const same = expr.kind === 'column' && name !== null && expr.name.toLowerCase() === name.toLowerCase();
  return { ...c, expr, as: same || name === null ? null : name };
}

/** The FROM clause of an inlined join (its legs print their own tables; this names the whole). */
function joinNodeOf(ctx: PlanContext, l: FromNode, r: FromNode): Join {
  const t = (n: FromNode): TableExpr => (n.kind === 'join' ? n.node : ctx.fromNodes.get(n.leaf.id)!);
  return { kind: 'join', type: 'join', left: t(l), right: t(r), on: null, using: null };
}
