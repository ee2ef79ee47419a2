import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VSchemaError } from '../../src/errors.js';
import { loadVSchema } from '../../src/vschema/load.js';

const DIR = 'fixtures/vschemas/invalid';

interface Expected {
  readonly description: string;
  readonly options?: { readonly strict?: boolean };
  readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'expected.json').sort();

describe('invalid VSchema fixtures', () => {
  it('every fixture has an expectation and every expectation a fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s fails with its pointers and messages', (file) => {
    const want = expected[file]!;
    let error: unknown;
    try {
      loadVSchema(join(DIR, file), { strict: want.options?.strict === true });
    } catch (err) {
      error = err;
    }
    expect(error, want.description).toBeInstanceOf(VSchemaError);
    const got = (error as VSchemaError).problems;
    expect(got.map((p) => p.path)).toEqual(want.problems.map((p) => p.path));
    want.problems.forEach((p, i) => expect(got[i]!.message).toContain(p.message));
    expect(got.every((p) => p.file === join(DIR, file))).toBe(true);
    expect((error as VSchemaError).code).toBe('VSCHEMA_INVALID');
  });

  it.each(files)('vschema-router validate %s prints every problem and exits 1', async (file) => {
    const want = expected[file]!;
    const out: string[] = [];
    const err: string[] = [];
    const args = ['validate', ...(want.options?.strict ? ['--strict'] : []), join(DIR, file)];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(out).toHaveLength(want.problems.length);
    want.problems.forEach((p, i) => {
      expect(out[i]).toContain(`${join(DIR, file)}: ${p.path === '' ? '/' : p.path}: `);
      expect(out[i]).toContain(p.message);
    });
    expect(err.at(-1)).toMatch(/^invalid VSchema: \d+ problems?$/);
  });
});
