/**
 * What vtgate does beyond routing: joins of routes that cannot merge, subqueries run first,
 * post-processing of multi-shard results, and statements vtgate handles itself.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import { explainOperator } from '../../src/planner/explain.js';
import type { Operator } from '../../src/planner/plan.js';
import { thrown } from '../support/thrown.js';
import { plan, routes } from './helpers.js';

/** `Op:Variant(children)` of a plan, as compare.py's shape signature. */
function shape(sql: string, target = ''): string {
  const op = plan(sql, target).instructions;
  if (!op) return 'null';
  const sig = (o: Record<string, unknown>): string => {
    const head = `${String(o['OperatorType'])}${o['Variant'] ? `:${String(o['Variant'])}` : ''}`;
    const kids = (o['Inputs'] as Record<string, unknown>[] | undefined) ?? [];
    return kids.length > 0 ? `${head}(${kids.map(sig).join(',')})` : head;
  };
  return sig(explainOperator(op as Operator) as Record<string, unknown>);
}

describe('joins at vtgate', () => {
  it('passes left columns to the right side as bind variables, which then route', () => {
    expect(routes('select unsharded.id from user join unsharded where unsharded.id = user.id')).toEqual([
      'Route Unsharded main',
      'Route EqualUnique user user_index [:unsharded_id]',
    ]);
    expect(plan('select unsharded.id from user join unsharded where unsharded.id = user.id').instructions).toMatchObject({
      kind: 'Join',
      variant: 'Join',
      vars: { unsharded_id: 0 },
    });
  });

  it('orders joins by cost, a vindex-routed right side first', () => {
    expect(routes('select u1.id from user u1 join user u2 where u2.id = 5')).toEqual(['Route Scatter user', 'Route EqualUnique user user_index [5]']);
    expect(shape('select user.col from user left join user_extra on user.col = user_extra.col')).toBe('Join:LeftJoin(Route:Scatter,Route:Scatter)');
  });

  it('sorts and limits joined rows at vtgate', () => {
    expect(shape('select u.foo, ue.bar from user u join user_extra ue on u.col = ue.col order by u.foo limit 5')).toBe(
      'Limit(Sort:Memory(Join:Join(Route:Scatter,Route:Scatter)))',
    );
  });
});

describe('subqueries run first', () => {
  it('pulls out an uncorrelated IN subquery; the outer query routes IN on its result', () => {
    expect(routes('select id from user where id in (select col from user)')).toEqual(['Route Scatter user', 'Route IN user user_index [::__sq1]']);
    expect(plan('select id from user where id in (select col from user)').instructions).toMatchObject({
      kind: 'UncorrelatedSubquery',
      variant: 'PulloutIn',
      vars: ['__sq_has_values', '__sq1'],
    });
  });

  it('routes on a scalar subquery value, and limits an EXISTS subquery to one row', () => {
    expect(routes('select id from user where id = (select col from user)')).toEqual(['Route Scatter user', 'Route EqualUnique user user_index [:__sq1]']);
    expect(shape('select id from user where exists (select col from user)')).toBe('UncorrelatedSubquery:PulloutExists(Limit(Route:Scatter),Route:Scatter)');
  });

  it('rejects a correlated subquery that cannot merge, as Vitess does', () => {
    expect(thrown(PlannerError, () => plan('select (select 1 from user u having count(ue.col) > 10) from user_extra ue')).message).toBe(
      'VT12001: unsupported: correlated subquery is only supported for EXISTS',
    );
  });
});

describe('post-processing of multi-shard results', () => {
  it('merges partial aggregates and sorted groups', () => {
    expect(shape('select count(*) from user')).toBe('Aggregate:Scalar(Route:Scatter)');
    expect(plan('select count(*) from user').instructions).toMatchObject({ aggregates: [{ opcode: 'sum_count_star', col: 0 }] });
    expect(shape('select col, count(*) from user group by col')).toBe('Aggregate:Ordered(Route:Scatter)');
    expect(shape('select count(*) a from user having a = 1')).toBe('Filter(Aggregate:Scalar(Route:Scatter))');
  });

  it('pushes everything down to a single shard, or when grouping by a unique vindex', () => {
    expect(shape('select count(*) from user where id = 5')).toBe('Route:EqualUnique');
    expect(shape('select id, count(*) from user group by id')).toBe('Route:Scatter');
  });

  it('merge-sorts ordered scatter results and applies LIMIT again', () => {
    const op = plan('select col from user order by col limit 5').instructions;
    expect(op).toMatchObject({ kind: 'Limit', input: { kind: 'Route', orderBy: [{ col: 0, desc: false }] } });
    expect((op as { input: { query: string } }).input.query).toBe('select col from `user` order by col asc limit :__upper_limit');
  });

  it('rejects what Vitess cannot do across shards', () => {
    expect(thrown(PlannerError, () => plan('select a, sum(d) from user group by a with rollup')).message).toBe(
      'VT12001: unsupported: GROUP BY WITH ROLLUP not supported for sharded queries',
    );
    expect(thrown(PlannerError, () => plan('SELECT COUNT(DISTINCT col), SUM(DISTINCT id) FROM user')).message).toBe(
      'VT12001: unsupported: only one DISTINCT aggregation is allowed in a SELECT: sum(distinct id)',
    );
  });
});

describe('statements vtgate handles itself', () => {
  it('plans transactions, USE, SET and DDL', () => {
    expect(plan('begin')).toMatchObject({ queryType: 'BEGIN', instructions: null });
    expect(shape('use user')).toBe('UpdateTarget');
    expect(shape('set @foo = 42')).toBe('Set(SingleRow)');
    expect(plan('create table t1(id bigint)', 'main')).toMatchObject({ type: 'DirectDDL', queryType: 'DDL', tablesUsed: ['main.t1'] });
  });

  it('sends every statement of a shard-targeted session to its shard', () => {
    expect(routes('select count(*), col from unsharded', 'main:-80')).toEqual(['Send main Shard(-80)']);
    expect(thrown(PlannerError, () => plan("INSERT INTO USER (ID, NAME) VALUES (42, 'ms X')", 'main[-]')).code).toBe('VT03023');
  });
});
