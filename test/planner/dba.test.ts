/**
 * DBA routes (information_schema) as Vitess plans them: the system table keeps its schema in the
 * shard query, the compared schema and table names are sent as bind variables
 * (`:__vtschemaname`, `:table_name`) next to the values the route routes with, and a comparison
 * with database() is left for the shard to answer.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/planner/plan.js';
import { printValue } from '../../src/planner/values.js';
import { plan } from './helpers.js';

const route = (sql: string, target = ''): Route => plan(sql, target).instructions as Route;

describe('DBA routes', () => {
  it('sends the compared schema and table names as bind variables, with their values to route by', () => {
    const r = route("select table_name from information_schema.tables where table_schema = 'user' and table_name = 'music'");
    expect(r.variant).toBe('DBA');
    expect(r.query).toBe('select `table_name` from information_schema.`tables` where table_schema = :__vtschemaname and `table_name` = :table_name');
    expect([r.sysTableSchema, r.sysTableName]).toEqual(["['user']", "[table_name:'music']"]);
    expect(r.dba!.schemas.map(printValue)).toEqual(["'user'"]);
    expect(r.dba!.tableNames.map(([k, v]) => `${k}=${printValue(v)}`)).toEqual(["table_name='music'"]);
  });

  it('leaves database() to the shard and qualifies tables a `use information_schema` session names bare', () => {
    expect(route('select table_name from information_schema.tables where table_schema = database()').query).toBe(
      'select `table_name` from information_schema.`tables` where table_schema = database()',
    );
    expect(route("select table_name from tables where table_schema = 'user'", 'information_schema').query).toBe(
      'select `table_name` from information_schema.`tables` where table_schema = :__vtschemaname',
    );
  });
});

describe('UNION routes that reach no shard', () => {
  it('still run on one shard when a part reads only reference tables or no table', () => {
    expect(route('select col from ref union select name from user where id is null').answersWithoutRows).toBe(true);
    expect(route('select 1 from dual union all select name from user where id = 1').answersWithoutRows).toBe(true);
    expect(route('select name from user where id = 1 union select name from user where id = 1').answersWithoutRows).toBe(false);
  });
});
