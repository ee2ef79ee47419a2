/**
 * The validated shard layout of one keyspace: which shard holds a keyspace id, which shards a
 * key range touches. Built once, frozen, shared by every plan that routes to the keyspace.
 */

import { TopologyError } from '../errors.js';
import {
  resolveExactKeyRange,
  resolveKeyRange,
  resolveKeyspaceId,
  type ShardRef,
} from '../keyrange/destination.js';
import { compareKeyspaceIds, isEmptyKeyspaceId, type KeyspaceId } from '../keyrange/keyspace-id.js';
import { keyRangeContains, type KeyRange } from '../keyrange/key-range.js';
import { checkShards, type CheckShardsOptions, type TopologyProblem } from './check-shards.js';

export type ShardMapOptions = CheckShardsOptions;

export interface ShardMap {
  readonly keyspace: string;
  /** False for a one-shard unsharded keyspace (`0`); true when routing by keyspace id. */
  readonly sharded: boolean;
  /** Sorted by key range; a shard that is not range based has `keyRange: null` (everything). */
  readonly shards: readonly ShardRef[];
  /** Canonical names in the order of `shards`. */
  readonly shardNames: readonly string[];
  has(name: string): boolean;
  /** @throws TopologyError `UNKNOWN_SHARD` */
  shard(name: string): ShardRef;
  /** @throws TopologyError `KEYSPACE_ID_NO_SHARD` when no shard holds the id (a map built by createShardMap covers all ids). */
  shardForKeyspaceId(id: KeyspaceId): string;
  shardsForKeyspaceIds(ids: readonly KeyspaceId[]): string[];
  /** Every shard that intersects the range (`null` = complete: all shards). */
  shardsForKeyRange(keyRange: KeyRange | null): string[];
  /** @throws TopologyError `KEY_RANGE_NOT_EXACT` unless whole shards tile the range exactly. */
  exactShardsForKeyRange(keyRange: KeyRange | null): string[];
}

/**
 * Validates and freezes one keyspace's shards. One shard may be `0`, `-` or any custom name;
 * several shards must be key ranges that cover the keyspace-id space with no gap and no overlap.
 * @throws TopologyError `TOPOLOGY_GAP`, `TOPOLOGY_OVERLAP` or `TOPOLOGY_INVALID` (several
 *   problems of different kinds), details `{ keyspace, shards, problems }`.
 */
export function createShardMap(
  keyspace: string,
  shardNames: readonly string[],
  options: ShardMapOptions = {},
): ShardMap {
  const checked = checkShards(keyspace, shardNames, options);
  if (checked.problems.length > 0) throw shardProblemsError(keyspace, checked.problems);
  return buildShardMap(keyspace, checked.shards, checked.sharded);
}

function shardProblemsError(keyspace: string, problems: readonly TopologyProblem[]): TopologyError {
  const first = problems[0]!;
  const code = problems.every((p) => p.code === first.code) ? first.code : 'TOPOLOGY_INVALID';
  const message =
    problems.length === 1
      ? first.message
      : `keyspace ${keyspace}: ${problems.length} problems\n${problems.map((p) => `  ${p.message}`).join('\n')}`;
  const shards = [...new Set(problems.flatMap((p) => p.shards))];
  return new TopologyError(code, message, { details: { keyspace, shards, problems } });
}

function buildShardMap(keyspace: string, shards: readonly ShardRef[], sharded: boolean): ShardMap {
  const frozenShards = Object.freeze([...shards]);
  const shardNames = Object.freeze(frozenShards.map((s) => s.name));
  const byName = new Map(frozenShards.map((s) => [s.name, s] as const));
  const resolveOptions = Object.freeze({ keyspace });

  const lookup = (name: string): ShardRef | undefined =>
    typeof name === 'string' ? byName.get(canonicalShardName(name)) : undefined;

  const shardForKeyspaceId = (id: KeyspaceId): string => {
    // Shards are sorted and disjoint, so a binary search finds the only candidate; the linear
    // resolver is the fallback that produces Vitess's error when no shard holds the id.
    const candidate = findByStart(frozenShards, id);
    if (candidate && keyRangeContains(candidate.keyRange, id)) return candidate.name;
    return resolveKeyspaceId(frozenShards, id, resolveOptions);
  };

  return Object.freeze({
    keyspace,
    sharded,
    shards: frozenShards,
    shardNames,
    has: (name: string) => lookup(name) !== undefined,
    shard(name: string): ShardRef {
      const found = lookup(name);
      if (found) return found;
      throw new TopologyError(
        'UNKNOWN_SHARD',
        `keyspace ${keyspace}: unknown shard ${JSON.stringify(name)}; shards: ${shardNames.join(', ')}`,
        { details: { keyspace, shard: name, shards: shardNames } },
      );
    },
    shardForKeyspaceId,
    shardsForKeyspaceIds: (ids: readonly KeyspaceId[]) => ids.map(shardForKeyspaceId),
    shardsForKeyRange: (keyRange: KeyRange | null) => resolveKeyRange(frozenShards, keyRange),
    exactShardsForKeyRange: (keyRange: KeyRange | null) =>
      resolveExactKeyRange(frozenShards, keyRange, resolveOptions),
  });
}

/** Range-based names are lower-cased by Vitess; custom names (`main`, `0`) are kept as is. */
function canonicalShardName(name: string): string {
  return name.includes('-') ? name.toLowerCase() : name;
}

/** The last shard whose start is at or below `id` (an empty start or a missing range is the minimum). */
function findByStart(shards: readonly ShardRef[], id: KeyspaceId): ShardRef | undefined {
  let lo = 0;
  let hi = shards.length - 1;
  let found: ShardRef | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const shard = shards[mid]!;
    const start = shard.keyRange?.start;
    if (start === undefined || isEmptyKeyspaceId(start) || compareKeyspaceIds(start, id) <= 0) {
      found = shard;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
