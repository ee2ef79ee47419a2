/**
 * Schema tracking on MariaDB: the keys and the columns (Vitess types, collations, invisible
 * columns) of the first shard's tables, and the columns merged into the VSchema as Vitess's
 * vtgate merges them (authoritative from then on, a VSchema's own authoritative list kept).
 */
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShardPools } from '../../src/executor/shard-pools.js';
import { trackSchema, vitessType } from '../../src/executor/schema-tracking.js';
import { Planner } from '../../src/planner/planner.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { withTrackedColumns } from '../../src/vschema/tracked-columns.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster } from '../support/mariadb.js';

const vschemaSpec = {
  keyspaces: {
    ks: {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: {
        t: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        declared: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'id', type: 'INT64' }], column_list_authoritative: true },
      },
    },
  },
};

describe('vitessType', () => {
  it('names MySQL column types as Vitess does', () => {
    expect(vitessType('bigint', 'bigint(20)')).toBe('INT64');
    expect(vitessType('bigint', 'bigint(20) unsigned')).toBe('UINT64');
    expect(vitessType('int', 'int(11)')).toBe('INT32');
    expect(vitessType('decimal', 'decimal(12,2)')).toBe('DECIMAL');
    expect(vitessType('varchar', 'varchar(20)')).toBe('VARCHAR');
    expect(vitessType('longtext', 'longtext')).toBe('TEXT');
    expect(vitessType('datetime', 'datetime')).toBe('DATETIME');
    // Sorted by member position, not by text: left to the shards.
    expect(vitessType('enum', "enum('b','a')")).toBeNull();
  });
});

describe('withTrackedColumns', () => {
  it('makes tracked tables authoritative and keeps a VSchema list that already is', () => {
    const vschema = loadVSchema(vschemaSpec);
    const column = (name: string, type: string) => ({ name, type, invisible: false, default: null, collationName: null, size: null, scale: null, nullable: true, values: [] });
    const merged = withTrackedColumns(vschema, [
      { keyspace: 'ks', table: 't', columns: [column('id', 'INT64'), column('name', 'VARCHAR')] },
      { keyspace: 'ks', table: 'declared', columns: [column('id', 'INT64'), column('other', 'INT64')] },
      { keyspace: 'ks', table: 'unknown', columns: [column('id', 'INT64')] },
    ]);
    const t = merged.keyspaces.get('ks')!.tables.get('t')!;
    expect(t.columnListAuthoritative).toBe(true);
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(merged.keyspaces.get('ks')!.tables.get('declared')!.columns.map((c) => c.name)).toEqual(['id']);
    expect(merged.keyspaces.get('ks')!.tables.has('unknown')).toBe(false);
    expect(merged.globalTables.get('t')).toEqual({ kind: 'table', table: t });
    // The original is untouched, and nothing tracked gives the same VSchema back.
    expect(vschema.keyspaces.get('ks')!.tables.get('t')!.columnListAuthoritative).toBe(false);
    expect(withTrackedColumns(vschema, [])).toBe(vschema);
  });
});

describe.skipIf(skipWithoutDatabase())('trackSchema on MariaDB', () => {
  let cluster: DbCluster;
  const pools: Pool[] = [];

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 1 });
    const server = cluster.servers[0]!;
    for (const base of ['ks_low', 'ks_high']) {
      const db = uniqueDbName(base);
      await server.createDatabase(db);
      const pool = server.pool(db, { connectionLimit: 2 });
      pools.push(pool);
      await pool.query('create table t (id bigint primary key, name varchar(20) collate utf8mb4_bin, price decimal(12,2) unsigned, secret int invisible, unique key (name)) default charset utf8mb4');
      await pool.query('create view v as select id from t');
    }
  });
  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    await cluster?.stop();
  });

  it('reads keys and typed columns from the first shard, without views', async () => {
    const vschema = loadVSchema(vschemaSpec);
    const topology = createShardPools({ ks: { '-80': { primary: pools[0]! }, '80-': { primary: pools[1]! } } });
    const tracked = await trackSchema(topology, vschema);
    expect(tracked.primaryKeys).toEqual([{ table: { keyspace: 'ks', table: 't' }, columns: ['id'] }]);
    expect(tracked.uniqueKeys).toEqual([{ table: { keyspace: 'ks', table: 't' }, columns: ['name'] }]);
    expect(tracked.trackedColumns.map((t) => t.table)).toEqual(['t']);
    expect(tracked.trackedColumns[0]!.columns.map((c) => [c.name, c.type, c.collationName, c.invisible, c.size, c.scale])).toEqual([
      ['id', 'INT64', null, false, 20, null],
      ['name', 'VARCHAR', 'utf8mb4_bin', false, 20, null],
      ['price', 'DECIMAL', null, false, 12, 2],
      ['secret', 'INT32', null, true, 11, null],
    ]);
    // The planner expands `*` with the visible columns and compares typed values without weight strings.
    const planner = new Planner(vschema, tracked);
    const route = planner.plan('select * from t order by name').instructions as { query: string };
    expect(route.query).toBe('select id, `name`, price from t order by `name` asc');
  });
});
