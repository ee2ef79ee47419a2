/**
 * node-sql-parser 5.4.0's gaps (dependency-notes §1, plus the ones found while building this), one
 * test each: what goes wrong in the parser, and what parseSql / printSql give instead.
 */
import { describe, expect, it } from 'vitest';
import type { Expr, Insert, Select } from '../../src/sql/ast.js';
import { parseSql } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';

const roundTrip = (sql: string): string => printSql(parseSql(sql));
const firstItem = (sql: string): Expr => {
  const c = (parseSql(sql) as Select).columns[0];
  if (c?.kind !== 'aliased') throw new Error('aliased expression expected');
  return c.expr;
};
const whereOf = (sql: string): Expr | null => (parseSql(sql) as Select).where;

describe('§1 workarounds', () => {
  it('Vitess list binds `::name` (a parse failure) become list bind variables', () => {
    expect(whereOf('select 1 from t where id in ::vals')).toEqual({
      kind: 'in',
      expr: { kind: 'column', table: null, name: 'id' },
      not: false,
      list: { kind: 'bind', name: 'vals', list: true },
    });
    expect(roundTrip('select 1 from t where (a, b) not in ::vals')).toBe('select 1 from t where (a, b) not in ::vals');
  });

  it('`select next N values` (a failure) and `select next value` (misread as a column alias) are sequences', () => {
    expect(roundTrip('select next 5 values from seq')).toBe('select next 5 values from seq');
    expect((parseSql('select next value from seq') as Select).columns).toEqual([
      { kind: 'next', count: { kind: 'literal', type: 'int', value: '1', charset: null } },
    ]);
  });

  it('`?` placeholders become :v1, :v2, ... in order', () => {
    expect(roundTrip('select ? from t where a = ? and b in (?, ?)')).toBe('select :v1 from t where a = :v2 and b in (:v3, :v4)');
  });

  it('`1e3` (a column to the parser) is a float literal; `.5`, `0b101` and `1.5e3` are read too', () => {
    expect(firstItem('select 1e3')).toEqual({ kind: 'literal', type: 'float', value: '1e3', charset: null });
    expect(firstItem('select 1.5e3')).toEqual({ kind: 'literal', type: 'float', value: '1.5e3', charset: null });
    expect(firstItem('select .5')).toEqual({ kind: 'literal', type: 'decimal', value: '.5', charset: null });
    expect(firstItem('select 0b101')).toEqual({ kind: 'literal', type: 'bitnum', value: '0b101', charset: null });
    // MySQL reads a word that starts with digits as an identifier.
    expect(firstItem('select 1abc from t')).toEqual({ kind: 'column', table: null, name: '1abc' });
  });

  it('column_ref.table in both of its shapes gives one ColumnRef', () => {
    const plain = firstItem('select u.id from t u');
    expect(firstItem('select `u`.id from t u')).toEqual(plain);
    expect(firstItem('select `u`.`id` from t u')).toEqual(plain);
    expect(plain).toEqual({ kind: 'column', table: { qualifier: null, name: 'u' }, name: 'id' });
  });

  it('string values are unescaped (doubled quotes, MySQL backslash escapes) before they reach the AST', () => {
    expect(firstItem("select 'it''s'")).toMatchObject({ value: "it's" });
    expect(firstItem("select 'a\\tb\\0c\\Zd\\\\e\\qf'")).toMatchObject({ value: 'a\tb\0c\x1ad\\eqf' });
    // MySQL keeps the backslash of \% and \_ (they stay LIKE escapes).
    expect(firstItem("select 'A\\%B\\_'")).toMatchObject({ value: 'A\\%B\\_' });
    expect(firstItem('select "say ""hi"""')).toMatchObject({ value: 'say "hi"' });
    expect(roundTrip("select 'it''s'")).toBe("select 'it\\'s' from dual");
  });

  it('bigints stay exact strings', () => {
    expect(firstItem('select 18446744073709551616')).toMatchObject({ type: 'int', value: '18446744073709551616' });
    expect(firstItem('select 9007199254740993')).toMatchObject({ type: 'int', value: '9007199254740993' });
    expect(firstItem('select -9223372036854775809')).toMatchObject({ type: 'int', value: '-9223372036854775809' });
  });

  it('FOR SHARE (a parse failure) is a lock clause', () => {
    expect(roundTrip('select a from t for share')).toBe('select a from t for share');
    expect(roundTrip('select a from t FOR SHARE SKIP LOCKED')).toBe('select a from t for share skip locked');
  });

  it('INSERT column lists keep their quoting when printed (sqlify drops it)', () => {
    expect(roundTrip('insert into t (`key`, `order`) values (1, 2)')).toBe('insert into t(`key`, `order`) values (1, 2)');
    expect((parseSql('insert into t (`key`) values (1)') as Insert).columns).toEqual(['key']);
  });

  it('index hints (a parse failure) are taken into AliasedTable.hints', () => {
    expect(roundTrip('select 1 from user use index(a)')).toBe('select 1 from `user` use index (a)');
    expect(roundTrip('select 1 from user u use vindex (name_user_map) join music m ignore vindex(user_index) on u.col = m.col')).toBe(
      'select 1 from `user` as u use vindex (name_user_map) join music as m ignore vindex (user_index) on u.col = m.col',
    );
  });

  it('comments (dropped by the parser) are kept and printed after the first keyword', () => {
    expect(roundTrip('select /*vt+ QUERY_TIMEOUT_MS=1000 */ * from user')).toBe('select /*vt+ QUERY_TIMEOUT_MS=1000 */ * from `user`');
    expect(roundTrip('delete /*+ SET_VAR(foreign_key_checks=off) */ from t')).toBe('delete /*+ SET_VAR(foreign_key_checks=off) */ from t');
  });

  it('`!=` and `<>` (kept as written by the parser) both print as `!=`', () => {
    expect(roundTrip('select 1 from t where a <> 1 and b != 2')).toBe('select 1 from t where a != 1 and b != 2');
  });

  it('statements the parser rejects are read by kind', () => {
    expect(parseSql('set names utf8mb4')).toMatchObject({ kind: 'set', assignments: [{ variable: { name: 'names' } }] });
    expect(parseSql('savepoint s1')).toEqual({ kind: 'savepoint', name: 's1' });
    expect(parseSql("xa start 'x'")).toMatchObject({ kind: 'other', type: 'xa' });
    expect(parseSql('show full processlist')).toMatchObject({ kind: 'show', type: 'processlist', full: true });
    expect(parseSql("show variables like 'x%'")).toMatchObject({ kind: 'show', type: 'variables', like: 'x%' });
    expect(parseSql('show vitess_shards')).toMatchObject({ kind: 'show', type: 'vitess_shards' });
    expect(parseSql('set transaction isolation level read committed')).toMatchObject({ kind: 'set' });
  });

  it('the MySQL dialect reads what the MariaDB one rejects', () => {
    expect(roundTrip('select 1 from a straight_join b on a.x = b.x')).toBe('select 1 from a straight_join b on a.x = b.x');
    expect(roundTrip('update t set a = 1 limit 1')).toBe('update t set a = 1 limit 1');
    expect(roundTrip('delete from t order by id limit 1')).toBe('delete from t order by id asc limit 1');
  });
});

describe('further parser gaps found here', () => {
  it('AND / OR precedence (the parser builds `a and b or c and d` as `((a and b) or c) and d`)', () => {
    expect(whereOf('select 1 from t where a and b or c and d')).toMatchObject({
      op: 'or',
      left: { op: 'and', left: { name: 'a' }, right: { name: 'b' } },
      right: { op: 'and', left: { name: 'c' }, right: { name: 'd' } },
    });
    expect(firstItem('select a and b or c and d')).toMatchObject({ op: 'or' });
    expect(whereOf('select 1 from t where not a and b xor c or d')).toMatchObject({
      op: 'or',
      left: { op: 'xor', left: { op: 'and', left: { kind: 'unary', op: 'not' } } },
    });
    expect(roundTrip('select 1 from t where (a or b) and c')).toBe('select 1 from t where (a or b) and c');
  });

  it('`not (a) = b` (read as a call of `not`) is NOT over the comparison', () => {
    expect(whereOf('select 1 from t where not (a) = (b) and c')).toMatchObject({
      op: 'and',
      left: { kind: 'unary', op: 'not', expr: { kind: 'binary', op: '=' } },
    });
    expect(whereOf('select 1 from t where not (a between 1 and 2) and c')).toMatchObject({ op: 'and', left: { op: 'not', expr: { kind: 'between' } } });
  });

  it('`<=>` (a parse failure) is a null-safe comparison', () => {
    expect(whereOf('select 1 from t where a <=> null')).toMatchObject({ kind: 'binary', op: '<=>' });
  });

  it('`sum(distinct x)` and the other DISTINCT aggregates but count (parse failures)', () => {
    expect(firstItem('select min(distinct a) from t')).toMatchObject({ kind: 'aggregate', name: 'min', distinct: true });
    expect(roundTrip('SELECT COUNT(DISTINCT col), SUM(DISTINCT id) FROM user')).toBe('select count(distinct col), sum(distinct id) from `user`');
  });

  it('`binary x` (read as a column `binary` aliased x) is convert(x, binary), as Vitess reads it', () => {
    expect(roundTrip('select a from t order by binary a desc')).toBe('select a from t order by convert(a, binary) desc');
  });

  it('natural joins, `default` in VALUES / SET, `values ()`, `delete t.*` (parse failures)', () => {
    expect(roundTrip('select 1 from a natural join b')).toBe('select 1 from a natural join b');
    expect(roundTrip('insert into t(a, b) values (default, 2)')).toBe('insert into t(a, b) values (default, 2)');
    expect(roundTrip('update t set a = default')).toBe('update t set a = default');
    expect(roundTrip('insert into t values()')).toBe('insert into t values ()');
    expect(roundTrip('delete u.* from user u where u.id = 1')).toBe('delete u from `user` as u where u.id = 1');
  });

  it('nested parenthesised unions and subqueries inside function arguments (parse failures)', () => {
    expect(roundTrip('(select 1 union select 2) union (select 3 union select 4)')).toBe(
      'select 1 from dual union select 2 from dual union select 3 from dual union select 4 from dual',
    );
    expect(roundTrip('select max((select 1))')).toBe('select max((select 1 from dual)) from dual');
    expect(roundTrip('insert into t values ((select 1), 2)')).toBe('insert into t values ((select 1 from dual), 2)');
  });

  it('`substring(x from a for b)`, `distinct sql_calc_found_rows`, assignments outside a select list', () => {
    expect(firstItem('select substring(a from 1 for 2) from t')).toMatchObject({ kind: 'func', args: [{ name: 'a' }, { value: '1' }, { value: '2' }] });
    expect(parseSql('select distinct sql_calc_found_rows a from t')).toMatchObject({ distinct: true, sqlCalcFoundRows: true, columns: [{ expr: { name: 'a' } }] });
    expect(parseSql('update t set a = @v := 42')).toMatchObject({ set: [{ expr: { kind: 'binary', op: ':=' } }] });
  });

  it('words the parser reserves but MySQL does not are retried as identifiers', () => {
    expect(firstItem('select stddev(a) from t')).toMatchObject({ kind: 'aggregate', name: 'stddev' });
  });

  it('three-part column names in SET / ON DUPLICATE KEY UPDATE (a parse failure)', () => {
    expect(parseSql('insert into t(a) values (1) on duplicate key update ks.t.a = 5')).toMatchObject({
      onDuplicate: [{ column: { table: { qualifier: 'ks', name: 't' }, name: 'a' } }],
    });
  });

  it('a bind variable after REGEXP / RLIKE (the parser takes only a string there)', () => {
    expect(roundTrip('select * from t where c regexp :x')).toBe('select * from t where c regexp :x');
    expect(roundTrip('select * from t where c not rlike ?')).toBe('select * from t where c not regexp :v1');
  });
});
