/** Limit: LIMIT [offset,] count over the input's rows. */
import type { Limit } from '../planner/plan.js';
import { evalSingle } from '../routing/binds.js';
import { textValue, valueText } from '../vindexes/value.js';
import { withBinds, type EngineContext } from './context.js';
import type { RunOperator } from './join.js';
import { EngineError } from './errors.js';
import type { EngineResult } from './result.js';

/**
 * The input reads `:__upper_limit` (offset + count: each shard returns that many rows at most),
 * as Vitess's Limit binds it.
 */
export async function limit(ctx: EngineContext, op: Limit, run: RunOperator): Promise<EngineResult> {
  const count = limitNumber(ctx, op.count, 'count');
  const offset = op.offset === null ? 0 : limitNumber(ctx, op.offset, 'offset');
  const input = await run(withBinds(ctx, new Map([['__upper_limit', textValue('INT64', String(offset + count))]])), op.input);
  return { fields: input.fields, rows: input.rows.slice(offset, offset + count) };
}

/** A LIMIT count or offset as a number (BIND_INVALID unless a non-negative integer). */
export function limitNumber(ctx: EngineContext, v: Limit['count'], what: string): number {
  const value = evalSingle(v, ctx.binds);
  const text = valueText(value);
  if (!/^[0-9]+$/.test(text)) throw new EngineError('BIND_INVALID', `LIMIT ${what} must be a non-negative integer`, { details: { what } });
  return Number(text);
}
