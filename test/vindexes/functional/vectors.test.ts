/**
 * Every vector of every functional vindex group in fixtures/vitess/vindex_vectors.json, one
 * test per vector, through the registry (`new VindexRegistry().create(type, name, params).impl`).
 * A vector with an op this file does not know, or with a field no check reads, fails: nothing
 * is skipped silently. numeric_static_map vectors with an inline `json` run a second time from
 * a `json_path` file holding the same text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { cfcComponentHash, cfcPrefixProperties, computeCfcKsid, findLikePrefix } from '../../../src/vindexes/functional/cfc.js';
import { addOne, keyRangeFromPrefix } from '../../../src/vindexes/functional/shared.js';
import { parseCfcParams } from '../../../src/vindexes/functional-params.js';
import { paramContext } from '../../../src/vindexes/params.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import type { MultiColumnImpl, SingleColumnImpl } from '../../../src/vindexes/types.js';
import { valueText } from '../../../src/vindexes/value.js';
import {
  DOC_KEYS,
  expectDestination,
  expectVindexError,
  rowValues,
  singleValue,
  sqlType,
  valueFrom,
  vectorGroup,
  vectorGroupNames,
  vectorParams,
  vitessString,
  type Vector,
} from './vectors.js';

/** The groups checked here, in fixture order. */
export const FUNCTIONAL_GROUPS = [
  'hash',
  'xxhash',
  'binary',
  'binary_md5',
  'numeric',
  'numeric_static_map',
  'reverse_bits',
  'null',
  'region_experimental',
  'multicol',
  'cfc',
  'unicode_loose_md5',
  'unicode_loose_xxhash',
] as const;

/** Groups other tests own (collation, lookups, key ranges) or that this file checks elsewhere. */
const ELSEWHERE = new Set([
  'unicode_collation_keys', // the collation key itself: test/vindexes/unicode
  'unicode_golden', // checked through both vindexes in unicode-loose.test.ts
  'lookup_unicodeloosemd5_hash_from_values',
  'lookup',
  'consistent_lookup',
  'key_ranges',
]);

const registry = new VindexRegistry();
const encoder = new TextEncoder();
let scratch = '';

beforeAll(async () => {
  await vindexesReady();
  scratch = mkdtempSync(join(tmpdir(), 'vindex-vectors-'));
});
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

function create(group: string, params: Record<string, string>) {
  return registry.create(group, group, params);
}

function single(group: string, params: Record<string, string>): SingleColumnImpl {
  const impl = create(group, params).impl;
  if (impl?.kind !== 'single') throw new Error(`${group} has no single-column impl`);
  return impl;
}

function multi(group: string, params: Record<string, string>): MultiColumnImpl {
  const impl = create(group, params).impl;
  if (impl?.kind !== 'multi') throw new Error(`${group} has no multi-column impl`);
  return impl;
}

function ksidOf(v: Vector): Uint8Array {
  if (typeof v.keyspace_id_hex !== 'string') throw new Error('vector has no keyspace_id_hex');
  return hexToBytes(v.keyspace_id_hex);
}

type Check = (group: string, v: Vector, params: Record<string, string>) => void;

const CHECKS: Readonly<Record<string, Check>> = {
  map(group, v, params) {
    if (Array.isArray(v.input)) {
      const [dest] = multi(group, params).mapRows([rowValues(v)]);
      expectDestination(dest, v);
    } else if (v.error !== undefined) {
      const impl = single(group, params);
      expectVindexError(() => impl.map([singleValue(v)]), v.error);
    } else {
      const [dest] = single(group, params).map([singleValue(v)]);
      expectDestination(dest, v);
    }
  },
  verify(group, v, params) {
    // Error vectors carry no keyspace id: the value fails before any comparison.
    const ksid = v.error !== undefined && v.keyspace_id_hex === undefined ? new Uint8Array(8) : ksidOf(v);
    const run = Array.isArray(v.input)
      ? () => multi(group, params).verifyRows([rowValues(v)], [ksid])
      : () => single(group, params).verify([singleValue(v)], [ksid]);
    if (v.error !== undefined) {
      expectVindexError(run, v.error);
    } else {
      expect(typeof v.verify).toBe('boolean');
      expect(run()).toEqual([v.verify]);
    }
  },
  reverse_map(group, v, params) {
    const impl = single(group, params);
    expect(impl.reverseMap).toBeTypeOf('function');
    // A JSON null keyspace id is Go's nil slice.
    const ksid = (v.keyspace_id_hex === null ? null : ksidOf(v)) as Uint8Array;
    if (v.error !== undefined) {
      expectVindexError(() => impl.reverseMap!([ksid]), v.error);
      return;
    }
    const [value] = impl.reverseMap!([ksid]);
    expect(value?.type).toBe(sqlType(v.output_type ?? ''));
    if (v.output !== undefined) expect(valueText(value!)).toBe(v.output);
    else expect(bytesToHex(value!.raw)).toBe(v.output_hex);
  },
  range_map(group, v, params) {
    const impl = single(group, params);
    const type = v.type as string;
    const dest = impl.rangeMap!(valueFrom(v.start ?? null, type), valueFrom(v.end ?? null, type));
    expectDestination(dest, v);
    if (v.string !== undefined) expect(vitessString(dest)).toBe(v.string);
  },
  create(group, v, params) {
    if (v.error !== undefined) {
      expectVindexError(() => create(group, params), v.error);
      return;
    }
    expect(v.ok).toBe(true);
    const vindex = create(group, params);
    if (v.cost !== undefined) expect(vindex.cost).toBe(v.cost);
    if (v.unknown_params !== undefined) expect(vindex.unknownParams).toEqual(v.unknown_params);
    expect(vindex.impl).not.toBeNull();
  },
  prefix_map(group, v, params) {
    const [dest] = single(group, params).prefixMap!([singleValue(v)]);
    expectDestination(dest, v);
  },
  compute_ksid(group, v, params) {
    create(group, params); // the params are valid
    const config = parseCfcParams(paramContext(group, group, params));
    const input = hexToBytes(v.input_hex ?? '');
    const run = () => computeCfcKsid(config, group, input, v.prefix_mode === true);
    if (v.error !== undefined) expectVindexError(run, v.error);
    else expect(bytesToHex(run())).toBe(v.keyspace_id_hex);
  },
  find_prefix(_group, v) {
    const pattern = hexToBytes(v.input_hex ?? '');
    // `input` is the readable form of `input_hex`; keep the two honest.
    expect(bytesToHex(encoder.encode(v.input as string))).toBe(v.input_hex);
    expect(bytesToHex(findLikePrefix(pattern))).toBe(v.prefix_hex);
  },
  add_one(_group, v) {
    const out = addOne(hexToBytes(v.input_hex ?? ''));
    expect(out === null ? null : bytesToHex(out)).toBe(v.output_hex);
  },
  key_range_from_prefix(_group, v) {
    expectDestination(keyRangeFromPrefix(hexToBytes(v.input_hex ?? '')), v);
  },
  component_hash(_group, v) {
    const input = encoder.encode(v.input as string);
    const md5 = cfcComponentHash('md5', input);
    const xx = cfcComponentHash('xxhash64', input);
    expect(md5.length).toBe(v.md5_len);
    expect(xx.length).toBe(v.xxhash64_len);
    expect(bytesToHex(md5)).toBe(v.md5_hex);
    expect(bytesToHex(xx)).toBe(v.xxhash64_hex);
  },
  prefix_cost(group, v, params) {
    const vindex = create(group, params);
    expect(vindex.prefixable).toBe(true);
    expect(cfcPrefixProperties(group, vindex.params)).toEqual({ cost: v.cost, unique: v.unique });
  },
};

/** Runs one vector's check and fails on any field that no check read. */
function runVector(group: string, vector: Vector, params: Record<string, string>): void {
  const read = new Set<string | symbol>();
  const tracked = new Proxy(vector, {
    get(target, key, receiver) {
      read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const op = vector.op ?? 'map';
  const check = CHECKS[op];
  if (check === undefined) throw new Error(`unknown op ${JSON.stringify(op)} in ${group}: this test cannot check it`);
  check(group, tracked, params);
  const unread = Object.keys(vector).filter((key) => !DOC_KEYS.has(key) && key !== 'op' && key !== 'params' && !read.has(key));
  expect(unread, `fields of the vector no check looked at`).toEqual([]);
}

/** The same params with the inline `json` table moved to a `json_path` file. */
function viaJsonPath(params: Record<string, string>): Record<string, string> | undefined {
  const json = params['json'];
  if (json === undefined || 'json_path' in params) return undefined;
  const file = join(scratch, `map-${Buffer.from(json).toString('hex').slice(0, 60)}.json`);
  writeFileSync(file, json);
  const { json: _inline, ...rest } = params;
  return { ...rest, json_path: file };
}

describe('functional vindex vectors', () => {
  it('covers every vector group of the fixture (here or in a named other test)', () => {
    const mine = new Set<string>(FUNCTIONAL_GROUPS);
    expect(vectorGroupNames().filter((g) => !mine.has(g) && !ELSEWHERE.has(g))).toEqual([]);
  });

  for (const group of FUNCTIONAL_GROUPS) {
    describe(group, () => {
      const vectors = vectorGroup(group);
      it.each(vectors.map((v, i) => [`#${i} ${v.op ?? 'map'} ${JSON.stringify(v.input ?? v.input_hex ?? v.keyspace_id_hex ?? v.params ?? '')}`, v] as const))(
        '%s',
        (_title, vector) => {
          const params = vectorParams(vector);
          runVector(group, vector, params);
          if (group === 'numeric_static_map') {
            const fromFile = viaJsonPath(params);
            if (fromFile !== undefined) runVector(group, vector, fromFile);
          }
        },
      );
    });
  }
});
