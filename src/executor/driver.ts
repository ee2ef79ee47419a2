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
    if (isDriverPool(wrapped)) return viaCallbacks(wrapped);
    throw invalidPool(where, 'promise() did not return a promise pool');
  }
  if (isDriverPool(pool)) return viaCallbacks(pool);
  const missing = (['query', 'execute', 'getConnection', 'end'] as const).filter((m) => typeof candidate[m] !== 'function');
  throw invalidPool(where, `missing ${missing.join(', ')}`);
}

type Callback = (err: unknown, rows?: unknown, fields?: unknown) => void;
interface CorePool {
  query(sql: DriverSql, ...rest: unknown[]): unknown;
  execute(sql: DriverSql, ...rest: unknown[]): unknown;
  promise(): unknown;
}

/**
 * mysql2's promise pool keeps its callback pool as `.pool`. Statements go to that pool directly:
 * the promise wrapper captures a stack trace on every call, which costs more than everything
 * else the router adds to a point select (measured: about 3 µs of 13 per statement). The other
 * methods (getConnection, end, events) stay the promise pool's own. Anything else is used as is.
 */
function viaCallbacks(pool: DriverPool): DriverPool {
  const core = (pool as unknown as { pool?: Partial<CorePool> }).pool;
  if (core === undefined || typeof core.query !== 'function' || typeof core.execute !== 'function' || typeof core.promise !== 'function') return pool;
  const call = (method: 'query' | 'execute') => (sql: DriverSql, values?: unknown): Promise<DriverResult> =>
    new Promise<DriverResult>((resolve, reject) => {
      const done: Callback = (err, rows, fields) => (err ? reject(err) : resolve([rows, fields]));
      if (values === undefined) (core as CorePool)[method](sql, done);
      else (core as CorePool)[method](sql, values, done);
    });
  const direct = Object.create(pool) as DriverPool & { query: unknown; execute: unknown };
  direct.query = call('query');
  direct.execute = call('execute');
  sources.set(direct, pool);
  return direct;
}

const sources = new WeakMap<DriverPool, DriverPool>();

/** The pool a DriverPool from toDriverPool stands for (the user's promise pool, or the one it wraps). */
export function sourcePool(pool: DriverPool): DriverPool {
  return sources.get(pool) ?? pool;
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
