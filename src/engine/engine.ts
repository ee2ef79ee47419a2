/**
 * The engine: runs a plan's vtgate operators over typed rows (Vitess's engine primitives) —
 * routes fetched raw and merge-sorted, then aggregation, filtering, projection, sorting, limits,
 * de-duplication, unions, joins and pulled-out subqueries — and returns one result.
 */
import type { Operator } from '../planner/plan.js';
import { aggregate } from './aggregate.js';
import { concatenate } from './concatenate.js';
import type { EngineContext } from './context.js';
import { distinctRows } from './distinct.js';
import { EngineError } from './errors.js';
import { join, semiJoin } from './join.js';
import { limit } from './limit.js';
import { filter, projection, simpleProjection } from './projection.js';
import type { EngineResult } from './result.js';
import { runRoute } from './route.js';
import { sortRows } from './sort.js';
import { uncorrelatedSubquery } from './subquery.js';
import { textValue } from '../vindexes/value.js';
import { computedField } from './fields.js';

/** Operators whose rows the engine produces (the rest are statements the router runs itself). */
export function isEngineOperator(op: Operator): boolean {
  switch (op.kind) {
    case 'Aggregate': case 'Filter': case 'Sort': case 'Limit': case 'Distinct': case 'SimpleProjection': case 'Projection':
    case 'Join': case 'SemiJoin': case 'UncorrelatedSubquery': case 'Concatenate': case 'SingleRow':
      return true;
    default:
      return false;
  }
}

export async function runEngine(ctx: EngineContext, op: Operator): Promise<EngineResult> {
  switch (op.kind) {
    case 'Route':
    case 'VindexLookup':
      return runRoute(ctx, op);
    case 'Aggregate':
      return aggregate(ctx, op, await runEngine(ctx, op.input));
    case 'Filter':
      return filter(ctx, op, await runEngine(ctx, op.input));
    case 'Sort':
      return sortRows(ctx, op, await runEngine(ctx, op.input));
    case 'Limit':
      return limit(ctx, op, runEngine);
    case 'Distinct':
      return distinctRows(ctx, await runEngine(ctx, op.input));
    case 'SimpleProjection':
      return simpleProjection(op, await runEngine(ctx, op.input));
    case 'Projection':
      return projection(ctx, op, await runEngine(ctx, op.input));
    case 'Join':
      return join(ctx, op, runEngine);
    case 'SemiJoin':
      return semiJoin(ctx, op, runEngine);
    case 'UncorrelatedSubquery':
      return uncorrelatedSubquery(ctx, op, runEngine);
    case 'Concatenate':
      return concatenate(ctx, op, runEngine);
    case 'SingleRow':
      return { fields: [], rows: [[]] };
    case 'Rows':
      return {
        fields: op.fields.map((name) => computedField(name, 'VARCHAR')),
        rows: op.rows.map((r) => r.map((v) => (v === null ? textValue('NULL_TYPE', '') : textValue('VARCHAR', v)))),
      };
    default:
      throw new EngineError('OPERATOR_NOT_SUPPORTED', `the router does not execute the ${op.kind} operator inside a multi-operator plan`, { details: { operator: op.kind } });
  }
}
