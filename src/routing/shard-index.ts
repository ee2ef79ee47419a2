/**
 * Keyspace id → shard in one array read, for the routing hot path.
 *
 * Shards of a keyspace almost always split the keyspace-id space at whole bytes (`-40`,
 * `40-80`, ...; Vitess's even splits up to 256 shards). For each value of a keyspace id's first
 * byte, the table holds the index of the one shard that holds every id starting with that byte,
 * or -1 when a shard boundary falls inside it (`-4080` ...): those ids, and empty ids, take the
 * shard map's own search. So the answer is always the shard map's, only cheaper to find.
 *
 * Built once per ShardMap (shard maps are frozen) and kept in a WeakMap.
 */
import { compareKeyspaceIds, isEmptyKeyspaceId, type KeyspaceId } from '../keyrange/keyspace-id.js';
import type { ShardMap } from '../topology/shard-map.js';

export interface ShardIndex {
  readonly shardMap: ShardMap;
  /** shardMap.shardNames. */
  readonly names: readonly string[];
  /** First byte → index in names, or -1: ask the shard map. */
  readonly byFirstByte: Int16Array;
}

const indexes = new WeakMap<ShardMap, ShardIndex>();

export function shardIndexOf(shardMap: ShardMap): ShardIndex {
  let index = indexes.get(shardMap);
  if (index === undefined) {
    index = buildIndex(shardMap);
    indexes.set(shardMap, index);
  }
  return index;
}

/** The index (in shardNames order) of the shard holding id. */
export function shardIndexFor(index: ShardIndex, id: KeyspaceId): number {
  const i = id.length > 0 ? index.byFirstByte[id[0]!]! : -1;
  return i >= 0 ? i : index.names.indexOf(index.shardMap.shardForKeyspaceId(id));
}

/** The name of the shard holding id. */
export function shardNameFor(index: ShardIndex, id: KeyspaceId): string {
  const i = id.length > 0 ? index.byFirstByte[id[0]!]! : -1;
  return i >= 0 ? index.names[i]! : index.shardMap.shardForKeyspaceId(id);
}

function buildIndex(shardMap: ShardMap): ShardIndex {
  const table = new Int16Array(256).fill(-1);
  const names = shardMap.shardNames;
  const byName = new Map(shardMap.shards.map((s) => [s.name, s.keyRange] as const));
  for (let b = 0; b < 256; b++) {
    let name: string;
    try {
      name = shardMap.shardForKeyspaceId(Uint8Array.of(b));
    } catch {
      continue; // no shard holds it: the shard map reports that, every time
    }
    // Every id starting with b lies in [b, b+1): the shard holding b must also reach b+1 (the
    // last byte needs an unbounded end). Shards do not overlap, so it then holds them all.
    const range = byName.get(name);
    const reaches = range === null || isEmptyKeyspaceId(range!.end) || (b < 255 && compareKeyspaceIds(Uint8Array.of(b + 1), range!.end) <= 0);
    const at = names.indexOf(name);
    if (range !== undefined && reaches && at >= 0) table[b] = at;
  }
  return Object.freeze({ shardMap, names, byFirstByte: table });
}
