#!/usr/bin/env node
/**
 * The plan cache against node-sql-parser, side by side in one run, on the OLTP statements of
 * shared/specs/dependency-notes.md §2 (issue 4's targets):
 *   - hit:   Planner.prepare (normalise, cache lookup, bind values) + routePrepared (shards, SQL)
 *            must be at least 50x faster than node-sql-parser's astify of the same text;
 *   - miss:  the same with no cache (normalise + parse + plan + route) at most 1.3x astify.
 *
 *   npm run bench:plan-cache [-- --batches 25 --ms 40 --check]
 *
 * Uses the built package (dist/). Each figure is the median over batches of the mean time per call
 * in a batch of ~ms milliseconds, after a warm-up; the machine is shared, so expect +-10-20 %.
 * --check exits 1 when a statement misses a target.
 */
import { createRequire } from 'node:module';
import { medianMicros, numberOption, timesAsync } from './timing.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadVSchema, Planner, routePrepared, createTopology, vindexesReady } = await import(join(root, 'dist/index.js'));
const { Parser } = createRequire(join(root, 'package.json'))('node-sql-parser/build/mysql');

const args = process.argv.slice(2);
const BATCHES = numberOption('--batches', 25, args);
const BATCH_MS = numberOption('--ms', 40, args);

const QUERIES = [
  ['point select by id', 'select id, name, email from user where id = 5', []],
  ['IN list of 10', 'select id, name from user where id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)', []],
  ['3-row insert', "insert into user (id, name, email) values (1, 'a', 'a@x.com'), (2, 'b', 'b@x.com'), (3, 'c', 'c@x.com')", []],
  ['update by id', "update user set name = 'bob', updated_at = 1700000000 where id = 42", []],
  ['scatter, order by + limit', "select id, name from user where status = 'active' order by created_at desc limit 20", []],
  ['2-table join', 'select u.id, u.name, e.extra from user u join user_extra e on u.id = e.user_id where u.id = 7', []],
  ['delete by id', 'delete from user where id = 9', []],
  ['group by / having', "select tenant, count(*) from user where created > '2024-01-01' group by tenant having count(*) > 5", []],
  ['select ... for update', 'select id, balance from account where id = 12 for update', []],
  ['where id = ? and tenant = ?', 'select * from user where id = ? and tenant = ?', [12, 'acme']],
];

await vindexesReady();
const vschema = loadVSchema({ keyspaces: { app: await import(join(root, 'fixtures/bench/vschema.json'), { with: { type: 'json' } }).then((m) => m.default) } });
const topology = createTopology({ app: ['-40', '40-80', '80-c0', 'c0-'] });
const env = { vschema, topology };
const cached = new Planner(vschema);
const uncached = new Planner(vschema, {}, { planCache: false });
const parser = new Parser();
const options = (values) => ({ target: 'app', values });

let sink = 0;
const median = (fn, batches = BATCHES) => medianMicros(timesAsync(fn), { batches, batchMs: BATCH_MS });

const parse = (sql) => () => {
  sink += parser.astify(sql, { database: 'MySQL' }) ? 1 : 0;
};
const through = (planner, sql, values) => async () => {
  const prepared = planner.prepare(sql, options(values));
  sink += (await routePrepared(prepared, env)).length;
};

// Warm-up: every path reaches optimised code before any timing.
for (const deadline = Date.now() + 2000; Date.now() < deadline; ) {
  for (const [, sql, values] of QUERIES) {
    parse(sql)();
    await through(cached, sql, values)();
    await through(uncached, sql, values)();
  }
}

const rows = [];
for (const [label, sql, values] of QUERIES) {
  const p = await median(parse(sql), Math.max(7, Math.round(BATCHES / 3)));
  const hit = await median(through(cached, sql, values));
  const miss = await median(through(uncached, sql, values), Math.max(7, Math.round(BATCHES / 3)));
  rows.push({ label, p, hit, miss, speedup: p / hit, missRatio: miss / p });
}

const f = (x, d = 2) => x.toFixed(d);
console.log(`node ${process.version}; median of ${BATCHES} batches of ~${BATCH_MS} ms; 4 shards, hash vindex`);
console.log('| statement | astify µs | cache hit + route µs | astify / hit (≥ 50×) | miss + route µs | miss / astify (≤ 1.3×) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.label} | ${f(r.p, 1)} | ${f(r.hit)} | ${f(r.speedup, 0)}× ${r.speedup >= 50 ? '' : '✗'} | ${f(r.miss, 1)} | ${f(r.missRatio)}× ${r.missRatio <= 1.3 ? '' : '✗'} |`);
}
const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`| **median** | ${f(mid(rows.map((r) => r.p)), 1)} | ${f(mid(rows.map((r) => r.hit)))} | ${f(mid(rows.map((r) => r.speedup)), 0)}× | ${f(mid(rows.map((r) => r.miss)), 1)} | ${f(mid(rows.map((r) => r.missRatio)))}× |`);
const failed = rows.filter((r) => r.speedup < 50 || r.missRatio > 1.3);
console.log(failed.length === 0 ? 'all statements meet both targets' : `targets missed by: ${failed.map((r) => r.label).join(', ')}`);
if (sink === -1) console.log(sink);
if (args.includes('--check') && failed.length > 0) process.exitCode = 1;
