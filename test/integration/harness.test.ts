import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbHarnessError, skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster } from '../support/mariadb.js';

// With MYSQL_URL every "server" is the same one, so distinct ports and pids cannot be checked.
const external = !!process.env.MYSQL_URL;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(skipWithoutDatabase())('MariaDB test harness', () => {
  let cluster: DbCluster | undefined;
  // Shard names like "-80" are not identifiers; the databases use a safe spelling of them.
  const shards = [
    { db: uniqueDbName('ks_user__80'), rows: [[1, 'alice'], [2, 'bob']] },
    { db: uniqueDbName('ks_user_80_'), rows: [[3, 'carol']] },
  ] as const;

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 2 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps each shard on its own server', async () => {
    const servers = cluster!.servers;
    expect(servers).toHaveLength(2);
    if (!external) expect(new Set(servers.map((s) => s.port)).size).toBe(2);

    for (const [i, shard] of shards.entries()) {
      const server = servers[i]!;
      await server.createDatabase(shard.db);
      const pool = server.pool(shard.db);
      await pool.query('CREATE TABLE users (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(64) NOT NULL)');
      await pool.query('INSERT INTO users (id, name) VALUES ?', [shard.rows]);
    }

    for (const [i, shard] of shards.entries()) {
      const server = servers[i]!;
      const pool = server.pool(shard.db);
      const [[where]] = await pool.query<RowDataPacket[]>('SELECT @@port AS port, DATABASE() AS db, @@character_set_server AS cs');
      expect(where).toEqual({ port: server.port, db: shard.db, cs: 'utf8mb4' });
      const [rows] = await pool.query<RowDataPacket[]>({ sql: 'SELECT id, name FROM users ORDER BY id', rowsAsArray: true });
      expect(rows).toEqual(shard.rows);
    }

    if (!external) {
      // Each shard's database exists only on its own server.
      const [other] = await servers[1]!.pool().query<RowDataPacket[]>('SHOW DATABASES LIKE ?', [shards[0].db]);
      expect(other).toEqual([]);
    }
    expect(servers[0]!.url(shards[0].db)).toBe(`mysql://root@${servers[0]!.host}:${servers[0]!.port}/${shards[0].db}`);
  });

  it.skipIf(external)('stop() kills the server processes and ends their pools', async () => {
    const own = await startDbCluster({ servers: 2 });
    const pids = own.servers.map((s) => s.pid);
    expect(pids.every((pid) => typeof pid === 'number' && isAlive(pid))).toBe(true);
    const pool = own.servers[0]!.pool();
    await pool.query('SELECT 1');

    await own.stop();
    expect(pids.filter((pid) => isAlive(pid!))).toEqual([]);
    await expect(pool.query('SELECT 1')).rejects.toThrow();
    await own.stop(); // idempotent, as afterAll hooks may call it again
  });

  it.skipIf(external)('fails with the error log tail when a server cannot start', async () => {
    const started = Date.now();
    const error = await startDbCluster({ servers: 1, serverArgs: ['--no-such-option'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbHarnessError);
    expect((error as DbHarnessError).message).toMatch(/exited before accepting connections/);
    expect((error as DbHarnessError).logTail).toMatch(/unknown option '--no-such-option'/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
