/**
 * Writes that need vtgate's help (Vitess engine DMLWithInput, Sequential, and a pulled-out
 * subquery feeding a DML):
 *   - DMLWithInput: `source` selects the primary keys of the rows to change (with the LIMIT,
 *     ORDER BY or join vtgate applied); each DML then runs once with those keys bound as the
 *     list `::dml_vals` (row tuples for a key of several columns) — or, when it reads other
 *     columns by name (`bindVars`), once per row.
 *     No selected row: nothing runs.
 *   - Sequential: the inputs run one after the other; affected rows add up.
 */
import type { DmlWithInput, Operator, Sequential } from '../planner/plan.js';
import type { BindVariable, RowTuple } from '../vindexes/types.js';
import { withBinds, type EngineContext } from './context.js';
import { EngineError } from './errors.js';
import type { EngineResult, EngineWrite, Row } from './result.js';

export type RunRows = (ctx: EngineContext, op: Operator) => Promise<EngineResult>;
export type RunWrite = (ctx: EngineContext, op: Operator) => Promise<EngineWrite>;

export const NO_WRITE: EngineWrite = Object.freeze({ affectedRows: 0, insertId: 0, changedRows: 0, warningStatus: 0 });

export function addWrites(a: EngineWrite, b: EngineWrite): EngineWrite {
  return {
    affectedRows: a.affectedRows + b.affectedRows,
    insertId: a.insertId || b.insertId,
    changedRows: a.changedRows + b.changedRows,
    warningStatus: a.warningStatus + b.warningStatus,
  };
}

export async function dmlWithInput(ctx: EngineContext, op: DmlWithInput, rows: RunRows, write: RunWrite): Promise<EngineWrite> {
  const source = await rows(ctx, op.source);
  if (source.rows.length === 0) return NO_WRITE;
  let total = NO_WRITE;
  for (const [i, dml] of op.dml.entries()) {
    const offsets = op.offsets[i] ?? [];
    const named = op.bindVars[i] ?? {};
    if (offsets.length === 0) {
      throw new EngineError('OPERATOR_NOT_SUPPORTED', 'DML with input without the key columns of its target', { details: { operator: 'DMLWithInput' } });
    }
    if (Object.keys(named).length === 0) {
      total = addWrites(total, await write(withBinds(ctx, new Map([['dml_vals', dmlVals(source.rows, offsets)]])), dml));
      continue;
    }
    for (const row of source.rows) {
      const binds = new Map<string, BindVariable>([['dml_vals', dmlVals([row], offsets)]]);
      for (const [name, offset] of Object.entries(named)) binds.set(name, row[offset]!);
      total = addWrites(total, await write(withBinds(ctx, binds), dml));
    }
  }
  return total;
}

/**
 * `::dml_vals`: the key of each row, a list of values for a one-column key (Vitess getBVSingle)
 * or of row tuples for a key of several columns (getBVMulti), matching `(a, b) in ::dml_vals`.
 */
export function dmlVals(rows: readonly Row[], offsets: readonly number[]): BindVariable {
  if (offsets.length === 1) return { type: 'TUPLE', values: rows.map((r) => r[offsets[0]!]!) };
  return { type: 'TUPLE', values: rows.map((r): RowTuple => ({ type: 'ROW_TUPLE', values: offsets.map((o) => r[o]!) })) };
}

export async function sequential(ctx: EngineContext, op: Sequential, write: RunWrite): Promise<EngineWrite> {
  let total = NO_WRITE;
  for (const input of op.inputs) total = addWrites(total, await write(ctx, input));
  return total;
}
