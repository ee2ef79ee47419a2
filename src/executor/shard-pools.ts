/**
 * The user's pools per keyspace, shard and tablet type, checked against the topology once,
 * then picked per statement. Decisions (Vitess where it has one):
 *   - primary → the shard's primary pool; replica / rdonly → round robin over that type's pools.
 *   - No pool of the requested type: fail with ShardError `NO_HEALTHY_TABLET`
 *     (`no healthy tablet available for 'user:-80:replica'`), as vtgate does when no tablet of
 *     that type is serving. There is no silent fallback to the primary: a replica read that
 *     lands on the primary would hide a missing replica and load the primary unexpectedly.
 *   - No health checks and no retry on another pool: a configured pool counts as serving;
 *     a down server surfaces as ShardError `SHARD_UNAVAILABLE` from the statement that needs it.
 *   - `end()` never ends the user's pools (the user created them and may share them); it ends
 *     only pools the library created itself (shardPoolsFromUrls).
 */

import { createTopology, type Topology } from '../topology/topology.js';
import type { TabletType } from '../vschema/model.js';
import { sourcePool, toDriverPool, type DriverPool, type UserPool } from './driver.js';
import { ExecutorError, ShardError } from './errors.js';

/** The pools of one shard. */
export interface TabletPools {
  readonly primary: UserPool;
  readonly replica?: readonly UserPool[];
  readonly rdonly?: readonly UserPool[];
}

/** keyspace → shard name → pools. */
export type ShardPoolsSpec = Readonly<Record<string, Readonly<Record<string, TabletPools>>>>;

export interface ShardPoolsOptions {
  /** Checked against the spec; when absent the topology is built from the spec's shard names. */
  readonly topology?: Topology;
}

export interface ShardPools {
  readonly topology: Topology;
  /**
   * The pool to run a statement on.
   * @throws TopologyError `UNKNOWN_KEYSPACE` / `UNKNOWN_SHARD`; ShardError `NO_HEALTHY_TABLET`.
   */
  pick(keyspace: string, shard: string, tabletType?: TabletType): DriverPool;
  /** How many pools serve that tablet type (0 when none); unknown keyspace/shard throw as in pick. */
  count(keyspace: string, shard: string, tabletType: TabletType): number;
  /** Ends the pools the library created (none for createShardPools); idempotent. */
  end(): Promise<void>;
}

export interface ShardPoolsProblem {
  readonly keyspace: string;
  readonly shard?: string;
  readonly message: string;
}

/**
 * Validates the user's pools against the topology: the keyspaces must be the same, and each
 * keyspace's shards exactly the topology's shards (canonical names, so `80-C0` is `80-c0`).
 * @throws ExecutorError `SHARD_POOLS_INVALID` with `details.problems` (every problem, each
 *   naming its keyspace and shard); TopologyError when no topology is given and the spec's
 *   shard names do not form a valid one.
 */
export function createShardPools(spec: ShardPoolsSpec, options: ShardPoolsOptions = {}): ShardPools {
  return buildShardPools(spec, options, new Set());
}

interface Entry {
  readonly pools: Readonly<Record<TabletType, readonly DriverPool[]>>;
  readonly next: Record<TabletType, number>;
}

/** Like createShardPools; `owned` are the pools (as given in the spec) that end() must end. */
export function buildShardPools(spec: ShardPoolsSpec, options: ShardPoolsOptions, owned: ReadonlySet<DriverPool>): ShardPools {
  if (!isRecord(spec)) throw invalid([{ keyspace: '', message: 'expected an object of keyspace → shard → pools' }]);
  const topology = options.topology ?? createTopology(shardNamesOf(spec));
  const problems: ShardPoolsProblem[] = [];
  const byKeyspace = new Map<string, Map<string, Entry>>();
  const ownedPools: DriverPool[] = [];

  for (const keyspace of Object.keys(spec).sort()) {
    if (!topology.has(keyspace)) problems.push({ keyspace, message: `keyspace ${keyspace} has pools but is not in the topology` });
  }
  for (const keyspace of topology.keyspaces) {
    const shards = spec[keyspace];
    if (shards === undefined) {
      problems.push({ keyspace, message: `keyspace ${keyspace} has no pools` });
      continue;
    }
    if (!isRecord(shards)) {
      problems.push({ keyspace, message: `keyspace ${keyspace}: expected an object of shard → pools` });
      continue;
    }
    const shardMap = topology.shardMap(keyspace);
    const entries = new Map<string, Entry>();
    const spelled = new Map<string, string>();
    for (const [given, tablets] of Object.entries(shards)) {
      if (!shardMap.has(given)) {
        problems.push({ keyspace, shard: given, message: `${keyspace}/${given}: not a shard of the topology (shards: ${shardMap.shardNames.join(', ')})` });
        continue;
      }
      const shard = shardMap.shard(given).name;
      const earlier = spelled.get(shard);
      if (earlier !== undefined) {
        problems.push({ keyspace, shard, message: `${keyspace}/${shard}: pools given twice (as ${earlier} and ${given})` });
        continue;
      }
      spelled.set(shard, given);
      const entry = entryOf(`${keyspace}/${shard}`, tablets, (message) => problems.push({ keyspace, shard, message }));
      if (entry === undefined) continue;
      entries.set(shard, entry);
      // Owned pools are promise pools the library created (toDriverPool may front them).
      for (const pool of allPools(entry)) if (owned.has(sourcePool(pool))) ownedPools.push(sourcePool(pool));
    }
    for (const name of shardMap.shardNames) {
      if (!entries.has(name) && !problems.some((p) => p.keyspace === keyspace && p.shard === name)) {
        problems.push({ keyspace, shard: name, message: `${keyspace}/${name}: no pools for this shard` });
      }
    }
    byKeyspace.set(keyspace, entries);
  }
  if (problems.length > 0) throw invalid(problems);

  const entry = (keyspace: string, shard: string): Entry => {
    const found = byKeyspace.get(keyspace)?.get(shard);
    if (found) return found;
    // Slow path: a differently spelled shard name, or an unknown one (which throws here).
    const name = topology.shardMap(keyspace).shard(shard).name;
    return byKeyspace.get(keyspace)!.get(name)!;
  };
  let ended: Promise<void> | undefined;

  return Object.freeze({
    topology,
    pick(keyspace: string, shard: string, tabletType: TabletType = 'primary'): DriverPool {
      const e = entry(keyspace, shard);
      const pools = e.pools[tabletType];
      if (pools === undefined || pools.length === 0) {
        throw new ShardError('NO_HEALTHY_TABLET', { keyspace, shard, tabletType },
          `no healthy tablet available for '${keyspace}:${shard}:${tabletType}'`);
      }
      if (pools.length === 1) return pools[0]!;
      const i = e.next[tabletType];
      e.next[tabletType] = (i + 1) % pools.length;
      return pools[i]!;
    },
    count: (keyspace: string, shard: string, tabletType: TabletType) => entry(keyspace, shard).pools[tabletType]?.length ?? 0,
    end(): Promise<void> {
      // allSettled: one pool failing to end must not leave the others open.
      ended ??= Promise.allSettled([...new Set(ownedPools)].map((p) => p.end())).then(() => undefined);
      return ended;
    },
  });
}

function entryOf(where: string, tablets: unknown, report: (message: string) => void): Entry | undefined {
  if (!isRecord(tablets)) {
    report(`${where}: expected { primary, replica?, rdonly? }`);
    return undefined;
  }
  const t = tablets as Partial<TabletPools> & Record<string, unknown>;
  let ok = true;
  const convert = (pool: unknown, label: string): DriverPool | undefined => {
    try {
      return toDriverPool(pool, `${where} ${label}`);
    } catch (err) {
      ok = false;
      report(err instanceof ExecutorError ? err.message : String(err));
      return undefined;
    }
  };
  const list = (type: 'replica' | 'rdonly'): DriverPool[] => {
    const given = t[type];
    if (given === undefined) return [];
    if (!Array.isArray(given)) {
      ok = false;
      report(`${where}: ${type} must be an array of pools`);
      return [];
    }
    return given.map((p: unknown, i) => convert(p, `${type}[${i}]`)).filter((p): p is DriverPool => p !== undefined);
  };
  for (const key of Object.keys(t)) {
    if (key !== 'primary' && key !== 'replica' && key !== 'rdonly') {
      ok = false;
      report(`${where}: unknown tablet type ${JSON.stringify(key)} (expected primary, replica, rdonly)`);
    }
  }
  if (t.primary === undefined) report(`${where}: a primary pool is required`);
  const primary = t.primary === undefined ? undefined : convert(t.primary, 'primary');
  const replica = list('replica');
  const rdonly = list('rdonly');
  if (!ok || primary === undefined) return undefined;
  return { pools: Object.freeze({ primary: [primary], replica, rdonly }), next: { primary: 0, replica: 0, rdonly: 0 } };
}

function allPools(entry: Entry): DriverPool[] {
  return [...entry.pools.primary, ...entry.pools.replica, ...entry.pools.rdonly];
}

function shardNamesOf(spec: ShardPoolsSpec): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [keyspace, shards] of Object.entries(spec)) out[keyspace] = isRecord(shards) ? Object.keys(shards) : [];
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(problems: readonly ShardPoolsProblem[]): ExecutorError {
  const frozen = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  const first = frozen[0]!;
  const message = frozen.length === 1
    ? `invalid shard pools: ${first.message}`
    : `invalid shard pools: ${frozen.length} problems\n${frozen.map((p) => `  ${p.message}`).join('\n')}`;
  const single = frozen.length === 1 ? { keyspace: first.keyspace, ...(first.shard === undefined ? {} : { shard: first.shard }) } : {};
  return new ExecutorError('SHARD_POOLS_INVALID', message, {
    details: { ...single, keyspaces: [...new Set(frozen.map((p) => p.keyspace))], problems: frozen },
  });
}
