/**
 * From vindexes to shards: the vindex a route names, mapping values (and rows of a multi-column
 * vindex) to destinations, destinations to shard names, and the targets of Send / ByDestination.
 */
import { hexToBytes } from '../keyrange/keyspace-id.js';
import { parseKeyRange } from '../keyrange/key-range.js';
import type { ShardMap } from '../topology/shard-map.js';
import type { Destination, LookupPort, Vindex } from '../vindexes/types.js';
import type { SqlValue } from '../vindexes/value.js';
import { notSupported, RoutingError } from './errors.js';
import type { RoutingEnv } from './route.js';

export function vindexOf(env: RoutingEnv, keyspace: string, name: string | null, variant: string): Vindex {
  const found = name === null ? undefined : env.vschema.keyspaces.get(keyspace)?.vindexes.get(name);
  if (!found) {
    throw new RoutingError('ROUTING_VINDEX_UNKNOWN', `${variant} route: vindex ${String(name)} not found in keyspace ${keyspace}`, {
      details: { keyspace, vindex: name },
    });
  }
  if (found.vindex.impl === null) {
    throw new RoutingError('ROUTING_VINDEX_NO_IMPL', `vindex ${name} (type ${found.vindex.type}) has no mapping functions`, {
      details: { keyspace, vindex: name, type: found.vindex.type },
    });
  }
  return found.vindex;
}

export function lookupPortOf(env: RoutingEnv, vindex: Vindex): LookupPort {
  if (env.lookupPort) return env.lookupPort;
  throw new RoutingError('ROUTING_LOOKUP_PORT_REQUIRED', `routing through lookup vindex ${vindex.name} needs a lookupPort`, {
    details: { vindex: vindex.name },
  });
}

/** One destination per value of a single-column vindex. */
export async function mapValues(vindex: Vindex, values: readonly SqlValue[], env: RoutingEnv): Promise<Destination[]> {
  const impl = vindex.impl!;
  switch (impl.kind) {
    case 'single':
      return impl.map(values);
    case 'lookup':
      return impl.map(lookupPortOf(env, vindex), values);
    case 'multi':
      return impl.mapRows(values.map((v) => [v]));
  }
}

/** The destination of one row: one value per vindex column (a leading subset for SubShard). */
export async function mapRow(vindex: Vindex, row: readonly SqlValue[], env: RoutingEnv): Promise<Destination[]> {
  const impl = vindex.impl!;
  if (impl.kind === 'multi') return impl.mapRows([row]);
  if (row.length !== 1) throw notSupported(`${row.length} values for single-column vindex ${vindex.name}`, 'Route');
  return mapValues(vindex, row, env);
}

export function destinationShards(d: Destination, shardMap: ShardMap): string[] {
  switch (d.kind) {
    case 'keyspaceId':
      return [shardMap.shardForKeyspaceId(d.keyspaceId)];
    case 'keyspaceIds':
      return orderedShards(shardMap, d.keyspaceIds.map((id) => shardMap.shardForKeyspaceId(id)));
    case 'keyRange':
      return shardMap.shardsForKeyRange(d.keyRange);
    case 'allShards':
      return [...shardMap.shardNames];
    case 'none':
      return [];
  }
}

export function uniqueShards(dests: readonly Destination[], shardMap: ShardMap): string[] {
  return orderedShards(shardMap, dests.flatMap((d) => destinationShards(d, shardMap)));
}

/** Distinct shard names in the keyspace's shard order. */
export function orderedShards(shardMap: ShardMap, names: Iterable<string>): string[] {
  const set = new Set(names);
  return shardMap.shardNames.filter((s) => set.has(s));
}

/** The destinations the planner prints: Shard(x), ExactKeyRange(kr), KeyspaceID(hex), AnyShard(). */
export function parseTargetDestination(text: string): Destination | { readonly kind: 'shard'; readonly shard: string } | { readonly kind: 'anyShard' } {
  const m = /^(\w+)\((.*)\)$/.exec(text);
  const arg = m?.[2] ?? '';
  switch (m?.[1]) {
    case 'Shard':
      return { kind: 'shard', shard: arg };
    case 'ExactKeyRange':
    case 'KeyRange':
      return { kind: 'keyRange', keyRange: parseKeyRange(arg) };
    case 'KeyspaceID':
      return { kind: 'keyspaceId', keyspaceId: hexToBytes(arg) };
    case 'AnyShard':
      return { kind: 'anyShard' };
    case 'AllShards':
      return { kind: 'allShards' };
    default:
      throw notSupported(`destination ${text}`, 'ByDestination');
  }
}

// The destination parser widens Destination with the two session-only kinds.
export function destinationShardsTarget(
  d: ReturnType<typeof parseTargetDestination>,
  shardMap: ShardMap,
): string[] {
  if (d.kind === 'shard') return [shardMap.shard(d.shard).name];
  if (d.kind === 'anyShard') return shardMap.shardNames.slice(0, 1);
  return destinationShards(d, shardMap);
}

// ---------------------------------------------------------------------------------------------
