/**
 * Reading fixtures/vitess/vindex_vectors.json for the functional vindex tests: vector shape,
 * SqlValue construction from a vector, and destination comparison. Vectors use hex for bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { VSchemaRouterError } from '../../../src/errors.js';
import { keyRangeString } from '../../../src/keyrange/key-range.js';
import { bytesToHex, hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import type { Destination } from '../../../src/vindexes/types.js';
import { NULL_VALUE, bytesValue, textValue, type SqlType, type SqlValue } from '../../../src/vindexes/value.js';

export interface Vector {
  readonly op?: string;
  readonly input?: string | null | readonly string[];
  readonly input_hex?: string;
  readonly type?: string | readonly string[];
  readonly params?: Readonly<Record<string, string>>;
  readonly keyspace_id_hex?: string | null;
  readonly destination?: string;
  readonly key_range?: { readonly start_hex: string; readonly end_hex: string };
  readonly verify?: boolean;
  readonly error?: string;
  readonly ok?: boolean;
  readonly cost?: number;
  readonly unique?: boolean;
  readonly unknown_params?: readonly string[];
  readonly output?: string;
  readonly output_hex?: string | null;
  readonly output_type?: string;
  readonly start?: string;
  readonly end?: string;
  readonly string?: string;
  readonly prefix_mode?: boolean;
  readonly prefix_hex?: string;
  readonly md5_hex?: string;
  readonly md5_len?: number;
  readonly xxhash64_hex?: string;
  readonly xxhash64_len?: number;
  readonly [key: string]: unknown;
}

/** Keys that only document a vector. Every other key must be checked by some test. */
export const DOC_KEYS = new Set(['source', 'derived', 'note']);

const FIXTURE = join(import.meta.dirname, '../../../fixtures/vitess/vindex_vectors.json');
const all = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;

export function vectorGroup(group: string): readonly Vector[] {
  const vectors = all[group];
  if (!Array.isArray(vectors)) throw new Error(`no vector group ${group} in ${FIXTURE}`);
  return vectors as Vector[];
}

export function vectorGroupNames(): string[] {
  return Object.keys(all).filter((k) => !k.startsWith('_'));
}

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

export function sqlType(name: string): SqlType {
  const type = TYPES[name];
  if (type === undefined) throw new Error(`vector type ${name} is not known to the test`);
  return type;
}

/** One value from vector text (or null) and a vector type name. */
export function valueFrom(text: string | null, typeName: string): SqlValue {
  const type = sqlType(typeName);
  if (text === null || type === 'NULL_TYPE') return NULL_VALUE;
  return textValue(type, text);
}

/** The single value of a vector: `input_hex` (raw bytes) wins over `input` (text). */
export function singleValue(v: Vector): SqlValue {
  const typeName = typeof v.type === 'string' ? v.type : 'varbinary';
  if (v.input_hex !== undefined) return bytesValue(hexToBytes(v.input_hex), sqlType(typeName));
  if (v.input === undefined || Array.isArray(v.input)) throw new Error('vector has no single input');
  return valueFrom(v.input as string | null, typeName);
}

/** The row of a multi-column vector. */
export function rowValues(v: Vector): SqlValue[] {
  if (!Array.isArray(v.input) || !Array.isArray(v.type)) throw new Error('vector has no row input');
  const types = v.type as readonly string[];
  return (v.input as readonly (string | null)[]).map((text, i) => valueFrom(text, types[i] ?? 'varbinary'));
}

/** Params as Vitess would get them: keys starting with `_` are fixture notes, not params. */
export function vectorParams(v: Vector): Record<string, string> {
  return Object.fromEntries(Object.entries(v.params ?? {}).filter(([key]) => !key.startsWith('_')));
}

/** The destination a Map vector expects. */
export function expectedDestination(v: Vector): Destination | 'unknown' {
  switch (v.destination) {
    case 'none':
      return { kind: 'none' };
    case 'all_shards':
      return { kind: 'allShards' };
    case 'key_range': {
      if (v.key_range === undefined) return 'unknown';
      return { kind: 'keyRange', keyRange: { start: hexToBytes(v.key_range.start_hex), end: hexToBytes(v.key_range.end_hex) } };
    }
    case undefined:
      if (typeof v.keyspace_id_hex !== 'string') return 'unknown';
      return { kind: 'keyspaceId', keyspaceId: hexToBytes(v.keyspace_id_hex) };
    default:
      return 'unknown';
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

/** Vitess's printable destination (`DestinationKeyRange(01-10)`). */
export function vitessString(d: Destination): string {
  switch (d.kind) {
    case 'keyspaceId':
      return `DestinationKeyspaceID(${bytesToHex(d.keyspaceId)})`;
    case 'keyspaceIds':
      return `DestinationKeyspaceIDs(${d.keyspaceIds.map(bytesToHex).join(',')})`;
    case 'keyRange':
      return `DestinationKeyRange(${keyRangeString(d.keyRange)})`;
    case 'allShards':
      return 'DestinationAllShards()';
    case 'none':
      return 'DestinationNone()';
  }
}

export function expectDestination(actual: Destination | undefined, v: Vector): void {
  const expected = expectedDestination(v);
  if (expected === 'unknown') throw new Error(`vector has no destination the test understands: ${JSON.stringify(v)}`);
  expect(actual, 'destination').toBeDefined();
  expect(printable(actual!)).toEqual(printable(expected));
}

/** Runs `fn`, which must throw a library error whose message contains `fragment`. */
export function expectVindexError(fn: () => unknown, fragment: string): VSchemaRouterError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error(`expected an error containing ${JSON.stringify(fragment)}, nothing was thrown`);
  expect(thrown).toBeInstanceOf(VSchemaRouterError);
  expect((thrown as Error).message).toContain(fragment);
  return thrown as VSchemaRouterError;
}
