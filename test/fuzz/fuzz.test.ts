/**
 * The differential fuzzer's short run (a few hundred seeded queries): the router over sharded
 * MariaDB servers against one plain database. It fails on any mismatch among the queries the
 * router executes; queries the router refuses as not supported are reported, not asserted.
 * The long run is `npm run fuzz -- --seed N --queries N` (scripts/fuzz.mjs), which runs this
 * same file with FUZZ_* variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutDatabase, startDbCluster, type DbCluster, type DbServer } from '../support/mariadb.js';
import { Planner } from '../../src/planner/planner.js';
import { formatMismatch, formatReport, fuzz } from './fuzz.js';
import { openWorld, type World } from './world.js';

const env = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return n;
};
const SEED = env('FUZZ_SEED', 20240611);
const QUERIES = env('FUZZ_QUERIES', 300);
const SHARDS = env('FUZZ_SHARDS', 2);
const ONLY = process.env.FUZZ_ONLY ? env('FUZZ_ONLY', 0) : undefined;
const LONG = process.env.FUZZ_LONG === '1';
// One statement of your own on both sides, printed in full (for looking into a reproducer).
const SQL = process.env.FUZZ_SQL;

describe.skipIf(skipWithoutDatabase())('differential fuzzer: router vs one database', () => {
  let cluster: DbCluster;
  let world: World;

  beforeAll(async () => {
    if (SHARDS !== 2 && SHARDS !== 4) throw new Error('FUZZ_SHARDS must be 2 or 4');
    cluster = await startDbCluster({ servers: 2 });
    world = await openWorld(cluster.servers as DbServer[], { seed: SEED, shards: SHARDS });
  });
  afterAll(async () => {
    await world?.router.end();
    await cluster?.stop();
  });

  it.runIf(SQL !== undefined)('runs FUZZ_SQL on both sides', async () => {
    // The plan as the router builds it (its VSchema carries the tracked column types).
    try {
      console.log(`plan: ${JSON.stringify(new Planner(world.router.vschema).explain(SQL!, { target: '' }), null, 1)}`);
    } catch (e) {
      console.log(`plan: error ${(e as Error).message}`);
    }
    for (const [side, run] of [['router', () => world.router.query(SQL!)], ['single', () => world.single.query(SQL!)]] as const) {
      try {
        const [rows, fields] = await run();
        console.log(`${side}: fields ${JSON.stringify((fields as { name: string }[] | undefined)?.map((f) => f.name))}\n${JSON.stringify(rows)}`);
      } catch (e) {
        console.log(`${side}: error ${(e as Error).message}`);
      }
    }
  });

  /** Mismatches of the fixed-seed short run not fixed yet (none since query #151, join-leg aliases, and #279, derived-table aliases, were fixed). */
  const KNOWN_MISMATCHES = 0;

  it.skipIf(SQL !== undefined)(`agrees on every supported query (seed ${SEED}, ${ONLY !== undefined ? `query #${ONLY}` : `${QUERIES} queries`}, ${SHARDS} shards)`, async () => {
    const report = await fuzz(world, { seed: SEED, queries: QUERIES, only: ONLY, minimiseFirst: LONG ? 25 : 5, log: LONG ? (l) => console.log(l) : undefined });
    console.log(formatReport(report));
    const total = QUERIES > 0 && ONLY === undefined ? QUERIES : 1;
    // The generator makes valid SQL: queries both sides reject are a generator bug, so few allowed.
    expect(report.totals['both-error'], report.bothErrors.slice(0, 5).join('\n')).toBeLessThanOrEqual(Math.ceil(total * 0.03));
    if (ONLY === undefined) expect(report.totals.agree).toBeGreaterThan(total * 0.2);
    // Known mismatches still open (each printed with its minimal reproducer): a ceiling that only
    // falls, to 0. Any new mismatch fails the run.
    expect(report.mismatches.length, report.mismatches.map((m) => formatMismatch(SEED, m)).join('\n\n')).toBeLessThanOrEqual(LONG ? 0 : KNOWN_MISMATCHES);
  }, LONG ? 0 : 120_000);
});
