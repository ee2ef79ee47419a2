/**
 * Local structural types for the mysql2 pools the user hands in. The executor is typed
 * against these shapes instead of mysql2's own declarations so that nothing outside
 * src/executor depends on mysql2, tests can pass fakes, and a promise pool from any
 * mysql2 3.x build fits. The library never creates a connection it was not given: every
 * connection comes from one of these pools (see from-urls.ts for the one exception, whose
 * pools the library then owns).
 */

import { ExecutorError } from './errors.js';

/** What mysql2 accepts as the first argument of query/execute: SQL text or an options object. */
export type DriverSql = string | DriverQueryOptions;

/** The subset of mysql2's QueryOptions the executor relies on; the rest passes through untouched. */
export interface DriverQueryOptions {
  readonly sql: string;
  /** mysql2's client-side inactivity timeout (ms); see shard-query.ts for why we do not rely on it. */
  readonly timeout?: number;
  readonly rowsAsArray?: boolean;
  readonly [option: string]: unknown;
}

/**
 * mysql2 resolves every query to `[rows, fields]`: rows are RowDataPacket[] (or arrays with
 * rowsAsArray), a ResultSetHeader for writes, or one entry per statement with
 * multipleStatements. The executor passes them through unchanged, so they stay `unknown` here.
 */
export type DriverResult = [rows: unknown, fields: unknown];

export interface DriverQueryable {
  query(sql: DriverSql, values?: unknown): Promise<DriverResult>;
  execute(sql: DriverSql, values?: unknown): Promise<DriverResult>;
}

/** A connection checked out of a promise pool (mysql2/promise PoolConnection). */
export interface DriverConnection extends DriverQueryable {
  beginTransaction(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Gives the connection back to its pool; synchronous in mysql2. */
  release(): void;
  /** The server's connection id, needed for `KILL QUERY` (mysql2 exposes it on promise connections). */
  readonly threadId?: number | null;
  /** Drops the connection instead of returning it to the pool. */
  destroy?(): void;
}

/** A mysql2/promise Pool, structurally. */
export interface DriverPool extends DriverQueryable {
  getConnection(): Promise<DriverConnection>;
  end(): Promise<void>;
}

/**
 * A mysql2 callback pool (`require('mysql2').createPool`). Its `query` returns a Query
 * command, not a promise; `promise()` wraps the same underlying pool in the promise API.
 */
export interface CallbackPool {
  promise(): DriverPool;
}

/** What a user may hand in for a tablet: a promise pool or a callback pool. */
export type UserPool = DriverPool | CallbackPool;

/**
 * Returns the promise API of `pool`. A callback pool is recognised by its `promise()` method
 * (mysql2's promise pool has none) and wrapped once; the wrapper shares the user's pool, so
 * connections and limits are the user's. Anything else is rejected with ExecutorError
 * `POOL_INVALID` naming `where` (e.g. `user/-80 replica[1]`).
 */
export function toDriverPool(pool: unknown, where: string): DriverPool {
  if (pool === null || typeof pool !== 'object') throw invalidPool(where, 'not an object');
  const candidate = pool as Partial<Record<keyof DriverPool | 'promise', unknown>>;
  if (typeof candidate.promise === 'function') {
    const wrapped: unknown = (candidate.promise as () => unknown).call(pool);
    if (isDriverPool(wrapped)) return wrapped;
    throw invalidPool(where, 'promise() did not return a promise pool');
  }
  if (isDriverPool(pool)) return pool;
  const missing = (['query', 'execute', 'getConnection', 'end'] as const).filter((m) => typeof candidate[m] !== 'function');
  throw invalidPool(where, `missing ${missing.join(', ')}`);
}

function isDriverPool(value: unknown): value is DriverPool {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return ['query', 'execute', 'getConnection', 'end'].every((m) => typeof v[m] === 'function');
}

function invalidPool(where: string, why: string): ExecutorError {
  return new ExecutorError(
    'POOL_INVALID',
    `${where}: expected a mysql2 pool (promise or callback API): ${why}`,
    { details: { where } },
  );
}
