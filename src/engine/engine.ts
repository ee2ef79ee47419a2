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
import { recurseCte } from './recurse-cte.js';
import { sortRows } from './sort.js';
import { subqueryVars, uncorrelatedSubquery } from './subquery.js';
import { dmlWithInput, sequential } from './dml.js';
import { insertSelect } from './insert-select.js';
import { withBinds } from './context.js';
import type { EngineWrite } from './result.js';
import { textValue } from '../vindexes/value.js';
import { computedField } from './fields.js';

/** Operators whose rows the engine produces (the rest are statements the router runs itself). */
export function isEngineOperator(op: Operator): boolean {
  switch (op.kind) {
    case 'Aggregate': case 'Filter': case 'Sort': case 'Limit': case 'Distinct': case 'SimpleProjection': case 'Projection':
    case 'Join': case 'SemiJoin': case 'UncorrelatedSubquery': case 'Concatenate': case 'SingleRow': case 'RecurseCTE':
      return true;
    default:
      return false;
  }
}

/** Writes the engine drives (the DML statements themselves run through the router's port). */
export function isEngineWrite(op: Operator): boolean {
  switch (op.kind) {
    case 'DMLWithInput': case 'Sequential':
      return true;
    case 'Insert':
      return op.variant === 'Select';
    case 'UncorrelatedSubquery':
      return isWrite(op.outer);
    default:
      return false;
  }
}

function isWrite(op: Operator): boolean {
  return op.kind === 'Update' || op.kind === 'Delete' || op.kind === 'Insert' || isEngineWrite(op);
}

export async function runEngineWrite(ctx: EngineContext, op: Operator): Promise<EngineWrite> {
  switch (op.kind) {
    case 'DMLWithInput':
      return dmlWithInput(ctx, op, runEngine, runEngineWrite);
    case 'Sequential':
      return sequential(ctx, op, runEngineWrite);
    case 'Insert':
      if (op.variant === 'Select') return insertSelect(ctx, op, runEngine, runEngineWrite);
      return ctx.port.write(op, ctx.binds);
    case 'UncorrelatedSubquery':
      return runEngineWrite(withBinds(ctx, await subqueryVars(ctx, op, runEngine)), op.outer);
    default:
      return ctx.port.write(op, ctx.binds);
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
      return distinctRows(ctx, op, await runEngine(ctx, op.input));
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
    case 'RecurseCTE':
      return recurseCte(ctx, op, runEngine);
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
