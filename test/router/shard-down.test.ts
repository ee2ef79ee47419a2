/**
 * A shard server that goes down (its mariadbd is killed): the statements that need that shard
 * fail with a ShardError naming keyspace and shard, every other statement goes on, and a
 * transaction that had written elsewhere is rolled back there.
 * ks is sharded -80 (server 0) / 80- (server 1); the unsharded keyspace u lives on server 0.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardError } from '../../src/executor/errors.js';
import { Planner } from '../../src/planner/planner.js';
import { shardsFor } from '../../src/routing/route.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { createTopology } from '../../src/topology/topology.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { databaseAvailability, skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const vschema = loadVSchema({
  keyspaces: {
    ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } },
    u: { tables: { notes: {} } },
  },
});

describe.skipIf(skipWithoutDatabase())('a shard server goes down', () => {
  let cluster: DbCluster;
  let s1: DbServer;
  let low: Pool;
  let router: Router;
  let lowId = 0;
  let highId = 0;

  beforeAll(async () => {
    await vindexesReady();
    cluster = await startDbCluster({ servers: 2 });
    const [s0, second] = cluster.servers as [DbServer, DbServer];
    s1 = second;
    const dbs = { low: uniqueDbName('ks_low'), high: uniqueDbName('ks_high'), u: uniqueDbName('u') };
    await s0.createDatabase(dbs.low);
    await s1.createDatabase(dbs.high);
    await s0.createDatabase(dbs.u);
    low = s0.pool(dbs.low);
    const high = s1.pool(dbs.high);
    const u = s0.pool(dbs.u);
    for (const p of [low, high]) await p.query('create table t (id bigint primary key, v varchar(10))');
    await u.query('create table notes (id int primary key, body varchar(20))');
    router = createRouter({
      vschema,
      topology: { ks: { '-80': { primary: low }, '80-': { primary: high } }, u: { '0': { primary: u } } },
    });
    const planner = new Planner(vschema);
    const topology = createTopology({ ks: ['-80', '80-'], u: ['0'] });
    for (let id = 1; lowId === 0 || highId === 0; id++) {
      const [{ shard }] = (await shardsFor(planner, 'select * from t where id = :id', { id }, { topology })) as unknown as [{ shard: string }];
      if (shard === '-80' && lowId === 0) lowId = id;
      if (shard === '80-' && highId === 0) highId = id;
    }
    await router.query('insert into t (id, v) values (?, ?), (?, ?)', [lowId, 'a', highId, 'b']);
    await router.query("insert into notes (id, body) values (1, 'kept')");
  }, 120_000);

  afterAll(async () => {
    await router?.end();
    await cluster?.stop();
  });

  it('fails only the statements that need the dead shard, naming it; the rest go on', async () => {
    // The transaction wrote on -80 before 80- went down.
    const conn = await router.getConnection();
    await conn.beginTransaction();
    await conn.query("update t set v = 'changed' where id = ?", [lowId]);

    if (s1.pid === undefined) throw new Error(`cannot stop a server we did not start (${JSON.stringify(databaseAvailability())})`);
    process.kill(s1.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));

    const inTx = await conn.query("update t set v = 'changed' where id = ?", [highId]).catch((e: unknown) => e);
    expect(inTx).toBeInstanceOf(ShardError);
    expect(inTx).toMatchObject({ keyspace: 'ks', shard: '80-', tabletType: 'primary' });
    await conn.rollback();
    conn.release();
    // Rolled back on the live shard too.
    const [rows] = await low.query('select v from t where id = ?', [lowId]);
    expect((rows as RowDataPacket[])[0]?.['v']).toBe('a');

    // The live shard and the other keyspace still answer.
    const [point] = await router.query('select v from t where id = ?', [lowId]);
    expect(point).toEqual([{ v: 'a' }]);
    const [notes] = await router.query('select body from notes where id = 1');
    expect(notes).toEqual([{ body: 'kept' }]);

    // The dead shard's point select and every scatter fail, naming the shard.
    const dead = await router.query('select v from t where id = ?', [highId]).catch((e: unknown) => e);
    expect(dead).toBeInstanceOf(ShardError);
    expect(dead).toMatchObject({ keyspace: 'ks', shard: '80-' });
    expect((dead as Error).cause).toBeDefined();
    const scatter = await router.query('select id from t order by id').catch((e: unknown) => e);
    expect(scatter).toBeInstanceOf(ShardError);
    expect(scatter).toMatchObject({ keyspace: 'ks', shard: '80-' });

    // Writes to the live shard go on.
    await router.query("update t set v = 'after' where id = ?", [lowId]);
    const [after] = await router.query('select v from t where id = ?', [lowId]);
    expect(after).toEqual([{ v: 'after' }]);
  }, 60_000);
});
