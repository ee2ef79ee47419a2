/**
 * The router over two MariaDB servers with the Vitess demo schema: product (unsharded, with the
 * sequences and the corder_keyspace_idx lookup table) and customer sharded -80 / 80- (customer,
 * corder with two consistent lookups, corder_event with a lookup primary vindex and a reversible
 * binary vindex). customer/-80 and product/0 live on server 0, customer/80- on server 1.
 */
import { readFileSync } from 'node:fs';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardError } from '../../src/executor/errors.js';
import { RouterError } from '../../src/router/errors.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const DEMO = '/work/shared/conformance/e2e/demo/';
const statements = (file: string): string[] =>
  readFileSync(DEMO + file, 'utf8').split(';').map((s) => s.replace(/--.*$/gm, '').trim()).filter(Boolean);
const POOL = { supportBigNumbers: true, bigNumberStrings: false, connectionLimit: 8 } as const;

describe.skipIf(skipWithoutDatabase())('router on the demo schema', () => {
  let cluster: DbCluster;
  let s0: DbServer;
  let s1: DbServer;
  const dbs = { low: uniqueDbName('customer__80'), high: uniqueDbName('customer_80_'), product: uniqueDbName('product') };
  let pools: { low: Pool; high: Pool; product: Pool };
  let router: Router;

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 2 });
    [s0, s1] = cluster.servers as [DbServer, DbServer];
    await s0.createDatabase(dbs.low);
    await s1.createDatabase(dbs.high);
    await s0.createDatabase(dbs.product);
    pools = { low: s0.pool(dbs.low, POOL), high: s1.pool(dbs.high, POOL), product: s0.pool(dbs.product, POOL) };
    for (const sql of statements('customer_schema.sql')) {
      await pools.low.query(sql);
      await pools.high.query(sql);
    }
    for (const sql of statements('product_schema.sql')) await pools.product.query(sql);
    const vschema = loadVSchema({
      keyspaces: {
        customer: JSON.parse(readFileSync(`${DEMO}customer.vschema.json`, 'utf8')),
        product: JSON.parse(readFileSync(`${DEMO}product.vschema.json`, 'utf8')),
      },
    });
    router = createRouter({
      vschema,
      topology: {
        customer: { '-80': { primary: pools.low }, '80-': { primary: pools.high } },
        product: { '0': { primary: pools.product } },
      },
    });
  });
  afterAll(async () => {
    await router?.end();
    await cluster?.stop();
  });

  const rowsOf = async (pool: Pool, sql: string): Promise<RowDataPacket[]> => (await pool.query(sql))[0] as RowDataPacket[];

  it('inserts with sequences, split per shard, insertId = first generated id', async () => {
    const [h] = await router.query("insert into customer(uname) values ('alice'), ('bob'), ('charlie'), ('dan'), ('eve')");
    expect(h).toMatchObject({ affectedRows: 5, insertId: 1 });
    const low = await rowsOf(pools.low, 'select customer_id from customer order by customer_id');
    const high = await rowsOf(pools.high, 'select customer_id from customer order by customer_id');
    expect([...low, ...high].map((r) => Number(r.customer_id)).sort()).toEqual([1, 2, 3, 4, 5]);
    // Each shard holds exactly the ids whose keyspace id falls in its range.
    const [check] = await router.query('select customer_id from customer where customer_id = 4');
    expect(check).toEqual([{ customer_id: 4 }]);
    const [seq] = await rowsOf(pools.product, 'select next_id from customer_seq');
    expect(Number(seq!.next_id)).toBe(7); // two blocks of 3
  });

  it('reads one shard by primary vindex and passes the mysql2 result through', async () => {
    const [rows, fields] = await router.query('select customer_id, uname from customer where customer_id = ?', [2]);
    expect(rows).toEqual([{ customer_id: 2, uname: 'bob' }]);
    expect((fields as { name: string }[]).map((f) => f.name)).toEqual(['customer_id', 'uname']);
  });

  it('scatters a read and concatenates the shards', async () => {
    const [rows] = await router.query("select customer_id from customer where uname in ('bob', 'eve')");
    expect((rows as RowDataPacket[]).map((r) => r.customer_id).sort()).toEqual([2, 5]);
  });

  it('merge-sorts an ORDER BY across shards', async () => {
    const [rows] = await router.query('select customer_id, uname from customer order by uname desc');
    expect((rows as RowDataPacket[]).map((r) => r.uname)).toEqual(['eve', 'dan', 'charlie', 'bob', 'alice']);
  });

  it('writes owned consistent lookups on insert and routes through them', async () => {
    await router.query("insert into corder(customer_id, product_id, oname) values (1, 1, 'gift'), (1, 2, 'gift'), (2, 1, 'work'), (3, 2, 'personal'), (4, 1, 'personal')");
    const lookups = await rowsOf(pools.product, 'select corder_id from corder_keyspace_idx order by corder_id');
    expect(lookups.map((r) => Number(r.corder_id))).toEqual([1, 2, 3, 4, 5]);
    const onames = [...await rowsOf(pools.low, 'select oname from oname_keyspace_idx'), ...await rowsOf(pools.high, 'select oname from oname_keyspace_idx')];
    expect(onames).toHaveLength(5);
    const [rows] = await router.query('select corder_id, customer_id from corder where corder_id = 3');
    expect(rows).toEqual([{ corder_id: 3, customer_id: 2 }]);
    const [byName] = await router.query("select corder_id from corder where oname = 'personal' order by corder_id");
    expect((byName as RowDataPacket[]).map((r) => r.corder_id)).toEqual([4, 5]);
  });

  it('fills a reversible vindex column and routes by a lookup primary vindex', async () => {
    await router.query("insert into corder_event(corder_id, ename) values (1, 'paid'), (5, 'delivered')");
    const [rows] = await router.query('select corder_id, ename, keyspace_id from corder_event where corder_id = 5');
    expect(rows).toHaveLength(1);
    expect((rows as RowDataPacket[])[0]!.keyspace_id).toBeInstanceOf(Buffer);
  });

  it('updates and deletes maintain the lookup rows', async () => {
    const [u] = await router.query("update corder set oname = 'present' where corder_id = 1");
    expect(u).toMatchObject({ affectedRows: 1 });
    const [byName] = await router.query("select corder_id from corder where oname = 'present'");
    expect(byName).toEqual([{ corder_id: 1 }]);
    const [d] = await router.query('delete from corder where corder_id = 2');
    expect(d).toMatchObject({ affectedRows: 1 });
    const lookups = await rowsOf(pools.product, 'select corder_id from corder_keyspace_idx order by corder_id');
    expect(lookups.map((r) => Number(r.corder_id))).toEqual([1, 3, 4, 5]);
  });

  it('rejects a change to a primary vindex column with Vitess VT12001', async () => {
    await expect(router.query('update customer set customer_id = 10 where customer_id = 1')).rejects.toMatchObject({ code: 'VT12001' });
  });

  it('select next N values reserves ids from the sequence', async () => {
    const conn = await router.getConnection();
    const [rows] = await conn.query('select next 2 values from product.customer_seq');
    expect(Number((rows as RowDataPacket[])[0]!.nextval)).toBe(6);
    conn.release();
  });

  it('multi-shard update and delete sum affected rows', async () => {
    const [u] = await router.query("update customer set uname = concat(uname, '!') where customer_id in (1, 2, 3, 4, 5)");
    expect(u).toMatchObject({ affectedRows: 5 });
    const [d] = await router.query("delete from customer where uname = 'eve!'");
    expect(d).toMatchObject({ affectedRows: 1 });
  });

  it('sessions: use, transactions that commit and roll back on every shard', async () => {
    const conn = await router.getConnection();
    await conn.query('use customer');
    await conn.beginTransaction();
    await conn.query("insert into customer(customer_id, uname) values (100, 'x'), (101, 'y'), (102, 'z')");
    await conn.rollback();
    const [none] = await router.query('select * from customer where customer_id in (100, 101, 102)');
    expect(none).toEqual([]);
    await conn.query('begin');
    await conn.query("insert into customer(customer_id, uname) values (100, 'x'), (101, 'y'), (102, 'z')");
    await conn.query('commit');
    const [three] = await router.query('select * from customer where customer_id in (100, 101, 102)');
    expect(three).toHaveLength(3);
    conn.release();
  });

  it('single transaction mode fails when a second shard is touched', async () => {
    const conn = await router.getConnection();
    await conn.query("set transaction_mode = 'single'");
    await conn.beginTransaction();
    await conn.query("update customer set uname = 'a' where customer_id = 100");
    let failure: unknown;
    for (const id of [101, 102, 1, 2, 3]) {
      try {
        await conn.query('update customer set uname = ? where customer_id = ?', ['b', id]);
      } catch (err) {
        failure = err;
        break;
      }
    }
    expect(failure).toBeInstanceOf(RouterError);
    expect((failure as RouterError).code).toBe('MULTI_DB_TRANSACTION');
    await conn.rollback();
    conn.release();
  });

  it('a shard error names keyspace, shard and MySQL code, with the driver error as cause', async () => {
    const err = await router.query('select nosuchcolumn from customer where customer_id = 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ keyspace: 'customer', tabletType: 'primary', mysql: { code: 'ER_BAD_FIELD_ERROR', errno: 1054 } });
    expect((err as ShardError).message).toMatch(/^target: customer\.(-80|80-)\.primary: /);
    expect((err as Error).cause).toBeDefined();
  });

  it('sessions apply SET on every shard they use', async () => {
    const conn = await router.getConnection();
    await conn.query("set time_zone = '+03:00'");
    const [rows] = await conn.query('select @@time_zone as tz from customer');
    expect((rows as RowDataPacket[]).map((r) => r.tz)).toEqual(expect.arrayContaining(['+03:00']));
    expect(new Set((rows as RowDataPacket[]).map((r) => r.tz))).toEqual(new Set(['+03:00']));
    await conn.close();
  });
});
