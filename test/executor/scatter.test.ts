import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutorError, ShardError } from '../../src/executor/errors.js';
import { DEFAULT_MAX_CONCURRENCY, scatter, scatterPartial, type ScatterTask, type TaskContext } from '../../src/executor/scatter.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Probe {
  running: number;
  maxRunning: number;
  started: string[];
  aborted: string[];
}

/** A task on shard `shard` that answers `value` (or throws `fail`) after `ms`. */
function task<T>(probe: Probe, shard: string, ms: number, value: T, fail?: unknown): ScatterTask<T> {
  return {
    keyspace: 'user',
    shard,
    tabletType: 'primary',
    async run({ signal }: TaskContext) {
      probe.started.push(shard);
      probe.running++;
      probe.maxRunning = Math.max(probe.maxRunning, probe.running);
      signal.addEventListener('abort', () => probe.aborted.push(shard));
      try {
        await sleep(ms);
        if (fail !== undefined) throw fail;
        return value;
      } finally {
        probe.running--;
      }
    },
  };
}

const newProbe = (): Probe => ({ running: 0, maxRunning: 0, started: [], aborted: [] });
const mysqlError = (code: string, errno: number, sqlState: string, sqlMessage: string) =>
  Object.assign(new Error(sqlMessage), { code, errno, sqlState, sqlMessage });

describe('scatter', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    await sleep(20); // let late task outcomes surface
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('returns values in task order whatever the completion order', async () => {
    const p = newProbe();
    const values = await scatter([task(p, '-40', 30, 'a'), task(p, '40-80', 5, 'b'), task(p, '80-', 15, 'c')]);
    expect(values).toEqual(['a', 'b', 'c']);
  });

  it('bounds the number of tasks running at once', async () => {
    const p = newProbe();
    const tasks = Array.from({ length: 10 }, (_, i) => task(p, `s${i}`, 5 + (i % 3) * 5, i));
    expect(await scatter(tasks, { maxConcurrency: 3 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p.maxRunning).toBe(3);
    expect(p.started).toEqual(tasks.map((t) => t.shard)); // started in task order
  });

  it('defaults to a bound of 16 and accepts Infinity', async () => {
    const p = newProbe();
    const tasks = Array.from({ length: 40 }, (_, i) => task(p, `s${i}`, 5, i));
    await scatter(tasks);
    expect(p.maxRunning).toBe(DEFAULT_MAX_CONCURRENCY);
    const q = newProbe();
    await scatter(Array.from({ length: 40 }, (_, i) => task(q, `s${i}`, 5, i)), { maxConcurrency: Infinity });
    expect(q.maxRunning).toBe(40);
  });

  it('resolves at once with no tasks', async () => {
    expect(await scatter([])).toEqual([]);
    expect(await scatterPartial([])).toEqual({ results: [], failures: [] });
  });

  it('fails fast with a ShardError naming the shard, without starting queued tasks', async () => {
    const p = newProbe();
    const boom = mysqlError('ER_NO_SUCH_TABLE', 1146, '42S02', "Table 'vt_user.t' doesn't exist");
    const tasks = [task(p, '-40', 150, 1), task(p, '40-80', 5, 2, boom), task(p, '80-c0', 150, 3), task(p, 'c0-', 5, 4)];
    const started = Date.now();
    const err = await scatter(tasks, { maxConcurrency: 3 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(120); // did not wait for the 150 ms shards
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ code: 'SHARD_QUERY_FAILED', keyspace: 'user', shard: '40-80', tabletType: 'primary', cause: boom });
    expect(p.started).toEqual(['-40', '40-80', '80-c0']); // c0- never started
    expect(p.aborted.sort()).toEqual(['-40', '80-c0']); // the running ones were told to stop
    await sleep(160);
  });

  it('swallows failures of tasks that settle after a fail-fast rejection', async () => {
    const p = newProbe();
    const tasks = [task(p, 'a', 5, 1, new Error('first')), task(p, 'b', 15, 2, new Error('late')), task(p, 'c', 10, 3, new Error('later'))];
    await expect(scatter(tasks)).rejects.toMatchObject({ shard: 'a', message: 'target: user.a.primary: first' });
    await sleep(30); // the afterEach hook checks that nothing went unhandled
  });

  it('fails a shard that runs past the timeout with SHARD_TIMEOUT and aborts its signal', async () => {
    const p = newProbe();
    const reasons: unknown[] = [];
    const slow: ScatterTask<string> = {
      keyspace: 'user', shard: '80-', tabletType: 'replica',
      run: ({ signal }) => new Promise((resolve) => {
        signal.addEventListener('abort', () => reasons.push(signal.reason));
        setTimeout(() => resolve('too late'), 80);
      }),
    };
    const started = Date.now();
    const { results, failures } = await scatterPartial([task(p, '-80', 5, 'fast'), slow], { timeoutMs: 30 });
    expect(Date.now() - started).toBeLessThan(70);
    expect(results).toEqual([{ target: { keyspace: 'user', shard: '-80', tabletType: 'primary' }, index: 0, value: 'fast' }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'SHARD_TIMEOUT', shard: '80-', tabletType: 'replica', details: { timeoutMs: 30 } });
    expect(failures[0]!.message).toBe('target: user.80-.replica: query timed out after 30 ms');
    expect(reasons).toEqual([failures[0]]);
    await sleep(80);
  });

  it('starts the timeout when a task starts, not while it waits for a slot', async () => {
    const p = newProbe();
    const tasks = [task(p, 'a', 25, 1), task(p, 'b', 25, 2), task(p, 'c', 25, 3)];
    expect(await scatter(tasks, { maxConcurrency: 1, timeoutMs: 50 })).toEqual([1, 2, 3]);
  });

  it('frees the slot of a timed-out task so a hung shard does not stall the rest', async () => {
    const p = newProbe();
    const hung: ScatterTask<number> = { keyspace: 'user', shard: 'hung', tabletType: 'primary', run: () => new Promise<number>(() => {}) };
    const { results, failures } = await scatterPartial([hung, task(p, 'b', 5, 2)], { maxConcurrency: 1, timeoutMs: 20 });
    expect(results.map((r) => r.value)).toEqual([2]);
    expect(failures.map((f) => f.code)).toEqual(['SHARD_TIMEOUT']);
  });

  it('collects partial results and failures in task order', async () => {
    const p = newProbe();
    const tasks = [
      task(p, '-40', 20, 'a', mysqlError('ER_LOCK_DEADLOCK', 1213, '40001', 'Deadlock found')),
      task(p, '40-80', 5, 'b'),
      task(p, '80-c0', 1, 'c', mysqlError('ECONNREFUSED', -111, '', 'connect ECONNREFUSED')),
      task(p, 'c0-', 10, 'd'),
    ];
    const { results, failures } = await scatterPartial(tasks, { maxConcurrency: 2 });
    expect(results.map((r) => [r.index, r.target.shard, r.value])).toEqual([[1, '40-80', 'b'], [3, 'c0-', 'd']]);
    expect(failures.map((f) => [f.shard, f.code])).toEqual([['-40', 'SHARD_QUERY_FAILED'], ['80-c0', 'SHARD_UNAVAILABLE']]);
  });

  it('treats a task that throws synchronously like one that rejects', async () => {
    const sync: ScatterTask<number> = { keyspace: 'k', shard: '0', tabletType: 'primary', run: () => { throw new Error('sync'); } };
    const { failures } = await scatterPartial([sync]);
    expect(failures[0]).toMatchObject({ code: 'SHARD_QUERY_FAILED', shard: '0' });
    await expect(scatter([sync])).rejects.toBeInstanceOf(ShardError);
  });

  it('keeps a ShardError thrown by a task as it is', async () => {
    const own = new ShardError('NO_HEALTHY_TABLET', { keyspace: 'k', shard: '0', tabletType: 'rdonly' }, 'no healthy tablet');
    const t: ScatterTask<number> = { keyspace: 'k', shard: '0', tabletType: 'rdonly', run: () => Promise.reject(own) };
    await expect(scatter([t])).rejects.toBe(own);
  });

  it('rejects invalid options with OPTION_INVALID', async () => {
    for (const options of [{ maxConcurrency: 0 }, { maxConcurrency: 1.5 }, { timeoutMs: 0 }, { timeoutMs: Number.NaN }]) {
      const err = await scatter([], options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExecutorError);
      expect(err).toMatchObject({ code: 'OPTION_INVALID' });
    }
  });
});
