// npm run bench:router: the router against a direct mysql2 pool on the same MariaDB server,
// measured side by side in one run (phases alternate, so load on this machine hits both alike).
//   1. primary-vindex point selects, concurrency 16: `select ... where id = ?` through the router
//      (2 shards, each a database on the server) vs the same statement, for the same ids, on a
//      direct pool of its own to the database that holds them (the -80 shard's): the same table,
//      rows and server, so the difference is the router's own cost;
//   2. inserts: through the router with a sequence (cached blocks of 1000) vs plain inserts into
//      an AUTO_INCREMENT table.
// Prints ops/s and the ratios. Uses MYSQL_URL when set, else starts a throwaway mariadbd.
import { createRouter, loadVSchema } from '../dist/index.js';
import { startDbCluster } from '../dist/db-harness.js';

const CONCURRENCY = 16;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROWS = 2000;
const POOL = { connectionLimit: CONCURRENCY, supportBigNumbers: true, bigNumberStrings: false };

const cluster = await startDbCluster({ servers: 1 });
const [server] = cluster.servers;
const stamp = `${process.pid}`;
const db = { low: `bench_low_${stamp}`, high: `bench_high_${stamp}`, seq: `bench_seq_${stamp}`, direct: `bench_direct_${stamp}` };
for (const name of Object.values(db)) await server.createDatabase(name);
const pools = Object.fromEntries(Object.entries(db).map(([k, name]) => [k, server.pool(name, POOL)]));

const table = 'create table t (id bigint primary key, name varchar(64)) engine=innodb';
await pools.low.query(table);
await pools.high.query(table);
await pools.direct.query('create table t (id bigint primary key auto_increment, name varchar(64)) engine=innodb');
await pools.seq.query("create table t_seq (id bigint, next_id bigint, cache bigint, primary key (id)) comment 'vitess_sequence'");
// Explicit ids do not move a Vitess sequence: start it past the preloaded rows.
await pools.seq.query(`insert into t_seq values (0, ${ROWS + 1}, 1000)`);

const vschema = loadVSchema({
  keyspaces: {
    main: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }], auto_increment: { column: 'id', sequence: 'seqs.t_seq' } } } },
    seqs: { sharded: false, tables: { t_seq: { type: 'sequence' } } },
  },
});
const router = createRouter({
  vschema,
  topology: { main: { '-80': { primary: pools.low }, '80-': { primary: pools.high } }, seqs: { '0': { primary: pools.seq } } },
});

// The same rows on both sides: through the router (split by shard) and directly.
const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
for (let i = 0; i < ROWS; i += 200) {
  const chunk = ids.slice(i, i + 200);
  const values = chunk.map(() => '(?, ?)').join(', ');
  const params = chunk.flatMap((id) => [id, `name-${id}`]);
  await router.query(`insert into t (id, name) values ${values}`, params);
  await pools.direct.query(`insert into t (id, name) values ${values}`, params);
}

async function measure(run, keys = ids) {
  let ops = 0;
  const end = Date.now() + PHASE_MS;
  let n = 0;
  const worker = async () => {
    while (Date.now() < end) {
      await run(keys[(n++ * 7919) % keys.length]);
      ops++;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return ops / seconds;
}

async function sideBySide(name, viaRouter, direct, keys = ids) {
  await measure(viaRouter, keys); // warm-up: plan cache, connections
  await measure(direct, keys);
  let r = 0;
  let d = 0;
  for (let i = 0; i < ROUNDS; i++) {
    r += await measure(viaRouter, keys);
    d += await measure(direct, keys);
  }
  r /= ROUNDS;
  d /= ROUNDS;
  console.log(`${name}: router ${r.toFixed(0)} ops/s, direct ${d.toFixed(0)} ops/s, ratio ${(r / d).toFixed(3)}`);
  return r / d;
}

const sql = 'select id, name from t where id = ?';
// The ids the -80 shard holds, and a direct pool of its own to that database.
const [lowRows] = await pools.low.query('select id from t');
const lowIds = lowRows.map((r) => r.id);
const lowDirect = server.pool(db.low, POOL);
const pointRatio = await sideBySide('point select (concurrency 16)', (id) => router.query(sql, [id]), (id) => lowDirect.query(sql, [id]), lowIds);
const insertRatio = await sideBySide(
  'insert (sequence, cached blocks) vs plain auto_increment insert',
  () => router.query('insert into t (name) values (?)', ['x']),
  () => pools.direct.query('insert into t (name) values (?)', ['x']),
);
console.log(`ratios: point select ${pointRatio.toFixed(3)} (target >= 0.95), insert ${insertRatio.toFixed(3)}`);

await router.end();
await cluster.stop();
if (pointRatio < 0.95) process.exitCode = 1;
