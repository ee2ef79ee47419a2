/**
 * SQL values as Vitess holds them (sqltypes.Value): a query.Type name plus the raw bytes
 * MySQL would send — integers as decimal text, floats in shortest round-trip form, strings as
 * their bytes, NULL as empty bytes. Vindexes hash these bytes, so the representation is the
 * contract that makes keyspace ids equal to Vitess's.
 */
import { VindexError } from '../errors.js';

/** The query.Type names a value can carry (see vschema/proto-fields.ts QUERY_TYPES). */
export type SqlType =
  | 'NULL_TYPE' | 'INT8' | 'UINT8' | 'INT16' | 'UINT16' | 'INT24' | 'UINT24' | 'INT32' | 'UINT32'
  | 'INT64' | 'UINT64' | 'FLOAT32' | 'FLOAT64' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'DATETIME' | 'YEAR'
  | 'DECIMAL' | 'TEXT' | 'BLOB' | 'VARCHAR' | 'VARBINARY' | 'CHAR' | 'BINARY' | 'BIT' | 'ENUM'
  | 'SET' | 'GEOMETRY' | 'JSON' | 'EXPRESSION' | 'HEXNUM' | 'HEXVAL' | 'BITNUM';

export interface SqlValue {
  readonly type: SqlType;
  /** The value's text bytes as MySQL sends them; empty for NULL. */
  readonly raw: Uint8Array;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

export const NULL_VALUE: SqlValue = Object.freeze({ type: 'NULL_TYPE', raw: EMPTY });

const SIGNED: ReadonlySet<SqlType> = new Set(['INT8', 'INT16', 'INT24', 'INT32', 'INT64']);
const UNSIGNED: ReadonlySet<SqlType> = new Set(['UINT8', 'UINT16', 'UINT24', 'UINT32', 'UINT64', 'YEAR']);

export function isNull(v: SqlValue): boolean {
  return v.type === 'NULL_TYPE';
}
export function isSignedIntegral(t: SqlType): boolean {
  // Compared directly rather than through SIGNED: every hash of a value asks this.
  return t === 'INT64' || t === 'INT32' || t === 'INT24' || t === 'INT16' || t === 'INT8';
}
/** Signed or unsigned integer types, and YEAR (Vitess's IsIntegral). */
export function isIntegral(t: SqlType): boolean {
  return SIGNED.has(t) || UNSIGNED.has(t);
}

/** A value from its type and text, e.g. `textValue('INT64', '-1')` or `textValue('HEXNUM', '0x9efa')`. */
export function textValue(type: SqlType, text: string): SqlValue {
  return Object.freeze({ type, raw: type === 'NULL_TYPE' ? EMPTY : utf8(text) });
}

/**
 * textValue without Object.freeze, for the values a statement binds on every plan-cache hit
 * (Planner.prepare): read-only by their type, and freezing costs as much as building them.
 */
export function statementTextValue(type: SqlType, text: string): SqlValue {
  return { type, raw: type === 'NULL_TYPE' ? EMPTY : utf8(text) };
}

/** UTF-8 bytes of text; short ASCII text (numbers, ids: most routing values) skips TextEncoder's fixed cost. */
function utf8(text: string): Uint8Array {
  const n = text.length;
  if (n > 32) return encoder.encode(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

/** A value from raw bytes (VARBINARY by default). */
export function bytesValue(bytes: Uint8Array, type: SqlType = 'VARBINARY'): SqlValue {
  return Object.freeze({ type, raw: bytes });
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** JavaScript values a caller may bind, and the SqlValue each becomes (as mysql2 would send it). */
export type JsValue = SqlValue | null | undefined | boolean | number | bigint | string | Uint8Array;

export function sqlValue(v: JsValue): SqlValue {
  if (v === null || v === undefined) return NULL_VALUE;
  if (typeof v === 'string') return textValue('VARCHAR', v);
  if (typeof v === 'boolean') return textValue('INT64', v ? '1' : '0');
  if (typeof v === 'bigint') {
    if (v >= INT64_MIN && v <= INT64_MAX) return textValue('INT64', v.toString());
    if (v >= 0n && v <= UINT64_MAX) return textValue('UINT64', v.toString());
    throw new VindexError('VINDEX_VALUE_INVALID', 'bigint value is outside the 64-bit integer range');
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new VindexError('VINDEX_VALUE_INVALID', `cannot use ${v} as an SQL value`);
    if (Number.isInteger(v)) {
      // Integers beyond 2^53 have already lost digits in a JS number; refuse rather than hash a wrong value.
      if (!Number.isSafeInteger(v)) throw new VindexError('VINDEX_VALUE_INVALID', 'integer is beyond 2^53: pass it as a bigint or a string');
      return textValue('INT64', String(v));
    }
    return textValue('FLOAT64', String(v));
  }
  if (v instanceof Uint8Array) return bytesValue(v);
  if (typeof v === 'object' && typeof (v as SqlValue).type === 'string' && (v as SqlValue).raw instanceof Uint8Array) return v as SqlValue;
  throw new VindexError('VINDEX_VALUE_INVALID', `cannot use a ${typeof v} as an SQL value`);
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The value's text (raw bytes decoded as UTF-8), for messages and for SQL printing. */
export function valueText(v: SqlValue): string {
  return decoder.decode(v.raw);
}
