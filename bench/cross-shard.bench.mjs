// npm run bench:cross-shard: the router's cross-shard engine over 4 shards on 2 MariaDB servers
// (two shard databases per server) against one server holding every row, side by side in one run
// (phases alternate, so load on this machine hits both alike):
//   1. a scatter ORDER BY ... LIMIT on a column without an index (each shard sorts its part, the
//      router merges the heads);
//   2. a scatter aggregate: GROUP BY with count(*) and sum() (the shards aggregate their part,
//      the router merges the partial aggregates group by group);
//   3. a streamed full-table scatter of every row through router.stream(): rows per second and
//      the process's peak memory (RSS and heap) while it runs, against query() materialising the
//      same rows.
// Table rows count as processed per query: rows/s = table rows / seconds per query.
// The rows are placed by a binary_md5 vindex on id, which MariaDB can compute (md5 of the id's
// text), so each shard loads its own rows with one INSERT ... SELECT from the sequence engine.
// BENCH_ROWS (default 1 000 000), BENCH_PHASE_MS, BENCH_ROUNDS tune it.
import { createRouter, loadVSchema } from '../dist/index.js';
import { startDbCluster } from '../dist/db-harness.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SHARDS = [['-40', 0x00, 0x3f], ['40-80', 0x40, 0x7f], ['80-c0', 0x80, 0xbf], ['c0-', 0xc0, 0xff]];
const POOL = { connectionLimit: 8 };
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => undefined;
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

const started = Date.now();
// servers 0 and 1 hold the shards (2 each), server 2 holds every row.
const cluster = await startDbCluster({ servers: 3, serverArgs: ['--innodb-buffer-pool-size=256M'] });
const [a, b, single] = cluster.servers;
const stamp = process.pid;
const shardPools = {};
for (const [i, [shard]] of SHARDS.entries()) {
  const server = i < 2 ? a : b;
  const db = `bench_x_${stamp}_${i}`;
  await server.createDatabase(db);
  shardPools[shard] = server.pool(db, POOL);
}
const directDb = `bench_x_${stamp}_all`;
await single.createDatabase(directDb);
const direct = single.pool(directDb, POOL);

const table = 'create table t (id bigint primary key, g int not null, n int not null, v varchar(40) not null) engine=innodb';
const rowsFrom = `select seq, seq % 1000, seq % 97, concat('value-', seq) from seq_1_to_${ROWS}`;
await Promise.all([
  ...SHARDS.map(async ([shard, lo, hi]) => {
    const pool = shardPools[shard];
    await pool.query(table);
    await pool.query(`insert into t (id, g, n, v) ${rowsFrom} where conv(left(md5(seq), 2), 16, 10) between ${lo} and ${hi}`);
  }),
  (async () => {
    await direct.query(table);
    await direct.query(`insert into t (id, g, n, v) ${rowsFrom}`);
  })(),
]);

const vschema = loadVSchema({
  keyspaces: { main: { sharded: true, vindexes: { md5: { type: 'binary_md5' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'md5' }] } } } },
});
const router = createRouter({ vschema, topology: { main: Object.fromEntries(SHARDS.map(([shard]) => [shard, { primary: shardPools[shard] }])) } });
const [[{ n: placed }]] = await router.query('select count(*) as n from t');
const [[check]] = await router.query('select count(*) as n from t where id = 1000');
if (Number(placed) !== ROWS || Number(check.n) !== 1) throw new Error(`rows not placed as the vindex routes them (${placed}, ${check.n})`);
console.log(`loaded ${ROWS} rows: 4 shards on 2 servers, and all of them on a third server (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** Queries per second of `run` over one phase (serial: one query at a time). */
async function measure(run) {
  let n = 0;
  const end = Date.now() + PHASE_MS;
  const t0 = process.hrtime.bigint();
  do {
    await run();
    n++;
  } while (Date.now() < end);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function sideBySide(name, sql, same) {
  const [viaRouter] = await router.query(sql);
  const [viaDirect] = await direct.query(sql);
  if (!same(viaRouter, viaDirect)) throw new Error(`${name}: the router and the single server disagree`);
  let r = 0;
  let d = 0;
  for (let i = 0; i < ROUNDS; i++) {
    r += await measure(() => router.query(sql));
    d += await measure(() => direct.query(sql));
  }
  r /= ROUNDS;
  d /= ROUNDS;
  return { name, r, d };
}

const json = (x) => JSON.stringify(x);
const results = [
  await sideBySide('scatter ORDER BY n DESC, id LIMIT 100', 'select id, g, n from t order by n desc, id limit 100', (x, y) => json(x) === json(y)),
  await sideBySide('scatter GROUP BY g: count(*), sum(n)', 'select g, count(*) as c, sum(n) as s from t group by g',
    (x, y) => json(x) === json(y.map((row) => ({ ...row, c: Number(row.c) })))),
];

// Streaming: the whole table through router.stream(), memory sampled every 50 000 rows (the
// heap after a GC when node runs with --expose-gc, as npm run bench:cross-shard does).
gc();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
let count = 0;
const t0 = process.hrtime.bigint();
const stream = router.stream('select id, g, n, v from t');
for await (const row of stream) {
  count++;
  if (row.id === undefined) throw new Error('row without id');
  if (count % 50_000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    gc(); // the live heap: what the stream holds, not garbage V8 has yet to collect
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
}
const streamSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (count !== ROWS) throw new Error(`streamed ${count} rows, expected ${ROWS}`);

// The same rows materialised by query(), for contrast.
gc();
const before = process.memoryUsage();
const q0 = process.hrtime.bigint();
const [all] = await router.query('select id, g, n, v from t');
const querySeconds = Number(process.hrtime.bigint() - q0) / 1e9;
const held = process.memoryUsage();
if (all.length !== ROWS) throw new Error('query() lost rows');

console.log('');
console.log('| query | router, 4 shards on 2 servers | one server, all rows | ratio |');
console.log('|---|---|---|---|');
for (const { name, r, d } of results) {
  console.log(`| ${name} | ${r.toFixed(2)} q/s = ${(r * ROWS / 1e6).toFixed(2)} M rows/s | ${d.toFixed(2)} q/s = ${(d * ROWS / 1e6).toFixed(2)} M rows/s | ${(r / d).toFixed(2)} |`);
}
console.log('');
console.log(`stream() of ${count} rows from 4 shards: ${(count / streamSeconds / 1e3).toFixed(0)} k rows/s; ` +
  `peak RSS ${mib(peakRss)} MiB (at start ${mib(base.rss)}), peak live heap ${mib(peakHeap)} MiB (at start ${mib(base.heapUsed)}); ` +
  `engine held at most ${stream.peakBufferedRows} rows`);
console.log(`query() of the same rows: ${(ROWS / querySeconds / 1e3).toFixed(0)} k rows/s; RSS ${mib(held.rss)} MiB, heap ${mib(held.heapUsed)} MiB ` +
  `(+${mib(held.heapUsed - before.heapUsed)} MiB held by the result)`);
console.log(`bench ran ${((Date.now() - started) / 1000).toFixed(0)} s`);

await router.end();
await cluster.stop();
