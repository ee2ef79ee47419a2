/**
 * SELECT / UNION statements: rewrite predicates, analyze, plan into routes, build operators.
 */
import type { Select, SelectStatement } from '../../sql/ast.js';
import { PlanContext } from '../context.js';
import { plannerError, unsupported, vtError } from '../errors.js';
import type { Plan } from '../plan.js';
import { planTypeOf } from '../plan-type.js';
import { rewriteStatement } from '../query/rewrite-statement.js';
import { Analyzer } from '../semantics/analyze.js';
import { tablesUsedOf, type TableLeaf } from '../semantics/leaves.js';
import { SelectPlanner } from './plan-select.js';
import { statementOperator } from './horizon.js';
import { allRoutesOf, derivedSources, tablesOf, type JoinNode } from './join-tree.js';
import type { PlannedRoute, PulledSubquery } from './planned.js';
import { singleRowOperator } from './single-row.js';
import { planCalcFoundRows } from './calc-found-rows.js';

export function planSelectStatement(ctx: PlanContext, stmt: SelectStatement, original: string): Plan {
  if (stmt.kind === 'select' && stmt.sqlCalcFoundRows) {
    const fresh = (): PlanContext => new PlanContext(ctx.vschema, ctx.target, ctx.settings);
    const found = planCalcFoundRows(stmt, original, (s, text) => planSelectStatement(fresh(), s, text));
    if (found) return found;
    // Without LIMIT every row is returned: the option asks for nothing more.
    stmt = { ...stmt, sqlCalcFoundRows: false };
  }
  const rewritten = rewriteStatement(stmt);
  const analyzer = new Analyzer(ctx);
  analyzer.statement(rewritten, null);
  for (const leaf of ctx.leaves.values()) {
    if (leaf.kind === 'table' && leaf.resolved.destination && leaf.node?.name.qualifier) {
      throw vtError('VT09017', 'SELECT with a target destination is not allowed');
    }
  }
  for (const sel of analyzer.selects.keys()) {
    if (sel === rewritten) continue;
    // `select next N values from seq` reads a sequence; Vitess allows it only as the whole statement.
    if (sel.columns.some((c) => c.kind === 'next')) throw plannerError('NEXT_PLACEMENT', "Incorrect usage/placement of 'NEXT'");
    if (sel.sqlCalcFoundRows) throw plannerError('CALC_FOUND_ROWS_PLACEMENT', "Incorrect usage/placement of 'SQL_CALC_FOUND_ROWS'");
  }
  const local = rewritten.kind === 'select' ? singleRowOperator(rewritten) : null;
  if (local) return Object.freeze({ type: 'Complex', queryType: 'SELECT', original, instructions: local, tablesUsed: Object.freeze([dualTableUsed(ctx)]) });
  const planned = new SelectPlanner(ctx, analyzer).root(rewritten);
  const routes = allRoutesOf(planned.tree).map((n) => n.route);
  if (rewritten.kind === 'select' && rewritten.into && routes.some((r) => r.routing.keyspace.sharded)) throw unsupported('INTO on sharded keyspace');
  const next = rewritten.kind === 'select' && rewritten.columns.some((c) => c.kind === 'next');
  const fromOf = (sel: Select) => analyzer.selects.get(sel)?.from ?? [];
  const op = statementOperator(ctx, planned, rewritten, next, fromOf);
  const r = routes[0]!.routing;
  const lookupVindex = routes.length === 1 && r.kind === 'sharded' && r.selected !== null && r.selected.colVindex.vindex.kind === 'lookup';
  return Object.freeze({
    type: planTypeOf(op, { lookupVindex, ownedMaintenance: false }),
    queryType: 'SELECT',
    original,
    instructions: op,
    tablesUsed: tablesUsedOf([...routes.flatMap((x) => x.tables), ...allPulled(planned).flatMap((p) => tablesOf(p.planned.tree))]),
  });
}

/** The dual a FROM-less SELECT reads: the session keyspace's, or the first keyspace's. */
function dualTableUsed(ctx: PlanContext): string {
  const ks = ctx.target.keyspace && ctx.vschema.keyspaces.has(ctx.target.keyspace) ? ctx.target.keyspace : [...ctx.vschema.keyspaces.keys()].sort()[0];
  return `${ks ?? ''}.dual`;
}

/** Every pulled-out subquery of a plan, nested ones included (those of derived tables vtgate finishes too). */
function allPulled(p: PlannedRoute): PulledSubquery[] {
  const own = p.pulled ?? [];
  return [...own, ...own.flatMap((x) => allPulled(x.planned)), ...(p.derivedRoot ? allPulled(p.derivedRoot.inner) : []), ...derivedPlans(p.tree).flatMap(allPulled)];
}

function derivedPlans(n: JoinNode): PlannedRoute[] {
  switch (n.kind) {
    case 'route':
      return [];
    case 'join':
      return [...derivedPlans(n.left), ...derivedPlans(n.right)];
    case 'semi':
      return [...derivedPlans(n.left), ...derivedPlans(n.sub.tree)];
    case 'concat':
      return n.parts.flatMap((p) => derivedPlans(p.planned.tree));
    case 'derived':
      return derivedSources(n);
  }
}

/** Analyzes and plans a SELECT into routes only (no operators): for checks on views. */
export function planRoutes(ctx: PlanContext, stmt: SelectStatement): { planned: PlannedRoute; tables: readonly TableLeaf[] } {
  const rewritten = rewriteStatement(stmt);
  const analyzer = new Analyzer(ctx);
  analyzer.statement(rewritten, null);
  const planned = new SelectPlanner(ctx, analyzer).statement(rewritten);
  return { planned, tables: [...tablesOf(planned.tree), ...allPulled(planned).flatMap((p) => tablesOf(p.planned.tree))] };
}
