/**
 * `vschema-router validate`, run in-process through main(argv, io) with an io that
 * collects what would go to stdout and stderr. VSchemas are written to a temp dir.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VALIDATE_HELP } from '../../src/cli/validate.js';
import { useTempFiles } from '../support/temp-files.js';

// ---------------------------------------------------------------------------------------
// helpers

const { tempDir, write } = useTempFiles('vschema-cli-');

interface Run {
  readonly code: number;
  /** stdout, one entry per line. */
  readonly out: string[];
  /** stderr, one entry per line. */
  readonly err: string[];
}

/** Runs the CLI in-process; multi-line writes are split into lines. */
async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) });
  return { code, out, err };
}

/**
 * A demo-like directory: `lookup` (unsharded: a sequence and a lookup table) and `user`
 * (sharded: two tables, a reference table, two vindexes, one of them with an unknown param).
 */
function demoDir(): { dir: string; userFile: string } {
  const dir = tempDir();
  write(dir, 'lookup/vschema.json', { sharded: false, tables: { user_seq: { type: 'sequence' }, name_user_idx: {} } });
  const userFile = write(dir, 'user/vschema.json', {
    sharded: true,
    vindexes: {
      hash: { type: 'hash', params: { bogus: '1' } },
      name_user_idx: { type: 'lookup', params: { table: 'lookup.name_user_idx', from: 'name', to: 'user_id' }, owner: 'user' },
    },
    tables: {
      user: {
        column_vindexes: [{ column: 'user_id', name: 'hash' }, { column: 'name', name: 'name_user_idx' }],
        auto_increment: { column: 'user_id', sequence: 'lookup.user_seq' },
      },
      user_extra: { column_vindexes: [{ column: 'user_id', name: 'hash' }] },
      name_user_idx_ref: { type: 'reference', source: 'lookup.name_user_idx' },
    },
  });
  return { dir, userFile };
}

/** A sharded keyspace whose only vindex has the custom type `my_hash`. */
const MY_HASH_KEYSPACE = {
  sharded: true,
  vindexes: { h: { type: 'my_hash' } },
  tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }] } },
};

const TOP_HELP_FIRST_LINE = 'Usage: vschema-router <command> [options]';

// ---------------------------------------------------------------------------------------

describe('validate on a valid VSchema', () => {
  it('prints one summary line per keyspace, warnings to stderr, and exits 0', async () => {
    const { dir } = demoDir();
    const r = await run('validate', dir);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'lookup: unsharded, 1 table, 0 vindexes, 1 sequence, 0 reference tables',
      'user: sharded, 2 tables, 2 vindexes, 0 sequences, 1 reference table',
    ]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^warning: .*\/vindexes: unknown vindex params: hash \(bogus\)$/);
  });

  it('uses the singular for one of each', async () => {
    const file = write(tempDir(), 'ks.vschema.json', {
      sharded: true,
      vindexes: { h: { type: 'hash' } },
      tables: {
        t: { column_vindexes: [{ column: 'id', name: 'h' }] },
        s: { type: 'sequence', pinned: '00' },
        r: { type: 'reference' },
      },
    });
    const r = await run('validate', file);
    expect(r).toEqual({ code: 0, out: ['ks: sharded, 1 table, 1 vindex, 1 sequence, 1 reference table'], err: [] });
  });

  it('accepts an SrvVSchema file', async () => {
    const file = write(tempDir(), 'srv.json', { keyspaces: { b: {}, a: { tables: { t: {} } } } });
    const r = await run('validate', file);
    expect(r).toEqual({
      code: 0,
      out: ['b: unsharded, 0 tables, 0 vindexes, 0 sequences, 0 reference tables', 'a: unsharded, 1 table, 0 vindexes, 0 sequences, 0 reference tables'],
      err: [],
    });
  });
});

describe('validate on an invalid VSchema', () => {
  it('prints every problem with its file and pointer to stdout and exits 1', async () => {
    const dir = tempDir();
    const file = write(dir, 'user/vschema.json', { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: {}, u: { column_vindexes: [{ column: 'id', name: 'nope' }] } } });
    const r = await run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${file}: /tables/t: missing primary col vindex for table: t`,
      `${file}: /tables/u/column_vindexes/0/name: vindex nope not found for table u`,
    ]);
    expect(r.err).toEqual(['invalid VSchema: 2 problems']);
  });

  it('a missing PATH file is a problem (exit 1), not a crash', async () => {
    const missing = join(tempDir(), 'missing.json');
    const r = await run('validate', missing);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: /: cannot read VSchema: ENOENT`));
    expect(r.err).toEqual(['invalid VSchema: 1 problem']);
  });
});

describe('usage', () => {
  it('validate --help prints the command usage to stdout and exits 0', async () => {
    const r = await run('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toBe(VALIDATE_HELP);
    expect(r.out[0]).toBe('Usage: vschema-router validate [options] PATH');
    expect(r.err).toEqual([]);
  });

  it('--help wins over other arguments', async () => {
    const r = await run('validate', '--strict', 'some/path', '--help');
    expect([r.code, r.out[0]]).toEqual([0, 'Usage: vschema-router validate [options] PATH']);
  });

  it.each([['--help'], ['-h'], ['help']])('top-level %s prints the usage to stdout and exits 0', async (flag) => {
    const r = await run(flag);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(TOP_HELP_FIRST_LINE);
    expect(r.out.join('\n')).toContain('validate PATH');
    expect(r.err).toEqual([]);
  });

  it('no command prints the usage to stderr and exits 2', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe(TOP_HELP_FIRST_LINE);
  });

  it('an unknown command exits 2, naming it, with the usage', async () => {
    const r = await run('lint', 'x');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe('unknown command "lint"');
    expect(r.err).toContain(TOP_HELP_FIRST_LINE);
  });

  it('an unknown option exits 2 with the command usage', async () => {
    const r = await run('validate', '--bogus', 'x');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe('unknown option --bogus');
    expect(r.err.slice(2).join('\n')).toBe(VALIDATE_HELP);
  });

  it('an option without its value, or a flag with one, exits 2', async () => {
    const a = await run('validate', 'x', '--keyspace');
    expect([a.code, a.err[0]]).toEqual([2, '--keyspace needs a value']);
    const b = await run('validate', '--strict=yes', 'x');
    expect([b.code, b.err[0]]).toEqual([2, '--strict takes no value']);
  });

  it('a missing PATH, or two of them, exits 2 with the command usage', async () => {
    for (const argv of [['validate'], ['validate', '--strict'], ['validate', 'a', 'b']]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err[0]).toBe('validate needs exactly one PATH');
      expect(r.err).toContain('Usage: vschema-router validate [options] PATH');
    }
  });
});

describe('--strict and --keyspace', () => {
  it('--strict turns warnings into problems and exits 1', async () => {
    const { dir, userFile } = demoDir();
    const r = await run('validate', '--strict', dir);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([`${userFile}: /vindexes: unknown vindex params: hash (bogus)`]);
    expect(r.err).toEqual(['invalid VSchema: 1 problem']);
  });

  it('--strict on a VSchema without warnings still exits 0', async () => {
    const file = write(tempDir(), 'ks.vschema.json', { tables: { t: {} } });
    const r = await run('validate', file, '--strict');
    expect(r).toEqual({ code: 0, out: ['ks: unsharded, 1 table, 0 vindexes, 0 sequences, 0 reference tables'], err: [] });
  });

  it('warnings of a failed load go to stderr, prefixed', async () => {
    const dir = tempDir();
    write(dir, 'ks/vschema.json', { sharded: true, vindexes: { h: { type: 'hash', params: { bogus: '1' } } }, tables: { t: {} } });
    const r = await run('validate', dir);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`warning: ${join(dir, 'ks', 'vschema.json')}: /vindexes: unknown vindex params: h (bogus)`, 'invalid VSchema: 1 problem']);
  });

  it('--keyspace NAME names the keyspace of a single-keyspace file', async () => {
    const file = write(tempDir(), 'vschema-export.json', { sharded: false, tables: { t: {} } });
    expect((await run('validate', file)).out).toEqual(['vschema-export: unsharded, 1 table, 0 vindexes, 0 sequences, 0 reference tables']);
    expect((await run('validate', '--keyspace', 'customer', file)).out).toEqual(['customer: unsharded, 1 table, 0 vindexes, 0 sequences, 0 reference tables']);
    expect((await run('validate', file, '--keyspace=product')).out).toEqual(['product: unsharded, 1 table, 0 vindexes, 0 sequences, 0 reference tables']);
  });
});

describe('--vindexes MODULE', () => {
  const REGISTER = `export function registerVindexes(registry) {
  registry.define('my_hash', { unique: true, cost: 1, kind: 'functional' });
}
`;

  it('registers custom types: a VSchema using my_hash validates only with the module', async () => {
    const dir = tempDir();
    const module = write(dir, 'my-vindexes.mjs', REGISTER);
    const file = write(dir, 'ks.vschema.json', MY_HASH_KEYSPACE);

    const without = await run('validate', file);
    expect(without.code).toBe(1);
    expect(without.out).toHaveLength(1);
    expect(without.out[0]).toContain(`${file}: /vindexes/h/type: vindexType "my_hash" not found; known types: `);

    const withIt = await run('validate', '--vindexes', module, file);
    expect(withIt).toEqual({ code: 0, out: ['ks: sharded, 1 table, 1 vindex, 0 sequences, 0 reference tables'], err: [] });
  });

  it('accepts a default export, a path relative to the working directory, and several modules', async () => {
    const dir = tempDir();
    const a = write(dir, 'a.mjs', `export default (registry) => registry.define('my_hash', { unique: true, cost: 1, kind: 'functional' });\n`);
    const b = write(dir, 'b.mjs', `export function registerVindexes(registry) { registry.define('other_hash', { unique: true, cost: 1, kind: 'functional' }); }\n`);
    const file = write(dir, 'ks.vschema.json', {
      sharded: true,
      vindexes: { h: { type: 'my_hash' }, o: { type: 'other_hash' } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }] }, u: { column_vindexes: [{ column: 'id', name: 'o' }] } },
    });
    const r = await run('validate', '--vindexes', relative(process.cwd(), a), `--vindexes=${b}`, file);
    expect(r).toEqual({ code: 0, out: ['ks: sharded, 2 tables, 2 vindexes, 0 sequences, 0 reference tables'], err: [] });
  });

  it('a module without registerVindexes or a default function exits 2', async () => {
    const dir = tempDir();
    const module = write(dir, 'nothing.mjs', `export const registerVindexes = 'not a function';\nexport const x = 1;\n`);
    const file = write(dir, 'ks.vschema.json', MY_HASH_KEYSPACE);
    const r = await run('validate', '--vindexes', module, file);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe(`--vindexes ${module}: the module must export a function registerVindexes(registry) or a default function`);
    expect(r.err).toContain('Usage: vschema-router validate [options] PATH');
  });

  it('a registration that fails (a duplicate type) exits 1 with the error code', async () => {
    const dir = tempDir();
    const module = write(dir, 'dup.mjs', `export function registerVindexes(registry) { registry.define('hash', { unique: true, cost: 1, kind: 'functional' }); }\n`);
    const r = await run('validate', '--vindexes', module, write(dir, 'ks.vschema.json', { tables: {} }));
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['VINDEX_TYPE_DUPLICATE: vindex type "hash" is already registered']);
  });

  it('a module that does not exist is a usage error (exit 2), not an internal error', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-module.mjs');
    const r = await run('validate', '--vindexes', missing, write(dir, 'ks.vschema.json', { tables: {} }));
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain(missing);
  });
});
