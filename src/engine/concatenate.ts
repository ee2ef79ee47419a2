/**
 * Concatenate (UNION ALL across routes): every input's rows, one input after the other. The
 * inputs must have the same number of columns (MySQL error 1222); a column whose inputs disagree
 * on its type gets the type MySQL gives the union (numbers widen, anything else becomes text).
 */
import type { Concatenate } from '../planner/plan.js';
import { EngineError } from './errors.js';
import { unifiedType } from './eval/compile.js';
import { computedField, DEFAULT_COLLATION, isTextType, typeClass } from './fields.js';
import { exactOf } from './compare.js';
import { rescale } from './decimal.js';
import { decimalValue } from './eval/values.js';
import { textValue, valueText, type SqlType, type SqlValue } from '../vindexes/value.js';
import type { EngineContext } from './context.js';
import type { RunOperator } from './join.js';
import type { EngineField, EngineResult, Row } from './result.js';

export async function concatenate(ctx: EngineContext, op: Concatenate, run: RunOperator): Promise<EngineResult> {
  const results = await Promise.all(op.inputs.map((input) => run(ctx, input)));
  const width = results[0]?.fields.length ?? 0;
  if (results.some((r) => r.fields.length !== width)) {
    throw new EngineError('COLUMN_COUNT_MISMATCH', 'The used SELECT statements have a different number of columns', { details: { mysqlErrno: 1222 } });
  }
  /** Per column: the scale every value is written in, when the union's type is DECIMAL and an input's differs. */
  const scales: (number | null)[] = [];
  /** Per column: the text type every value is written as, when the union's column is text and an input's is not. */
  const toText: (SqlType | undefined)[] = [];
  const fields: EngineField[] = (results[0]?.fields ?? []).map((f, i) => {
    const inputs = results.map((r) => r.fields[i]!);
    scales.push(null);
    if (inputs.every((x) => x.type === f.type && x.decimals === f.decimals)) return f;
    const type = inputs.every((x) => x.type === f.type) ? f.type : unifiedType(inputs.map((x) => x.type));
    if (type === 'DECIMAL') {
      // MySQL writes every value of a DECIMAL union column with the largest scale of its inputs
      // (2 → 2.0000); a value vtgate computed carries its scale in its text only.
      let scale = Math.max(...inputs.map((x) => (typeClass(x.type) === 'decimal' ? x.decimals : 0)));
      results.forEach((r, j) => {
        if (typeClass(inputs[j]!.type) !== 'decimal') return;
        for (const row of r.rows) scale = Math.max(scale, exactOf(row[i]!)?.scale ?? 0);
      });
      scales[i] = scale;
      return computedField(f.name, type, { decimals: scale });
    }
    // A union column of text and other types is text: its values are written as text (so they compare as text).
    if (typeClass(type) === 'text') toText[i] = type;
    return computedField(f.name, type, isTextType(type) ? { collation: inputs.find((x) => isTextType(x.type))?.collation ?? DEFAULT_COLLATION } : {});
  });
  const rows: Row[] = [];
  const converted = scales.some((x) => x !== null) || toText.some((x) => x !== undefined);
  for (const r of results) for (const row of r.rows) rows.push(converted ? row.map((v, i) => asText(withScale(v, scales[i] ?? null), toText[i])) : row);
  return { fields, rows };
}

function asText(v: SqlValue, type: SqlType | undefined): SqlValue {
  if (type === undefined || v.type === 'NULL_TYPE' || typeClass(v.type) === 'text' || typeClass(v.type) === 'binary') return v;
  return textValue(type, valueText(v));
}

function withScale(v: SqlValue, scale: number | null): SqlValue {
  if (scale === null || v.type === 'NULL_TYPE') return v;
  const d = exactOf(v);
  return d ? decimalValue({ units: rescale(d, scale), scale }) : v;
}
