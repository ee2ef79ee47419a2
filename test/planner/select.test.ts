/**
 * SELECT routing with Vitess's semantics, on Vitess's planner-test VSchema: which vindex routes
 * (cheapest by cost), with which values, and when tables merge into one route.
 */
import { describe, expect, it } from 'vitest';
import { plan, routes } from './helpers.js';

describe('single-table routing', () => {
  it('routes an equality on the primary vindex to one shard (EqualUnique)', () => {
    expect(routes('select id from user where id = 5')).toEqual(['Route EqualUnique user user_index [5]']);
    expect(plan('select id from user where id = 5').type).toBe('Passthrough');
  });

  it('folds constant arithmetic into the value, as evalengine does', () => {
    expect(routes('select id from user where user.id = 5+5')).toEqual(['Route EqualUnique user user_index [10]']);
  });

  it('scatters without a usable predicate', () => {
    expect(routes('select id from user where col = 5')).toEqual(['Route Scatter user']);
    expect(plan('select id from user').type).toBe('Scatter');
  });

  it('routes IN lists, OR of equalities and tuple IN', () => {
    expect(routes('select id from user where id in (1, 2)')).toEqual(['Route IN user user_index [(1, 2)]']);
    expect(routes('select col from user where id = 1 or id = 2')).toEqual(['Route IN user user_index [(1, 2)]']);
    expect(plan('select col from user where id = 1 or id = 2').instructions).toMatchObject({ query: 'select col from `user` where id in ::__vals' });
    expect(routes('select * from multicol_tbl where (cola,colb) in ((1,2),(3,4))')).toEqual(['Route MultiEqual user multicolIdx [(1, 3) | (2, 4)]']);
    expect(routes('select 1 from user where (col, id) in ::vals')).toEqual(['Route MultiEqual user user_index [vals:1]']);
  });

  it('routes nowhere when a predicate can never hold (None)', () => {
    expect(routes('select id from music where id = null')).toEqual(['Route None user']);
    expect(routes('select Id from user where 1 in (\'aa\', \'bb\')')).toEqual(['Route None user']);
    expect(plan('select id from music where id = null').type).toBe('Local');
  });

  it('uses BETWEEN only on sequential vindexes, and a leading column of a partial multi-column vindex (SubShard)', () => {
    expect(routes('select id from unq_binary_idx where id between 1 and 5')).toEqual(['Route Between user binary [(1, 5)]']);
    expect(routes('select id from user where id between 1 and 5')).toEqual(['Route Scatter user']);
    expect(routes('select * from multicol_tbl where cola = 1')).toEqual(['Route SubShard user multicolIdx [1]']);
    expect(routes('select * from multicol_tbl where cola = 1 and colb = 2')).toEqual(['Route EqualUnique user multicolIdx [1 | 2]']);
  });

  it('reads a lookup vindex first (VindexLookup), then sends the query ByDestination', () => {
    expect(routes("select id from user where name = 'bb'")).toEqual([
      "VindexLookup Equal user name_user_map ['bb']",
      'Route IN user user_index [::name]',
      'Route ByDestination user',
    ]);
    expect(plan("select id from user where name = 'bb'").type).toBe('Lookup');
  });

  it('prefers the cheaper vindex, and never routes with a backfilling one', () => {
    expect(routes("select id from user where costly = 'aa' and name = 'bb'")[0]).toBe("VindexLookup Equal user name_user_map ['bb']");
    expect(routes("select id from user where name = 'bb' and id = 3")).toEqual(['Route EqualUnique user user_index [3]']);
    expect(routes('select * from customer where phone = 123456')).toEqual(['Route Scatter user']);
  });

  it('routes unsharded, reference and dual tables', () => {
    expect(routes('select col from unsharded')).toEqual(['Route Unsharded main']);
    expect(routes('select * from user.ref')).toEqual(['Route Reference user']);
    expect(routes('select @@max_allowed_packet from dual')).toEqual(['Route Reference main']);
    // What vtgate evaluates itself needs no shard.
    expect(plan('select 1').instructions).toMatchObject({ kind: 'Projection', input: { kind: 'SingleRow' } });
    expect(plan('select 1').tablesUsed).toEqual(['main.dual']);
  });

  it('applies routing rules and the session keyspace', () => {
    expect(routes('select id from route1 where id = 1')).toEqual(['Route EqualUnique user user_index [1]']);
    expect(plan('select * from second_user.user where id = 1').tablesUsed).toEqual(['user.user']);
    expect(routes('select id from user where id = 1', 'user')).toEqual(['Route EqualUnique user user_index [1]']);
  });
});

describe('merging into one route', () => {
  it('merges a join on the same unique vindex', () => {
    expect(routes('select u.id from user u join user_extra e on u.id = e.user_id where u.id = 5')).toEqual(['Route EqualUnique user user_index [5]']);
    expect(routes('select u.id from user u join user_extra e on u.id = e.user_id')).toEqual(['Route Scatter user']);
  });

  it('merges two EqualUnique routes to the same value, reference tables, and one unsharded keyspace', () => {
    expect(routes('select 1 from user join user_extra on user.col = user_extra.col where user.id = 5 and user_extra.user_id = 5')).toEqual([
      'Route EqualUnique user user_index [5]',
    ]);
    expect(routes('select 1 from user join user.ref on user.col = ref.col where user.id = 2')).toEqual(['Route EqualUnique user user_index [2]']);
    expect(routes('select 1 from unsharded join unsharded_a on unsharded.id = unsharded_a.id')).toEqual(['Route Unsharded main']);
  });

  it('merges subqueries that route with their outer query', () => {
    expect(routes('select id from user where id = 5 and user.col in (select user_extra.col from user_extra where user_extra.user_id = 5)')).toEqual([
      'Route EqualUnique user user_index [5]',
    ]);
    expect(routes('select id from user where user.col in (select user_extra.col from user_extra where user_extra.user_id = user.id)')).toEqual([
      'Route Scatter user',
    ]);
  });

  it('pushes predicates on derived tables and CTEs down to the tables they read', () => {
    expect(routes('with t as (select id, col from user) select id from t where id = 5')).toEqual(['Route EqualUnique user user_index [5]']);
  });

  it('routes an outer join only by predicates that reject NULL on its inner side', () => {
    expect(routes('select user.col from user_extra left join user on user_extra.user_id = user.id where user.id is null')).toEqual(['Route Scatter user']);
    expect(routes('select 1 from user left join user_extra on user.id = user_extra.user_id where user_extra.user_id = 5')).toEqual([
      'Route EqualUnique user user_index [5]',
    ]);
  });
});
