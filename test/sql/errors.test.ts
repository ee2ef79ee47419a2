import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VSchemaRouterError } from '../../src/errors.js';
import { SqlSyntaxError } from '../../src/sql/errors.js';
import { parseSql, parseSqlMulti } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';
import { SHARED } from '../support/shared.js';
import { thrown } from '../support/thrown.js';

const syntaxError = (sql: string): SqlSyntaxError => thrown(SqlSyntaxError, () => parseSql(sql));

describe('syntax errors', () => {
  it("uses Vitess's message and position (the offset just past the offending token, 1-based)", () => {
    // These four are from Vitess's planner tests.
    expect(syntaxError('create view user.view_a as the quick brown fox').message).toBe("syntax error at position 31 near 'the'");
    expect(syntaxError("select id from user into outfile 'out_file_name' union all select id from music").message).toBe(
      "syntax error at position 55 near 'union'",
    );
    expect(syntaxError("select id from (select id from user into outfile s3 'inner_outfile') as t2").message).toBe(
      "syntax error at position 41 near 'into'",
    );
    expect(syntaxError("select id from (select id from user into outfile s3 'inner_outfile' union select 1) as t2").message).toBe(
      "syntax error at position 41 near 'into'",
    );
  });

  it('has a stable code and structured details', () => {
    const err = syntaxError('select a from t where\n  a = = 1');
    expect(err).toBeInstanceOf(VSchemaRouterError);
    expect(err.code).toBe('SQL_SYNTAX');
    expect(err.details).toEqual({ position: 30, line: 2, column: 7, near: '=' });
    expect(err.location).toEqual(err.details);
  });

  it('points at the word a statement cannot start with, and at the end of a truncated statement', () => {
    expect(syntaxError('selec 1').message).toBe("syntax error at position 6 near 'selec'");
    expect(syntaxError('select * from').message).toBe('syntax error at position 14');
    expect(syntaxError('select a from t where a in (1, 2').message).toBe('syntax error at position 33');
    expect(syntaxError('').message).toBe('syntax error at position 1');
  });

  it('reports unreadable tokens: unterminated strings, identifiers and comments, stray characters', () => {
    expect(syntaxError("select 'abc").details).toMatchObject({ near: "'abc" });
    expect(syntaxError('select `abc').details).toMatchObject({ near: '`abc' });
    expect(syntaxError('select 1 /* open').details).toMatchObject({ near: '/* open' });
    expect(syntaxError('select a[1] from t').details).toMatchObject({ near: '[' });
  });

  it('rejects a second statement in parseSql (parseSqlMulti reads it)', () => {
    expect(syntaxError('select 1; select 2').details).toMatchObject({ near: 'select', column: 11 });
    expect(parseSqlMulti('select 1; select 2')).toHaveLength(2);
  });
});

/** A small deterministic PRNG so that failures reproduce. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parsing (and printing what parses) never throws anything but a SqlSyntaxError. */
function survives(sql: string): string | null {
  try {
    for (const s of parseSqlMulti(sql)) printSql(s);
    return null;
  } catch (err) {
    return err instanceof SqlSyntaxError ? null : `${String(err)} for ${JSON.stringify(sql)}`;
  }
}

describe('fuzz: only SqlSyntaxError, never a crash', () => {
  const queries = readFileSync(join(SHARED, 'conformance/planner/visible.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { query: string }).query)
    .filter((q) => q.length < 4000);

  it('random byte strings', () => {
    const rnd = prng(1);
    const bad: string[] = [];
    for (let k = 0; k < 2000; k++) {
      let s = '';
      const n = Math.floor(rnd() * 64);
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
      const b = survives(s);
      if (b !== null) bad.push(b);
    }
    expect(bad).toEqual([]);
  });

  it('random SQL-ish token soup', () => {
    const rnd = prng(2);
    const words = ['select', 'from', 'where', 'and', 'or', 'not', 'in', '(', ')', ',', "'x'", '`q`', '1', '1.5e3', ':b', '::l', '?', '@v', 'union', 'join', 'on', 'insert', 'into', 'values', 'update', 'set', '=', 'delete', 'order', 'by', 'limit', 'for', 'share', 'natural', 'use', 'index', 'binary', 'distinct', 'sum', 'next', 'value', '/*vt+ A=1 */', '--', ';', 'with', 'as', 'exists', 'between', 'case', 'when', 'then', 'end', 'default', '<=>', 'lateral'];
    const bad: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const n = Math.floor(rnd() * 24);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(words[Math.floor(rnd() * words.length)] as string);
      const b = survives(parts.join(' '));
      if (b !== null) bad.push(b);
    }
    expect(bad).toEqual([]);
  });

  it('truncated and shuffled real queries (visible.jsonl)', () => {
    const rnd = prng(3);
    const bad: string[] = [];
    for (const q of queries) {
      for (let k = 0; k < 4; k++) {
        const b = survives(q.slice(0, Math.floor(rnd() * q.length)));
        if (b !== null) bad.push(b);
      }
      const words = q.split(' ');
      const i = Math.floor(rnd() * words.length);
      const j = Math.floor(rnd() * words.length);
      [words[i], words[j]] = [words[j] as string, words[i] as string];
      const b = survives(words.join(' '));
      if (b !== null) bad.push(b);
    }
    expect(bad).toEqual([]);
  });
});
