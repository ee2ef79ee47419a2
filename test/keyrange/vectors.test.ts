/**
 * Every `key_ranges` vector from Vitess's go/vt/key and go/vt/topo tests (fixtures/vitess).
 * One test per vector; an unknown `fn` fails, so vectors added later are never skipped.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyRangeError, TopologyError } from '../../src/errors.js';
import {
  resolveExactKeyRange,
  resolveKeyRange,
  resolveKeyspaceId,
  resolveKeyspaceIds,
  type ShardRef,
} from '../../src/keyrange/destination.js';
import {
  keyRangeAdd,
  keyRangeCompare,
  keyRangeContains,
  keyRangeContainsKeyRange,
  keyRangeContiguous,
  keyRangeEndCompare,
  keyRangeEndEqual,
  keyRangeEqual,
  keyRangeIntersect,
  keyRangeStartCompare,
  keyRangeStartEqual,
  keyRangeString,
  makeKeyRange,
  parseKeyRange,
  type KeyRange,
} from '../../src/keyrange/key-range.js';
import { bytesToHex, compareKeyspaceIds, hexToBytes, normalizeKeyspaceId, uint64Key } from '../../src/keyrange/keyspace-id.js';
import {
  evenShardsKeyRange,
  generateShardRanges,
  isValidKeyRange,
  parseShardName,
  parseShardingSpec,
} from '../../src/keyrange/shard-name.js';

/** A vector as stored: `fn` plus fields that depend on it. */
type Vector = { readonly fn: string; readonly source: string } & Readonly<Record<string, unknown>>;

const file = new URL('../../fixtures/vitess/vindex_vectors.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { key_ranges: Vector[] }).key_ranges;

const str = (v: Vector, key: string): string => {
  const value = v[key];
  if (typeof value !== 'string') throw new Error(`vector field ${key} is not a string: ${JSON.stringify(v)}`);
  return value;
};
const num = (v: Vector, key: string): number => {
  const value = v[key];
  if (typeof value !== 'number') throw new Error(`vector field ${key} is not a number: ${JSON.stringify(v)}`);
  return value;
};
const strings = (v: Vector, key: string): string[] => {
  const value = v[key];
  if (!Array.isArray(value)) throw new Error(`vector field ${key} is not a list: ${JSON.stringify(v)}`);
  return value.map(String);
};

/** Pairwise-function operands: null or "" is a nil KeyRange; "-" is a complete, non-nil one. */
function range(value: unknown): KeyRange | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw new Error(`bad key range operand ${JSON.stringify(value)}`);
  return parseKeyRange(value);
}

function hexRange(value: unknown): { start: string; end: string } {
  const r = value as { start_hex: string; end_hex: string };
  return { start: r.start_hex, end: r.end_hex };
}

function rangeHex(kr: KeyRange): { start: string; end: string } {
  return { start: bytesToHex(kr.start), end: bytesToHex(kr.end) };
}

const EMPTY = new Uint8Array(0);

/** The shard lists of go/vt/key/destination_test.go, including its three hand-built ones. */
function shardList(spec: string): ShardRef[] {
  switch (spec) {
    case '(no shards)':
      return [];
    case '(unsharded: one shard "0" with empty range)':
      return [{ name: '0', keyRange: makeKeyRange(EMPTY, EMPTY) }];
    case '(custom: shards "0" and "1" both with empty range)':
      return [
        { name: '0', keyRange: makeKeyRange(EMPTY, EMPTY) },
        { name: '1', keyRange: makeKeyRange(EMPTY, EMPTY) },
      ];
    default:
      if (spec.startsWith('(')) throw new Error(`unknown special shard_spec ${spec}`);
      return parseShardingSpec(spec).map((keyRange) => ({ name: keyRangeString(keyRange), keyRange }));
  }
}

function expectError(fn: () => unknown, type: typeof KeyRangeError | typeof TopologyError, fragment: unknown): void {
  expect(fn).toThrow(type);
  if (typeof fragment === 'string') expect(fn).toThrow(fragment);
}

function check(v: Vector): void {
  switch (v.fn) {
    case 'normalize':
      expect(bytesToHex(normalizeKeyspaceId(hexToBytes(str(v, 'input_hex'))))).toBe(str(v, 'output_hex'));
      return;
    case 'compare':
      expect(compareKeyspaceIds(hexToBytes(str(v, 'a_hex')), hexToBytes(str(v, 'b_hex')))).toBe(num(v, 'result'));
      expect(compareKeyspaceIds(hexToBytes(str(v, 'b_hex')), hexToBytes(str(v, 'a_hex')))).toBe(-num(v, 'result') || 0);
      return;
    case 'uint64_key_bytes':
      expect(bytesToHex(uint64Key(BigInt(str(v, 'input'))))).toBe(str(v, 'output_hex'));
      return;
    case 'even_shards_key_range':
      if ('error' in v) expectError(() => evenShardsKeyRange(num(v, 'i'), num(v, 'n')), KeyRangeError, v.error);
      else expect(keyRangeString(evenShardsKeyRange(num(v, 'i'), num(v, 'n')))).toBe(str(v, 'spec'));
      return;
    case 'key_range_add': {
      const sum = keyRangeAdd(range(v.a), range(v.b));
      expect(sum !== null).toBe(v.ok);
      expect(sum === null ? null : keyRangeString(sum)).toBe(v.result);
      if (sum !== null) expect(rangeHex(sum)).toEqual(rangeHex(parseKeyRange(str(v, 'result'))));
      return;
    }
    case 'key_range_start_equal':
      expect(keyRangeStartEqual(range(v.a), range(v.b))).toBe(v.result);
      return;
    case 'key_range_end_equal':
      expect(keyRangeEndEqual(range(v.a), range(v.b))).toBe(v.result);
      return;
    case 'key_range_equal':
      expect(keyRangeEqual(range(v.a), range(v.b))).toBe(v.result);
      expect(keyRangeEqual(range(v.b), range(v.a))).toBe(v.result);
      return;
    case 'key_range_contiguous':
      expect(keyRangeContiguous(range(v.a), range(v.b))).toBe(v.result);
      return;
    case 'parse_sharding_spec':
      if ('error' in v) expectError(() => parseShardingSpec(str(v, 'spec')), KeyRangeError, v.error);
      else expect(parseShardingSpec(str(v, 'spec')).map(rangeHex)).toEqual((v.ranges as unknown[]).map(hexRange));
      return;
    case 'key_range_compare': {
      const [a, b] = [range(v.a), range(v.b)];
      expect([keyRangeStartCompare(a, b), keyRangeEndCompare(a, b), keyRangeCompare(a, b)]).toEqual([
        v.start_compare,
        v.end_compare,
        v.compare,
      ]);
      return;
    }
    case 'key_range_contains': {
      const kr = makeKeyRange(hexToBytes(str(v, 'start_hex')), hexToBytes(str(v, 'end_hex')));
      expect(keyRangeContains(kr, hexToBytes(str(v, 'keyspace_id_hex')))).toBe(v.result);
      return;
    }
    case 'key_range_intersect':
      expect(keyRangeIntersect(range(v.a), range(v.b))).toBe(v.result);
      expect(keyRangeIntersect(range(v.b), range(v.a))).toBe(v.result);
      return;
    case 'key_range_contains_key_range':
      expect(keyRangeContainsKeyRange(range(v.a), range(v.b))).toBe(v.result);
      return;
    case 'is_valid_key_range':
      expect(isValidKeyRange(str(v, 'input'))).toBe(v.result);
      return;
    case 'generate_shard_ranges':
      if ('error' in v) expectError(() => generateShardRanges(num(v, 'shards')), KeyRangeError, v.error);
      else if ('result_index' in v) {
        const all = generateShardRanges(num(v, 'shards'));
        expect(all).toHaveLength(num(v, 'shards'));
        expect(all[num(v, 'result_index')]).toBe(str(v, 'result_at_index'));
      } else expect(generateShardRanges(num(v, 'shards'))).toEqual(strings(v, 'result'));
      return;
    case 'resolve_exact_key_range': {
      const run = () => resolveExactKeyRange(shardList(str(v, 'shard_spec')), range(v.key_range));
      if ('error' in v) expectError(run, TopologyError, v.error);
      else expect(run()).toEqual(strings(v, 'shards'));
      return;
    }
    case 'resolve_key_range':
      expect(resolveKeyRange(shardList(str(v, 'shard_spec')), range(v.key_range))).toEqual(strings(v, 'shards'));
      return;
    case 'resolve_keyspace_id': {
      const run = () => resolveKeyspaceId(shardList(str(v, 'shard_spec')), hexToBytes(str(v, 'keyspace_id_hex')));
      if ('error' in v) expectError(run, TopologyError, v.error);
      else expect(run()).toBe(str(v, 'shard'));
      return;
    }
    case 'resolve_keyspace_ids': {
      const ids = strings(v, 'keyspace_ids_hex').map(hexToBytes);
      expect(resolveKeyspaceIds(shardList(str(v, 'shard_spec')), ids)).toEqual(strings(v, 'shards'));
      return;
    }
    case 'validate_shard_name':
      if (v.valid === true) {
        const parsed = parseShardName(str(v, 'input'));
        expect(parsed.name).toBe(str(v, 'input').toLowerCase());
        expect(parsed.keyRange === null ? null : rangeHex(parsed.keyRange)).toEqual(hexRange(v.key_range));
      } else expect(() => parseShardName(str(v, 'input'))).toThrow(KeyRangeError);
      return;
    default:
      throw new Error(`unknown key_ranges vector fn ${JSON.stringify(v.fn)} (${v.source}): add a case for it`);
  }
}

function title(v: Vector): string {
  const { fn, source: _source, note: _note, ...rest } = v;
  const args = JSON.stringify(rest);
  return `${fn} ${args.length > 110 ? `${args.slice(0, 107)}...` : args}`;
}

describe('Vitess key_ranges vectors', () => {
  it('has the 157 vectors the fixture is known to hold', () => {
    expect(vectors).toHaveLength(157);
  });

  it.each(vectors.map((v, i) => [`#${i} ${title(v)}`, v] as const))('%s', (_name, v) => {
    check(v);
  });
});
