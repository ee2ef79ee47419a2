/**
 * The functional built-in types (spec §2 and §4): properties, param checks and mapping.
 */
import type { VindexTypeSpec } from './define.js';
import {
  parseCfcParams,
  parseNumericStaticMapParams,
  parseRegionExperimentalParams,
  parseRegionJsonParams,
} from './functional-params.js';
import { parseMulticolParams } from './multicol-params.js';
import type { VindexSource } from './registry.js';

/** A functional single-column type whose instances are all alike (no params of its own). */
function plain(cost: number, facets: Pick<VindexTypeSpec, 'reversible' | 'hashing' | 'sequential'>): VindexTypeSpec {
  return { cost, unique: true, kind: 'functional', ...facets };
}

/** `source` is the registry being filled: multicol and numeric_static_map create vindexes through it. */
export function functionalVindexTypes(source: VindexSource): Readonly<Record<string, VindexTypeSpec>> {
  return {
    hash: plain(1, { reversible: true, hashing: true }),
    xxhash: plain(1, { hashing: true }),
    // Cost 0: the value itself is the keyspace id, so nothing beats it.
    binary: plain(0, { reversible: true, hashing: true, sequential: true }),
    binary_md5: plain(1, { hashing: true }),
    numeric: plain(0, { reversible: true, hashing: true, sequential: true }),
    numeric_static_map: {
      cost: 1,
      unique: true,
      kind: 'functional',
      hashing: true,
      knownParams: ['json', 'json_path', 'fallback_type'],
      validate: (ctx) => void parseNumericStaticMapParams(ctx, source),
    },
    reverse_bits: plain(1, { reversible: true, hashing: true }),
    // Cost 100: everything maps to keyspace id 00, a last resort for the planner.
    null: plain(100, {}),
    unicode_loose_md5: plain(1, { hashing: true }),
    unicode_loose_xxhash: plain(1, { hashing: true }),
    // The LIKE-prefix variant (cost = number of offsets, not unique) is derived by the
    // planner from this one; the registered type itself is an ordinary unique vindex.
    cfc: {
      cost: 1,
      unique: true,
      kind: 'functional',
      prefixable: true,
      knownParams: ['hash', 'offsets'],
      validate: (ctx) => void parseCfcParams(ctx),
    },
    region_experimental: {
      cost: 1,
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: true,
      knownParams: ['region_bytes'],
      validate: (ctx) => void parseRegionExperimentalParams(ctx),
    },
    region_json: {
      cost: 1,
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: false,
      knownParams: ['region_map', 'region_bytes'],
      validate: (ctx) => void parseRegionJsonParams(ctx),
    },
    multicol: {
      cost: 0, // replaced by the sum of the column vindexes' costs
      unique: true,
      kind: 'functional',
      multiColumn: true,
      partial: true,
      knownParams: 'all',
      validate: (ctx) => ({ cost: parseMulticolParams(ctx, source).cost }),
    },
  };
}
