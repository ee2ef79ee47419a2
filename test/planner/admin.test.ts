/**
 * Statements vtgate handles by kind: FLUSH, ANALYZE and other admin statements, EXPLAIN / VEXPLAIN,
 * PREPARE / EXECUTE, LOCK TABLES, STREAM, online DDL migrations, database DDL and SET checks.
 */
import { describe, expect, it } from 'vitest';
import { TableResolutionError } from '../../src/errors.js';
import { PlannerError } from '../../src/planner/errors.js';
import type { Send } from '../../src/planner/plan.js';
import { MemorySession } from '../../src/planner/session/state.js';
import { parseSql } from '../../src/sql/parse.js';
import { thrown } from '../support/thrown.js';
import { plan, planner, routes } from './helpers.js';

const code = (sql: string, target = ''): string => thrown(PlannerError, () => plan(sql, target)).code;

describe('FLUSH', () => {
  it('sends options to every shard of the session keyspace, reprinted as Vitess prints them', () => {
    const p = plan('flush no_write_to_binlog hosts, logs', 'main');
    expect(p).toMatchObject({ type: 'Scatter', queryType: 'FLUSH', instructions: { kind: 'Send', targetDestination: 'AllShards()', query: 'flush local hosts, logs' } });
    expect(code('flush logs')).toBe('VT09005');
  });

  it('splits FLUSH TABLES per keyspace, each keyspace getting only its tables', () => {
    const p = plan('flush local tables user, unsharded_a, user_extra with read lock');
    expect(p.type).toBe('Complex');
    expect(p.tablesUsed).toEqual(['main.unsharded_a', 'user.user', 'user.user_extra']);
    expect((p.instructions as unknown as { inputs: Send[] }).inputs.map((s) => `${s.keyspace.name}: ${s.query}`)).toEqual([
      'main: flush local tables unsharded_a with read lock',
      'user: flush local tables `user`, user_extra with read lock',
    ]);
    expect(thrown(TableResolutionError, () => plan('flush tables user.a with read lock')).message).toBe('table a not found');
  });
});

describe('admin and read statements', () => {
  it('ANALYZE goes to every shard of the table keyspace; REPAIR / OPTIMIZE to any shard of the session keyspace', () => {
    expect(plan('analyze table main.t1')).toMatchObject({ type: 'Scatter', tablesUsed: ['t1'], instructions: { query: 'analyze table t1', targetDestination: 'AllShards()' } });
    expect(plan('repair table t1,t2 quick', 'main')).toMatchObject({ queryType: 'OTHER', instructions: { targetDestination: 'AnyShard()', query: 'repair table t1,t2 quick' } });
    expect(code('optimize table t1')).toBe('VT09005');
  });

  it('EXPLAIN runs on one shard of the single keyspace the query reads', () => {
    expect(plan('explain select 1, second_user.foo.id, foo.col from second_user.foo join user.user join user.music').instructions).toMatchObject({
      kind: 'Send',
      keyspace: { name: 'user' },
      query: 'explain select 1, foo.id, foo.col from `user` as foo join `user` join music',
    });
    expect(plan('describe information_schema.administrable_role_authorizations')).toMatchObject({ tablesUsed: ['main.administrable_role_authorizations'] });
    expect(code('explain select 1 from user.user join main.unsharded')).toBe('VT03031');
  });

  it('VEXPLAIN PLAN answers with the plan; ALL and QUERIES wrap it, and refuse to run DML', () => {
    const p = plan('vexplain plan select * from user');
    expect(p.instructions?.kind).toBe('Rows');
    expect(JSON.parse((p.instructions as unknown as { rows: string[][] }).rows[0]![0]!)).toMatchObject({ QueryType: 'SELECT', Instructions: { OperatorType: 'Route' } });
    expect(plan('vexplain all select * from user')).toMatchObject({ type: 'Scatter', instructions: { operatorType: 'VEXPLAIN' } });
    expect(code('vexplain queries delete from user')).toBe('VT09008');
  });

  it('ignores LOCK TABLES, plans UNLOCK TABLES, STREAM and migrations', () => {
    expect(plan('lock tables t low_priority write').instructions).toMatchObject({ kind: 'Rows', rows: [] });
    expect(plan('unlock tables').instructions).toMatchObject({ operatorType: 'UnlockTables' });
    expect(plan('stream * from music')).toMatchObject({ queryType: 'STREAM', instructions: { operatorType: 'MStream', fields: { Table: 'music' } } });
    expect(plan('alter vitess_migration cancel all', 'main').instructions).toMatchObject({ kind: 'Send', targetDestination: 'AllShards()', query: 'alter vitess_migration cancel all' });
    expect(plan("REVERT VITESS_MIGRATION 'abc'", 'main').instructions).toMatchObject({ operatorType: 'RevertMigration', fields: { Query: "revert vitess_migration 'abc'" } });
    expect(code("alter vitess_migration 'abc' complete", 'main@replica')).toBe('VT09006');
  });
});

describe('PREPARE / EXECUTE / DEALLOCATE PREPARE', () => {
  it('checks the statement at PREPARE and remembers it through the plan', () => {
    const session = new MemorySession();
    const p = planner.plan("prepare s from 'select * from user where id in (?, ?)'", { session });
    expect(p).toMatchObject({ queryType: 'PREPARE', tablesUsed: ['user.user'], sessionEffect: { kind: 'prepare', name: 's', statement: { paramCount: 2 } } });
    session.apply(p.sessionEffect);
    const e = planner.plan('execute s using @a, @b', { session });
    expect(e).toMatchObject({ queryType: 'EXECUTE', instructions: { operatorType: 'EXECUTE', fields: { Parameters: ['@a', '@b'] } } });
    expect(thrown(PlannerError, () => planner.plan('execute s using @a', { session })).code).toBe('VT03025');
    const d = planner.plan('deallocate prepare s', { session });
    session.apply(d.sessionEffect);
    expect(thrown(PlannerError, () => planner.plan('execute s', { session })).code).toBe('VT09011');
  });

  it('reads the statement from a user variable, which must be set', () => {
    const session = new MemorySession();
    expect(thrown(PlannerError, () => planner.plan('prepare s from @foo', { session })).message).toBe("VT03024: 'foo' user defined variable does not exists");
    session.setUserVariable('q', 'select 1 from user where id = ?');
    expect(planner.plan('prepare s from @q', { session }).sessionEffect).toMatchObject({ statement: { paramCount: 1 } });
  });

  it('parses the three forms', () => {
    expect(parseSql('drop prepare s')).toMatchObject({ kind: 'other', type: 'deallocate', prepared: { name: 's' } });
    expect(parseSql('EXECUTE S USING @`A`')).toMatchObject({ type: 'execute', prepared: { name: 's', using: ['a'] } });
    expect(() => parseSql('prepare s from 1')).toThrow();
  });
});

describe('database DDL', () => {
  it('drops an existing keyspace, accepts IF EXISTS no-ops and rejects unknown ones', () => {
    expect(plan('drop database if exists main', 'main').instructions).toMatchObject({ operatorType: 'DROPDB', fields: { Keyspace: { Name: 'main' } } });
    expect(plan('drop schema if exists foo', 'main').instructions).toMatchObject({ kind: 'Rows' });
    expect(thrown(PlannerError, () => plan('drop database foo', 'main')).message).toBe("VT05001: cannot drop database 'foo'; database does not exists");
    expect(code('alter database foo collate utf8', 'main')).toBe('VT05002');
    expect(code('alter database collate utf8', 'main')).toBe('VT12001');
    expect(code('create database main')).toBe('VT06001');
    expect(plan('create database newks').instructions).toMatchObject({ operatorType: 'CREATEDB' });
  });

  it('plans procedures as DDL, but not CREATE PROCEDURE in a sharded keyspace', () => {
    expect(plan('drop procedure if exists user.p1', 'main')).toMatchObject({ type: 'DirectDDL', tablesUsed: ['user.p1'] });
    expect(thrown(PlannerError, () => plan('create procedure user.p1 (in a CHAR(3)) begin select 1; end')).message).toBe(
      'VT12001: unsupported: CREATE PROCEDURE is not supported on sharded keyspaces',
    );
    expect(thrown(PlannerError, () => plan('rename table user_extra to main.b')).message).toBe("VT03002: changing schema from 'user' to 'main' is not allowed");
  });
});

describe('SET and USE', () => {
  it('rejects read-only and unsupported system settings', () => {
    expect(thrown(PlannerError, () => plan("set socket = ''")).message).toBe("VT03010: variable 'socket' is a read only variable");
    expect(thrown(PlannerError, () => plan('set @@ndbinfo_max_bytes = 192')).message).toBe('VT12001: unsupported: system setting: ndbinfo_max_bytes');
    expect(routes("set @foo = SOUNDEX('Hello')")).toEqual(['Send main AnyShard()']);
    expect((plan("set @foo = SOUNDEX('Hello')").instructions as unknown as { inputs: Send[] }).inputs[0]!.query).toBe("select SOUNDEX('Hello') from dual");
  });

  it('USE records any target: the session checks the keyspace when it applies it', () => {
    expect(plan('use `ks:-80@replica`').instructions).toMatchObject({ operatorType: 'UpdateTarget', fields: { target: 'ks:-80@replica' } });
  });
});
