/** Distinct: the first row of each set of rows equal column by column (each column under its collation). */
import { valueKey } from './compare.js';
import { checkMemory, type EngineContext } from './context.js';
import type { EngineResult, Row } from './result.js';

export function distinctRows(ctx: EngineContext, input: EngineResult): EngineResult {
  const seen = new Set<string>();
  const rows: Row[] = [];
  const collations = input.fields.map((f) => f.collation);
  for (const row of input.rows) {
    const key = row.map((v, i) => valueKey(v, collations[i])).join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    checkMemory(ctx, seen.size, 'Distinct');
    rows.push(row);
  }
  return { fields: input.fields, rows };
}
