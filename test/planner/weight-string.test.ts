/**
 * What vtgate compares across shards (merge-sort, grouping, DISTINCT, MIN/MAX): values of known
 * numeric type and text in a collation vtgate implements compare as they are; anything else by
 * the `weight_string(...)` the shard query returns next to it, as Vitess plans it.
 */
import { describe, expect, it } from 'vitest';
import { explainPlan } from '../../src/planner/explain.js';
import { PlannerError } from '../../src/planner/errors.js';
import type { Operator } from '../../src/planner/plan.js';
import { thrown } from '../support/thrown.js';
import { plan } from './helpers.js';

/** Every Route (query, OrderBy as printed) in pre-order. */
function routeQueries(sql: string): { query: string; orderBy: string }[] {
  const out: { query: string; orderBy: string }[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const r = o as Record<string, unknown>;
    if (r['OperatorType'] === 'Route') out.push({ query: String(r['Query']), orderBy: String(r['OrderBy'] ?? '') });
    for (const v of Object.values(r)) visit(v);
  };
  visit(explainPlan(plan(sql)));
  return out;
}

function top(sql: string): Operator {
  return plan(sql).instructions!;
}

describe('merge-sorting scatter results', () => {
  it('adds the weight string of a column of unknown type and drops it after the merge', () => {
    expect(routeQueries('select user_id from music order by user_id')).toEqual([
      { query: 'select user_id, weight_string(user_id) from music order by user_id asc', orderBy: '(0|1) ASC' },
    ]);
    expect(top('select user_id from music order by user_id')).toMatchObject({ kind: 'Route', resultColumns: 1, orderBy: [{ col: 0, weightStringCol: 1, desc: false, collation: null }] });
  });

  it('compares numbers as they are and text in its collation, a collation vtgate lacks by weight string', () => {
    expect(routeQueries('select a, textcol1, b, textcol2, col from user order by a, textcol1, b, textcol2, col desc')[0]).toEqual({
      query: 'select a, textcol1, b, textcol2, col, weight_string(a), weight_string(b), weight_string(textcol2) from `user` order by a asc, textcol1 asc, b asc, textcol2 asc, col desc',
      orderBy: '(0|5) ASC, 1 ASC COLLATE latin1_swedish_ci, (2|6) ASC, (3|7) ASC COLLATE , 4 DESC',
    });
  });

  it('reads an ORDER BY name as the select-list alias first', () => {
    expect(routeQueries('select id as foo, id2 as id from music order by id')[0]!.orderBy).toBe('(1|2) ASC');
  });

  it('does not merge by RAND()', () => {
    expect(routeQueries('select col from user order by rand()')).toEqual([{ query: 'select col from `user` order by rand()', orderBy: '' }]);
  });

  it('needs schema tracking to find a sort key past a * of unknown columns', () => {
    expect(thrown(PlannerError, () => plan('select t.*, t.col from user t order by t.col')).message).toBe('VT09015: schema tracking required');
  });
});

describe('grouping and aggregates across shards', () => {
  it('groups by the weight string too, and the Aggregate compares by it', () => {
    expect(routeQueries('select a, b, count(*) from user group by 2, 1')).toEqual([
      {
        query: 'select a, b, count(*), weight_string(b), weight_string(a) from `user` group by b, a, weight_string(b), weight_string(a) order by b asc, a asc',
        orderBy: '(1|3) ASC, (0|4) ASC',
      },
    ]);
    const ex = explainPlan(plan('select a, b, count(*) from user group by 2, 1'))['Instructions'] as Record<string, unknown>;
    expect(ex).toMatchObject({ OperatorType: 'Aggregate', Variant: 'Ordered', Aggregates: 'sum_count_star(2) AS count(*)', GroupBy: '(1|3), (0|4)', ResultColumns: 3 });
  });

  it('gives MIN/MAX of unknown or foreign-collation values and DISTINCT arguments their weight strings, in select order', () => {
    expect(routeQueries('select foo, min(distinct bar), count(distinct baz), max(toto) from user group by foo')[0]).toEqual({
      query:
        'select foo, min(bar) as `min(distinct bar)`, baz, max(toto), weight_string(foo), weight_string(min(bar)), weight_string(baz), weight_string(max(toto)) from `user` group by foo, baz, weight_string(foo), weight_string(baz) order by foo asc, baz asc',
      orderBy: '(0|4) ASC, (2|6) ASC',
    });
    const ex = explainPlan(plan('select min(textcol1), max(textcol2) from user'))['Instructions'] as Record<string, unknown>;
    expect(ex['Aggregates']).toBe('min(0 COLLATE utf8mb4_0900_ai_ci) AS min(textcol1), max(1|2 COLLATE utf8mb4_0900_ai_ci) AS max(textcol2)');
  });

  it('keeps numeric grouping keys as they are', () => {
    expect(routeQueries('select col, count(*) from user group by col')[0]!.query).toBe('select col, count(*) from `user` group by col order by col asc');
  });
});

describe('DISTINCT and UNION across shards', () => {
  it('deduplicates at vtgate by each column or its weight string', () => {
    const op = top('select distinct a, textcol1 from user');
    expect(op).toMatchObject({
      kind: 'Distinct',
      columns: [
        { col: 0, weightStringCol: 2, collation: null },
        { col: 1, weightStringCol: -1, collation: 'latin1_swedish_ci' },
      ],
      resultColumns: 2,
    });
    expect(explainPlan(plan('select distinct a, textcol1 from user'))['Instructions']).toMatchObject({ Collations: ['(0:2)', '1: latin1_swedish_ci'], ResultColumns: 2 });
  });

  it('adds the weight strings to every SELECT of a UNION', () => {
    expect(routeQueries('select id from user union select id from music')[0]!.query).toBe('select id, weight_string(id) from `user` union select id, weight_string(id) from music');
    expect(top('select id from user union select id from music')).toMatchObject({ kind: 'Distinct', columns: [{ col: 0, weightStringCol: 1 }], resultColumns: 1 });
  });
});

describe('sorting joined rows', () => {
  it('takes the weight string from the leg of the column and drops it after the Sort', () => {
    expect(routeQueries('select u.foo, ue.foo as apa from user u, user_extra ue order by foo')[0]!.query).toBe('select u.foo, weight_string(u.foo) from `user` as u');
    expect(top('select u.foo, ue.foo as apa from user u, user_extra ue order by foo')).toMatchObject({
      kind: 'Sort',
      keys: [{ col: 0, weightStringCol: 2, desc: false }],
      resultColumns: 2,
    });
  });
});
