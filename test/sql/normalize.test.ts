import { describe, expect, it } from 'vitest';
import { quoteString, unescapeString } from '../../src/sql/literals.js';
import {
  keyToParserSql,
  normalizeSql,
  type NormalizedBind,
  type NormalizedSql,
  type NormalizedValue,
} from '../../src/sql/normalize.js';
import { KEYWORDS } from '../../src/sql/normalize-keywords.js';
import { CORPUS } from './corpus.js';

const key = (sql: string): string => normalizeSql(sql).key;

/** Scalar bind values in order, as `type:value`. */
function values(n: NormalizedSql): string[] {
  return n.binds.map((b) => (b.kind === 'scalar' ? `${b.value.type}:${b.value.value}` : `${b.kind}[${b.values.map((v) => `${v.type}:${v.value}`).join(',')}]`));
}

function scalar(b: NormalizedBind | undefined): NormalizedValue {
  if (b === undefined || b.kind !== 'scalar') throw new Error(`expected a scalar bind, got ${JSON.stringify(b)}`);
  return b.value;
}

function list(b: NormalizedBind | undefined): readonly NormalizedValue[] {
  if (b === undefined || b.kind === 'scalar') throw new Error(`expected a list or column bind, got ${JSON.stringify(b)}`);
  return b.values;
}

function sameKey(...sqls: string[]): void {
  const keys = sqls.map(key);
  for (const k of keys) expect(k).toBe(keys[0]);
}

function differentKeys(...sqls: string[]): void {
  const keys = sqls.map(key);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('normalizeSql: the key', () => {
  it('turns literals into :vtgN binds in order of appearance', () => {
    const n = normalizeSql("select a, b from t where id = 5 and name = 'x' and f = 1.5");
    expect(n.key).toBe('select a, b from t where id = :vtg1 and name = :vtg2 and f = :vtg3');
    expect(n.binds.map((b) => b.name)).toEqual(['vtg1', 'vtg2', 'vtg3']);
    expect(values(n)).toEqual(['int:5', 'string:x', 'decimal:1.5']);
    expect(n.kind).toBe('select');
    expect(n.unterminated).toBe(false);
  });

  it('gives statements that differ only in literal values the same key', () => {
    sameKey('select * from t where id = 1', 'select * from t where id = 18446744073709551615', "select * from t where id = 'abc'", 'select * from t where id = -2.5e3');
    sameKey("update t set a = 'x' where id = 1 limit 1", "update t set a = 'a longer string' where id = 2 limit 100");
    sameKey('select * from t where a = 1 and b = 1', 'select * from t where a = 1 and b = 2');
  });

  it('ignores whitespace, comments, keyword case and a trailing semicolon', () => {
    sameKey(
      'select a, b from t where id = 5',
      'SELECT a,b FROM t WHERE id=5',
      '  select\n\ta ,  b\r\n from   t /* c */ where -- comment\n id = 5 ;  ',
      '/* leading */ Select a, # hash comment\n b From t Where id = 5',
      'select a, b from t where id = 5;',
    );
    sameKey('select count(*) from t', 'select count( * ) from t', 'select count(*)from t');
    sameKey('insert into t (a) values (1)', 'insert into t(a) values(1)', 'INSERT INTO t ( a ) VALUES ( 1 )');
    sameKey('select * from t where a in (1, 2)', 'select * from t where a IN(1,2)', 'select * from t where a in ( 1 , 2 )');
    sameKey('select a from t order by a desc limit 10 offset 5', 'SELECT a FROM t ORDER BY a DESC LIMIT 10 OFFSET 5');
    sameKey('select a from t lock in share mode', 'select a from t LOCK IN SHARE MODE');
    sameKey('select a from t for update skip locked', 'select a from t FOR UPDATE SKIP LOCKED');
    sameKey('insert into t(a) values (1) on duplicate key update a = 2', 'insert into t(a) values (1) ON DUPLICATE KEY UPDATE a = 2');
  });

  it('keeps identifiers, function names and quoted names exactly as written', () => {
    differentKeys('select a from user where id = 1', 'select a from User where id = 1', 'select a from `user` where id = 1', 'select a from `User` where id = 1');
    differentKeys('select a from t where id = 1', 'select b from t where id = 1', 'select a from t2 where id = 1', 'select a from t where id2 = 1');
    expect(key('select `order`.`key` from `order`')).toBe('select `order`.`key` from `order`');
    expect(key('select T.Id from T where T.Id = 1')).toBe('select T.Id from T where T.Id = :vtg1');
    // Reserved words after a qualifier's dot are names.
    expect(key('select t.Select from t')).toBe('select t.Select from t');
    // Non-reserved words are names unless the grammar makes them keywords.
    expect(key('select Offset, Mode, Next from Share')).toBe('select Offset, Mode, Next from Share');
  });

  it('does not share keys between different operators or shapes', () => {
    differentKeys('select * from t where a = 1', 'select * from t where a != 1', 'select * from t where a <> 1', 'select * from t where a <= 1', 'select * from t where a <=> 1', 'select * from t where a >= 1');
    differentKeys('select * from t where a = 1 and b = 2', 'select * from t where a = 1 or b = 2');
    differentKeys('select * from t where a = 1', 'select * from t where a = ?', 'select * from t where a = :x');
    differentKeys('select * from t where a in (1, 2)', 'select * from t where a not in (1, 2)', 'select * from t where a in (select b from u)');
  });

  it('collapses an IN list of literals into one list bind, whatever its length', () => {
    sameKey('select * from t where id in (1)', 'select * from t where id in (1, 2)', "select * from t where id in (1, 2, 3, 'x', null, -4, 0x1f, :p)");
    const n = normalizeSql("select * from t where id in (1, -2, 'x''y', null, true, x'0a', b'1', 2.5, 1e3, :p) and b = 3");
    expect(n.key).toBe('select * from t where id in ::vtg1 and b = :vtg2');
    expect(n.binds[0]?.kind).toBe('list');
    expect(list(n.binds[0])).toEqual([
      { type: 'int', value: '1' },
      { type: 'int', value: '-2' },
      { type: 'string', value: "x'y" },
      { type: 'null', value: '' },
      { type: 'bool', value: 'true' },
      { type: 'hexval', value: "x'0a'" },
      { type: 'bitnum', value: "b'1'" },
      { type: 'decimal', value: '2.5' },
      { type: 'float', value: '1e3' },
      { type: 'bindvar', value: 'p' },
    ]);
    expect(scalar(n.binds[1])).toEqual({ type: 'int', value: '3' });
    expect(key('select * from t where id not in (1, 2, 3)')).toBe('select * from t where id not in ::vtg1');
    // Comments inside the list are still collected.
    const c = normalizeSql('select * from t where id in (1 /* one */, 2)');
    expect(c.key).toBe('select * from t where id in ::vtg1');
    expect(c.comments).toEqual(['/* one */']);
  });

  it('does not collapse IN lists with ?, expressions, subqueries or tuples', () => {
    expect(key('select * from t where id in (?, ?)')).toBe('select * from t where id in (?, ?)');
    differentKeys('select * from t where id in (?, ?)', 'select * from t where id in (?, ?, ?)');
    expect(key('select * from t where id in (1, 2 + 3)')).toBe('select * from t where id in (:vtg1, :vtg2 + :vtg3)');
    expect(key('select * from t where (a, b) in ((1, 2), (3, 4))')).toBe('select * from t where (a, b) in ((:vtg1, :vtg2), (:vtg3, :vtg4))');
    expect(key('select * from t where id in (1, ?)')).toBe('select * from t where id in (:vtg1, ?)');
    expect(key('select * from t where a in ::ids')).toBe('select * from t where a in ::ids');
  });

  it('collapses multi-row VALUES into one row of column binds', () => {
    const one = normalizeSql("insert into t(a, b) values (1, 'x')");
    const many = normalizeSql(`insert into t(a, b) values ${Array.from({ length: 50 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`);
    expect(one.key).toBe('insert into t(a, b) values (::vtg1, ::vtg2)');
    expect(many.key).toBe(one.key);
    expect(one.insertRows).toBe(1);
    expect(many.insertRows).toBe(50);
    expect(many.binds.map((b) => b.kind)).toEqual(['column', 'column']);
    expect(list(many.binds[0]).map((v) => v.value)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(list(many.binds[1])[49]).toEqual({ type: 'string', value: 'v49' });
  });

  it('keeps non-literal parts of a row in the collapsed shape', () => {
    const n = normalizeSql("insert into t(a, b, c) values (1, now(), 'x'), (2, now(), 'y') on duplicate key update c = values(c), d = 5");
    expect(n.key).toBe('insert into t(a, b, c) values (::vtg1, now(), ::vtg2) on duplicate key update c = values (c), d = :vtg3');
    expect(values(n)).toEqual(['column[int:1,int:2]', 'column[string:x,string:y]', 'int:5']);
    expect(n.insertRows).toBe(2);
    sameKey("insert into t(a, b, c) values (1, now(), 'x')", "insert into t(a, b, c) values (7, now(), 'z'), (8, now(), 'w'), (9, now(), 'v')");
    // :name binds are slots too; the number of values per row is part of the key.
    expect(values(normalizeSql('insert into t values (:a, 1), (:b, 2)'))).toEqual(['column[bindvar:a,bindvar:b]', 'column[int:1,int:2]']);
    differentKeys('insert into t values (1, 2)', 'insert into t values (1, 2, 3)', 'insert into t values (1)');
    sameKey('replace into t values (1), (2)', 'REPLACE INTO t VALUES (3)');
    sameKey('insert into t value (1), (2)', 'INSERT INTO t VALUE (3)');
  });

  it('does not collapse rows of different shapes, or rows with ?', () => {
    const mixed = normalizeSql('insert into t values (1, now()), (2, 3)');
    expect(mixed.key).toBe('insert into t values (:vtg1, now()), (:vtg2, :vtg3)');
    expect(mixed.insertRows).toBeNull();
    expect(values(mixed)).toEqual(['int:1', 'int:2', 'int:3']);
    const q = normalizeSql('insert into t values (?, 1), (?, 2)');
    expect(q.key).toBe('insert into t values (?, :vtg1), (?, :vtg2)');
    expect(q.positional).toBe(2);
    expect(q.insertRows).toBeNull();
    expect(key("insert into t values (1, 'a' 'b'), (2, 'c')")).toBe('insert into t values (::vtg1, ::vtg2)');
    expect(key('insert into t values (1), (1 + 1)')).toBe('insert into t values (:vtg1), (:vtg2 + :vtg3)');
  });

  it('keeps ? as positional placeholders, :name and ::name as written', () => {
    const n = normalizeSql('select * from t where id = ? and tenant = ? and x = :x and y in ::ys and z = 3');
    expect(n.key).toBe('select * from t where id = ? and tenant = ? and x = :x and y in ::ys and z = :vtg1');
    expect(n.positional).toBe(2);
    expect(n.binds).toHaveLength(1);
  });

  it('never reuses a :vtgN name the statement already uses', () => {
    const n = normalizeSql('select * from t where a = :vtg1 and b = 5 and c in (1, 2) and d = :vtg3');
    expect(n.key).toBe('select * from t where a = :vtg1 and b = :vtg2 and c in ::vtg4 and d = :vtg3');
    expect(n.binds.map((b) => b.name)).toEqual(['vtg2', 'vtg4']);
    expect(key('select * from t where a = :vtg0 and b = :vtgx and c = :vtg2 and d = 1 and e = 2 and f = :vtg05')).toBe(
      'select * from t where a = :vtg0 and b = :vtgx and c = :vtg2 and d = :vtg1 and e = :vtg3 and f = :vtg05',
    );
    expect(key('insert into t values (1, :vtg1), (2, :vtg1)')).toBe('insert into t values (::vtg2, ::vtg3)');
  });

  it('collapses only the first statement\'s VALUES rows', () => {
    const n = normalizeSql('insert into t values (1), (2); insert into u values (3), (4)');
    expect(n.key).toBe('insert into t values (::vtg1); insert into u values (:vtg2), (:vtg3)');
    expect(n.insertRows).toBe(2);
    expect(values(n)).toEqual(['column[int:1,int:2]', 'int:3', 'int:4']);
  });

  it('recognises keywords in any case, and only whole words', () => {
    expect(key('SeLeCt a FrOm t WhErE b iN (1) AnD c Is NoT nUlL')).toBe('select a from t where b in ::vtg1 and c is not null');
    expect(key('select selected, fromage, `select` from t')).toBe('select selected, fromage, `select` from t');
    expect(key('select _utf8x, _x from t')).toBe('select _utf8x, _x from t');
    for (const word of KEYWORDS.keys()) {
      if (word === 'null' || word === 'true' || word === 'false') continue;
      expect(key(`select x ${word.toUpperCase()}`), word).toBe(`select x ${word}`);
      expect(key(`select x ${word.toUpperCase()}Zq`), word).toBe(`select x ${word.toUpperCase()}Zq`);
    }
  });

  it('is idempotent: normalising a key gives the key back', () => {
    const extra = [
      "insert into t(a, b, c) values (1, now(), 'x'), (2, now(), 'y')",
      'select * from t where id in (1, 2, 3) and b = -5 limit 1, 2',
      '/*vt+ QUERY_TIMEOUT_MS=10 PLANNER=gen4 */ select 1 from dual',
    ];
    for (const sql of [...CORPUS, ...extra]) {
      const n = normalizeSql(sql);
      expect(normalizeSql(n.key).key, sql).toBe(n.key);
    }
  });
});

/** The key with every scalar / list bind replaced by its value written as SQL. */
function substitute(n: NormalizedSql): string {
  const byName = new Map(n.binds.map((b) => [b.name, b]));
  const render = (v: NormalizedValue): string =>
    v.type === 'string' ? quoteString(v.value) : v.type === 'null' ? 'null' : v.type === 'bindvar' ? `:${v.value}` : v.value;
  return n.key.replace(/(::?)(vtg[0-9]+)\b/g, (m, _colons: string, name: string) => {
    const b = byName.get(name);
    if (b === undefined || b.kind === 'column') return m;
    return b.kind === 'scalar' ? render(b.value) : `(${b.values.map(render).join(', ')})`;
  });
}

describe('normalizeSql: values round-trip', () => {
  it('gives the same key and values back when the values are written into the key', () => {
    const extra = [
      "select * from t where a = -5 and b = 'it''s \\ \\% \\n' and c in (1, -2.5, 'x', null, true, 0x1f, x'ab', b'1', 1e-3, :p) and d = \"q\"",
      'select a - -5, a--5, -a, - 5 from t where x = 18446744073709551615 limit 10 offset 2',
      "update t set a = 'x\\0y', b = false where id = -0.5",
    ];
    for (const sql of [...CORPUS, ...extra]) {
      const n = normalizeSql(sql);
      if (n.binds.some((b) => b.kind === 'column')) continue;
      const back = normalizeSql(substitute(n));
      expect(back.key, sql).toBe(n.key);
      expect(back.binds, sql).toEqual(n.binds);
    }
  });
});

describe('normalizeSql: bind values', () => {
  const one = (expr: string): NormalizedValue => {
    const n = normalizeSql(`select * from t where a = ${expr}`);
    expect(n.binds, expr).toHaveLength(1);
    return scalar(n.binds[0]);
  };

  it('keeps integers exact, never through a JS number', () => {
    expect(one('18446744073709551615')).toEqual({ type: 'int', value: '18446744073709551615' });
    expect(one('184467440737095516150000')).toEqual({ type: 'int', value: '184467440737095516150000' });
    expect(one('007')).toEqual({ type: 'int', value: '007' });
    expect(one('9007199254740993')).toEqual({ type: 'int', value: '9007199254740993' });
  });

  it('makes a unary minus part of the number (Vitess keeps -5 as one literal)', () => {
    expect(one('-5')).toEqual({ type: 'int', value: '-5' });
    expect(one('- 5')).toEqual({ type: 'int', value: '-5' });
    expect(one('-1.5')).toEqual({ type: 'decimal', value: '-1.5' });
    expect(one('-.5e-3')).toEqual({ type: 'float', value: '-.5e-3' });
    expect(one('-18446744073709551615')).toEqual({ type: 'int', value: '-18446744073709551615' });
    // A binary minus stays an operator.
    expect(values(normalizeSql('select a -5, a - 5, (1)-5, 1 - -5, a--5 from t'))).toEqual(['int:5', 'int:5', 'int:1', 'int:5', 'int:1', 'int:-5', 'int:-5']);
    expect(key('select a -5, a - 5, (1)-5, 1 - -5, a--5 from t')).toBe('select a - :vtg1, a - :vtg2, (:vtg3) - :vtg4, :vtg5 - :vtg6, a - :vtg7 from t');
    expect(key('select * from t where a = -0x10')).toBe('select * from t where a = - :vtg1');
    expect(values(normalizeSql('select * from t where a = -0x10'))).toEqual(['hexnum:0x10']);
    expect(key('select current_date - 1 from t')).toBe('select current_date - :vtg1 from t');
  });

  it('types decimals, floats, hex and bit literals', () => {
    expect(one('1.50')).toEqual({ type: 'decimal', value: '1.50' });
    expect(one('.5')).toEqual({ type: 'decimal', value: '.5' });
    expect(one('5.')).toEqual({ type: 'decimal', value: '5.' });
    expect(one('1e3')).toEqual({ type: 'float', value: '1e3' });
    expect(one('1.5E-3')).toEqual({ type: 'float', value: '1.5E-3' });
    expect(one('0x1F')).toEqual({ type: 'hexnum', value: '0x1F' });
    expect(one("X'1f'")).toEqual({ type: 'hexval', value: "X'1f'" });
    expect(one('0b101')).toEqual({ type: 'bitnum', value: '0b101' });
    expect(one("b'101'")).toEqual({ type: 'bitnum', value: "b'101'" });
    // NULL / TRUE / FALSE are values only in IN lists and VALUES rows (see the next tests).
    expect(key('select * from t where a = NULL and b = TRUE and c <> false')).toBe('select * from t where a = null and b = true and c <> false');
    const rows = normalizeSql("insert into t(a, b) values (null, true), (1, 'x')");
    expect(rows.key).toBe('insert into t(a, b) values (::vtg1, ::vtg2)');
    expect(rows.binds.map((b) => (b.kind === 'column' ? b.values.map((v) => v.type) : b.kind))).toEqual([['null', 'int'], ['bool', 'string']]);
  });

  it('reads names that start with digits as names', () => {
    expect(key('select 1abc, 0x1g, 0b12, 1e from t')).toBe('select 1abc, 0x1g, 0b12, 1e from t');
    expect(key('select t.1a, t.2 from t')).toBe('select t.1a, t.2 from t');
  });

  it('removes MySQL string escapes', () => {
    expect(one("'it''s'")).toEqual({ type: 'string', value: "it's" });
    expect(one('"say ""hi"""')).toEqual({ type: 'string', value: 'say "hi"' });
    expect(one("'a\\'b'")).toEqual({ type: 'string', value: "a'b" });
    expect(one("'\\0\\b\\n\\r\\t\\Z\\\\\\\"'")).toEqual({ type: 'string', value: '\0\b\n\r\t\x1a\\"' });
    expect(one("'100\\% \\_x'")).toEqual({ type: 'string', value: '100\\% \\_x' });
    expect(one("'\\q\\é'")).toEqual({ type: 'string', value: 'qé' });
    expect(one("'no escapes at all'")).toEqual({ type: 'string', value: 'no escapes at all' });
    expect(one("''")).toEqual({ type: 'string', value: '' });
    expect(one("'a' 'b' \"c\"")).toEqual({ type: 'string', value: 'abc' });
    expect(one("'日本語 ✓'")).toEqual({ type: 'string', value: '日本語 ✓' });
  });

  it('unescapes strings exactly as src/sql/literals.ts does', () => {
    const pieces = ["''", '""', '\\\\', "\\'", '\\"', '\\n', '\\%', '\\_', '\\x', 'a', ' ', '\\0', '\\Z', 'é'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const quote = rand(2) === 0 ? "'" : '"';
      let body = '';
      for (let j = rand(8); j > 0; j--) {
        const p = pieces[rand(pieces.length)]!;
        body += p === "''" || p === '""' ? quote + quote : p;
      }
      const literal = quote + body + quote;
      expect(one(literal).value, literal).toBe(unescapeString(literal));
    }
  });

  it('records LIMIT row counts and offsets', () => {
    const roles = (sql: string): string[] => normalizeSql(sql).binds.map((b) => (b.kind === 'scalar' ? `${b.role}:${b.value.value}` : b.kind));
    expect(roles('select a from t where b = 1 limit 10')).toEqual(['value:1', 'limit:10']);
    expect(roles('select a from t limit 10 offset 20')).toEqual(['limit:10', 'offset:20']);
    expect(roles('select a from t limit 20, 10')).toEqual(['offset:20', 'limit:10']);
    expect(roles('update t set a = 1 limit 5')).toEqual(['value:1', 'limit:5']);
    expect(roles('select a from t where b in (select c from u limit 1) limit 2')).toEqual(['limit:1', 'limit:2']);
    sameKey('select a from t limit 1', 'select a from t limit 1000');
    differentKeys('select a from t limit 1', 'select a from t limit 1, 2', 'select a from t limit 1 offset 2');
  });
});

describe('normalizeSql: literals that stay in the key', () => {
  it('keeps ORDER BY and GROUP BY literals (ordinals)', () => {
    expect(key('select a, b from t group by 1 order by 2 desc')).toBe('select a, b from t group by 1 order by 2 desc');
    differentKeys('select a, b from t order by 1', 'select a, b from t order by 2');
    differentKeys('select a, b from t group by 1', 'select a, b from t group by 2');
    expect(key("select a from t where b = 1 group by a having count(*) > 2 order by field(a, 'x', 'y') limit 3")).toBe(
      "select a from t where b = :vtg1 group by a having count(*) > :vtg2 order by field(a, 'x', 'y') limit :vtg3",
    );
    expect(key("select group_concat(a order by 1 separator ',') from t where b = 2")).toBe("select group_concat(a order by 1 separator ',') from t where b = :vtg1");
    expect(key('select a from t where b in (select c from u order by 1 limit 2) and d = 3')).toBe(
      'select a from t where b in (select c from u order by 1 limit :vtg1) and d = :vtg2',
    );
    expect(key('select a from t group by a with rollup')).toBe('select a from t group by a with rollup');
  });

  it('keeps the count of select next N values', () => {
    expect(key('select next 5 values from seq')).toBe('select next 5 values from seq');
    expect(key('SELECT NEXT 10 VALUES FROM seq')).toBe('select next 10 values from seq');
    expect(key('select next value from seq')).toBe('select next value from seq');
    expect(normalizeSql('select next 5 values from seq').binds).toHaveLength(0);
    expect(key('select next from t where a = 1')).toBe('select next from t where a = :vtg1');
  });

  it('keeps CAST / CONVERT target types', () => {
    expect(key("select cast(a as char(10)), cast('1' as SIGNED), convert(b, decimal(10, 2)), convert(c using utf8mb4) from t")).toBe(
      'select cast(a as char(10)), cast(:vtg1 as signed), convert(b, decimal(10, 2)), convert(c using utf8mb4) from t',
    );
    expect(key('select cast(5 + 1 as DECIMAL (20, 3)) from t')).toBe('select cast(:vtg1 + :vtg2 as decimal(20, 3)) from t');
    expect(key('select weight_string(a as binary(8)), weight_string(b) from t where c = 1')).toBe('select weight_string(a as binary(8)), weight_string(b) from t where c = :vtg1');
    expect(key('select convert(substr(a, 1, 2), char(3)) from t')).toBe('select convert(substr(a, :vtg1, :vtg2), char(3)) from t');
  });

  it('keeps collations, LIKE escape characters, JSON paths, quoted aliases and separators', () => {
    expect(key("select a from t where b = 'x' collate 'utf8mb4_bin'")).toBe("select a from t where b = :vtg1 collate 'utf8mb4_bin'");
    expect(key("select a from t where b like 'a!%' escape '!'")).toBe("select a from t where b like :vtg1 escape '!'");
    expect(values(normalizeSql("select a from t where b like 'a!%' ESCAPE '!'"))).toEqual(['string:a!%']);
    expect(key("select a->'$.x', a->>'$.y' from t where j->'$.z' = 1")).toBe("select a -> '$.x', a ->> '$.y' from t where j -> '$.z' = :vtg1");
    expect(key("select a as 'x', b 'y', 1 'one' from t")).toBe("select a as 'x', b 'y', :vtg1 'one' from t");
    expect(key("select date '2024-01-01', timestamp'2024-01-01 10:00:00' from t")).toBe("select date '2024-01-01', timestamp '2024-01-01 10:00:00' from t");
    expect(key("select convert(a using 'utf8mb4') from t")).toBe("select convert(a using 'utf8mb4') from t");
  });

  it('keeps introduced and national strings as written', () => {
    expect(key("select * from t where a = _binary'abc' and b = _utf8mb4 'x' and c = N'y' and d = 'z'")).toBe(
      "select * from t where a = _binary 'abc' and b = _utf8mb4 'x' and c = N'y' and d = :vtg1",
    );
    expect(key("select * from t where a = _binary x'00ff'")).toBe("select * from t where a = _binary x'00ff'");
  });

  it('keeps everything after INTO OUTFILE / DUMPFILE', () => {
    expect(key("select a from t where b = 1 into outfile '/tmp/x' fields terminated by ','")).toBe(
      "select a from t where b = :vtg1 into outfile '/tmp/x' fields terminated by ','",
    );
  });

  it('keeps IS NULL / IS NOT TRUE / IS UNKNOWN as keywords', () => {
    const n = normalizeSql('select * from t where a IS NULL and b is not TRUE and c is Unknown and d = null');
    // `d = null` keeps its NULL: it plans to no shard at all (Vitess's None route), not to a bound value.
    expect(n.key).toBe('select * from t where a is null and b is not true and c is unknown and d = null');
    expect(values(n)).toEqual([]);
  });

  it('binds interval values and select-list literals (the interval unit is a keyword)', () => {
    const n = normalizeSql('select 1, a from t where d > now() - interval 7 DAY');
    expect(n.key).toBe('select :vtg1, a from t where d > now() - interval :vtg2 day');
    sameKey('select 1 from dual', 'select 2 from dual');
  });

  it('leaves statements other than SELECT / INSERT / UPDATE / DELETE unbound', () => {
    for (const sql of ["set autocommit = 1, @x = 'a'", "show variables like 'x%'", 'create table t (id int default 5)', 'explain select * from t where id = 1', 'begin']) {
      const n = normalizeSql(sql);
      expect(n.kind, sql).toBe('other');
      expect(n.binds, sql).toHaveLength(0);
    }
    differentKeys('set autocommit = 1', 'set autocommit = 0');
    expect(key("SET  autocommit=1 , @x='a' /* c */")).toBe("set autocommit = 1, @x = 'a'");
    expect(key('use ks@replica')).toBe('use ks@replica');
  });
});

describe('normalizeSql: comments, directives and kind', () => {
  it('removes comments from the key and returns them', () => {
    const n = normalizeSql("/* a */ select -- b\n x # c\r\n from /*+ BKA(t) */ t where y = '/* not a comment */'");
    expect(n.key).toBe('select x from t where y = :vtg1');
    expect(n.comments).toEqual(['/* a */', '-- b', '# c', '/*+ BKA(t) */']);
    expect(values(n)).toEqual(['string:/* not a comment */']);
    // `--` needs a space after it to start a comment.
    expect(key('select a--1 from t')).toBe('select a - :vtg1 from t');
  });

  it('parses /*vt+ */ directives and keeps them, canonically, in the key', () => {
    const n = normalizeSql("select /*vt+ QUERY_TIMEOUT_MS=100 scatter_errors_as_warnings WORKLOAD_NAME='a b' */ a from t where id = 1");
    expect(n.directives).toEqual({ QUERY_TIMEOUT_MS: '100', SCATTER_ERRORS_AS_WARNINGS: true, WORKLOAD_NAME: 'a b' });
    expect(n.key).toBe('select a from t where id = :vtg1 /*vt+ QUERY_TIMEOUT_MS="100" SCATTER_ERRORS_AS_WARNINGS WORKLOAD_NAME="a b" */');
    expect(n.comments).toEqual(["/*vt+ QUERY_TIMEOUT_MS=100 scatter_errors_as_warnings WORKLOAD_NAME='a b' */"]);
    sameKey('select /*vt+ A=1 B */ a from t', '/*vt+ B A=1 */ select a from t', 'select a /*vt+ B */ from t /*vt+ A=1 */');
    differentKeys('select a from t', 'select /*vt+ MULTI_SHARD_AUTOCOMMIT */ a from t', 'select /*vt+ QUERY_TIMEOUT_MS=1 */ a from t');
    expect(normalizeSql('select 1').directives).toEqual({});
  });

  it('keeps /*! executable comments */ in the key', () => {
    expect(key('select /*! STRAIGHT_JOIN */ a from t')).toBe('select /*! STRAIGHT_JOIN */ a from t');
  });

  it('takes the kind from the first keyword', () => {
    const kinds: [string, string][] = [
      ['/* x */ SELECT 1', 'select'],
      ['(select 1) union (select 2)', 'select'],
      ['insert into t values (1)', 'insert'],
      ['replace into t values (1)', 'insert'],
      ['update t set a = 1', 'update'],
      ['delete from t', 'delete'],
      ['with c as (select 1) select * from c', 'select'],
      ['with c as (select 1) update t set a = 1', 'update'],
      ['with c as (select 1) delete from t', 'delete'],
      ['set x = 1', 'other'],
      ['show tables', 'other'],
      ['commit', 'other'],
      ['', 'other'],
      ['-- only a comment', 'other'],
      ['select 1; delete from t', 'select'],
    ];
    for (const [sql, kind] of kinds) expect(normalizeSql(sql).kind, sql).toBe(kind);
  });

  it('normalises each statement of a multi-statement text', () => {
    expect(key('select 1; update t set a = 2;')).toBe('select :vtg1; update t set a = :vtg2');
    expect(key("select 1; set x = 'a'")).toBe("select :vtg1; set x = 'a'");
  });
});

describe('normalizeSql: robustness', () => {
  it('flags unterminated strings, quoted names and comments', () => {
    for (const sql of ["select 'abc", 'select "abc', "select 'abc\\'", 'select `abc', 'select 1 /* abc', "select x'12", "select N'a", "select @'x", 'select /*! abc', "select * from t where a in (1, 'x", "insert into t values (1), ('x"]) {
      const n = normalizeSql(sql);
      expect(n.unterminated, sql).toBe(true);
      expect(n.kind, sql).toBe('other');
      expect(n.binds, sql).toHaveLength(0);
      expect(n.key, sql).toBe(sql);
    }
    expect(normalizeSql("select 'a''").unterminated).toBe(true);
    expect(normalizeSql('select 1 -- no newline').unterminated).toBe(false);
    expect(normalizeSql('select 1 #').unterminated).toBe(false);
  });

  it('produces a key for unbalanced or otherwise broken SQL (the parse reports the error)', () => {
    for (const sql of ['select ((1', 'select 1))', 'insert into t values (1,', 'insert into t values (1), ', 'insert into t values (1), (2', 'select * from t where a in (', 'select * from t limit', ')))', ';;;', '...', 'select .', 'select t..5']) {
      const n = normalizeSql(sql);
      expect(n.unterminated, sql).toBe(false);
      expect(typeof n.key, sql).toBe('string');
    }
    expect(key('insert into t values (1), (2')).toBe('insert into t values (:vtg1), (:vtg2');
  });

  it('never throws on random input', () => {
    const alphabet = "abcSELECTselectfrominwherevaluesorderbylimit0123456789 \t\n'\"`()[],.;:?@#-+*/=<>!\\_$xXbBnNé日\u0000\u2028";
    const words = ['select', 'insert into t', 'values', 'in', 'order by', 'limit', 'offset', 'cast', 'as', '(', ')', ',', "'", '"', '`', '/*', '*/', '--', '#', '\n', '-', '1', ':a', '::b', '?', 'is', 'null', 'like', 'escape', 'interval', 'next', 'with', 'convert', 'collate', '_binary', 'N', "x'", '0x', '.5', ';', '/*vt+ A=1 */', '/*!', '->', '@', 'e'];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let sql = '';
      const len = rand(40);
      for (let j = 0; j < len; j++) sql += i % 2 === 0 ? alphabet[rand(alphabet.length)] : words[rand(words.length)] + (rand(2) === 0 ? ' ' : '');
      const n = normalizeSql(sql);
      expect(typeof n.key).toBe('string');
      expect(Array.isArray(n.binds)).toBe(true);
    }
  });

  it('never reports unterminated for text without quotes or comment openers', () => {
    const alphabet = 'abcSELECTselectfrominwherevaluesorderbylimitnullcastas0123456789 \t\n()[],.;:?@-+*=<>!_$xé';
    const words = ['select', 'insert into t', 'values', 'in', 'order by', 'group by', 'limit', 'offset', 'cast', 'as', '(', ')', ',', '-', '1', '2.5', ':a', '::b', '?', 'is', 'null', 'not', 'true', 'like', 'escape', 'interval', 'next', 'with', 'convert', '0x1f', ';', 'update t set', 'delete from t', 'where', '='];
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let sql = '';
      const len = rand(40);
      for (let j = 0; j < len; j++) sql += i % 2 === 0 ? alphabet[rand(alphabet.length)] : words[rand(words.length)] + ' ';
      const n = normalizeSql(sql);
      expect(n.unterminated, sql).toBe(false);
      // Whatever the input, the key normalises to itself.
      expect(normalizeSql(n.key).key, sql).toBe(n.key);
    }
  });

  it('handles non-string input without throwing', () => {
    expect(normalizeSql(undefined as unknown as string).unterminated).toBe(true);
  });
});

describe('keyToParserSql', () => {
  it('rewrites ::name list binds for node-sql-parser and leaves quoted text alone', () => {
    expect(keyToParserSql('select * from t where a in ::vtg1 and b not in ::ids')).toBe('select * from t where a in (:vtg1) and b not in (:ids)');
    expect(keyToParserSql('insert into t(a, b) values (::vtg1, ::vtg2)')).toBe('insert into t(a, b) values (:vtg1, :vtg2)');
    expect(keyToParserSql("select '::x', `::y` from t where a = :vtg1")).toBe("select '::x', `::y` from t where a = :vtg1");
    expect(keyToParserSql('select a from t')).toBe('select a from t');
  });
});
