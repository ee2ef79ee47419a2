/**
 * The vindex types Vitess registers, with the properties of spec §2 and their param checks.
 * Only construction lives here; the mapping functions come with the vindex implementations.
 */
import { defineVindexType, type VindexTypeSpec } from './define.js';
import {
  parseCfcParams,
  parseNumericStaticMapParams,
  parseRegionExperimentalParams,
  parseRegionJsonParams,
} from './functional-params.js';
import { lookupKnownParams, parseLookupParams, type LookupVariant } from './lookup-params.js';
import { parseMulticolParams } from './multicol-params.js';
import { getParam, goAtoi } from './params.js';
import type { VindexSource } from './registry.js';
import type { VindexFactory } from './types.js';

/** A functional single-column type whose instances are all alike (no params of its own). */
function plain(cost: number, facets: Pick<VindexTypeSpec, 'reversible' | 'hashing' | 'sequential'>): VindexTypeSpec {
  return { cost, unique: true, kind: 'functional', ...facets };
}

interface LookupTypeOptions {
  readonly cost: number;
  readonly unique: boolean;
  readonly variant: LookupVariant;
  readonly lookupPlanable: boolean;
  /**
   * Whether the Go type has IsBackfilling. The non-unique lookup_hash and
   * lookup_unicodeloosemd5_hash do not: write_only changes their Map/Verify, but the
   * VSchema never sees them as backfilling, so the planner may still route with them.
   */
  readonly exposesBackfill: boolean;
  readonly wantsOwnerInfo?: boolean;
}

function lookupType(options: LookupTypeOptions): VindexTypeSpec {
  return {
    cost: options.cost,
    unique: options.unique,
    kind: 'lookup',
    needsBackingTable: true,
    lookupPlanable: options.lookupPlanable,
    wantsOwnerInfo: options.wantsOwnerInfo ?? false,
    knownParams: lookupKnownParams(options.variant),
    validate: (ctx) => {
      const config = parseLookupParams(ctx, options.variant);
      return { backfilling: options.exposesBackfill && config.writeOnly };
    },
  };
}

const LOOKUP_COST_DEFAULT = 5;

/**
 * Every built-in type, in spec §2 order. `source` is the registry being filled: multicol
 * and numeric_static_map create their column / fallback vindexes through it.
 */
export function builtinVindexTypes(source: VindexSource): readonly (readonly [string, VindexFactory])[] {
  const specs: Readonly<Record<string, VindexTypeSpec>> = {
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
    lookup: lookupType({ cost: 20, unique: false, variant: 'lookup', lookupPlanable: true, exposesBackfill: true }),
    lookup_unique: lookupType({ cost: 10, unique: true, variant: 'lookup', lookupPlanable: true, exposesBackfill: true }),
    lookup_hash: lookupType({ cost: 20, unique: false, variant: 'lookup_hash', lookupPlanable: true, exposesBackfill: false }),
    lookup_hash_unique: lookupType({ cost: 10, unique: true, variant: 'lookup_hash', lookupPlanable: true, exposesBackfill: true }),
    // Not LookupPlanable: the from values are hashed before querying, so the planner cannot
    // put a plain lookup SELECT in front of the route.
    lookup_unicodeloosemd5_hash: lookupType({
      cost: 20,
      unique: false,
      variant: 'lookup_hash',
      lookupPlanable: false,
      exposesBackfill: false,
    }),
    lookup_unicodeloosemd5_hash_unique: lookupType({
      cost: 10,
      unique: true,
      variant: 'lookup_hash',
      lookupPlanable: false,
      exposesBackfill: true,
    }),
    consistent_lookup: lookupType({
      cost: 20,
      unique: false,
      variant: 'consistent',
      lookupPlanable: true,
      exposesBackfill: true,
      wantsOwnerInfo: true,
    }),
    consistent_lookup_unique: lookupType({
      cost: 10,
      unique: true,
      variant: 'consistent',
      lookupPlanable: true,
      exposesBackfill: true,
      wantsOwnerInfo: true,
    }),
    // Vitess registers this test helper next to the product types (its planner test VSchema
    // uses it): a non-unique lookup whose cost comes from the `cost` param. It validates params
    // exactly as `lookup` does, so `cost` itself is reported as unknown.
    lookup_cost: {
      ...lookupType({ cost: LOOKUP_COST_DEFAULT, unique: false, variant: 'lookup', lookupPlanable: true, exposesBackfill: false }),
      validate: (ctx) => {
        parseLookupParams(ctx, 'lookup');
        const parsed = goAtoi(getParam(ctx.params, 'cost') ?? '');
        // Atoi failure silently means 5 in Vitess; a negative cost (which Atoi accepts) is
        // treated the same, since a cost below 0 is outside this library's Vindex contract.
        return { cost: parsed.ok && parsed.value >= 0 ? parsed.value : LOOKUP_COST_DEFAULT };
      },
    },
  };
  return Object.entries(specs).map(([type, spec]) => [type, defineVindexType(type, spec)] as const);
}

/** The names of the built-in types, sorted. */
export const BUILTIN_VINDEX_TYPES: readonly string[] = Object.freeze(
  [
    'hash',
    'xxhash',
    'binary',
    'binary_md5',
    'numeric',
    'numeric_static_map',
    'reverse_bits',
    'null',
    'unicode_loose_md5',
    'unicode_loose_xxhash',
    'cfc',
    'region_experimental',
    'region_json',
    'multicol',
    'lookup',
    'lookup_unique',
    'lookup_hash',
    'lookup_hash_unique',
    'lookup_unicodeloosemd5_hash',
    'lookup_unicodeloosemd5_hash_unique',
    'consistent_lookup',
    'consistent_lookup_unique',
    'lookup_cost',
  ].sort(),
);
