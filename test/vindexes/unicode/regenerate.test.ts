/**
 * data/unicode-collation.bin must be exactly what scripts/gen-unicode-collation.mjs makes from
 * its inputs (Debian packages golang-golang-x-text-dev and unicode-data). Skipped, with a
 * warning, where those packages are not installed (CI machines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'gen-unicode-collation.mjs');
const COMMITTED = join(ROOT, 'data', 'unicode-collation.bin');
const TABLES = process.env.XTEXT_COLLATE_TABLES || '/usr/share/gocode/src/golang.org/x/text/collate/tables.go';
const UCD = process.env.UCD_DIR || '/usr/share/unicode';

const inputsPresent = existsSync(TABLES) && existsSync(join(UCD, 'UnicodeData.txt'));
if (!inputsPresent) {
  console.warn(
    `regenerate.test.ts: skipped: ${TABLES} or ${UCD}/UnicodeData.txt missing ` +
      '(apt-get install -y golang-golang-x-text-dev unicode-data to check data/unicode-collation.bin)',
  );
}

interface Generator {
  decodeFile(file: Buffer): Buffer;
}

describe('data/unicode-collation.bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsr-collation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is committed', () => {
    expect(existsSync(COMMITTED)).toBe(true);
  });

  it.skipIf(!inputsPresent)('is reproduced byte for byte by the generator', async () => {
    const out = join(dir, 'regenerated.bin');
    const r = spawnSync(process.execPath, [SCRIPT, '--out', out, '--tables', TABLES, '--ucd', UCD], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const fresh = readFileSync(out);
    const committed = readFileSync(COMMITTED);
    const gen = (await import(pathToFileURL(SCRIPT).href)) as Generator;
    // The content first (a mismatch here means the data or the generator changed) ...
    expect(gen.decodeFile(fresh).equals(gen.decodeFile(committed)), 'uncompressed payload differs: rerun the generator').toBe(true);
    // ... then the compressed bytes (fixed brotli parameters, no timestamps).
    expect(fresh.equals(committed), 'same payload but different compressed bytes (a different brotli build?)').toBe(true);
  }, 60_000);
});
