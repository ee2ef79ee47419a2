/**
 * The vindex vector checker (src/conformance/vindex-vectors) over the project's copy of
 * Vitess's vectors (fixtures/vitess/vindex_vectors.json): every vector must pass, none may be
 * left unchecked. Then how the checker treats vectors it cannot check or that disagree, and the
 * runner (`npm run conformance:vindexes -- FILE`) as a user runs it: the built dist file under
 * plain node (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVectorFile } from '../../src/conformance/vindex-vectors/check-file.js';
import type { VectorOutcome, VectorReport } from '../../src/conformance/vindex-vectors/report.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'fixtures/vitess/vindex_vectors.json');
const RUNNER = join(ROOT, 'dist/conformance-vindexes.js');
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vindex-vectors-'));
});
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

const line = (o: VectorOutcome) => (o.status === 'passed' ? `${o.group}#${o.index}` : `${o.status} ${o.group}#${o.index} ${o.description}: ${o.reason}`);
const notPassed = (r: VectorReport) => r.outcomes.filter((o) => o.status !== 'passed').map(line);
const vectorCount = (file: Record<string, unknown>) =>
  Object.entries(file).reduce((n, [group, list]) => n + (!group.startsWith('_') && Array.isArray(list) ? list.length : 0), 0);

describe('fixtures/vitess/vindex_vectors.json', () => {
  it('passes every vector and leaves none unchecked', async () => {
    const report = await checkVectorFile(fixture);
    expect(notPassed(report)).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.unchecked).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(vectorCount(fixture));
    expect(vectorCount(fixture)).toBeGreaterThanOrEqual(504);
  });

  it('passes the numeric_static_map vectors with their inline json moved to json_path files', async () => {
    // The Go tests read the map from testdata/numeric_static_map_test.json; the vectors inline it.
    let n = 0;
    const vectors = (fixture['numeric_static_map'] as Record<string, unknown>[]).map((v) => {
      const { json, ...rest } = (v['params'] ?? {}) as Record<string, string>;
      // A vector giving both is about that conflict (an error): nothing to move.
      if (json === undefined || 'json_path' in rest) return v;
      const path = join(scratch, `map-${n++}.json`);
      writeFileSync(path, json);
      return { ...v, params: { ...rest, json_path: path } };
    });
    expect(n).toBeGreaterThan(0);
    const report = await checkVectorFile({ numeric_static_map: vectors });
    expect(notPassed(report)).toEqual([]);
    expect(report.passed).toBe(vectors.length);
  });
});

describe('what the checker cannot check, or finds wrong', () => {
  const hash = { input: '1', type: 'int64', keyspace_id_hex: '166b40b44aba4bd6' };

  async function only(file: unknown): Promise<VectorOutcome> {
    const report = await checkVectorFile(file);
    expect(report.outcomes).toHaveLength(1);
    return report.outcomes[0]!;
  }

  it('passes a right vector and fails a wrong keyspace id with expected vs got', async () => {
    expect((await only({ hash: [hash] })).status).toBe('passed');
    const wrong = await only({ hash: [{ ...hash, keyspace_id_hex: '00' }] });
    expect(wrong).toMatchObject({ status: 'failed', group: 'hash', index: 0 });
    expect(wrong.status === 'failed' && wrong.reason).toBe('destination: expected DestinationKeyspaceID(00), got DestinationKeyspaceID(166b40b44aba4bd6)');
  });

  it('leaves every vector of an unknown group unchecked', async () => {
    const report = await checkVectorFile({ rot13: [{ input: 'a' }, { input: 'b' }] });
    expect(report.outcomes.map((o) => [o.status, o.index])).toEqual([
      ['unchecked', 0],
      ['unchecked', 1],
    ]);
    expect(report.outcomes[0]).toMatchObject({ reason: 'unknown group "rot13": no check knows its vectors' });
  });

  it.each([
    ['an unknown op', { hash: [{ ...hash, op: 'explode' }] }, 'unknown op "explode" for hash'],
    ['an unknown key_ranges fn', { key_ranges: [{ fn: 'key_range_split', a: '-80' }] }, 'unknown key_ranges fn "key_range_split"'],
    ['an unknown lookup op', { lookup: [{ vindex: 'lookup', op: 'truncate', params: {} }] }, 'unknown op "truncate"'],
    ['an unknown field', { hash: [{ ...hash, collation: 'utf8mb4_bin' }] }, 'unknown field "collation" for this op'],
    ['an unknown field in a nested key range', { binary: [{ op: 'range_map', type: 'varbinary', start: 'a', end: 'b', destination: 'key_range', key_range: { start_hex: '61', end_hex: '62', inclusive: true } }] }, 'key_range has unknown field(s) "inclusive"'],
    ['a known field this op does not compare', { numeric: [{ op: 'reverse_map', keyspace_id_hex: '0000000000000001', output: '1', output_hex: '32', output_type: 'uint64' }] }, 'field "output_hex" present but not compared'],
    ['a missing expectation', { hash: [{ input: '1', type: 'int64' }] }, 'missing field "keyspace_id_hex"'],
    ['a lookup vector that records nothing to compare', { lookup: [{ vindex: 'lookup', op: 'map', params: { table: 't', from: 'f', to: 't' }, ids: [] }] }, 'no expectation'],
    ['a consistent lookup response in unknown words', { consistent_lookup: [{ vindex: 'consistent_lookup', op: 'map', params: { table: 't', from: 'f', to: 't' }, ids: [], responses: ['a deadlock'], log: [] }] }, 'response "a deadlock" is not understood'],
    ['an unknown value type', { hash: [{ ...hash, type: 'int128' }] }, 'unknown value type "int128"'],
    ['a vector that is not an object', { hash: ['1'] }, 'the vector is not a JSON object'],
    ['a group that is not a list', { hash: { input: '1' } }, 'the group is not a list of vectors'],
    ['a file that is not an object', [], 'the file is not a JSON object of vector groups'],
  ])('%s is unchecked, with the reason', async (_name, file, reason) => {
    const outcome = await only(file);
    expect(outcome.status).toBe('unchecked');
    expect(outcome.status !== 'passed' && outcome.reason).toContain(reason);
  });

  it('fails a vector whose check throws unexpectedly, with the error message', async () => {
    const outcome = await only({ hash: [{ ...hash, params: { cost: 5 } }] });
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toBe('unexpected error VindexError: param cost of vindex "hash" must be a string');
  });

  it('skips the documentation keys of the file (_meta, _*_source) and the documentation fields of a vector', async () => {
    const report = await checkVectorFile({ _meta: { counts: {} }, _x_source: 'y', hash: [{ ...hash, source: 'hash_test.go', note: 'n', derived: 'd' }] });
    expect(report.outcomes.map((o) => o.status)).toEqual(['passed']);
    expect(report.groups).toEqual({ hash: { passed: 1, failed: 0, unchecked: 0 } });
  });
});

describe('npm run conformance:vindexes -- FILE (dist/conformance-vindexes.js)', () => {
  beforeAll(() => {
    if (!existsSync(RUNNER)) throw new Error('dist/conformance-vindexes.js is missing: run `npm run build` (npm test does) before this test');
  });

  function run(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
    const r = spawnSync(process.execPath, [RUNNER, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, lines: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
  }

  it('checks the fixture: no FAIL or UNCHECKED line, the summary last, exit 0', () => {
    const r = run(FIXTURE);
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([`${vectorCount(fixture)} passed, 0 failed`]);
    expect(r.status).toBe(0);
  });

  it('prints one FAIL line per wrong vector, one UNCHECKED line per vector it cannot check, and exits 1', () => {
    const file = join(scratch, 'mixed.json');
    const vectors = {
      hash: [
        { input: '1', type: 'int64', keyspace_id_hex: '166b40b44aba4bd6' },
        { input: '1', type: 'int64', keyspace_id_hex: '0000000000000000' },
        { op: 'frobnicate', input: '1', type: 'int64' },
      ],
      rot13: [{ input: 'a', output: 'n' }],
    };
    writeFileSync(file, JSON.stringify(vectors));
    const r = run(file);
    expect(r.lines).toEqual([
      'FAIL hash#1 map "1": destination: expected DestinationKeyspaceID(0000000000000000), got DestinationKeyspaceID(166b40b44aba4bd6)',
      'UNCHECKED hash#2: unknown op "frobnicate" for hash',
      'UNCHECKED rot13#0: unknown group "rot13": no check knows its vectors',
      '2 not checked (listed above)',
      '1 passed, 1 failed',
    ]);
    expect(r.status).toBe(1);
  });

  it('lists passed vectors and per-group counts with --verbose', () => {
    const file = join(scratch, 'one.json');
    writeFileSync(file, JSON.stringify({ hash: [{ input: '1', type: 'int64', keyspace_id_hex: '166b40b44aba4bd6' }] }));
    expect(run(file, '--verbose').lines).toEqual(['ok hash#0 map "1"', 'hash: 1 passed, 0 failed, 0 not checked', '1 passed, 0 failed']);
  });

  it('exits 2 on a usage error or an unreadable file', () => {
    expect(run().status).toBe(2);
    expect(run('a.json', 'b.json').status).toBe(2);
    const missing = run(join(scratch, 'missing.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, '{"hash": [');
    expect(run(bad).status).toBe(2);
    writeFileSync(bad, '[]');
    expect(run(bad).status).toBe(2);
  });
});
