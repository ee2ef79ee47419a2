/** Sort: vtgate's in-memory ORDER BY (after aggregation or a join), stable, under each column's collation. */
import type { Sort } from '../planner/plan.js';
import { compareValues } from './compare.js';
import { checkMemory, type EngineContext } from './context.js';
import { checkOffsets, type EngineResult } from './result.js';
import { truncate } from './route.js';

export function sortRows(ctx: EngineContext, op: Sort, input: EngineResult): EngineResult {
  checkMemory(ctx, input.rows.length, 'Sort');
  checkOffsets('Sort', op.keys.map((k) => k.col), input.fields.length);
  const keys = op.keys.map((k) => ({ ...k, collation: input.fields[k.col]?.collation ?? 63 }));
  const rows = [...input.rows].sort((a, b) => {
    for (const k of keys) {
      const c = compareValues(a[k.col]!, b[k.col]!, k.collation);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
  return truncate({ fields: input.fields, rows }, op.resultColumns);
}
