/**
 * vschema-router: Vitess's VSchema sharding model in a Node process.
 * Explicit named exports only; everything here is public API.
 */

export {
  VSchemaRouterError,
  VSchemaError,
  KeyRangeError,
  TopologyError,
  TargetError,
  TableResolutionError,
  VindexError,
  formatProblem,
  type Problem,
  type ErrorDetails,
  type ErrorOptions,
} from './errors.js';

// VSchema: load, validate, resolve tables
export { loadVSchema, type LoadOptions } from './vschema/load.js';
export { buildVSchema, type BuildOptions } from './vschema/build.js';
export { withTrackedColumns, type TrackedTable } from './vschema/tracked-columns.js';
export { resolveTable, findTable, type TableRef, type ResolvedTable } from './vschema/resolve.js';
export { parseTarget, parseTabletType, formatTarget, type Target, type TargetDestination } from './vschema/target.js';
export type {
  VSchema,
  Keyspace,
  KeyspaceVindex,
  Table,
  TableKind,
  ColumnVindex,
  Column,
  AutoIncrement,
  RoutingRule,
  MirrorRule,
  GlobalTable,
  MultiTenant,
  QualifiedName,
  TabletType,
} from './vschema/model.js';
export type * from './vschema/spec-types.js';

// Planner: SQL → route plan, and Vitess's vexplain plan JSON
export { Planner, type PlanOptions, type PrepareOptions, type PlannerOptions } from './planner/planner.js';
export type { PreparedStatement, CallerValues } from './planner/prepare.js';
export type { PlanCacheOptions, PlanCacheStats } from './planner/plan-cache.js';
export { explainPlan, type ExplainJson } from './planner/explain.js';
export { PlannerError } from './planner/errors.js';
export type { Plan, PlanType, Operator, Route, RouteVariant, VindexLookup, Insert, Update, Delete, Send, KeyspaceRef } from './planner/plan.js';
// Router: plans executed on the user's mysql2 pools, behind a pool-shaped object
export { createRouter, Router, RouterConnection, type RouterOptions } from './router/router.js';
export { RouterStream } from './router/stream.js';
export type { ShardWarning } from './router/run.js';
export { RouterError } from './router/errors.js';
export type { TransactionMode } from './router/core.js';
export type { RouterResultHeader } from './router/results.js';
export { createShardPools, type ShardPools, type ShardPoolsSpec, type TabletPools } from './executor/shard-pools.js';
export { trackSchema, type TrackedSchema } from './executor/schema-tracking.js';
export { shardPoolsFromUrls, type ShardUrlsSpec, type ShardUrls, type ShardPoolsFromUrlsOptions } from './executor/from-urls.js';
export { ExecutorError, ShardError, SequenceError, type ShardErrorCode, type MysqlErrorInfo } from './executor/errors.js';
export { routePlan, routePrepared, shardsFor, RoutingError, type ShardQuery, type RoutingEnv, type RoutingBindVars } from './routing/route.js';
export { parseSql } from './sql/parse.js';
export { printSql } from './sql/print.js';
export { SqlSyntaxError } from './sql/errors.js';

// Vindexes: the registry the caller owns
export { VindexRegistry, type VindexRegistryOptions } from './vindexes/registry.js';
export { defineVindexType, type VindexTypeSpec, type VindexPropertyOverrides } from './vindexes/define.js';
export type { VindexParamContext } from './vindexes/params.js';
export type {
  Vindex,
  VindexFactory,
  VindexKind,
  VindexParams,
  VindexProperties,
  VindexImpl,
  SingleColumnImpl,
  MultiColumnImpl,
  LookupImpl,
  Destination,
  LookupPort,
  LookupQuery,
  LookupResult,
  BindVariable,
  CommitOrder,
} from './vindexes/types.js';
export { sqlValue, textValue, bytesValue, valueText, isNull, NULL_VALUE, type SqlValue, type SqlType, type JsValue } from './vindexes/value.js';
export { vindexesReady } from './vindexes/crypto/xxhash64.js';

// Key ranges, shard names and topology
export {
  bytesToHex,
  hexToBytes,
  normalizeKeyspaceId,
  compareKeyspaceIds,
  keyspaceIdsEqual,
  uint64Key,
  type KeyspaceId,
} from './keyrange/keyspace-id.js';
export {
  parseKeyRange,
  keyRangeString,
  keyRangeContains,
  keyRangeIntersect,
  keyRangeContainsKeyRange,
  keyRangeIsComplete,
  keyRangeEqual,
  keyRangeCompare,
  keyRangeAdd,
  keyRangeContiguous,
  COMPLETE_KEY_RANGE,
  type KeyRange,
} from './keyrange/key-range.js';
export { parseShardName, parseShardingSpec, isValidKeyRange, evenShardsKeyRange, generateShardRanges, type ParsedShardName } from './keyrange/shard-name.js';
export { resolveKeyspaceId, resolveKeyspaceIds, resolveKeyRange, resolveExactKeyRange, type ShardRef } from './keyrange/destination.js';
export { createShardMap, type ShardMap, type ShardMapOptions } from './topology/shard-map.js';
export { createTopology, evenShardNames, type Topology, type TopologySpec } from './topology/topology.js';
