import { createPool as createCallbackPool, type Pool as CallbackMysqlPool } from 'mysql2';
import { createPool, type Pool } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { sourcePool, toDriverPool, type CallbackPool, type DriverPool, type UserPool } from '../../src/executor/driver.js';
import { ExecutorError } from '../../src/executor/errors.js';

// Type-level: mysql2's own pool types fit the structural ones, so users need no casts.
export function promisePoolFits(pool: Pool): DriverPool {
  return pool;
}
export function callbackPoolFits(pool: CallbackMysqlPool): CallbackPool {
  return pool;
}
export const eitherFits = (a: Pool, b: CallbackMysqlPool): UserPool[] => [a, b];

describe('toDriverPool', () => {
  // mysql2 pools connect lazily: creating and ending them needs no server.
  it('fronts a promise pool: statements go to its callback pool, everything else is the pool itself', async () => {
    const pool = createPool({ host: '127.0.0.1', port: 1 });
    try {
      const driver = toDriverPool(pool, 'ks/0 primary');
      expect(sourcePool(driver)).toBe(pool);
      expect(Object.getPrototypeOf(driver)).toBe(pool);
      expect(driver.getConnection).toBe(pool.getConnection);
      expect(driver.query).not.toBe(pool.query);
      // Errors come back as the callback pool gives them (nothing listens on port 1).
      await expect(driver.query('select 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const plain = { query: async () => [[], []], execute: async () => [[], []], getConnection: async () => ({}), end: async () => {} };
      expect(toDriverPool(plain, 'ks/0 primary')).toBe(plain);
    } finally {
      await pool.end();
    }
  });

  it('wraps a callback pool in its promise API', async () => {
    const pool = createCallbackPool({ host: '127.0.0.1', port: 1 });
    const wrapped = toDriverPool(pool, 'ks/0 primary');
    expect(wrapped).not.toBe(pool);
    expect(typeof wrapped.getConnection).toBe('function');
    // The wrapper shares the user's pool: ending it ends theirs.
    await wrapped.end();
  });

  it('rejects what is not a pool, naming where it was given', () => {
    for (const [given, why] of [
      [null, 'not an object'],
      [{ query() {}, execute() {} }, 'missing getConnection, end'],
      [{ promise: () => ({}) }, 'promise() did not return a promise pool'],
    ] as const) {
      const err = (() => { try { toDriverPool(given, 'user/-80 replica[1]'); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(ExecutorError);
      expect(err).toMatchObject({ code: 'POOL_INVALID', details: { where: 'user/-80 replica[1]' } });
      expect((err as Error).message).toBe(`user/-80 replica[1]: expected a mysql2 pool (promise or callback API): ${why}`);
    }
  });
});
