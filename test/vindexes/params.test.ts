import { describe, expect, it } from 'vitest';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import type { VindexParams } from '../../src/vindexes/types.js';
import { vindexErrorOf } from './helpers.js';

const registry = new VindexRegistry();

/** [type, params, param the error is about, exact message] */
type ErrorCase = readonly [string, VindexParams, string, string];

function expectParamError([type, params, param, message]: ErrorCase): void {
  const err = vindexErrorOf(() => registry.create(type, 'vdx', params));
  expect(err.code).toBe('VINDEX_PARAM_INVALID');
  expect(err.message).toBe(message);
  expect(err.details).toEqual({ type, name: 'vdx', param });
}

const LOOKUP_TYPES = [
  'lookup',
  'lookup_unique',
  'lookup_hash',
  'lookup_hash_unique',
  'lookup_unicodeloosemd5_hash',
  'lookup_unicodeloosemd5_hash_unique',
  'consistent_lookup',
  'consistent_lookup_unique',
  'lookup_cost',
];
const CONSISTENT = ['consistent_lookup', 'consistent_lookup_unique'];
const WITH_NO_VERIFY = ['lookup', 'lookup_unique', 'lookup_cost'];

describe('lookup params', () => {
  const boolParams = ['autocommit', 'multi_shard_autocommit', 'write_only', 'no_verify', 'ignore_nulls', 'batch_lookup'];
  const cases: ErrorCase[] = [];
  for (const type of LOOKUP_TYPES) {
    for (const param of boolParams) {
      if (CONSISTENT.includes(type) && param.includes('autocommit')) continue;
      if (param === 'no_verify' && !WITH_NO_VERIFY.includes(type)) continue;
      for (const bad of ['hello', '', 'TRUE', '1']) {
        cases.push([type, { [param]: bad }, param, `${param} value must be 'true' or 'false': '${bad}'`]);
      }
    }
    for (const bad of ['unknown', '', 'EXCLUSIVE']) {
      cases.push([type, { read_lock: bad }, 'read_lock', `invalid read_lock value: ${bad}`]);
    }
  }
  it.each(cases)('%s %j → %s error', (...c) => expectParamError(c));

  it.each(LOOKUP_TYPES)('%s accepts every read_lock value and boolean', (type) => {
    for (const readLock of ['exclusive', 'shared', 'none']) {
      for (const flag of ['true', 'false']) {
        const params = { read_lock: readLock, ignore_nulls: flag, batch_lookup: flag, write_only: flag };
        expect(registry.create(type, 'vdx', params).unknownParams).toEqual([]);
      }
    }
  });

  // Vitess parses autocommit, multi_shard_autocommit, write_only, no_verify, then
  // ignore_nulls, batch_lookup, read_lock: with several bad params the first in that order wins.
  it.each([
    ['lookup', 'autocommit'],
    ['lookup_hash', 'autocommit'],
    ['consistent_lookup', 'write_only'],
  ])('%s reports %s first when every param is bad', (type, first) => {
    const allBad = {
      read_lock: 'x',
      batch_lookup: 'x',
      ignore_nulls: 'x',
      no_verify: 'x',
      write_only: 'x',
      multi_shard_autocommit: 'x',
      autocommit: 'x',
    };
    expect(vindexErrorOf(() => registry.create(type, 'v', allBad)).details['param']).toBe(first);
  });

  it.each([
    [{ multi_shard_autocommit: 'x', write_only: 'x' }, 'multi_shard_autocommit'],
    [{ write_only: 'x', no_verify: 'x' }, 'write_only'],
    [{ no_verify: 'x', ignore_nulls: 'x' }, 'no_verify'],
    [{ ignore_nulls: 'x', batch_lookup: 'x' }, 'ignore_nulls'],
    [{ batch_lookup: 'x', read_lock: 'x' }, 'batch_lookup'],
  ])('lookup parsing order: %j fails on %s', (params, first) => {
    expect(vindexErrorOf(() => registry.create('lookup', 'v', params)).details['param']).toBe(first);
  });
});

describe('cfc params', () => {
  it.each<ErrorCase>([
    ['cfc', { hash: 'sha1' }, 'hash', 'invalid hash sha1 to CFC vindex vdx'],
    ['cfc', { hash: 'md5' }, 'offsets', 'CFC vindex requires offsets when hash is defined'],
    ['cfc', { hash: 'xxhash64', offsets: '' }, 'offsets', 'CFC vindex requires offsets when hash is defined'],
    ...['10,12', 'xxx', '[]', '[10,3]', '[-1,3]', '[4,4,6]', '[0,2]', '[1.5]', '[1e1]', '["1"]', 'null', '[null]', '[1,]', '{}', '[9007199254740993]'].map(
      (offsets): ErrorCase => [
        'cfc',
        { hash: 'md5', offsets },
        'offsets',
        `invalid offsets ${offsets} to CFC vindex vdx. expected sorted positive ints in brackets`,
      ],
    ),
  ])('%s %j → %s error', (...c) => expectParamError(c));

  it.each(['[3, 7]', ' [1,2,3] ', '[1]', '[2,100000]'])('accepts offsets %j', (offsets) => {
    expect(registry.create('cfc', 'c', { hash: 'md5', offsets }).prefixable).toBe(true);
    expect(registry.create('cfc', 'c', { hash: 'xxhash64', offsets }).cost).toBe(1);
  });
});

describe('region params', () => {
  it.each<ErrorCase>([
    ['region_experimental', {}, 'region_bytes', 'region_experimental missing region_bytes param'],
    ['region_experimental', { region_bytes: '0' }, 'region_bytes', 'region_bytes must be 1 or 2: 0'],
    ['region_experimental', { region_bytes: '3' }, 'region_bytes', 'region_bytes must be 1 or 2: 3'],
    ['region_experimental', { region_bytes: '01' }, 'region_bytes', 'region_bytes must be 1 or 2: 01'],
    ['region_experimental', { region_bytes: '' }, 'region_bytes', 'region_bytes must be 1 or 2: '],
    ['region_json', {}, 'region_map', 'region_json missing region_map param'],
    ['region_json', { region_map: '', region_bytes: '1' }, 'region_map', 'region_json missing region_map param'],
    ['region_json', { region_map: 'fixtures/vindexes/region-map.json' }, 'region_bytes', 'strconv.Atoi: parsing "": invalid syntax'],
    ['region_json', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: 'one' }, 'region_bytes', 'strconv.Atoi: parsing "one": invalid syntax'],
    ['region_json', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '3' }, 'region_bytes', 'region_bytes must be 1 or 2: 3'],
    ['region_json', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '-1' }, 'region_bytes', 'region_bytes must be 1 or 2: -1'],
  ])('%s %j → %s error', (...c) => expectParamError(c));

  it('region_json parses region_bytes as an integer, region_experimental does not', () => {
    expect(registry.create('region_json', 'r', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '+2' }).multiColumn).toBe(true);
    expect(registry.create('region_json', 'r', { region_map: 'fixtures/vindexes/region-map.json', region_bytes: '01' }).partial).toBe(false);
    expect(registry.create('region_experimental', 'r', { region_bytes: '2' }).partial).toBe(true);
  });
});

describe('multicol params', () => {
  const cc = "in the parameter 'column_count'";
  const cb = "in the parameter 'column_bytes'";
  const tooMany = `column bytes count exceeds the keyspace id length (total bytes count cannot exceed 8 bytes) ${cb}`;
  const invalidVindex = (t: string): string =>
    `multicol vindex supports vindexes that exports hashing function, are unique and are non-lookup vindex, passed vindex '${t}' is invalid`;
  it.each<ErrorCase>([
    ['multicol', {}, 'column_count', `number of columns not provided ${cc}`],
    ['multicol', { column_count: '' }, 'column_count', 'strconv.Atoi: parsing "": invalid syntax'],
    ['multicol', { column_count: 'two' }, 'column_count', 'strconv.Atoi: parsing "two": invalid syntax'],
    ['multicol', { column_count: '0' }, 'column_count', `number of columns should be between 1 and 8 ${cc}`],
    ['multicol', { column_count: '9' }, 'column_count', `number of columns should be between 1 and 8 ${cc}`],
    ['multicol', { column_count: '-1' }, 'column_count', `number of columns should be between 1 and 8 ${cc}`],
    ['multicol', { column_count: '3', column_bytes: '1,2,3,4' }, 'column_bytes', `number of column bytes provided are more than column count ${cb}`],
    ['multicol', { column_count: '2', column_bytes: '1, 2' }, 'column_bytes', 'strconv.Atoi: parsing " 2": invalid syntax'],
    ['multicol', { column_count: '2', column_bytes: '-1,4' }, 'column_bytes', `column bytes cannot be negative ${cb}`],
    ['multicol', { column_count: '1', column_bytes: '9' }, 'column_bytes', tooMany],
    ['multicol', { column_count: '3', column_bytes: '4,4' }, 'column_bytes', tooMany],
    ['multicol', { column_count: '3', column_bytes: '7,,' }, 'column_bytes', tooMany],
    ['multicol', { column_count: '2', column_vindex: 'hash,hash,hash' }, 'column_vindex', `number of vindex function provided are more than column count in the parameter 'column_vindex'`],
    ['multicol', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,cfc' }, 'column_vindex', invalidVindex('cfc')],
    // multicol inside multicol fails earlier: column vindexes never get the column_* params
    ['multicol', { column_count: '1', column_vindex: 'multicol' }, 'column_vindex', `number of columns not provided ${cc}`],
    ...['null', 'lookup_unique', 'region_experimental', 'lookup_cost'].map(
      (t): ErrorCase => ['multicol', { column_count: '1', column_vindex: t, region_bytes: '1' }, 'column_vindex', invalidVindex(t)],
    ),
  ])('%s %j → %s error', (...c) => expectParamError(c));

  it('accepts every allowed hashing type as a column vindex', () => {
    const allowed = ['hash', 'xxhash', 'binary', 'binary_md5', 'numeric', 'numeric_static_map', 'reverse_bits', 'unicode_loose_md5', 'unicode_loose_xxhash'];
    for (const t of allowed) {
      // the remaining params (here `json`) are forwarded to each column vindex
      expect(registry.create('multicol', 'mc', { column_count: '1', column_vindex: t, json: '{}' }).unique).toBe(true);
    }
  });

  it.each([
    [{ column_count: '3', column_bytes: '1,2,3' }],
    [{ column_count: '3', column_bytes: '4,,' }],
    [{ column_count: '8' }],
    [{ column_count: '2', column_bytes: '8,0' }],
    [{ column_count: '4', column_bytes: ',,,' }],
  ])('accepts %j', (params) => {
    expect(registry.create('multicol', 'mc', params).multiColumn).toBe(true);
  });

  it('names an unknown column vindex type and lists the registry it looked in', () => {
    const err = vindexErrorOf(() => registry.create('multicol', 'mc', { column_count: '2', column_vindex: 'hash,sha256' }));
    expect(err.code).toBe('VINDEX_PARAM_INVALID');
    expect(err.message).toMatch(/^vindexType "sha256" not found; known types: binary, binary_md5, cfc, /);
    expect(err.details).toEqual({ type: 'multicol', name: 'mc', param: 'column_vindex' });
    expect(err.cause).toMatchObject({ code: 'VINDEX_TYPE_UNKNOWN' });
  });

  it('passes on a column vindex construction error with its message', () => {
    const err = vindexErrorOf(() => registry.create('multicol', 'mc', { column_count: '1', column_vindex: 'numeric_static_map' }));
    expect(err.message).toBe('NumericStaticMap: Could not find either `json_path` or `json` params in vschema');
    expect(err.details).toEqual({ type: 'multicol', name: 'mc', param: 'column_vindex' });
  });
});

describe('numeric_static_map params', () => {
  const both = 'NumericStaticMap: Found both `json` and `json_path` params in vschema';
  it.each<ErrorCase>([
    ['numeric_static_map', {}, 'json', 'NumericStaticMap: Could not find either `json_path` or `json` params in vschema'],
    ['numeric_static_map', { fallback_type: 'hash' }, 'json', 'NumericStaticMap: Could not find either `json_path` or `json` params in vschema'],
    ['numeric_static_map', { json: '{}', json_path: '/path/to/map.json' }, 'json', both],
    ['numeric_static_map', { json: '', json_path: '' }, 'json', both],
    ['numeric_static_map', { json_path: '' }, 'json_path', 'NumericStaticMap: `json_path` must not be empty'],
    ['numeric_static_map', { json: '{]' }, 'json', "invalid character ']' looking for beginning of object key string"],
    ['numeric_static_map', { json: '{"1":a}' }, 'json', "invalid character 'a' looking for beginning of value"],
    ['numeric_static_map', { json: '{"a":1}' }, 'json', 'strconv.ParseUint: parsing "a": invalid syntax'],
    ['numeric_static_map', { json: '' }, 'json', 'unexpected end of JSON input'],
    ['numeric_static_map', { json: '{"1":18446744073709551616}' }, 'json', 'json: cannot unmarshal number 18446744073709551616 into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":-1}' }, 'json', 'json: cannot unmarshal number -1 into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":1.5}' }, 'json', 'json: cannot unmarshal number 1.5 into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":1e3}' }, 'json', 'json: cannot unmarshal number 1e3 into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":-0}' }, 'json', 'json: cannot unmarshal number -0 into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":"2"}' }, 'json', 'json: cannot unmarshal string into Go value of type uint64'],
    ['numeric_static_map', { json: '{"1":[2]}' }, 'json', 'json: cannot unmarshal array into Go value of type uint64'],
    ['numeric_static_map', { json: '[1,2]' }, 'json', 'json: cannot unmarshal array into Go value of type map[string]uint64'],
    // value type errors win over key errors, because Go decodes before Vitess parses keys
    ['numeric_static_map', { json: '{"a":1,"2":true}' }, 'json', 'json: cannot unmarshal bool into Go value of type uint64'],
    ['numeric_static_map', { json: '{"-1":1}' }, 'json', 'strconv.ParseUint: parsing "-1": invalid syntax'],
    ['numeric_static_map', { json: '{" 1":1}' }, 'json', 'strconv.ParseUint: parsing " 1": invalid syntax'],
    ['numeric_static_map', { json: '{"18446744073709551616":1}' }, 'json', 'strconv.ParseUint: parsing "18446744073709551616": value out of range'],
    ['numeric_static_map', { json: '{}', fallback_type: 'region_experimental' }, 'fallback_type', 'region_experimental missing region_bytes param'],
  ])('%s %j → %s error', (...c) => expectParamError(c));

  it.each([
    '{}',
    'null',
    '{"1":1,"3":2}',
    '{"1":2,"3":4,"4":5,"5":6,"6":7,"7":8,"8":9,"10":18446744073709551615}',
    '{"18446744073709551615":0}',
    '{"007":1}',
    ' {\n\t"1" : 0 } ',
    '{"1":null}',
  ])('accepts json %j', (json) => {
    expect(registry.create('numeric_static_map', 'nsm', { json }).hashing).toBe(true);
  });

  it('requires fallback_type to be a type of the same registry', () => {
    const err = vindexErrorOf(() => registry.create('numeric_static_map', 'nsm', { json: '{}', fallback_type: 'sha1' }));
    expect(err.code).toBe('VINDEX_PARAM_INVALID');
    expect(err.message).toMatch(/^vindexType "sha1" not found; known types: binary, binary_md5, /);
    expect(err.details).toEqual({ type: 'numeric_static_map', name: 'nsm', param: 'fallback_type' });
    const own = new VindexRegistry().define('sha1', { cost: 1, unique: true, kind: 'functional', hashing: true });
    expect(own.create('numeric_static_map', 'nsm', { json: '{}', fallback_type: 'sha1' }).hashing).toBe(true);
  });

  it('reads json_path at construction (as Vitess does), and accepts any registered fallback type', () => {
    expect(registry.create('numeric_static_map', 'nsm', { json_path: 'fixtures/vindexes/numeric-static-map.json' }).unknownParams).toEqual([]);
    const missing = vindexErrorOf(() => registry.create('numeric_static_map', 'nsm', { json_path: '/does/not/exist.json' }));
    expect(missing.message).toContain('no such file or directory');
    // a non-hashing fallback is accepted and silently unused, as in Vitess
    expect(registry.create('numeric_static_map', 'nsm', { json: '{}', fallback_type: 'null' }).cost).toBe(1);
    expect(registry.create('numeric_static_map', 'nsm', { json: '{}', fallback_type: 'xxhash' }).cost).toBe(1);
  });
});
