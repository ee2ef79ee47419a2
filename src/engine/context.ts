/**
 * What the engine needs from the router, as a port (the engine never imports the router):
 * running a route's shard queries with raw rows, and running an operator the router executes
 * itself (UPDATE, DELETE, INSERT) with extra bind variables.
 */
import type { Operator, Route, VindexLookup } from '../planner/plan.js';
import type { Binds } from '../routing/route.js';
import type { BindVariable } from '../vindexes/types.js';
import { EngineError } from './errors.js';
import type { EngineResult, EngineWrite } from './result.js';

export interface EnginePort {
  /** The route's shard results, one per shard queried (read raw), in shard order. */
  fetchShards(op: Route | VindexLookup, binds: Binds): Promise<EngineResult[]>;
  /** Runs a write operator through the router with these bind variables. */
  write(op: Operator, binds: Binds): Promise<EngineWrite>;
  /** The VSchema's auto-increment column of a table, null when it has none. */
  autoIncrementColumn(keyspace: string, table: string): string | null;
}

export interface EngineContext {
  readonly port: EnginePort;
  readonly binds: Binds;
  /** Rows an in-memory buffer (sort, aggregate, join, distinct) may hold. */
  readonly maxMemoryRows: number;
}

export const DEFAULT_MAX_MEMORY_ROWS = 1_000_000;

/** Throws ENGINE_MEMORY_LIMIT once a buffer would hold more than the context allows. */
export function checkMemory(ctx: EngineContext, rows: number, operator: string): void {
  if (rows > ctx.maxMemoryRows) {
    throw new EngineError('ENGINE_MEMORY_LIMIT',
      `${operator} would hold more than ${ctx.maxMemoryRows} rows in memory (the router's maxMemoryRows option)`,
      { details: { operator, limit: ctx.maxMemoryRows } });
  }
}

export function withBinds(ctx: EngineContext, extra: ReadonlyMap<string, BindVariable>): EngineContext {
  if (extra.size === 0) return ctx;
  const binds = new Map(ctx.binds);
  for (const [k, v] of extra) binds.set(k, v);
  return { ...ctx, binds };
}
