/**
 * Horizon planning added on top of routing: `*` expansion, USING joins, ApplyJoin columns over
 * both legs, pulled-out subqueries under a join leg, avg() and expressions over aggregates
 * across shards, and the errors Vitess raises where it needs schema information it lacks.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import { thrown } from '../support/thrown.js';
import { plan, routes } from './helpers.js';

const query = (sql: string, i = 0): string => {
  const out: string[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const r = o as Record<string, unknown>;
    if (r['kind'] === 'Route') out.push(String(r['query']));
    for (const [k, v] of Object.entries(r)) if (k !== 'keyspace' && k !== 'table' && k !== 'tables') visit(v);
  };
  visit(plan(sql).instructions);
  return out[i] ?? '';
};

describe('star expansion', () => {
  it('expands * over authoritative tables and derived tables, qualified when several tables', () => {
    expect(query('select * from authoritative order by col1')).toBe('select user_id, col1, col2 from authoritative order by col1 asc');
    expect(query('select * from authoritative a join authoritative b on a.user_id = b.user_id')).toContain('select a.user_id, a.col1, a.col2, b.user_id, b.col1, b.col2 from');
  });

  it('lists a USING column once and joins on it', () => {
    expect(routes('select * from authoritative join unsharded_authoritative using(col1)')).toEqual(['Route Scatter user', 'Route Unsharded main']);
    expect(query('select * from authoritative join unsharded_authoritative using(col1)', 1)).toContain('unsharded_authoritative.col1 = :authoritative_col1');
  });

  it('needs schema tracking where a * or a USING column of unknown tables must be split', () => {
    expect(thrown(PlannerError, () => plan('select * from user join unsharded')).message).toBe('VT09015: schema tracking required');
    expect(thrown(PlannerError, () => plan('select user.id from user join user_extra using(id) join music using(id2)')).message).toBe('VT09015: schema tracking required');
    expect(thrown(PlannerError, () => plan('select * from music where id = 1 union select * from user where id = 1')).message).toBe('VT09015: schema tracking required');
  });
});

describe('joins and subqueries', () => {
  it('computes an expression over both legs on the right leg, with the left columns as join variables', () => {
    // MAX compares values of unknown type: by their weight string, computed on the same leg.
    expect(query('select max(u.foo*ue.bar) from user u join user_extra ue', 1)).toBe('select :u_foo * ue.bar, weight_string(:u_foo * ue.bar) from user_extra as ue');
    expect(routes('select u.foo, ue.foo as apa from user u, user_extra ue order by foo')).toEqual(['Route Scatter user', 'Route Scatter user']);
  });

  it('wraps the leg that reads a pulled-out subquery value', () => {
    const op = plan('select u.id, e.id, (select col from user) from user u join user_extra e where e.id = u.col limit 10').instructions;
    expect(op).toMatchObject({ kind: 'Limit', input: { kind: 'Join', left: { kind: 'UncorrelatedSubquery', variant: 'PulloutValue' } } });
  });

  it('rejects what Vitess rejects', () => {
    expect(thrown(PlannerError, () => plan('select * from user, lateral (select * from user_extra where user_id = user.id) t')).message).toBe('VT12001: unsupported: lateral derived tables');
    expect(thrown(PlannerError, () => plan('select group_concat(user.col1, music.col2) x from user join music on user.col = music.col')).message).toBe('VT12001: unsupported: group_concat with more than 1 column');
    expect(thrown(PlannerError, () => plan("select col, trim((select user_name from user where col = 'a')) val from user_extra where user_id = 3 group by col order by val")).message).toBe(
      'VT12001: unsupported: subquery with aggregation in order by',
    );
  });
});

describe('aggregates vtgate finishes', () => {
  it('splits avg() into sum and count merged across shards, divided by a Projection', () => {
    const op = plan('select avg(intcol) as avg_col from user group by textcol1').instructions;
    expect(op).toMatchObject({
      kind: 'SimpleProjection',
      columns: [0],
      input: {
        kind: 'Projection',
        expressions: [':__col0 / :__col2 as avg_col', ':__col1 as textcol1', ':__col2 as count(intcol)'],
        input: {
          kind: 'Aggregate',
          aggregates: [{ opcode: 'sum', col: 0 }, { opcode: 'sum_count', col: 2 }],
          groupBy: [{ col: 1, weightStringCol: -1, collation: 'latin1_swedish_ci' }],
        },
      },
    });
    expect(query('select avg(intcol) as avg_col from user group by textcol1')).toContain('select sum(intcol) as avg_col, textcol1, count(intcol) from `user`');
  });

  it('computes an expression over aggregates from its parts', () => {
    const op = plan('select 2 / avg(id) from user').instructions;
    expect(op).toMatchObject({ kind: 'SimpleProjection', input: { kind: 'Projection', expressions: ['2 / (:__col0 / :__col1) as 2 / avg(id)', ':__col1 as count(id)'] } });
  });
});

describe('semi joins', () => {
  it('runs a correlated EXISTS across routes as a SemiJoin, the correlated columns bound and routing the subquery', () => {
    const sql = 'select 1 from unsharded join user u1 where exists (select 1 from unsharded u2 where u1.bar = u2.baz)';
    expect(routes(sql)).toEqual(['Route Unsharded main', 'Route Scatter user', 'Route Unsharded main']);
    expect(plan(sql).instructions).toMatchObject({ kind: 'Join', right: { kind: 'SemiJoin', vars: { u1_bar: 0 }, columns: [] } });
    expect(query(sql, 2)).toBe('select 1 from unsharded as u2 where u2.baz = :u1_bar limit 1');
    expect(routes('select count(*) from user u where exists (select 1 from music m where m.user_id = u.col)')[1]).toBe('Route EqualUnique user user_index [:u_col]');
  });
});

describe('derived tables joined across routes', () => {
  it('joins the tables of a derived join with the outer tables, in FROM order, outer predicates routing them', () => {
    expect(routes('select t.col1 from unsharded_a ua join (select user.id, user.col1 from user join user_extra) as t on t.id = ua.id')).toEqual([
      'Route Unsharded main',
      'Route EqualUnique user user_index [:ua_id]',
      'Route Scatter user',
    ]);
    expect(routes('select t.col1 from (select user.id, user.col1 from user join user_extra) as t join unsharded on unsharded.col1 = t.col1 and unsharded.id = t.id')).toEqual([
      'Route Scatter user',
      'Route Scatter user',
      'Route Unsharded main',
    ]);
    expect(routes('with t as (select user.id, user.col from user join user_extra) select id from t where id=5')).toEqual(['Route EqualUnique user user_index [5]', 'Route Scatter user']);
  });

  it('reads a derived column through to the expression it selects, keeping its name', () => {
    expect(query('select t.col1 from (select user.id, user.col1 from user join user_extra) as t join unsharded on unsharded.col1 = t.col1 and unsharded.id = t.id', 2)).toBe(
      'select 1 from unsharded where unsharded.col1 = :user_col1 and unsharded.id = :user_id',
    );
  });
});
