/** The executable forms vtgate operators carry (plan-vtgate.ts): expressions over input offsets, never names. */
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/planner/expr/walk.js';
import { inputsOf, type Operator } from '../../src/planner/plan.js';
import type { Expr } from '../../src/sql/ast.js';
import { printSql } from '../../src/sql/print.js';
import { plan } from './helpers.js';

function evaluatedExprs(op: Operator): Expr[] {
  const own = op.kind === 'Filter' ? [op.expr] : op.kind === 'Projection' ? op.exprs.map((p) => p.expr) : [];
  return [...own, ...inputsOf(op).flatMap(evaluatedExprs)];
}

const QUERIES = [
  'select user.id from user left join user_extra on user.col = user_extra.col where user_extra.id is null',
  'select u.col, count(*) + 1, sum(ue.bar) / count(*) from user u join user_extra ue on ue.col = u.col group by u.col having count(*) > 1',
  'select foo from user group by foo having count(*) = 3 and avg(id) > 2',
  'select avg(id), col from user group by col',
  'select id from (select id, col from user limit 10) t where col > 10',
  'select u.id + ue.bar as s from user u join user_extra ue on u.col = ue.col',
  'select 1 + 2, database()',
];

describe('executable forms', () => {
  it.each(QUERIES)('reads input columns only by offset: %s', (sql) => {
    const exprs = evaluatedExprs(plan(sql).instructions!);
    expect(exprs.length).toBeGreaterThan(0);
    for (const e of exprs) {
      walk(e, (n) => {
        expect(['column', 'aggregate', 'subquery', 'exists']).not.toContain(n.kind);
      });
    }
  });

  it('a Filter above a LEFT JOIN reads the joined column it fetched past the select list', () => {
    const op = plan('select user.id from user left join user_extra on user.col = user_extra.col where user_extra.id is null').instructions!;
    expect(op).toMatchObject({ kind: 'Filter', predicate: 'user_extra.id is null', resultColumns: 1, expr: { kind: 'is', expr: { kind: 'offset', index: 1, name: 'user_extra.id' } } });
  });

  it('HAVING over merged aggregates: avg is the merged sum over the merged count', () => {
    const op = plan('select foo from user group by foo having avg(id) > 2').instructions!;
    expect(op.kind).toBe('Filter');
    if (op.kind !== 'Filter') return;
    expect(printSql(op.expr)).toBe(':1 / :2 > 2');
    expect(op.input).toMatchObject({ kind: 'Aggregate', aggregates: [{ opcode: 'sum', col: 1 }, { opcode: 'sum_count', col: 2 }] });
  });

  it('a Projection names its columns and prints Vitess-style `:__colN` for explain', () => {
    const op = plan('select u.id + ue.bar as s from user u join user_extra ue on u.col = ue.col').instructions!;
    expect(op).toMatchObject({ kind: 'Projection', expressions: [':__col0 + :__col1 as s'], exprs: [{ name: 's', expr: { kind: 'binary', op: '+', left: { kind: 'offset', index: 0 }, right: { kind: 'offset', index: 1 } } }] });
  });
});

describe('weight strings of vtgate sorts after aggregation', () => {
  it.each([
    'select u.foo, count(*) from user u join user_extra ue on u.col = ue.col group by u.foo order by u.foo desc',
    'select foo, count(*) from (select foo from user limit 10) t group by foo order by foo',
  ])('compares a value of unknown type by a weight string the plan fetches: %s', (sql) => {
    const sorts: Operator[] = [];
    const visit = (op: Operator): void => {
      if (op.kind === 'Sort' || op.kind === 'Aggregate') sorts.push(op);
      inputsOf(op).forEach(visit);
    };
    visit(plan(sql).instructions!);
    const keys = sorts.flatMap((op) => (op.kind === 'Sort' ? op.keys : op.kind === 'Aggregate' ? op.groupBy : []));
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const k of keys) expect(k.weightStringCol).toBeGreaterThan(k.col);
  });
});
