/**
 * router.stream() against real MariaDB shards: 240 000 rows over 2 shards on 2 servers. The
 * memory a stream holds must not depend on the table size: the engine's buffered-row peak stays
 * under a bound set by batch sizes, the heap sampled (after a GC) while the whole table streams
 * stays under a bound far below what the rows themselves take, and a paused consumer holds the
 * shard statement back (it is still running on the server while the consumer waits).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../src/router/router.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import type { SingleColumnImpl } from '../../src/vindexes/types.js';
import { sqlValue } from '../../src/vindexes/value.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const ROWS = 240_000;
const GROUPS = 500;

const vschema = loadVSchema({
  keyspaces: {
    ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } },
  },
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Which shard (-80 / 80-) each id's hash keyspace id falls in. */
function shardOf(id: number): 0 | 1 {
  const impl = vschema.keyspaces.get('ks')!.vindexes.get('hash')!.vindex.impl as SingleColumnImpl;
  const dest = impl.map([sqlValue(id)])[0]!;
  if (dest.kind !== 'keyspaceId') throw new Error('expected a keyspace id');
  return dest.keyspaceId[0]! < 0x80 ? 0 : 1;
}

async function load(pools: readonly Pool[]): Promise<void> {
  const byShard: string[][] = [[], []];
  const flush = async (s: 0 | 1): Promise<void> => {
    if (byShard[s]!.length === 0) return;
    await pools[s]!.query(`insert into t (id, g, n, v) values ${byShard[s]!.join(',')}`);
    byShard[s] = [];
  };
  for (let id = 1; id <= ROWS; id++) {
    const s = shardOf(id);
    byShard[s]!.push(`(${id},${id % GROUPS},${id % 7},'value-${id}-padding-padding')`);
    if (byShard[s]!.length >= 5000) await flush(s);
  }
  await flush(0);
  await flush(1);
}

async function runningSelects(pool: Pool, marker: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "select count(*) as n from information_schema.processlist where info like ? and info not like '%processlist%'", [`%${marker}%`]);
  return Number(rows[0]!['n']);
}

describe.skipIf(skipWithoutDatabase())('router.stream over MariaDB shards', () => {
  let cluster: DbCluster;
  let pools: Pool[];
  let admin: Pool[];
  let router: Router;

  beforeAll(async () => {
    await vindexesReady();
    cluster = await startDbCluster({ servers: 2 });
    const servers = cluster.servers as [DbServer, DbServer];
    const dbs = [uniqueDbName('stream_low'), uniqueDbName('stream_high')];
    await servers[0].createDatabase(dbs[0]!);
    await servers[1].createDatabase(dbs[1]!);
    pools = servers.map((s, i) => s.pool(dbs[i], { connectionLimit: 4 }));
    admin = servers.map((s) => s.pool(undefined, { connectionLimit: 2 }));
    for (const p of pools) await p.query('create table t (id bigint primary key, g int not null, n int not null, v varchar(64) not null)');
    await load(pools);
    router = createRouter({ vschema, topology: { ks: { '-80': { primary: pools[0]! }, '80-': { primary: pools[1]! } } } });
  }, 180_000);

  afterAll(async () => {
    await router?.end();
    await cluster?.stop();
  });

  it('streams a whole-table scatter with memory independent of the table size', async () => {
    // Warm up the code paths first, so compiled code does not count as rows held.
    for await (const _ of router.stream('select id, g, v from t limit 3000')) void _;
    const before = heapMb();
    let peak = before;
    let count = 0;
    let idSum = 0;
    const samples: number[] = [];
    const stream = router.stream('select id, g, v from t');
    for await (const row of stream) {
      const r = row as { id: number; g: number; v: string };
      count++;
      idSum += r.id;
      if (count % 20_000 === 0) {
        const h = heapMb();
        samples.push(Math.round(h - before));
        peak = Math.max(peak, h);
      }
    }
    expect(count).toBe(ROWS);
    expect(idSum).toBe((ROWS * (ROWS + 1)) / 2);
    // Two shards, each one batch read ahead and one batch in hand.
    expect(stream.peakBufferedRows).toBeLessThanOrEqual(2 * 256 * 2);
    const grew = peak - before;
    console.log(`full scatter of ${ROWS} rows: engine peak ${stream.peakBufferedRows} rows buffered, heap growth ${grew.toFixed(1)} MiB (sampled after GC: ${samples.join(' ')})`);
    // What query() holds for the same rows, for contrast: the whole result.
    const base = heapMb();
    const [all] = await router.query('select id, g, v from t');
    const materialised = heapMb() - base;
    expect((all as unknown[]).length).toBe(ROWS);
    console.log(`query() of the same rows holds ${materialised.toFixed(1)} MiB`);
    // A stream holds a few hundred rows: its growth is a small fraction of the rows' size.
    expect(grew).toBeLessThan(Math.min(24, materialised / 2));
  }, 120_000);

  it('merges a whole-table ORDER BY from both shards in order, with the same bound', async () => {
    const stream = router.stream('select id from t order by id desc');
    let last = Infinity;
    let count = 0;
    for await (const row of stream) {
      const id = (row as { id: number }).id;
      expect(id).toBeLessThan(last);
      last = id;
      count++;
    }
    expect(count).toBe(ROWS);
    expect(stream.peakBufferedRows).toBeLessThanOrEqual(2 * 256 * 2);
  }, 120_000);

  it('a paused consumer holds the shard statement back; breaking out ends it', async () => {
    const marker = `pause_${process.pid}`;
    // Wide rows (~450 bytes: 50 MiB per shard), far more than the kernel's socket buffers can absorb.
    const stream = router.stream(`select id, repeat(v, 15) as w, '${marker}' as m from t order by id`);
    let seen = 0;
    for await (const row of stream) {
      expect((row as { m: string }).m).toBe(marker);
      if (++seen === 1000) break;
      if (seen === 500) {
        // The consumer waits: without backpressure each server would have sent its 120 000 rows long before.
        await new Promise((r) => setTimeout(r, 1500));
        expect((await runningSelects(admin[0]!, marker)) + (await runningSelects(admin[1]!, marker))).toBe(2);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await runningSelects(admin[0]!, marker)) + (await runningSelects(admin[1]!, marker))).toBe(0);
    // The pools are fine afterwards.
    const [rows] = await router.query('select count(*) as n from t');
    expect(rows).toEqual([{ n: ROWS }]);
  }, 60_000);

  it('ORDER BY ... LIMIT holds at most limit + offset rows per shard and matches query()', async () => {
    const sql = 'select id, v from t order by id limit 5 offset 10';
    const stream = router.stream(sql);
    const rows: unknown[] = [];
    for await (const row of stream) rows.push(row);
    const [expected] = await router.query(sql);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => (r as { id: number }).id)).toEqual([11, 12, 13, 14, 15]);
    expect(stream.peakBufferedRows).toBeLessThanOrEqual(2 * 15);
  });

  it('GROUP BY with count and sum streams group by group, as query() computes it', async () => {
    const sql = 'select g, count(*) as c, sum(n) as s from t group by g';
    const stream = router.stream(sql);
    const rows: unknown[] = [];
    for await (const row of stream) rows.push(row);
    const [expected] = await router.query(sql);
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(GROUPS);
    expect(rows[1]).toMatchObject({ g: 1, c: ROWS / GROUPS });
    expect(stream.peakBufferedRows).toBeLessThanOrEqual(2 * 256 * 2);
    expect(stream.fields).toBeDefined();
  });

  it('a sort at the router and a scalar aggregate stream their output', async () => {
    const sorted = 'select g, count(*) as c from t where g < 10 group by g order by count(*) desc, g limit 3';
    const out: unknown[] = [];
    for await (const row of router.stream(sorted)) out.push(row);
    expect(out).toEqual((await router.query(sorted))[0]);
    const scalar: unknown[] = [];
    for await (const row of router.stream('select count(*) as n, max(id) as m from t')) scalar.push(row);
    expect(scalar).toEqual([{ n: ROWS, m: ROWS }]);
  });

  it('streams inside a session and its transaction; other statements wait for the stream', async () => {
    const conn = await router.getConnection();
    await conn.beginTransaction();
    await conn.query("insert into t (id, g, n, v) values (?, 0, 0, 'in-tx')", [ROWS + 1]);
    const stream = conn.stream('select id, v from t where id > ?', [ROWS - 2]);
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await expect(conn.query('select 1 from t where id = 1')).rejects.toMatchObject({ code: 'STREAM_IN_PROGRESS' });
    const rest: unknown[] = [first.value];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(rest.map((r) => (r as { id: number }).id).sort((a, b) => a - b)).toEqual([ROWS - 1, ROWS, ROWS + 1]);
    await conn.rollback();
    const [after] = await conn.query('select count(*) as n from t where id > ?', [ROWS]);
    expect(after).toEqual([{ n: 0 }]);
    await conn.close();
  });

  it('rows have the shapes query() gives, with the query options (rowsAsArray)', async () => {
    const sql = { sql: 'select id, g, v from t where id in (?, ?, ?) order by id', rowsAsArray: true };
    const rows: unknown[] = [];
    for await (const row of router.stream(sql, [1, 2, 3])) rows.push(row);
    expect(rows).toEqual((await router.query(sql, [1, 2, 3]))[0]);
    expect(rows[0]).toEqual([1, 1, 'value-1-padding-padding']);
    await expect((async () => { for await (const _ of router.stream('delete from t where id = 1')) void _; })()).rejects.toMatchObject({ code: 'STREAM_NOT_A_QUERY' });
  });
});
