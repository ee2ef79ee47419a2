/**
 * Partial results (Vitess SCATTER_ERRORS_AS_WARNINGS) with a shard server killed: a read scatter
 * returns the healthy shard's rows and a warning naming the dead shard, on query()'s result and
 * on a stream; without the directive or option the statement fails as before; a statement that
 * needs only the dead shard still fails.
 */
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardError } from '../../src/executor/errors.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import type { SingleColumnImpl } from '../../src/vindexes/types.js';
import { sqlValue } from '../../src/vindexes/value.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { databaseAvailability, skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const vschema = loadVSchema({
  keyspaces: {
    ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } },
  },
});

function lowShard(id: number): boolean {
  const impl = vschema.keyspaces.get('ks')!.vindexes.get('hash')!.vindex.impl as SingleColumnImpl;
  const dest = impl.map([sqlValue(id)])[0]!;
  return dest.kind === 'keyspaceId' && dest.keyspaceId[0]! < 0x80;
}

async function all(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of stream) out.push(row);
  return out;
}

describe.skipIf(skipWithoutDatabase())('partial results when a shard server is down', () => {
  let cluster: DbCluster;
  let router: Router;
  let lenient: Router;
  const lowIds: number[] = [];
  const highIds: number[] = [];

  beforeAll(async () => {
    await vindexesReady();
    cluster = await startDbCluster({ servers: 2 });
    const [s0, s1] = cluster.servers as [DbServer, DbServer];
    const dbs = [uniqueDbName('partial_low'), uniqueDbName('partial_high')];
    await s0.createDatabase(dbs[0]!);
    await s1.createDatabase(dbs[1]!);
    const pools: Pool[] = [s0.pool(dbs[0]), s1.pool(dbs[1])];
    for (const p of pools) await p.query('create table t (id bigint primary key, v varchar(10))');
    const topology = { ks: { '-80': { primary: pools[0]! }, '80-': { primary: pools[1]! } } };
    router = createRouter({ vschema, topology });
    lenient = createRouter({ vschema, topology, scatterErrorsAsWarnings: true });
    for (let id = 1; id <= 20; id++) (lowShard(id) ? lowIds : highIds).push(id);
    await router.query(`insert into t (id, v) values ${Array.from({ length: 20 }, (_, i) => `(${i + 1}, 'v${i + 1}')`).join(', ')}`);

    if (s1.pid === undefined) throw new Error(`cannot stop a server we did not start (${JSON.stringify(databaseAvailability())})`);
    process.kill(s1.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
  }, 120_000);

  afterAll(async () => {
    await router?.end();
    await lenient?.end();
    await cluster?.stop();
  });

  it('without partial results a scatter fails, naming the dead shard', async () => {
    const err = await router.query('select id from t order by id').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ keyspace: 'ks', shard: '80-' });
    await expect(all(router.stream('select id from t'))).rejects.toMatchObject({ keyspace: 'ks', shard: '80-' });
  });

  it('the directive returns the healthy shard rows and a warning on the result', async () => {
    const result = await router.query('select /*vt+ SCATTER_ERRORS_AS_WARNINGS */ id from t order by id');
    const [rows] = result;
    expect(rows).toEqual(lowIds.map((id) => ({ id })));
    const warnings = (rows as { warnings?: unknown }).warnings as { code: number; message: string; keyspace: string; shard: string }[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'Warning', keyspace: 'ks', shard: '80-' });
    expect(warnings[0]!.message).toMatch(/^target: ks\.80-\.primary: /);
    expect((result as unknown as { warnings: unknown }).warnings).toBe(warnings);
    // Non-enumerable: the rows compare and serialise as plain rows.
    expect(Object.keys(rows as object)).not.toContain('warnings');
  });

  it('engine plans (aggregates, limits) and streams take partial results too', async () => {
    const [count] = await lenient.query('select count(*) as n from t');
    expect(count).toEqual([{ n: lowIds.length }]);
    expect((count as { warnings?: unknown[] }).warnings).toHaveLength(1);
    const stream = lenient.stream('select id from t order by id limit 3');
    expect(await all(stream)).toEqual(lowIds.slice(0, 3).map((id) => ({ id })));
    expect(stream.warnings).toMatchObject([{ keyspace: 'ks', shard: '80-' }]);
    const unordered = router.stream('select /*vt+ SCATTER_ERRORS_AS_WARNINGS */ id, v from t');
    expect((await all(unordered)).length).toBe(lowIds.length);
    expect(unordered.warnings).toHaveLength(1);
  });

  it('a statement that needs only the dead shard still fails; the healthy one answers without warnings', async () => {
    await expect(lenient.query('select id from t where id = ?', [highIds[0]])).rejects.toMatchObject({ shard: '80-' });
    const [one] = await lenient.query('select id from t where id = ?', [lowIds[0]]);
    expect(one).toEqual([{ id: lowIds[0] }]);
    expect((one as { warnings?: unknown }).warnings).toBeUndefined();
    // Writes never skip a shard.
    const write = await lenient.query("update t set v = 'x'").catch((e: unknown) => e);
    expect(write).toMatchObject({ code: 'PARTIAL_DML_ROLLED_BACK' });
    expect((write as Error).cause).toBeInstanceOf(ShardError);
  });
});
