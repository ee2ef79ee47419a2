/**
 * UncorrelatedSubquery (Vitess PulloutSubquery): the subquery runs first and its rows reach the
 * outer query as bind variables:
 *   - IN / NOT IN: `__sq_has_values` (1 or 0) and `__sq1`, the list of the first column's
 *     values (a placeholder list holding 0 when empty, never read then);
 *   - EXISTS: `__sq_has_values`;
 *   - a value: `__sq1`, NULL without rows; more than one row is MySQL error 1242.
 */
import type { UncorrelatedSubquery } from '../planner/plan.js';
import type { BindVariable } from '../vindexes/types.js';
import { NULL_VALUE, textValue } from '../vindexes/value.js';
import { withBinds, type EngineContext } from './context.js';
import { EngineError } from './errors.js';
import type { RunOperator } from './join.js';
import type { EngineResult } from './result.js';

export async function uncorrelatedSubquery(ctx: EngineContext, op: UncorrelatedSubquery, run: RunOperator): Promise<EngineResult> {
  return run(withBinds(ctx, await subqueryVars(ctx, op, run)), op.outer);
}

/** Runs the subquery; the bind variables its result gives the outer query. */
export async function subqueryVars(ctx: EngineContext, op: UncorrelatedSubquery, run: RunOperator): Promise<Map<string, BindVariable>> {
  const sub = await run(ctx, op.subquery);
  const vars = new Map<string, BindVariable>();
  const hasValues = textValue('INT64', sub.rows.length > 0 ? '1' : '0');
  switch (op.variant) {
    case 'PulloutIn':
    case 'PulloutNotIn': {
      const [hasName, listName] = op.vars.length > 1 ? op.vars : ['__sq_has_values', op.vars[0]!];
      if (sub.rows.length > 0 && sub.fields.length !== 1) throw operandColumns();
      vars.set(hasName!, hasValues);
      vars.set(listName!, { type: 'TUPLE', values: sub.rows.length > 0 ? sub.rows.map((r) => r[0]!) : [textValue('INT64', '0')] });
      break;
    }
    case 'PulloutExists':
      vars.set(op.vars[0] ?? '__sq_has_values', hasValues);
      break;
    case 'PulloutValue': {
      if (sub.rows.length > 1) throw new EngineError('SUBQUERY_RETURNED_ROWS', 'Subquery returns more than 1 row', { details: { mysqlErrno: 1242 } });
      if (sub.fields.length > 1) throw operandColumns();
      vars.set(op.vars[op.vars.length - 1] ?? '__sq1', sub.rows[0]?.[0] ?? NULL_VALUE);
      break;
    }
  }
  return vars;
}

function operandColumns(): EngineError {
  return new EngineError('OPERAND_COLUMNS', 'Operand should contain 1 column(s)', { details: { mysqlErrno: 1241 } });
}
