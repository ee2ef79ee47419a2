/**
 * The planner against Vitess's own planner tests (../shared/conformance/planner): every case of
 * visible.jsonl planned in-process with its VSchema and harness settings, scored by compare.py.
 * The overall `routing` and `error` agreement may only rise: raise FLOOR when they do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHarness } from '../../src/conformance/planner/harness.js';
import { readCases, runPlannerCases, toJsonl, type RunResult } from '../../src/conformance/planner/run.js';
import { SHARED } from '../support/shared.js';

const DIR = join(SHARED, 'conformance/planner');
const CASES = join(DIR, 'visible.jsonl');

/** Agreement reached on visible.jsonl (percent); raise these, never lower them. */
const FLOOR = { routing: 97.1, error: 99.1, rejected: 98.0, singleRoute: 99.5 };
/**
 * Per case category of visible.jsonl, as issue 4 states its targets: single-route and lookup
 * cases agree on routing (target 95), multi-operator cases (target 85), and error cases are
 * rejected with Vitess's VTxxxxx code (target 90).
 */
const CATEGORY_FLOOR = { singleRouteAndLookup: 99.0, multiOperator: 94.7, errorWithCode: 98.0 };

interface CaseScore {
  readonly id: string;
  readonly result: Readonly<Record<string, boolean | null | undefined>>;
}

let scratch = '';
let run: RunResult;
let scores: CaseScore[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'planner-conformance-'));
  run = runPlannerCases(readCases(CASES), join(DIR, 'vschemas'), readHarness(join(DIR, 'harness.json')));
  const actual = join(scratch, 'actual.jsonl');
  const perCase = join(scratch, 'per-case.jsonl');
  writeFileSync(actual, toJsonl(run.lines));
  const r = spawnSync('python3', [join(DIR, 'compare.py'), CASES, actual, '--json', perCase], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compare.py failed: ${r.stderr || r.error?.message}`);
  scores = readFileSync(perCase, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CaseScore);
}, 120_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

function rate(metric: string, ids?: ReadonlySet<string>): number {
  const scored = scores.filter((s) => (ids ? ids.has(s.id) : true) && s.result[metric] !== null && s.result[metric] !== undefined);
  return scored.length === 0 ? 0 : (100 * scored.filter((s) => s.result[metric] === true).length) / scored.length;
}

describe('planner conformance (visible.jsonl)', () => {
  it('plans every case without an internal error', () => {
    expect(run.lines.length).toBe(readCases(CASES).length);
    const internal = run.lines.filter((l) => String(l.actual['error'] ?? '').startsWith('internal error')).map((l) => `${l.id}: ${String(l.actual['error'])}`);
    expect(internal).toEqual([]);
  });

  it(`keeps routing agreement at or above ${FLOOR.routing}%`, () => {
    expect(rate('routing')).toBeGreaterThanOrEqual(FLOOR.routing);
  });

  it(`keeps error agreement at or above ${FLOOR.error}%`, () => {
    expect(rate('error')).toBeGreaterThanOrEqual(FLOOR.error);
  });

  it(`rejects at least ${FLOOR.rejected}% of the statements Vitess rejects`, () => {
    const rejected = new Set(readCases(CASES).filter((c) => 'error' in ((c as { expect?: object }).expect ?? {})).map((c) => c.id));
    expect(rate('error', rejected)).toBeGreaterThanOrEqual(FLOOR.rejected);
  });

  it(`keeps single-route and lookup cases (milestones M1-M5) at or above ${FLOOR.singleRoute}%`, () => {
    const m1to5 = new Set(
      readCases(CASES)
        .filter((c) => (c as { milestone?: string }).milestone?.match(/^M[1-5]$/))
        .map((c) => c.id),
    );
    expect(rate('routing', m1to5)).toBeGreaterThanOrEqual(FLOOR.singleRoute);
  });

  it('meets the per-category floors (single route + lookup, multi-operator, errors with their code)', () => {
    const category = new Map(readCases(CASES).map((c) => [c.id, String((c as { category?: string }).category)]));
    const share = (cats: readonly string[], pass: (r: CaseScore['result']) => boolean): number => {
      const xs = scores.filter((s) => cats.includes(category.get(s.id) ?? ''));
      return (100 * xs.filter((s) => pass(s.result)).length) / xs.length;
    };
    expect(share(['single_route', 'vindex_lookup'], (r) => r['routing'] === true)).toBeGreaterThanOrEqual(CATEGORY_FLOOR.singleRouteAndLookup);
    expect(share(['multi_operator'], (r) => r['routing'] === true)).toBeGreaterThanOrEqual(CATEGORY_FLOOR.multiOperator);
    expect(share(['error'], (r) => r['error'] === true && r['error_code'] !== false)).toBeGreaterThanOrEqual(CATEGORY_FLOOR.errorWithCode);
  });
});
