import { describe, expect, it } from 'vitest';
import type { Delete, Expr, Insert, Select, SelectStatement, Union, Update } from '../../src/sql/ast.js';
import { parseSql, parseSqlMulti } from '../../src/sql/parse.js';

const select = (sql: string): Select => {
  const s = parseSql(sql);
  if (s.kind !== 'select') throw new Error(`not a select: ${s.kind}`);
  return s;
};
const col = (name: string, table: string | null = null, qualifier: string | null = null): Expr => ({
  kind: 'column',
  table: table === null ? null : { qualifier, name: table },
  name,
});
const int = (value: string): Expr => ({ kind: 'literal', type: 'int', value, charset: null });
const str = (value: string): Expr => ({ kind: 'literal', type: 'string', value, charset: null });
const where = (sql: string): Expr => {
  const w = select(sql).where;
  if (w === null) throw new Error('no where');
  return w;
};
const items = (sql: string): Expr[] => select(sql).columns.map((c) => (c.kind === 'aliased' ? c.expr : (undefined as never)));

describe('parseSql: SELECT', () => {
  it('reads a point select into the AST shape', () => {
    expect(parseSql('select `user`.id, name from `user` where id = 5')).toEqual({
      kind: 'select',
      with: null,
      distinct: false,
      sqlCalcFoundRows: false,
      columns: [
        { kind: 'aliased', expr: col('id', 'user'), as: null },
        { kind: 'aliased', expr: col('name'), as: null },
      ],
      from: [{ kind: 'table', name: { qualifier: null, name: 'user' }, as: null, hints: [] }],
      where: { kind: 'binary', op: '=', left: col('id'), right: int('5'), escape: null },
      groupBy: [],
      having: null,
      orderBy: [],
      limit: null,
      lock: null,
      comments: { directives: {}, raw: [] },
    });
  });

  it('reads stars, aliases, qualified names and FROM-less selects', () => {
    const s = select('select *, u.*, ks.t.*, a as b, c d, e \'f\' from ks.t as u');
    expect(s.columns).toEqual([
      { kind: 'star', table: null },
      { kind: 'star', table: { qualifier: null, name: 'u' } },
      { kind: 'star', table: { qualifier: 'ks', name: 't' } },
      { kind: 'aliased', expr: col('a'), as: 'b' },
      { kind: 'aliased', expr: col('c'), as: 'd' },
      { kind: 'aliased', expr: col('e'), as: 'f' },
    ]);
    expect(s.from).toEqual([{ kind: 'table', name: { qualifier: 'ks', name: 't' }, as: 'u', hints: [] }]);
    expect(select('select 1').from).toEqual([]);
    expect(select('select 1 from dual').from).toEqual([]);
    expect(items('select ks.t.c from x')).toEqual([col('c', 't', 'ks')]);
  });

  it('reads GROUP BY, HAVING, ORDER BY, LIMIT, locks, INTO and DISTINCT', () => {
    const s = select('select distinct a from t group by a, b having count(*) > 1 order by a desc, b limit 10 offset 5 for update');
    expect(s.distinct).toBe(true);
    expect(s.groupBy).toEqual([col('a'), col('b')]);
    expect(s.having?.kind).toBe('binary');
    expect(s.orderBy).toEqual([
      { expr: col('a'), direction: 'desc' },
      { expr: col('b'), direction: null },
    ]);
    expect(s.limit).toEqual({ rowCount: int('10'), offset: int('5') });
    expect(s.lock).toBe('for update');
    expect(select('select a from t limit 5, 10').limit).toEqual({ rowCount: int('10'), offset: int('5') });
    expect(select('select a from t LOCK IN SHARE MODE').lock).toBe('lock in share mode');
    expect(select('select a from t for update skip locked').lock).toBe('for update skip locked');
    expect(select("select a from t into outfile S3 'x.txt'").into).toBe("into outfile s3 'x.txt'");
    expect(select('select sql_calc_found_rows a from t').sqlCalcFoundRows).toBe(true);
    expect(select('select a from t group by a with rollup').rollup).toBe(true);
  });

  it('reads joins into a left-deep tree and comma lists into separate FROM items', () => {
    const s = select('select 1 from a join b on a.x = b.x left join c using (y), d straight_join e');
    expect(s.from).toHaveLength(2);
    const [j1, j2] = s.from;
    expect(j1).toMatchObject({
      kind: 'join',
      type: 'left join',
      using: ['y'],
      on: null,
      left: { kind: 'join', type: 'join', left: { kind: 'table', name: { name: 'a' } }, right: { kind: 'table', name: { name: 'b' } } },
      right: { kind: 'table', name: { name: 'c' } },
    });
    expect(j2).toMatchObject({ kind: 'join', type: 'straight_join', on: null, using: null });
    const types = (sql: string): string[] => {
      const out: string[] = [];
      let t = select(sql).from[0];
      while (t?.kind === 'join') {
        out.unshift(t.type);
        t = t.left;
      }
      return out;
    };
    expect(types('select 1 from a inner join b on 1 cross join c right outer join d on 1')).toEqual(['join', 'join', 'right join']);
    expect(types('select 1 from a natural join b natural left outer join c natural right join d')).toEqual([
      'natural join',
      'natural left join',
      'natural right join',
    ]);
  });

  it('reads derived tables, their column lists and LATERAL', () => {
    const s = select('select * from (select 1, 2) as dt(a, b) join lateral (select 3) l on 1');
    const join = s.from[0];
    if (join?.kind !== 'join') throw new Error('join expected');
    expect(join.left).toMatchObject({ kind: 'derived', as: 'dt', columns: ['a', 'b'], lateral: false, select: { kind: 'select' } });
    expect(join.right).toMatchObject({ kind: 'derived', as: 'l', columns: [], lateral: true });
  });

  it('reads index hints (a parse failure in node-sql-parser) into the table they follow', () => {
    const s = select('select 1 from user u use index (a, b) join music force key for join (k) on u.id = music.id');
    const join = s.from[0];
    if (join?.kind !== 'join') throw new Error('join expected');
    expect(join.left).toMatchObject({ kind: 'table', as: 'u', hints: ['use index (a, b)'] });
    expect(join.right).toMatchObject({ kind: 'table', as: null, hints: ['force key for join (k)'] });
    expect(select('select 1 from t ignore vindex (v)').from[0]).toMatchObject({ hints: ['ignore vindex (v)'] });
  });

  it('reads UNION left-deep, with a trailing ORDER BY / LIMIT on the union itself', () => {
    const u = parseSql('select a from t union select b from u union all select c from v order by 1 limit 2') as Union;
    expect(u.kind).toBe('union');
    expect(u.distinct).toBe(false);
    expect(u.orderBy).toEqual([{ expr: int('1'), direction: null }]);
    expect(u.limit).toEqual({ rowCount: int('2'), offset: null });
    expect(u.left).toMatchObject({ kind: 'union', distinct: true });
    expect(u.right).toMatchObject({ kind: 'select', orderBy: [], limit: null });
    const p = parseSql('(select a from t order by a limit 1) union (select b from u)') as Union;
    expect(p.left).toMatchObject({ kind: 'select', limit: { rowCount: int('1') } });
    const nested = parseSql('((select 1) union (select 2)) union select 3') as Union;
    expect(nested.left.kind).toBe('union');
    expect(parseSql('((((select 1))))').kind).toBe('select');
  });

  it('reads WITH (also recursive, with column lists)', () => {
    const s = parseSql('with recursive c(n) as (select 1 union all select n + 1 from c), d as (select 2) select * from c, d') as SelectStatement;
    expect(s.with).toMatchObject({ recursive: true, ctes: [{ name: 'c', columns: ['n'], select: { kind: 'union' } }, { name: 'd', columns: [] }] });
  });

  it('reads subqueries in every position', () => {
    const w = where('select 1 from t where a in (select b from u) and exists (select 1) and c = (select max(d) from v) and e = any (select f from w)');
    expect(w).toMatchObject({
      op: 'and',
      left: {
        op: 'and',
        left: { op: 'and', left: { kind: 'in', list: { kind: 'subquery' } }, right: { kind: 'exists' } },
        right: { kind: 'binary', right: { kind: 'subquery' } },
      },
      right: { kind: 'binary', op: '=', quantifier: 'any', right: { kind: 'subquery' } },
    });
    expect(items('select max((select 1)), trim((select 2))')).toMatchObject([
      { kind: 'aggregate', name: 'max', args: [{ kind: 'subquery' }] },
      { kind: 'func', args: [{ kind: 'subquery' }] },
    ]);
  });
});

describe('parseSql: expressions', () => {
  it('keeps literal values exact (bigints, decimals, floats, hex and bit literals)', () => {
    expect(items("select 1, 1.50, .5, 1e3, 1.5E-3, 0x1F, X'1f', b'101', 0b101, 18446744073709551616, 9007199254740993, null, true, FALSE")).toEqual([
      int('1'),
      { kind: 'literal', type: 'decimal', value: '1.50', charset: null },
      { kind: 'literal', type: 'decimal', value: '.5', charset: null },
      { kind: 'literal', type: 'float', value: '1e3', charset: null },
      { kind: 'literal', type: 'float', value: '1.5E-3', charset: null },
      { kind: 'literal', type: 'hexnum', value: '0x1F', charset: null },
      { kind: 'literal', type: 'hexval', value: "X'1f'", charset: null },
      { kind: 'literal', type: 'bitnum', value: "b'101'", charset: null },
      { kind: 'literal', type: 'bitnum', value: '0b101', charset: null },
      int('18446744073709551616'),
      int('9007199254740993'),
      { kind: 'literal', type: 'null', value: '', charset: null },
      { kind: 'literal', type: 'bool', value: 'true', charset: null },
      { kind: 'literal', type: 'bool', value: 'false', charset: null },
    ]);
  });

  it('folds a minus sign into numeric literals, as Vitess does', () => {
    expect(items('select -5, - 1.5, -a, - -5')).toEqual([
      int('-5'),
      { kind: 'literal', type: 'decimal', value: '-1.5', charset: null },
      { kind: 'unary', op: '-', expr: col('a') },
      { kind: 'unary', op: '-', expr: int('-5') },
    ]);
  });

  it('unescapes strings and keeps charset introducers', () => {
    expect(items("select 'it''s', 'a\\'b', \"dq\", 'x\\ny', _binary'abc', _utf8mb4 'd', N'e'")).toEqual([
      str("it's"),
      str("a'b"),
      str('dq'),
      str('x\ny'),
      { kind: 'literal', type: 'string', value: 'abc', charset: 'binary' },
      { kind: 'literal', type: 'string', value: 'd', charset: 'utf8mb4' },
      str('e'),
    ]);
  });

  it('reads bind variables: :name, ::list and ? numbered :v1, :v2, ...', () => {
    expect(where('select 1 from t where a = :x and b in ::vals and c = ? and d in (?, ?)')).toEqual({
      kind: 'binary',
      op: 'and',
      escape: null,
      left: {
        kind: 'binary',
        op: 'and',
        escape: null,
        left: {
          kind: 'binary',
          op: 'and',
          escape: null,
          left: { kind: 'binary', op: '=', left: col('a'), right: { kind: 'bind', name: 'x', list: false }, escape: null },
          right: { kind: 'in', expr: col('b'), not: false, list: { kind: 'bind', name: 'vals', list: true } },
        },
        right: { kind: 'binary', op: '=', left: col('c'), right: { kind: 'bind', name: 'v1', list: false }, escape: null },
      },
      right: {
        kind: 'in',
        expr: col('d'),
        not: false,
        list: [
          { kind: 'bind', name: 'v2', list: false },
          { kind: 'bind', name: 'v3', list: false },
        ],
      },
    });
    expect(where('select 1 from t where (a, b) in ::vals')).toEqual({
      kind: 'in',
      expr: { kind: 'tuple', items: [col('a'), col('b')] },
      not: false,
      list: { kind: 'bind', name: 'vals', list: true },
    });
    // Placeholders count from 1 in each statement.
    const [a, b] = parseSqlMulti('select ?; select ?') as Select[];
    expect([a?.columns, b?.columns]).toEqual([
      [{ kind: 'aliased', expr: { kind: 'bind', name: 'v1', list: false }, as: null }],
      [{ kind: 'aliased', expr: { kind: 'bind', name: 'v1', list: false }, as: null }],
    ]);
  });

  it('reads IN, BETWEEN, IS, LIKE ... ESCAPE, tuples', () => {
    expect(items("select a not in (1, 2), b between 1 and 2, c not between 3 and 4, d is null, e is not true, f is unknown, g like 'x' escape '!', (h, i)")).toEqual([
      { kind: 'in', expr: col('a'), not: true, list: [int('1'), int('2')] },
      { kind: 'between', expr: col('b'), not: false, low: int('1'), high: int('2') },
      { kind: 'between', expr: col('c'), not: true, low: int('3'), high: int('4') },
      { kind: 'is', expr: col('d'), not: false, value: 'null' },
      { kind: 'is', expr: col('e'), not: true, value: 'true' },
      { kind: 'is', expr: col('f'), not: false, value: 'unknown' },
      { kind: 'binary', op: 'like', left: col('g'), right: str('x'), escape: str('!') },
      { kind: 'tuple', items: [col('h'), col('i')] },
    ]);
  });

  it('reads functions, aggregates, CASE, CAST/CONVERT, INTERVAL, COLLATE, variables', () => {
    expect(items("select concat(a, 'x'), ks.fn(), count(*), count(distinct a), sum(distinct b), group_concat(c order by c separator ';')")).toEqual([
      { kind: 'func', name: 'concat', args: [col('a'), str('x')] },
      { kind: 'func', name: 'ks.fn', args: [] },
      { kind: 'aggregate', name: 'count', args: [], star: true, distinct: false, orderBy: [], separator: null },
      { kind: 'aggregate', name: 'count', args: [col('a')], star: false, distinct: true, orderBy: [], separator: null },
      { kind: 'aggregate', name: 'sum', args: [col('b')], star: false, distinct: true, orderBy: [], separator: null },
      { kind: 'aggregate', name: 'group_concat', args: [col('c')], star: false, distinct: false, orderBy: [{ expr: col('c'), direction: null }], separator: ';' },
    ]);
    expect(items('select case a when 1 then 2 else 3 end, cast(a as unsigned), convert(a, char(10)), convert(a using utf8mb4), interval 1 day, a collate utf8_bin')).toEqual([
      { kind: 'case', operand: col('a'), whens: [{ when: int('1'), then: int('2') }], else: int('3') },
      { kind: 'cast', style: 'cast', expr: col('a'), type: 'unsigned' },
      { kind: 'cast', style: 'convert', expr: col('a'), type: 'char(10)' },
      { kind: 'cast', style: 'convert_using', expr: col('a'), type: 'utf8mb4' },
      { kind: 'interval', expr: int('1'), unit: 'day' },
      { kind: 'collate', expr: col('a'), collation: 'utf8_bin' },
    ]);
    expect(items('select @a, @@b, @@session.c, @@global.d, @`e f`')).toEqual([
      { kind: 'variable', scope: 'user', name: 'a', explicitScope: false },
      { kind: 'variable', scope: 'session', name: 'b', explicitScope: false },
      { kind: 'variable', scope: 'session', name: 'c', explicitScope: true },
      { kind: 'variable', scope: 'global', name: 'd', explicitScope: true },
      { kind: 'variable', scope: 'user', name: 'e f', explicitScope: false },
    ]);
  });

  it('reads window functions', () => {
    expect(items('select row_number() over (partition by a order by b desc), rank() over w')).toEqual([
      { kind: 'func', name: 'row_number', args: [], over: { name: null, partitionBy: [col('a')], orderBy: [{ expr: col('b'), direction: 'desc' }], frame: null } },
      { kind: 'func', name: 'rank', args: [], over: { name: 'w', partitionBy: [], orderBy: [], frame: null } },
    ]);
  });

  it('reads sequences: select next N values / next value', () => {
    expect(select('select next 5 values from seq').columns).toEqual([{ kind: 'next', count: int('5') }]);
    expect(select('select next value from seq').columns).toEqual([{ kind: 'next', count: int('1') }]);
    expect(select('select next :n values from ks.seq')).toMatchObject({
      columns: [{ kind: 'next', count: { kind: 'bind', name: 'n', list: false } }],
      from: [{ kind: 'table', name: { qualifier: 'ks', name: 'seq' } }],
    });
    const derived = select('select * from (select next value from seq) t').from[0];
    expect(derived).toMatchObject({ kind: 'derived', select: { columns: [{ kind: 'next' }] } });
    // A column named next stays a column.
    expect(items('select next from t')).toEqual([col('next')]);
  });
});

describe('parseSql: comments and directives', () => {
  it('pulls comments out, parses /*vt+ */ directives, and keeps every comment as written', () => {
    const s = parseSql("select /*vt+ QUERY_TIMEOUT_MS=100 scatter_errors_as_warnings PLANNER='left2right' */ /* c2 */ a from t -- tail\n");
    expect(s).toMatchObject({
      kind: 'select',
      comments: {
        directives: { QUERY_TIMEOUT_MS: '100', SCATTER_ERRORS_AS_WARNINGS: true, PLANNER: 'left2right' },
        raw: ["/*vt+ QUERY_TIMEOUT_MS=100 scatter_errors_as_warnings PLANNER='left2right' */", '/* c2 */', '-- tail'],
      },
    });
    expect((parseSql('/* lead */ insert /*vt+ MULTI_SHARD_AUTOCOMMIT=1 */ into t values (1)') as Insert).comments.directives).toEqual({
      MULTI_SHARD_AUTOCOMMIT: '1',
    });
    expect((parseSql('update /*+ SET_VAR(foreign_key_checks=OFF) */ t set a = 1') as Update).comments.raw).toEqual([
      '/*+ SET_VAR(foreign_key_checks=OFF) */',
    ]);
    expect((parseSql('select 1 # hash comment') as Select).comments.raw).toEqual(['# hash comment']);
  });
});

describe('parseSql: INSERT, UPDATE, DELETE', () => {
  it('reads INSERT column lists exactly (backticked keywords included) and VALUES rows', () => {
    const i = parseSql("insert into ks.t (`key`, `order`, id) values (1, 'a', default), (2, 'b', 3)") as Insert;
    expect(i).toMatchObject({
      kind: 'insert',
      action: 'insert',
      ignore: false,
      table: { qualifier: 'ks', name: 't' },
      columns: ['key', 'order', 'id'],
      select: null,
      onDuplicate: [],
    });
    expect(i.rows).toEqual([
      [int('1'), str('a'), { kind: 'default', column: null }],
      [int('2'), str('b'), int('3')],
    ]);
  });

  it('reads the other INSERT forms', () => {
    expect(parseSql('insert into t values ()')).toMatchObject({ columns: null, rows: [[]] });
    expect(parseSql('insert into t () values ()')).toMatchObject({ columns: [], rows: [[]] });
    expect(parseSql('insert ignore into t values (now())')).toMatchObject({ ignore: true, rows: [[{ kind: 'func', name: 'now', args: [] }]] });
    expect(parseSql('replace into t(a) values (1)')).toMatchObject({ action: 'replace' });
    expect(parseSql("insert into t set a = 1, b = 'x'")).toMatchObject({ columns: ['a', 'b'], rows: [[int('1'), str('x')]] });
    expect(parseSql('insert into t(a) select b from u')).toMatchObject({ rows: null, select: { kind: 'select' } });
    expect(parseSql('insert into t(a) (select b from u union select 1)')).toMatchObject({ rows: null, select: { kind: 'union' } });
    expect(parseSql('insert into t(a) values (1) on duplicate key update a = values(a), b = b + 1')).toMatchObject({
      onDuplicate: [
        { column: col('a'), expr: { kind: 'values_func', column: col('a') } },
        { column: col('b'), expr: { kind: 'binary', op: '+' } },
      ],
    });
    expect(parseSql('insert into t values (1, 2) as new (a, b) on duplicate key update c = new.a')).toMatchObject({
      rowAlias: { name: 'new', columns: ['a', 'b'] },
      onDuplicate: [{ column: col('c'), expr: col('a', 'new') }],
    });
    // Column and value counts are the planner's to check (Vitess reports the mismatch, the parser must not).
    expect(parseSql('insert into t(a, b) values (1)')).toMatchObject({ columns: ['a', 'b'], rows: [[int('1')]] });
  });

  it('reads UPDATE with modifiers, several tables, ORDER BY and LIMIT', () => {
    const u = parseSql('update low_priority ignore user u, music m set u.a = 1, b = default where u.id = m.id order by a limit 1') as Update;
    expect(u).toMatchObject({
      kind: 'update',
      ignore: true,
      tables: [
        { kind: 'table', name: { name: 'user' }, as: 'u' },
        { kind: 'table', name: { name: 'music' }, as: 'm' },
      ],
      set: [
        { column: col('a', 'u'), expr: int('1') },
        { column: col('b'), expr: { kind: 'default', column: null } },
      ],
      orderBy: [{ expr: col('a'), direction: null }],
      limit: { rowCount: int('1'), offset: null },
    });
    expect(parseSql('update ignore (select a from t) u, m set u.a = 1')).toMatchObject({ tables: [{ kind: 'derived', as: 'u' }, { kind: 'table' }] });
  });

  it('reads DELETE: single table, targets, `using`, `t.*` targets', () => {
    expect(parseSql('delete from ks.t where id = 1 limit 1')).toMatchObject({ targets: [], from: [{ name: { qualifier: 'ks', name: 't' } }], limit: { rowCount: int('1') } });
    const multi = parseSql('delete a, b from a join b on a.x = b.y') as Delete;
    expect(multi.targets).toEqual([
      { qualifier: null, name: 'a' },
      { qualifier: null, name: 'b' },
    ]);
    expect(parseSql('delete from a using a join b on a.x = b.y')).toMatchObject({ targets: [{ name: 'a' }], from: [{ kind: 'join' }] });
    expect(parseSql('delete u.* from user u where u.id = 1')).toMatchObject({ targets: [{ name: 'u' }] });
    expect(parseSql('delete ignore quick from t')).toMatchObject({ ignore: true });
  });
});

describe('parseSql: statements handled by kind', () => {
  const kinds: [string, Record<string, unknown>][] = [
    ['set @a = 1', { kind: 'set' }],
    ['use ks@replica', { kind: 'use', target: 'ks@replica' }],
    ['use `ks:-80@replica`', { kind: 'use', target: 'ks:-80@replica' }],
    ['use', { kind: 'use', target: '' }],
    ['begin', { kind: 'begin', sql: 'begin' }],
    ['start transaction', { kind: 'begin' }],
    ['commit', { kind: 'commit' }],
    ['rollback work', { kind: 'rollback' }],
    ['savepoint s1', { kind: 'savepoint', name: 's1' }],
    ['release savepoint s1', { kind: 'release_savepoint', name: 's1' }],
    ['rollback to savepoint s1', { kind: 'rollback_to_savepoint', name: 's1' }],
    ['show full processlist', { kind: 'show', type: 'processlist', full: true }],
    ['show vitess_shards', { kind: 'show', type: 'vitess_shards' }],
    ["show vitess_tablets like '-2%'", { kind: 'show', type: 'vitess_tablets', like: '-2%' }],
    ['show full fields from `route1`', { kind: 'show', type: 'columns', full: true, table: { qualifier: null, name: 'route1' } }],
    ['show full columns from x.t from sys', { kind: 'show', type: 'columns', table: { qualifier: 'x', name: 't' }, database: 'sys' }],
    ['show create table user.t', { kind: 'show', type: 'create table', table: { qualifier: 'user', name: 't' } }],
    ['SHOW table StatUs In main', { kind: 'show', type: 'table status', database: 'main' }],
    ['show global variables', { kind: 'show', type: 'global variables' }],
    ['show vschema vindexes', { kind: 'show', type: 'vschema vindexes' }],
    ['show vitess_migrations from user where id = 5', { kind: 'show', database: 'user', where: { kind: 'binary' } }],
    ['explain select 1', { kind: 'explain', type: 'explain', statement: { kind: 'select' } }],
    ['describe select 1', { kind: 'explain', type: 'explain' }],
    ['vexplain plan select 1', { kind: 'explain', type: 'vexplain_plan' }],
    ['vexplain ALL select 1', { kind: 'explain', type: 'vexplain_all' }],
    ['describe ks.t', { kind: 'other', type: 'explain_table', sql: 'explain ks.t', tables: [{ qualifier: 'ks', name: 't' }] }],
    ['create table t1(id bigint, primary key(id))', { kind: 'other', type: 'ddl', tables: [{ qualifier: null, name: 't1' }] }],
    ['alter table user.a add id int', { kind: 'other', type: 'ddl', tables: [{ qualifier: 'user', name: 'a' }] }],
    ['drop table if exists a, b.c', { kind: 'other', type: 'ddl', tables: [{ qualifier: null, name: 'a' }, { qualifier: 'b', name: 'c' }] }],
    ['truncate user.user_extra', { kind: 'other', type: 'ddl', tables: [{ qualifier: 'user', name: 'user_extra' }] }],
    ['rename table a to b, c to d', { kind: 'other', type: 'ddl', tables: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] }],
    ['create index i on ks.t(id)', { kind: 'other', type: 'ddl', tables: [{ qualifier: 'ks', name: 't' }] }],
    ['create view v as select * from t', { kind: 'other', type: 'ddl', tables: [{ name: 'v' }], select: { kind: 'select' } }],
    ['drop database if exists main', { kind: 'other', type: 'dbddl' }],
    ['call ks.p(1)', { kind: 'other', type: 'call', tables: [{ qualifier: 'ks', name: 'p' }] }],
    ['flush local tables a, b with read lock', { kind: 'other', type: 'flush', tables: [{ name: 'a' }, { name: 'b' }] }],
    ['lock tables t low_priority write, u as x read', { kind: 'other', type: 'lock_tables', tables: [{ name: 't' }, { name: 'u' }] }],
    ['unlock tables', { kind: 'other', type: 'unlock_tables' }],
    ['optimize table t1', { kind: 'other', type: 'optimize', tables: [{ name: 't1' }] }],
    ["load data from s3 'x.txt' into table x", { kind: 'other', type: 'load', tables: [{ name: 'x' }] }],
    ["prepare p from 'select 1'", { kind: 'other', type: 'prepare' }],
    ["xa start 'x'", { kind: 'other', type: 'xa' }],
    ['alter vschema on user.a add vindex h(id)', { kind: 'other', type: 'alter_vschema', tables: [{ qualifier: 'user', name: 'a' }] }],
    ["alter vitess_migration 'abc' complete", { kind: 'other', type: 'vitess_migration' }],
    ['stream * from music', { kind: 'other', type: 'stream', tables: [{ name: 'music' }] }],
  ];
  it.each(kinds)('%s', (sql, expected) => {
    expect(parseSql(sql)).toMatchObject(expected);
  });

  it('keeps the text of statements it passes through', () => {
    expect(parseSql('create /* test */ table t1(id bigint) /* comments */;')).toMatchObject({
      kind: 'other',
      sql: 'create /* test */ table t1(id bigint) /* comments */',
    });
  });

  it('reads SET: scopes, names, transaction, on/off/default', () => {
    expect(parseSql("set @a = 1, @@session.autocommit = on, global sql_mode = 'x', b = off, @@c := default")).toEqual({
      kind: 'set',
      assignments: [
        { variable: { kind: 'variable', scope: 'user', name: 'a', explicitScope: false }, expr: int('1') },
        { variable: { kind: 'variable', scope: 'session', name: 'autocommit', explicitScope: true }, expr: str('on') },
        { variable: { kind: 'variable', scope: 'global', name: 'sql_mode', explicitScope: true }, expr: str('x') },
        // MySQL: the last GLOBAL/SESSION keyword applies to the assignments after it.
        { variable: { kind: 'variable', scope: 'global', name: 'b', explicitScope: true }, expr: col('off') },
        { variable: { kind: 'variable', scope: 'session', name: 'c', explicitScope: false }, expr: { kind: 'default', column: null } },
      ],
      comments: { directives: {}, raw: [] },
    });
    expect(parseSql('set @@session.`autocommit` = 0')).toMatchObject({ assignments: [{ variable: { name: 'autocommit', explicitScope: true } }] });
    expect(parseSql('set names utf8mb4 collate utf8mb4_bin')).toMatchObject({ assignments: [{ variable: { name: 'names' }, expr: str('utf8mb4') }] });
    expect(parseSql('set transaction isolation level read committed')).toMatchObject({
      assignments: [{ variable: { name: 'transaction_isolation', explicitScope: false }, expr: str('read-committed') }],
    });
    expect(parseSql("set @@sql_mode = concat(@@sql_mode, ',X'), @@sql_safe_updates = 1")).toMatchObject({
      assignments: [{ expr: { kind: 'func', name: 'concat' } }, { expr: int('1') }],
    });
  });

  it('parses several statements with parseSqlMulti, a procedure body as one', () => {
    expect(parseSqlMulti('select 1; begin;; commit ;').map((s) => s.kind)).toEqual(['select', 'begin', 'commit']);
    expect(parseSqlMulti('create procedure p() begin select 1; select 2; end; ').map((s) => s.kind)).toEqual(['other']);
    expect(parseSqlMulti('  /* only a comment */ ')).toEqual([]);
  });
});
