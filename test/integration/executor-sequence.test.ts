/**
 * SequenceAllocator on a real MariaDB sequence table, as the seed guide defines it: two
 * allocators with their own pools play two router processes sharing lookup.user_seq.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SequenceError, ShardError, type ShardTarget } from '../../src/executor/errors.js';
import { SequenceAllocator } from '../../src/executor/sequence.js';
import { poolTransactions } from '../../src/executor/transaction.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster } from '../support/mariadb.js';

const target: ShardTarget = { keyspace: 'lookup', shard: '0', tabletType: 'primary' };

describe.skipIf(skipWithoutDatabase())('SequenceAllocator on MariaDB', () => {
  let cluster: DbCluster;
  let processA: Pool;
  let processB: Pool;
  const db = uniqueDbName('lookup_0');

  const allocator = (pool: Pool, table: string) => new SequenceAllocator({ keyspace: 'lookup', table, port: poolTransactions(pool, target) });

  async function createSequence(table: string, nextId: number, cache: number): Promise<void> {
    await processA.query(`create table ${table}(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'`);
    await processA.query(`insert into ${table}(id, next_id, cache) values(0, ?, ?)`, [nextId, cache]);
  }
  async function nextIdIn(table: string): Promise<number> {
    const [rows] = await processA.query<RowDataPacket[]>(`select next_id from ${table} where id = 0`);
    return Number(rows[0]!.next_id);
  }

  beforeAll(async () => {
    // One server is enough: the sequence lives in one unsharded shard. A lock conflict should
    // fail in seconds, not after InnoDB's default 50 s.
    cluster = await startDbCluster({ servers: 1, serverArgs: ['--innodb-lock-wait-timeout=5'] });
    const server = cluster.servers[0]!;
    await server.createDatabase(db);
    processA = server.pool(db, { connectionLimit: 4 });
    processB = server.pool(db, { connectionLimit: 4 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('advances next_id in the table block by block, and next(10) is contiguous', async () => {
    await createSequence('user_seq', 1, 3);
    const seq = allocator(processA, 'user_seq');
    expect(await seq.next()).toBe(1n);
    expect(await nextIdIn('user_seq')).toBe(4);
    expect([await seq.next(), await seq.next()]).toEqual([2n, 3n]);
    expect(await nextIdIn('user_seq')).toBe(4); // served from the cache
    expect(await seq.next()).toBe(4n);
    expect(await nextIdIn('user_seq')).toBe(7);
    expect(await seq.next(10)).toBe(5n); // 5..14: the remainder 5..6 plus three blocks
    expect(await nextIdIn('user_seq')).toBe(16);
    // Another process continues after the run: nothing inside 5..14 is handed out again.
    expect(await allocator(processB, 'user_seq').next()).toBe(16n);
    expect(await seq.next()).toBe(15n);
    expect(await seq.next()).toBe(19n); // 16..18 went to the other process
  });

  it('serves 50 concurrent next() calls across two processes without duplicates', async () => {
    await createSequence('order_seq', 1000, 5);
    const a = allocator(processA, 'order_seq');
    const b = allocator(processB, 'order_seq');
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).next()));
    expect(new Set(ids).size).toBe(50);
    const nextId = await nextIdIn('order_seq');
    expect(ids.every((id) => id >= 1000n && id < BigInt(nextId))).toBe(true);
    // Whole blocks only, and at most one partly used block per process at the end.
    expect((nextId - 1000) % 5).toBe(0);
    expect(nextId - 1000).toBeGreaterThanOrEqual(50);
    expect(nextId - 1000).toBeLessThanOrEqual(60);
  });

  it('serves one process’s concurrent callers with no gap at all', async () => {
    await createSequence('item_seq', 1, 7);
    const seq = allocator(processA, 'item_seq');
    const ids = await Promise.all(Array.from({ length: 50 }, () => seq.next()));
    expect([...ids].sort((x, y) => Number(x - y))).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)));
    expect(await nextIdIn('item_seq')).toBe(57); // 1 + 8 blocks of 7
  });

  it('names the sequence table when it is missing or has no row', async () => {
    const err = await allocator(processA, 'no_seq').next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SequenceError);
    expect(err).toMatchObject({ code: 'SEQUENCE_TABLE_MISSING', sequence: 'lookup.no_seq', message: 'sequence table lookup.no_seq does not exist on its shard' });
    const cause = (err as Error).cause;
    expect(cause).toBeInstanceOf(ShardError);
    expect(cause).toMatchObject({ keyspace: 'lookup', shard: '0', mysql: { code: 'ER_NO_SUCH_TABLE', errno: 1146 } });

    await processA.query("create table empty_seq(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'");
    await expect(allocator(processA, 'empty_seq').next()).rejects.toMatchObject({ code: 'SEQUENCE_ROW_MISSING', sequence: 'lookup.empty_seq' });
  });
});
