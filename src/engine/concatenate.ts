/**
 * Concatenate (UNION ALL across routes): every input's rows, one input after the other. The
 * inputs must have the same number of columns (MySQL error 1222); a column whose inputs disagree
 * on its type gets the type MySQL gives the union (numbers widen, anything else becomes text).
 */
import type { Concatenate } from '../planner/plan.js';
import { EngineError } from './errors.js';
import { unifiedType } from './eval/compile.js';
import { computedField, DEFAULT_COLLATION, isTextType } from './fields.js';
import type { EngineContext } from './context.js';
import type { RunOperator } from './join.js';
import type { EngineField, EngineResult, Row } from './result.js';

export async function concatenate(ctx: EngineContext, op: Concatenate, run: RunOperator): Promise<EngineResult> {
  const results = await Promise.all(op.inputs.map((input) => run(ctx, input)));
  const width = results[0]?.fields.length ?? 0;
  if (results.some((r) => r.fields.length !== width)) {
    throw new EngineError('COLUMN_COUNT_MISMATCH', 'The used SELECT statements have a different number of columns', { details: { mysqlErrno: 1222 } });
  }
  const fields: EngineField[] = (results[0]?.fields ?? []).map((f, i) => {
    const types = results.map((r) => r.fields[i]!.type);
    if (types.every((t) => t === f.type)) return f;
    const type = unifiedType(types);
    return computedField(f.name, type, isTextType(type) ? { collation: results.map((r) => r.fields[i]!).find((x) => isTextType(x.type))?.collation ?? DEFAULT_COLLATION } : {});
  });
  const rows: Row[] = [];
  for (const r of results) for (const row of r.rows) rows.push(row);
  return { fields, rows };
}
