/**
 * A derived table (or CTE) that vtgate must finish — its LIMIT, aggregation or DISTINCT spans
 * shards, or its tables join at vtgate — as a leg of the outer query (Vitess plans it as an
 * operator tree of its own under the outer joins): its own plan runs, and the outer query reads
 * its rows as a source whose columns are offsets, joining it at vtgate like any route. A join
 * predicate on it goes into its statement where that cannot change which rows it returns (no
 * LIMIT, and only grouping columns of a grouped statement), so the predicate still routes it;
 * any other predicate is a Filter over its rows (the join variables bound per left row).
 */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import type { Operator } from '../plan.js';
import { exprEquals } from '../expr/rewrite.js';
import { containsAggregate, joinAnd, mapExpr, subqueriesOf, walk } from '../expr/walk.js';
import { withPredicates } from '../routing/builder.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import type { PlannedRoute } from './planned.js';
import { hasAggregation } from './pushdown.js';
import { translate } from './translate.js';
import { groupKey } from './vtgate-aggregate.js';

export interface DerivedStatement {
  readonly planned: PlannedRoute;
  readonly stmt: SelectStatement;
}

/**
 * What produces the derived table's rows: its statement (with the predicates pushed into its
 * WHERE, written over its own tables), or a recursive CTE whose parts cannot run on one route
 * (Vitess's RecurseCTE: the seed, then the term once per row of the previous round, the CTE
 * columns it reads bound by name to their offsets in that row).
 */
export type DerivedSource =
  | { readonly kind: 'statement'; readonly planned: PlannedRoute; readonly stmt: SelectStatement; readonly pushed: readonly Expr[] }
  | { readonly kind: 'recurse'; readonly seed: DerivedStatement; readonly term: DerivedStatement; readonly vars: ReadonlyMap<string, number> };

export interface DerivedNode {
  readonly kind: 'derived';
  readonly leaf: DerivedLeaf;
  readonly source: DerivedSource;
  /** Predicates over its columns (join variables as bind variables) vtgate evaluates over its rows. */
  readonly filters: readonly Expr[];
}

export function derivedNode(leaf: DerivedLeaf, source: DerivedSource): DerivedNode {
  return { kind: 'derived', leaf, source, filters: [] };
}

/** Adds a predicate over the derived table's columns: into its statement when that is safe, else as a filter. */
export function pushIntoDerived(ctx: PlanContext, n: DerivedNode, p: Expr): DerivedNode {
  const src = n.source;
  const inner = src.kind === 'statement' ? innerPredicate(ctx, n.leaf, src, p) : null;
  if (src.kind !== 'statement' || !inner || src.planned.tree.kind !== 'route') return { ...n, filters: [...n.filters, p] };
  const route = src.planned.tree;
  const tree = { ...route, route: withPredicates(ctx, route.route, [translate(ctx, inner)]), where: [...route.where, inner] };
  return { ...n, source: { ...src, planned: { ...src.planned, tree }, pushed: [...src.pushed, inner] } };
}

/** The derived table's statement with the predicates pushed into it (a copy: planning tries join orders it drops). */
export function statementWithPushed(src: Extract<DerivedSource, { kind: 'statement' }>): SelectStatement {
  if (src.pushed.length === 0 || src.stmt.kind !== 'select') return src.stmt;
  const s: Select = src.stmt;
  return { ...s, where: joinAnd([...(s.where ? [s.where] : []), ...src.pushed]) };
}

/**
 * `p` written over the derived table's own tables, when filtering its rows before it produces
 * them gives the rows filtering after would: one route runs it (no vtgate join or subquery
 * to rewrite), it has no LIMIT, and every column `p` reads is a plain expression (a grouping
 * one in a grouped statement; never an aggregate or window function). null otherwise.
 */
function innerPredicate(ctx: PlanContext, leaf: DerivedLeaf, src: Extract<DerivedSource, { kind: 'statement' }>, p: Expr): Expr | null {
  const s = src.stmt;
  if (s.kind !== 'select' || s.limit || s.rollup || src.planned.pulled?.length || src.planned.derivedRoot || leaf.open) return null;
  if (subqueriesOf(p).length > 0) return null;
  const cols = s.columns.flatMap((c) => (c.kind === 'aliased' ? [c] : []));
  // A window function reads the rows a filter would remove first.
  if (cols.some((c) => windowed(c.expr))) return null;
  const grouped = hasAggregation(s, ctx.settings.aggregateUdfs);
  const keys = s.groupBy.map((g) => groupKey(g, cols));
  let ok = true;
  const out = mapExpr(p, (c) => {
    if (c.kind !== 'column') return undefined;
    const b = ctx.bindingOf(c);
    const e = b?.kind === 'leaf' && b.leaf.id === leaf.id ? leaf.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase())?.expr : undefined;
    if (!e || containsAggregate(e) || subqueriesOf(e).length > 0 || (grouped && !keys.some((k) => exprEquals(k, e)))) {
      ok = false;
      return undefined;
    }
    return e;
  });
  return ok ? out : null;
}

export function windowed(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if ((n.kind === 'func' || n.kind === 'aggregate') && n.over) found = true;
    return !found;
  });
  return found;
}

/** The operator producing the derived table's rows, its columns in order (`run` plans a statement's operators). */
export function derivedSourceOperator(n: DerivedNode, run: (planned: PlannedRoute, stmt: SelectStatement) => Operator): Operator {
  const src = n.source;
  if (src.kind === 'statement') return run(src.planned, statementWithPushed(src));
  return { kind: 'RecurseCTE', vars: Object.fromEntries(src.vars), seed: run(src.seed.planned, src.seed.stmt), term: run(src.term.planned, src.term.stmt) };
}
