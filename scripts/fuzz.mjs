#!/usr/bin/env node
// The differential fuzzer's long run: the router over sharded MariaDB servers against one plain
// database, on many seeded queries (test/fuzz/). It runs test/fuzz/fuzz.test.ts under vitest (the
// fuzzer is TypeScript and uses the test harness that starts MariaDB) with FUZZ_* variables, so
// the long run and the short run in `npm test` are the same code.
//
//   npm run fuzz -- [--seed N] [--queries N] [--shards 2|4] [--only I] [--sql "SELECT ..."]
//
// --only I re-runs query number I of the seed (what a mismatch report names); --sql runs one
// statement of your own on both sides and prints both results. Exits non-zero on any mismatch.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const usage = 'usage: npm run fuzz -- [--seed N] [--queries N] [--shards 2|4] [--only I] [--sql "SELECT ..."]';
const flags = { '--seed': 'FUZZ_SEED', '--queries': 'FUZZ_QUERIES', '--shards': 'FUZZ_SHARDS', '--only': 'FUZZ_ONLY', '--sql': 'FUZZ_SQL' };
const env = { ...process.env, FUZZ_LONG: '1', FUZZ_QUERIES: '2000', FUZZ_SEED: String(Date.now() % 1_000_000) };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const name = args[i];
  if (name === '--help' || name === '-h') {
    console.log(usage);
    process.exit(0);
  }
  const variable = flags[name];
  const value = args[i + 1];
  if (!variable || value === undefined) {
    console.error(`${name === undefined ? '' : `unknown or incomplete option ${name}\n`}${usage}`);
    process.exit(2);
  }
  if (variable !== 'FUZZ_SQL' && !/^[0-9]+$/.test(value)) {
    console.error(`${name} expects a non-negative integer, got ${value}`);
    process.exit(2);
  }
  env[variable] = value;
  i++;
}
console.log(`fuzz: seed ${env.FUZZ_SEED}, ${env.FUZZ_ONLY !== undefined ? `query #${env.FUZZ_ONLY}` : `${env.FUZZ_QUERIES} queries`}, ${env.FUZZ_SHARDS ?? 2} shards`);
const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const run = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz/fuzz.test.ts', '--reporter=verbose'], { cwd: root, env, stdio: 'inherit' });
process.exit(run.status ?? 1);
