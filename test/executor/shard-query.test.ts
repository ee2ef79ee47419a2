import { describe, expect, it } from 'vitest';
import type { DriverConnection, DriverPool, DriverResult, DriverSql } from '../../src/executor/driver.js';
import { ShardError, type ShardTarget } from '../../src/executor/errors.js';
import { queryConnection, queryShard } from '../../src/executor/shard-query.js';

const target: ShardTarget = { keyspace: 'user', shard: '80-', tabletType: 'primary' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Log {
  readonly calls: string[];
}

/** A connection whose statements take `ms` (from `select sleep(<ms>)`) or fail for `select error`. */
function fakeConnection(log: Log, threadId: number | undefined, withDestroy = true): DriverConnection {
  const run = async (how: string, sql: DriverSql, values?: unknown): Promise<DriverResult> => {
    const text = typeof sql === 'string' ? sql : sql.sql;
    log.calls.push(`${how} ${text}${values === undefined ? '' : ` ${JSON.stringify(values)}`}`);
    const ms = /sleep\((\d+)\)/.exec(text);
    if (ms) await sleep(Number(ms[1]));
    if (text === 'select error') throw Object.assign(new Error('bad'), { code: 'ER_BAD', errno: 1, sqlState: 'HY000', sqlMessage: 'bad' });
    return [[{ ok: 1 }], []];
  };
  return {
    threadId,
    query: (sql, values) => run('query', sql, values),
    execute: (sql, values) => run('execute', sql, values),
    beginTransaction: async () => {},
    commit: async () => {},
    rollback: async () => {},
    release: () => { log.calls.push('release'); },
    ...(withDestroy ? { destroy: () => { log.calls.push('destroy'); } } : {}),
  };
}

function fakePool(log: Log, conn: DriverConnection): DriverPool {
  return {
    query: async (sql, values) => { log.calls.push(`pool.query ${String(sql)}${values === undefined ? '' : ` ${JSON.stringify(values)}`}`); return [[], []]; },
    execute: async (sql) => { log.calls.push(`pool.execute ${String(sql)}`); return [[], []]; },
    getConnection: async () => { log.calls.push('getConnection'); return conn; },
    end: async () => {},
  };
}

describe('queryShard', () => {
  it('is the pool call itself when there is no timeout', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, 7));
    expect(await queryShard(pool, target, 'select 1', undefined)).toEqual([[], []]);
    await queryShard(pool, target, 'select ?', [1], { method: 'execute' });
    expect(log.calls).toEqual(['pool.query select 1', 'pool.execute select ?']);
  });

  it('runs on a checked-out connection and releases it when a timeout is set', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, 7));
    expect(await queryShard(pool, target, 'select ?', [5], { timeoutMs: 100 })).toEqual([[{ ok: 1 }], []]);
    expect(log.calls).toEqual(['getConnection', 'query select ? [5]', 'release']);
  });

  it('wraps driver errors and still releases the connection', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, 7));
    const err = await queryShard(pool, target, 'select error', undefined, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ code: 'SHARD_QUERY_FAILED', shard: '80-', mysql: { code: 'ER_BAD' } });
    expect(log.calls).toEqual(['getConnection', 'query select error', 'release']);
  });

  it('on timeout kills the connection on the server and destroys it instead of releasing it', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, 42));
    const started = Date.now();
    const err = await queryShard(pool, target, 'select sleep(200)', undefined, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(150);
    expect(err).toMatchObject({ code: 'SHARD_TIMEOUT', message: 'target: user.80-.primary: query timed out after 30 ms' });
    expect(log.calls).toEqual(['getConnection', 'query select sleep(200)', 'pool.query KILL 42', 'destroy']);
    await sleep(200);
    expect(log.calls).not.toContain('release');
  });

  it('without destroy() releases the timed-out connection only once its statement ended', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, undefined, false));
    await expect(queryShard(pool, target, 'select sleep(80)', undefined, { timeoutMs: 20 })).rejects.toMatchObject({ code: 'SHARD_TIMEOUT' });
    expect(log.calls).toEqual(['getConnection', 'query select sleep(80)']); // no thread id: no KILL
    await sleep(100);
    expect(log.calls).toEqual(['getConnection', 'query select sleep(80)', 'release']);
  });

  it('cancels on an aborted signal, keeping a ShardError reason as it is', async () => {
    const log: Log = { calls: [] };
    const pool = fakePool(log, fakeConnection(log, 9));
    const controller = new AbortController();
    const reason = new ShardError('SHARD_TIMEOUT', target, 'scatter timeout');
    setTimeout(() => controller.abort(reason), 20);
    await expect(queryShard(pool, target, 'select sleep(100)', undefined, { signal: controller.signal })).rejects.toBe(reason);
    expect(log.calls).toContain('pool.query KILL 9');

    const other = new AbortController();
    other.abort(new Error('another shard failed'));
    const err = await queryShard(pool, target, 'select 1', undefined, { signal: other.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SHARD_CANCELLED', message: 'target: user.80-.primary: query cancelled' });
  });
});

describe('queryConnection', () => {
  it('runs on the caller’s connection without releasing it', async () => {
    const log: Log = { calls: [] };
    const conn = fakeConnection(log, 3);
    await queryConnection(conn, fakePool(log, conn), target, { sql: 'select 1', rowsAsArray: true }, undefined, { timeoutMs: 100 });
    expect(log.calls).toEqual(['query select 1']);
  });

  it('kills and destroys the connection on timeout', async () => {
    const log: Log = { calls: [] };
    const conn = fakeConnection(log, 3);
    await expect(queryConnection(conn, fakePool(log, conn), target, 'select sleep(100)', undefined, { timeoutMs: 20 }))
      .rejects.toMatchObject({ code: 'SHARD_TIMEOUT' });
    expect(log.calls).toEqual(['query select sleep(100)', 'pool.query KILL 3', 'destroy']);
    await sleep(100);
  });
});
