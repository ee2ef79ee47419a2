/**
 * Distinct: the first row of each set of equal rows (Vitess's Distinct with CheckCols). Rows are
 * compared on the plan's columns — by the weight_string bytes where the shard returned them,
 * else under the column's collation —, on every column when the plan lists none; the helper
 * weight_string columns are then dropped.
 */
import type { Distinct } from '../planner/plan.js';
import { columnKeys, isNullValue, valueKey } from './compare.js';
import { textKey } from './collation.js';
import { BINARY_COLLATION } from './fields.js';
import { checkMemory, type EngineContext } from './context.js';
import type { EngineField, EngineResult, Row } from './result.js';
import { truncate } from './route.js';

export function distinctRows(ctx: EngineContext, op: Distinct, input: EngineResult): EngineResult {
  const keyOf = distinctKey(op, input.fields, input.rows);
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const row of input.rows) {
    const key = keyOf(row);
    if (seen.has(key)) continue;
    seen.add(key);
    checkMemory(ctx, seen.size, 'Distinct');
    rows.push(row);
  }
  return truncate({ fields: input.fields, rows }, op.resultColumns);
}

/** The text two rows share exactly when Distinct counts them as equal. */
export function distinctKey(op: Distinct, fields: readonly EngineField[], rows?: readonly Row[]): (row: Row) => string {
  const columns = op.columns.length > 0 ? op.columns : fields.map((_, col) => ({ col, weightStringCol: -1 }));
  const keys = columnKeys(columns, fields, rows);
  return (row) => keys
    .map((k) => {
      const v = row[k.col]!;
      if (k.asText && !isNullValue(v)) return `t${textKey(v.raw, k.collation)}`;
      const w = k.weightStringCol >= 0 ? row[k.weightStringCol]! : undefined;
      return w !== undefined && !isNullValue(w) ? valueKey(w, BINARY_COLLATION) : valueKey(row[k.col]!, k.collation);
    })
    .join('\u0001');
}
