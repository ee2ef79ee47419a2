import { describe, expect, it } from 'vitest';
import type { Select } from '../../src/sql/ast.js';
import { parseSql } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';
import { CORPUS } from './corpus.js';

describe('parse → print → parse', () => {
  it.each(CORPUS)('%s', (sql) => {
    const ast = parseSql(sql);
    const printed = printSql(ast);
    // The corpus is written in Vitess's output style, so printing gives the text back exactly.
    expect(printed).toBe(sql);
    expect(parseSql(printed)).toEqual(ast);
  });

  it('prints ORDER BY directions Vitess writes out even when the query gave none', () => {
    const ast = parseSql('select a from t order by a, b desc') as Select;
    expect(ast.orderBy.map((o) => o.direction)).toEqual([null, 'desc']);
    expect(printSql(ast)).toBe('select a from t order by a asc, b desc');
    // Re-parsing the printed text gives `asc` where the original had no direction: the only difference.
    const again = parseSql(printSql(ast)) as Select;
    expect(again.orderBy.map((o) => o.direction)).toEqual(['asc', 'desc']);
    expect({ ...again, orderBy: [] }).toEqual({ ...ast, orderBy: [] });
  });

  it('prints `order by null` and `order by rand()` without a direction, as Vitess does', () => {
    expect(printSql(parseSql('select a from t order by null'))).toBe('select a from t order by null');
    expect(printSql(parseSql('select a from t order by RAND()'))).toBe('select a from t order by RAND()');
  });
});
