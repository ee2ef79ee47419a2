/** Selecting from a vindex as a table (Vitess's VindexFunc). */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import { explainOperator } from '../../src/planner/explain.js';
import type { Operator } from '../../src/planner/plan.js';
import { printValue } from '../../src/planner/values.js';
import { thrown } from '../support/thrown.js';
import { plan } from './helpers.js';

const message = (sql: string): string => thrown(PlannerError, () => plan(sql)).message;

describe('VindexFunc', () => {
  it('maps the ids through the vindex at vtgate', () => {
    const p = plan('select id, keyspace_id, shard from user_index where id = :id');
    expect(p).toMatchObject({ type: 'Local', tablesUsed: ['user_index'], instructions: { kind: 'VindexFunc', variant: 'VindexMap', vindex: 'user_index', columns: [0, 1, 5] } });
    expect(explainOperator(p.instructions as Operator)).toMatchObject({ OperatorType: 'VindexFunc', Value: ':id', Vindex: 'user_index' });
    const all = plan('select * from user_index where id in (1, 2)').instructions as Extract<Operator, { kind: 'VindexFunc' }>;
    expect(all.columns).toEqual([0, 1, 2, 3, 4, 5]);
    expect(printValue(all.value)).toBe('(1, 2)');
  });

  it('joins with a route, passing the vindex columns the other side compares with', () => {
    const p = plan('select user_index.keyspace_id, unsharded.id from user_index join unsharded where user_index.id = :id and unsharded.id = user_index.id');
    expect(p.type).toBe('Join');
    expect(p.instructions).toMatchObject({ kind: 'Join', vars: { user_index_id: 1 }, left: { kind: 'VindexFunc', columns: [1, 0] }, right: { kind: 'Route', variant: 'Unsharded' } });
    expect(plan('select user_index.keyspace_id, unsharded.id from unsharded join user_index where user_index.id = :id').instructions).toMatchObject({
      left: { kind: 'Route' },
      right: { kind: 'VindexFunc' },
    });
  });

  it("enforces Vitess's form of the WHERE clause and select list", () => {
    const wrong = 'VT09018: WHERE clause for vindex function must be of the form id = <val> or id in(<val>,...)';
    expect(message('select keyspace_id from user_index where func(id)')).toBe(`${wrong} (not a comparison)`);
    expect(message('select keyspace_id from user_index where id > 1')).toBe(`${wrong} (not equality)`);
    expect(message('select keyspace_id from user_index where 1 = id')).toBe(`${wrong} (lhs is not a column)`);
    expect(message('select keyspace_id from user_index where keyspace_id = 1')).toBe(`${wrong} (lhs is not id)`);
    expect(message('select keyspace_id from user_index where id = 1 and id = 2')).toBe(`${wrong} (multiple filters)`);
    expect(message('select id from user where exists(select keyspace_id from user_index)')).toBe(`${wrong} (where clause missing)`);
    expect(message('select func(keyspace_id) from user_index where id = :id')).toBe("VT09018: cannot add 'func(keyspace_id)' expression to a table/vindex");
    expect(message('select none from user_index where id = :id')).toBe("column '`none`' not found in table 'user_index'");
  });
});
