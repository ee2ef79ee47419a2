import { describe, expect, it } from 'vitest';
import type { DriverConnection, DriverPool } from '../../src/executor/driver.js';
import { ShardError, type ShardTarget } from '../../src/executor/errors.js';
import { poolTransactions } from '../../src/executor/transaction.js';

const target: ShardTarget = { keyspace: 'lookup', shard: '0', tabletType: 'primary' };

function fakes(fail: { query?: boolean; commit?: boolean; rollback?: boolean } = {}) {
  const calls: string[] = [];
  const error = (what: string) => Object.assign(new Error(`${what} failed`), { code: 'ER_X', errno: 1105, sqlState: 'HY000', sqlMessage: `${what} failed` });
  const conn: DriverConnection = {
    query: async (sql) => {
      calls.push(`query ${String(sql)}`);
      if (fail.query) throw error('query');
      return [[{ a: 1 }], []];
    },
    execute: async () => [[], []],
    beginTransaction: async () => { calls.push('begin'); },
    commit: async () => { calls.push('commit'); if (fail.commit) throw error('commit'); },
    rollback: async () => { calls.push('rollback'); if (fail.rollback) throw error('rollback'); },
    release: () => { calls.push('release'); },
    destroy: () => { calls.push('destroy'); },
  };
  const pool: DriverPool = {
    query: async () => [[], []],
    execute: async () => [[], []],
    getConnection: async () => conn,
    end: async () => {},
  };
  return { calls, port: poolTransactions(pool, target) };
}

describe('poolTransactions', () => {
  it('begins, runs the work, commits and releases', async () => {
    const { calls, port } = fakes();
    const result = await port.transaction(async (tx) => (await tx.query('select 1'))[0]);
    expect(result).toEqual([{ a: 1 }]);
    expect(calls).toEqual(['begin', 'query select 1', 'commit', 'release']);
  });

  it('rolls back on a driver error, which names the shard', async () => {
    const { calls, port } = fakes({ query: true });
    const err = await port.transaction((tx) => tx.query('select 1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ keyspace: 'lookup', shard: '0', mysql: { errno: 1105 } });
    expect(calls).toEqual(['begin', 'query select 1', 'rollback', 'release']);
  });

  it('passes errors of the work through unchanged', async () => {
    const { calls, port } = fakes();
    const own = new Error('mine');
    await expect(port.transaction(async () => { throw own; })).rejects.toBe(own);
    expect(calls).toEqual(['begin', 'rollback', 'release']);
  });

  it('reports a failed commit and destroys a connection whose rollback failed too', async () => {
    const { calls, port } = fakes({ commit: true, rollback: true });
    await expect(port.transaction(async () => 1)).rejects.toMatchObject({ message: 'target: lookup.0.primary: ER_X: commit failed (errno 1105) (sqlstate HY000)' });
    expect(calls).toEqual(['begin', 'commit', 'rollback', 'destroy']);
  });
});
