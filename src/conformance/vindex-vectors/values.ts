/**
 * Vector fields to library values and back, for the functional vindex vectors: SqlValues from
 * `input`/`input_hex` and `type`, vindex params, and the destination a vector expects (in
 * comparable and Vitess-printed form).
 */
import { bytesToHex, hexToBytes } from '../../keyrange/keyspace-id.js';
import type { Destination } from '../../vindexes/types.js';
import { QUERY_TYPES } from '../../vschema/proto-fields.js';
import { NULL_VALUE, bytesValue, textValue, type SqlType, type SqlValue } from '../../vindexes/value.js';
import { VectorMismatch, VectorUncheckable, isPlainObject, onlyKeys, sameValue, show, str, type Vector } from './report.js';
import { destinationString } from '../../vindexes/destination-format.js';

/** The `type` names of the vector format (sqltypes names, lower-case). */
const TYPES: Readonly<Record<string, SqlType>> = {
  int64: 'INT64',
  int32: 'INT32',
  uint64: 'UINT64',
  float64: 'FLOAT64',
  varchar: 'VARCHAR',
  varbinary: 'VARBINARY',
  hexval: 'HEXVAL',
  hexnum: 'HEXNUM',
  null: 'NULL_TYPE',
};

/** query.Types that are not the type of one value (SqlType leaves them out). */
const NOT_VALUE_TYPES: ReadonlySet<string> = new Set(['TUPLE', 'ROW_TUPLE', 'VECTOR', 'RAW']);

/** A vector type name: one of TYPES, or another query.Type in lower case (`text`, `char` in lookup vectors). */
export function sqlType(name: unknown): SqlType {
  if (typeof name !== 'string') throw new VectorUncheckable(`unknown value type ${show(name)}`);
  const upper = name.toUpperCase();
  const other = name === name.toLowerCase() && Object.hasOwn(QUERY_TYPES, upper) && !NOT_VALUE_TYPES.has(upper);
  const type = Object.hasOwn(TYPES, name) ? TYPES[name] : other ? (upper as SqlType) : undefined;
  if (type === undefined) throw new VectorUncheckable(`unknown value type ${show(name)}`);
  return type;
}

/** One value from vector text (or null) and a vector type name. */
export function valueFrom(text: unknown, typeName: unknown): SqlValue {
  const type = sqlType(typeName);
  if (text === null || type === 'NULL_TYPE') return NULL_VALUE;
  if (typeof text !== 'string') throw new VectorUncheckable(`input ${show(text)} is neither text nor null`);
  return textValue(type, text);
}

/** The single value of a vector: `input_hex` (raw bytes) wins over `input` (text). */
export function singleValue(v: Vector): SqlValue {
  const typeName = v['type'] ?? 'varbinary';
  if (v['input_hex'] !== undefined) return bytesValue(hexToBytes(str(v, 'input_hex')), sqlType(typeName));
  if (!('input' in v) || Array.isArray(v['input'])) throw new VectorUncheckable('the vector has no single input');
  return valueFrom(v['input'], typeName);
}

export function isRowVector(v: Vector): boolean {
  return Array.isArray(v['input']);
}

/** The row of a multi-column vector. */
export function rowValues(v: Vector): SqlValue[] {
  const input = v['input'];
  const types = v['type'];
  if (!Array.isArray(input) || !Array.isArray(types) || types.length !== input.length) {
    throw new VectorUncheckable('the vector has no row input with a type per column');
  }
  return input.map((text: unknown, i) => valueFrom(text, types[i]));
}

/** Params as Vitess would get them: keys starting with `_` are notes of the vector file, not params. */
export function vectorParams(v: Vector): Record<string, string> {
  const params = v['params'] ?? {};
  if (!isPlainObject(params)) throw new VectorUncheckable(`params is not an object: ${show(params)}`);
  return Object.fromEntries(Object.entries(params).filter(([key]) => !key.startsWith('_'))) as Record<string, string>;
}

/** A `{start_hex, end_hex}` key range of a vector ("" = open end). */
export function hexKeyRange(value: unknown, what: string): { start_hex: string; end_hex: string } {
  if (!isPlainObject(value) || typeof value['start_hex'] !== 'string' || typeof value['end_hex'] !== 'string') {
    throw new VectorUncheckable(`${what} is not a {start_hex, end_hex} key range: ${show(value)}`);
  }
  onlyKeys(value, ['start_hex', 'end_hex'], what);
  return { start_hex: value['start_hex'], end_hex: value['end_hex'] };
}

/** The destination a vector expects (`destination`, else `keyspace_id_hex`). */
export function expectedDestination(v: Vector): Destination {
  const kind = v['destination'];
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'all_shards':
      return { kind: 'allShards' };
    case 'key_range': {
      const kr = hexKeyRange(v['key_range'], 'key_range');
      return { kind: 'keyRange', keyRange: { start: hexToBytes(kr.start_hex), end: hexToBytes(kr.end_hex) } };
    }
    case undefined:
      return { kind: 'keyspaceId', keyspaceId: hexToBytes(str(v, 'keyspace_id_hex')) };
    default:
      throw new VectorUncheckable(`destination ${show(kind)} is not one this checker knows`);
  }
}

/** A destination in a comparable form (hex strings, plain objects). */
export function printable(d: Destination): unknown {
  switch (d.kind) {
    case 'keyspaceId':
      return { kind: d.kind, keyspaceId: bytesToHex(d.keyspaceId) };
    case 'keyspaceIds':
      return { kind: d.kind, keyspaceIds: d.keyspaceIds.map(bytesToHex) };
    case 'keyRange':
      return { kind: d.kind, start: bytesToHex(d.keyRange.start), end: bytesToHex(d.keyRange.end) };
    default:
      return { kind: d.kind };
  }
}

export function expectDestination(actual: Destination | undefined, v: Vector): void {
  const expected = expectedDestination(v);
  if (actual === undefined) throw new VectorMismatch(`destination: expected ${destinationString(expected)}, got none at all`);
  if (!sameValue(printable(actual), printable(expected))) {
    throw new VectorMismatch(`destination: expected ${destinationString(expected)}, got ${destinationString(actual)}`);
  }
}
