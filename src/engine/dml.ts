/**
 * Writes that need vtgate's help (Vitess engine DMLWithInput, Sequential, and a pulled-out
 * subquery feeding a DML):
 *   - DMLWithInput: `source` selects the primary keys of the rows to change (with the LIMIT,
 *     ORDER BY or join vtgate applied); each DML then runs once with those keys bound as the
 *     list `::dml_vals` — or, when it reads other columns by name (`bindVars`), once per row.
 *     No selected row: nothing runs.
 *   - Sequential: the inputs run one after the other; affected rows add up.
 */
import type { DmlWithInput, Operator, Sequential } from '../planner/plan.js';
import type { BindVariable } from '../vindexes/types.js';
import { withBinds, type EngineContext } from './context.js';
import { EngineError } from './errors.js';
import type { EngineResult, EngineWrite } from './result.js';

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
    if (offsets.length !== 1) {
      throw new EngineError('OPERATOR_NOT_SUPPORTED',
        'DML with input on a multi-column primary key (row tuples bound as ::dml_vals) is not executed by the router yet',
        { details: { operator: 'DMLWithInput', columns: offsets.length } });
    }
    const col = offsets[0]!;
    if (Object.keys(named).length === 0) {
      const vals: BindVariable = { type: 'TUPLE', values: source.rows.map((r) => r[col]!) };
      total = addWrites(total, await write(withBinds(ctx, new Map([['dml_vals', vals]])), dml));
      continue;
    }
    for (const row of source.rows) {
      const binds = new Map<string, BindVariable>([['dml_vals', { type: 'TUPLE', values: [row[col]!] }]]);
      for (const [name, offset] of Object.entries(named)) binds.set(name, row[offset]!);
      total = addWrites(total, await write(withBinds(ctx, binds), dml));
    }
  }
  return total;
}

export async function sequential(ctx: EngineContext, op: Sequential, write: RunWrite): Promise<EngineWrite> {
  let total = NO_WRITE;
  for (const input of op.inputs) total = addWrites(total, await write(ctx, input));
  return total;
}
