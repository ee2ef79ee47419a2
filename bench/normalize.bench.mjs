#!/usr/bin/env node
/**
 * Micro-benchmark of the plan-cache hit path: normalizeSql (src/sql/normalize.ts) alone, normalise +
 * planCacheKey + PlanCache.get, and node-sql-parser's astify of the same text, for the OLTP
 * statements of shared/specs/dependency-notes.md §2.
 *
 *   node bench/normalize.bench.mjs [--batches 25] [--ms 40] [--no-parser]
 *
 * Plain node, no tsx: the two TypeScript modules are bundled with esbuild (already installed as
 * tsup's dependency) into a temporary directory first. Each figure is the median over the batches
 * of the mean time per call in a batch of ~ms milliseconds, after a warm-up. The machine is shared:
 * expect ±10–20 %, and run it twice.
 */

import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { medianMicros, numberOption, times } from './timing.mjs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const BATCHES = numberOption('--batches', 25, args);
const BATCH_MS = numberOption('--ms', 40, args);

const dir = mkdtempSync(join(tmpdir(), 'normalize-bench-'));
let mod;
try {
  const entry = join(dir, 'entry.ts');
  buildSync({
    stdin: {
      contents: `export { normalizeSql } from ${JSON.stringify(join(root, 'src/sql/normalize.ts'))};
export { PlanCache, planCacheKey } from ${JSON.stringify(join(root, 'src/planner/plan-cache.ts'))};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: entry.replace(/\.ts$/, '.mjs'),
    logLevel: 'error',
  });
  mod = await import(pathToFileURL(entry.replace(/\.ts$/, '.mjs')).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { normalizeSql, PlanCache, planCacheKey } = mod;

let parser = null;
if (!args.includes('--no-parser')) {
  try {
    const { Parser } = createRequire(join(root, 'package.json'))('node-sql-parser/build/mysql');
    parser = new Parser();
  } catch {
    parser = null;
  }
}

const QUERIES = [
  ['point select by id', 'select id, name, email from user where id = 5'],
  ['IN list of 10', 'select id, name from user where id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)'],
  ['3-row insert', "insert into user (id, name, email) values (1, 'a', 'a@x.com'), (2, 'b', 'b@x.com'), (3, 'c', 'c@x.com')"],
  ['update by id', "update user set name = 'bob', updated_at = 1700000000 where id = 42"],
  ['scatter, order by + limit', "select id, name from user where status = 'active' order by created_at desc limit 20"],
  ['2-table join', 'select u.id, u.name, e.extra from user u join user_extra e on u.id = e.user_id where u.id = 7'],
  ['delete by id', 'delete from user where id = 9'],
  ['group by / having', "select tenant, count(*) from user where created > '2024-01-01' group by tenant having count(*) > 5"],
  ['select ... for update', 'select id, balance from account where id = 12 for update'],
  ['where id = ? and tenant = ?', 'select * from user where id = ? and tenant = ?'],
];

let sink = 0;
const median = (fn, batches = BATCHES) => medianMicros(times(fn), { batches, batchMs: BATCH_MS });

// Warm-up: let both the normaliser and the parser reach optimised code before any timing.
for (const deadline = Date.now() + 1500; Date.now() < deadline; ) {
  for (const [, sql] of QUERIES) {
    sink += normalizeSql(sql).binds.length;
    if (parser !== null) sink += parser.astify(sql, { database: 'MySQL' }) ? 1 : 0;
  }
}

const cache = new PlanCache();
for (const [, sql] of QUERIES) cache.set(planCacheKey(1, '', normalizeSql(sql).key), Object.freeze({ sql }));

const rows = [];
for (const [label, sql] of QUERIES) {
  const norm = await median(() => {
    sink += normalizeSql(sql).binds.length;
  });
  const hit = await median(() => {
    const n = normalizeSql(sql);
    if (cache.get(planCacheKey(1, '', n.key)) !== undefined) sink++;
  });
  const parse = parser === null ? NaN : await median(() => {
    sink += parser.astify(sql, { database: 'MySQL' }) ? 1 : 0;
  }, Math.max(5, Math.round(BATCHES / 3)));
  rows.push({ label, norm, hit, parse });
}

const f = (x, d = 2) => (Number.isNaN(x) ? '-' : x.toFixed(d));
console.log(`node ${process.version}; median of ${BATCHES} batches of ~${BATCH_MS} ms`);
console.log('| query | normalise µs | normalise + key + cache.get µs | astify µs | astify / hit |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${f(r.norm)} | ${f(r.hit)} | ${f(r.parse, 1)} | ${f(r.parse / r.hit, 0)}× |`);
const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`| **median** | ${f(mid(rows.map((r) => r.norm)))} | ${f(mid(rows.map((r) => r.hit)))} | ${f(mid(rows.map((r) => r.parse)), 1)} | |`);
if (sink === -1) console.log(sink);
