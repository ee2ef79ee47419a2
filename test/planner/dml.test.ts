/**
 * INSERT, UPDATE and DELETE plans: the vindex values of every row, sequences, and the owned
 * lookup vindexes a statement must maintain.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import { autoIncrementText } from '../../src/planner/explain.js';
import type { Delete, Insert, Update } from '../../src/planner/plan.js';
import { printValue } from '../../src/planner/values.js';
import { thrown } from '../support/thrown.js';
import { plan, routes } from './helpers.js';

function insert(sql: string): Insert {
  const op = plan(sql).instructions;
  if (op?.kind !== 'Insert') throw new Error(`not an insert: ${op?.kind}`);
  return op;
}

const vindexValues = (op: Insert): Record<string, string> =>
  Object.fromEntries(op.vindexValues.map((v) => [v.vindex, v.columns.flatMap((rows) => rows.map(printValue)).join(', ')]));

describe('INSERT', () => {
  it('passes an unsharded insert through', () => {
    const op = insert('insert into unsharded values (1, 2)');
    expect(op).toMatchObject({ variant: 'Unsharded', keyspace: { name: 'main', sharded: false }, table: 'unsharded' });
    expect(plan('insert into unsharded values (1, 2)').type).toBe('Passthrough');
  });

  it('lists the value of every vindex column per row, null where the row gives none', () => {
    const op = insert('insert multicolvin (column_a, column_b, column_c, kid) VALUES (1,2,3,4), (5,6,7,8)');
    expect(op.variant).toBe('Sharded');
    expect(vindexValues(op)).toEqual({ kid_index: '4, 8', cola_map: '1, 5', colb_colc_map: '2, 6, 3, 7' });
  });

  it('takes auto-increment values from the sequence', () => {
    const op = insert('insert into user(id) values (1), (2)');
    expect(vindexValues(op)).toEqual({ user_index: ':__seq0, :__seq1', name_user_map: 'null, null', costly_map: 'null, null' });
    expect(autoIncrementText(op.autoIncrement!)).toBe('select next :n /* INT64 */ values from seq:Values::(1, 2)');
    const unsharded = insert("insert into unsharded_auto(val) values ('aa')");
    expect(autoIncrementText(unsharded.autoIncrement!)).toBe('select next :n /* INT64 */ values from seq:Values::(null)');
  });

  it('inserts the rows of a SELECT through vtgate, or passes it through in one unsharded keyspace', () => {
    const op = insert('insert into user_extra(user_id, col) select col1, col2 from unsharded_tab');
    expect(op).toMatchObject({ variant: 'Select', vindexOffsets: [{ vindex: 'user_index', offsets: [0] }], autoIncrement: { offset: 2 } });
    expect(routes('insert into user_extra(user_id, col) select col1, col2 from unsharded_tab')).toEqual(['Insert Select user', 'Route Unsharded main_2']);
    expect(insert('insert into unsharded select id from unsharded_auto').variant).toBe('Unsharded');
  });

  it('rejects what Vitess rejects, with its codes', () => {
    expect(thrown(PlannerError, () => plan('replace into user(id) values (1)')).message).toBe('VT12001: unsupported: REPLACE INTO with sharded keyspace');
    expect(thrown(PlannerError, () => plan('insert into user(one, two) values (1)')).code).toBe('VT03006');
    expect(thrown(PlannerError, () => plan('insert into music_extra(music_id, user_id) values(1, id)')).message).toBe(
      "cannot lookup column 'id' (column access not supported here)",
    );
    expect(thrown(PlannerError, () => plan('insert into user (id) values (@val := 42)')).message).toBe('VT12001: unsupported: Assignment expression');
  });
});

describe('UPDATE and DELETE', () => {
  it('route like a SELECT, through a lookup vindex directly', () => {
    expect(routes('update user set val = 1 where id = 1')).toEqual(['Update EqualUnique user user_index [1]']);
    expect(routes('delete from music where id = 1')).toEqual(['Delete EqualUnique user music_user_map [1]']);
    expect(routes('update user_extra set val = 1')).toEqual(['Update Scatter user']);
    expect(routes('delete from unsharded')).toEqual(['Delete Unsharded main']);
  });

  it('read the old values of owned lookup vindexes before a DELETE', () => {
    const op = plan('delete from user where id = 1').instructions as Delete;
    expect(op.ksidVindex).toBe('user_index');
    expect(op.ownedVindexQuery).toBe('select Id, `Name`, Costly from `user` where id = 1 for update');
    expect(plan('delete from user where id = 1').type).toBe('MultiShard');
  });

  it('name the lookup vindexes an UPDATE changes', () => {
    const op = plan('update user set name = null where id = 1').instructions as Update;
    expect(op.changedVindexes).toEqual([{ vindex: 'name_user_map', offset: 3 }]);
    expect(op.ownedVindexQuery).toBe('select Id, `Name`, Costly, `name` = null from `user` where id = 1 for update');
  });

  it('never change a primary vindex, and change lookups only to values', () => {
    expect(thrown(PlannerError, () => plan('update user set id = 1 where id = 1')).message).toBe(
      'VT12001: unsupported: you cannot UPDATE primary vindex columns; invalid update on vindex: user_index',
    );
    expect(thrown(PlannerError, () => plan('update music set id = id + 1 where id = 1')).message).toBe(
      'VT12001: unsupported: only values are supported; invalid update on column: `id` with expr: [id + 1]',
    );
  });

  it('write a reference table through its source', () => {
    expect(routes('delete from user.ref_with_source where col = 1')).toEqual(['Delete Unsharded main']);
    expect(plan('delete from user.ref_with_source where col = 1').tablesUsed).toEqual(['main.source_of_ref']);
  });

  it('run only on primary tablets', () => {
    expect(thrown(PlannerError, () => plan('update user set val = 1', 'user@replica')).message).toBe('VT09002: update statement with a replica target');
  });
});
