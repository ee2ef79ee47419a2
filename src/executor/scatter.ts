/**
 * Runs one async task per shard with bounded concurrency and a per-task timeout. Pure
 * scheduling: the tasks do the I/O (see shard-query.ts), this file only decides when they
 * start, when they have taken too long, and how their outcomes combine.
 *
 * - Results come back in task order (the caller passes shards in shard order), whatever the
 *   order in which shards answer.
 * - `maxConcurrency` bounds how many tasks run at once (default 16). vtgate fans out to every
 *   shard at once; a bound keeps a wide scatter from taking a connection on every shard at the
 *   same moment and from holding every shard's rows in memory at once.
 * - `timeoutMs` runs from the task's start, not from the scatter's: queued tasks are not
 *   charged for waiting. On expiry the shard fails with ShardError `SHARD_TIMEOUT` and the
 *   task's `signal` is aborted (shard-query.ts then kills the query on the server). The slot is
 *   freed at once, so a hung shard cannot stall the remaining tasks.
 * - scatter() fails fast: the first failure rejects; tasks not yet started never start,
 *   running ones are aborted and their later outcomes are swallowed (no unhandled rejection).
 * - scatterPartial() waits for every task and returns the successes and the failures.
 */

import { ExecutorError, timeoutError, toShardError, type ShardError, type ShardTarget } from './errors.js';

export interface TaskContext {
  /** Aborted on timeout (reason: the SHARD_TIMEOUT error) or when a fail-fast scatter gives up. */
  readonly signal: AbortSignal;
}

export interface ScatterTask<T> extends ShardTarget {
  run(context: TaskContext): Promise<T>;
}

export interface ScatterOptions {
  /** Tasks running at once; a positive integer or Infinity. Default 16. */
  readonly maxConcurrency?: number;
  /** Per-task timeout in ms, from the task's start. Default: none. */
  readonly timeoutMs?: number;
}

export interface ShardSuccess<T> {
  readonly target: ShardTarget;
  /** Position of the task in the input. */
  readonly index: number;
  readonly value: T;
}

export interface PartialResults<T> {
  /** Successful shards, in task order. */
  readonly results: readonly ShardSuccess<T>[];
  /** Failed shards, in task order; each names its keyspace, shard and tablet type. */
  readonly failures: readonly ShardError[];
}

export const DEFAULT_MAX_CONCURRENCY = 16;

/** Fail fast: every task's value in task order, or the first failure as a ShardError. */
export function scatter<T>(tasks: readonly ScatterTask<T>[], options: ScatterOptions = {}): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const values = new Array<T>(tasks.length);
    const run = schedule(tasks, options, {
      settle(index, outcome) {
        if (outcome.ok) {
          values[index] = outcome.value;
          return;
        }
        run.cancel();
        reject(outcome.error);
      },
      done: () => resolve(values),
    });
  });
}

/** Partial results: waits for every task; never rejects for a shard failure. */
export function scatterPartial<T>(tasks: readonly ScatterTask<T>[], options: ScatterOptions = {}): Promise<PartialResults<T>> {
  return new Promise((resolve) => {
    const outcomes = new Array<Outcome<T>>(tasks.length);
    schedule(tasks, options, {
      settle: (index, outcome) => { outcomes[index] = outcome; },
      done() {
        const results: ShardSuccess<T>[] = [];
        const failures: ShardError[] = [];
        outcomes.forEach((o, index) => {
          const { keyspace, shard, tabletType } = tasks[index]!;
          if (o.ok) results.push({ target: { keyspace, shard, tabletType }, index, value: o.value });
          else failures.push(o.error);
        });
        resolve({ results, failures });
      },
    });
  });
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ShardError };

interface Handlers<T> {
  settle(index: number, outcome: Outcome<T>): void;
  done(): void;
}

function schedule<T>(tasks: readonly ScatterTask<T>[], options: ScatterOptions, handlers: Handlers<T>): { cancel(): void } {
  const limit = checkLimit(options.maxConcurrency);
  const timeoutMs = checkTimeout(options.timeoutMs);
  const running = new Set<AbortController>();
  let next = 0;
  let settled = 0;
  let cancelled = false;

  const launch = (): void => {
    while (!cancelled && running.size < limit && next < tasks.length) {
      const index = next++;
      const controller = new AbortController();
      running.add(controller);
      void runOne(tasks[index]!, controller, timeoutMs).then((outcome) => {
        running.delete(controller);
        if (cancelled) return;
        settled++;
        handlers.settle(index, outcome);
        if (cancelled) return;
        if (settled === tasks.length) handlers.done();
        else launch();
      });
    }
  };
  if (tasks.length === 0) handlers.done();
  else launch();

  return {
    cancel(): void {
      if (cancelled) return;
      cancelled = true;
      const reason = new ExecutorError('SCATTER_CANCELLED', 'another shard failed; the scatter was abandoned');
      for (const controller of running) controller.abort(reason);
      running.clear();
    },
  };
}

/** Settles with the task's outcome or its timeout, whichever comes first; never rejects. */
async function runOne<T>(task: ScatterTask<T>, controller: AbortController, timeoutMs: number | undefined): Promise<Outcome<T>> {
  let work: Promise<T>;
  try {
    work = Promise.resolve(task.run({ signal: controller.signal }));
  } catch (err) {
    work = Promise.reject(err); // a task that throws synchronously fails like one that rejects
  }
  // Handlers are attached at once, so a rejection after the timeout is never unhandled.
  const outcome = work.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (err: unknown): Outcome<T> => ({ ok: false, error: toShardError(err, task) }),
  );
  if (timeoutMs === undefined) return outcome;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => {
      const error = timeoutError(task, timeoutMs);
      controller.abort(error);
      resolve({ ok: false, error });
    }, timeoutMs);
  });
  try {
    return await Promise.race([outcome, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function checkLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_CONCURRENCY;
  if (value === Infinity || (Number.isInteger(value) && value >= 1)) return value;
  throw new ExecutorError('OPTION_INVALID', `maxConcurrency must be a positive integer or Infinity, got ${String(value)}`, {
    details: { option: 'maxConcurrency' },
  });
}

function checkTimeout(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isFinite(value) && value > 0) return value;
  throw new ExecutorError('OPTION_INVALID', `timeoutMs must be a positive number of milliseconds, got ${String(value)}`, {
    details: { option: 'timeoutMs' },
  });
}
