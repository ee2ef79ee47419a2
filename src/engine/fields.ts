/**
 * Column definitions between mysql2 and the engine. A shard's mysql2 field (ColumnDefinition)
 * becomes an EngineField typed like Vitess's query.Type; a computed column (SUM, COUNT, an
 * expression) gets the field MySQL itself would send for it, so the final conversion to the
 * caller's JS values follows the same rules as for one server.
 */
import type { SqlType } from '../vindexes/value.js';
import type { EngineField } from './result.js';

export const BINARY_COLLATION = 63;
/** MariaDB's default (utf8mb4_general_ci). */
export const DEFAULT_COLLATION = 45;
const UNSIGNED_FLAG = 32;
const BINARY_FLAG = 128;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;

/** The parts of mysql2's ColumnDefinition the engine reads. */
export interface DriverField {
  readonly name?: string;
  readonly columnType?: number;
  readonly type?: number;
  readonly characterSet?: number;
  readonly flags?: number;
  readonly decimals?: number;
  readonly columnLength?: number;
  /** MariaDB's extended metadata (mysql2 reads it): `json` for a JSON column, sent as LONGTEXT. */
  readonly extendedFormat?: string;
}

/** The query.Type of a mysql2 column definition (protocol type code, UNSIGNED flag, binary charset). */
export function driverFieldType(f: DriverField): SqlType {
  if (f.extendedFormat === 'json') return 'JSON';
  return sqlTypeOf(f.columnType ?? f.type ?? 253, f.flags ?? 0, f.characterSet ?? DEFAULT_COLLATION);
}

export function fromDriverField(f: DriverField): EngineField {
  const code = f.columnType ?? f.type ?? 253;
  const flags = f.flags ?? 0;
  const collation = f.characterSet ?? DEFAULT_COLLATION;
  return {
    name: f.name ?? '',
    type: f.extendedFormat === 'json' ? 'JSON' : sqlTypeOf(code, flags, collation),
    collation,
    flags,
    decimals: f.decimals ?? 0,
    length: f.columnLength ?? 0,
    source: f,
  };
}

function sqlTypeOf(code: number, flags: number, collation: number): SqlType {
  const unsigned = (flags & UNSIGNED_FLAG) !== 0;
  const binary = collation === BINARY_COLLATION;
  switch (code) {
    case 1: return unsigned ? 'UINT8' : 'INT8';
    case 2: return unsigned ? 'UINT16' : 'INT16';
    case 9: return unsigned ? 'UINT24' : 'INT24';
    case 3: return unsigned ? 'UINT32' : 'INT32';
    case 8: return unsigned ? 'UINT64' : 'INT64';
    case 13: return 'YEAR';
    case 4: return 'FLOAT32';
    case 5: return 'FLOAT64';
    case 0: case 246: return 'DECIMAL';
    case 6: return 'NULL_TYPE';
    case 7: return 'TIMESTAMP';
    case 10: case 14: return 'DATE';
    case 11: return 'TIME';
    case 12: return 'DATETIME';
    case 16: return 'BIT';
    case 245: return 'JSON';
    case 247: return 'ENUM';
    case 248: return 'SET';
    case 255: return 'GEOMETRY';
    case 249: case 250: case 251: case 252: return binary ? 'BLOB' : 'TEXT';
    case 254:
      if ((flags & ENUM_FLAG) !== 0) return 'ENUM';
      if ((flags & SET_FLAG) !== 0) return 'SET';
      return binary ? 'BINARY' : 'CHAR';
    default: return binary ? 'VARBINARY' : 'VARCHAR';
  }
}

/** mysql2's column type code for a type (what MySQL sends for such a column). */
export function driverTypeCode(t: SqlType): number {
  switch (t) {
    case 'INT8': case 'UINT8': return 1;
    case 'INT16': case 'UINT16': return 2;
    case 'INT24': case 'UINT24': return 9;
    case 'INT32': case 'UINT32': return 3;
    case 'INT64': case 'UINT64': return 8;
    case 'YEAR': return 13;
    case 'FLOAT32': return 4;
    case 'FLOAT64': return 5;
    case 'DECIMAL': return 246;
    case 'NULL_TYPE': return 6;
    case 'TIMESTAMP': return 7;
    case 'DATE': return 10;
    case 'TIME': return 11;
    case 'DATETIME': return 12;
    case 'BIT': return 16;
    case 'JSON': return 245;
    case 'GEOMETRY': return 255;
    case 'TEXT': case 'BLOB': return 252;
    case 'CHAR': case 'BINARY': case 'ENUM': case 'SET': return 254;
    default: return 253;
  }
}

/** A computed column's field: the name the user sees, its type, and the collation text keeps. */
export function computedField(name: string, type: SqlType, opts: { collation?: number; decimals?: number; length?: number; unsigned?: boolean } = {}): EngineField {
  const textual = isTextType(type);
  const collation = opts.collation ?? (typeClass(type) === 'text' ? DEFAULT_COLLATION : BINARY_COLLATION);
  let flags = opts.unsigned || type.startsWith('UINT') ? UNSIGNED_FLAG : 0;
  if (!textual || collation === BINARY_COLLATION) flags |= BINARY_FLAG;
  return { name, type, collation, flags, decimals: opts.decimals ?? (type === 'FLOAT64' || type === 'FLOAT32' ? 31 : 0), length: opts.length ?? 0 };
}

/**
 * The column name MySQL shows for an expression the plan prints (`max(\`name\`)`): MySQL names
 * an unaliased column after the text the user wrote, which quotes keywords only when the user did.
 */
export function displayName(printed: string): string {
  return /[(\s]/.test(printed) ? printed.replace(/`([^`]*)`/g, '$1') : printed;
}

/** The same column under another name or type: the shard's definition no longer describes it. */
export function renamed(f: EngineField, name: string): EngineField {
  if (f.name === name) return f;
  const { source: _source, ...rest } = f;
  return { ...rest, name };
}

export type TypeClass = 'null' | 'int' | 'uint' | 'decimal' | 'float' | 'text' | 'binary' | 'temporal' | 'other';

export function typeClass(t: SqlType): TypeClass {
  switch (t) {
    case 'NULL_TYPE': return 'null';
    case 'INT8': case 'INT16': case 'INT24': case 'INT32': case 'INT64': return 'int';
    case 'UINT8': case 'UINT16': case 'UINT24': case 'UINT32': case 'UINT64': case 'YEAR': return 'uint';
    case 'DECIMAL': return 'decimal';
    case 'FLOAT32': case 'FLOAT64': return 'float';
    case 'TEXT': case 'VARCHAR': case 'CHAR': case 'ENUM': case 'SET': case 'JSON': return 'text';
    case 'BLOB': case 'VARBINARY': case 'BINARY': case 'GEOMETRY': case 'BIT': return 'binary';
    case 'DATE': case 'DATETIME': case 'TIMESTAMP': case 'TIME': return 'temporal';
    default: return 'other';
  }
}

export function isTextType(t: SqlType): boolean {
  const c = typeClass(t);
  return c === 'text' || c === 'binary';
}

export function isNumericType(t: SqlType): boolean {
  const c = typeClass(t);
  return c === 'int' || c === 'uint' || c === 'decimal' || c === 'float';
}
