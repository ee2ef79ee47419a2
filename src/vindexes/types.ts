/**
 * The Vindex contract. Properties decide whether a vindex may be primary, which vindex routes
 * (cost) and what DML must maintain; `impl` holds the mapping functions. A custom type may be
 * declared with properties only (impl null): a VSchema using it validates and plans, and
 * routing through it fails with a clear error.
 */
import type { KeyRange } from '../keyrange/key-range.js';
import type { SqlValue } from './value.js';

export type VindexKind = 'functional' | 'lookup';

/** Vindex params as the VSchema gives them: every value is a string, as in Vitess. */
export type VindexParams = Readonly<Record<string, string>>;

export interface VindexProperties {
  /** Planner priority; lower is preferred (0 = the value is the keyspace id, 1 = computed, >= 2 = lookup). */
  readonly cost: number;
  /** Each value maps to at most one keyspace id; the primary vindex of a table must be unique. */
  readonly unique: boolean;
  /** functional: computed from the value; lookup: read from a backing table (NeedsVCursor in Vitess). */
  readonly kind: VindexKind;
  /** `reverseMap(keyspaceId) -> value` exists (used to fill vindex columns on insert). */
  readonly reversible: boolean;
  /** Exposes a pure Hash(value) -> keyspace id (multicol columns, numeric_static_map fallback). */
  readonly hashing: boolean;
  /** Supports rangeMap for BETWEEN (binary, numeric). */
  readonly sequential: boolean;
  /** Has a LIKE-prefix mode (cfc). */
  readonly prefixable: boolean;
  /** Maps tuples of several columns. */
  readonly multiColumn: boolean;
  /** For multi-column vindexes: a leading subset of the columns can route (to a key range). */
  readonly partial: boolean;
  /** Backed by a lookup table that must exist in some keyspace. */
  readonly needsBackingTable: boolean;
  /** A lookup vindex whose lookup SELECT can be planned (VindexLookup in front of the route). */
  readonly lookupPlanable: boolean;
  /** write_only=true: still being backfilled; the planner must not route with it. */
  readonly backfilling: boolean;
  /** Receives the owner table's columns (consistent lookups). */
  readonly wantsOwnerInfo: boolean;
}

/** A vindex instance, created from one entry of a keyspace's `vindexes` map. */
export interface Vindex extends VindexProperties {
  /** The key in the VSchema `vindexes` map. */
  readonly name: string;
  /** The registered type name. */
  readonly type: string;
  readonly params: VindexParams;
  /**
   * Params this type does not know, sorted ascending. Vitess reports them as warnings
   * (`unknown vindex params: ...`) and fails only in strict mode.
   */
  readonly unknownParams: readonly string[];
  /** The mapping functions; null for a custom type declared with properties only. */
  readonly impl: VindexImpl | null;
}

/** Where a value routes (Vitess key.Destination). */
export type Destination =
  | { readonly kind: 'keyspaceId'; readonly keyspaceId: Uint8Array }
  | { readonly kind: 'keyspaceIds'; readonly keyspaceIds: readonly Uint8Array[] }
  | { readonly kind: 'keyRange'; readonly keyRange: KeyRange }
  | { readonly kind: 'allShards' }
  /** The value routes nowhere (not an error: e.g. `hash` of a non-numeric string). */
  | { readonly kind: 'none' };

export type VindexImpl = SingleColumnImpl | MultiColumnImpl | LookupImpl;

/** A functional vindex over one column: synchronous, so a cached plan routes with no I/O. */
export interface SingleColumnImpl {
  readonly kind: 'single';
  /** One destination per value; throws a VindexError where Vitess's Map returns an error. */
  map(values: readonly SqlValue[]): Destination[];
  verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[];
  /** Hashing vindexes: value → keyspace id bytes (multicol columns, numeric_static_map fallback). */
  readonly hash?: (value: SqlValue) => Uint8Array;
  /** Reversible vindexes: keyspace id → the value that maps to it. */
  readonly reverseMap?: (keyspaceIds: readonly Uint8Array[]) => SqlValue[];
  /** Sequential vindexes (binary, numeric): BETWEEN start AND end → one key range. */
  readonly rangeMap?: (start: SqlValue, end: SqlValue) => Destination;
  /** Prefixable vindexes (cfc): LIKE patterns → key ranges. */
  readonly prefixMap?: (patterns: readonly SqlValue[]) => Destination[];
  /**
   * Optional, for the routing hot path: the first byte of the keyspace id map() gives one value,
   * or -1 when map() gives it anything but a keyspace id of at least one byte. Allocates nothing:
   * where shards split at whole bytes, that byte alone names the shard.
   */
  readonly keyspaceIdFirstByte?: (value: SqlValue) => number;
}

/** A functional vindex over several columns; a row may hold only the leading columns (partial). */
export interface MultiColumnImpl {
  readonly kind: 'multi';
  mapRows(rows: readonly (readonly SqlValue[])[]): Destination[];
  verifyRows(rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[]): boolean[];
}

/** When a lookup statement runs relative to the main transaction (Vitess CommitOrder). */
export type CommitOrder = 'normal' | 'pre' | 'post' | 'autocommit';

/**
 * One row of a list of rows (`(a, b) in ::dml_vals`): Vitess binds a TUPLE whose values are
 * tuples themselves when a DML with input selects a primary key of several columns.
 */
export interface RowTuple {
  readonly type: 'ROW_TUPLE';
  readonly values: readonly SqlValue[];
}

/** A value, or a list (`::name`) of values or of row tuples. */
export type BindVariable = SqlValue | { readonly type: 'TUPLE'; readonly values: readonly (SqlValue | RowTuple)[] };

/** One statement a lookup vindex needs run against its backing table. */
export interface LookupQuery {
  /** SQL with Vitess bind placeholders (`:name`, `::name` for a tuple), exactly as Vitess builds it. */
  readonly sql: string;
  readonly bindVars: Readonly<Record<string, BindVariable>>;
  readonly commitOrder: CommitOrder;
  /** Roll the whole transaction back when this statement fails (Vitess rollbackOnError). */
  readonly rollbackOnError: boolean;
  /**
   * Run on the shard that holds this keyspace id of the owner table's keyspace, in the main
   * transaction (consistent lookups lock the owner row this way: Vitess ExecuteKeyspaceID).
   */
  readonly keyspaceId?: Uint8Array;
  /** With `keyspaceId`: the owner table's keyspace (the one given to `setOwnerInfo`). */
  readonly keyspace?: string;
}

export interface LookupResult {
  readonly rows: readonly (readonly SqlValue[])[];
  readonly rowsAffected: number;
}

/**
 * What a lookup vindex needs from the executor (Vitess's VCursor, reduced): run a statement
 * in the lookup table's keyspace, and say what kind of statement is being executed.
 */
export interface LookupPort {
  execute(query: LookupQuery): Promise<LookupResult>;
  /** True inside a transaction whose current statement is DML: lookup SELECTs then lock rows. */
  readonly inDmlTransaction: boolean;
  /** The statement being executed; consistent lookups read with POST order during UPDATE/DELETE. */
  readonly statement: 'select' | 'insert' | 'update' | 'delete' | 'other';
  /**
   * NULL-safe equality under the connection's collation (Vitess evalengine.NullsafeCompare with
   * ConnCollation). Consistent lookups skip an Update whose old and new values are all equal.
   * Default: a built-in approximation of MySQL's comparison with utf8mb4_0900_ai_ci.
   */
  readonly nullSafeEqual?: (a: SqlValue, b: SqlValue) => boolean;
}

export interface LookupImpl {
  readonly kind: 'lookup';
  map(port: LookupPort, values: readonly SqlValue[]): Promise<Destination[]>;
  verify(port: LookupPort, values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): Promise<boolean[]>;
  /** Inserts lookup rows (from-column values per row) pointing at each row's keyspace id. */
  create(port: LookupPort, rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[], options: { readonly ignoreMode: boolean }): Promise<void>;
  delete(port: LookupPort, rows: readonly (readonly SqlValue[])[], keyspaceId: Uint8Array): Promise<void>;
  update(port: LookupPort, oldValues: readonly SqlValue[], keyspaceId: Uint8Array, newValues: readonly SqlValue[]): Promise<void>;
  /**
   * LookupPlanable vindexes: the SELECT the planner puts in front of the route (VindexLookup).
   * `allowBatch` (batch_lookup) batches every id in one `in ::f1` query (integral ids always
   * are); `commitOrder` is how to run it (Vitess GetCommitOrder, AUTOCOMMIT when autocommit).
   */
  readonly planQuery?: () => {
    readonly sql: string;
    readonly fromColumn: string;
    readonly allowBatch?: boolean;
    readonly commitOrder?: CommitOrder;
  };
  /**
   * LookupPlanable vindexes: destinations from the planned SELECT's rows (Vitess MapResult).
   * `results[i]` holds the rows found for `values[i]`, each row reduced to the to-column.
   */
  readonly mapResult?: (values: readonly SqlValue[], results: readonly (readonly (readonly SqlValue[])[])[]) => Destination[];
  /** Consistent lookups are told the owner table's keyspace, name and columns. */
  readonly setOwnerInfo?: (keyspace: string, table: string, columns: readonly string[]) => void;
}

/**
 * Creates a vindex instance. Throws a VindexError (code VINDEX_PARAM_INVALID) for params
 * the type cannot accept; unknown params are not errors, they go to `unknownParams`.
 */
export type VindexFactory = (name: string, params: VindexParams) => Vindex;
