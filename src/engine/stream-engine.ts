/**
 * The engine as a stream (Vitess's StreamExecute): each operator opens its input as a stream and
 * hands on batches. What streams in bounded memory: routes (concatenated as shards answer, or
 * merge-sorted), Limit (stops reading, and closes the shards, once it has its rows), Filter,
 * projections, Aggregate (its input is ordered on the GROUP BY columns, so each group is emitted
 * when its key changes; a scalar aggregate holds only its accumulators), a Join's or SemiJoin's
 * left side (the right side runs per left row), UNION ALL. What must see its whole input buffers
 * under maxMemoryRows: Sort, Distinct's seen keys, a subquery's result; any other operator runs
 * materialised (runEngine) and is streamed out of its result.
 */
import type { Concatenate, Join, Operator } from '../planner/plan.js';
import type { SemiJoin } from '../planner/plan-vtgate.js';
import type { BindVariable } from '../vindexes/types.js';
import { textValue } from '../vindexes/value.js';
import { aggregator } from './aggregate.js';
import { concatenate } from './concatenate.js';
import { checkMemory, withBinds } from './context.js';
import { distinctKey } from './distinct.js';
import { runEngine } from './engine.js';
import { join, semiJoin } from './join.js';
import { limitNumber } from './limit.js';
import { filter, projection, simpleProjection } from './projection.js';
import type { EngineResult, Row } from './result.js';
import { truncate } from './route.js';
import { sortRows } from './sort.js';
import { closeAll, collect, mapStream, streamOf, type RowStream, type StreamContext } from './stream.js';
import { streamRoute } from './stream-route.js';
import { subqueryVars } from './subquery.js';

export async function streamEngine(ctx: StreamContext, op: Operator): Promise<RowStream> {
  switch (op.kind) {
    case 'Route':
    case 'VindexLookup':
      return streamRoute(ctx, op);
    case 'Limit':
      return limitStream(ctx, op.input, limitNumber(ctx, op.count, 'count'), op.offset === null ? 0 : limitNumber(ctx, op.offset, 'offset'));
    case 'Filter': {
      const input = await streamEngine(ctx, op.input);
      return mapStream(input, input.fields, (rows) => filter(ctx, op, { fields: input.fields, rows }).rows);
    }
    case 'SimpleProjection': {
      const input = await streamEngine(ctx, op.input);
      const fields = simpleProjection(op, { fields: input.fields, rows: [] }).fields;
      return mapStream(input, fields, (rows) => simpleProjection(op, { fields: input.fields, rows }).rows);
    }
    case 'Projection': {
      const input = await streamEngine(ctx, op.input);
      const fields = projection(ctx, op, { fields: input.fields, rows: [] }).fields;
      return mapStream(input, fields, (rows) => projection(ctx, op, { fields: input.fields, rows }).rows);
    }
    case 'Aggregate': {
      const input = await streamEngine(ctx, op.input);
      return aggregateStream(input, op);
    }
    case 'Distinct': {
      const input = await streamEngine(ctx, op.input);
      const keyOf = distinctKey(op, input.fields);
      const seen = new Set<string>();
      const out = mapStream(input, input.fields, (rows) => rows.filter((row) => {
        const key = keyOf(row);
        if (seen.has(key)) return false;
        seen.add(key);
        ctx.meter.hold(1);
        checkMemory(ctx, seen.size, 'Distinct');
        return true;
      }));
      const truncated = truncateOutput(out, op.resultColumns);
      return { ...truncated, close: async () => { ctx.meter.release(seen.size); seen.clear(); await truncated.close(); } };
    }
    case 'Sort': {
      const all = await collect(ctx, await streamEngine(ctx, op.input), 'Sort');
      return streamOf(sortRows(ctx, op, all), ctx.meter);
    }
    case 'Join':
      return joinStream(ctx, op, (rows, left) => join(ctx, op, rightOf(op, left.fields, rows)));
    case 'SemiJoin':
      return joinStream(ctx, op, (rows, left) => semiJoin(ctx, op, rightOf(op, left.fields, rows)));
    case 'UncorrelatedSubquery':
      return streamEngine(streamBinds(ctx, await subqueryVars(ctx, op, runEngine)), op.outer);
    case 'Concatenate':
      return concatenateStream(ctx, op);
    default:
      return streamOf(await runEngine(ctx, op), ctx.meter);
  }
}

function streamBinds(ctx: StreamContext, extra: ReadonlyMap<string, BindVariable>): StreamContext {
  // withBinds spreads the context, so the stream fields come along.
  return withBinds(ctx, extra) as StreamContext;
}

function truncateOutput(input: RowStream, columns: number | null): RowStream {
  if (columns === null || input.fields.length <= columns) return input;
  const fields = truncate({ fields: input.fields, rows: [] }, columns).fields;
  return mapStream(input, fields, (rows) => rows.map((r) => r.slice(0, columns)));
}

/** LIMIT: `:__upper_limit` (offset + count) bound for the shards; reading stops once the rows are in. */
async function limitStream(ctx: StreamContext, inputOp: Operator, count: number, offset: number): Promise<RowStream> {
  const input = await streamEngine(streamBinds(ctx, new Map([['__upper_limit', textValue('INT64', String(offset + count))]])), inputOp);
  let skip = offset;
  let left = count;
  if (left === 0) await input.close();
  return {
    fields: input.fields,
    async next() {
      while (left > 0) {
        let rows = await input.next();
        if (rows === undefined) return undefined;
        if (skip > 0) {
          const dropped = Math.min(skip, rows.length);
          skip -= dropped;
          rows = rows.slice(dropped);
          if (rows.length === 0) continue;
        }
        if (rows.length >= left) {
          rows = rows.slice(0, left);
          left = 0;
          await input.close();
          return rows;
        }
        left -= rows.length;
        return rows;
      }
      return undefined;
    },
    close: () => input.close(),
  };
}

function aggregateStream(input: RowStream, op: Extract<Operator, { kind: 'Aggregate' }>): RowStream {
  const agg = aggregator(op, input.fields);
  let ended = false;
  return {
    fields: agg.fields,
    async next() {
      while (!ended) {
        const batch = await input.next();
        if (batch === undefined) {
          ended = true;
          const last = agg.finish();
          return last.length > 0 ? last : undefined;
        }
        const out: Row[] = [];
        for (const row of batch) for (const group of agg.add(row)) out.push(group);
        if (out.length > 0) return out;
      }
      return undefined;
    },
    close: () => input.close(),
  };
}

/** The join's `run`: the current batch of left rows for the left side, the engine for the right side. */
function rightOf(op: Join | SemiJoin, leftFields: EngineResult['fields'], rows: readonly Row[]) {
  return (c: Parameters<typeof runEngine>[0], o: Operator): Promise<EngineResult> =>
    o === op.left ? Promise.resolve({ fields: leftFields, rows }) : runEngine(c, o);
}

/**
 * A join over a streamed left side: each batch of left rows is joined (the right side runs once
 * per left row). The columns come from the first batch; an empty left side still runs the right
 * side once, with NULL variables, to learn its columns (Vitess GetFields).
 */
async function joinStream(
  ctx: StreamContext, op: Join | SemiJoin, apply: (rows: readonly Row[], left: RowStream) => Promise<EngineResult>,
): Promise<RowStream> {
  const left = await streamEngine(ctx, op.left);
  let pending: readonly Row[] | undefined;
  let fields: EngineResult['fields'];
  try {
    const first = await apply((await left.next()) ?? [], left);
    fields = first.fields;
    if (first.rows.length > 0) {
      pending = first.rows;
      ctx.meter.hold(pending.length);
    }
  } catch (err) {
    await left.close().catch(() => undefined);
    throw err;
  }
  const drop = (): readonly Row[] | undefined => {
    const out = pending;
    if (out) ctx.meter.release(out.length);
    pending = undefined;
    return out;
  };
  return {
    fields,
    async next() {
      const ready = drop();
      if (ready) return ready;
      for (;;) {
        const batch = await left.next();
        if (batch === undefined) return undefined;
        const out = await apply(batch, left);
        if (out.rows.length > 0) return out.rows;
      }
    },
    async close() {
      drop();
      await left.close();
    },
  };
}

/** UNION ALL: every input open (their columns decide the union's types), read one after the other. */
async function concatenateStream(ctx: StreamContext, op: Concatenate): Promise<RowStream> {
  const inputs: RowStream[] = [];
  try {
    for (const input of op.inputs) inputs.push(await streamEngine(ctx, input));
  } catch (err) {
    await closeAll(inputs).catch(() => undefined);
    throw err;
  }
  let fields: EngineResult['fields'];
  try {
    // concatenate() checks the column counts and unifies the types; it is given the columns only.
    fields = (await concatenate(ctx, op, async (_c, o) => ({ fields: inputs[op.inputs.indexOf(o)]!.fields, rows: [] }))).fields;
  } catch (err) {
    await closeAll(inputs).catch(() => undefined);
    throw err;
  }
  let current = 0;
  return {
    fields,
    async next() {
      while (current < inputs.length) {
        const batch = await inputs[current]!.next();
        if (batch !== undefined) return batch;
        current++;
      }
      return undefined;
    },
    close: () => closeAll(inputs),
  };
}
