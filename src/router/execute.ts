/**
 * Executing a plan's operator through a session. Routing operators (Route, VindexLookup, Send,
 * Update, Delete, Insert) run on the shards routing picks; `select next N values` is served by
 * the sequence allocator; the session statements (USE, SET) change the session. Operators that
 * combine rows at vtgate (Join, Aggregate, Sort, Limit, ...) run in the engine (src/engine) over
 * raw shard rows, through the port in engine-port.ts.
 * Each function returns one mysql2 result per shard; the caller merges them.
 */
import type { DriverResult } from '../executor/driver.js';
import type { Operator, Route, VindexLookup } from '../planner/plan.js';
import { LIST_VAR_NAME, routeOperator, type Binds, type RoutingEnv, type ShardQuery } from '../routing/route.js';
import { parseSql } from '../sql/parse.js';
import { evalList, evalSingle } from '../routing/binds.js';
import type { ShardMap } from '../topology/shard-map.js';
import type { BindVariable, SingleColumnImpl } from '../vindexes/types.js';
import { driverStatement } from './shard-sql.js';
import type { LookupPort } from '../vindexes/types.js';
import type { StatementBinds } from './binds.js';
import { shardDelete } from './delete-alias.js';
import { executeDmlWithLookups } from './dml.js';
import { operatorNotSupported, RouterError } from './errors.js';
import { executeInsert } from './insert.js';
import { executeVExplain } from './vexplain.js';
import { milliseconds } from './timeout.js';
import { lookupPort } from './lookup-port.js';
import { bigintRow, header } from './results.js';
import { rejectScatter, runQueries } from './run.js';
import type { RunOptions, Session } from './session.js';
import { isEngineOperator, isEngineWrite } from '../engine/engine.js';
import { countWithEngine, executeWithEngine, executeWriteWithEngine } from './engine-port.js';

export interface ExecContext {
  readonly session: Session;
  readonly binds: StatementBinds;
  readonly run: RunOptions;
  /** The statement as the caller wrote it (for directives). */
  readonly sql: string;
  readonly method: 'query' | 'execute';
}

export function routingEnv(session: Session, statement: LookupPort['statement']): RoutingEnv {
  return { vschema: session.core.vschema, topology: session.core.topology, lookupPort: lookupPort(session, statement) };
}

export async function executeOperator(ctx: ExecContext, op: Operator): Promise<DriverResult[]> {
  const { session } = ctx;
  switch (op.kind) {
    case 'Route': {
      if (op.variant === 'EqualUnique' && op.resultColumns === null) {
        const shard = fastShard(session, op, ctx.binds);
        if (shard !== undefined) {
          const stmt = driverStatement(op.query, ctx.binds.binds, ctx.binds.origins);
          return [await session.run(op.keyspace.name, shard, stmt, ctx.method === 'query' ? ctx.run : { ...ctx.run, method: ctx.method })];
        }
      }
      if (op.variant === 'Next') return [await nextValues(session, op)];
      // Rows to merge in order, or helper columns to drop (even from one shard's answer): the
      // engine reads shard rows as arrays, so same-named columns stay apart, and compares them
      // in their collations.
      if (op.orderBy.length > 0 || op.resultColumns !== null) return [await executeWithEngine(ctx, op)];
      rejectScatter(session, op.variant, ctx.sql);
      const queries = await routeOperator(op, ctx.binds.binds, routingEnv(session, 'select'));
      if (queries.length === 0) return noRouteResult(ctx, op);
      return runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method });
    }
    case 'VindexLookup': {
      if (op.route.orderBy.length > 0 || op.route.resultColumns !== null) return [await executeWithEngine(ctx, op)];
      const queries = await routeOperator(op, ctx.binds.binds, routingEnv(session, 'select'));
      if (queries.length === 0) return noRouteResult(ctx, op);
      return runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method });
    }
    case 'Send': {
      const queries = await routeOperator(op, ctx.binds.binds, routingEnv(session, op.isDml ? 'other' : 'select'));
      if (op.singleShardOnly && queries.length > 1) {
        throw new RouterError('OPERATOR_NOT_SUPPORTED', 'the statement can only go to one shard, and the target names several');
      }
      return runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method, dml: op.isDml });
    }
    case 'Update':
    case 'Delete': {
      rejectScatter(session, op.variant, ctx.sql);
      if (op.kind === 'Delete' && shardDelete(op) !== op) return executeOperator(ctx, shardDelete(op));
      if (op.ownedVindexQuery !== null) return [await executeDmlWithLookups(ctx, op)];
      const queries = await routeOperator(op, ctx.binds.binds, routingEnv(session, op.kind === 'Update' ? 'update' : 'delete'));
      if (queries.length <= 1) return runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method, dml: true, primary: true });
      // Several shards: all or nothing, as Vitess does for an autocommit multi-shard DML.
      return session.implicit(() => runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method, dml: true, primary: true }));
    }
    case 'Insert':
      if (op.variant === 'Select') return [await executeWriteWithEngine(ctx, op)];
      return [await executeInsert(ctx, op)];
    case 'Rows':
      // Rows vtgate answers itself (vexplain plan, SHOW ... of the VSchema): the engine shapes them.
      return [await executeWithEngine(ctx, op)];
    case 'Vtgate':
      if (op.operatorType === 'VEXPLAIN') return [await executeVExplain(ctx, op, executeOperator)];
      return [await vtgateOperator(ctx, op.operatorType, op.fields)];
    case 'SQL_CALC_FOUND_ROWS': {
      const rows = await executeOperator(ctx, op.limit);
      session.foundRows = await countWithEngine(ctx, op.count);
      return rows;
    }
    default:
      if (isEngineWrite(op)) return [await executeWriteWithEngine(ctx, op)];
      if (isEngineOperator(op)) return [await executeWithEngine(ctx, op)];
      throw operatorNotSupported(op.kind);
  }
}

/**
 * The shard query of a SELECT route that reached no shard: a query that answers rows over no
 * input (a scalar aggregate: the plan's answersWithoutRows) goes to any one shard, as Vitess's
 * NoRoutesSpecialHandling does; any other gets its field query there (`fieldsOnly`), so the
 * empty answer still has its columns. Empty when neither can be made.
 */
export function noRouteQueries(session: Session, op: Route | VindexLookup, binds: Binds): { queries: ShardQuery[]; fieldsOnly: boolean } {
  const route = op.kind === 'Route' ? op : op.route;
  const shard = session.core.topology.shardMap(route.keyspace.name).shardNames[0];
  const sql = route.answersWithoutRows ? route.query : route.fieldQuery;
  if (shard === undefined || sql === null) return { queries: [], fieldsOnly: true };
  const bindVars: Record<string, BindVariable> = Object.fromEntries(binds);
  // An IN route's query reads `::__vals` (the values of its shard): here, all of them.
  const values = op.values[0];
  if (sql.includes(`::${LIST_VAR_NAME}`) && values !== undefined) bindVars[LIST_VAR_NAME] = { type: 'TUPLE', values: evalList(values, binds) };
  return { queries: [{ keyspace: route.keyspace.name, shard, sql, bindVars }], fieldsOnly: !route.answersWithoutRows };
}

async function noRouteResult(ctx: ExecContext, op: Route | VindexLookup): Promise<DriverResult[]> {
  const { queries, fieldsOnly } = noRouteQueries(ctx.session, op, ctx.binds.binds);
  const results = await runQueries(ctx.session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method });
  return fieldsOnly ? results.map(([rows, fields]) => [Array.isArray(rows) ? [] : rows, fields] as DriverResult) : results;
}

const fastRoutes = new WeakMap<Route, { readonly impl: SingleColumnImpl; readonly shardMap: ShardMap } | null>();

/**
 * The point-select path: an EqualUnique route on a functional single-column vindex maps its one
 * value straight to a shard, with no lookup port, no list handling and no per-call allocations
 * beyond the statement (what the vindex and shard map are is worked out once per plan).
 * undefined: take the general path.
 */
function fastShard(session: Session, op: Route, binds: StatementBinds): string | undefined {
  let fast = fastRoutes.get(op);
  if (fast === undefined) {
    const impl = op.vindex === null ? undefined : session.core.vschema.keyspaces.get(op.keyspace.name)?.vindexes.get(op.vindex)?.vindex.impl;
    fast = impl?.kind === 'single' && op.values.length === 1 ? { impl, shardMap: session.core.topology.shardMap(op.keyspace.name) } : null;
    fastRoutes.set(op, fast);
  }
  if (fast === null) return undefined;
  const dest = fast.impl.map([evalSingle(op.values[0]!, binds.binds)])[0];
  return dest?.kind === 'keyspaceId' ? fast.shardMap.shardForKeyspaceId(dest.keyspaceId) : undefined;
}

/** `select next N values from seq`: N ids from the cached blocks; the result has one column `nextval`. */
async function nextValues(session: Session, route: Route): Promise<DriverResult> {
  const m = /^select\s+next\s+(\S+)\s+values?\s+from\s+(.+?)\s*$/i.exec(route.query);
  const count = m?.[1];
  const table = m?.[2]?.replace(/^`|`$/g, '');
  if (!count || !table || !/^[0-9]+$/.test(count)) {
    throw new RouterError('BIND_INVALID', 'select next N values: N must be an integer literal');
  }
  const first = await session.core.sequence(route.keyspace.name, table).next(BigInt(count));
  return bigintRow('nextval', first);
}

async function vtgateOperator(ctx: ExecContext, type: string, fields: Readonly<Record<string, unknown>>): Promise<DriverResult> {
  const { session } = ctx;
  switch (type) {
    case 'UpdateTarget':
      session.use(String(fields.target ?? ''));
      return [header({ affectedRows: 0 }), undefined];
    case 'Set':
      await applySet(session, ctx.sql);
      return [header({ affectedRows: 0 }), undefined];
    case 'DDL': {
      const ks = (fields.Keyspace as { Name?: string } | undefined)?.Name ?? '';
      const query = String(fields.Query ?? '');
      const shardMap = session.core.topology.shardMap(ks);
      const queries = shardMap.shardNames.map((shard) => ({ keyspace: ks, shard, sql: query, bindVars: {} }));
      const results = await runQueries(session, queries, new Map(), { order: 'autocommit', primary: true });
      return results[0] ?? [header({ affectedRows: 0 }), undefined];
    }
    default:
      throw operatorNotSupported(type);
  }
}

// Vitess's own session variables; everything else is a MySQL variable the shards must see.
const VTGATE_VARIABLES = new Set(['workload', 'transaction_mode', 'autocommit', 'ddl_strategy', 'planner_version', 'sql_select_limit', 'skip_query_plan_cache', 'enable_system_settings', 'client_found_rows', 'tx_isolation', 'transaction_isolation', 'read_after_write_gtid', 'read_after_write_timeout', 'session_track_gtids', 'query_timeout', 'workload_name', 'names']);

async function applySet(session: Session, sql: string): Promise<void> {
  const stmt = parseSql(sql);
  if (stmt.kind !== 'set') return;
  let mysqlVariables = false;
  for (const a of stmt.assignments) {
    const name = a.variable.name.toLowerCase();
    if (a.variable.scope === 'user' || !VTGATE_VARIABLES.has(name)) {
      mysqlVariables = true;
      continue;
    }
    if (name === 'transaction_mode') {
      const value = a.expr.kind === 'literal' ? a.expr.value.toLowerCase() : a.expr.kind === 'column' ? a.expr.name.toLowerCase() : '';
      if (value !== 'single' && value !== 'multi') {
        throw new RouterError('OPTION_INVALID', `transaction_mode must be 'single' or 'multi' (two-phase commit is not supported)`, { details: { option: 'transaction_mode' } });
      }
      session.transactionMode = value;
    } else if (name === 'query_timeout') {
      const value = a.expr.kind === 'literal' ? a.expr.value : a.expr.kind === 'column' ? a.expr.name : '';
      session.queryTimeoutMs = milliseconds(value, 'query_timeout');
    } else if (name === 'autocommit') {
      const value = a.expr.kind === 'literal' ? a.expr.value.toLowerCase() : a.expr.kind === 'column' ? a.expr.name.toLowerCase() : '';
      if (!['1', 'on', 'true'].includes(value)) {
        throw new RouterError('OPTION_INVALID', 'autocommit=0 is not supported: use BEGIN / beginTransaction()', { details: { option: 'autocommit' } });
      }
    }
  }
  if (mysqlVariables) await session.addSet(sql);
}
