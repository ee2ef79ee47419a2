/**
 * Destination resolution against an ordered shard list (Vitess `go/vt/key/destination.go`).
 *
 * These functions take the list as given and do not require it to cover the keyspace-id space:
 * Vitess's own tests resolve against lists like `60-80`, `80-90`. Coverage is the topology's
 * job (src/topology).
 */

import { TopologyError } from '../errors.js';
import { bytesToHex, type KeyspaceId } from './keyspace-id.js';
import {
  keyRangeCompare,
  keyRangeContains,
  keyRangeEndEqual,
  keyRangeIntersect,
  keyRangeStartEqual,
  keyRangeString,
  type KeyRange,
} from './key-range.js';

export interface ShardRef {
  readonly name: string;
  /** `null` = the complete range (a shard that is not range based, such as `0`). */
  readonly keyRange: KeyRange | null;
}

export interface ResolveOptions {
  /** Added to error details so a failure names the keyspace it happened in. */
  readonly keyspace?: string;
}

/**
 * The first shard, in list order, whose range contains the id (Vitess GetShardForKeyspaceID).
 * @throws TopologyError `NO_SHARDS` for an empty list, `KEYSPACE_ID_NO_SHARD` when no range contains the id.
 */
export function resolveKeyspaceId(
  shards: readonly ShardRef[],
  id: KeyspaceId,
  options: ResolveOptions = {},
): string {
  if (shards.length === 0) {
    throw new TopologyError('NO_SHARDS', 'no shard in keyspace', { details: keyspaceDetails(options) });
  }
  for (const shard of shards) {
    if (keyRangeContains(shard.keyRange, id)) return shard.name;
  }
  const hex = bytesToHex(id);
  throw new TopologyError('KEYSPACE_ID_NO_SHARD', `KeyspaceId ${hex} didn't match any shards`, {
    details: { ...keyspaceDetails(options), keyspaceId: hex, shards: shards.map((s) => s.name) },
  });
}

/** Resolves each id on its own; the result has one shard name per id, duplicates included. */
export function resolveKeyspaceIds(
  shards: readonly ShardRef[],
  ids: readonly KeyspaceId[],
  options: ResolveOptions = {},
): string[] {
  return ids.map((id) => resolveKeyspaceId(shards, id, options));
}

/** Every shard whose range intersects `keyRange`, in list order (`null` = complete: all shards). */
export function resolveKeyRange(shards: readonly ShardRef[], keyRange: KeyRange | null): string[] {
  return shards.filter((shard) => keyRangeIntersect(keyRange, shard.keyRange)).map((shard) => shard.name);
}

/**
 * The run of shards that tiles `keyRange` exactly: in KeyRangeCompare order, start at the shard
 * whose start equals the range start and stop at the one whose end equals the range end.
 * As in Vitess, gaps between the collected shards are not checked (a covering topology has none).
 * @throws TopologyError `KEY_RANGE_NOT_EXACT` when no such run exists.
 */
export function resolveExactKeyRange(
  shards: readonly ShardRef[],
  keyRange: KeyRange | null,
  options: ResolveOptions = {},
): string[] {
  // A stable sort of a copy: Vitess sorts the caller's slice in place, we leave the input alone.
  const sorted = [...shards].sort((a, b) => keyRangeCompare(a.keyRange, b.keyRange));
  let index = sorted.findIndex((shard) => keyRangeStartEqual(keyRange, shard.keyRange));
  const found: string[] = [];
  for (; index >= 0 && index < sorted.length; index++) {
    const shard = sorted[index]!;
    // Past the requested range: no later shard can complete it.
    if (!keyRangeIntersect(keyRange, shard.keyRange)) break;
    found.push(shard.name);
    if (keyRangeEndEqual(keyRange, shard.keyRange)) return found;
  }
  const text = keyRangeString(keyRange);
  throw new TopologyError('KEY_RANGE_NOT_EXACT', `keyrange ${text} does not exactly match shards`, {
    details: { ...keyspaceDetails(options), keyRange: text, shards: shards.map((s) => s.name) },
  });
}

function keyspaceDetails(options: ResolveOptions): Record<string, unknown> {
  return options.keyspace === undefined ? {} : { keyspace: options.keyspace };
}
