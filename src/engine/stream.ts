/**
 * Streaming between engine operators (Vitess's StreamExecute): an operator hands its rows on in
 * batches as they arrive instead of as one result, so a plan whose operators need only a bounded
 * look at their input (routes, merge-sort, ordered aggregation, limits, projections, filters)
 * runs in memory independent of the table size. Operators that must see everything (an in-memory
 * Sort, Distinct's seen set, a join's right side) still buffer, under maxMemoryRows.
 *
 * A BufferMeter counts the rows engine operators hold at a moment (merge heads, read-ahead
 * batches, sort buffers, ...) and keeps the peak: the stream's memory figure, independent of how
 * many rows pass through. Rows inside the driver's own stream buffers are bounded separately by
 * the shard stream's highWaterMark.
 */
import type { Route, VindexLookup } from '../planner/plan.js';
import type { Binds } from '../routing/route.js';
import { checkMemory, type EngineContext } from './context.js';
import type { EngineField, EngineResult, Row } from './result.js';

export interface RowStream {
  /** The output columns, known once the stream is open. */
  readonly fields: readonly EngineField[];
  /** The next batch of rows (never empty); undefined once the input is exhausted. */
  next(): Promise<readonly Row[] | undefined>;
  /** Stops reading: every shard stream still open is ended. Safe to call more than once. */
  close(): Promise<void>;
}

/** One shard's rows as a stream; `fields` are the shard's columns. */
export type ShardRowStream = RowStream;

/** A shard query not started yet: open() runs it and resolves once its columns arrived. */
export interface ShardOpener {
  readonly keyspace: string;
  readonly shard: string;
  open(): Promise<ShardRowStream>;
}

export interface RouteStreams {
  /** The shards to read, in shard order. */
  readonly shards: readonly ShardOpener[];
  /** The columns when no shard is to be read (Vitess's field query), else undefined. */
  readonly fields?: readonly EngineField[];
}

/** What streaming needs from the router on top of the EnginePort. */
export interface StreamPort {
  /** Routes a Route / VindexLookup and returns its shard queries, not yet started. */
  routeStreams(op: Route | VindexLookup, binds: Binds): Promise<RouteStreams>;
  /**
   * A shard failed: true when the statement goes on without it (partial results, recorded as a
   * warning by the port), false to fail the statement.
   */
  tolerate(error: unknown): boolean;
}

export interface StreamContext extends EngineContext {
  readonly streams: StreamPort;
  readonly meter: BufferMeter;
  /** Shards a route without ORDER BY reads at once. */
  readonly maxConcurrency: number;
}

/** Rows held by engine operators right now, and the most they ever held at once. */
export class BufferMeter {
  #now = 0;
  #peak = 0;

  hold(rows: number): void {
    this.#now += rows;
    if (this.#now > this.#peak) this.#peak = this.#now;
  }

  release(rows: number): void {
    this.#now -= rows;
  }

  get rows(): number {
    return this.#now;
  }

  get peak(): number {
    return this.#peak;
  }
}

/** A materialised result as a stream (one batch), for the operators that need their whole input. */
export function streamOf(result: EngineResult, meter?: BufferMeter): RowStream {
  let rows: readonly Row[] | undefined = result.rows.length > 0 ? result.rows : undefined;
  let held = rows?.length ?? 0;
  meter?.hold(held);
  const drop = (): void => {
    meter?.release(held);
    held = 0;
    rows = undefined;
  };
  return {
    fields: result.fields,
    async next() {
      const out = rows;
      drop();
      return out;
    },
    async close() {
      drop();
    },
  };
}

/** Every row of a stream, held under maxMemoryRows (an in-memory sort needs its whole input). */
export async function collect(ctx: StreamContext, input: RowStream, operator: string): Promise<EngineResult> {
  const rows: Row[] = [];
  try {
    for (let batch = await input.next(); batch !== undefined; batch = await input.next()) {
      checkMemory(ctx, rows.length + batch.length, operator);
      for (const r of batch) rows.push(r);
      ctx.meter.hold(batch.length);
    }
  } catch (err) {
    ctx.meter.release(rows.length);
    await input.close();
    throw err;
  }
  ctx.meter.release(rows.length);
  return { fields: input.fields, rows };
}

/** A stream whose batches are `map`ped (empty results skipped); closing it closes the input. */
export function mapStream(input: RowStream, fields: readonly EngineField[], map: (rows: readonly Row[]) => readonly Row[]): RowStream {
  return {
    fields,
    async next() {
      for (;;) {
        const batch = await input.next();
        if (batch === undefined) return undefined;
        const out = map(batch);
        if (out.length > 0) return out;
      }
    },
    close: () => input.close(),
  };
}

/** Helper columns past `columns` dropped (a route's weight_string and ORDER BY columns). */
export function truncateStream(input: RowStream, columns: number | null): RowStream {
  if (columns === null || input.fields.length <= columns) return input;
  return mapStream(input, input.fields.slice(0, columns), (rows) => rows.map((r) => r.slice(0, columns)));
}

/** Closes every stream, waiting for all; the first failure is rethrown once all are done. */
export async function closeAll(streams: Iterable<RowStream>): Promise<void> {
  const results = await Promise.allSettled([...streams].map((s) => s.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
