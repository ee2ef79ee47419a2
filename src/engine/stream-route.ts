/**
 * A route's rows as a stream. Without ORDER BY the shards are read `maxConcurrency` at a time and
 * their batches handed on in the order they arrive (each shard reads one batch ahead, so the
 * consumer's pace throttles every shard). With ORDER BY each shard already returns its rows in
 * that order and a k-way merge (Vitess's MergeSort) holds one batch per shard; ties keep shard
 * order, as the materialised merge does. Every shard of a merge is open at once: the merge needs
 * a head from each.
 *
 * A shard that fails is handed to the port: with partial results it is dropped (the port
 * records a warning) and the others go on; the statement still fails when every shard failed.
 */
import type { OrderByParam, Route, VindexLookup } from '../planner/plan.js';
import { orderComparator } from './route.js';
import type { EngineField, Row } from './result.js';
import { closeAll, streamOf, truncateStream, type RowStream, type ShardOpener, type ShardRowStream, type StreamContext } from './stream.js';

/** Rows a merge hands on per batch. */
const MERGE_BATCH = 256;

export async function streamRoute(ctx: StreamContext, op: Route | VindexLookup): Promise<RowStream> {
  const route = op.kind === 'Route' ? op : op.route;
  const { shards, fields } = await ctx.streams.routeStreams(op, ctx.binds);
  if (shards.length === 0) return truncateStream(streamOf({ fields: fields ?? [], rows: [] }), route.resultColumns);
  const inner = route.orderBy.length > 0 && shards.length > 1 ? await mergeStream(ctx, shards, route.orderBy) : await concatStream(ctx, shards);
  return truncateStream(inner, route.resultColumns);
}

/** Counts tolerated shard failures; throws when one is not tolerated or when every shard failed. */
function failures(ctx: StreamContext, total: number): (error: unknown) => void {
  let failed = 0;
  let first: unknown;
  return (error) => {
    if (!ctx.streams.tolerate(error)) throw error;
    first ??= error;
    if (++failed === total) throw first;
  };
}

type Read = { readonly s: ShardRowStream; readonly ok: true; readonly batch: readonly Row[] | undefined } | { readonly s: ShardRowStream; readonly ok: false; readonly error: unknown };

async function concatStream(ctx: StreamContext, shards: readonly ShardOpener[]): Promise<RowStream> {
  const limit = Math.min(ctx.maxConcurrency, shards.length);
  const fail = failures(ctx, shards.length);
  /** Open shard streams and their read-ahead (one pending batch each). */
  const active = new Map<ShardRowStream, Promise<Read>>();
  let nextShard = 0;
  let closed = false;

  const read = (s: ShardRowStream): Promise<Read> =>
    s.next().then(
      (batch): Read => {
        if (batch) ctx.meter.hold(batch.length);
        return { s, ok: true, batch };
      },
      (error: unknown): Read => ({ s, ok: false, error }),
    );

  /** Opens shards up to the concurrency limit; the columns of the first one that opened. */
  const openMore = async (): Promise<readonly EngineField[] | undefined> => {
    const opening: Promise<ShardRowStream>[] = [];
    while (active.size + opening.length < limit && nextShard < shards.length) opening.push(shards[nextShard++]!.open());
    const settled = await Promise.allSettled(opening);
    let fields: readonly EngineField[] | undefined;
    for (const r of settled) {
      if (r.status !== 'fulfilled') continue;
      fields ??= r.value.fields;
      if (closed) void r.value.close();
      else active.set(r.value, read(r.value));
    }
    for (const r of settled) if (r.status === 'rejected') fail(r.reason);
    return fields;
  };

  const abandon = async (err: unknown): Promise<never> => {
    closed = true;
    await closeAll(active.keys()).catch(() => undefined);
    active.clear();
    throw err;
  };

  let fields: readonly EngineField[] | undefined;
  try {
    while (fields === undefined) fields = await openMore();
  } catch (err) {
    return abandon(err);
  }

  return {
    fields,
    async next() {
      try {
        for (;;) {
          if (closed) return undefined;
          if (active.size === 0) {
            if (nextShard >= shards.length) return undefined;
            await openMore();
            continue;
          }
          const r = await Promise.race(active.values());
          active.delete(r.s);
          if (!r.ok) {
            await r.s.close().catch(() => undefined);
            fail(r.error);
            await openMore();
            continue;
          }
          if (r.batch === undefined) {
            await openMore();
            continue;
          }
          active.set(r.s, read(r.s));
          ctx.meter.release(r.batch.length);
          return r.batch;
        }
      } catch (err) {
        return abandon(err);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const pending = [...active.entries()];
      active.clear();
      await closeAll(pending.map(([s]) => s));
      // Read-ahead batches that arrived but were never handed on.
      for (const [, p] of pending) {
        const r = await p;
        if (r.ok && r.batch) ctx.meter.release(r.batch.length);
      }
    },
  };
}

interface Head {
  readonly s: ShardRowStream;
  rows: readonly Row[];
  i: number;
}

async function mergeStream(ctx: StreamContext, shards: readonly ShardOpener[], orderBy: readonly OrderByParam[]): Promise<RowStream> {
  const fail = failures(ctx, shards.length);
  const settled = await Promise.allSettled(shards.map((s) => s.open()));
  const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  let heads: Head[] = [];
  const abandon = async (err: unknown): Promise<never> => {
    await closeAll(opened).catch(() => undefined);
    for (const h of heads) ctx.meter.release(h.rows.length);
    heads = [];
    throw err;
  };
  try {
    for (const r of settled) if (r.status === 'rejected') fail(r.reason);
  } catch (err) {
    return abandon(err);
  }
  const fields = opened[0]!.fields;
  const cmp = orderComparator(orderBy, fields);

  /** The shard's next batch; undefined when it ended or failed (tolerated). */
  const refill = async (s: ShardRowStream): Promise<readonly Row[] | undefined> => {
    try {
      const batch = await s.next();
      if (batch) ctx.meter.hold(batch.length);
      return batch;
    } catch (err) {
      await s.close().catch(() => undefined);
      fail(err);
      return undefined;
    }
  };

  try {
    const first = await Promise.all(opened.map(async (s) => ({ s, rows: await refill(s) })));
    heads = first.flatMap(({ s, rows }) => (rows ? [{ s, rows, i: 0 }] : []));
  } catch (err) {
    return abandon(err);
  }

  /** Heads whose batch ran out: refilled before the next comparison (the merge needs a row from each). */
  const refillEmpty = async (): Promise<void> => {
    for (let k = 0; k < heads.length; k++) {
      const h = heads[k]!;
      if (h.i < h.rows.length) continue;
      const more = await refill(h.s);
      if (more) {
        h.rows = more;
        h.i = 0;
      } else {
        heads.splice(k--, 1);
      }
    }
  };

  return {
    fields,
    async next() {
      const out: Row[] = [];
      try {
        await refillEmpty();
        while (out.length < MERGE_BATCH && heads.length > 0) {
          let best = 0;
          for (let k = 1; k < heads.length; k++) {
            const h = heads[k]!;
            const b = heads[best]!;
            if (cmp(h.rows[h.i]!, b.rows[b.i]!) < 0) best = k;
          }
          const h = heads[best]!;
          out.push(h.rows[h.i++]!);
          if (h.i < h.rows.length) continue;
          ctx.meter.release(h.rows.length);
          h.rows = [];
          h.i = 0;
          // Hand on what is merged before waiting for that shard: a LIMIT may need no more.
          break;
        }
      } catch (err) {
        return abandon(err);
      }
      return out.length > 0 ? out : undefined;
    },
    async close() {
      for (const h of heads) ctx.meter.release(h.rows.length);
      heads = [];
      await closeAll(opened);
    },
  };
}
