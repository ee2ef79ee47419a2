/**
 * SQL_CALC_FOUND_ROWS as Vitess plans it: with a LIMIT, the statement and a count of all its rows
 * (count(*) over the same FROM/WHERE, or over the statement as a derived table when it groups);
 * without one the option is dropped. FOUND_ROWS() is answered at vtgate from the session.
 */
import { describe, expect, it } from 'vitest';
import { explainPlan } from '../../src/planner/explain.js';
import type { Operator } from '../../src/planner/plan.js';
import { PlannerError } from '../../src/planner/errors.js';
import { thrown } from '../support/thrown.js';
import { plan, routes } from './helpers.js';

const queries = (op: Operator | null): string[] => {
  const out: string[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const r = o as Record<string, unknown>;
    if (r['kind'] === 'Route') out.push(String(r['query']));
    for (const [k, v] of Object.entries(r)) if (k !== 'keyspace' && k !== 'table' && k !== 'tables') visit(v);
  };
  visit(op);
  return out;
};

describe('SQL_CALC_FOUND_ROWS', () => {
  it('plans the limited statement and a count of every row', () => {
    const p = plan('select sql_calc_found_rows id from user where col = 5 order by id limit 2');
    expect(p.type).toBe('Complex');
    expect(p.instructions).toMatchObject({ kind: 'SQL_CALC_FOUND_ROWS', limit: { kind: 'Limit' }, count: { kind: 'Aggregate', variant: 'Scalar' } });
    expect(queries(p.instructions)).toEqual([
      'select id, weight_string(id) from `user` where col = 5 order by id asc limit :__upper_limit',
      'select count(*) from `user` where col = 5',
    ]);
    expect((explainPlan(p).Instructions as { OperatorType: string }).OperatorType).toBe('SQL_CALC_FOUND_ROWS');
  });

  it('counts a grouped statement as a derived table', () => {
    const p = plan('select sql_calc_found_rows user_id, count(id) from music group by user_id having count(user_id) = 1 order by user_id limit 2');
    expect(routes('select sql_calc_found_rows user_id, count(id) from music group by user_id having count(user_id) = 1 order by user_id limit 2')).toEqual(['Route Scatter user', 'Route Scatter user']);
    expect(queries(p.instructions)[1]).toBe('select count(*) from (select user_id, count(id) from music group by user_id having count(user_id) = 1) as t');
  });

  it('counts a single-shard statement on its shard too', () => {
    const p = plan('select sql_calc_found_rows * from music where user_id = 1 limit 1');
    expect(routes('select sql_calc_found_rows * from music where user_id = 1 limit 1')).toEqual(['Route EqualUnique user user_index [1]', 'Route EqualUnique user user_index [1]']);
    expect(queries(p.instructions)).toEqual(['select * from music where user_id = 1 limit 1', 'select count(*) from music where user_id = 1']);
  });

  it('drops the option without a LIMIT, and rejects it where MySQL does', () => {
    const p = plan('select sql_calc_found_rows * from music where user_id = 1');
    expect(p.type).toBe('Passthrough');
    expect(queries(p.instructions)).toEqual(['select * from music where user_id = 1']);
    expect(thrown(PlannerError, () => plan('select sql_calc_found_rows * from (select sql_calc_found_rows * from music limit 10) t limit 1')).message).toBe(
      "Incorrect usage/placement of 'SQL_CALC_FOUND_ROWS'",
    );
  });

  it('answers FOUND_ROWS() at vtgate', () => {
    expect(plan('select found_rows()').instructions).toMatchObject({ kind: 'Projection', input: { kind: 'SingleRow' } });
  });
});
