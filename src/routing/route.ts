/**
 * Routing: a plan + bind values + topology → the concrete shard queries (keyspace, shard, SQL,
 * bind variables for that shard), and `shardsFor`, the "which shards does this SQL go to?"
 * helper for users' tests.
 *
 * SQL representation: the SQL is the plan's shard query unchanged, keyspace qualifiers already
 * removed by the planner, with Vitess bind placeholders (`:name`, `::name` for a list). Values
 * are never spliced into the text: each ShardQuery carries its own `bindVars` (a SqlValue, or
 * a TUPLE for a list), to be bound by the executor. Every shard gets every bind variable the
 * caller gave; an IN route additionally gets `__vals` (the `::__vals` placeholder) holding only
 * the values that map to that shard, so an IN list is pruned per shard. A list bind the caller
 * wrote (`in ::ids`) is passed whole, as Vitess does: it may appear elsewhere in the query.
 *
 * Post-processing over one input (Limit, Sort, Aggregate, ...) reaches its input's shards; an
 * INSERT with VALUES sends each shard only its rows.
 *
 * The hot path (routePrepared on a cached plan, a microsecond or so): the shards of one route
 * share one bind record; what a route needs besides its values (shard index, vindex, INSERT
 * shape) is looked up once per operator; a functional vindex with keyspaceIdFirstByte names the
 * shard from a first-byte table (shard-index.ts) without building keyspace ids or destinations.
 * Anything not routed yet (joins and subqueries, whose right side depends on rows, INSERTs that
 * need sequence ids, DML that maintains owned lookup vindexes, Next routes, values computed by
 * expressions) fails with RoutingError `ROUTING_NOT_SUPPORTED` naming what it met, never a
 * silently wrong answer.
 */
import { insertWithRows, type Delete, type Insert, type Operator, type Plan, type Route, type Send, type Update, type VindexLookup } from '../planner/plan.js';
import type { Planner } from '../planner/planner.js';
import type { PreparedStatement } from '../planner/prepare.js';
import { isPreparedBinds } from '../planner/prepared-binds.js';
import type { PlanValue } from '../planner/values.js';
import type { ShardMap } from '../topology/shard-map.js';
import type { Topology } from '../topology/topology.js';
import { vindexesAreReady, vindexesReady } from '../vindexes/crypto/xxhash64.js';
import type { BindVariable, Destination, LookupPort, SingleColumnImpl, Vindex } from '../vindexes/types.js';
import type { SqlValue } from '../vindexes/value.js';
import type { VSchema } from '../vschema/model.js';
import { convertBindVars, evalList, evalSingle, type Binds, type RoutingBindVars } from './binds.js';
import { destinationShards, destinationShardsTarget, mapRow, mapValues, parseTargetDestination, vindexOf } from './destinations.js';
import { shardIndexFor, shardIndexOf, shardNameFor, type ShardIndex } from './shard-index.js';
import { notSupported, RoutingError } from './errors.js';
import { routeDba } from './dba.js';

export { RoutingError } from './errors.js';
export type { RoutingBindVars, Binds } from './binds.js';
export { literalSqlValue } from './binds.js';

export interface ShardQuery {
  readonly keyspace: string;
  readonly shard: string;
  /** The shard SQL with `:name` / `::name` placeholders (never values concatenated in). */
  readonly sql: string;
  /** The bind variables for this shard; `__vals` holds only this shard's IN values. */
  readonly bindVars: Readonly<Record<string, BindVariable>>;
}

export interface RoutingEnv {
  readonly vschema: VSchema;
  readonly topology: Topology;
  /** Needed by routes that consult a lookup vindex. */
  readonly lookupPort?: LookupPort;
}

/** The bind variable Vitess rewrites `col in (...)` on the routing vindex to. */
export const LIST_VAR_NAME = '__vals';

/** Routes a plan whose instructions are a single routing operator (see the module comment). */
export async function routePlan(plan: Plan, bindVars: RoutingBindVars, env: RoutingEnv): Promise<ShardQuery[]> {
  await vindexesReady();
  const op = plan.instructions;
  if (op === null) throw notSupported('a plan with nothing to execute', 'none');
  const binds = convertBindVars(bindVars);
  return routeOperator(op, binds, env);
}

/**
 * Routes a statement from Planner.prepare() (the cached path): its bind variables are already
 * typed. Not an async function on purpose: a route through functional vindexes is computed
 * synchronously and handed back in one already-settled promise (errors as a rejection, as from
 * an async function); only lookup vindexes wait for I/O.
 */
export function routePrepared(prepared: PreparedStatement, env: RoutingEnv): Promise<ShardQuery[]> {
  if (!vindexesAreReady()) return vindexesReady().then(() => routePrepared(prepared, env));
  try {
    const op = prepared.plan.instructions;
    if (op === null) throw notSupported('a plan with nothing to execute', 'none');
    return Promise.resolve(routed(op, prepared.bindVars, env));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** "For this SQL and these values, which shards?": one entry per shard, in routing order. */
export async function shardsFor(
  planner: Planner,
  sql: string,
  values: RoutingBindVars,
  options: { readonly target?: string; readonly topology: Topology; readonly lookupPort?: LookupPort },
): Promise<{ keyspace: string; shard: string }[]> {
  const plan = planner.plan(sql, { target: options.target ?? '' });
  const env: RoutingEnv = {
    vschema: planner.vschema,
    topology: options.topology,
    ...(options.lookupPort ? { lookupPort: options.lookupPort } : {}),
  };
  const queries = await routePlan(plan, values, env);
  return queries.map((q) => ({ keyspace: q.keyspace, shard: q.shard }));
}


/** Shard queries now (functional vindexes), or later (a lookup vindex's query must run first). */
type Routed = ShardQuery[] | Promise<ShardQuery[]>;

/**
 * Routes one routing operator with bind variables already converted (the router converts the
 * caller's values once and keeps track of which SqlValue came from which caller value).
 */
export function routeOperator(op: Operator, binds: Binds, env: RoutingEnv): Promise<ShardQuery[]> {
  try {
    return Promise.resolve(routed(op, binds, env));
  } catch (err) {
    return Promise.reject(err);
  }
}

function routed(op: Operator, binds: Binds, env: RoutingEnv): Routed {
  switch (op.kind) {
    case 'Route':
      return op.variant === 'DBA' ? routeDba(op, binds, env) : routeRoute(op, binds, env);
    case 'VindexLookup':
      return routeLookup(op, binds, env);
    case 'Update':
    case 'Delete':
      return routeDml(op, binds, env);
    case 'Send':
      return routeSend(op, binds, env);
    case 'Insert':
      return routeInsert(op, binds, env);
    // Post-processing over one input (vtgate merges, limits, aggregates, projects or filters the
    // rows afterwards): the statement reaches exactly the shards of that input.
    case 'Limit':
    case 'Sort':
    case 'Aggregate':
    case 'Distinct':
    case 'SimpleProjection':
    case 'Projection':
    case 'Filter':
      return routed(op.input, binds, env);
    default:
      throw notSupported(`the ${op.kind} operator`, op.kind);
  }
}

// ---------------------------------------------------------------------------------------------

interface Routable {
  readonly variant: Route['variant'];
  readonly keyspace: { readonly name: string };
  readonly vindex: string | null;
  readonly values: readonly PlanValue[];
  readonly query: string;
  readonly targetDestination: string | null;
}

function routeRoute(route: Routable, binds: Binds, env: RoutingEnv): Routed {
  const ks = route.keyspace.name;
  const known = lookupsOf(route);
  const shards = shardsOf(known, env, ks);
  switch (route.variant) {
    case 'None':
      return [];
    case 'Scatter':
    case 'Unsharded':
      return shardQueries(ks, shards.names, route.query, binds);
    case 'Reference': {
      // Any one shard holds the whole table; the first is chosen so the answer is deterministic.
      return shardQueries(ks, shards.names.slice(0, 1), route.query, binds);
    }
    case 'ByDestination': {
      if (route.targetDestination === null) throw notSupported('a ByDestination route without a destination', 'ByDestination');
      return shardQueries(ks, destinationShardsTarget(parseTargetDestination(route.targetDestination), shards.shardMap), route.query, binds);
    }
    case 'EqualUnique':
    case 'Equal':
    case 'SubShard': {
      const vindex = routeVindex(known, route, env);
      const impl = vindex.impl!;
      // Functional vindexes map synchronously: no promise on the point-query path.
      if (impl.kind === 'single' && route.values.length === 1) {
        const value = evalSingle(route.values[0]!, binds);
        const shard = fastShard(impl, shards, value);
        if (shard >= 0) return [shardQuery(ks, shards.names[shard]!, route.query, bindRecord(binds))];
        return rowQueries(ks, shards, route.query, binds, impl.map([value]));
      }
      const row = route.values.map((v) => evalSingle(v, binds));
      return mapRow(vindex, row, env).then((dests) => rowQueries(ks, shards, route.query, binds, dests));
    }
    case 'MultiEqual': {
      const vindex = routeVindex(known, route, env);
      const values = evalList(onlyValue(route), binds);
      const impl = vindex.impl!;
      if (impl.kind === 'single') return fastUniqueQueries(ks, shards, route.query, binds, values, impl) ?? uniqueQueries(ks, shards, route.query, binds, impl.map(values));
      return mapValues(vindex, values, env).then((dests) => uniqueQueries(ks, shards, route.query, binds, dests));
    }
    case 'IN': {
      const vindex = routeVindex(known, route, env);
      const values = evalList(onlyValue(route), binds);
      const impl = vindex.impl!;
      if (impl.kind === 'single') return fastPrunedQueries(ks, shards, route.query, binds, values, impl) ?? prunedQueries(ks, shards, route.query, binds, values, impl.map(values));
      return mapValues(vindex, values, env).then((dests) => prunedQueries(ks, shards, route.query, binds, values, dests));
    }
    case 'Between': {
      const vindex = routeVindex(known, route, env);
      const impl = vindex.impl;
      if (impl?.kind !== 'single' || !impl.rangeMap) throw notSupported(`BETWEEN routing with vindex ${vindex.name}`, 'Between');
      const range = evalList(onlyValue(route), binds);
      if (range.length !== 2) throw new RoutingError('ROUTING_BIND_INVALID', 'a Between route needs two values');
      const dest = impl.rangeMap(range[0]!, range[1]!);
      return shardQueries(ks, destinationShards(dest, shards.shardMap), route.query, binds);
    }
    case 'DBA':
    case 'Next':
      // DBA routes are routed by routeDba (they need the route's schema and table values).
      throw notSupported(`${route.variant} routes`, `Route(${route.variant})`);
  }
}

/**
 * What routing an operator needs besides its values, looked up once per operator: its keyspace's
 * shard index (again when the topology gives another shard map), its vindex (again for another
 * VSchema), and for an INSERT its shape. Plans are immutable and shared, so this lives beside
 * them, in a WeakMap.
 */
interface Lookups {
  shardMap: ShardMap | null;
  shards: ShardIndex | null;
  vschema: VSchema | null;
  vindex: Vindex | null;
  insert: InsertShape | null;
}

const lookups = new WeakMap<object, Lookups>();

function lookupsOf(op: object): Lookups {
  let known = lookups.get(op);
  if (known === undefined) {
    known = { shardMap: null, shards: null, vschema: null, vindex: null, insert: null };
    lookups.set(op, known);
  }
  return known;
}

function shardsOf(known: Lookups, env: RoutingEnv, keyspace: string): ShardIndex {
  const shardMap = env.topology.shardMap(keyspace);
  if (known.shardMap !== shardMap) {
    known.shards = shardIndexOf(shardMap);
    known.shardMap = shardMap;
  }
  return known.shards!;
}

function routeVindex(known: Lookups, route: Routable, env: RoutingEnv): Vindex {
  if (known.vschema !== env.vschema) {
    known.vindex = vindexOf(env, route.keyspace.name, route.vindex, route.variant);
    known.vschema = env.vschema;
  }
  return known.vindex!;
}

async function routeLookup(op: VindexLookup, binds: Binds, env: RoutingEnv): Promise<ShardQuery[]> {
  const ks = op.keyspace.name;
  const shards = shardIndexOf(env.topology.shardMap(ks));
  const vindex = vindexOf(env, ks, op.vindex, op.variant);
  if (vindex.impl?.kind !== 'lookup') throw notSupported(`a VindexLookup through the non-lookup vindex ${vindex.name}`, 'VindexLookup');
  if (!env.lookupPort) {
    throw new RoutingError('ROUTING_LOOKUP_PORT_REQUIRED', `routing through lookup vindex ${vindex.name} needs a lookupPort`, {
      details: { keyspace: ks, vindex: vindex.name },
    });
  }
  let values: SqlValue[];
  switch (op.variant) {
    case 'Equal':
    case 'EqualUnique':
      values = [evalSingle(onlyValue(op), binds)];
      break;
    case 'IN':
    case 'MultiEqual':
      values = evalList(onlyValue(op), binds);
      break;
    default:
      throw notSupported(`a VindexLookup with variant ${op.variant}`, 'VindexLookup');
  }
  if (op.route.variant !== 'ByDestination' || op.route.targetDestination !== null) {
    throw notSupported(`a VindexLookup whose route is ${op.route.variant}`, 'VindexLookup');
  }
  const dests = await vindex.impl.map(env.lookupPort, values);
  // An IN lookup's route reads `col in ::__vals`: each shard gets the values it holds.
  if (op.route.query.includes(`::${LIST_VAR_NAME}`)) return prunedQueries(ks, shards, op.route.query, binds, values, dests);
  return uniqueQueries(ks, shards, op.route.query, binds, dests);
}

/**
 * The shards of an UPDATE/DELETE whatever lookup vindexes it maintains: for an executor that
 * maintains them itself (the router reads the rows FOR UPDATE first, then changes the lookups).
 */
export function routeDmlShards(op: Update | Delete, binds: Binds, env: RoutingEnv): Promise<ShardQuery[]> {
  return Promise.resolve(routeRoute(op, binds, env));
}

function routeDml(op: Update | Delete, binds: Binds, env: RoutingEnv): Routed {
  // Owned lookup vindexes must be maintained around the statement: that is execution, not routing.
  if (op.ownedVindexQuery !== null || (op.kind === 'Update' && op.changedVindexes.length > 0)) {
    throw notSupported(`${op.kind.toUpperCase()} that maintains owned lookup vindexes`, op.kind);
  }
  return routeRoute(op, binds, env);
}

function routeSend(op: Send, binds: Binds, env: RoutingEnv): ShardQuery[] {
  const ks = op.keyspace.name;
  const shardMap = env.topology.shardMap(ks);
  return shardQueries(ks, destinationShardsTarget(parseTargetDestination(op.targetDestination), shardMap), op.query, binds);
}

// ---------------------------------------------------------------------------------------------

/**
 * The shard (index) of one value through the vindex's first-byte fast path, or -1 when that does
 * not settle it (no fast path, no keyspace id, a shard boundary inside the byte): map() decides.
 */
function fastShard(impl: SingleColumnImpl, shards: ShardIndex, value: SqlValue): number {
  if (impl.keyspaceIdFirstByte === undefined) return -1;
  const first = impl.keyspaceIdFirstByte(value);
  return first >= 0 ? shards.byFirstByte[first]! : -1;
}

/** uniqueQueries through fastShard, or null when a value needs map(). */
function fastUniqueQueries(ks: string, shards: ShardIndex, sql: string, binds: Binds, values: readonly SqlValue[], impl: SingleColumnImpl): ShardQuery[] | null {
  if (impl.keyspaceIdFirstByte === undefined) return null;
  const hit = new Array<boolean>(shards.names.length).fill(false);
  for (const value of values) {
    const shard = fastShard(impl, shards, value);
    if (shard < 0) return null;
    hit[shard] = true;
  }
  const out: ShardQuery[] = [];
  let bindVars: Readonly<Record<string, BindVariable>> | null = null;
  for (let s = 0; s < hit.length; s++) if (hit[s]) out.push(shardQuery(ks, shards.names[s]!, sql, (bindVars ??= bindRecord(binds))));
  return out;
}

/** prunedQueries through fastShard, or null when a value needs map(). */
function fastPrunedQueries(ks: string, shards: ShardIndex, sql: string, binds: Binds, values: readonly SqlValue[], impl: SingleColumnImpl): ShardQuery[] | null {
  if (impl.keyspaceIdFirstByte === undefined) return null;
  const perShard = new Array<SqlValue[] | undefined>(shards.names.length);
  for (const value of values) {
    const shard = fastShard(impl, shards, value);
    if (shard < 0) return null;
    (perShard[shard] ??= []).push(value);
  }
  return perShardQueries(ks, shards, sql, binds, perShard);
}

/** The queries of a row's destinations: a single keyspace id (a point query) skips the shard set. */
function rowQueries(ks: string, shards: ShardIndex, sql: string, binds: Binds, dests: readonly Destination[]): ShardQuery[] {
  const only = dests.length === 1 ? dests[0]! : null;
  if (only?.kind === 'keyspaceId') return [shardQuery(ks, shardNameFor(shards, only.keyspaceId), sql, bindRecord(binds))];
  return uniqueQueries(ks, shards, sql, binds, dests);
}

function uniqueQueries(ks: string, shards: ShardIndex, sql: string, binds: Binds, dests: readonly Destination[]): ShardQuery[] {
  const hit = new Uint8Array(shards.names.length);
  for (const d of dests) {
    if (d.kind === 'keyspaceId') hit[shardIndexFor(shards, d.keyspaceId)] = 1;
    else for (const name of destinationShards(d, shards.shardMap)) hit[shards.names.indexOf(name)] = 1;
  }
  const out: ShardQuery[] = [];
  let bindVars: Readonly<Record<string, BindVariable>> | null = null;
  for (let s = 0; s < hit.length; s++) if (hit[s] === 1) out.push(shardQuery(ks, shards.names[s]!, sql, (bindVars ??= bindRecord(binds))));
  return out;
}

/** The same statement to each shard: every shard gets the same bind variables, so they share one record. */
function shardQueries(ks: string, shards: readonly string[], sql: string, binds: Binds): ShardQuery[] {
  const out: ShardQuery[] = [];
  if (shards.length === 0) return out;
  const bindVars = bindRecord(binds);
  for (const shard of shards) out.push(shardQuery(ks, shard, sql, bindVars));
  return out;
}

/**
 * One shard's query. Not frozen: a fresh object per call, read-only by its type (freezing costs
 * as much as the rest of a point query's routing).
 */
function shardQuery(keyspace: string, shard: string, sql: string, bindVars: Readonly<Record<string, BindVariable>>): ShardQuery {
  return { keyspace, shard, sql, bindVars };
}

/** The caller's bind variables as a record, plus `__vals` when given (read-only by its type; shared by the shards of a route). */
function bindRecord(binds: Binds, vals?: BindVariable): Readonly<Record<string, BindVariable>> {
  const bindVars: Record<string, BindVariable> = {};
  if (isPreparedBinds(binds)) {
    const names = binds.bindNames;
    const values = binds.bindValues;
    for (let i = 0; i < binds.size; i++) bindVars[names[i]!] = values[i]!;
  } else {
    for (const [name, value] of binds) bindVars[name] = value;
  }
  if (vals !== undefined) bindVars[LIST_VAR_NAME] = vals;
  return bindVars;
}

/** Each value goes to every shard its destination touches; each shard gets only its own values as `__vals`. */
function prunedQueries(
  ks: string, shards: ShardIndex, sql: string, binds: Binds, values: readonly SqlValue[], dests: readonly Destination[],
): ShardQuery[] {
  const perShard = new Array<SqlValue[] | undefined>(shards.names.length);
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i]!;
    // A keyspace id is one shard: no list to build for it.
    if (d.kind === 'keyspaceId') (perShard[shardIndexFor(shards, d.keyspaceId)] ??= []).push(values[i]!);
    else for (const name of destinationShards(d, shards.shardMap)) (perShard[shards.names.indexOf(name)] ??= []).push(values[i]!);
  }
  return perShardQueries(ks, shards, sql, binds, perShard);
}

/** One query per shard that has values, in shard order, its `__vals` holding them. */
function perShardQueries(ks: string, shards: ShardIndex, sql: string, binds: Binds, perShard: readonly (SqlValue[] | undefined)[]): ShardQuery[] {
  const out: ShardQuery[] = [];
  for (let s = 0; s < perShard.length; s++) {
    const vals = perShard[s];
    if (vals !== undefined) out.push(shardQuery(ks, shards.names[s]!, sql, bindRecord(binds, { type: 'TUPLE', values: vals })));
  }
  return out;
}

function onlyValue(r: { readonly values: readonly PlanValue[]; readonly variant: string }): PlanValue {
  const v = r.values[0];
  if (v === undefined || r.values.length !== 1) {
    throw notSupported(`a ${r.variant} route with ${r.values.length} values`, `Route(${r.variant})`);
  }
  return v;
}

/**
 * INSERT with VALUES: each row goes to the shard its primary vindex maps it to, and each shard
 * gets the statement with only its rows (prefix + its rows + suffix), the row's vindex column
 * read as `:_col_r`. Routing only: rows that need sequence ids, and the lookup rows of owned
 * lookup vindexes, are the executor's work (the router does both).
 */
function routeInsert(op: Insert, binds: Binds, env: RoutingEnv): Routed {
  const ks = op.keyspace.name;
  const known = lookupsOf(op);
  const shards = shardsOf(known, env, ks);
  if (op.variant === 'Unsharded') return shards.names.slice(0, 1).map((s) => shardQuery(ks, s, op.query, bindRecord(binds)));
  if (op.variant !== 'Sharded' || op.queryParts === null) throw notSupported(`INSERT (${op.variant}) routing`, 'Insert');
  const shape = insertShape(known, op, env);
  if (shape.needsSequence) throw notSupported('an INSERT whose rows need sequence ids (the router generates them)', 'Insert');
  const primary = op.vindexValues[0];
  if (primary === undefined) throw notSupported('an INSERT without a primary vindex', 'Insert');
  const vindex = shape.vindex ?? vindexOf(env, ks, primary.vindex, 'Insert');
  const rowCount = op.queryParts.rows.length;
  const impl = vindex.impl!;
  // A single-column primary vindex: its values, evaluated once (they are also its `:_col_r` binds).
  let primaryValues: SqlValue[] | null = null;
  if (primary.columns.length === 1) {
    const column = shape.primaryColumn ?? primary.columns[0]!;
    primaryValues = new Array<SqlValue>(rowCount);
    for (let r = 0; r < rowCount; r++) primaryValues[r] = evalSingle(column[r]!, binds);
  }
  // Every shard reads the caller's binds plus each row's vindex columns as `:_col_r` (every
  // vindex's columns, as the planner wrote them).
  const record = bindRecord(binds) as Record<string, BindVariable>;
  for (const { values, names, primary: isPrimary } of shape.columns) {
    for (let r = 0; r < rowCount; r++) {
      const value = values[r];
      if (value !== undefined) record[names[r]!] = isPrimary && primaryValues !== null ? primaryValues[r]! : evalSingle(value, binds);
    }
  }
  // Functional vindexes map every row at once, synchronously; a lookup primary vindex asks its port.
  if (impl.kind === 'single' && primaryValues !== null) {
    return fastInsertQueries(op, shape, shards, record, primaryValues, impl) ?? insertQueries(op, shape, shards, record, impl.map(primaryValues));
  }
  const rows = Array.from({ length: rowCount }, (_, r) => primary.columns.map((col) => evalSingle(col[r]!, binds)));
  if (impl.kind === 'multi') return insertQueries(op, shape, shards, record, impl.mapRows(rows));
  return Promise.all(rows.map((row) => mapRow(vindex, row, env).then((d) => d[0]!))).then((dests) => insertQueries(op, shape, shards, record, dests));
}

/** What routing an INSERT plan needs besides its values, worked out once per plan. */
interface InsertShape {
  /** The VSchema it was worked out for. */
  readonly vschema: VSchema;
  /** Each vindex column: its value per row, the `:_col_r` bind name per row, and whether it is the single column of the primary vindex. */
  readonly columns: readonly { readonly values: readonly PlanValue[]; readonly names: readonly string[]; readonly primary: boolean }[];
  /** The primary vindex's single column's values per row (columns' plain copy), if it has one column. */
  readonly primaryColumn: readonly PlanValue[] | null;
  /** A row's auto-increment column is NULL: the router must generate a sequence id first. */
  readonly needsSequence: boolean;
  /** The primary vindex (null when it cannot be used: vindexOf then reports why, every time). */
  readonly vindex: Vindex | null;
  /** The statement text for a subset of the rows (bit r = row r), for the subsets seen so far. */
  readonly subsets: Map<number, string>;
}

/** Row subsets whose text is remembered per plan (at most this many; INSERTs of up to MASK_ROWS rows). */
const MAX_SUBSETS = 64;

function insertShape(known: Lookups, op: Insert, env: RoutingEnv): InsertShape {
  if (known.insert !== null && known.insert.vschema === env.vschema) return known.insert;
  const table = env.vschema.keyspaces.get(op.keyspace.name)?.tables.get(op.table);
  const rowCount = op.queryParts?.rows.length ?? 0;
  const columns = op.vindexValues.flatMap((vv, v) => {
    const cv = table?.columnVindexes.find((c) => c.name === vv.vindex);
    return (cv?.columns ?? []).map((name, i) => {
      const prefix = `_${name.replace(/[^A-Za-z0-9_]+/g, '_')}_`;
      // A plain copy of the plan's (frozen) array: reading it is cheaper on every route.
      const values = [...(vv.columns[i] ?? [])];
      return { values, names: Array.from({ length: rowCount }, (_, r) => `${prefix}${r}`), primary: v === 0 && i === 0 && vv.columns.length === 1 };
    });
  });
  const needsSequence = op.autoIncrement?.values.some((v) => v.kind === 'literal' && v.literal.type === 'null') ?? false;
  const found = env.vschema.keyspaces.get(op.keyspace.name)?.vindexes.get(op.vindexValues[0]?.vindex ?? '')?.vindex;
  const vindex = found?.impl ? found : null;
  const primaryColumn = columns.find((c) => c.primary)?.values ?? null;
  const shape: InsertShape = { vschema: env.vschema, columns, primaryColumn, needsSequence, vindex, subsets: new Map() };
  known.insert = shape;
  return shape;
}

/** Groups an INSERT's rows by the shard of each row's destination; each shard gets only its rows. */
function insertQueries(op: Insert, shape: InsertShape, shards: ShardIndex, bindVars: Readonly<Record<string, BindVariable>>, dests: readonly Destination[]): ShardQuery[] {
  const ks = op.keyspace.name;
  const rowShards = new Array<number>(dests.length);
  for (let r = 0; r < dests.length; r++) {
    const dest = dests[r];
    if (dest?.kind !== 'keyspaceId') {
      throw new RoutingError('ROUTING_VALUE_UNMAPPED', `INSERT row ${r + 1}: the ${op.vindexValues[0]!.vindex} value maps to no single shard`, {
        details: { keyspace: ks, vindex: op.vindexValues[0]!.vindex, row: r },
      });
    }
    rowShards[r] = shardIndexFor(shards, dest.keyspaceId);
  }
  return rowsPerShard(op, shape, shards, bindVars, rowShards);
}

/** insertQueries through fastShard, or null when a row needs map() (which also reports unmapped rows). */
function fastInsertQueries(
  op: Insert, shape: InsertShape, shards: ShardIndex, bindVars: Readonly<Record<string, BindVariable>>, values: readonly SqlValue[], impl: SingleColumnImpl,
): ShardQuery[] | null {
  if (impl.keyspaceIdFirstByte === undefined) return null;
  const rowShards = new Array<number>(values.length);
  for (let r = 0; r < values.length; r++) {
    const shard = fastShard(impl, shards, values[r]!);
    if (shard < 0) return null;
    rowShards[r] = shard;
  }
  return rowsPerShard(op, shape, shards, bindVars, rowShards);
}

/** Rows of more than this many rows are grouped in arrays; fewer, as a bit mask per shard. */
const MASK_ROWS = 30;

/** One INSERT per shard that has rows (rowShards[r]: row r's shard), in shard order, with only its rows. */
function rowsPerShard(
  op: Insert, shape: InsertShape, shards: ShardIndex, bindVars: Readonly<Record<string, BindVariable>>, rowShards: readonly number[],
): ShardQuery[] {
  const ks = op.keyspace.name;
  const out: ShardQuery[] = [];
  const n = rowShards.length;
  if (n > MASK_ROWS) {
    const byShard = new Array<number[] | undefined>(shards.names.length);
    for (let r = 0; r < n; r++) (byShard[rowShards[r]!] ??= []).push(r);
    for (let s = 0; s < byShard.length; s++) {
      const rows = byShard[s];
      if (rows !== undefined) out.push(shardQuery(ks, shards.names[s]!, rows.length === n ? op.query : insertWithRows(op, rows)!, bindVars));
    }
    return out;
  }
  const masks = new Array<number>(shards.names.length);
  for (let s = 0; s < masks.length; s++) masks[s] = 0;
  for (let r = 0; r < n; r++) {
    const s = rowShards[r]!;
    masks[s] = masks[s]! | (1 << r);
  }
  const all = (1 << n) - 1; // n <= MASK_ROWS = 30
  for (let s = 0; s < masks.length; s++) {
    const mask = masks[s]!;
    if (mask !== 0) out.push(shardQuery(ks, shards.names[s]!, mask === all ? op.query : maskText(op, shape, mask), bindVars));
  }
  return out;
}

/** The INSERT with only the rows of mask (bit r = row r), remembered per mask. */
function maskText(op: Insert, shape: InsertShape, mask: number): string {
  let text = shape.subsets.get(mask);
  if (text === undefined) {
    const rows: number[] = [];
    for (let r = 0; r < MASK_ROWS; r++) if ((mask & (1 << r)) !== 0) rows.push(r);
    text = insertWithRows(op, rows)!;
    if (shape.subsets.size < MAX_SUBSETS) shape.subsets.set(mask, text);
  }
  return text;
}
