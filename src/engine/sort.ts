/** Sort: vtgate's in-memory ORDER BY (after aggregation or a join), stable, under each column's collation. */
import type { Sort } from '../planner/plan.js';
import { columnKeys, compareOn } from './compare.js';
import { checkMemory, type EngineContext } from './context.js';
import { checkOffsets, type EngineResult } from './result.js';
import { truncate } from './route.js';

export function sortRows(ctx: EngineContext, op: Sort, input: EngineResult): EngineResult {
  checkMemory(ctx, input.rows.length, 'Sort');
  checkOffsets('Sort', op.keys.flatMap((k) => (k.weightStringCol >= 0 ? [k.col, k.weightStringCol] : [k.col])), input.fields.length);
  const keys = columnKeys(op.keys, input.fields, input.rows);
  const rows = [...input.rows].sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareOn(a, b, keys[i]!);
      if (c !== 0) return op.keys[i]!.desc ? -c : c;
    }
    return 0;
  });
  return truncate({ fields: input.fields, rows }, op.resultColumns);
}
