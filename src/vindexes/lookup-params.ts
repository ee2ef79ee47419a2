/**
 * Params of the lookup vindex family (spec §6.1, §7). Vitess validates them in a fixed order
 * (the common autocommit options, then write_only, no_verify, then the lookup engine's own),
 * and the first bad one is the error the user sees, so the order here is the same.
 */
import { boolParam, getParam, type VindexParamContext } from './params.js';

/** table, from, to, ignore_nulls, batch_lookup, read_lock: what every lookup engine reads. */
export const LOOKUP_INTERNAL_PARAMS = ['table', 'from', 'to', 'ignore_nulls', 'batch_lookup', 'read_lock'] as const;
/** The internal params plus the autocommit options (not accepted by consistent lookups). */
export const LOOKUP_COMMON_PARAMS = [...LOOKUP_INTERNAL_PARAMS, 'autocommit', 'multi_shard_autocommit'] as const;

export type ReadLock = 'exclusive' | 'shared' | 'none';

export type LookupVariant =
  /** lookup, lookup_unique (and the test-only lookup_cost): common params + no_verify + write_only. */
  | 'lookup'
  /** lookup_hash*, lookup_unicodeloosemd5_hash*: common params + write_only, no no_verify. */
  | 'lookup_hash'
  /** consistent_lookup*: internal params + write_only; autocommit is always off. */
  | 'consistent';

export interface LookupConfig {
  readonly table: string;
  /** Comma-separated `from`, each trimmed; not validated (Vitess: "" gives one empty column). */
  readonly from: readonly string[];
  readonly to: string;
  readonly autocommit: boolean;
  readonly multiShardAutocommit: boolean;
  readonly writeOnly: boolean;
  readonly noVerify: boolean;
  readonly ignoreNulls: boolean;
  readonly batchLookup: boolean;
  /** Absent means exclusive (`for update`). */
  readonly readLock: ReadLock;
}

export function lookupKnownParams(variant: LookupVariant): readonly string[] {
  switch (variant) {
    case 'lookup':
      return [...LOOKUP_COMMON_PARAMS, 'no_verify', 'write_only'];
    case 'lookup_hash':
      return [...LOOKUP_COMMON_PARAMS, 'write_only'];
    case 'consistent':
      return [...LOOKUP_INTERNAL_PARAMS, 'write_only'];
  }
}

export function parseLookupParams(ctx: VindexParamContext, variant: LookupVariant): LookupConfig {
  const consistent = variant === 'consistent';
  // Consistent lookups never read the autocommit options, so bad values there are not errors
  // (they are only reported as unknown params).
  const autocommit = consistent ? false : boolParam(ctx, 'autocommit');
  const multiShardAutocommit = consistent ? false : boolParam(ctx, 'multi_shard_autocommit');
  const writeOnly = boolParam(ctx, 'write_only');
  const noVerify = variant === 'lookup' ? boolParam(ctx, 'no_verify') : false;
  const ignoreNulls = boolParam(ctx, 'ignore_nulls');
  const batchLookup = boolParam(ctx, 'batch_lookup');
  const readLock = parseReadLock(ctx);
  return {
    table: getParam(ctx.params, 'table') ?? '',
    from: (getParam(ctx.params, 'from') ?? '').split(',').map((column) => column.trim()),
    to: getParam(ctx.params, 'to') ?? '',
    autocommit,
    multiShardAutocommit,
    writeOnly,
    noVerify,
    ignoreNulls,
    batchLookup,
    readLock,
  };
}

function parseReadLock(ctx: VindexParamContext): ReadLock {
  const value = getParam(ctx.params, 'read_lock');
  if (value === undefined) return 'exclusive';
  if (value === 'exclusive' || value === 'shared' || value === 'none') return value;
  return ctx.fail('read_lock', `invalid read_lock value: ${value}`);
}
