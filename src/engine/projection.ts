/**
 * SimpleProjection keeps input columns by offset; Projection computes each output column from
 * an expression (`:__col1 / :__col4 as avg(x)`), typed as MySQL types the expression; Filter
 * keeps the rows whose predicate is true (NULL and false drop the row).
 */
import type { Filter, Projection, SimpleProjection } from '../planner/plan.js';
import type { EngineContext } from './context.js';
import { compile, type Compiled } from './eval/compile.js';
import { truthOf } from './eval/values.js';
import { computedField, displayName, renamed } from './fields.js';
import { checkOffsets, type EngineField, type EngineResult } from './result.js';
import { truncate } from './route.js';

export function simpleProjection(op: SimpleProjection, input: EngineResult): EngineResult {
  const cols = op.columns;
  checkOffsets('SimpleProjection', cols, input.fields.length);
  return { fields: cols.map((c) => input.fields[c]!), rows: input.rows.map((r) => cols.map((c) => r[c]!)) };
}

export function projection(ctx: EngineContext, op: Projection, input: EngineResult): EngineResult {
  // The plan's executable columns: expressions over input offsets, named as the user wrote them.
  const parts = op.exprs.map(({ expr, name }) => {
    const compiled = compile(expr, input.fields, ctx.binds);
    return { compiled, field: outputField(compiled, displayName(name), input.fields) };
  });
  const rows = input.rows.map((row) => parts.map((p) => p.compiled.evaluate(row, ctx.binds)));
  return { fields: parts.map((p) => p.field), rows };
}

function outputField(c: Compiled, name: string, fields: readonly EngineField[]): EngineField {
  if (c.column !== undefined) return renamed(fields[c.column]!, name);
  return computedField(name, c.type, { collation: c.collation, decimals: c.type === 'DECIMAL' ? 4 : undefined });
}

export function filter(ctx: EngineContext, op: Filter, input: EngineResult): EngineResult {
  const predicate = compile(op.expr, input.fields, ctx.binds);
  const kept = { fields: input.fields, rows: input.rows.filter((row) => truthOf(predicate.evaluate(row, ctx.binds)) === true) };
  // Columns only the predicate read are dropped after it.
  return truncate(kept, op.resultColumns);
}
