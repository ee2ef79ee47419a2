/**
 * Shard results read raw: mysql2 is asked for arrays of each cell's bytes (no JS conversion), so
 * the engine holds exactly what MySQL sent, typed from the column definitions.
 */
import { NULL_VALUE, type SqlValue } from '../vindexes/value.js';
import { fromDriverField, type DriverField } from './fields.js';
import type { EngineResult, Row } from './result.js';

interface RawField {
  buffer(): Uint8Array | null;
}

/** mysql2 query options for raw rows. */
export const RAW_QUERY_OPTIONS = Object.freeze({
  rowsAsArray: true,
  typeCast: (field: RawField): Uint8Array | null => field.buffer(),
});

/** One shard's `[rows, fields]` read with RAW_QUERY_OPTIONS. */
export function fromDriverResult(rows: unknown, fields: unknown): EngineResult {
  const engineFields = (Array.isArray(fields) ? (fields as DriverField[]) : []).map(fromDriverField);
  if (!Array.isArray(rows)) return { fields: engineFields, rows: [] };
  const types = engineFields.map((f) => f.type);
  const out: Row[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as (Uint8Array | null | undefined)[];
    const values: SqlValue[] = new Array(row.length);
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      values[i] = cell === null || cell === undefined ? NULL_VALUE : { type: types[i] ?? 'VARBINARY', raw: cell };
    }
    out[r] = values;
  }
  return { fields: engineFields, rows: out };
}
