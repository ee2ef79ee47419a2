/** SHOW as Vitess plans it: to one shard of the right keyspace, or answered by vtgate from the VSchema or topology. */
import { describe, expect, it } from 'vitest';
import { TableResolutionError } from '../../src/errors.js';
import { PlannerError } from '../../src/planner/errors.js';
import type { Operator, Rows, Send } from '../../src/planner/plan.js';
import { thrown } from '../support/thrown.js';
import { plan } from './helpers.js';

function sent(sql: string, target = 'main'): Send {
  let op = plan(sql, target).instructions as Operator;
  while (op.kind === 'Vtgate') op = op.inputs[0]!;
  if (op.kind !== 'Send') throw new Error(`expected a Send, got ${op.kind}`);
  return op;
}

function rowsOf(sql: string, target = 'main'): Rows {
  const op = plan(sql, target).instructions;
  if (op?.kind !== 'Rows') throw new Error(`expected Rows, got ${op?.kind}`);
  return op;
}

describe('SHOW sent to MySQL', () => {
  it('takes the keyspace qualifier out: a shard does not know its keyspace by that name', () => {
    expect(sent('show full columns from user.user_extra')).toMatchObject({ keyspace: { name: 'user' }, targetDestination: 'AnyShard()', query: 'show full columns from user_extra' });
    expect(sent('show full columns from user.unsharded from main').query).toBe('show full columns from unsharded');
    expect(sent('show table status from main').query).toBe('show table status');
    expect(sent('show create table user.user_extra')).toMatchObject({ keyspace: { name: 'user' }, query: 'show create table user_extra' });
  });

  it('follows routing rules to the physical table', () => {
    expect(sent('show full fields from `route1`', '')).toMatchObject({ keyspace: { name: 'user' }, query: 'show full columns from `user`' });
  });

  it('keeps system schemas, which every shard has', () => {
    expect(sent('show full columns from x.sys_config from sys', '')).toMatchObject({ keyspace: { name: 'main' }, query: 'show full columns from sys.sys_config' });
    expect(sent('show create table information_schema.tables').query).toBe('show create table information_schema.`tables`');
  });

  it('renames SHOW TABLES columns after the keyspace, and wraps SHOW VARIABLES so vtgate can answer its own', () => {
    const p = plan('show tables from user', 'main');
    expect(p.instructions).toMatchObject({ kind: 'Vtgate', operatorType: 'RenameFields', fields: { Columns: ['Tables_in_user'] } });
    expect(sent('show tables from user').query).toBe('show tables');
    expect(plan('show global variables', 'main').instructions).toMatchObject({ operatorType: 'ReplaceVariables' });
  });

  it('sends VITESS_MIGRATIONS and GTID queries to every shard', () => {
    expect(sent('show vitess_migrations from user where id = 5')).toMatchObject({ targetDestination: 'AllShards()', query: 'show vitess_migrations from `user` where id = 5' });
    expect(sent('show global gtid_executed from user')).toMatchObject({
      targetDestination: 'AllShards()',
      shardNameNeeded: true,
      query: "select 'user' as db_name, @@global.gtid_executed as gtid_executed, :__vt_shard as shard",
    });
    expect(plan('show global vgtid_executed', 'main').instructions).toMatchObject({ kind: 'Aggregate', aggregates: [{ opcode: 'vgtid' }] });
  });

  it('fails for unknown tables as Vitess does', () => {
    expect(thrown(TableResolutionError, () => plan('show full columns from user.unsharded', 'main')).message).toBe('table unsharded not found');
    expect(thrown(PlannerError, () => plan('show create table user.user_index', 'main')).code).toBe('VT05004');
  });
});

describe('SHOW answered by vtgate', () => {
  it('lists keyspaces and system schemas, filtered by LIKE', () => {
    const all = rowsOf('show databases').rows.map((r) => r[0]);
    expect(all).toEqual(expect.arrayContaining(['main', 'user', 'information_schema', 'mysql', 'sys', 'performance_schema']));
    expect(rowsOf("show databases like 'us%'").rows).toEqual([['user']]);
  });

  it('answers VSCHEMA TABLES / VINDEXES from the VSchema', () => {
    const tables = rowsOf('show vschema tables', 'user').rows.map((r) => r[0]);
    expect(tables).toContain('user_extra');
    expect(tables).toContain('dual');
    expect([...tables]).toEqual([...tables].sort());
    const vindexes = rowsOf('show vschema vindexes').rows;
    expect(vindexes).toContainEqual(['user', 'user_index', 'hash', '', 'user']);
    const onTable = rowsOf('show vschema vindexes on user.user').rows;
    expect(onTable[0]).toEqual(['Id', 'user_index', 'hash', '', 'user']);
    expect(thrown(PlannerError, () => plan('show vschema vindexes on user.nope', 'main')).code).toBe('VT05005');
  });

  it('answers CHARSET with utf8 and utf8mb4 only', () => {
    expect(rowsOf('show charset').rows.map((r) => r[0])).toEqual(['utf8', 'utf8mb4']);
    expect(rowsOf("show charset where charset = 'utf8mb4'").rows.map((r) => r[0])).toEqual(['utf8mb4']);
    expect(rowsOf("show charset like 'latin%'").rows).toEqual([]);
  });

  it('leaves topology questions to the executor (ShowExec) and warnings to the session', () => {
    expect(plan("show vitess_tablets like '-2%'", 'main')).toMatchObject({ type: 'Local', instructions: { operatorType: 'ShowExec', variant: 'vitess_tablets', fields: { Filter: "like '-2%'" } } });
    expect(plan('show warnings', 'main').instructions).toMatchObject({ operatorType: 'SHOW WARNINGS' });
    expect(plan("show transaction status for 'ks:-80:abc'", 'main')).toMatchObject({ type: 'MultiShard', instructions: { operatorType: 'TransactionStatus', fields: { TransactionID: 'ks:-80:abc' } } });
  });
});
