/**
 * NormalizeMemo must give exactly normalizeSql's result, whether it re-reads a remembered text or
 * scans: checked on the corpus, on tricky literal positions, on the planner conformance queries
 * (when ../shared is there), and on each of them with its literal values changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NormalizeMemo, normalizeSql, type NormalizedSql } from '../../src/sql/normalize.js';
import { SHARED } from '../support/shared.js';
import { CORPUS } from './corpus.js';

/** The result without the memo's slot (not part of normalizeSql's result). */
function plain(n: NormalizedSql): Omit<NormalizedSql, 'slot'> {
  const { slot: _slot, ...rest } = n;
  return rest;
}

/** Literal positions whose handling depends on their context or class. */
const TRICKY: readonly string[] = [
  'select id, name, email from user where id = 5',
  'delete from user where id = 9',
  "update user set name = 'bob', updated_at = 1700000000 where id = 42",
  "select id from user where status = 'active' order by created_at desc limit 20",
  'select a from t order by 1, 2 limit 10 offset 5',
  'select a from t limit 5, 10',
  'select a from t where a = -5 and b = - 7.5 and c = a -5 and d = -0x10 and e = -1e3',
  'select a from t where a in (1, 2, 3) and b not in (-1, 2.5, \'x\', "y", :v, null, true, x\'1f\', b\'10\')',
  'select a from t where a in (1, b) and c in (1, ?)',
  "select a from t where a = 'it''s' and b = \"dq\" and c = 'back\\\\slash\\n' and d = ''",
  "select a from t where a = x'1F' and b = b'101' and c = 0x1f and d = 0b11 and e = .5 and f = 5. and g = 1.5e-3",
  "select a 'alias', date '2024-01-01', _utf8mb4 'x', N'nat' from t where a = 'v'",
  "select a from t where a = 'a' 'b' and b = 1",
  'select cast(a as char(10)), convert(b, decimal(10, 2)) from t where c = 3',
  "select a from t where a like 'x%' escape '!' and b = 2",
  'select a from t where a = 1 group by a having count(*) > 5',
  'select a from t where a = :vtg1 and b = 2',
  'select a from t where a in (:vtg2, 3)',
  'select /* comment */ a from t where a = 1',
  'select /*vt+ QUERY_TIMEOUT_MS=10 */ a from t where a = 1',
  "insert into t (a, b) values (1, 'x'), (2, 'y')",
  "insert into t (a, b) values (1, 'x'), (2, now())",
  'insert into t (a, b) select a, 3 from u where c = 4',
  'select a from t where a = 1; select b from u where b = 2',
  'select a from t where a = 1 for update',
  'select a from t where a = 1 lock in share mode',
  'select date_add(a, interval 1 day) from t where b = 2',
  "select a from t where a = 'unterminated",
  'select a from t where a = 1 and b = 2abc',
  "select a from t where a = 12 and `col's` = 3",
  'select t.1a, 2 .a from t where a = 3',
  "select json_extract(a, '$.x'), a->'$.y', a->>'$.z' from t where b = 4",
];

function conformanceQueries(): string[] {
  const file = join(SHARED, 'conformance/planner/visible.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { query: string }).query);
}

/** Other literal values in the same places (and some that change a literal's class). */
function variants(sql: string): string[] {
  const digitsUp = sql.replace(/[0-9]/g, (d) => String((Number(d) + 1) % 10));
  const longer = sql.replace(/[0-9]+/g, (run) => `${run}${run}`);
  const strings = sql.replace(/'([^'\\]*)'/g, (_m, s: string) => `'${s}z''q'`);
  const minus = sql.replace(/- ?([0-9])/g, '-  $1');
  return [digitsUp, longer, strings, minus];
}

/** Results that came from re-reading a remembered text (the path under test). */
let reread = 0;

function check(memo: NormalizeMemo, sql: string): void {
  const n = memo.normalize(sql);
  if (n.slot !== undefined) reread++;
  expect(plain(n), sql).toEqual(normalizeSql(sql));
}

describe('NormalizeMemo', () => {
  it('re-reads a remembered text with other values', () => {
    const memo = new NormalizeMemo();
    const first = memo.normalize('select a from t where id = 5 and name = \'x\'');
    expect(first.slot).toBeUndefined();
    const again = memo.normalize('select a from t where id = 123456 and name = \'it\'\'s\'');
    expect(again.slot).toBeDefined();
    expect(again.key).toBe(first.key);
    expect(plain(again)).toEqual(normalizeSql('select a from t where id = 123456 and name = \'it\'\'s\''));
  });

  it('scans again when a literal has another class or the text between literals differs', () => {
    const memo = new NormalizeMemo();
    memo.normalize('select a from t where id = 5');
    const dec = memo.normalize('select a from t where id = 5.5');
    expect(dec.slot).toBeUndefined();
    expect(plain(dec)).toEqual(normalizeSql('select a from t where id = 5.5'));
    const col = memo.normalize('select b from t where id = 5');
    expect(plain(col)).toEqual(normalizeSql('select b from t where id = 5'));
  });

  it('keeps kept literals exact: ORDER BY ordinals are part of the text between binds', () => {
    const memo = new NormalizeMemo();
    memo.normalize('select a from t where b = 1 order by 1');
    const other = memo.normalize('select a from t where b = 1 order by 2');
    expect(other.key).toBe('select a from t where b = :vtg1 order by 2');
  });

  it('an IN list of another length or with other items', () => {
    const memo = new NormalizeMemo();
    memo.normalize('select a from t where id in (1, 2, 3)');
    for (const sql of ['select a from t where id in (4, 5, 6)', "select a from t where id in (7, 'x', :p)", 'select a from t where id in (1, a)']) {
      check(memo, sql);
    }
  });

  it('re-reads collapsed VALUES rows of literals of any kind, for each row count', () => {
    const rows = (n: number, row: (r: number) => string): string => Array.from({ length: n }, (_, r) => row(r)).join(', ');
    const kinds: readonly ((r: number) => string)[] = [
      (r) => `(${r}, 'n${r}', 'e${r}@x.com')`,
      (r) => `(-${r + 1}, 'it''s \\n ${r}', "dq${r}")`,
      (r) => `(${r}.5, NULL, x'1f${r}')`,
      (r) => `(0x1${r}, b'10${r % 2}', -1e${r})`,
      (r) => `(true, false, 1.5e-${r + 1})`,
      (r) => `(:p${r}, ${r}, 'a' 'b${r}')`,
      (r) => `(${r}, /* c */ 2, 3)`,
    ];
    for (const kind of kinds) {
      const memo = new NormalizeMemo();
      let rereads = 0;
      for (const n of [1, 2, 3, 5, 3, 2, 1]) {
        for (const shift of [0, 7]) {
          const sql = `insert into user (id, name, email) values ${rows(n, (r) => kind(r + shift))} on duplicate key update name = 'z${n}'`;
          const got = memo.normalize(sql);
          const want = normalizeSql(sql);
          expect(plain(got), sql).toEqual(want);
          expect(got.insertRows, sql).toBe(n);
          if (got.slot !== undefined) rereads++;
        }
      }
      // Every text after the first of its row count is re-read, except those with a comment.
      expect(rereads, kind(0)).toBe(kind(0).includes('/*') ? 0 : 10);
    }
  });

  it('re-reads a VALUES text only with the same number of rows and of values per row', () => {
    const memo = new NormalizeMemo();
    const first = memo.normalize("insert into t (a, b) values (1, 'x'), (2.5, 'y')");
    expect(first.slot).toBeUndefined();
    const again = memo.normalize("insert into t (a, b) values (123, 'it''s'), (4.5, '')");
    expect(again.slot).toBeDefined();
    expect(again.key).toBe(first.key);
    expect(again.insertRows).toBe(2);
    expect(again.binds).toEqual([
      { kind: 'column', name: 'vtg1', values: [{ type: 'int', value: '123' }, { type: 'decimal', value: '4.5' }] },
      { kind: 'column', name: 'vtg2', values: [{ type: 'string', value: "it's" }, { type: 'string', value: '' }] },
    ]);
    for (const sql of [
      "insert into t (a, b) values (1, 'x'), (2, 'y'), (3, 'z')",
      "insert into t (a, b) values (1, 'x'), (2)",
      "insert into t (a, b) values (1, 'x'), (2, 'y', 3)",
      "insert into t (a, b) values (1, 'x'), (2, now())",
      "insert into t (a, b) values (1, 'x'),(2, 'y')",
      "insert into t (a, b) values (1, 'x'), (2, 'y'",
      "insert into t (a, b) values (1, 'x'), (2, ?)",
      "insert into t (a, b) values (1, 'x'), (:vtg1, 'y')",
    ]) {
      check(memo, sql);
      check(memo, sql);
    }
  });

  it('equals normalizeSql on the corpus and tricky literals, first and second time, with other values', () => {
    const memo = new NormalizeMemo();
    reread = 0;
    for (const sql of [...TRICKY, ...CORPUS]) {
      check(memo, sql);
      check(memo, sql);
      for (const v of variants(sql)) check(memo, v);
    }
    expect(reread).toBeGreaterThan(100);
  });

  it('equals normalizeSql on the planner conformance queries (when ../shared is present)', () => {
    const memo = new NormalizeMemo();
    for (const sql of conformanceQueries()) {
      check(memo, sql);
      check(memo, sql);
      for (const v of variants(sql)) check(memo, v);
    }
  });

  it('forgets everything past its bound', () => {
    const memo = new NormalizeMemo(2);
    for (let i = 0; i < 10; i++) check(memo, `select c${'x'.repeat(i)} from t where a = ${i}`);
    check(memo, 'select c from t where a = 77');
  });
});
