/**
 * Results as mysql2 shapes them. A statement answered by one shard returns mysql2's own
 * `[rows, fields]`. Several shards: SELECT rows are concatenated in shard order (the fields of
 * the first shard that answered); writes are summed into one ResultSetHeader-shaped object.
 */
import type { DriverResult } from '../executor/driver.js';
import { driverFieldType, type DriverField } from '../engine/fields.js';
import { NULL_VALUE, type SqlValue } from '../vindexes/value.js';

/** The fields of mysql2's ResultSetHeader. */
export interface RouterResultHeader {
  readonly fieldCount: 0;
  readonly affectedRows: number;
  /** The first id generated for the statement (sequence or AUTO_INCREMENT), else 0. */
  readonly insertId: number | string;
  readonly info: string;
  readonly serverStatus: number;
  readonly warningStatus: number;
  readonly changedRows: number;
}

export function isHeader(rows: unknown): rows is RouterResultHeader {
  return rows !== null && typeof rows === 'object' && !Array.isArray(rows) && typeof (rows as { affectedRows?: unknown }).affectedRows === 'number';
}

export function header(fields: { affectedRows: number; insertId?: bigint | number | string; changedRows?: number; warningStatus?: number }): RouterResultHeader {
  return {
    fieldCount: 0,
    affectedRows: fields.affectedRows,
    insertId: idNumber(fields.insertId ?? 0),
    info: '',
    serverStatus: 2,
    warningStatus: fields.warningStatus ?? 0,
    changedRows: fields.changedRows ?? 0,
  };
}

/** mysql2 reports ids as numbers; an id past 2^53 comes back as its exact text. */
export function idNumber(id: bigint | number | string): number | string {
  if (typeof id === 'number') return id;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : String(id);
}

export function merge(results: readonly DriverResult[]): DriverResult {
  if (results.length === 1) return results[0]!;
  if (results.length === 0) return [[], []];
  if (results.every((r) => isHeader(r[0]))) {
    let affectedRows = 0;
    let changedRows = 0;
    let warningStatus = 0;
    let insertId: number | string = 0;
    for (const [h] of results as [RouterResultHeader, unknown][]) {
      affectedRows += h.affectedRows;
      changedRows += h.changedRows ?? 0;
      warningStatus += h.warningStatus ?? 0;
      if (insertId === 0 && h.insertId) insertId = h.insertId;
    }
    return [header({ affectedRows, insertId, changedRows, warningStatus }), undefined];
  }
  const rows: unknown[] = [];
  let fields: unknown = undefined;
  for (const [r, f] of results) {
    if (Array.isArray(r)) for (const row of r) rows.push(row);
    if (fields === undefined || (Array.isArray(fields) && fields.length === 0)) fields = f;
  }
  return [rows, fields];
}

/** A synthesized one-column BIGINT result (select next N values). */
export function bigintRow(column: string, value: bigint): DriverResult {
  return [[{ [column]: idNumber(value) }], [{ name: column, columnType: 8, type: 8 }]];
}

// --- raw rows for lookup statements --------------------------------------------------------

/** Query options that make mysql2 return each cell's raw bytes (Vitess holds values as bytes). */
export const RAW_ROWS = { rowsAsArray: true, typeCast: (field: { buffer(): Uint8Array | null }) => field.buffer() } as const;

/** mysql2 rows read with RAW_ROWS → SqlValues typed from the column definitions. */
export function rawRowsToValues(rows: unknown, fields: unknown): SqlValue[][] {
  if (!Array.isArray(rows)) return [];
  const types = (Array.isArray(fields) ? (fields as DriverField[]) : []).map(driverFieldType);
  return (rows as (Uint8Array | null)[][]).map((row) =>
    row.map((cell, i): SqlValue => (cell === null || cell === undefined ? NULL_VALUE : { type: types[i] ?? 'VARBINARY', raw: new Uint8Array(cell) })),
  );
}

