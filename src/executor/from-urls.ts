/**
 * The one place the library creates pools: one mysql2 promise pool per URL. The returned
 * ShardPools owns them, and its end() ends them; pools handed to createShardPools are never
 * ended by the library. mysql2 is loaded with a dynamic import so that code which only wires
 * the user's own pools never loads it at runtime.
 */

import { ExecutorError } from './errors.js';
import type { DriverPool } from './driver.js';
import { buildShardPools, type ShardPools, type ShardPoolsOptions, type ShardPoolsSpec, type TabletPools } from './shard-pools.js';

/** One shard: a primary URL, or the URLs of each tablet type. */
export type ShardUrls = string | { readonly primary: string; readonly replica?: readonly string[]; readonly rdonly?: readonly string[] };

/** keyspace → shard → URLs such as `mysql://user:pass@host:3306/vt_user_-80`. */
export type ShardUrlsSpec = Readonly<Record<string, Readonly<Record<string, ShardUrls>>>>;

export interface ShardPoolsFromUrlsOptions extends ShardPoolsOptions {
  /**
   * mysql2 pool options for every pool (connectionLimit, supportBigNumbers, ...). The URL alone
   * says where to connect: host, port, user, password and database given here are ignored.
   */
  readonly poolOptions?: Readonly<Record<string, unknown>>;
}

const LOCATION_KEYS = new Set(['host', 'port', 'user', 'password', 'database', 'uri', 'socketPath']);

/**
 * Creates one pool per URL (lazily connecting, as mysql2 pools do) and validates them like
 * createShardPools. When validation fails the new pools are ended before the error is thrown.
 * @throws ExecutorError `SHARD_POOLS_INVALID` for a URL that is not a string.
 */
export async function shardPoolsFromUrls(urls: ShardUrlsSpec, options: ShardPoolsFromUrlsOptions = {}): Promise<ShardPools> {
  checkUrls(urls);
  const { createPool } = await import('mysql2/promise');
  const base = Object.fromEntries(Object.entries(options.poolOptions ?? {}).filter(([k]) => !LOCATION_KEYS.has(k)));
  const created = new Set<DriverPool>();
  const open = (uri: string): DriverPool => {
    // mysql2 lets explicit options win over the URI; `base` has no location keys, so the URI decides.
    const pool = createPool({ ...base, uri }) as unknown as DriverPool;
    created.add(pool);
    return pool;
  };
  const spec: Record<string, Record<string, TabletPools>> = {};
  for (const [keyspace, shards] of Object.entries(urls)) {
    const out: Record<string, TabletPools> = {};
    for (const [shard, given] of Object.entries(shards)) {
      out[shard] = typeof given === 'string'
        ? { primary: open(given) }
        : { primary: open(given.primary), replica: (given.replica ?? []).map(open), rdonly: (given.rdonly ?? []).map(open) };
    }
    spec[keyspace] = out;
  }
  try {
    return buildShardPools(spec as ShardPoolsSpec, options, created);
  } catch (err) {
    await Promise.allSettled([...created].map((p) => p.end()));
    throw err;
  }
}

function checkUrls(urls: ShardUrlsSpec): void {
  const problems: { keyspace: string; shard?: string; message: string }[] = [];
  const isUrl = (u: unknown): boolean => typeof u === 'string' && u !== '';
  const isUrlList = (list: unknown): boolean => list === undefined || (Array.isArray(list) && list.every(isUrl));
  if (urls === null || typeof urls !== 'object') {
    problems.push({ keyspace: '', message: 'expected an object of keyspace → shard → URL' });
  } else {
    for (const [keyspace, shards] of Object.entries(urls)) {
      if (shards === null || typeof shards !== 'object') {
        problems.push({ keyspace, message: `keyspace ${keyspace}: expected an object of shard → URL` });
        continue;
      }
      for (const [shard, given] of Object.entries(shards)) {
        const ok = isUrl(given) || (given !== null && typeof given === 'object' && isUrl(given.primary) &&
          isUrlList(given.replica) && isUrlList(given.rdonly));
        if (!ok) problems.push({ keyspace, shard, message: `${keyspace}/${shard}: expected a URL or { primary, replica?, rdonly? } of URLs` });
      }
    }
  }
  if (problems.length === 0) return;
  throw new ExecutorError('SHARD_POOLS_INVALID', `invalid shard URLs: ${problems.map((p) => p.message).join('; ')}`, {
    details: { problems },
  });
}
