import { describe, expect, it } from 'vitest';
import { BUILTIN_VINDEX_TYPES } from '../../src/vindexes/builtin-types.js';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import type { VindexKind, VindexParams, VindexProperties } from '../../src/vindexes/types.js';

type Facet = Exclude<keyof VindexProperties, 'cost' | 'unique' | 'kind'>;
const FACETS: readonly Facet[] = [
  'reversible',
  'hashing',
  'sequential',
  'prefixable',
  'multiColumn',
  'partial',
  'needsBackingTable',
  'lookupPlanable',
  'backfilling',
  'wantsOwnerInfo',
];

/** Minimal valid params for the types that require some. */
const REQUIRED: Readonly<Record<string, VindexParams>> = {
  numeric_static_map: { json: '{}' },
  region_experimental: { region_bytes: '1' },
  region_json: { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '1' },
  multicol: { column_count: '3' },
};

// Spec §2, one row per type: cost, unique, kind, and the facets that are true.
const TABLE: readonly (readonly [string, number, boolean, VindexKind, readonly Facet[]])[] = [
  ['hash', 1, true, 'functional', ['reversible', 'hashing']],
  ['xxhash', 1, true, 'functional', ['hashing']],
  ['binary', 0, true, 'functional', ['reversible', 'hashing', 'sequential']],
  ['binary_md5', 1, true, 'functional', ['hashing']],
  ['numeric', 0, true, 'functional', ['reversible', 'hashing', 'sequential']],
  ['numeric_static_map', 1, true, 'functional', ['hashing']],
  ['reverse_bits', 1, true, 'functional', ['reversible', 'hashing']],
  ['null', 100, true, 'functional', []],
  ['unicode_loose_md5', 1, true, 'functional', ['hashing']],
  ['unicode_loose_xxhash', 1, true, 'functional', ['hashing']],
  ['cfc', 1, true, 'functional', ['prefixable']],
  ['region_experimental', 1, true, 'functional', ['multiColumn', 'partial']],
  ['region_json', 1, true, 'functional', ['multiColumn']],
  ['multicol', 3, true, 'functional', ['multiColumn', 'partial']],
  ['lookup', 20, false, 'lookup', ['needsBackingTable', 'lookupPlanable']],
  ['lookup_unique', 10, true, 'lookup', ['needsBackingTable', 'lookupPlanable']],
  ['lookup_hash', 20, false, 'lookup', ['needsBackingTable', 'lookupPlanable']],
  ['lookup_hash_unique', 10, true, 'lookup', ['needsBackingTable', 'lookupPlanable']],
  ['lookup_unicodeloosemd5_hash', 20, false, 'lookup', ['needsBackingTable']],
  ['lookup_unicodeloosemd5_hash_unique', 10, true, 'lookup', ['needsBackingTable']],
  ['consistent_lookup', 20, false, 'lookup', ['needsBackingTable', 'lookupPlanable', 'wantsOwnerInfo']],
  ['consistent_lookup_unique', 10, true, 'lookup', ['needsBackingTable', 'lookupPlanable', 'wantsOwnerInfo']],
  ['lookup_cost', 5, false, 'lookup', ['needsBackingTable', 'lookupPlanable']],
];

const registry = new VindexRegistry();

describe('built-in vindex types', () => {
  it('registers exactly the 23 types of spec §2', () => {
    expect(registry.types()).toEqual(BUILTIN_VINDEX_TYPES);
    expect([...TABLE.map(([type]) => type)].sort()).toEqual(BUILTIN_VINDEX_TYPES);
    expect(BUILTIN_VINDEX_TYPES).toHaveLength(23);
  });

  it.each(TABLE)('%s: cost %d, unique %s, %s, facets %j', (type, cost, unique, kind, facets) => {
    const vindex = registry.create(type, `v_${type}`, REQUIRED[type] ?? {});
    const expected: Record<string, unknown> = { cost, unique, kind, name: `v_${type}`, type };
    for (const facet of FACETS) expected[facet] = facets.includes(facet);
    expect(vindex).toMatchObject(expected);
    expect(vindex.unknownParams).toEqual([]);
  });
});

describe('backfilling (write_only=true)', () => {
  // Only the Go types that implement IsBackfilling expose it; the non-unique lookup_hash and
  // lookup_unicodeloosemd5_hash read write_only but stay routable (spec §7.2).
  it.each([
    ['lookup', true],
    ['lookup_unique', true],
    ['lookup_hash', false],
    ['lookup_hash_unique', true],
    ['lookup_unicodeloosemd5_hash', false],
    ['lookup_unicodeloosemd5_hash_unique', true],
    ['consistent_lookup', true],
    ['consistent_lookup_unique', true],
    ['lookup_cost', false],
  ] as const)('%s → %s', (type, backfilling) => {
    expect(registry.create(type, 'v', { write_only: 'true' }).backfilling).toBe(backfilling);
    expect(registry.create(type, 'v', { write_only: 'false' }).backfilling).toBe(false);
    expect(registry.create(type, 'v', {}).backfilling).toBe(false);
  });
});

describe('cost that depends on params', () => {
  it.each([
    [{ column_count: '1' }, 1],
    [{ column_count: '3', column_vindex: 'binary,binary,binary' }, 0],
    [{ column_count: '3', column_vindex: 'binary,xxhash,numeric' }, 1],
    [{ column_count: '8' }, 8],
    [{ column_count: '2', column_vindex: ' , numeric ' }, 1],
  ])('multicol %j costs the sum of its column vindexes: %d', (params, cost) => {
    expect(registry.create('multicol', 'mc', params).cost).toBe(cost);
  });

  it.each([
    ['100', 100],
    ['0', 0],
    ['+7', 7],
    ['abc', 5],
    ['1.5', 5],
    ['', 5],
    ['-3', 5],
    ['99999999999999999999', 5],
  ])('lookup_cost cost=%j → %d (Atoi, silently 5 on failure)', (text, cost) => {
    expect(registry.create('lookup_cost', 'lc', { cost: text }).cost).toBe(cost);
  });

  it('lookup_cost without a cost param costs 5', () => {
    expect(registry.create('lookup_cost', 'lc', { table: 't' }).cost).toBe(5);
  });
});

const LOOKUP_VALUES: VindexParams = {
  table: 'ks.t',
  from: 'a, b',
  to: 'keyspace_id',
  ignore_nulls: 'true',
  batch_lookup: 'false',
  read_lock: 'shared',
  autocommit: 'true',
  multi_shard_autocommit: 'false',
  no_verify: 'true',
  write_only: 'false',
};
const LOOKUP_MINUS = (...drop: string[]): string[] => Object.keys(LOOKUP_VALUES).filter((k) => !drop.includes(k));

/** For each type: params it knows, given valid values; every other key must come back unknown. */
const KNOWN: readonly (readonly [string, VindexParams, readonly string[]])[] = [
  ['hash', {}, []],
  ['xxhash', {}, []],
  ['binary', {}, []],
  ['binary_md5', {}, []],
  ['numeric', {}, []],
  ['reverse_bits', {}, []],
  ['null', {}, []],
  ['unicode_loose_md5', {}, []],
  ['unicode_loose_xxhash', {}, []],
  ['numeric_static_map', { json: '{"1":2}', fallback_type: 'xxhash' }, ['json', 'fallback_type']],
  ['numeric_static_map', { json_path: 'fixtures/vindexes/numeric-static-map.json' }, ['json_path']],
  ['cfc', { hash: 'md5', offsets: '[2,4]' }, ['hash', 'offsets']],
  ['region_experimental', { region_bytes: '2' }, ['region_bytes']],
  ['region_json', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '2' }, ['region_map', 'region_bytes']],
  ['lookup', LOOKUP_VALUES, Object.keys(LOOKUP_VALUES)],
  ['lookup_unique', LOOKUP_VALUES, Object.keys(LOOKUP_VALUES)],
  ['lookup_cost', LOOKUP_VALUES, Object.keys(LOOKUP_VALUES)],
  ['lookup_hash', LOOKUP_VALUES, LOOKUP_MINUS('no_verify')],
  ['lookup_hash_unique', LOOKUP_VALUES, LOOKUP_MINUS('no_verify')],
  ['lookup_unicodeloosemd5_hash', LOOKUP_VALUES, LOOKUP_MINUS('no_verify')],
  ['lookup_unicodeloosemd5_hash_unique', LOOKUP_VALUES, LOOKUP_MINUS('no_verify')],
  ['consistent_lookup', LOOKUP_VALUES, LOOKUP_MINUS('no_verify', 'autocommit', 'multi_shard_autocommit')],
  ['consistent_lookup_unique', LOOKUP_VALUES, LOOKUP_MINUS('no_verify', 'autocommit', 'multi_shard_autocommit')],
];

describe('known and unknown params', () => {
  it.each(KNOWN)('%s with %j knows %j', (type, params, known) => {
    const all = { ...params, zeta: 'z', Alpha: 'a', _x: '1', cost: '9' };
    const vindex = registry.create(type, 'v', all);
    const expected = Object.keys(all)
      .filter((key) => !known.includes(key))
      .sort();
    expect(vindex.unknownParams).toEqual(expected);
    // code-unit order, as Go's sort.Strings: upper case before '_' before lower case
    expect(vindex.unknownParams[0]).toBe('Alpha');
    expect(vindex.params).toEqual(all);
  });

  it('lookup_cost reads `cost` but reports it as unknown, like Vitess', () => {
    const vindex = registry.create('lookup_cost', 'lc', { cost: '100', table: 't' });
    expect(vindex.cost).toBe(100);
    expect(vindex.unknownParams).toEqual(['cost']);
  });

  it('consistent lookups ignore bad autocommit values (they never read them) and report them as unknown', () => {
    const vindex = registry.create('consistent_lookup', 'cl', { autocommit: 'hello', no_verify: 'x' });
    expect(vindex.unknownParams).toEqual(['autocommit', 'no_verify']);
  });

  it('lookup_hash does not read no_verify', () => {
    expect(registry.create('lookup_hash', 'lh', { no_verify: 'hello' }).unknownParams).toEqual(['no_verify']);
  });

  it('multicol reports no unknown params: it forwards them to its column vindexes', () => {
    const vindex = registry.create('multicol', 'mc', { column_count: '2', hello: 'world', json: '{}' });
    expect(vindex.unknownParams).toEqual([]);
    expect(vindex.params).toEqual({ column_count: '2', hello: 'world', json: '{}' });
  });

  it('cfc without a hash ignores offsets entirely (behaves like binary)', () => {
    const vindex = registry.create('cfc', 'c', { offsets: 'not json' });
    expect(vindex.unknownParams).toEqual([]);
    expect(registry.create('cfc', 'c', { hash: '', offsets: '[0]' }).cost).toBe(1);
  });

  it('lookup table/from/to are not validated (missing ones are empty strings in Vitess)', () => {
    expect(registry.create('lookup_hash_unique', 'v', {}).unknownParams).toEqual([]);
  });
});
