/**
 * What every session of one router shares: the VSchema and planner, the plan cache, the user's
 * pools by keyspace/shard/tablet type, one sequence allocator per sequence table, and the options.
 */
import type { DriverConnection } from '../executor/driver.js';
import type { ShardPools } from '../executor/shard-pools.js';
import { SequenceAllocator } from '../executor/sequence.js';
import { poolTransactions } from '../executor/transaction.js';
import { PlannerError } from '../planner/errors.js';
import type { Plan } from '../planner/plan.js';
import type { Planner } from '../planner/planner.js';
import type { Topology } from '../topology/topology.js';
import type { BindVariable } from '../vindexes/types.js';
import type { JsValue } from '../vindexes/value.js';
import type { VSchema } from '../vschema/model.js';

export type TransactionMode = 'single' | 'multi';

export interface CoreOptions {
  readonly transactionMode: TransactionMode;
  readonly queryTimeoutMs: number | undefined;
  readonly noScatter: boolean;
  readonly maxConcurrency: number;
  /** Rows an in-memory engine buffer may hold (ENGINE_MEMORY_LIMIT past it). */
  readonly maxMemoryRows?: number;
  /** Partial results for every read scatter (Vitess SCATTER_ERRORS_AS_WARNINGS). */
  readonly scatterErrorsAsWarnings?: boolean;
}

export class RouterCore {
  readonly #sequences = new Map<string, SequenceAllocator>();

  constructor(
    readonly vschema: VSchema,
    readonly planner: Planner,
    readonly pools: ShardPools,
    readonly options: CoreOptions,
  ) {}

  get topology(): Topology {
    return this.pools.topology;
  }

  /**
   * The plan of `sql` under `target`, through the planner's plan cache (statements that differ
   * only in literals share a plan), and the values its text held added to `binds` (`vtgN`).
   * `binds` already holds the caller's values (`v1`.. for `?`, or by name).
   */
  plan(sql: string, target: string, binds: Map<string, BindVariable>): Plan {
    let prepared;
    try {
      prepared = this.planner.prepare(sql, { target });
    } catch (err) {
      // A `:name` inside an IN list or a VALUES row is read while normalising: give the names.
      if (!(err instanceof PlannerError) || err.code !== 'BIND_MISSING') throw err;
      prepared = this.planner.prepare(sql, { target, values: namedValues(binds) });
    }
    for (const [name, value] of prepared.bindVars) if (!binds.has(name)) binds.set(name, value);
    return prepared.plan;
  }

  /** The allocator of sequence table `table` of unsharded keyspace `keyspace` (one per process). */
  sequence(keyspace: string, table: string): SequenceAllocator {
    const key = `${keyspace}.${table}`;
    let seq = this.#sequences.get(key);
    if (!seq) {
      const shard = this.topology.shardMap(keyspace).shardNames[0]!;
      const pool = this.pools.pick(keyspace, shard, 'primary');
      seq = new SequenceAllocator({ keyspace, table, port: poolTransactions(pool, { keyspace, shard, tabletType: 'primary' }) });
      this.#sequences.set(key, seq);
    }
    return seq;
  }
}

/** A connection a session holds on one shard (a transaction, or a connection reserved for SET). */
export interface HeldConnection {
  readonly conn: DriverConnection;
  readonly keyspace: string;
  readonly shard: string;
}

function namedValues(binds: ReadonlyMap<string, BindVariable>): Record<string, JsValue | readonly JsValue[]> {
  const out: Record<string, JsValue | readonly JsValue[]> = {};
  for (const [name, b] of binds) out[name] = b.type === 'TUPLE' ? (b as { readonly values: readonly JsValue[] }).values : (b as JsValue);
  return out;
}
