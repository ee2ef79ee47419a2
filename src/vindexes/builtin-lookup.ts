/**
 * The lookup built-in types (spec §2, §6 and §7): properties, param checks and the lookup engine.
 */
import type { VindexTypeSpec } from './define.js';
import { consistentLookupImpl } from './lookup/consistent.js';
import { hashedLookupImpl } from './lookup/lookup-hash.js';
import { lookupImpl } from './lookup/lookup.js';
import { unicodeLooseMd5FromValue } from './lookup/unicode-from-value.js';
import { lookupKnownParams, parseLookupParams, type LookupConfig, type LookupVariant } from './lookup-params.js';
import { getParam, goAtoi, type VindexParamContext } from './params.js';
import type { LookupImpl } from './types.js';

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
  /** Builds the engine from the validated params (and the vindex name, for messages). */
  readonly build: (config: LookupConfig, ctx: VindexParamContext) => LookupImpl;
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
    implement: (ctx) => options.build(parseLookupParams(ctx, options.variant), ctx),
  };
}

const LOOKUP_COST_DEFAULT = 5;

const plainLookup = (unique: boolean) => (config: LookupConfig) => lookupImpl(config, { unique });
const hashLookup = (unique: boolean) => (config: LookupConfig) =>
  hashedLookupImpl(config, { unique, multiplePrefix: 'LookupHash.Map', planable: true });
const unicodeLookup = (unique: boolean) => (config: LookupConfig) =>
  hashedLookupImpl(config, {
    unique,
    multiplePrefix: 'LookupUnicodeLooseMD5HashUnique.Map',
    convert: unicodeLooseMd5FromValue,
    planable: false,
  });
const consistentLookup = (unique: boolean) => (config: LookupConfig, ctx: VindexParamContext) =>
  consistentLookupImpl(ctx.name, config, { unique });

export function lookupVindexTypes(): Readonly<Record<string, VindexTypeSpec>> {
  return {
    lookup: lookupType({ cost: 20, unique: false, variant: 'lookup', lookupPlanable: true, exposesBackfill: true, build: plainLookup(false) }),
    lookup_unique: lookupType({ cost: 10, unique: true, variant: 'lookup', lookupPlanable: true, exposesBackfill: true, build: plainLookup(true) }),
    lookup_hash: lookupType({
      cost: 20,
      unique: false,
      variant: 'lookup_hash',
      lookupPlanable: true,
      exposesBackfill: false,
      build: hashLookup(false),
    }),
    lookup_hash_unique: lookupType({
      cost: 10,
      unique: true,
      variant: 'lookup_hash',
      lookupPlanable: true,
      exposesBackfill: true,
      build: hashLookup(true),
    }),
    // Not LookupPlanable: the from values are hashed before querying, so the planner cannot
    // put a plain lookup SELECT in front of the route.
    lookup_unicodeloosemd5_hash: lookupType({
      cost: 20,
      unique: false,
      variant: 'lookup_hash',
      lookupPlanable: false,
      exposesBackfill: false,
      build: unicodeLookup(false),
    }),
    lookup_unicodeloosemd5_hash_unique: lookupType({
      cost: 10,
      unique: true,
      variant: 'lookup_hash',
      lookupPlanable: false,
      exposesBackfill: true,
      build: unicodeLookup(true),
    }),
    consistent_lookup: lookupType({
      cost: 20,
      unique: false,
      variant: 'consistent',
      lookupPlanable: true,
      exposesBackfill: true,
      wantsOwnerInfo: true,
      build: consistentLookup(false),
    }),
    consistent_lookup_unique: lookupType({
      cost: 10,
      unique: true,
      variant: 'consistent',
      lookupPlanable: true,
      exposesBackfill: true,
      wantsOwnerInfo: true,
      build: consistentLookup(true),
    }),
    // Vitess registers this test helper next to the product types (its planner test VSchema
    // uses it): a non-unique lookup whose cost comes from the `cost` param. It validates params
    // exactly as `lookup` does, so `cost` itself is reported as unknown.
    lookup_cost: {
      ...lookupType({
        cost: LOOKUP_COST_DEFAULT,
        unique: false,
        variant: 'lookup',
        lookupPlanable: true,
        exposesBackfill: false,
        build: plainLookup(false),
      }),
      validate: (ctx) => {
        parseLookupParams(ctx, 'lookup');
        const parsed = goAtoi(getParam(ctx.params, 'cost') ?? '');
        // Atoi failure silently means 5 in Vitess; a negative cost (which Atoi accepts) is
        // treated the same, since a cost below 0 is outside this library's Vindex contract.
        return { cost: parsed.ok && parsed.value >= 0 ? parsed.value : LOOKUP_COST_DEFAULT };
      },
    },
  };
}
