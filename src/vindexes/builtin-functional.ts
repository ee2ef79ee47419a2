/**
 * The functional built-in types (spec §2 and §4): properties, param checks and mapping.
 * The mapping code of each type is in functional/<type>.ts.
 */
import type { VindexTypeSpec } from './define.js';
import { parseCfcParams, parseRegionExperimentalParams } from './functional-params.js';
import { binaryMd5Impl } from './functional/binary-md5.js';
import { binaryImpl } from './functional/binary.js';
import { cfcImpl } from './functional/cfc.js';
import { hashImpl } from './functional/hash.js';
import { multicolImpl } from './functional/multicol.js';
import { nullImpl } from './functional/null.js';
import { numericStaticMapImpl, parseNumericStaticMap } from './functional/numeric-static-map.js';
import { numericImpl } from './functional/numeric.js';
import { regionExperimentalImpl } from './functional/region-experimental.js';
import { parseRegionJson, regionJsonImpl } from './functional/region-json.js';
import { reverseBitsImpl } from './functional/reverse-bits.js';
import { unicodeLooseMd5Impl, unicodeLooseXxhashImpl } from './functional/unicode-loose.js';
import { xxhashImpl } from './functional/xxhash.js';
import { parseMulticolParams } from './multicol-params.js';
import type { VindexParamContext } from './params.js';
import type { VindexSource } from './registry.js';
import type { SingleColumnImpl } from './types.js';

/** A functional single-column type whose instances are all alike (no params of its own). */
function plain(
  cost: number,
  facets: Pick<VindexTypeSpec, 'reversible' | 'hashing' | 'sequential'>,
  impl: SingleColumnImpl,
): VindexTypeSpec {
  return { cost, unique: true, kind: 'functional', ...facets, implement: () => impl };
}

/**
 * `validate` and `implement` get the same context for one vindex; this parses the params once
 * (in validate, so errors come first) and hands the result to implement. Parsing matters:
 * numeric_static_map and region_json read files, multicol creates its column vindexes.
 */
function parsedOnce<T>(parse: (ctx: VindexParamContext) => T): (ctx: VindexParamContext) => T {
  const cache = new WeakMap<VindexParamContext, T>();
  return (ctx) => {
    if (cache.has(ctx)) return cache.get(ctx) as T;
    const parsed = parse(ctx);
    cache.set(ctx, parsed);
    return parsed;
  };
}

/** `source` is the registry being filled: multicol and numeric_static_map create vindexes through it. */
export function functionalVindexTypes(source: VindexSource): Readonly<Record<string, VindexTypeSpec>> {
  const numericStaticMap = parsedOnce((ctx) => parseNumericStaticMap(ctx, source));
  const cfc = parsedOnce(parseCfcParams);
  const regionExperimental = parsedOnce(parseRegionExperimentalParams);
  const regionJson = parsedOnce(parseRegionJson);
  const multicol = parsedOnce((ctx) => parseMulticolParams(ctx, source));
  return {
    hash: plain(1, { reversible: true, hashing: true }, hashImpl),
    xxhash: plain(1, { hashing: true }, xxhashImpl),
    // Cost 0: the value itself is the keyspace id, so nothing beats it.
    binary: plain(0, { reversible: true, hashing: true, sequential: true }, binaryImpl),
    binary_md5: plain(1, { hashing: true }, binaryMd5Impl),
    numeric: plain(0, { reversible: true, hashing: true, sequential: true }, numericImpl),
    numeric_static_map: {
      cost: 1,
      unique: true,
      kind: 'functional',
      hashing: true,
      knownParams: ['json', 'json_path', 'fallback_type'],
      validate: (ctx) => void numericStaticMap(ctx),
      implement: (ctx) => numericStaticMapImpl(numericStaticMap(ctx)),
    },
    reverse_bits: plain(1, { reversible: true, hashing: true }, reverseBitsImpl),
    // Cost 100: everything maps to keyspace id 00, a last resort for the planner.
    null: plain(100, {}, nullImpl),
    unicode_loose_md5: plain(1, { hashing: true }, unicodeLooseMd5Impl),
    unicode_loose_xxhash: plain(1, { hashing: true }, unicodeLooseXxhashImpl),
    // The LIKE-prefix variant (cost = number of offsets, not unique; see cfcPrefixProperties)
    // is derived by the planner from this one; the registered type is an ordinary unique vindex.
    cfc: {
      cost: 1,
      unique: true,
      kind: 'functional',
      prefixable: true,
      knownParams: ['hash', 'offsets'],
      validate: (ctx) => void cfc(ctx),
      implement: (ctx) => cfcImpl(cfc(ctx), ctx.name),
    },
    region_experimental: {
      cost: 1,
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: true,
      knownParams: ['region_bytes'],
      validate: (ctx) => void regionExperimental(ctx),
      implement: (ctx) => regionExperimentalImpl(regionExperimental(ctx).regionBytes),
    },
    region_json: {
      cost: 1,
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: false,
      knownParams: ['region_map', 'region_bytes'],
      validate: (ctx) => void regionJson(ctx),
      implement: (ctx) => regionJsonImpl(regionJson(ctx)),
    },
    multicol: {
      cost: 0, // replaced by the sum of the column vindexes' costs
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: true,
      knownParams: 'all',
      validate: (ctx) => ({ cost: multicol(ctx).cost }),
      implement: (ctx) => multicolImpl(multicol(ctx)),
    },
  };
}
