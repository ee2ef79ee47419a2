/**
 * The engine over two MariaDB servers: every multi-operator query must return exactly what one
 * server holding all the rows returns — same rows, same order where the query orders, and the
 * same JS values and column types from mysql2. Keyspace `ks` is sharded by hash(id) (-80 on
 * server 0, 80- on server 1); keyspace `uks` is unsharded (server 0). The single database
 * ("oracle") holds both tables.
 */
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShardPools } from '../../src/executor/shard-pools.js';
import { trackSchema } from '../../src/executor/schema-tracking.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { compile } from '../../src/engine/eval/compile.js';
import { computedField } from '../../src/engine/fields.js';
import { textValue, valueText, type SqlType } from '../../src/vindexes/value.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const POOL = { supportBigNumbers: true, bigNumberStrings: false, connectionLimit: 4 } as const;
const T = 'create table t (id bigint primary key, name varchar(64), price decimal(12,2), big bigint unsigned, grp int)';
const U = 'create table u (id bigint primary key, tid bigint, label varchar(32))';
// Names whose case-insensitive order differs from their byte order; prices whose float sum is inexact.
const T_ROWS = [
  [1, 'apple', '0.10', '18446744073709551615', 1],
  [2, 'Banana', '0.20', '1', 1],
  [3, 'cherry', '1234567890.12', '2', 2],
  [4, 'Date', '0.30', '3', 2],
  [5, 'eagle', '-5.55', '4', 2],
  [6, 'Fig', null, '9007199254740993', 3],
  [7, 'grape', '7.77', null, null],
  [8, 'Hazel', '0.01', '5', 3],
];
const U_ROWS = [[1, 2, 'two'], [2, 3, 'three'], [3, 3, 'three bis'], [4, 99, 'none']];

describe.skipIf(skipWithoutDatabase())('engine: multi-operator plans against one server', () => {
  let cluster: DbCluster;
  let oracle: Pool;
  let router: Router;
  const pools: Pool[] = [];

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 2 });
    const [s0, s1] = cluster.servers as [DbServer, DbServer];
    const open = async (server: DbServer, base: string): Promise<Pool> => {
      const name = uniqueDbName(base);
      await server.createDatabase(name);
      const pool = server.pool(name, POOL);
      // MySQL 8's default, which Vitess plans for: the shards must accept what they are sent under it.
      pool.on('connection', (conn) => { conn.query("set sql_mode = concat(@@sql_mode, ',ONLY_FULL_GROUP_BY')"); });
      pools.push(pool);
      return pool;
    };
    const low = await open(s0, 'ks_low');
    const high = await open(s1, 'ks_high');
    const uks = await open(s0, 'uks');
    oracle = await open(s1, 'oracle');
    for (const p of [low, high, oracle]) await p.query(T);
    for (const p of [uks, oracle]) await p.query(U);
    const vschema = loadVSchema({
      keyspaces: {
        ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } },
        uks: { sharded: false, tables: { u: {} } },
      },
    });
    const topology = createShardPools({ ks: { '-80': { primary: low }, '80-': { primary: high } }, uks: { '0': { primary: uks } } });
    router = createRouter({ vschema, topology, planner: await trackSchema(topology, vschema), maxMemoryRows: 100 });
    for (const row of T_ROWS) {
      await router.query('insert into t (id, name, price, big, grp) values (?, ?, ?, ?, ?)', row);
      await oracle.query('insert into t (id, name, price, big, grp) values (?, ?, ?, ?, ?)', row);
    }
    for (const row of U_ROWS) {
      await router.query('insert into u (id, tid, label) values (?, ?, ?)', row);
      await oracle.query('insert into u (id, tid, label) values (?, ?, ?)', row);
    }
    // Both shards hold rows, or the test would not cross shards.
    const [lowRows] = await low.query('select count(*) n from t');
    const [highRows] = await high.query('select count(*) n from t');
    expect((lowRows as { n: number }[])[0]!.n).toBeGreaterThan(0);
    expect((highRows as { n: number }[])[0]!.n).toBeGreaterThan(0);
  }, 120_000);

  afterAll(async () => {
    await router?.end();
    await Promise.allSettled(pools.map((p) => p.end()));
    await cluster?.stop();
  });

  interface FieldInfo { name: string; columnType: number }
  const same = async (sql: string, opts: { ordered?: boolean } = {}): Promise<unknown[]> => {
    const [got, gotFields] = await router.query(sql);
    const [want, wantFields] = await oracle.query(sql);
    const key = (rows: unknown): string[] => (rows as unknown[]).map((r) => JSON.stringify(r));
    if (opts.ordered === false) expect(key(got).sort()).toEqual(key(want).sort());
    else expect(got).toEqual(want);
    const types = (f: unknown): [string, number][] => (f as FieldInfo[]).map((x) => [x.name, x.columnType]);
    expect(types(gotFields)).toEqual(types(wantFields));
    return got as unknown[];
  };

  describe('merge-sort and in-memory sort', () => {
    it('orders mixed-case text across shards as utf8mb4_general_ci does', async () => {
      const rows = await same('select id, name from t order by name');
      expect((rows as { name: string }[]).map((r) => r.name)).toEqual(['apple', 'Banana', 'cherry', 'Date', 'eagle', 'Fig', 'grape', 'Hazel']);
    });
    it('orders descending with NULLs last, and by DECIMAL value', async () => {
      await same('select id, price from t order by price desc, id');
    });
    it('orders BIGINT UNSIGNED values beyond 2^53 exactly', async () => {
      await same('select id, big from t order by big, id');
    });
    it('applies LIMIT and OFFSET after merging', async () => {
      await same('select id, name from t order by name limit 3');
      await same('select id, name from t order by name limit 2, 3');
    });
  });

  describe('schema tracking', () => {
    it('expands * from the tracked columns where vtgate sorts or pages', async () => {
      await same('select * from t order by name limit 3');
      await same('select * from t order by grp desc, id');
    });
  });

  describe('aggregation', () => {
    it('sums DECIMAL exactly and types SUM as DECIMAL, COUNT as BIGINT', async () => {
      const [row] = await same('select sum(price), count(*), count(price) from t');
      expect(Object.values(row as object)).toEqual(['1234567892.95', 8, 7]);
    });
    it('groups across shards with count, sum, min, max and avg', async () => {
      await same('select grp, count(*), sum(price), min(name), max(name), avg(price) from t group by grp order by grp');
    });
    it('counts distinct values across shards', async () => {
      await same('select count(distinct grp) from t');
      // Over the unique vindex column: each shard counts its own, vtgate adds the counts.
      await same('select count(distinct name, id) from t');
      await same('select grp, count(distinct id), sum(distinct id) from t group by grp order by grp');
      await same('select grp, count(distinct name) from t group by grp order by grp');
    });
    it('keeps the largest BIGINT UNSIGNED exact in max()', async () => {
      const [row] = await same('select max(big) from t');
      expect(Object.values(row as object)).toEqual(['18446744073709551615']);
    });
    it('evaluates HAVING at vtgate', async () => {
      await same('select grp, count(*) as c from t group by grp having c > 1 order by grp');
      await same('select grp, avg(price) as a from t group by grp having a > 0.2 order by grp');
    });
    it('answers an empty scalar aggregate with one row', async () => {
      await same('select count(*), sum(price), max(name) from t where id > 100');
    });
    it('orders groups by a value the grouping does not fix, as one server accepts it', async () => {
      // Each name is its own group, so the price one server sorts that group by is its only one.
      await same('select name, count(*) from t group by name order by price, name');
      await same('select name, count(*) from t group by name order by abs(price) desc, name');
      // A grouped expression the select list lacks: MariaDB rejects it as a shard select item.
      await same("select count(*), min(id) from t group by concat(name, 'x') order by min(id)");
    });
    it('orders groups by an expression over aggregates, computed after merging', async () => {
      await same('select grp, count(*) from t group by grp order by max(price) + 1');
      await same('select grp, max(price) from t group by grp order by grp + max(price) desc');
    });
    it('groups on text case-insensitively', async () => {
      await same('select lower(name) n, count(*) from t group by n order by n', { ordered: false });
    });
  });

  describe('distinct, union, joins and subqueries', () => {
    it('removes duplicates across shards', async () => {
      await same('select distinct grp from t', { ordered: false });
      await same('select distinct greatest(grp, 2) as n, grp > 1 as g from t order by g, n');
    });
    it('sorts and limits a UNION across shards at vtgate', async () => {
      await same('select name from t union select upper(name) from t order by name desc');
      await same('select grp, id from t union all select id, grp from t order by 1, 2 limit 5');
      await same('select grp from t where grp is not null union select id from t order by grp desc limit 2, 3');
      // A column of numbers and text is text in the union: it sorts as text.
      await same("select id * 10 from t union select 'x' from t order by 1");
    });
    it('unions a sharded and an unsharded keyspace', async () => {
      await same('select id from t union select tid from u', { ordered: false });
      await same('select id from t union all select tid from u', { ordered: false });
      await same('select id * 10 as v from t union all select label from u order by v');
      // A column whose parts differ in type takes the union's type: integers written as DECIMAL with its scale.
      await same('select id, price from t union all select id, tid from u order by 1, 2');
      await same('select grp, avg(price) from t group by grp union select tid, max(id) from u group by tid order by 1, 2');
    });
    it('orders and limits a UNION whose sides share one scatter route', async () => {
      await same('select name from t where grp = 1 union select name from t where grp = 3 order by name desc');
      await same('select grp from t union select grp from t order by grp limit 2');
      await same('select id, name from t where id < 4 union all select id, name from t where id > 5 order by name limit 3 offset 1');
      // (a union b) union all c: a's and b's duplicates across shards go before c's rows join them.
      await same('(select grp from t union select grp from t) union all select grp from t', { ordered: false });
    });
    it('joins across keyspaces (nested loop with join variables)', async () => {
      await same('select t.name, u.label from t join u on t.id = u.tid order by u.id');
    });
    it('removes duplicates of joined rows (DISTINCT as a grouping on the selected columns)', async () => {
      await same('select distinct t.grp from t join u on t.grp = u.tid', { ordered: false });
      await same('select distinct u.label, t.grp from t join u on t.grp <= u.tid order by u.label desc, t.grp');
    });
    it('keeps unmatched rows of a LEFT JOIN with NULLs', async () => {
      await same('select t.id, u.label from t left join u on t.id = u.tid', { ordered: false });
    });
    it('filters with IN lists at vtgate (the list arrives as one list bind variable)', async () => {
      // A predicate over both sides of a LEFT JOIN, or on its outer side, is a Filter above the join.
      await same('select t.id, u.id from t left join u on 1 = 1 where (t.grp in (1, 3) or u.tid < t.id)', { ordered: false });
      await same("select t.id, u.label from t left join u on t.id = u.tid where u.label in ('TWO', 'three')", { ordered: false });
      await same('select t.id, u.id from t left join u on t.id = u.tid where u.tid not in (2)', { ordered: false });
      // A NULL in the list makes a miss NULL: NOT IN keeps nothing.
      await same('select t.id, u.id from t left join u on t.id = u.tid where u.tid not in (2, null)', { ordered: false });
      await same('select t.id, u.id from t left join u on t.id = u.tid where (u.tid in (3, null) or t.grp in (2))', { ordered: false });
      const params = 'select t.id, u.id from t left join u on 1 = 1 where (t.grp in (?, ?) or u.tid < t.id)';
      const [got] = await router.query(params, [1, 3]);
      const [want] = await oracle.query(params, [1, 3]);
      expect((got as unknown[]).map((r) => JSON.stringify(r)).sort()).toEqual((want as unknown[]).map((r) => JSON.stringify(r)).sort());
    });
    it('keeps same-named columns of both join sides apart', async () => {
      // Shard rows are read as arrays: two `grp` columns (one per side) must not collapse into one.
      const sql = 'select t2.grp, t1.grp, t2.id from t as t1 join t as t2 on t1.id = t2.grp';
      const [got, gotFields] = await router.query({ sql, rowsAsArray: true });
      const [want] = await oracle.query({ sql, rowsAsArray: true });
      expect((got as unknown[]).map((r) => JSON.stringify(r)).sort()).toEqual((want as unknown[]).map((r) => JSON.stringify(r)).sort());
      expect((gotFields as { name: string }[]).map((f) => f.name)).toEqual(['grp', 'grp', 'id']);
    });
    it('pulls out an uncorrelated IN subquery', async () => {
      await same('select id from t where id in (select tid from u)', { ordered: false });
      await same('select id from t where id not in (select tid from u)', { ordered: false });
    });
  });

  describe('routes answered by one shard or none', () => {
    it('drops helper sort columns even when one shard answers', async () => {
      // Both values live on one shard: the route query still selects weight_string(...) past resultColumns.
      const rows = await same("select id from t where id in (1, 1) order by concat(name, 'x')");
      expect(rows).toHaveLength(1);
      await same("select id, name from t where id in (1, 2, 3, 4, 5, 6, 7, 8) order by concat(name, 'x'), id");
      // The same with the values as parameters: one value, several values on one shard, and on both.
      for (const values of [[1], [1, 1], [1, 2], [1, 2, 3, 4, 5, 6, 7, 8]]) {
        const sql = `select id, name from t where id in (${values.map(() => '?').join(', ')}) order by concat(name, 'x'), id`;
        const [got, gotFields] = await router.query(sql, values);
        const [want, wantFields] = await oracle.query(sql, values);
        expect([values, got]).toEqual([values, want]);
        expect((gotFields as { name: string }[]).map((f) => f.name)).toEqual((wantFields as { name: string }[]).map((f) => f.name));
      }
    });
    it('answers a scalar aggregate whose route reaches no shard with its one row', async () => {
      expect(await same('select count(*) from t where id is null')).toEqual([{ 'count(*)': 0 }]);
      await same('select count(*), max(price), sum(grp) from t where id in (null)');
      await same('select count(*) from t where id = null');
      // No aggregate, or grouped: no rows, as from one server.
      expect(await same('select count(*) from t where id is null group by grp')).toEqual([]);
      expect(await same('select id, name from t where id is null')).toEqual([]);
    });
    it('answers a UNION whose route reaches no shard with the rows of its parts that read no shard', async () => {
      expect(await same('select 1 as x union select id from t where id is null')).toEqual([{ x: 1 }]);
      await same('select 7 as x union all select id from t where id = null');
    });
    it('answers it under a vtgate operator too', async () => {
      await same('select d.n, u.label from (select count(*) as n from t where id is null) as d join u on u.id = d.n + 1');
    });
  });

  describe('session answers', () => {
    it('answers FOUND_ROWS() from the session, SQL_CALC_FOUND_ROWS counting past the LIMIT', async () => {
      const conn = await router.getConnection();
      const one = await oracle.getConnection();
      try {
        for (const sql of [
          'select id from t order by id', 'select found_rows()',
          'select sql_calc_found_rows id, name from t order by name limit 2', 'select found_rows()',
          'select sql_calc_found_rows grp, count(*) from t group by grp order by grp limit 1', 'select found_rows()',
          'select sql_calc_found_rows id from t where id = 3 limit 5', 'select found_rows()',
          'select id from t where id in (1, 2, 3) order by id limit 2', 'select found_rows()',
        ]) {
          const [got] = await conn.query(sql);
          const [want] = await one.query(sql);
          expect([sql, got]).toEqual([sql, want]);
        }
      } finally {
        conn.release();
        one.release();
      }
    });
    it('keeps FOUND_ROWS() of a streamed statement too', async () => {
      const conn = await router.getConnection();
      try {
        const streamed = async (sql: string): Promise<unknown[]> => {
          const out: unknown[] = [];
          for await (const row of conn.stream(sql)) out.push(row);
          return out;
        };
        expect(await streamed('select id from t where grp = 2')).toHaveLength(3);
        expect((await conn.query('select found_rows() as n'))[0]).toEqual([{ n: 3 }]);
        expect(await streamed('select sql_calc_found_rows id from t order by id limit 1')).toEqual([{ id: 1 }]);
        expect(await streamed('select found_rows() as n')).toEqual([{ n: 8 }]);
      } finally {
        conn.release();
      }
    });
  });

  describe('expressions vtgate evaluates', () => {
    it('computes weight_string() as MariaDB does, so it compares with the shards\' own', async () => {
      const texts = ['aB ', 'Abc', 'é😀', 'ß', '', 'zz'];
      const cases: [string, number][] = [['utf8mb4_general_ci', 45], ['utf8mb4_bin', 46]];
      for (const [name, id] of cases) {
        const fields = [computedField('v', 'VARCHAR', { collation: id })];
        const ws = compile({ kind: 'func', name: 'weight_string', args: [{ kind: 'offset', index: 0, name: 'v' }] }, fields);
        for (const text of texts) {
          const [rows] = await oracle.query(`select hex(weight_string(convert(? using utf8mb4) collate ${name})) as w`, [text]);
          const got = Buffer.from(ws.evaluate([textValue('VARCHAR', text)], new Map()).raw).toString('hex').toUpperCase();
          expect([name, text, got]).toEqual([name, text, (rows as { w: string }[])[0]!.w]);
        }
      }
      const [numbers] = await oracle.query('select weight_string(1.5) as d, weight_string(7) as i');
      expect(numbers).toEqual([{ d: null, i: null }]);
      const number = compile({ kind: 'func', name: 'weight_string', args: [{ kind: 'offset', index: 0, name: 'n' }] }, [computedField('n', 'DECIMAL')]);
      expect(number.evaluate([textValue('DECIMAL', '1.5')], new Map()).type).toBe('NULL_TYPE');
    });
  });

  describe('casts vtgate evaluates', () => {
    it('converts as MariaDB does', async () => {
      const values: [SqlType, string, string][] = [
        ['DECIMAL', '-2.5', '-2.5'], ['INT64', '-1', '-1'], ['DECIMAL', '1.5', '1.5'], ['VARCHAR', '12abc', "'12abc'"], ['VARCHAR', '1.995x', "'1.995x'"],
        ['FLOAT64', '2.5', '2.5e0'], ['FLOAT64', '-3.5', '-3.5e0'], ['FLOAT64', '1.5', '1.5e0'], ['DECIMAL', '123456.789', '123456.789'], ['DECIMAL', '-123456.789', '-123456.789'], ['VARCHAR', 'abc', "'abc'"],
      ];
      const targets = ['signed', 'unsigned', 'decimal(5,2)', 'decimal(20,6)', 'char(2)', 'double', 'decimal'];
      for (const [type, text, literal] of values) {
        for (const target of targets) {
          const [rows] = await oracle.query({ sql: `select cast(${literal} as ${target}) as v`, supportBigNumbers: true, bigNumberStrings: true });
          const want = String((rows as { v: unknown }[])[0]!.v);
          const c = compile({ kind: 'cast', style: 'cast', type: target, expr: { kind: 'offset', index: 0, name: 'x' } }, [computedField('x', type)]);
          const got = valueText(c.evaluate([textValue(type, text)], new Map()));
          expect([literal, target, got]).toEqual([literal, target, want]);
        }
      }
    });
    it('casts a merged aggregate across shards', async () => {
      await same('select grp, cast(sum(price) as decimal(20,6)) as s from t group by grp order by grp');
      await same('select t.grp, cast(sum(t.price) as decimal(20,6)) as s from t join u on t.id = u.tid group by t.grp order by t.grp');
    });
  });

  describe('information_schema (DBA routes)', () => {
    it('asks a shard of the keyspace named as schema, about its own database', async () => {
      const [tables] = await router.query("select table_name from information_schema.tables where table_schema = 'ks' order by table_name");
      expect(tables).toEqual([{ table_name: 't' }]);
      const [columns] = await router.query("select column_name from information_schema.columns where table_schema = 'uks' and table_name = ? order by ordinal_position", ['u']);
      expect(columns).toEqual([{ column_name: 'id' }, { column_name: 'tid' }, { column_name: 'label' }]);
      // The rows carry the shard's database name, as Vitess returns vttablet's.
      const [schemas] = await router.query("select distinct table_schema = database() as own from information_schema.tables where table_schema = 'ks'");
      expect(schemas).toEqual([{ own: 1 }]);
    });
    it('answers a schema that is no keyspace as that shard does', async () => {
      const [rows] = await router.query("select table_name from information_schema.tables where table_schema = 'no_such_schema'");
      expect(rows).toEqual([]);
      const [sys] = await router.query("select distinct table_schema from information_schema.tables where table_schema = 'information_schema'");
      expect(sys).toEqual([{ table_schema: 'information_schema' }]);
    });
  });

  describe('writes', () => {
    it('inserts the rows of a SELECT across shards', async () => {
      const [h] = await router.query('insert into t (id, name, price, big, grp) select id + 100, label, null, null, 9 from u');
      await oracle.query('insert into t (id, name, price, big, grp) select id + 100, label, null, null, 9 from u');
      expect(h).toMatchObject({ affectedRows: 4 });
      await same('select id, name, grp from t where grp = 9 order by id');
    });
    it('deletes with ORDER BY and LIMIT (DML with input)', async () => {
      const [h] = await router.query('delete from t where grp = 9 order by id desc limit 2');
      await oracle.query('delete from t where grp = 9 order by id desc limit 2');
      expect(h).toMatchObject({ affectedRows: 2 });
      await same('select id from t order by id');
    });
  });

  describe('guardrails', () => {
    it('fails with ENGINE_MEMORY_LIMIT past maxMemoryRows', async () => {
      const small = createRouter({ vschema: router.vschema, topology: createShardPools({
        ks: { '-80': { primary: pools[0]! }, '80-': { primary: pools[1]! } }, uks: { '0': { primary: pools[2]! } },
      }), maxMemoryRows: 2 });
      await expect(small.query('select grp, count(*) from t group by grp order by count(*)')).rejects.toMatchObject({ code: 'ENGINE_MEMORY_LIMIT' });
    });
    it('rejects a non-positive maxMemoryRows', () => {
      expect(() => createRouter({ vschema: router.vschema, topology: createShardPools({ ks: { '-80': { primary: pools[0]! }, '80-': { primary: pools[1]! } }, uks: { '0': { primary: pools[2]! } } }), maxMemoryRows: 0 }))
        .toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
    });
  });
});
