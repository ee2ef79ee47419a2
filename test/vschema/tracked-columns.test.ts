/**
 * Schema tracking's column lists merged into the VSchema (withTrackedColumns): declared tables
 * become authoritative with the database's columns, so the planner can expand `*`.
 */
import { describe, expect, it } from 'vitest';
import { Planner } from '../../src/planner/planner.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { queryTypeOf, withTrackedColumns, type TrackedColumn } from '../../src/vschema/tracked-columns.js';

const col = (name: string, type: string | null, collation: string | null = null): TrackedColumn => ({ name, type, collation, size: null, scale: null, nullable: true });

const spec = {
  keyspaces: {
    ks: {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: {
        user: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'name', type: 'VARBINARY' }] },
        fixed: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'id', type: 'INT64' }], column_list_authoritative: true },
      },
    },
  },
};

describe('withTrackedColumns', () => {
  it('makes a declared table authoritative with the tracked columns in table order, keeping declared types', () => {
    const base = loadVSchema(spec);
    const tracked = withTrackedColumns(base, [{ keyspace: 'ks', table: 'user', columns: [col('id', 'INT64'), col('name', 'VARCHAR', 'utf8mb4_general_ci'), col('created', 'DATE')] }]);
    const user = tracked.keyspaces.get('ks')!.tables.get('user')!;
    expect(user.columnListAuthoritative).toBe(true);
    expect(user.columns.map((c) => [c.name, c.type])).toEqual([['id', 'INT64'], ['name', 'VARBINARY'], ['created', 'DATE']]);
    expect(tracked.version).toBeGreaterThan(base.version);
    expect(base.keyspaces.get('ks')!.tables.get('user')!.columnListAuthoritative).toBe(false);
  });

  it('leaves authoritative tables and undeclared tables alone', () => {
    const base = loadVSchema(spec);
    const same = withTrackedColumns(base, [
      { keyspace: 'ks', table: 'fixed', columns: [col('id', 'INT64'), col('extra', 'INT32')] },
      { keyspace: 'ks', table: 'not_in_vschema', columns: [col('a', 'INT32')] },
      { keyspace: 'other', table: 'user', columns: [col('a', 'INT32')] },
    ]);
    expect(same).toBe(base);
  });

  it('lets the planner expand * where vtgate must see the columns (VT09015 without it)', () => {
    const base = loadVSchema(spec);
    const sql = 'select * from user order by name';
    expect(() => new Planner(base).plan(sql, { target: 'ks' })).toThrow(/VT09015/);
    const tracked = withTrackedColumns(base, [{ keyspace: 'ks', table: 'user', columns: [col('id', 'INT64'), col('name', 'VARCHAR', 'utf8mb4_general_ci')] }]);
    const text = JSON.stringify(new Planner(tracked).explain(sql, { target: 'ks' }));
    expect(text).toContain('select id, `name`');
  });
});

describe('queryTypeOf', () => {
  it('maps information_schema types to query.Type names', () => {
    expect(queryTypeOf('int', 'int(11)')).toBe('INT32');
    expect(queryTypeOf('bigint', 'bigint(20) unsigned')).toBe('UINT64');
    expect(queryTypeOf('varchar', 'varchar(10)')).toBe('VARCHAR');
    expect(queryTypeOf('longtext', 'longtext')).toBe('TEXT');
    expect(queryTypeOf('decimal', 'decimal(10,2)')).toBe('DECIMAL');
    expect(queryTypeOf('json', 'json')).toBe('JSON');
    expect(queryTypeOf('inet6', 'inet6')).toBeNull();
  });
});
