/**
 * Derived tables and CTEs vtgate must finish, planned as Vitess plans them: an operator tree of
 * their own (Limit, Aggregate, Distinct over their routes) that the outer query joins at vtgate,
 * reading its columns by offset; join predicates go into their statement where that keeps their
 * rows (else a Filter over them); recursive CTEs whose parts do not share a route run as RecurseCTE.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import type { Operator } from '../../src/planner/plan.js';
import { inputsOf } from '../../src/planner/plan.js';
import { thrown } from '../support/thrown.js';
import { plan, routes } from './helpers.js';

/** The operator tree as `Kind[Variant](children)`, routes as `Route[Variant]`. */
function shape(op: Operator): string {
  const variant = 'variant' in op && typeof op.variant === 'string' ? `[${op.variant}]` : '';
  const inputs = inputsOf(op);
  return `${op.kind}${variant}${inputs.length > 0 ? `(${inputs.map(shape).join(', ')})` : ''}`;
}

const queries = (op: Operator): string[] => (op.kind === 'Route' ? [op.query] : inputsOf(op).flatMap(queries));

describe('a derived table vtgate finishes, joined at vtgate', () => {
  it('goes left when it has a LIMIT: its rows route the other side (select_cases#172)', () => {
    const sql = 'select id from user join (select user_id from user_extra limit 10) ue on user.id = ue.user_id';
    expect(shape(plan(sql).instructions!)).toBe('Join[Join](Limit(Route[Scatter]), Route[EqualUnique])');
    expect(routes(sql)).toEqual(['Route Scatter user', 'Route EqualUnique user user_index [:ue_user_id]']);
    expect(plan(sql).type).toBe('Join');
  });

  it('filters its rows by the join predicate when it is the inner side of a LEFT JOIN with a LIMIT', () => {
    const op = plan('select u.id, ue.id from user u left join (select id, user_id from user_extra limit 10) ue on u.id = ue.user_id').instructions!;
    expect(shape(op)).toBe('Join[LeftJoin](Route[Scatter], Filter(Limit(Route[Scatter])))');
    expect(op).toMatchObject({ kind: 'Join', vars: { u_id: 0 }, right: { kind: 'Filter', predicate: 'ue.user_id = :u_id' } });
  });

  it('takes a predicate on a grouping column into its statement, and filters by one on an aggregate', () => {
    const pushed = plan('select u.id, t.c from user u left join (select col, count(*) as c from user_extra group by col) t on t.col = u.col').instructions!;
    expect(shape(pushed)).toBe('Join[LeftJoin](Route[Scatter], Aggregate[Ordered](Route[Scatter]))');
    expect(queries(pushed)[1]).toBe('select col, count(*) as c from user_extra where col = :u_col group by col order by col asc');
    const filtered = plan('select u.id, t.c from user u left join (select col, count(*) as c from user_extra group by col) t on t.c = u.col').instructions!;
    expect(shape(filtered)).toBe('Join[LeftJoin](Route[Scatter], Filter(Aggregate[Ordered](Route[Scatter])))');
  });

  it('routes by a pushed predicate on a vindex column', () => {
    const sql = 'select u.col, t.c from user_extra u left join (select name, count(*) as c from user group by name) t on t.name = u.col';
    expect(routes(sql)).toEqual(['Route Scatter user', 'VindexLookup Equal user name_user_map [:u_col]', 'Route IN user user_index [::name]', 'Route ByDestination user']);
  });

  it('joins two derived tables that both need vtgate (from_cases#135, as an ApplyJoin)', () => {
    const sql = 'select id, user_id from (select id, col from user limit 10) u join (select col, user_id from user_extra limit 10) ue on u.col = ue.col';
    expect(shape(plan(sql).instructions!)).toBe('Join[Join](Limit(Route[Scatter]), Filter(Limit(Route[Scatter])))');
  });

  it('joins a derived table whose UNION parts join at vtgate', () => {
    const op = plan('select u.id, t.col from user u join (select user.col from user join user_extra on user.id = user_extra.bar union select col from music) t on t.col = u.col').instructions!;
    expect(shape(op)).toMatch(/^Join\[Join\]\(Route\[Scatter\], Filter\(Distinct\(Concatenate\(/);
  });

  it('plans one inside a subquery, which vtgate runs first', () => {
    const op = plan('select id from user where col in (select c from (select col as c from user_extra limit 5) t)').instructions!;
    expect(shape(op)).toBe('UncorrelatedSubquery[PulloutIn](Limit(Route[Scatter]), Route[Scatter])');
  });

  it('lists the tables of its own plan in TablesUsed', () => {
    expect(plan('select u.id from user u join (select user_id from user_extra limit 10) ue on u.id = ue.user_id').tablesUsed).toEqual(['user.user', 'user.user_extra']);
  });
});

describe('subqueries in predicates vtgate evaluates', () => {
  it('run first and filter the rows of a derived table vtgate finishes (into its statement where it can take them)', () => {
    const sql = 'select t.col from (select col, count(*) as c from user group by col) t where t.col in (select col from music) and t.c > (select count(*) from user_extra)';
    const op = plan(sql).instructions!;
    expect(shape(op)).toBe('SimpleProjection(UncorrelatedSubquery[PulloutValue](Aggregate[Scalar](Route[Scatter]), UncorrelatedSubquery[PulloutIn](Route[Scatter], Filter(Aggregate[Ordered](Route[Scatter])))))');
    expect(queries(op)[2]).toBe('select col, count(*) as c from `user` where :__sq_has_values and col in ::__sq1 group by col order by col asc');
  });

  it('filter a derived leg of a join and a recursive CTE', () => {
    const leg = plan('select u.id from user u join (select col from user_extra limit 3) t on u.col = t.col where t.col not in (select col from music)').instructions!;
    expect(shape(leg)).toBe('Join[Join](UncorrelatedSubquery[PulloutNotIn](Route[Scatter], Filter(Limit(Route[Scatter]))), Route[Scatter])');
    const cte = 'with recursive cte as (select name, id from user where manager_id is null union all select e.name, e.id from user e inner join cte on e.manager_id = cte.id) select name from cte where id in (select id from music)';
    expect(shape(plan(cte).instructions!)).toBe('SimpleProjection(UncorrelatedSubquery[PulloutIn](Route[Scatter], Filter(RecurseCTE(Route[Scatter], Route[Scatter]))))');
  });

  it('give their values to the select list over a derived table vtgate finishes', () => {
    const op = plan('select (select count(*) from music) as n, t.col + (select max(id) from music) from (select col from user limit 3) t').instructions!;
    expect(shape(op)).toBe('UncorrelatedSubquery[PulloutValue](Aggregate[Scalar](Route[Scatter]), UncorrelatedSubquery[PulloutValue](Aggregate[Scalar](Route[Scatter]), Projection(Limit(Route[Scatter]))))');
    expect(op).toMatchObject({ outer: { outer: { kind: 'Projection', expressions: [':__sq1 as n', ':__col0 + :__sq2 as t.col + (select max(id) from music)'] } } });
    expect(thrown(PlannerError, () => plan('select t.col from (select col from user limit 3) t join (select id from music limit 2) m on t.col = m.id where t.col + m.id in (select 1 from dual)')).code).toBe('PLANNER_NOT_IMPLEMENTED');
  });

  it('filter the joined rows when they read the inner side of a LEFT JOIN (not the inner rows only)', () => {
    const op = plan('select u.id from user u left join user_extra ue on u.col = ue.col where ue.bar in (select col from music)').instructions!;
    expect(shape(op)).toBe('UncorrelatedSubquery[PulloutIn](Route[Scatter], Filter(Join[LeftJoin](Route[Scatter], Route[Scatter])))');
    expect(op).toMatchObject({ outer: { kind: 'Filter', predicate: ':__sq_has_values and ue.bar in ::__sq1', resultColumns: 1 } });
  });
});

describe('DISTINCT over tables joined at vtgate', () => {
  it('compares the selected columns by weight string and drops the weight strings (from_cases#137)', () => {
    const op = plan('select distinct id, user_id from (select id, col from user) u left join (select col, user_id from user_extra limit 10) ue on u.col = ue.col').instructions!;
    expect(shape(op)).toBe('Distinct(Join[LeftJoin](Route[Scatter], Filter(Limit(Route[Scatter]))))');
    expect(op).toMatchObject({ kind: 'Distinct', resultColumns: 2, columns: [{ col: 0, weightStringCol: 2 }, { col: 1, weightStringCol: -1 }] });
  });

  it('deduplicates computed columns after the Projection, and counts a distinct join (from_cases#139)', () => {
    expect(shape(plan('select distinct u.col + ue.col from user u join user_extra ue on u.col = ue.col').instructions!)).toBe('Distinct(Projection(Join[Join](Route[Scatter], Route[Scatter])))');
    const sql = 'SELECT count(*) FROM (SELECT DISTINCT u.user_id FROM user u JOIN user_extra ue ON u.id = ue.user_id JOIN music m ON m.id = u.id) subquery_for_count';
    expect(shape(plan(sql).instructions!)).toMatch(/^Aggregate\[Scalar\]\(.*Distinct\(.*Join\[Join\]/);
  });
});

describe('aggregation over a derived table vtgate finishes', () => {
  it('computes an aggregated expression of its columns in a Projection (union_cases#2)', () => {
    const sql = 'select sum(case when tb.col = 1 then 1 else 2 end) from (select 1 as col from user where id = 14 union all select 2 from music where user_id = 12) tb';
    expect(shape(plan(sql).instructions!)).toBe('Aggregate[Scalar](Projection(Concatenate(Route[EqualUnique], Route[EqualUnique])))');
  });

  it('joins an aggregated derived table (aggr_cases#158) and one aggregated twice (aggr_cases#150)', () => {
    expect(routes('SELECT b.col FROM music AS b JOIN (SELECT MIN(bb.id) AS min_id, MAX(bb.id) AS max_id FROM user AS bb) AS foobars WHERE b.id > foobars.min_id GROUP BY b.col')).toEqual([
      'Route Scatter user',
      'Route Scatter user',
    ]);
    expect(routes('select distinct count(*) from user, (select distinct count(*) from user) X')).toEqual(['Route Scatter user', 'Route Scatter user']);
  });
});

describe('recursive CTEs', () => {
  it('runs the seed, then the term per row with the CTE columns bound (cte_cases#51)', () => {
    const sql = 'with recursive cte as (select name, id from user where manager_id is null union all select e.name, e.id from user e inner join cte on e.manager_id = cte.id) select name from cte';
    const op = plan(sql).instructions!;
    expect(shape(op)).toBe('SimpleProjection(RecurseCTE(Route[Scatter], Route[Scatter]))');
    expect(op).toMatchObject({ kind: 'SimpleProjection', columns: [0], input: { kind: 'RecurseCTE', vars: { cte_id: 1 } } });
    expect(queries(op)).toEqual(['select `name`, id from `user` where manager_id is null', 'select e.`name`, e.id from `user` as e where e.manager_id = :cte_id']);
    expect(plan(sql).type).toBe('Complex');
  });

  it('binds every CTE column the term reads, wherever it reads it, and aggregates over the CTE (cte_cases#58)', () => {
    const sql = 'with recursive c as (select id, name, 1 as lvl from user where manager_id is null union all select e.id, e.name, c.lvl + 1 from user e join c on e.manager_id = c.id) select lvl, count(*) from c group by lvl';
    const op = plan(sql).instructions!;
    expect(shape(op)).toMatch(/RecurseCTE\(Route\[Scatter\], Route\[Scatter\]\)/);
    expect(queries(op)[1]).toBe('select e.id, e.`name`, :c_lvl + 1 from `user` as e where e.manager_id = :c_id');
  });

  it('runs whole on one route when its parts route together, a join leg defining it (cte_cases#53, #57)', () => {
    expect(shape(plan('WITH RECURSIVE cte AS (SELECT 1 as n UNION ALL SELECT n + 1 FROM cte WHERE n < 5) SELECT n FROM cte').instructions!)).toBe('Route[Reference]');
    const sql =
      'WITH RECURSIVE literal_cte AS (SELECT 1 AS id, 100 AS value, 1 AS manager_id UNION ALL SELECT id + 1, value * 2, id FROM literal_cte WHERE id < 5) SELECT l.id, l.value, l.manager_id, e.name AS employee_name FROM literal_cte l LEFT JOIN user e ON l.id = e.id';
    const op = plan(sql).instructions!;
    expect(shape(op)).toBe('Join[LeftJoin](Route[Reference], Route[EqualUnique])');
    expect(queries(op)[0]).toBe(
      'with recursive literal_cte as (select 1 as id, 100 as `value`, 1 as manager_id from dual union all select id + 1, `value` * 2, id from literal_cte where id < 5) select l.id, l.`value`, l.manager_id from literal_cte as l',
    );
    expect(queries(plan('WITH RECURSIVE cte (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cte WHERE n < 5) SELECT cte.n, u.col FROM user u join cte on u.id = cte.n').instructions!)).toContain(
      'with recursive cte(n) as (select 1 from dual union all select n + 1 from cte where n < 5) select cte.n from cte',
    );
  });

  it('does not plan what running the term per row would get wrong', () => {
    const outer = 'with recursive cte as (select name, id from user where manager_id is null union all select e.name, e.id from cte left join user e on e.manager_id = cte.id) select name from cte';
    expect(thrown(PlannerError, () => plan(outer)).code).toBe('PLANNER_NOT_IMPLEMENTED');
    const distinct = 'with recursive cte as (select name, id from user where manager_id is null union select e.name, e.id from user e join cte on e.manager_id = cte.id) select name from cte';
    expect(thrown(PlannerError, () => plan(distinct)).code).toBe('PLANNER_NOT_IMPLEMENTED');
  });
});

describe('a DISTINCT derived table across shards', () => {
  it('is pushed whole when the outer query only reads its rows (from_cases#21)', () => {
    const op = plan('select * from (select distinct name from user) as t').instructions!;
    expect(shape(op)).toBe('Route[Scatter]');
    expect(queries(op)).toEqual(['select t.`name` from (select distinct `name` from `user`) as t']);
  });

  it('is finished at vtgate before its rows are counted, limited or joined', () => {
    const counted = plan('select count(*) from (select distinct name from user) t').instructions!;
    expect(shape(counted)).toBe('Aggregate[Scalar](Distinct(Route[Scatter]))');
    expect(queries(counted)).toEqual(['select distinct `name`, weight_string(`name`) from `user`']);
    expect(shape(plan('select * from (select distinct name from user) as t limit 2').instructions!)).toBe('Limit(Distinct(Route[Scatter]))');
    const joined = plan('select t.name, e.id from (select distinct name from user) t join user e on e.name = t.name').instructions!;
    expect(shape(joined)).toBe('Join[Join](SimpleProjection(Distinct(Route[Scatter])), VindexLookup[Equal](Route[IN], Route[ByDestination]))');
    const nested = plan('select id from user where col in (select count(*) from (select distinct name from user) t)').instructions!;
    expect(shape(nested)).toBe('UncorrelatedSubquery[PulloutIn](Aggregate[Scalar](Projection(Distinct(Route[Scatter]))), Route[Scatter])');
  });

  it('stays on the shards when it selects a unique vindex column (each value lives on one shard)', () => {
    expect(shape(plan('select count(*) from (select distinct id from user) t').instructions!)).toBe('Aggregate[Scalar](Route[Scatter])');
    expect(shape(plan('select t.id, e.id from (select distinct id from user) t join user_extra e on e.user_id = t.id').instructions!)).toBe('Route[Scatter]');
  });
});
