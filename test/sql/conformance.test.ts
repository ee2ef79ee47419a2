/**
 * parseSql and printSql against Vitess's planner test queries (visible.jsonl). The floors are the
 * counts reached when this was written: they may rise, never fall.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlSyntaxError } from '../../src/sql/errors.js';
import { parseSql } from '../../src/sql/parse.js';
import { printSql } from '../../src/sql/print.js';
import { SHARED } from '../support/shared.js';

interface Case {
  readonly id: string;
  readonly query: string;
  readonly expect: { readonly error?: string; readonly routes?: readonly { readonly query?: string }[] };
}

const CASES: readonly Case[] = readFileSync(join(SHARED, 'conformance/planner/visible.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);

/** Queries that parse without a SqlSyntaxError (of 1129; 4 more are Vitess syntax errors, checked below). */
const PARSE_FLOOR = 1123;
/** Formatting-only cases where printSql(parseSql(query)) is Vitess's shard query exactly (of 242). */
const AGREEMENT_FLOOR = 239;
/** Vitess's shard queries that print back unchanged after parsing (of 1388). */
const ROUTE_REPRINT_FLOOR = 1303;

function tryPrint(sql: string): string {
  try {
    return printSql(parseSql(sql));
  } catch (err) {
    if (err instanceof SqlSyntaxError) return `ERROR ${err.message}`;
    throw err;
  }
}

/** Differences that are formatting only: case, backticks, spacing, `as`, `asc`, `from dual`, `inner`/`outer`. */
function loose(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),=<>!+\-*/])\s*/g, '$1')
    .replace(/ as /g, ' ')
    .replace(/ asc\b/g, '')
    .replace(/ from dual/g, '')
    .replace(/\b(inner|outer) join/g, 'join')
    .replace(/;$/, '')
    .trim();
}

describe('visible.jsonl', () => {
  it(`parses at least ${PARSE_FLOOR} of the queries; Vitess's syntax errors are ours too`, () => {
    let parsed = 0;
    const failures: string[] = [];
    for (const c of CASES) {
      try {
        parseSql(c.query);
        parsed++;
      } catch (err) {
        if (!(err instanceof SqlSyntaxError)) throw err;
        const expected = c.expect.error;
        if (expected?.startsWith('syntax error')) expect(err.message, c.id).toBe(expected);
        else failures.push(`${c.id}: ${err.message}`);
      }
    }
    console.info(`parse rate: ${parsed}/${CASES.length} (${((100 * parsed) / CASES.length).toFixed(1)}%); unexpected failures: ${failures.join('; ')}`);
    expect(parsed).toBeGreaterThanOrEqual(PARSE_FLOOR);
  });

  it(`prints Vitess's shard query for at least ${AGREEMENT_FLOOR} formatting-only cases`, () => {
    let candidates = 0;
    let agree = 0;
    const misses: string[] = [];
    for (const c of CASES) {
      const routes = (c.expect.routes ?? []).filter((r) => r.query !== undefined);
      const expected = routes[0]?.query;
      if (routes.length !== 1 || expected === undefined || loose(expected) !== loose(c.query)) continue;
      candidates++;
      const got = tryPrint(c.query);
      if (got === expected) agree++;
      else misses.push(`${c.id}: ${got}`);
    }
    console.info(`printer agreement: ${agree}/${candidates} (${((100 * agree) / candidates).toFixed(1)}%); misses: ${misses.join(' | ')}`);
    expect(agree).toBeGreaterThanOrEqual(AGREEMENT_FLOOR);
  });

  it(`reprints at least ${ROUTE_REPRINT_FLOOR} of Vitess's shard queries unchanged`, () => {
    let total = 0;
    let same = 0;
    for (const c of CASES) {
      for (const r of c.expect.routes ?? []) {
        if (r.query === undefined) continue;
        total++;
        // The planner's type annotations on bind variables (`:x /* VARCHAR */`) are not SQL the parser keeps in place.
        const q = r.query.replace(/ \/\* [A-Z0-9(), ]+ \*\//g, '');
        if (tryPrint(q) === q) same++;
      }
    }
    console.info(`shard queries reprinted unchanged: ${same}/${total} (${((100 * same) / total).toFixed(1)}%)`);
    expect(same).toBeGreaterThanOrEqual(ROUTE_REPRINT_FLOOR);
  });
});
