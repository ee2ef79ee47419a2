import { describe, expect, it } from 'vitest';
import type { Expr, Select } from '../../src/sql/ast.js';
import { parseSql } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';

const p = (sql: string): string => printSql(parseSql(sql));
const col = (name: string): Expr => ({ kind: 'column', table: null, name });
const bin = (op: '+' | '-' | '*' | 'and' | 'or', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, escape: null });

describe('printSql style', () => {
  it('lower-cases keywords and aggregate names, keeps other function names and identifiers as written', () => {
    expect(p('SELECT COUNT(*), Max(A), SOUNDEX(b), JSON_QUOTE(c), NOW() FROM User AS U WHERE U.ID = 1')).toBe(
      'select count(*), max(A), SOUNDEX(b), json_quote(c), now() from `User` as U where U.ID = 1',
    );
  });

  it('adds `as` to aliases and `from dual` to FROM-less selects', () => {
    expect(p('select a b from t u')).toBe('select a as b from t as u');
    expect(p('select 1')).toBe('select 1 from dual');
  });

  it('formats IN lists, tuples, LIMIT and joins like Vitess', () => {
    expect(p('select a from t where a in (1,2) and (b,c) in ((1,2)) limit 5,10')).toBe(
      'select a from t where a in (1, 2) and (b, c) in ((1, 2)) limit 5, 10',
    );
    expect(p('select 1 from a inner join b on a.x=b.x left outer join c using(y)')).toBe('select 1 from a join b on a.x = b.x left join c using (y)');
  });

  it('prints parentheses only where precedence needs them', () => {
    expect(p('select ((a + b)) * c, a + (b * c), (a - b) - c, a - (b - c), (a or b) and c, a or (b and c), not (a = b), -(a + 1) from t')).toBe(
      'select (a + b) * c, a + b * c, a - b - c, a - (b - c), (a or b) and c, a or b and c, not a = b, -(a + 1) from t',
    );
    // A right-nested AND built by the planner keeps its parentheses (Vitess prints it so too).
    const s = parseSql('select 1 from t') as Select;
    const where = bin('and', col('a'), bin('and', col('b'), col('c')));
    expect(printSql({ ...s, where })).toBe('select 1 from t where a and (b and c)');
    expect(printSql(bin('-', col('a'), bin('+', col('b'), col('c'))))).toBe('a - (b + c)');
  });

  it('prints AST fragments: expressions, table expressions and select expressions', () => {
    const s = parseSql('select a as x, t.* from t as u join v on u.a = v.a where b = :b') as Select;
    expect(s.columns.map(printSql)).toEqual(['a as x', 't.*']);
    expect(printSql(s.from[0] as never)).toBe('t as u join v on u.a = v.a');
    expect(printSql(s.where as Expr)).toBe('b = :b');
    expect(printSql({ kind: 'bind', name: 'vals', list: true })).toBe('::vals');
    expect(printSql({ kind: 'tuple', items: [col('a')] })).toBe('(a)');
  });

  it('prints the statements kept as text as written, and SHOW from its fields', () => {
    expect(p('create /* test */ table t1(id bigint, primary key(id)) /* comments */')).toBe(
      'create /* test */ table t1(id bigint, primary key(id)) /* comments */',
    );
    expect(p('show create database user')).toBe('show create database `user`');
    expect(p('SHOW FULL FIELDS FROM `route1`')).toBe('show full columns from route1');
    expect(p('describe information_schema.administrable_role_authorizations')).toBe('explain information_schema.administrable_role_authorizations');
    expect(p('desc select * from user')).toBe('explain select * from `user`');
  });

  it('prints INSERT column lists right after the table and empty rows as ()', () => {
    expect(p("INSERT /*vt+ QUERY_TIMEOUT_MS=100 */ INTO USER (ID, NAME) VALUES (42, 'ms X')")).toBe(
      "insert /*vt+ QUERY_TIMEOUT_MS=100 */ into `USER`(ID, `NAME`) values (42, 'ms X')",
    );
    expect(p('insert into `weird``name`(`a``b*c`, `b*c`) values(1, 2)')).toBe('insert into `weird``name`(`a``b*c`, `b*c`) values (1, 2)');
  });
});
