/**
 * router.stream() / connection.stream(): a statement's rows as an async iterator, in the shapes
 * query() would return them, with backpressure. Each shard statement runs on a connection of the
 * user's pool through mysql2's streaming interface (the callback connection's
 * `query(...).stream({ highWaterMark })`): when the consumer falls behind, the engine stops
 * reading, mysql2's stream buffer fills, mysql2 pauses the socket and TCP holds the server back.
 * The engine in streaming mode (src/engine/stream-engine.ts) decides how much each operator
 * holds; the stream's `peakBufferedRows` reports the most it held at once.
 *
 * Ending a stream early (break, return(), close()) ends the shard statements still running: a
 * statement that finishes within DRAIN_MS is drained (its connection goes back to the pool), a
 * longer one is killed (`KILL <thread id>` through the pool, and its connection destroyed, as
 * shard-query.ts does on a timeout). A connection the session holds (a transaction, SETs) is
 * never killed, only drained.
 *
 * A pool without mysql2's callback connections (a stand-in) cannot stream: each of its shard
 * results is read whole, then handed on the same way.
 */
import type { DriverSql } from '../executor/driver.js';
import { timeoutError, toShardError, ShardError } from '../executor/errors.js';
import { isEngineOperator, isEngineWrite } from '../engine/engine.js';
import { fromDriverField, type DriverField } from '../engine/fields.js';
import { fromDriverResult, RAW_QUERY_OPTIONS } from '../engine/from-driver.js';
import type { EngineField, Row } from '../engine/result.js';
import { BufferMeter, streamOf, type RowStream, type ShardRowStream, type StreamContext, type StreamPort } from '../engine/stream.js';
import { streamEngine } from '../engine/stream-engine.js';
import { toDriverResult } from '../engine/to-driver.js';
import type { Operator, Route, VindexLookup } from '../planner/plan.js';
import { routeOperator, type ShardQuery } from '../routing/route.js';
import { NULL_VALUE, type SqlType, type SqlValue } from '../vindexes/value.js';
import { callerBinds } from './binds.js';
import { enginePort, withSessionBinds, maxMemoryRows, rowOptions } from './engine-port.js';
import { RouterError } from './errors.js';
import { statementDeadline } from './timeout.js';
import { executeOperator, routingEnv, type ExecContext, noRouteQueries } from './execute.js';
import { merge } from './results.js';
import { rejectScatter, shardWarning, type PartialResults, type ShardWarning } from './run.js';
import type { Session, ShardLease } from './session.js';
import { driverStatement, type DriverStatement, type ParamOrigins } from './shard-sql.js';

/** Rows mysql2 buffers per shard stream before it pauses the socket. */
export const SHARD_HIGH_WATER_MARK = 256;
/** Rows handed on per batch from one shard. */
const SHARD_BATCH = 256;
/** How long an abandoned shard statement may run on before it is killed. */
const DRAIN_MS = 100;

export interface StreamRequest {
  readonly session: Session;
  readonly sql: DriverSql;
  readonly values: unknown;
  /** Partial results for this statement, when on. */
  readonly partial: PartialResults | undefined;
  /** Awaited before planning (the xxhash vindex's WebAssembly module). */
  readonly ready: () => Promise<void>;
  /** Called once the stream is over, however it ended. */
  readonly onDone?: () => void;
}

/**
 * The rows of one statement, read as they are consumed: `for await (const row of stream)`.
 * Iterating starts the statement; breaking out of the loop (or close()) ends it.
 */
export class RouterStream implements AsyncIterable<unknown> {
  readonly #request: StreamRequest;
  readonly #meter = new BufferMeter();
  #fields: unknown;
  #iterator: AsyncGenerator<unknown, void, undefined> | undefined;
  #closed = false;

  constructor(request: StreamRequest) {
    this.#request = request;
  }

  /** mysql2's column definitions, once the first row (or the end) arrived. */
  get fields(): unknown {
    return this.#fields;
  }

  /**
   * Partial results: the shards skipped so far (all of them once iteration ended), as
   * query()'s `warnings`. Always empty without SCATTER_ERRORS_AS_WARNINGS.
   */
  get warnings(): readonly ShardWarning[] {
    return this.#request.partial?.warnings ?? [];
  }

  /** The most rows the router's engine held at once for this stream (merge heads, read-ahead, sort buffers). */
  get peakBufferedRows(): number {
    return this.#meter.peak;
  }

  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined> {
    this.#iterator ??= this.#rows();
    return this.#iterator;
  }

  /** Ends the statement early; the iterator then ends. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#iterator) await this.#iterator.return(undefined);
    else this.#request.onDone?.();
  }

  async *#rows(): AsyncGenerator<unknown, void, undefined> {
    if (this.#closed) return;
    const { session, sql, values, partial } = this.#request;
    let rows: RowStream | undefined;
    try {
      const text = typeof sql === 'string' ? sql : sql?.sql;
      if (typeof text !== 'string') throw new RouterError('BIND_INVALID', 'expected SQL text or an options object with `sql`');
      const queryOptions = typeof sql === 'string' ? undefined : withoutSql(sql);
      await this.#request.ready();
      const binds = callerBinds(values);
      const op = session.core.plan(text, session.target, binds.binds).instructions;
      const ctx: ExecContext = {
        session, binds, sql: text, method: 'query',
        run: {
          ...(queryOptions ? { queryOptions } : {}), ...(partial ? { partial } : {}),
          deadline: statementDeadline(text, session.queryTimeoutMs, session.core.options.queryTimeoutMs),
        },
      };
      if (op === null || !streams(op)) {
        yield* this.#buffered(ctx, op);
        return;
      }
      // A route whose rows need no merging or trimming streams mysql2's own rows, as query() returns them.
      const shapes: DriverShapes | undefined = passesThrough(op) ? { queryOptions, fields: undefined } : undefined;
      const sctx: StreamContext = {
        port: enginePort(ctx), binds: withSessionBinds(binds.binds, session), maxMemoryRows: maxMemoryRows(session),
        streams: streamPort(ctx, shapes), meter: this.#meter, maxConcurrency: session.core.options.maxConcurrency,
      };
      rows = await streamEngine(sctx, op);
      // FOUND_ROWS() after a streamed SELECT: the rows it returned.
      let count = 0n;
      if (shapes) {
        for (let batch = await rows.next(); batch !== undefined; batch = await rows.next()) {
          this.#fields ??= shapes.fields;
          count += BigInt(batch.length);
          yield* batch as unknown[];
        }
        this.#fields ??= shapes.fields ?? [];
        session.foundRows = count;
        return;
      }
      const options = rowOptions(session, queryOptions);
      for (let batch = await rows.next(); batch !== undefined; batch = await rows.next()) {
        const [out, fields] = toDriverResult({ fields: rows.fields, rows: batch }, options);
        this.#fields ??= fields;
        count += BigInt(batch.length);
        yield* out as unknown[];
      }
      this.#fields ??= toDriverResult({ fields: rows.fields, rows: [] }, options)[1];
      session.foundRows = count;
    } finally {
      this.#closed = true;
      try {
        await rows?.close();
      } finally {
        this.#request.onDone?.();
      }
    }
  }

  /**
   * Statements that return rows but do not stream (SHOW through Send, `select next N values`, a
   * SQL_CALC_FOUND_ROWS statement, whose count runs beside it): run whole.
   */
  async *#buffered(ctx: ExecContext, op: Operator | null): AsyncGenerator<unknown, void, undefined> {
    const readsRows = op !== null && ((op.kind === 'Send' && !op.isDml) || (op.kind === 'Route' && op.variant === 'Next') || op.kind === 'SQL_CALC_FOUND_ROWS');
    if (!readsRows) {
      throw new RouterError('STREAM_NOT_A_QUERY', 'stream() runs statements that return rows (SELECT, SHOW); use query() for writes and session statements',
        { details: { operator: op === null ? 'transaction' : op.kind } });
    }
    const [rows, fields] = merge(await executeOperator(ctx, op));
    this.#fields = fields;
    if (Array.isArray(rows)) yield* rows as unknown[];
  }
}

/** Rows handed on in the caller's shapes (mysql2's rows, untouched), and the first shard's columns. */
interface DriverShapes {
  readonly queryOptions: Readonly<Record<string, unknown>> | undefined;
  fields: unknown;
}

function passesThrough(op: Operator): boolean {
  const route = op.kind === 'Route' ? op : op.kind === 'VindexLookup' ? op.route : undefined;
  return route !== undefined && route.orderBy.length === 0 && route.resultColumns === null;
}

function streams(op: Operator): boolean {
  if (op.kind === 'Route') return op.variant !== 'Next';
  if (op.kind === 'VindexLookup') return true;
  return isEngineOperator(op) && !isEngineWrite(op);
}

function withoutSql(options: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const { sql: _sql, values: _values, ...rest } = options;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The router's side of streaming: routing a route to shard streams, and partial results. */
function streamPort(ctx: ExecContext, shapes: DriverShapes | undefined): StreamPort {
  const { session } = ctx;
  const partial = ctx.run.partial;
  return {
    async routeStreams(op: Route | VindexLookup, binds) {
      const route = op.kind === 'Route' ? op : op.route;
      rejectScatter(session, route.variant, ctx.sql);
      const queries = await routeOperator(op, binds, routingEnv(session, 'select'));
      const open = (list: readonly ShardQuery[]) =>
        list.map((q) => ({ keyspace: q.keyspace, shard: q.shard, open: () => openShard(session, q, ctx.binds.origins, shapes, ctx.run.deadline) }));
      if (queries.length === 0) {
        // No shard holds rows: a scalar aggregate still answers from one shard; anything else
        // learns its columns there (the same rule as query(), src/router/execute.ts).
        const { queries: anyShard, fieldsOnly } = noRouteQueries(session, op, binds);
        if (!fieldsOnly) return { shards: open(anyShard) };
        const [fields] = await enginePort(ctx).fetchShards(op, binds);
        return { shards: [], fields: fields?.fields ?? [] };
      }
      return { shards: open(queries) };
    },
    tolerate(error) {
      if (!partial || !(error instanceof ShardError)) return false;
      partial.warnings.push(shardWarning(error));
      return true;
    },
  };
}

async function openShard(
  session: Session, q: ShardQuery, origins: ParamOrigins, shapes: DriverShapes | undefined, deadline: number | null | undefined,
): Promise<ShardRowStream> {
  const stmt = driverStatement(q.sql, q.bindVars, origins);
  const pool = session.core.pools.pick(q.keyspace, q.shard, session.tabletType);
  const whole = async (): Promise<ShardRowStream> => {
    const queryOptions = shapes ? shapes.queryOptions : RAW_QUERY_OPTIONS;
    const [rows, fields] = await session.run(q.keyspace, q.shard, stmt, { ...(queryOptions ? { queryOptions } : {}), method: 'query', deadline });
    if (!shapes) return streamOf(fromDriverResult(rows, fields));
    shapes.fields ??= fields;
    return streamOf({ fields: [], rows: (Array.isArray(rows) ? rows : []) as Row[] });
  };
  if (!canStream(pool)) return whole();
  const lease = await session.lease(q.keyspace, q.shard);
  const raw = (lease.conn as { connection?: CallbackConnection }).connection;
  if (typeof raw?.query !== 'function') {
    lease.done(false);
    return whole();
  }
  return new MysqlShardStream(raw, lease, stmt, session.timeoutFor(deadline), shapes).opened;
}

/** A mysql2 promise pool keeps its callback pool as `.pool`: its connections can stream. */
function canStream(pool: unknown): boolean {
  const inner = (pool as { pool?: { getConnection?: unknown } } | null)?.pool;
  return typeof inner?.getConnection === 'function';
}

// mysql2's callback API, structurally (only src/executor and this file see the driver).
interface Emitter {
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}
interface DriverReadable extends Emitter {
  read(): unknown;
  destroy(error?: Error): unknown;
}
interface CallbackQuery extends Emitter {
  stream(options: { highWaterMark: number }): DriverReadable;
}
interface CallbackConnection {
  query(options: object, values?: unknown): CallbackQuery;
}

/** One shard statement streamed on a leased connection. */
class MysqlShardStream implements ShardRowStream {
  fields: readonly EngineField[] = [];
  readonly opened: Promise<ShardRowStream>;
  readonly #lease: ShardLease;
  readonly #readable: DriverReadable;
  #types: SqlType[] = [];
  #error: ShardError | undefined;
  #ended = false;
  #closed = false;
  #finished = false;
  #wake: (() => void) | undefined;
  readonly #finishedPromise: Promise<void>;
  #onFinished!: () => void;

  /** Rows are the caller's mysql2 rows, handed on untouched. */
  readonly #passthrough: boolean;

  constructor(raw: CallbackConnection, lease: ShardLease, stmt: DriverStatement, timeoutMs: number | undefined, shapes: DriverShapes | undefined) {
    this.#lease = lease;
    this.#passthrough = shapes !== undefined;
    this.#finishedPromise = new Promise((resolve) => { this.#onFinished = resolve; });
    const options = shapes ? { ...shapes.queryOptions, sql: stmt.sql } : { sql: stmt.sql, ...RAW_QUERY_OPTIONS };
    let query: CallbackQuery;
    try {
      query = stmt.values === undefined ? raw.query(options) : raw.query(options, stmt.values);
      this.#readable = query.stream({ highWaterMark: SHARD_HIGH_WATER_MARK });
    } catch (err) {
      lease.done(false);
      this.#readable = { read: () => null, destroy: () => undefined, on: () => undefined, once: () => undefined };
      this.opened = Promise.reject(toShardError(err, lease.target));
      return;
    }
    this.opened = new Promise<ShardRowStream>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.#error = timeoutError(lease.target, timeoutMs);
        void this.#kill();
        reject(this.#error);
      }, timeoutMs);
      query.once('fields', (fields: DriverField[] | undefined) => {
        clearTimeout(timer);
        if (shapes) shapes.fields ??= fields ?? [];
        this.fields = (fields ?? []).map(fromDriverField);
        this.#types = this.fields.map((f) => f.type);
        resolve(this);
      });
      // Every error of the statement, also after the readable is gone (a KILL): never unhandled.
      query.on('error', (err: Error) => {
        clearTimeout(timer);
        this.#error ??= toShardError(err, lease.target);
        reject(this.#error);
        if ((err as { fatal?: boolean }).fatal) this.#finish(true);
        this.#signal();
      });
      query.on('end', () => {
        clearTimeout(timer);
        resolve(this);
        this.#finish(false);
      });
    });
    this.#readable.on('readable', () => this.#signal());
    this.#readable.on('end', () => {
      this.#ended = true;
      this.#signal();
    });
    this.#readable.on('error', () => this.#signal());
    this.#readable.on('close', () => this.#signal());
  }

  async next(): Promise<readonly Row[] | undefined> {
    for (;;) {
      if (this.#error && !this.#closed) throw this.#error;
      const rows: Row[] = [];
      for (let r = this.#readable.read(); ; r = this.#readable.read()) {
        if (r === null || r === undefined) break;
        rows.push(this.#passthrough ? (r as Row) : this.#row(r as (Uint8Array | null)[]));
        if (rows.length >= SHARD_BATCH) break;
      }
      if (rows.length > 0) return rows;
      if (this.#ended || this.#closed) return undefined;
      await new Promise<void>((resolve) => { this.#wake = resolve; });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal();
    // mysql2 resumes the connection and drops the rows still to come.
    this.#readable.destroy();
    if (this.#finished) return;
    const timer = this.#lease.held ? undefined : setTimeout(() => void this.#kill(), DRAIN_MS);
    await this.#finishedPromise;
    clearTimeout(timer);
  }

  #row(cells: readonly (Uint8Array | null | undefined)[]): Row {
    const values: SqlValue[] = new Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      values[i] = cell === null || cell === undefined ? NULL_VALUE : { type: this.#types[i] ?? 'VARBINARY', raw: cell };
    }
    return values;
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #finish(broken: boolean): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#lease.done(broken);
    this.#onFinished();
  }

  /** Kills the statement's connection (never one the session holds) and destroys it. */
  async #kill(): Promise<void> {
    if (this.#finished) return;
    if (this.#lease.held) return;
    const threadId = this.#lease.conn.threadId;
    this.#finish(true);
    if (typeof threadId === 'number' && Number.isSafeInteger(threadId) && threadId > 0) {
      await this.#lease.pool.query(`KILL ${threadId}`).catch(() => undefined);
    }
  }
}
