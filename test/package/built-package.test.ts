/**
 * Imports the built package (dist/) with plain `node`, in ESM and in CJS: vitest's own module
 * interop hides import bugs (a named export that only exists under vite, a missing .js
 * extension), so this is the only test that sees what a user's `import`/`require` sees.
 * `npm test` builds first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function node(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Self-reference by package name: resolved through package.json "exports", as a user's import is.
const PROGRAM = `
  const v = api.loadVSchema('fixtures/vschemas/seed-guide');
  const r = api.resolveTable(v, { name: 'user' }, 'user@replica');
  const t = api.createTopology({ user: 4, lookup: ['0'] });
  const shard = t.shardMap('user').shardForKeyspaceId(api.hexToBytes('c0ffee'));
  let code = null;
  try { api.loadVSchema({ keyspaces: { u: { sharded: true, tables: { t: {} } } } }); } catch (e) { code = e instanceof api.VSchemaError && e.code; }
  console.log(JSON.stringify({ table: r.table.keyspace + '.' + r.table.name, tabletType: r.tabletType, shard, code,
    types: new api.VindexRegistry().types().length }));
`;
const EXPECTED = { table: 'user.user', tabletType: 'replica', shard: 'c0-', code: 'VSCHEMA_INVALID', types: 23 };

describe('the built package', () => {
  beforeAll(() => {
    if (!existsSync(`${ROOT}dist/index.js`)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
  });

  it('works with import (ESM)', () => {
    const r = node(['--input-type=module', '-e', `import * as api from 'vschema-router';\n${PROGRAM}`]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
  });

  it('works with require (CJS)', () => {
    const r = node(['--input-type=commonjs', '-e', `const api = require('vschema-router');\n${PROGRAM}`]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
  });

  it('ships type declarations for both', () => {
    expect(existsSync(`${ROOT}dist/index.d.ts`)).toBe(true);
    expect(existsSync(`${ROOT}dist/index.d.cts`)).toBe(true);
  });

  it('runs the bin: validate prints a summary per keyspace and exits 0', () => {
    const out = execFileSync(process.execPath, ['dist/cli.js', 'validate', 'fixtures/demo'], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual([
      'customer: sharded, 4 tables, 5 vindexes, 0 sequences, 0 reference tables',
      'product: unsharded, 2 tables, 0 vindexes, 3 sequences, 0 reference tables',
    ]);
  });

  it('runs the bin: a broken VSchema prints every problem and exits 1; bad usage exits 2', () => {
    const bad = node(['dist/cli.js', 'validate', 'fixtures/vschemas/invalid/many-problems.json']);
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split('\n')).toHaveLength(5);
    const usage = node(['dist/cli.js', 'validate']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: vschema-router validate');
    expect(node(['dist/cli.js', 'validate', '--help']).status).toBe(0);
    expect(node(['dist/cli.js', 'frobnicate']).status).toBe(2);
  });
});
