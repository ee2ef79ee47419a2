/**
 * The router's side of the engine (src/engine): shard rows are read raw (mysql2 hands over each
 * cell's bytes), the engine combines them, and the result is converted back to what the caller's
 * mysql2 pool would have returned from one server (its own options: supportBigNumbers,
 * dateStrings, ...; and the query's: rowsAsArray, nestTables, typeCast).
 */
import type { DriverResult } from '../executor/driver.js';
import { DEFAULT_MAX_MEMORY_ROWS, type EngineContext, type EnginePort } from '../engine/context.js';
import { runEngine, runEngineWrite } from '../engine/engine.js';
import { fromDriverResult, RAW_QUERY_OPTIONS } from '../engine/from-driver.js';
import type { EngineResult, EngineWrite } from '../engine/result.js';
import { toDriverResult, type DriverRowOptions } from '../engine/to-driver.js';
import type { Operator, Route, VindexLookup } from '../planner/plan.js';
import { routeOperator, type Binds } from '../routing/route.js';
import { executeOperator, noRouteQueries, routingEnv, type ExecContext } from './execute.js';
import { header, isHeader, merge } from './results.js';
import { rejectScatter, runQueries } from './run.js';
import type { Session } from './session.js';
import { RouterError } from './errors.js';
import { FOUND_ROWS_BIND } from '../engine/eval/compile.js';
import { intValue } from '../engine/eval/values.js';
import type { BindVariable } from '../vindexes/types.js';
import { valueText } from '../vindexes/value.js';

export async function executeWithEngine(ctx: ExecContext, op: Operator): Promise<DriverResult> {
  const result = await runEngine(engineContext(ctx), op);
  return toDriverResult(result, rowOptions(ctx.session, ctx.run.queryOptions));
}

/** The one value of a count query (SQL_CALC_FOUND_ROWS's count of every row). */
export async function countWithEngine(ctx: ExecContext, op: Operator): Promise<bigint> {
  const result = await runEngine(engineContext(ctx), op);
  const v = result.rows.length === 1 && result.rows[0]!.length >= 1 ? result.rows[0]![0]! : undefined;
  const text = v === undefined ? '' : valueText(v);
  if (!/^[0-9]+$/.test(text)) throw new RouterError('FOUND_ROWS_COUNT', 'count query is not a scalar');
  return BigInt(text);
}

function engineContext(ctx: ExecContext): EngineContext {
  return { port: enginePort(ctx), binds: withSessionBinds(ctx.binds.binds, ctx.session), maxMemoryRows: maxMemoryRows(ctx.session) };
}

/**
 * The statement's bind variables plus what vtgate answers from the session: `__vtfrows`, the
 * session's FOUND_ROWS() (Vitess binds it under the same name).
 */
export function withSessionBinds(binds: Map<string, BindVariable>, session: Session): Map<string, BindVariable> {
  binds.set(FOUND_ROWS_BIND, intValue(session.foundRows));
  return binds;
}

/** A write the engine drives (DML with input, INSERT ... SELECT, Sequential): one ResultSetHeader. */
export async function executeWriteWithEngine(ctx: ExecContext, op: Operator): Promise<DriverResult> {
  const engine = engineContext(ctx);
  const run = (): Promise<EngineWrite> => runEngineWrite(engine, op);
  // The select and the writes form one statement: all or nothing, as Vitess runs them in one transaction.
  const w = await ctx.session.implicit(run);
  return [header(w), undefined];
}

export function maxMemoryRows(session: Session): number {
  return session.core.options.maxMemoryRows ?? DEFAULT_MAX_MEMORY_ROWS;
}

export function enginePort(ctx: ExecContext): EnginePort {
  const { session } = ctx;
  return {
    async fetchShards(op: Route | VindexLookup, binds: Binds): Promise<EngineResult[]> {
      const route = op.kind === 'Route' ? op : op.route;
      rejectScatter(session, route.variant, ctx.sql);
      const queries = await routeOperator(op, binds, routingEnv(session, 'select'));
      const run = { ...ctx.run, queryOptions: RAW_QUERY_OPTIONS, method: 'query' as const };
      if (queries.length === 0) {
        // No shard holds rows for these values: a scalar aggregate still answers its one row from
        // any shard, any other query learns its columns there (Vitess's field query).
        const { queries: anyShard, fieldsOnly } = noRouteQueries(session, op, binds);
        const results = await runQueries(session, anyShard, ctx.binds.origins, run);
        return results.map(([rows, fields]) => fromDriverResult(fieldsOnly ? [] : rows, fields));
      }
      const results = await runQueries(session, queries, ctx.binds.origins, run);
      return results.map(([rows, fields]) => fromDriverResult(rows, fields));
    },
    autoIncrementColumn(keyspace: string, table: string): string | null {
      return session.core.vschema.keyspaces.get(keyspace)?.tables.get(table)?.autoIncrement?.column ?? null;
    },
    async write(op: Operator, binds: Binds): Promise<EngineWrite> {
      const inner: ExecContext = { ...ctx, binds: { binds: new Map(binds), origins: ctx.binds.origins } };
      const [h] = merge(await executeOperator(inner, op));
      if (!isHeader(h)) return { affectedRows: 0, insertId: 0, changedRows: 0, warningStatus: 0 };
      return { affectedRows: h.affectedRows, insertId: h.insertId, changedRows: h.changedRows, warningStatus: h.warningStatus };
    },
  };
}

const poolOptions = new WeakMap<object, DriverRowOptions>();

/** The row options of the caller's pools (mysql2 keeps them in pool.config.connectionConfig), under the query's own. */
export function rowOptions(session: Session, queryOptions: Readonly<Record<string, unknown>> | undefined): DriverRowOptions {
  let base = poolOptions.get(session.core);
  if (!base) {
    base = configOf(anyPool(session));
    poolOptions.set(session.core, base);
  }
  return queryOptions ? { ...base, ...(queryOptions as DriverRowOptions) } : base;
}

function anyPool(session: Session): unknown {
  for (const ks of session.core.vschema.keyspaces.keys()) {
    const shard = session.core.topology.shardMap(ks).shardNames[0];
    if (shard === undefined) continue;
    try {
      return session.core.pools.pick(ks, shard, session.tabletType);
    } catch {
      continue;
    }
  }
  return undefined;
}

function configOf(pool: unknown): DriverRowOptions {
  const p = pool as { pool?: { config?: { connectionConfig?: object } }; config?: { connectionConfig?: object } } | undefined;
  const config = (p?.pool?.config?.connectionConfig ?? p?.config?.connectionConfig ?? {}) as Record<string, unknown>;
  const pick = ['supportBigNumbers', 'bigNumberStrings', 'decimalNumbers', 'dateStrings', 'timezone', 'jsonStrings', 'typeCast', 'rowsAsArray', 'nestTables'];
  const out: Record<string, unknown> = {};
  for (const k of pick) if (config[k] !== undefined) out[k] = config[k];
  // mysql2's default typeCast is `true`: only a function changes conversions.
  if (out.typeCast === true) delete out.typeCast;
  return out as DriverRowOptions;
}
