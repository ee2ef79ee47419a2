/** Routing values in Vitess's notation, constant folding, and the predicate rewrites that change routing. */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/sql/ast.js';
import { parseSql } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';
import { isConstantFalse, routableValue } from '../../src/planner/expr/constant.js';
import { rewritePredicate } from '../../src/planner/expr/rewrite.js';
import { printValue, quoteString, tupleColumnValue } from '../../src/planner/values.js';

function where(cond: string): Expr {
  const s = parseSql(`select 1 from t where ${cond}`);
  if (s.kind !== 'select' || !s.where) throw new Error('no where');
  return s.where;
}
const value = (sql: string): string | null => {
  const e = where(`x = ${sql}`);
  if (e.kind !== 'binary') throw new Error('not binary');
  const v = routableValue(e.right);
  return v ? printValue(v) : null;
};

describe('values', () => {
  it('prints literals as written, binds, lists, tuples and row columns', () => {
    expect(value('5')).toBe('5');
    expect(value("'aa'")).toBe("'aa'");
    expect(value('null')).toBe('null');
    expect(value(':id')).toBe(':id');
    expect(value('18446744073709551616')).toBe('18446744073709551616');
    expect(printValue(tupleColumnValue('vals', 1))).toBe('vals:1');
    expect(quoteString("it's")).toBe("'it\\'s'");
  });

  it('folds integer arithmetic and refuses columns', () => {
    expect(value('5 + 5')).toBe('10');
    expect(value('-3')).toBe('-3');
    expect(value('col')).toBeNull();
  });

  it('knows constant-false predicates', () => {
    expect(isConstantFalse(where('1 = 0'))).toBe(true);
    expect(isConstantFalse(where("1 in ('aa', 'bb')"))).toBe(true);
    expect(isConstantFalse(where('1 = 1'))).toBe(false);
    expect(isConstantFalse(where('null = 1'))).toBe(false);
  });

  it('rewrites OR of equalities into IN and distributes small ORs over ANDs', () => {
    const r = (cond: string) => printSql(rewritePredicate(where(cond)));
    expect(r('id = 1 or id = 2')).toBe('id in (1, 2)');
    expect(r('(id = 1 or id = 2) or (id = 3 or id = 4)')).toBe('id in (1, 2, 3, 4)');
    expect(r("id = 1 or name = 'aa' and id in (1, 2)")).toBe("(id = 1 or `name` = 'aa') and id in (1, 2)");
    expect(r('id = 1 or 2 < 1')).toBe('id = 1');
  });
});
