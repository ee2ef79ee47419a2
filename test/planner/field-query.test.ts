import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/planner/plan.js';
import { answersOnNoRows } from '../../src/planner/query/field-query.js';
import type { SelectStatement } from '../../src/sql/ast.js';
import { parseSql } from '../../src/sql/parse.js';
import { plan } from './helpers.js';

const select = (sql: string): SelectStatement => parseSql(sql) as SelectStatement;

describe('routes that reach no shard', () => {
  it('knows which queries still answer rows over no input (scalar aggregates, also in a derived table)', () => {
    expect(answersOnNoRows(select('select count(*) from t where id is null'))).toBe(true);
    expect(answersOnNoRows(select('select d.n from (select count(*) as n from t where id = :v) as d'))).toBe(true);
    expect(answersOnNoRows(select('select count(*) from t where id is null group by grp'))).toBe(false);
    expect(answersOnNoRows(select('select id from t where id is null'))).toBe(false);
    expect(answersOnNoRows(select('select d.n from (select count(*) as n from t) as d where d.n > 3'))).toBe(false);
  });

  it('puts the answer and the field query on the route', () => {
    const count = plan('select count(*) from user where id = null').instructions as Route;
    expect(count).toMatchObject({ variant: 'None', answersWithoutRows: true });
    const rows = plan('select id, name from user where id = null order by name').instructions as Route;
    expect(rows).toMatchObject({ answersWithoutRows: false, fieldQuery: 'select id, `name` from `user` where 1 != 1' });
  });
});
