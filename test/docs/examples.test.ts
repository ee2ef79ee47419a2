/**
 * Docs stay true: every ```js block in README.md and docs/*.md runs with plain `node` against
 * the built package (each block asserts its own claims with node:assert), and every command
 * of the README's quick start runs with the output the README shows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const DOCS = ['README.md', ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function blocks(file: string, lang: string): string[] {
  const text = readFileSync(`${ROOT}${file}`, 'utf8');
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

const examples = DOCS.flatMap((file) => blocks(file, 'js').map((code, i) => ({ name: `${file} example ${i + 1}`, code })));

describe('documentation examples', () => {
  it('there are examples to run', () => expect(examples.length).toBeGreaterThanOrEqual(8));

  it.each(examples)('$name runs', ({ code }) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the README quick start prints what the README says', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const shown = /prints one line per keyspace[^\n]*\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    const out = execFileSync(process.execPath, ['dist/cli.js', 'validate', 'fixtures/demo'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toBe(shown);
    const broken = spawnSync(process.execPath, ['dist/cli.js', 'validate', 'fixtures/vschemas/invalid/many-problems.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^fixtures\/vschemas\/invalid\/many-problems\.json: \/keyspaces\/user\/vindexes\/hash\/type: /);
  });
});
