/**
 * What every session of one router shares: the VSchema and planner, the plan cache, the user's
 * pools by keyspace/shard/tablet type, one sequence allocator per sequence table, and the options.
 */
import type { DriverConnection } from '../executor/driver.js';
import type { ShardPools } from '../executor/shard-pools.js';
import { SequenceAllocator } from '../executor/sequence.js';
import { poolTransactions } from '../executor/transaction.js';
import { PlanCache, planCacheKey } from '../planner/plan-cache.js';
import type { Plan } from '../planner/plan.js';
import type { Planner } from '../planner/planner.js';
import type { Topology } from '../topology/topology.js';
import type { VSchema } from '../vschema/model.js';

const HOT_PLANS = 256;

export type TransactionMode = 'single' | 'multi';

export interface CoreOptions {
  readonly transactionMode: TransactionMode;
  readonly queryTimeoutMs: number | undefined;
  readonly noScatter: boolean;
  readonly maxConcurrency: number;
  /** Rows an in-memory engine buffer may hold (ENGINE_MEMORY_LIMIT past it). */
  readonly maxMemoryRows?: number;
}

export class RouterCore {
  readonly #cache: PlanCache<Plan>;
  /** Per target, the plans of the most used statements: a hit costs one Map lookup on the caller's string. */
  readonly #hot = new Map<string, Map<string, Plan>>();
  readonly #sequences = new Map<string, SequenceAllocator>();

  constructor(
    readonly vschema: VSchema,
    readonly planner: Planner,
    readonly pools: ShardPools,
    readonly options: CoreOptions,
    planCacheEntries: number,
  ) {
    this.#cache = new PlanCache<Plan>({ maxEntries: planCacheEntries });
  }

  get topology(): Topology {
    return this.pools.topology;
  }

  /** The plan of `sql` under `target`, planned once per distinct text. */
  plan(sql: string, target: string): Plan {
    let hot = this.#hot.get(target);
    const fast = hot?.get(sql);
    if (fast) return fast;
    const key = planCacheKey(0, target, sql);
    let plan = this.#cache.get(key);
    if (!plan) {
      plan = this.planner.plan(sql, { target });
      this.#cache.set(key, plan);
    }
    if (!hot) this.#hot.set(target, (hot = new Map()));
    // The hot map is a small front for the LRU: emptied when full, refilled by the next hits.
    if (hot.size >= HOT_PLANS) hot.clear();
    hot.set(sql, plan);
    return plan;
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
