/**
 * The fast parser (src/sql/fast-parse.ts) against the node-sql-parser path: whenever the fast parser
 * returns a statement it must be exactly the other path's AST, and it must decline (return null)
 * whatever the other path rejects. Run over every conformance query, their normalised plan-cache
 * keys, and a few thousand generated statements.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../src/sql/ast.js';
import { SqlSyntaxError } from '../../src/sql/errors.js';
import { normalizeSql } from '../../src/sql/normalize.js';
import { parseSql, parseSqlBy } from '../../src/sql/parse.js';
import { CORPUS } from './corpus.js';
import { Gen } from './fast-parse-gen.js';

const CONFORMANCE = '/work/shared/conformance';

function jsonl(path: string, field: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as Record<string, unknown>)[field])
    .filter((q): q is string => typeof q === 'string');
}

const PLANNER = jsonl(join(CONFORMANCE, 'planner/visible.jsonl'), 'query');
const E2E = readdirSync(join(CONFORMANCE, 'e2e'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    try {
      return jsonl(join(CONFORMANCE, 'e2e', d.name, 'cases.jsonl'), 'sql');
    } catch {
      return [];
    }
  });

type Outcome = { readonly ast: Statement } | { readonly error: unknown };

function run(sql: string, path: 'slow' | 'fast'): Outcome | null {
  try {
    const ast = parseSqlBy(sql, path);
    return ast === null ? null : { ast };
  } catch (error) {
    return { error };
  }
}

interface Tally {
  total: number;
  accepted: number;
  readonly problems: string[];
}

/** Runs both paths over `queries`; returns how many the fast path took, and every disagreement. */
function compare(queries: readonly string[]): Tally {
  const tally: Tally = { total: 0, accepted: 0, problems: [] };
  for (const sql of queries) {
    tally.total++;
    const slow = run(sql, 'slow') as Outcome;
    const fast = run(sql, 'fast');
    if (fast === null) continue;
    if ('error' in fast) {
      // Only the statement split can throw on the fast path; it must be the other path's error.
      const same = 'error' in slow && slow.error instanceof SqlSyntaxError && fast.error instanceof SqlSyntaxError;
      if (!same) tally.problems.push(`fast path threw ${String(fast.error)}: ${sql}`);
      continue;
    }
    tally.accepted++;
    if ('error' in slow) tally.problems.push(`accepted, but the other path throws ${String(slow.error)}: ${sql}`);
    else if (!isEqual(slow.ast, fast.ast)) tally.problems.push(`different AST: ${sql}`);
  }
  return tally;
}

function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(b).toStrictEqual(a);
    return true;
  } catch {
    return false;
  }
}

function share(t: Tally): string {
  return `${t.accepted}/${t.total} (${((100 * t.accepted) / t.total).toFixed(1)} %)`;
}

const keys = (qs: readonly string[]): string[] => qs.map((q) => normalizeSql(q).key);

describe('fast parser vs the node-sql-parser path', () => {
  it('agrees on every planner conformance query', () => {
    const t = compare(PLANNER);
    console.info(`fast path accepts planner queries: ${share(t)}`);
    expect(t.problems).toEqual([]);
    expect(t.total).toBeGreaterThan(1000);
    expect(t.accepted / t.total).toBeGreaterThan(0.3);
  });

  it('agrees on every e2e query and the parser corpus', () => {
    const t = compare([...E2E, ...CORPUS]);
    console.info(`fast path accepts e2e + corpus statements: ${share(t)}`);
    expect(t.problems).toEqual([]);
    expect(t.accepted).toBeGreaterThan(200);
  });

  it('agrees on the normalised plan-cache keys of all of them', () => {
    const t = compare(keys([...PLANNER, ...E2E, ...CORPUS]));
    console.info(`fast path accepts normalised keys: ${share(t)}`);
    expect(t.problems).toEqual([]);
    expect(t.accepted / t.total).toBeGreaterThan(0.3);
  });

  it('agrees on generated statements of its subset, and takes nearly all of them', () => {
    const g = new Gen(20240601, { wild: false });
    const qs = Array.from({ length: 2500 }, () => g.statement());
    const t = compare([...qs, ...keys(qs)]);
    console.info(`fast path accepts generated subset statements (and their keys): ${share(t)}`);
    expect(t.problems).toEqual([]);
    expect(t.accepted / t.total).toBeGreaterThan(0.85);
  });

  it('agrees on generated statements with keywords as names and constructs outside the subset', () => {
    const g = new Gen(777, { wild: true });
    const qs = Array.from({ length: 2500 }, () => g.statement());
    const t = compare(qs);
    console.info(`fast path accepts wild generated statements: ${share(t)}`);
    expect(t.problems).toEqual([]);
    expect(t.accepted).toBeGreaterThan(300);
  });
});

describe('fast parser: the OLTP statements it is for', () => {
  const OLTP = [
    'select id, name, email from user where id = 5',
    'select id, name from user where id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)',
    "insert into user (id, name, email) values (1, 'a', 'a@x.com'), (2, 'b', 'b@x.com'), (3, 'c', 'c@x.com')",
    "update user set name = 'bob', updated_at = 1700000000 where id = 42",
    "select id, name from user where status = 'active' order by created_at desc limit 20",
    'select u.id, u.name, e.extra from user u join user_extra e on u.id = e.user_id where u.id = 7',
    'delete from user where id = 9',
    "select tenant, count(*) from user where created > '2024-01-01' group by tenant having count(*) > 5",
    'select id, balance from account where id = 12 for update',
    'select * from user where id = ? and tenant = ?',
    'select count(distinct a, b), sum(distinct c), avg(d) as m from ks.t as x left outer join u using (id) limit 10 offset 5',
    "insert ignore into t (a, b) values (:a, ::b) on duplicate key update b = values(b) + 1, t.c = 'x'",
    'replace into t values (), (1, -2.5e3, x\'1f\', 0b101, null, true)',
    'update low_priority ks.t as x set x.a = x.a + 1 where x.id in ::ids order by x.id desc limit 1',
    'delete from t where a is not null and b not between 1 and 2 and c not like \'a\\_%\' escape \'!\' limit ?',
    'select a from t where (a, b) in ((1, 2), (3, 4)) and not a <=> b or a <> b lock in share mode',
    'select distinct `select`.`from` from `select` where `from` = _utf8mb4\'é\' for share skip locked',
  ];

  it.each(OLTP)('takes %s, and its normalised key, with the other path\'s AST', (sql) => {
    for (const text of [sql, normalizeSql(sql).key]) {
      const fast = parseSqlBy(text, 'fast');
      expect(fast, text).not.toBeNull();
      expect(fast).toStrictEqual(parseSqlBy(text, 'slow'));
      expect(parseSql(text)).toStrictEqual(fast);
    }
  });

  it('reads normaliser output: :vtgN binds, in ::vtgN, collapsed VALUES rows of list binds', () => {
    const key = normalizeSql("insert into user (id, name) values (1, 'a'), (2, 'b') on duplicate key update name = values(name)").key;
    expect(key).toBe('insert into user(id, name) values (::vtg1, ::vtg2) on duplicate key update name = values (name)');
    expect(parseSqlBy(key, 'fast')).toStrictEqual(parseSqlBy(key, 'slow'));
    const sel = normalizeSql("select id from user where id in (1, 2, 3) and name = 'x' limit 5").key;
    expect(sel).toBe('select id from user where id in ::vtg1 and name = :vtg2 limit :vtg3');
    const ast = parseSqlBy(sel, 'fast');
    expect(ast).toStrictEqual(parseSqlBy(sel, 'slow'));
    expect(ast).toMatchObject({ where: { left: { kind: 'in', list: { kind: 'bind', name: 'vtg1', list: true } } } });
  });
});

describe('fast parser: what it leaves to the other path', () => {
  const DECLINED = [
    'select a from t where a in (select b from u)', // subquery
    'select a from t union select b from u',
    'with c as (select 1) select * from c',
    'select case when a then 1 end from t',
    'select a from t where a = b = c', // chained comparison: node-sql-parser's grouping
    'select a from t where a xor b',
    'select a | b from t',
    'select a from t where a regexp :x',
    'select 007 from t', // the other path reads 7
    'select user() from t', // the other path spells it USER
    'select group_concat(a) from t',
    'select sum(a) over () from t',
    'select @x from t',
    'update t set a = b and c', // node-sql-parser rejects AND in SET
    'insert into t values (a or b)',
    'select a from t order by a and b',
    'select f(a, b and c) from t',
    'update a join b on a.id = b.id set a.x = 1',
    'delete a from a join b on a.id = b.id',
    'insert into t select * from u',
    'update t set ks.t.a = 1',
    "select a 'alias' from t",
    'select a from t use index (i)',
    'select a from (select 1) as d',
    'select sql_calc_found_rows a from t',
    'select a from t group by a with rollup',
    'select a from t into outfile \'x\'',
    'select a from where', // a syntax error: the other path reports it
  ];

  it.each(DECLINED)('declines %s', (sql) => {
    expect(parseSqlBy(sql, 'fast')).toBeNull();
  });

  it('leaves syntax errors to the other path, which reports them as before', () => {
    for (const sql of ['select a from where', 'select * from t where a = ', 'update t set where a = 1', 'delete t']) {
      expect(parseSqlBy(sql, 'fast')).toBeNull();
      expect(() => parseSql(sql)).toThrow(SqlSyntaxError);
      let slow: unknown;
      try {
        parseSqlBy(sql, 'slow');
      } catch (e) {
        slow = e;
      }
      expect(() => parseSql(sql)).toThrow((slow as Error).message);
    }
  });
});
