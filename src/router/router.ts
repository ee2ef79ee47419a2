/**
 * createRouter: a drop-in for a mysql2/promise Pool over a sharded database. Statements are
 * planned (once per distinct SQL text and target, then cached), routed to shards, and run on the
 * user's own pools; a statement answered by one shard returns mysql2's result unchanged.
 *
 *   const router = createRouter({ vschema, topology: { user: { '-80': { primary: poolA }, '80-': { primary: poolB } } } });
 *   const [rows] = await router.query('select * from user where id = ?', [5]);
 *   const conn = await router.getConnection();   // a session: use, begin/commit/rollback, SET
 */
import type { DriverResult, DriverSql } from '../executor/driver.js';
import { DEFAULT_MAX_CONCURRENCY } from '../executor/scatter.js';
import { DEFAULT_MAX_MEMORY_ROWS } from '../engine/context.js';
import { createShardPools, type ShardPools, type ShardPoolsSpec } from '../executor/shard-pools.js';
import type { PlannerSettings } from '../planner/context.js';
import { Planner } from '../planner/planner.js';
import type { Operator } from '../planner/plan.js';
import { vindexesReady } from '../vindexes/crypto/xxhash64.js';
import { loadVSchema } from '../vschema/load.js';
import type { TabletType, VSchema } from '../vschema/model.js';
import { parseTarget } from '../vschema/target.js';
import { callerBinds } from './binds.js';
import { RouterCore, type TransactionMode } from './core.js';
import { RouterError } from './errors.js';
import { executeOperator, type ExecContext } from './execute.js';
import { statementDeadline } from './timeout.js';
import { header, merge } from './results.js';
import { attachWarnings, partialResults } from './run.js';
import { Session } from './session.js';
import { RouterStream } from './stream.js';

export interface RouterOptions {
  /** A VSchema built by loadVSchema, or anything loadVSchema accepts (object, file, directory). */
  readonly vschema: VSchema | object | string;
  /** keyspace → shard → `{ primary, replica?, rdonly? }` of the user's mysql2 pools, or shardPoolsFromUrls(). */
  readonly topology: ShardPoolsSpec | ShardPools;
  /** The default target of every session: `ks`, `ks@replica`, `@replica`; '' (default) finds tables by name. */
  readonly target?: string;
  /** Vitess transaction_mode: `multi` (default) or `single`. */
  readonly transactionMode?: TransactionMode;
  /** Every shard statement fails with SHARD_TIMEOUT after this many ms and is killed. */
  readonly queryTimeoutMs?: number;
  /** Reject statements that would go to every shard of a sharded keyspace (SCATTER_REJECTED). */
  readonly noScatter?: boolean;
  /** Shards queried at once by one statement (default 16). */
  readonly maxConcurrency?: number;
  /** Plans kept (default 10 000). */
  readonly planCacheEntries?: number;
  /** Rows one in-memory sort, aggregate, join or DISTINCT at the router may hold (default 1 000 000): past it, ENGINE_MEMORY_LIMIT. */
  readonly maxMemoryRows?: number;
  /**
   * Partial results for every read that goes to several shards (Vitess's
   * SCATTER_ERRORS_AS_WARNINGS, which a statement can also ask for with
   * `/*vt+ SCATTER_ERRORS_AS_WARNINGS *\/`): the healthy shards' rows, and a warning per failed
   * shard on the result's `warnings`. The statement still fails when every shard failed.
   */
  readonly scatterErrorsAsWarnings?: boolean;
  /**
   * What the planner knows beyond the VSchema (Vitess learns it by schema tracking): primary,
   * unique and foreign keys — `await trackSchema(pools, vschema)` reads them from the shards —,
   * aggregate UDFs, foreign_key_checks.
   */
  readonly planner?: Partial<PlannerSettings>;
}

export function createRouter(options: RouterOptions): Router {
  return new Router(options);
}

export class Router {
  readonly #core: RouterCore;
  readonly #target: string;
  readonly #tabletType: TabletType;
  #ended: Promise<void> | undefined;

  constructor(options: RouterOptions) {
    if (options === null || typeof options !== 'object') throw invalidOption('options', 'expected an options object');
    const vschema = isBuilt(options.vschema) ? options.vschema : loadVSchema(options.vschema);
    const pools = isShardPools(options.topology) ? options.topology : createShardPools(options.topology);
    const mode = options.transactionMode ?? 'multi';
    if (mode !== 'single' && mode !== 'multi') throw invalidOption('transactionMode', `expected 'single' or 'multi', got ${String(mode)}`);
    const timeout = options.queryTimeoutMs;
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) throw invalidOption('queryTimeoutMs', 'expected a positive number of milliseconds');
    const max = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 1))) throw invalidOption('maxConcurrency', 'expected a positive integer');
    const maxMemoryRows = options.maxMemoryRows ?? DEFAULT_MAX_MEMORY_ROWS;
    if (!(Number.isInteger(maxMemoryRows) && maxMemoryRows >= 1)) throw invalidOption('maxMemoryRows', 'expected a positive integer');
    const partial = options.scatterErrorsAsWarnings ?? false;
    if (typeof partial !== 'boolean') throw invalidOption('scatterErrorsAsWarnings', 'expected a boolean');
    tellOwners(vschema);
    this.#target = options.target ?? '';
    this.#tabletType = parseTarget(this.#target).tabletType;
    const planner = new Planner(vschema, options.planner ?? {}, { planCache: { maxEntries: options.planCacheEntries ?? 10_000 } });
    // The planner's VSchema has the tracked columns merged in (same keyspaces, vindexes and tables otherwise).
    this.#core = new RouterCore(planner.vschema, planner, pools, {
      transactionMode: mode, queryTimeoutMs: timeout, noScatter: options.noScatter === true, maxConcurrency: max, maxMemoryRows,
      scatterErrorsAsWarnings: partial,
    });
  }

  get vschema(): VSchema {
    return this.#core.vschema;
  }

  /** mysql2's pool.query: `[rows, fields]`, or `[ResultSetHeader, undefined]` for a write. */
  query(sql: DriverSql, values?: unknown): Promise<DriverResult> {
    return this.#pooled(sql, values, 'query');
  }

  /** mysql2's pool.execute: the shard statements are prepared on the shards. */
  execute(sql: DriverSql, values?: unknown): Promise<DriverResult> {
    return this.#pooled(sql, values, 'execute');
  }

  /**
   * The statement's rows as an async iterator, read from the shards as they are consumed (see
   * docs/cross-shard.md): `for await (const row of router.stream(sql, values)) ...`. Rows have the
   * shapes query() gives; breaking out of the loop ends the shard statements.
   */
  stream(sql: DriverSql, values?: unknown): RouterStream {
    this.#checkOpen();
    const session = new Session(this.#core, this.#target, this.#tabletType);
    return new RouterStream({ session, sql, values, partial: partialResults(session, sqlText(sql)), ready: readyOnce });
  }

  /** A session (mysql2's PoolConnection surface). It borrows shard connections only while it needs them. */
  async getConnection(): Promise<RouterConnection> {
    this.#checkOpen();
    return new RouterConnection(new Session(this.#core, this.#target));
  }

  /** Ends the pools the router created (shardPoolsFromUrls); the user's own pools stay open. */
  end(): Promise<void> {
    this.#ended ??= this.#core.pools.end();
    return this.#ended;
  }

  async #pooled(sql: DriverSql, values: unknown, method: 'query' | 'execute'): Promise<DriverResult> {
    this.#checkOpen();
    if (!ready) await whenReady();
    const session = new Session(this.#core, this.#target, this.#tabletType);
    return runStatement(session, sql, values, method, true);
  }

  #checkOpen(): void {
    if (this.#ended) throw new RouterError('ROUTER_ENDED', 'the router was ended');
  }
}

/** One session, as mysql2's PoolConnection. */
export class RouterConnection {
  readonly #session: Session;
  /** A stream still reading on this session: its shard connections are busy until it ends. */
  #stream: RouterStream | undefined;

  constructor(session: Session) {
    this.#session = session;
  }

  /** The session's current target (`use ks@replica` changes it). */
  get target(): string {
    return this.#session.target;
  }

  get inTransaction(): boolean {
    return this.#session.inTransaction;
  }

  async query(sql: DriverSql, values?: unknown): Promise<DriverResult> {
    this.#checkIdle();
    if (!ready) await whenReady();
    return runStatement(this.#session, sql, values, 'query', false);
  }

  async execute(sql: DriverSql, values?: unknown): Promise<DriverResult> {
    this.#checkIdle();
    if (!ready) await whenReady();
    return runStatement(this.#session, sql, values, 'execute', false);
  }

  /**
   * router.stream() inside this session (its target, transaction and SETs). Until the stream
   * ends or is closed, other statements on this connection fail with STREAM_IN_PROGRESS: the
   * shard connections it reads on are busy, as one mysql2 connection is while it streams.
   */
  stream(sql: DriverSql, values?: unknown): RouterStream {
    this.#checkIdle();
    const stream: RouterStream = new RouterStream({
      session: this.#session, sql, values, partial: partialResults(this.#session, sqlText(sql)), ready: readyOnce,
      onDone: () => { if (this.#stream === stream) this.#stream = undefined; },
    });
    this.#stream = stream;
    return stream;
  }

  async beginTransaction(): Promise<void> {
    this.#checkIdle();
    await this.#session.begin();
  }

  async commit(): Promise<void> {
    this.#checkIdle();
    await this.#session.commit();
  }

  async rollback(): Promise<void> {
    this.#checkIdle();
    await this.#session.rollback();
  }

  /** Ends a running stream, rolls back an open transaction and gives every held shard connection back. */
  release(): void {
    void this.close();
  }

  /** Like release(), awaitable. */
  async close(): Promise<void> {
    await this.#stream?.close();
    await this.#session.release();
  }

  #checkIdle(): void {
    this.#session.checkOpen();
    if (this.#stream) throw new RouterError('STREAM_IN_PROGRESS', 'a stream is still reading on this connection: finish or close() it first');
  }
}

// The xxhash vindex needs its WebAssembly module once; afterwards no statement waits for it.
let ready = false;
async function whenReady(): Promise<void> {
  await vindexesReady();
  ready = true;
}
const readyOnce = (): Promise<void> => (ready ? Promise.resolve() : whenReady());

function sqlText(sql: DriverSql): string {
  return typeof sql === 'string' ? sql : typeof sql?.sql === 'string' ? sql.sql : '';
}

async function runStatement(session: Session, sql: DriverSql, values: unknown, method: 'query' | 'execute', pooled: boolean): Promise<DriverResult> {
  const text = typeof sql === 'string' ? sql : sql?.sql;
  if (typeof text !== 'string') throw new RouterError('BIND_INVALID', 'expected SQL text or an options object with `sql`');
  const queryOptions = typeof sql === 'string' ? undefined : withoutSql(sql);
  const binds = callerBinds(values);
  const plan = session.core.plan(text, session.target, binds.binds);
  const op = plan.instructions;
  if (op === null) {
    if (pooled) throw needsConnection(plan.queryType);
    return transactionStatement(session, plan.queryType);
  }
  if (pooled && isSessionOperator(op)) throw needsConnection(plan.queryType);
  const partial = partialResults(session, text);
  const deadline = statementDeadline(text, session.queryTimeoutMs, session.core.options.queryTimeoutMs);
  const ctx: ExecContext = {
    session,
    binds,
    run: { ...(queryOptions ? { queryOptions } : {}), ...(partial ? { partial } : {}), deadline },
    sql: text,
    method,
  };
  const result = merge(await executeOperator(ctx, op));
  // FOUND_ROWS() after a SELECT is the number of rows it returned (SQL_CALC_FOUND_ROWS set its own count).
  if (plan.queryType === 'SELECT' && op.kind !== 'SQL_CALC_FOUND_ROWS' && Array.isArray(result[0])) session.foundRows = BigInt(result[0].length);
  return partial && partial.warnings.length > 0 ? attachWarnings(result, partial.warnings) : result;
}

async function transactionStatement(session: Session, queryType: string): Promise<DriverResult> {
  switch (queryType) {
    case 'BEGIN':
      await session.begin();
      break;
    case 'COMMIT':
      await session.commit();
      break;
    case 'ROLLBACK':
      await session.rollback();
      break;
    default:
      throw new RouterError('OPERATOR_NOT_SUPPORTED', `${queryType} is not supported by the router yet`, { details: { operator: queryType } });
  }
  return [header({ affectedRows: 0 }), undefined];
}

function isSessionOperator(op: Operator): boolean {
  return op.kind === 'Vtgate' && (op.operatorType === 'UpdateTarget' || op.operatorType === 'Set');
}

function needsConnection(queryType: string): RouterError {
  return new RouterError('NEEDS_CONNECTION',
    `${queryType} changes a session: run it on a connection from getConnection(), not on the router itself`, { details: { queryType } });
}

function withoutSql(options: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const { sql: _sql, values: _values, ...rest } = options;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** Consistent lookups lock their owner row: each learns its owner table and columns (Vitess SetOwnerInfo). */
function tellOwners(vschema: VSchema): void {
  for (const ks of vschema.keyspaces.values()) {
    for (const kv of ks.vindexes.values()) {
      const impl = kv.vindex.impl;
      if (kv.owner === null || impl?.kind !== 'lookup' || !impl.setOwnerInfo) continue;
      const table = ks.tables.get(kv.owner);
      const cv = table?.columnVindexes.find((c) => c.name === kv.vindex.name);
      if (table && cv) impl.setOwnerInfo(ks.name, table.name, cv.columns);
    }
  }
}

function isBuilt(v: unknown): v is VSchema {
  return v !== null && typeof v === 'object' && (v as { keyspaces?: unknown }).keyspaces instanceof Map;
}

function isShardPools(v: unknown): v is ShardPools {
  return v !== null && typeof v === 'object' && typeof (v as ShardPools).pick === 'function' && typeof (v as ShardPools).count === 'function';
}

function invalidOption(option: string, why: string): RouterError {
  return new RouterError('OPTION_INVALID', `createRouter: ${option}: ${why}`, { details: { option } });
}
