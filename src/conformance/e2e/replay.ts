/**
 * Replays one corpus directory through the router (each shard its own database, shards spread
 * over the servers given) and on one plain database, line by line, and scores each case:
 *   - target `both`: the router must agree with the single database (same rows, ordered or not
 *     as the case says; same affected-row count for DML; or both fail);
 *   - target `vitess` (sent only to vtgate in Vitess's test): the router must match Vitess's
 *     recorded expectation (rows or error fragment); with no expectation there is nothing to
 *     compare, so the case is listed as unchecked (an unexpected error still fails it);
 *   - `mysql`-only lines, multi-statement strings and shard-targeted cases are not run through
 *     the router and are listed as cannot-run; `vitess_specific` cases run (they change session
 *     state) but are reported apart from the agreement figure.
 * The single database replays what the corpus's own MariaDB replay did (its README): every line
 * but Vitess-specific and shard-targeted ones, `vitess` lines included, so its state is the one
 * the recorded single-database results came from; only statements Vitess rejects that its test
 * sent to vtgate alone stay away from it (see sentToSingle).
 * Where MariaDB accepts a statement MySQL 8 (and so Vitess's test) rejects, the single database
 * is the oracle (MariaDB is the reference wherever it differs from MySQL 8): the router must
 * agree with it, and the rest of that test no longer has the state Vitess's expectations assume,
 * so a `vitess` read there that misses Vitess's rows may agree with the single database instead.
 */
import { loadVSchema } from '../../vschema/load.js';
import type { VSchema } from '../../vschema/model.js';
import { createRouter, type Router, type RouterConnection } from '../../router/router.js';
import { createShardPools, type ShardPoolsSpec } from '../../executor/shard-pools.js';
import { trackSchema } from '../../executor/schema-tracking.js';
import { canonical, expectedRows, outcomeOf, sameRows, show, type Outcome, type RowOrder } from './compare.js';
import { orderKeyColumns } from './order-keys.js';
import { isCase, isSetup, loadCorpus, type CaseLine, type Corpus } from './corpus.js';

/** A database server the replay may create databases on (the test harness's DbServer fits). */
export interface ReplayServer {
  createDatabase(name: string): Promise<void>;
  pool(database: string, options?: Record<string, unknown>): ReplayPool;
}

export interface ReplayPool {
  query(sql: string, values?: unknown): Promise<[unknown, unknown]>;
  getConnection(): Promise<ReplayConnection>;
  end(): Promise<void>;
  on?(event: 'connection', listener: (conn: { query(sql: string, callback: () => void): unknown }) => void): unknown;
}

interface ReplayConnection {
  query(sql: string): Promise<[unknown, unknown]>;
  release(): void;
  destroy?(): void;
}

export type Verdict = 'passed' | 'failed' | 'unchecked' | 'cannot-run';

export interface CaseResult {
  readonly index: number;
  readonly sql: string;
  readonly test: string;
  readonly verdict: Verdict;
  readonly vitessSpecific: boolean;
  /** A `core` case of the corpus (issue 6's first milestone). */
  readonly core: boolean;
  readonly oracle: 'single-db' | 'vitess' | 'none';
  readonly why?: string;
}

export interface ReplayReport {
  readonly dir: string;
  readonly cases: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** Among cases that are not Vitess-specific and were compared: passed / (passed + failed). */
  readonly agreement: number;
  /** The same among `core` cases; null when the directory has none that were compared. */
  readonly coreAgreement: number | null;
  readonly setupErrors: readonly string[];
}

const MYSQL8_SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
const POOL_OPTIONS = { dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, connectionLimit: 6 };
let dbCounter = 0;

export async function replayDirectory(dir: string, servers: readonly ReplayServer[]): Promise<ReplayReport> {
  if (servers.length < 1) throw new Error('replayDirectory needs at least one server');
  const corpus = loadCorpus(dir);
  const stamp = `${process.pid}_${++dbCounter}`;
  const pools: ReplayPool[] = [];
  const sqlMode = corpus.meta.mariadb?.sql_mode ?? MYSQL8_SQL_MODE;
  const openPool = async (server: ReplayServer, db: string): Promise<ReplayPool> => {
    await server.createDatabase(db);
    const pool = server.pool(db, POOL_OPTIONS);
    // mysql2 hands the listener the callback-API connection; the SET is queued before any statement.
    pool.on?.('connection', (conn) => { conn.query(`set sql_mode = '${sqlMode}'`, () => undefined); });
    pools.push(pool);
    return pool;
  };
  const setupErrors: string[] = [];
  try {
    // Shards: shard i of every keyspace on server i mod N.
    const spec: Record<string, Record<string, { primary: ReplayPool }>> = {};
    let n = 0;
    for (const ks of corpus.meta.keyspaces) {
      const shards = ks.sharded ? (ks.shards ?? ['-80', '80-']) : ['0'];
      spec[ks.name] = {};
      for (const [i, shard] of shards.entries()) {
        const db = `e2e_${ks.name.slice(0, 12)}_${shard.replace(/[^0-9a-f]/gi, '_')}_${stamp}_${n++}`.toLowerCase();
        const pool = await openPool(servers[i % servers.length]!, db);
        await loadSchema(pool, corpus.schema.get(ks.name) ?? [], setupErrors, `${ks.name}/${shard}`);
        spec[ks.name]![shard] = { primary: pool };
      }
    }
    const single = await openPool(servers[0]!, `e2e_single_${stamp}`);
    await loadSchema(single, corpus.singleSchema, setupErrors, 'single');
    const shardPools = createShardPools(spec as unknown as ShardPoolsSpec);
    // Columns and keys, as Vitess's schema tracking reports them, read from the shards once (createRouter merges the columns into the VSchema).
    const vschema = loadVSchema(corpus.vschema);
    await emulateSequences(single, vschema, setupErrors);
    const router = createRouter({
      vschema,
      topology: shardPools,
      queryTimeoutMs: 10_000,
      planner: await trackSchema(shardPools, vschema),
    });
    const cases = await replayLines(corpus, router, single, setupErrors);
    let passed = 0;
    let failed = 0;
    let agreePassed = 0;
    let agreeFailed = 0;
    for (const c of cases) {
      if (c.verdict === 'passed') passed++;
      if (c.verdict === 'failed') failed++;
      if (!c.vitessSpecific && c.verdict === 'passed') agreePassed++;
      if (!c.vitessSpecific && c.verdict === 'failed') agreeFailed++;
    }
    const agreement = agreePassed + agreeFailed === 0 ? 1 : agreePassed / (agreePassed + agreeFailed);
    const core = cases.filter((c) => c.core && !c.vitessSpecific && (c.verdict === 'passed' || c.verdict === 'failed'));
    const coreAgreement = core.length === 0 ? null : core.filter((c) => c.verdict === 'passed').length / core.length;
    await router.end();
    return { dir, cases, passed, failed, agreement, coreAgreement, setupErrors };
  } finally {
    await Promise.allSettled(pools.map((p) => p.end()));
  }
}

/**
 * One plain MySQL gives a table's ids with AUTO_INCREMENT where Vitess uses a sequence: the
 * single database gets AUTO_INCREMENT on every auto-increment column of the VSchema, so inserts
 * without ids work there too (ids 1, 2, ... as a fresh sequence hands them out).
 */
async function emulateSequences(single: ReplayPool, vschema: VSchema, errors: string[]): Promise<void> {
  for (const ks of vschema.keyspaces.values()) {
    for (const table of ks.tables.values()) {
      if (!table.autoIncrement) continue;
      const column = table.autoIncrement.column;
      try {
        const [rows] = await single.query(
          'select column_type, column_key, extra from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?',
          [table.name, column],
        );
        const info = (rows as { column_type?: string; column_key?: string; extra?: string }[])[0];
        if (!info || /auto_increment/i.test(info.extra ?? '')) continue;
        const id = (name: string): string => '`' + name.replace(/`/g, '``') + '`';
        // InnoDB wants the auto column first in some index; an extra key is harmless.
        const key = `, add key (${id(column)})`;
        await single.query(`alter table ${id(table.name)} modify ${id(column)} ${info.column_type} not null auto_increment${key}`);
      } catch (err) {
        errors.push(`single/${ks.name}.${table.name}: AUTO_INCREMENT for ${column}: ${(err as Error).message}`);
      }
    }
  }
}

async function loadSchema(pool: ReplayPool, statements: readonly string[], errors: string[], where: string): Promise<void> {
  for (const sql of statements) {
    try {
      await pool.query(sql);
    } catch (err) {
      errors.push(`${where}: ${(err as Error).message}`);
    }
  }
}

interface SessionPair {
  router?: RouterConnection;
  single?: ReplayConnection;
}

async function replayLines(corpus: Corpus, router: Router, single: ReplayPool, setupErrors: string[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let sessions = new Map<number, SessionPair>();
  let test = '';
  // This test ran a statement MariaDB accepted where MySQL 8 failed it (see the module comment).
  let diverged = false;
  const closeAll = async (): Promise<void> => {
    for (const pair of sessions.values()) close(pair);
    sessions = new Map();
  };
  const pairOf = (n: number): SessionPair => {
    let pair = sessions.get(n);
    if (!pair) sessions.set(n, (pair = {}));
    return pair;
  };
  const routerConn = async (n: number): Promise<RouterConnection> => (pairOf(n).router ??= await router.getConnection());
  const singleConn = async (n: number): Promise<ReplayConnection> => (pairOf(n).single ??= await single.getConnection());

  for (const [index, line] of corpus.lines.entries()) {
    const top = line.test.split('/')[0]!;
    if (top !== test) {
      await closeAll();
      test = top;
      diverged = false;
    }
    if ('close_session' in line) {
      const pair = sessions.get(line.close_session);
      if (pair) close(pair);
      sessions.delete(line.close_session);
      continue;
    }
    if (isSetup(line)) {
      if (line.target !== 'mysql') {
        for (const sql of line.setup) {
          const o = await attempt(async () => (await routerConn(line.session)).query(sql));
          if (!o.ok && !line.ignore_errors) setupErrors.push(`line ${index + 1} (router): ${o.error.split('\n')[0]}`);
        }
      }
      for (const sql of line.mysql_setup ?? line.setup) {
        const o = await attempt(async () => (await singleConn(line.session)).query(sql));
        if (!o.ok && !line.ignore_errors && line.target !== 'vitess') setupErrors.push(`line ${index + 1} (single db): ${o.error.split('\n')[0]}`);
      }
      continue;
    }
    if (!isCase(line)) continue;
    const result = await replayCase(index, line, routerConn, singleConn, diverged);
    if (result.diverges) diverged = true;
    results.push(result.result);
  }
  await closeAll();
  return results;
}

interface Replayed {
  readonly result: CaseResult;
  /** MariaDB accepted what MySQL 8 rejected: the test's later state differs from Vitess's. */
  readonly diverges: boolean;
}

async function replayCase(
  index: number, c: CaseLine, routerConn: (n: number) => Promise<RouterConnection>, singleConn: (n: number) => Promise<ReplayConnection>, diverged: boolean,
): Promise<Replayed> {
  const base = { index, sql: c.sql, test: c.test, vitessSpecific: c.vitess_specific === true, core: c.core === true };
  const done = (result: CaseResult, diverges = false): Replayed => ({ result, diverges });
  if (c.target === 'mysql') {
    await attempt(async () => (await singleConn(c.session)).query(c.mysql_sql ?? c.sql));
    return done({ ...base, verdict: 'cannot-run', oracle: 'none', why: 'sent only to MySQL in the Vitess test' });
  }
  if (c.multi !== undefined && c.multi !== null && c.multi !== false) return done({ ...base, verdict: 'cannot-run', oracle: 'none', why: 'multi-statement string' });
  if (c.shard_targeted) return done({ ...base, verdict: 'cannot-run', oracle: 'none', why: 'shard-targeted session' });

  const got = await attempt(async () => (await routerConn(c.session)).query(c.sql));
  const order: RowOrder = c.ordered ? (orderKeyColumns(c.sql) ?? true) : false;
  const want = sentToSingle(c) ? await attempt(async () => (await singleConn(c.session)).query(c.mysql_sql ?? c.sql)) : null;
  if (want !== null && c.target === 'both' && c.expect_error === null) {
    const verdict = agree(got, want, order);
    return done({ ...base, verdict: verdict === null ? 'passed' : 'failed', oracle: 'single-db', ...(verdict === null ? {} : { why: verdict }) });
  }
  // MariaDB accepts what MySQL 8 rejected (the corpus says so, and the single database did): it is the oracle.
  if (want !== null && want.ok && c.expect_error !== null && c.expect_error !== undefined && c.mariadb_vs_mysql8?.kind === 'accepted_where_mysql8_errors') {
    const verdict = agree(got, want, order);
    return done({ ...base, verdict: verdict === null ? 'passed' : 'failed', oracle: 'single-db', ...(verdict === null ? {} : { why: verdict }) }, true);
  }
  // Sent only to vtgate, Vitess-specific, or rejected by Vitess: its recorded expectation is the
  // oracle (a statement Vitess rejects is not sent to the single database, which would run it).
  if (c.expect_error !== null && c.expect_error !== undefined) {
    // Any error counts: Vitess's wording changed between versions (the VT code is the stable part).
    if (!got.ok) return done({ ...base, verdict: 'passed', oracle: 'vitess' });
    if (got.ok && c.allow_error) return done({ ...base, verdict: 'unchecked', oracle: 'none' });
    return done({ ...base, verdict: 'failed', oracle: 'vitess', why: `expected error "${c.expect_error}", got ${show(got)}` });
  }
  if (!got.ok) {
    if (c.allow_error) return done({ ...base, verdict: 'unchecked', oracle: 'none', why: show(got) });
    return done({ ...base, verdict: 'failed', oracle: c.expect_rows ? 'vitess' : 'none', why: show(got) });
  }
  if (c.expect_rows !== null && c.expect_rows !== undefined) {
    const expected = expectedRows(c.expect_rows, c.expect_types);
    if (got.rows !== null && sameRows(got.rows, expected, order)) return done({ ...base, verdict: 'passed', oracle: 'vitess' });
    if (diverged && want !== null && agree(got, want, order) === null) return done({ ...base, verdict: 'passed', oracle: 'single-db' });
    return done({ ...base, verdict: 'failed', oracle: 'vitess', why: `expected ${JSON.stringify(expected).slice(0, 300)}, got ${show(got)}` });
  }
  if (c.expect_rows_affected !== undefined && got.affectedRows !== null) {
    const ok = got.affectedRows === c.expect_rows_affected;
    return done({ ...base, verdict: ok ? 'passed' : 'failed', oracle: 'vitess', ...(ok ? {} : { why: `expected ${c.expect_rows_affected} affected rows, got ${got.affectedRows}` }) });
  }
  return done({ ...base, verdict: 'unchecked', oracle: 'none' });
}

/**
 * Whether the single database runs the case: what the corpus's MariaDB replay ran, less the
 * statements Vitess rejects unless its test ran them on MySQL too (allow_error) or MariaDB is
 * known to accept them: the single database would run them and leave the router's state behind.
 */
function sentToSingle(c: CaseLine): boolean {
  if (c.vitess_specific) return false;
  if (c.expect_error === null || c.expect_error === undefined) return true;
  return c.allow_error === true || c.mariadb_vs_mysql8?.kind === 'accepted_where_mysql8_errors';
}

/** null when the two outcomes agree, else why not. */
function agree(got: Outcome, want: Outcome, order: RowOrder): string | null {
  if (!got.ok || !want.ok) {
    if (!got.ok && !want.ok) return null;
    return `router: ${show(got)}; single db: ${show(want)}`;
  }
  if (want.rows !== null || got.rows !== null) {
    if (want.rows === null || got.rows === null || !sameRows(got.rows, want.rows, order)) return `router: ${show(got)}; single db: ${show(want)}`;
    return null;
  }
  return got.affectedRows === want.affectedRows ? null : `router: ${show(got)}; single db: ${show(want)}`;
}

async function attempt(run: () => Promise<[unknown, unknown]>): Promise<Outcome> {
  try {
    return outcomeOf(await run());
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message}`.trim() : String(err) };
  }
}

/**
 * Closing a connection rolls back its open transaction, on both sides. The single database's
 * connection is closed, not given back to its pool: its session variables (a test's
 * `set sql_mode = ''`) must not reach the next test, as a closed Vitess session's do not.
 */
function close(pair: SessionPair): void {
  pair.router?.release();
  const single = pair.single;
  if (single) void single.query('rollback').catch(() => undefined).finally(() => (single.destroy ? single.destroy() : single.release()));
}

export { canonical };
