/**
 * Writes and statements vtgate carries out itself, through the router over two MariaDB servers,
 * compared with one plain database holding every row (the oracle):
 *   - DML with input on tables whose primary key has two columns (row tuples as ::dml_vals),
 *     with an owned lookup vindex kept in step, multi-target DELETE (aliased single-table
 *     DELETEs on MariaDB) and a vindex column set from another table's column;
 *   - VEXPLAIN QUERIES / ALL / PLAN;
 *   - query timeouts: the QUERY_TIMEOUT_MS directive and `set query_timeout`;
 *   - INSERT ... SELECT into an unsharded keyspace with keyspace-qualified names;
 *   - schema tracking of columns: `select *` across shards with ORDER BY, JSON values as mysql2
 *     gives them from one server.
 * Keyspace sks is sharded by hash(region_id) (-80 on server 0, 80- on server 1); uks is unsharded.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShardPools } from '../../src/executor/shard-pools.js';
import { trackSchema } from '../../src/executor/schema-tracking.js';
import { createRouter, type Router } from '../../src/router/router.js';
import type { SrvVSchemaSpec } from '../../src/vschema/spec-types.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const POOL = { supportBigNumbers: true, bigNumberStrings: false, connectionLimit: 6 } as const;
const SHARDED = [
  'create table order_tbl (oid bigint, region_id bigint, cust_no bigint, primary key (oid, region_id), unique key (cust_no))',
  'create table oid_vdx_tbl (oid bigint primary key, keyspace_id varbinary(20))',
  'create table oevent_tbl (oid bigint, ename varchar(20), primary key (oid, ename))',
  'create table j_tbl (id bigint primary key, jdoc json)',
];
const UNSHARDED = ['create table unsharded (id1 bigint primary key)', 'create table j_utbl (id bigint primary key, jdoc json)'];
const VSCHEMA: SrvVSchemaSpec = {
  keyspaces: {
    sks: {
      sharded: true,
      vindexes: {
        hash: { type: 'hash' },
        oid_vdx: { type: 'consistent_lookup_unique', params: { table: 'oid_vdx_tbl', from: 'oid', to: 'keyspace_id' }, owner: 'order_tbl' },
      },
      tables: {
        order_tbl: { column_vindexes: [{ column: 'region_id', name: 'hash' }, { column: 'oid', name: 'oid_vdx' }] },
        oid_vdx_tbl: { column_vindexes: [{ column: 'oid', name: 'hash' }] },
        oevent_tbl: { column_vindexes: [{ column: 'oid', name: 'oid_vdx' }] },
        j_tbl: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      },
    },
    uks: { sharded: false, tables: { unsharded: {}, j_utbl: {} } },
  },
};

describe.skipIf(skipWithoutDatabase())('router: DML with input, VEXPLAIN, timeouts, tracked columns', () => {
  let cluster: DbCluster;
  let oracle: Pool;
  let router: Router;
  const shardPools: Pool[] = [];

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 2 });
    const [s0, s1] = cluster.servers as [DbServer, DbServer];
    const open = async (server: DbServer, base: string, schema: readonly string[]): Promise<Pool> => {
      const name = uniqueDbName(base);
      await server.createDatabase(name);
      const pool = server.pool(name, POOL);
      for (const sql of schema) await pool.query(sql);
      return pool;
    };
    const low = await open(s0, 'sks_low', SHARDED);
    const high = await open(s1, 'sks_high', SHARDED);
    const uks = await open(s0, 'uks', UNSHARDED);
    oracle = await open(s1, 'oracle', [...SHARDED, ...UNSHARDED]);
    shardPools.push(low, high, uks);
    const topology = createShardPools({ sks: { '-80': { primary: low }, '80-': { primary: high } }, uks: { '0': { primary: uks } } });
    const vschema = loadVSchema(VSCHEMA);
    router = createRouter({ vschema, topology, planner: await trackSchema(topology, vschema) });
  }, 120_000);
  afterAll(async () => {
    await router?.end();
    for (const p of [...shardPools, oracle]) await p?.end();
    await cluster?.stop();
  });

  /** Runs `sql` through the router and on the oracle. */
  const both = async (sql: string): Promise<void> => {
    await router.query(sql);
    await oracle.query(sql);
  };
  const rows = async (pool: Pool | Router, sql: string): Promise<unknown[]> => (await pool.query(sql))[0] as unknown[];
  const lookupRows = async (): Promise<unknown[]> => rows(router, 'select oid, hex(keyspace_id) k from oid_vdx_tbl order by oid');

  beforeEach(async () => {
    for (const t of ['order_tbl', 'oevent_tbl', 'j_tbl', 'unsharded', 'j_utbl']) await both(`delete from ${t}`);
    await both('insert into order_tbl(region_id, oid, cust_no) values (1,1,4), (1,2,2), (2,3,5), (2,4,55)');
    await both("insert into oevent_tbl(oid, ename) values (1,'a'), (2,'b'), (3,'a'), (4,'c')");
  });

  describe('DML with input on a primary key of two columns', () => {
    it('DELETE ... LIMIT selects the keys, then deletes by row tuples on their shards, lookup rows included', async () => {
      const [h] = await router.query('delete from order_tbl limit 5');
      expect(h).toMatchObject({ affectedRows: 4 });
      expect(await rows(router, 'select * from order_tbl')).toEqual([]);
      expect(await lookupRows()).toEqual([]);
    });

    it('UPDATE ... LIMIT changes the selected rows only', async () => {
      await both('update order_tbl set cust_no = cust_no + 10 order by oid limit 2');
      const sql = 'select region_id, oid, cust_no from order_tbl order by oid';
      expect(await rows(router, sql)).toEqual(await rows(oracle, sql));
    });

    it('multi-target DELETE (aliased single-table deletes on MariaDB) removes the rows of both tables and their lookup rows', async () => {
      const sql = "delete o, ev from order_tbl o join oevent_tbl ev where o.oid = ev.oid and ev.ename = 'a'";
      const [h] = await router.query(sql);
      const [want] = await oracle.query(sql);
      expect(h).toMatchObject({ affectedRows: (want as { affectedRows: number }).affectedRows });
      for (const q of ['select region_id, oid, cust_no from order_tbl order by oid', 'select oid, ename from oevent_tbl order by oid, ename']) {
        expect(await rows(router, q)).toEqual(await rows(oracle, q));
      }
      expect((await lookupRows()).map((r) => (r as { oid: number }).oid)).toEqual([2, 4]);
    });

    it('a lookup vindex column set from another table\'s column moves its lookup row', async () => {
      await both("update order_tbl o, oevent_tbl ev set ev.ename = 'xyz', o.oid = ev.oid + 40 where o.cust_no = ev.oid and ev.ename = 'b'");
      for (const q of ['select region_id, oid, cust_no from order_tbl order by oid', 'select oid, ename from oevent_tbl order by oid, ename']) {
        expect(await rows(router, q)).toEqual(await rows(oracle, q));
      }
      expect((await lookupRows()).map((r) => (r as { oid: number }).oid)).toEqual([1, 3, 4, 42]);
      // The moved row is found through its new lookup row.
      expect(await rows(router, 'select region_id, cust_no from order_tbl where oid = 42')).toEqual([{ region_id: 1, cust_no: 2 }]);
    });
  });

  describe('VEXPLAIN', () => {
    it('QUERIES runs the statement and lists each shard query with its values in place', async () => {
      const [out, fields] = await router.query('vexplain queries select oid from order_tbl where region_id = 2');
      expect((fields as { name: string }[]).map((f) => f.name)).toEqual(['#', 'keyspace', 'shard', 'query']);
      // hash(2) falls in -80.
      expect(out).toEqual([{ '#': 0, keyspace: 'sks', shard: '-80', query: 'select oid from order_tbl where region_id = 2' }]);
      const [scatter] = await router.query('vexplain queries select count(*) from order_tbl');
      expect((scatter as { shard: string }[]).map((r) => r.shard).sort()).toEqual(['-80', '80-']);
    });

    it('QUERIES of a DML needs EXECUTE_DML_QUERIES, and then really runs it (begin and lookup statements listed)', async () => {
      await expect(router.query('vexplain queries delete from order_tbl where region_id = 1')).rejects.toMatchObject({ code: 'VT09008' });
      expect(await rows(router, 'select count(*) n from order_tbl')).toEqual([{ n: 4 }]);
      const [out] = await router.query('vexplain /*vt+ EXECUTE_DML_QUERIES */ queries delete from order_tbl where region_id = 1');
      const queries = (out as { query: string }[]).map((r) => r.query);
      expect(queries).toContain('begin');
      expect(queries.some((q) => q.startsWith('select region_id, oid from order_tbl where region_id = 1') && q.endsWith('for update'))).toBe(true);
      expect(queries.some((q) => q.startsWith('delete from oid_vdx_tbl'))).toBe(true);
      expect(await rows(router, 'select count(*) n from order_tbl')).toEqual([{ n: 2 }]);
    });

    it('ALL answers the plan with each shard\'s own plan of the query its operator sent; PLAN only plans', async () => {
      const [all] = await router.query('vexplain all select oid from order_tbl where region_id = 2');
      const doc = JSON.parse((all as { VExplain: string }[])[0]!.VExplain) as Record<string, unknown>;
      expect(doc).toMatchObject({ OperatorType: 'Route', Variant: 'EqualUnique' });
      expect(doc.mysql_explain_json).toMatchObject({ query_block: expect.any(Object) });
      const [plan] = await router.query('vexplain plan delete from order_tbl');
      expect(JSON.parse((plan as { JSON: string }[])[0]!.JSON)).toMatchObject({ QueryType: 'DELETE', Instructions: { OperatorType: 'Delete' } });
      expect(await rows(router, 'select count(*) n from order_tbl')).toEqual([{ n: 4 }]);
    });
  });

  describe('query timeouts', () => {
    it('QUERY_TIMEOUT_MS fails a statement that runs longer', async () => {
      await expect(router.query('select /*vt+ QUERY_TIMEOUT_MS=50 */ sleep(1) from dual')).rejects.toMatchObject({ code: 'SHARD_TIMEOUT' });
      expect(await rows(router, 'select /*vt+ QUERY_TIMEOUT_MS=2000 */ sleep(0.01) as s from dual')).toEqual([{ s: 0 }]);
    });

    it('set query_timeout holds for the session; QUERY_TIMEOUT_MS=0 lifts every timeout for one statement', async () => {
      const conn = await router.getConnection();
      try {
        await conn.query('set @@session.query_timeout = 50');
        await expect(conn.query('select sleep(1) from dual')).rejects.toMatchObject({ code: 'SHARD_TIMEOUT' });
        expect((await conn.query('select /*vt+ QUERY_TIMEOUT_MS=0 */ sleep(0.2) as s from dual'))[0]).toEqual([{ s: 0 }]);
        await conn.query('set query_timeout = 0');
        expect((await conn.query('select sleep(0.2) as s from dual'))[0]).toEqual([{ s: 0 }]);
        await expect(conn.query("set query_timeout = 'soon'")).rejects.toMatchObject({ code: 'OPTION_INVALID' });
      } finally {
        await conn.close();
      }
    });
  });

  it('INSERT ... SELECT within an unsharded keyspace reaches its shard without keyspace qualifiers', async () => {
    await router.query('insert into uks.unsharded(id1) values (1), (2), (3)');
    await router.query('insert /*vt+ QUERY_TIMEOUT_MS=2000 */ into uks.unsharded(id1) select id1 + 5 from uks.unsharded');
    expect(await rows(router, 'select id1 from uks.unsharded order by id1')).toEqual([1, 2, 3, 6, 7, 8].map((id1) => ({ id1 })));
  });

  it('tracked columns: select * across shards with ORDER BY, and INSERT ... SELECT *, JSON as one server returns it', async () => {
    await both(`insert into j_tbl(id, jdoc) values (1, '{}'), (2, '{"a": 1, "b": 2}'), (3, '{"k": "a"}')`);
    const sql = 'select * from j_tbl order by id';
    const got = await rows(router, sql);
    expect(got).toEqual(await rows(oracle, sql));
    expect((got as RowDataPacket[])[1]).toEqual({ id: 2, jdoc: { a: 1, b: 2 } });
    await router.query('insert into uks.j_utbl(id, jdoc) select * from sks.j_tbl');
    expect(await rows(router, 'select * from uks.j_utbl order by id')).toEqual(got);
    await expect(router.query('insert into uks.j_utbl(id) select * from sks.j_tbl')).rejects.toMatchObject({ code: 'VT03006' });
  });
});
