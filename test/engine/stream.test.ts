/**
 * The streaming engine over stand-in shard streams (planner plans, rows made here): bounded fan
 * out, k-way merge order, early stop under LIMIT, ordered aggregation equal to the materialised
 * engine's, partial results, and the buffered-row meter staying bounded however many rows pass.
 */
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../../src/engine/context.js';
import { runEngine } from '../../src/engine/engine.js';
import { computedField } from '../../src/engine/fields.js';
import type { EngineField, EngineResult, Row } from '../../src/engine/result.js';
import { BufferMeter, type RowStream, type ShardOpener, type StreamContext } from '../../src/engine/stream.js';
import { streamEngine } from '../../src/engine/stream-engine.js';
import { ShardError } from '../../src/executor/errors.js';
import type { Operator } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { NULL_VALUE, textValue, valueText, type SqlType } from '../../src/vindexes/value.js';
import { loadVSchema } from '../../src/vschema/load.js';

const vschema = loadVSchema({
  keyspaces: { ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } } },
});
const planner = new Planner(vschema);
const plan = (sql: string): Operator => planner.plan(sql).instructions!;
const SHARDS = ['-40', '40-80', '80-c0', 'c0-'];

interface ShardData {
  readonly fields: readonly EngineField[];
  readonly batches: readonly (readonly Row[])[];
  /** Fails open() (a shard that is down) or the n-th read. */
  readonly failOpen?: boolean;
  readonly failAtBatch?: number;
}

interface Log {
  active: number;
  maxActive: number;
  opened: string[];
  closed: string[];
  reads: Record<string, number>;
}

const field = (name: string, type: SqlType): EngineField => computedField(name, type);
// null: NULL (a weight_string column MariaDB leaves NULL for numbers, so rows compare on the values).
const row = (types: readonly SqlType[], ...values: (string | number | null)[]): Row => values.map((v, i) => (v === null ? NULL_VALUE : textValue(types[i]!, String(v))));
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const shardError = (shard: string): ShardError => new ShardError('SHARD_UNAVAILABLE', { keyspace: 'ks', shard, tabletType: 'primary' }, `target: ks.${shard}.primary: down`);

function opener(shard: string, data: ShardData, log: Log): ShardOpener {
  return {
    keyspace: 'ks',
    shard,
    async open() {
      await tick();
      if (data.failOpen) throw shardError(shard);
      log.opened.push(shard);
      log.maxActive = Math.max(log.maxActive, ++log.active);
      let i = 0;
      let done = false;
      const finish = (): void => {
        if (!done) log.active--;
        done = true;
      };
      const s: RowStream = {
        fields: data.fields,
        async next() {
          await tick();
          if (done) return undefined;
          if (data.failAtBatch === i) {
            finish();
            throw shardError(shard);
          }
          const b = data.batches[i++];
          if (!b) {
            finish();
            return undefined;
          }
          log.reads[shard] = (log.reads[shard] ?? 0) + 1;
          return b;
        },
        async close() {
          log.closed.push(shard);
          finish();
        },
      };
      return s;
    },
  };
}

function context(data: Record<string, ShardData>, options: { maxConcurrency?: number; partial?: boolean } = {}) {
  const log: Log = { active: 0, maxActive: 0, opened: [], closed: [], reads: {} };
  const warnings: string[] = [];
  const port: EngineContext['port'] = {
    async fetchShards() {
      return Object.values(data).map((d) => ({ fields: d.fields, rows: d.batches.flat() }));
    },
    write: async () => ({ affectedRows: 0, insertId: 0, changedRows: 0, warningStatus: 0 }),
    autoIncrementColumn: () => null,
  };
  const ctx: StreamContext = {
    port, binds: new Map(), maxMemoryRows: 1_000_000, meter: new BufferMeter(), maxConcurrency: options.maxConcurrency ?? 16,
    streams: {
      routeStreams: async () => ({ shards: Object.entries(data).map(([shard, d]) => opener(shard, d, log)) }),
      tolerate(error) {
        if (!options.partial || !(error instanceof ShardError)) return false;
        warnings.push(error.shard);
        return true;
      },
    },
  };
  return { ctx, log, warnings };
}

async function drain(stream: RowStream): Promise<Row[]> {
  const out: Row[] = [];
  for (let b = await stream.next(); b !== undefined; b = await stream.next()) out.push(...b);
  await stream.close();
  return out;
}

const texts = (rows: readonly Row[]): string[][] => rows.map((r) => r.map(valueText));

/** `count` rows per shard in batches of `size`: ids spread so that a merge on id interleaves the shards. */
function idShards(count: number, size: number, extra: (id: number) => (string | number | null)[] = () => [], types: SqlType[] = ['INT64']): Record<string, ShardData> {
  const fields = types.map((t, i) => field(i === 0 ? 'id' : `c${i}`, t));
  return Object.fromEntries(SHARDS.map((shard, s) => {
    const rows = Array.from({ length: count }, (_, i) => row(types, i * SHARDS.length + s, ...extra(i * SHARDS.length + s)));
    const batches: Row[][] = [];
    for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
    return [shard, { fields, batches }];
  }));
}

describe('streaming routes', () => {
  it('reads at most maxConcurrency shards at once and hands on every row', async () => {
    const { ctx, log } = context(idShards(30, 7), { maxConcurrency: 2 });
    const rows = await drain(await streamEngine(ctx, plan('select id from t')));
    expect(rows.map((r) => Number(valueText(r[0]!))).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(log.maxActive).toBe(2);
    expect(log.opened).toHaveLength(4);
  });

  it('merges ORDER BY across shards in order and drops the weight_string column', async () => {
    const types: SqlType[] = ['INT64', 'VARCHAR', 'VARBINARY'];
    const { ctx } = context(idShards(25, 4, (id) => [`v${id}`, null], types));
    const stream = await streamEngine(ctx, plan('select id, v from t order by id'));
    expect(stream.fields.map((f) => f.name)).toEqual(['id', 'c1']);
    const rows = await drain(stream);
    expect(rows.map((r) => Number(valueText(r[0]!)))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(rows[0]).toHaveLength(2);
  });

  it('LIMIT stops reading and closes every shard once it has its rows', async () => {
    const types: SqlType[] = ['INT64', 'VARBINARY'];
    const { ctx, log } = context(idShards(1000, 10, () => [null], types));
    const rows = await drain(await streamEngine(ctx, plan('select id from t order by id limit 5 offset 3')));
    expect(texts(rows)).toEqual([['3'], ['4'], ['5'], ['6'], ['7']]);
    expect(new Set(log.closed)).toEqual(new Set(SHARDS));
    // One batch per shard was enough (the merge needs a head from each).
    expect(Math.max(...Object.values(log.reads))).toBe(1);
    expect(log.active).toBe(0);
  });

  it('keeps the engine buffer bounded whatever the number of rows', async () => {
    const small = context(idShards(200, 50, () => [null], ['INT64', 'VARBINARY']));
    await drain(await streamEngine(small.ctx, plan('select id from t order by id')));
    const large = context(idShards(20_000, 50, () => [null], ['INT64', 'VARBINARY']));
    const rows = await drain(await streamEngine(large.ctx, plan('select id from t order by id')));
    expect(rows).toHaveLength(80_000);
    expect(large.ctx.meter.peak).toBeLessThanOrEqual(4 * 50);
    expect(large.ctx.meter.peak).toBe(small.ctx.meter.peak);
    expect(large.ctx.meter.rows).toBe(0);
    const concat = context(idShards(20_000, 50));
    await drain(await streamEngine(concat.ctx, plan('select id from t')));
    expect(concat.ctx.meter.peak).toBeLessThanOrEqual(4 * 50);
  });
});

describe('streaming vtgate operators', () => {
  // Shard partial aggregates: g, count(*), sum(n), weight_string(g), ordered by g.
  const types: SqlType[] = ['INT64', 'INT64', 'DECIMAL', 'VARBINARY'];
  const aggShards = (): Record<string, ShardData> => Object.fromEntries(SHARDS.map((shard, s) => {
    const rows = Array.from({ length: 40 }, (_, g) => row(types, g, s + 1, g * 10 + s, null));
    return [shard, { fields: [field('g', 'INT64'), field('count(*)', 'INT64'), field('sum(n)', 'DECIMAL'), field('weight_string(g)', 'VARBINARY')], batches: [rows.slice(0, 13), rows.slice(13, 29), rows.slice(29)] }];
  }));

  it('GROUP BY streams group by group, with the materialised engine result', async () => {
    const op = plan('select g, count(*), sum(n) from t group by g');
    const { ctx } = context(aggShards());
    const stream = await streamEngine(ctx, op);
    const streamed = await drain(stream);
    const materialised: EngineResult = await runEngine(context(aggShards()).ctx, op);
    expect(texts(streamed)).toEqual(texts(materialised.rows));
    expect(stream.fields.map((f) => f.name)).toEqual(materialised.fields.map((f) => f.name));
    expect(texts(streamed)[1]).toEqual(['1', '10', '46']);
  });

  it('a sort at the router buffers under maxMemoryRows', async () => {
    const op = plan('select g, count(*) from t group by g order by count(*) desc, g limit 2');
    // Shard rows: g, count(*), weight_string(g); group 7 is the largest.
    const t3: SqlType[] = ['INT64', 'INT64', 'VARBINARY'];
    const counted = Object.fromEntries(SHARDS.map((shard, s) => [shard, {
      fields: [field('g', 'INT64'), field('count(*)', 'INT64'), field('weight_string(g)', 'VARBINARY')],
      batches: [Array.from({ length: 20 }, (_, g) => row(t3, g, g === 7 ? 100 : s + 1, null))],
    }]));
    const { ctx } = context(counted);
    const rows = await drain(await streamEngine(ctx, op));
    expect(texts(rows)).toEqual([['7', '400'], ['0', '10']]);
    // The sort holds the 20 groups: past maxMemoryRows it fails.
    const tight = context(counted);
    await expect(streamEngine({ ...tight.ctx, maxMemoryRows: 10 }, op).then(drain)).rejects.toMatchObject({ code: 'ENGINE_MEMORY_LIMIT' });
    expect(tight.log.active).toBe(0);
  });

  it('DISTINCT streams first occurrences', async () => {
    const { ctx } = context(Object.fromEntries(SHARDS.map((s) => [s, { fields: [field('v', 'INT64'), field('w', 'VARBINARY')], batches: [[row(['INT64', 'VARBINARY'], 1, null), row(['INT64', 'VARBINARY'], 2, null)]] }])));
    const rows = await drain(await streamEngine(ctx, plan('select distinct v from t')));
    expect(texts(rows).flat().sort()).toEqual(['1', '2']);
  });
});

describe('partial results and failures', () => {
  const data = (): Record<string, ShardData> => {
    const d = idShards(10, 3);
    return { ...d, '80-c0': { ...d['80-c0']!, failOpen: true }, 'c0-': { ...d['c0-']!, failAtBatch: 2 } };
  };

  it('fails the stream and closes the other shards without partial results', async () => {
    const { ctx, log } = context(data());
    await expect(streamEngine(ctx, plan('select id from t')).then(drain)).rejects.toMatchObject({ shard: '80-c0' });
    expect(log.active).toBe(0);
  });

  it('skips failed shards with partial results and reports them', async () => {
    const { ctx, warnings } = context(data(), { partial: true });
    const rows = await drain(await streamEngine(ctx, plan('select id from t')));
    // -40 and 40-80 whole, c0- its first two batches.
    expect(rows).toHaveLength(10 + 10 + 6);
    expect(warnings.sort()).toEqual(['80-c0', 'c0-']);
  });

  it('still fails when every shard failed', async () => {
    const d = idShards(2, 1);
    const down = Object.fromEntries(Object.entries(d).map(([s, v]) => [s, { ...v, failOpen: true }]));
    const { ctx } = context(down, { partial: true });
    await expect(streamEngine(ctx, plan('select id from t order by id'))).rejects.toBeInstanceOf(ShardError);
  });
});
