/**
 * One statement on one shard, with a timeout and cancellation, errors as ShardError.
 *
 * What mysql2 allows: `query({ sql, timeout })` is a client-side inactivity timer only. When it
 * fires mysql2 rejects with PROTOCOL_SEQUENCE_TIMEOUT, but the statement keeps running on the
 * server and the command stays queued on the connection until the server answers (read in
 * mysql2 3.24 lib/commands/query.js), so the next user of that pooled connection waits behind
 * it. mysql2 has no protocol-level cancel. So, as vttablet does on a deadline, we cancel by
 * killing the connection: `KILL <thread id>` sent through the pool on another connection,
 * and the timed-out connection is destroyed rather than released (a late KILL can then never hit
 * a reused connection, and the pool refills itself). Consequences the caller must know:
 *   - a timeout inside a transaction ends that transaction: the server rolls it back with the
 *     killed connection (Vitess behaves the same way);
 *   - the KILL is best effort: it needs a free connection in the pool (it queues like any query)
 *     and the privilege to kill (always granted for the same user's own connections);
 *   - a connection without `threadId` is only destroyed; the server then finishes the statement
 *     on its own.
 */

import type { DriverConnection, DriverPool, DriverQueryable, DriverResult, DriverSql } from './driver.js';
import { ShardError, onShard, targetLabel, timeoutError, toShardError, type ShardTarget } from './errors.js';

export interface ShardQueryOptions {
  /** mysql2 method: `query` (client-side formatting, default) or `execute` (prepared statement). */
  readonly method?: 'query' | 'execute';
  /** Fails the statement with ShardError `SHARD_TIMEOUT` after this many ms, and kills it. */
  readonly timeoutMs?: number;
  /** Aborting cancels the statement the same way; a ShardError reason is thrown as is. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a statement on a pool and passes mysql2's `[rows, fields]` through unchanged. Without
 * a timeout or signal this is the pool's own query/execute, no extra round trip.
 */
export async function queryShard(
  pool: DriverPool, target: ShardTarget, sql: DriverSql, values: unknown, options: ShardQueryOptions = {},
): Promise<DriverResult> {
  const method = options.method ?? 'query';
  if (options.timeoutMs === undefined && options.signal === undefined) {
    return onShard(target, () => (values === undefined ? pool[method](sql) : pool[method](sql, values)));
  }
  const watch = watchCancel(target, options);
  try {
    // The timeout also covers waiting for a free connection in the pool.
    const acquiring = onShard(target, () => pool.getConnection());
    // A connection that arrives after the cancellation goes straight back.
    acquiring.then((conn) => { if (watch.fired()) conn.release(); }, () => undefined);
    const conn = await Promise.race([acquiring, watch.cancelled]);
    return await run(conn, pool, target, method, sql, values, watch, true);
  } finally {
    watch.dispose();
  }
}

/**
 * Runs a statement on a connection the caller holds (a session, a transaction). On timeout the
 * connection is killed and destroyed: the caller must drop it (its transaction is gone) and
 * must not release it. `killVia` is any queryable on the same server, normally the shard pool.
 */
export async function queryConnection(
  conn: DriverConnection, killVia: DriverQueryable, target: ShardTarget, sql: DriverSql, values: unknown,
  options: ShardQueryOptions = {},
): Promise<DriverResult> {
  const watch = watchCancel(target, options);
  try {
    return await run(conn, killVia, target, options.method ?? 'query', sql, values, watch, false);
  } finally {
    watch.dispose();
  }
}

async function run(
  conn: DriverConnection, killVia: DriverQueryable, target: ShardTarget, method: 'query' | 'execute',
  sql: DriverSql, values: unknown, watch: Watch, release: boolean,
): Promise<DriverResult> {
  if (watch.fired()) {
    if (release) conn.release();
    return watch.cancelled;
  }
  const threadId = conn.threadId;
  const work = values === undefined ? conn[method](sql) : conn[method](sql, values);
  try {
    const result = await Promise.race([work, watch.cancelled]);
    if (release) conn.release();
    return result;
  } catch (err) {
    if (err !== watch.reason()) {
      if (release) conn.release();
      throw toShardError(err, target);
    }
    work.catch(() => undefined); // its late rejection (the KILL) is expected
    kill(killVia, threadId);
    if (conn.destroy) conn.destroy();
    else if (release) void work.then(() => conn.release(), () => conn.release());
    throw err;
  }
}

function kill(via: DriverQueryable, threadId: number | null | undefined): void {
  // threadId comes from the server handshake; checked anyway since it is put into SQL text.
  if (typeof threadId !== 'number' || !Number.isSafeInteger(threadId) || threadId <= 0) return;
  via.query(`KILL ${threadId}`).catch(() => undefined);
}

interface Watch {
  /** Rejects with the cancellation's ShardError; handled, so it is never an unhandled rejection. */
  readonly cancelled: Promise<never>;
  fired(): boolean;
  /** The error `cancelled` rejected with, once fired. */
  reason(): ShardError | undefined;
  dispose(): void;
}

function watchCancel(target: ShardTarget, options: ShardQueryOptions): Watch {
  let reason: ShardError | undefined;
  let fire!: (error: ShardError) => void;
  const cancelled = new Promise<never>((_, reject) => {
    fire = (error) => {
      if (reason !== undefined) return;
      reason = error;
      reject(error);
    };
  });
  cancelled.catch(() => undefined);
  const { timeoutMs, signal } = options;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => fire(timeoutError(target, timeoutMs)), timeoutMs);
  const onAbort = (): void => fire(abortError(target, signal?.reason));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    cancelled,
    fired: () => reason !== undefined,
    reason: () => reason,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

function abortError(target: ShardTarget, reason: unknown): ShardError {
  if (reason instanceof ShardError) return reason;
  return new ShardError('SHARD_CANCELLED', target, `target: ${targetLabel(target)}: query cancelled`, { cause: reason });
}
