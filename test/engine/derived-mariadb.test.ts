/**
 * Derived tables, CTEs and DISTINCT that vtgate finishes, through the router over two MariaDB
 * servers, against one server holding all the rows: a derived table with LIMIT or aggregation
 * joined at vtgate (either side, LEFT JOIN included, aggregated over), DISTINCT over a join
 * (text compared case-insensitively, as utf8mb4_general_ci does), and recursive CTEs whose
 * recursive part joins a sharded table (RecurseCTE), as the Vitess e2e suites exercise them.
 */
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShardPools } from '../../src/executor/shard-pools.js';
import { trackSchema } from '../../src/executor/schema-tracking.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const POOL = { supportBigNumbers: true, bigNumberStrings: false, connectionLimit: 4 } as const;
const TABLES = [
  'create table emp (id bigint primary key, name varchar(32), manager_id bigint)',
  'create table t1 (t1_id bigint primary key, name varchar(32), value varchar(32), shardkey bigint)',
  'create table t2 (id bigint primary key, shardkey bigint)',
];
const EMP: (string | number | null)[][] = [[1, 'CEO', null], [2, 'CTO', 1], [3, 'CFO', 1], [4, 'Engineer1', 2], [5, 'engineer1', 2], [6, 'Accountant1', 3], [7, 'Accountant2', 3]];
const T1: (string | number | null)[][] = [[1, 'a1', 'foo', 100], [2, 'b1', 'foo', 200], [3, 'c1', 'foo', 300], [4, 'a1', 'foo', 400], [5, 'd1', 'toto', 200], [6, 'C1', 'tata', 893], [7, 'a1', 'titi', 2380], [8, 'b1', 'tete', 12833], [9, 'e1', 'yoyo', 783493]];
const T2: (string | number | null)[][] = [[1, 100], [2, 10], [3, 0], [5, 200], [9, 1]];

describe.skipIf(skipWithoutDatabase())('engine: derived tables, DISTINCT and recursive CTEs vtgate finishes', () => {
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
      pools.push(pool);
      for (const t of TABLES) await pool.query(t);
      return pool;
    };
    const low = await open(s0, 'ks_low');
    const high = await open(s1, 'ks_high');
    oracle = await open(s1, 'oracle');
    const hashed = (column: string) => ({ column_vindexes: [{ column, name: 'hash' }] });
    const vschema = loadVSchema({ keyspaces: { ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { emp: hashed('id'), t1: hashed('t1_id'), t2: hashed('id') } } } });
    const topology = createShardPools({ ks: { '-80': { primary: low }, '80-': { primary: high } } });
    router = createRouter({ vschema, topology, planner: await trackSchema(topology, vschema) });
    const load = async (sql: string, rows: readonly (string | number | null)[][]): Promise<void> => {
      for (const row of rows) {
        await router.query(sql, row);
        await oracle.query(sql, row);
      }
    };
    await load("insert into emp (id, name, manager_id) values (?, ?, ?)", EMP);
    await load('insert into t1 (t1_id, name, value, shardkey) values (?, ?, ?, ?)', T1);
    await load('insert into t2 (id, shardkey) values (?, ?)', T2);
    const [lowRows] = await low.query('select count(*) n from emp');
    const [highRows] = await high.query('select count(*) n from emp');
    expect((lowRows as { n: number }[])[0]!.n).toBeGreaterThan(0);
    expect((highRows as { n: number }[])[0]!.n).toBeGreaterThan(0);
  }, 120_000);

  afterAll(async () => {
    await router?.end();
    await Promise.allSettled(pools.map((p) => p.end()));
    await cluster?.stop();
  });

  interface FieldInfo { name: string; columnType: number }
  /** The router's rows and column types are the single server's (in its order when `ordered`). */
  const same = async (sql: string, ordered = false): Promise<unknown[]> => {
    const [got, gotFields] = await router.query(sql);
    const [want, wantFields] = await oracle.query(sql);
    const key = (rows: unknown): string[] => (rows as unknown[]).map((r) => JSON.stringify(r));
    if (ordered) expect(got).toEqual(want);
    else expect(key(got).sort()).toEqual(key(want).sort());
    const types = (f: unknown): [string, number][] => (f as FieldInfo[]).map((x) => [x.name, x.columnType]);
    expect(types(gotFields)).toEqual(types(wantFields));
    return got as unknown[];
  };

  describe('a derived table with LIMIT joined at vtgate (TestAggregateLeftJoin, TestDerivedTablesWithLimit)', () => {
    const left = 'FROM t1 LEFT JOIN (select id, shardkey from t2 limit 100) as t2 ON t1.t1_id = t2.id';
    it.each([
      `SELECT count(t1.shardkey) ${left} group by t1.t1_id`,
      `SELECT count(t2.shardkey) ${left} group by t1.value`,
      `SELECT sum(t2.shardkey) ${left} group by t2.id`,
      `SELECT avg(t2.shardkey) ${left} group by t1.shardkey`,
      `SELECT count(*) ${left} group by t2.shardkey`,
    ])('aggregates the rows of %s', async (sql) => {
      await same(sql);
    });

    it('keeps the outer rows without a match, and joins two derived tables', async () => {
      const rows = await same('SELECT t1.t1_id, t2.id FROM t1 LEFT JOIN (SELECT id, shardkey FROM t2 LIMIT 10) as t2 on t1.t1_id = t2.id');
      expect(rows.length).toBe(T1.length);
      await same('SELECT a.t1_id, b.id FROM (SELECT t1_id, name FROM t1 LIMIT 10) AS a JOIN (SELECT id, shardkey FROM t2 LIMIT 10) as b on a.t1_id = b.id');
      await same('select t1.t1_id from t1 join (select id, shardkey from t2 order by id limit 2) as d on t1.t1_id = d.id');
    });

    it('joins an aggregated derived table on a grouping column or on an aggregate', async () => {
      await same('select t1.t1_id, d.n from t1 left join (select shardkey, count(*) as n from t1 group by shardkey) d on d.shardkey = t1.shardkey');
      await same('select t1.t1_id, d.n from t1 join (select value, count(*) as n from t1 group by value) d on d.n = t1.t1_id');
    });
  });

  describe('DISTINCT over tables joined at vtgate', () => {
    it('removes duplicates across the legs, comparing text as the column collation does', async () => {
      // Engineer1 and engineer1 are one value under utf8mb4_general_ci: either may be the one kept.
      const sql = 'select distinct e.name from emp e join emp m on e.manager_id = m.id where m.name = \'CTO\'';
      const [rows] = await router.query(sql);
      const [want] = await oracle.query(sql);
      expect((rows as { name: string }[]).map((r) => r.name.toLowerCase())).toEqual((want as { name: string }[]).map((r) => r.name.toLowerCase()));
      expect((rows as unknown[]).length).toBe(1);
      await same('select distinct t1.value, t2.shardkey from t1 join t2 on t1.shardkey = t2.shardkey');
      await same('select distinct t1.name from t1 join t2 on t1.shardkey = t2.shardkey order by t1.name', true);
      await same('select distinct concat(t1.value, t2.shardkey) as v from t1 join t2 on t1.shardkey = t2.shardkey');
    });
  });

  describe('column names and NULL-extended rows', () => {
    it('finishes a DISTINCT derived table across shards before counting, limiting or joining its rows', async () => {
      // a1 and b1 live on both shards: each shard's DISTINCT keeps its own copy, so the rows must be
      // made distinct at vtgate before they are counted (one server counts 5 names: c1 and C1 are one).
      const [count] = await same('select count(*) as n from (select distinct name from t1) t');
      expect(count).toEqual({ n: 5 });
      await same('select count(*) from (select distinct value from t1) t where t.value like \'t%\'');
      const limited = await same('select t.name from (select distinct name from t1 where name = \'a1\') t limit 5');
      expect(limited.length).toBe(1);
      await same('select t.name, t2.id from (select distinct name from t1) t join t2 on t2.id = length(t.name)');
      await same('select t1_id from t1 where shardkey in (select count(*) * 100 from (select distinct name from t1) t)');
      // A DISTINCT over a unique vindex column is exact on each shard: counted there.
      await same('select count(*) from (select distinct t1_id from t1) t');
    });

    it('names the columns of a join at vtgate by their aliases (legs select `expr as alias`)', async () => {
      await same('select t1.value as a, t2.id as b, t2.shardkey from t1 join t2 on t1.shardkey = t2.shardkey');
      await same('select t1.shardkey as t1_key, t2.shardkey from t1 join t2 on t1.value = \'foo\' and t2.id = 1');
    });

    it('names the columns of a derived table vtgate finishes by the outer aliases and the CTE column list', async () => {
      await same('select d.s as c0, max(d.v) as c1 from (select value as v, sum(shardkey) as s from t1 group by value) d group by d.s');
      await same('select d.v as x, d.s from (select value as v, sum(shardkey) as s from t1 group by value) d');
      await same('with d(a, b) as (select value, count(*) from t1 group by value) select a, b from d');
    });

    it('computes what is not NULL over NULLs above a LEFT JOIN, for outer rows without a match', async () => {
      await same('select t1.t1_id, coalesce(t2.id, 0) as c, if(t2.id is null, \'none\', \'some\') as missing from t1 left join t2 on t1.shardkey = t2.shardkey');
      await same('select sum(coalesce(t2.id, 5)) as s from t1 left join t2 on t1.shardkey = t2.shardkey');
    });
  });

  describe('subqueries over rows vtgate produces', () => {
    it('filters a derived table vtgate finishes, and the inner side of a LEFT JOIN, by a subquery run first', async () => {
      await same('select d.value, d.n from (select value, count(*) as n from t1 group by value) d where d.value in (select value from t1 where shardkey > 300) and d.n > (select count(*) from t2 where id > 4)');
      await same('select t1.t1_id from t1 left join t2 on t1.shardkey = t2.shardkey where t2.id in (select t1_id from t1 where value = \'foo\')');
      await same('select (select count(*) from t2) as n, d.k + (select max(id) from t2) as m from (select shardkey as k from t1 order by t1_id limit 3) d');
      await same('select t1.t1_id from t1 left join t2 on t1.shardkey = t2.shardkey where t2.id not in (select t1_id from t1 where value = \'none\')');
    });
  });

  describe('recursive CTEs (vitess_tester cte suite)', () => {
    const hierarchy =
      'WITH RECURSIVE emp_cte AS (SELECT id, name, manager_id, 1 AS level FROM emp WHERE manager_id IS NULL UNION ALL SELECT e.id, e.name, e.manager_id, cte.level + 1 FROM emp e INNER JOIN emp_cte cte ON e.manager_id = cte.id)';

    it('walks a hierarchy whose recursive part joins the sharded table', async () => {
      const rows = await same(`${hierarchy} SELECT * FROM emp_cte`);
      expect(rows.length).toBe(EMP.length);
      await same(`${hierarchy} SELECT manager_id, COUNT(*) AS employee_count FROM emp_cte GROUP BY manager_id`);
      await same(`${hierarchy} SELECT id, name FROM emp_cte WHERE level = 3 ORDER BY id`, true);
    });

    it('joins the CTE rows with a table at vtgate', async () => {
      await same(`${hierarchy} SELECT c.id, c.name, c.level, m.name AS manager FROM emp_cte c LEFT JOIN emp m ON c.manager_id = m.id`);
    });

    it('routes the recursive part by a value computed from the previous row (`e.id = cte.id + 1`)', async () => {
      // The term's route is EqualUnique on `:cte_id + 1`: vtgate evaluates it per row to find the shard.
      const sql = 'WITH RECURSIVE chain AS (SELECT id, name FROM emp WHERE id = 1 UNION ALL SELECT e.id, e.name FROM emp e JOIN chain c ON e.id = c.id + 1 WHERE c.id < 6) SELECT * FROM chain';
      const rows = await same(sql);
      expect(rows.length).toBe(6);
    });

    it('runs a CTE of literals whole on one shard and joins it (its WITH goes with it)', async () => {
      const sql = 'WITH RECURSIVE literal_cte AS (SELECT 1 AS id, 100 AS value, 1 AS manager_id UNION ALL SELECT id + 1, value * 2, id FROM literal_cte WHERE id < 5) SELECT l.id, l.value, l.manager_id, e.name AS employee_name FROM literal_cte l LEFT JOIN emp e ON l.id = e.id';
      await same(sql);
    });
  });
});
