import { describe, expect, it } from 'vitest';
import { KeyRangeError } from '../../src/errors.js';
import { keyRangeString } from '../../src/keyrange/key-range.js';
import {
  evenShardsKeyRange,
  generateShardRanges,
  isValidKeyRange,
  parseShardName,
  parseShardingSpec,
} from '../../src/keyrange/shard-name.js';
import { thrown } from '../support/thrown.js';

const error = (fn: () => unknown): KeyRangeError => thrown(KeyRangeError, fn);

describe('parseShardName', () => {
  it('lower-cases range-based names and keeps custom names as given', () => {
    const ranged = parseShardName('80-C0');
    expect(ranged.name).toBe('80-c0');
    expect(keyRangeString(ranged.keyRange)).toBe('80-c0');
    expect(parseShardName('Main')).toEqual({ name: 'Main', keyRange: null });
    expect(parseShardName('0')).toEqual({ name: '0', keyRange: null });
    expect(Object.isFrozen(parseShardName('-80'))).toBe(true);
  });

  it.each([
    ['', 'empty name'],
    ['x'.repeat(65), `name ${'x'.repeat(65)} is too long`],
    ['a/b', 'invalid character / in name a/b'],
    ['40-80-c0', "invalid shardId, can only contain one '-': 40-80-c0"],
    ['80-40', 'out of order keys: 80 is not strictly smaller than 40'],
    ['8-', 'encoding/hex: odd length hex string'],
    ['foo-bar', "encoding/hex: invalid byte: U+006F 'o'"],
  ])('rejects %j with %j', (name, message) => {
    const err = error(() => parseShardName(name));
    expect(err.message).toBe(message);
    expect(err.code).toBe('KEY_RANGE_INVALID');
    expect(err.details.shard).toBe(name);
  });

  it('accepts a 64-character name', () => {
    expect(parseShardName('a'.repeat(64)).name).toHaveLength(64);
  });
});

describe('isValidKeyRange and parseShardingSpec', () => {
  it('accepts upper-case hex pairs and rejects odd digits', () => {
    expect(isValidKeyRange('A0-C0')).toBe(true);
    expect(isValidKeyRange('a-')).toBe(false);
  });

  it('splits a spec into consecutive ranges', () => {
    expect(parseShardingSpec('-40-80-').map(keyRangeString)).toEqual(['-40', '40-80', '80-']);
    expect(parseShardingSpec('60-80-90').map(keyRangeString)).toEqual(['60-80', '80-90']);
  });

  it.each([
    ['40', `malformed spec: doesn't define a range: "40"`],
    ['-40--', 'malformed spec: MinKey/MaxKey cannot be in the middle of the spec: "-40--"'],
    ['-80-40-', 'malformed spec: shard limits should be in order: "-80-40-"'],
    ['-8-', 'encoding/hex: odd length hex string'],
  ])('rejects %j', (spec, message) => {
    const err = error(() => parseShardingSpec(spec));
    expect(err.message).toBe(message);
    expect(err.details.spec).toBe(spec);
  });
});

describe('evenShardsKeyRange', () => {
  it('cuts both ends to the bytes needed for n - 1', () => {
    expect(keyRangeString(evenShardsKeyRange(7, 8))).toBe('e0-');
    expect(keyRangeString(evenShardsKeyRange(1, 65536))).toBe('0001-0002');
    expect(keyRangeString(evenShardsKeyRange(1, 131072))).toBe('000080-000100');
  });

  it.each([
    [0, 3, 'the shard count must be a power of two'],
    [4, 4, 'the index of the shard must be less than the total number of shards'],
    [-1, 4, 'the index of the shard must be >= 0'],
    [0, 0, 'the shard count must be > 0'],
    [0.5, 2, 'the shard index and count must be integers'],
  ])('rejects shard %d of %d', (i, n, message) => {
    expect(error(() => evenShardsKeyRange(i, n)).message).toBe(message);
  });

  it('agrees with generateShardRanges for every power of two up to 4096', () => {
    for (let n = 1; n <= 4096; n *= 2) {
      const names = generateShardRanges(n);
      expect(names.map((_, i) => keyRangeString(evenShardsKeyRange(i, n)))).toEqual(names);
    }
  });
});

describe('generateShardRanges', () => {
  it('names shard counts that are not powers of two as Vitess does', () => {
    expect(generateShardRanges(7)).toEqual(['-24', '24-49', '49-6d', '6d-92', '92-b6', 'b6-db', 'db-']);
    expect(generateShardRanges(3)).toEqual(['-55', '55-aa', 'aa-']);
    expect(generateShardRanges(1)).toEqual(['-']);
  });

  it('keeps the last end open when n * (slots / n) rounds below the slot count', () => {
    // 49 * (256 / 49) is 255.99999999999997 in float64: a boundary-based name would be `fa-ff`.
    expect(generateShardRanges(49).slice(-2)).toEqual(['f5-fa', 'fa-']);
    expect(generateShardRanges(322).at(-1)).toMatch(/^[0-9a-f]{4}-$/);
  });

  it('switches to four hex digits above 256 shards', () => {
    const names = generateShardRanges(257);
    expect(names[0]).toBe('-00ff');
    expect(names[256]).toBe('ff00-');
    expect(generateShardRanges(65536).at(-1)).toBe('ffff-');
  });

  it.each([
    [0, 'shards must be greater than zero'],
    [2.5, 'shards must be greater than zero'],
    [65537, 'this function does not support more than 65336 shards in a single keyspace'],
  ])('rejects %d shards', (n, message) => {
    expect(error(() => generateShardRanges(n)).message).toBe(message);
  });
});
