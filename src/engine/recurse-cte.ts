/**
 * RecurseCTE (a recursive CTE vtgate runs): the seed's rows, then round after round the term's
 * rows, the term running once per row of the previous round with that row's columns bound as
 * `vars`; it ends with the first round that produces no row. Rounds are capped as MySQL caps
 * them (cte_max_recursion_depth, 1000 by default), so a recursion that never ends fails instead
 * of filling memory.
 */
import type { RecurseCte } from '../planner/plan-vtgate.js';
import type { BindVariable } from '../vindexes/types.js';
import { NULL_VALUE } from '../vindexes/value.js';
import { checkMemory, withBinds, type EngineContext } from './context.js';
import { EngineError } from './errors.js';
import type { RunOperator } from './join.js';
import { checkOffsets, type EngineResult, type Row } from './result.js';

/** MySQL's default @@cte_max_recursion_depth. */
export const MAX_RECURSION_DEPTH = 1000;

export async function recurseCte(ctx: EngineContext, op: RecurseCte, run: RunOperator): Promise<EngineResult> {
  const seed = await run(ctx, op.seed);
  const width = seed.fields.length;
  checkOffsets('RecurseCTE', Object.values(op.vars), width);
  const rows: Row[] = [...seed.rows];
  let previous: readonly Row[] = seed.rows;
  for (let round = 1; previous.length > 0; round++) {
    if (round > MAX_RECURSION_DEPTH) {
      throw new EngineError('RECURSION_LIMIT', `Recursive query aborted after ${round} iterations. Try increasing @@cte_max_recursion_depth to a larger value.`, {
        details: { operator: 'RecurseCTE', limit: MAX_RECURSION_DEPTH },
      });
    }
    const next: Row[] = [];
    for (const row of previous) {
      const vars = new Map<string, BindVariable>(Object.entries(op.vars).map(([name, col]) => [name, row[col] ?? NULL_VALUE]));
      const term = await run(withBinds(ctx, vars), op.term);
      next.push(...term.rows);
      checkMemory(ctx, rows.length + next.length, 'RecurseCTE');
    }
    rows.push(...next);
    previous = next;
  }
  return { fields: seed.fields, rows };
}
