/**
 * "Run this work in one transaction on this shard": the port the sequence allocator (and later
 * anything else that needs a short transaction of its own) talks to, so it can be unit-tested
 * with a fake. The pool-backed implementation checks out one connection, begins, runs the
 * work, commits, and always gives the connection back.
 */

import type { DriverPool, DriverResult } from './driver.js';
import { onShard, type ShardTarget } from './errors.js';

/** What the work may do inside the transaction. */
export interface TransactionQueryable {
  query(sql: string, values?: unknown): Promise<DriverResult>;
}

export interface TransactionPort {
  /** Commits when `work` resolves; rolls back and rethrows when it (or the commit) fails. */
  transaction<T>(work: (tx: TransactionQueryable) => Promise<T>): Promise<T>;
}

/**
 * A TransactionPort on a shard's pool (normally its primary). Driver errors become ShardErrors
 * naming `target`; errors thrown by `work` itself pass through unchanged. A failed rollback is
 * swallowed so the error that caused it is the one reported; the connection is then destroyed
 * (its state is unknown) instead of going back to the pool.
 */
export function poolTransactions(pool: DriverPool, target: ShardTarget): TransactionPort {
  return {
    async transaction<T>(work: (tx: TransactionQueryable) => Promise<T>): Promise<T> {
      const conn = await onShard(target, () => pool.getConnection());
      let healthy = true;
      try {
        await onShard(target, () => conn.beginTransaction());
        const tx: TransactionQueryable = {
          query: (sql, values) => onShard(target, () => (values === undefined ? conn.query(sql) : conn.query(sql, values))),
        };
        const result = await work(tx);
        await onShard(target, () => conn.commit());
        return result;
      } catch (err) {
        try {
          await conn.rollback();
        } catch {
          healthy = false;
        }
        throw err;
      } finally {
        if (healthy || !conn.destroy) conn.release();
        else conn.destroy();
      }
    },
  };
}
