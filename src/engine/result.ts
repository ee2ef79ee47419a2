/**
 * What flows between engine operators: rows as arrays of typed values (Vitess's sqltypes.Value:
 * a MySQL type plus the bytes MySQL sent), and per column a field that says how to compare it
 * (collation) and how to hand it to mysql2 in the end (type, flags, decimals).
 */
import type { SqlType, SqlValue } from '../vindexes/value.js';
import { EngineError as EngineErrorForOffsets } from './errors.js';

export interface EngineField {
  readonly name: string;
  readonly type: SqlType;
  /** MySQL collation id of the column as the shard reported it (63: binary). */
  readonly collation: number;
  readonly flags: number;
  readonly decimals: number;
  readonly length: number;
  /** The shard's column definition (mysql2's), kept while the column passes through unchanged. */
  readonly source?: object;
}

export type Row = readonly SqlValue[];

export interface EngineResult {
  readonly fields: readonly EngineField[];
  readonly rows: readonly Row[];
}

/** A write's outcome, as mysql2's ResultSetHeader counts it. */
export interface EngineWrite {
  readonly affectedRows: number;
  readonly insertId: number | string;
  readonly changedRows: number;
  readonly warningStatus: number;
}

/** Fails with COLUMN_NOT_FOUND when an operator reads a column offset its input does not have. */
export function checkOffsets(operator: string, offsets: readonly number[], width: number): void {
  for (const o of offsets) {
    if (!(o >= 0 && o < width)) {
      throw new EngineErrorForOffsets('COLUMN_NOT_FOUND', `${operator} reads column ${o}, but its input has ${width} columns (a plan the router cannot execute)`,
        { details: { operator, offset: o, width } });
    }
  }
}
