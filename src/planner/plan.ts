/**
 * The plan model: immutable, kind-tagged operator nodes named exactly as Vitess's `vexplain plan`
 * names them (OperatorType), so explain output reads like Vitess's and the router executes what
 * it shows. A plan says which keyspace and shards receive which SQL (Route, Insert, Update,
 * Delete, Send), how a lookup vindex is consulted first (VindexLookup), and what vtgate does
 * with the rows (Join, Limit, ... as they are added).
 */
import type {
  Aggregate,
  CalcFoundRows,
  Concatenate,
  Distinct,
  Filter,
  Join,
  Limit,
  Projection,
  RecurseCte,
  SemiJoin,
  Rows,
  SimpleProjection,
  SingleRow,
  Sort,
  SortKey,
  UncorrelatedSubquery,
  VtgateOp,
} from './plan-vtgate.js';
import type { SessionEffect } from './session/state.js';
import type { PlanValue } from './values.js';

/** Vitess's routing opcodes (engine.Opcode), spelled as vexplain prints them. */
export type RouteVariant =
  | 'EqualUnique'
  | 'Equal'
  | 'IN'
  | 'MultiEqual'
  | 'Between'
  | 'SubShard'
  | 'Scatter'
  | 'Unsharded'
  | 'Reference'
  | 'None'
  | 'ByDestination'
  | 'DBA'
  | 'Next';

export interface KeyspaceRef {
  readonly name: string;
  readonly sharded: boolean;
}

/**
 * Where an opcode's rows are merge-sorted across shards (Route OrderBy): column offset in the
 * shard query's result, offset of the weight_string column compared instead (-1 when the column
 * itself is compared), direction, and collation of text.
 */
export interface OrderByParam extends SortKey {
  /** As vexplain prints it, e.g. `0 ASC`, `(1|3) DESC` or `1 ASC COLLATE latin1_swedish_ci`. */
  readonly text: string;
}

export interface Route {
  readonly kind: 'Route';
  readonly variant: RouteVariant;
  readonly keyspace: KeyspaceRef;
  /** The vindex that routes the statement; null for variants that use none. */
  readonly vindex: string | null;
  /** One entry per vindex column (Vitess's Values). */
  readonly values: readonly PlanValue[];
  /** The SQL each shard receives: keyspace qualifiers removed, `in (...)` on the routing vindex turned into `::__vals`. */
  readonly query: string;
  /** The `where 1 != 1` query vtgate runs to learn the result columns when the route reaches no shard; null where there is none. */
  readonly fieldQuery: string | null;
  /**
   * The query yields a row even when no table row matches (a scalar aggregate, also inside a
   * derived table): a route that reaches no shard still runs on one (Vitess's NoRoutesSpecialHandling).
   */
  readonly answersWithoutRows: boolean;
  /** A Vitess key.Destination text for ByDestination routes outside a VindexLookup (e.g. `Shard(-80)`). */
  readonly targetDestination: string | null;
  /** DBA routes: the schema values (`['user']`) and named table values (`[t:'foo']`) Vitess routes with. */
  readonly sysTableSchema: string | null;
  readonly sysTableName: string | null;
  /** DBA routes: the same values, to route with (absent on other routes). */
  readonly dba?: DbaValues;
  readonly orderBy: readonly OrderByParam[];
  /** The physical table (routing rules applied) when the route reads one table. */
  readonly table: string | null;
  /** The shard query selects helper columns (sort keys) past this many: vtgate drops them. */
  readonly resultColumns: number | null;
}

/**
 * What a DBA route routes with: the values compared with a schema column (sent as
 * `:__vtschemaname`) and with a table-name column (sent as the bind variable named with it).
 */
export interface DbaValues {
  readonly schemas: readonly PlanValue[];
  readonly tableNames: readonly (readonly [string, PlanValue])[];
}

/**
 * A lookup vindex consulted before the route: `lookup` reads the lookup table (a Route of its
 * own), and `route` is then sent ByDestination to the keyspace ids it returned.
 */
export interface VindexLookup {
  readonly kind: 'VindexLookup';
  readonly variant: RouteVariant;
  readonly keyspace: KeyspaceRef;
  readonly vindex: string;
  readonly values: readonly PlanValue[];
  readonly lookup: Route;
  readonly route: Route;
}

export type InsertVariant = 'Sharded' | 'Unsharded' | 'Select';

export interface AutoIncrementPlan {
  /** The sequence table, keyspace-qualified. */
  readonly sequence: string;
  readonly keyspace: KeyspaceRef;
  /** The values given for the auto-increment column, one per row (null where none was given). */
  readonly values: readonly PlanValue[];
  /** For INSERT ... SELECT: the column offset the value comes from. */
  readonly offset: number | null;
}

/** An INSERT's shard query split around its VALUES rows: query = prefix + rows.join(', ') + suffix. */
export interface InsertQueryParts {
  readonly prefix: string;
  /** One `(...)` per row, in order; row r reads the binds `:_col_r` / `:__seqr`. */
  readonly rows: readonly string[];
  /** ON DUPLICATE KEY UPDATE ..., or ''. */
  readonly suffix: string;
}

export interface Insert {
  readonly kind: 'Insert';
  readonly variant: InsertVariant;
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  readonly query: string;
  /** The query around its VALUES rows; null for INSERT ... SELECT and a statement without rows. */
  readonly queryParts: InsertQueryParts | null;
  /** vindex name → per vindex column, per row, the value that routes/creates it (Sharded only). */
  readonly vindexValues: readonly { readonly vindex: string; readonly columns: readonly (readonly PlanValue[])[] }[];
  readonly autoIncrement: AutoIncrementPlan | null;
  /** INSERT IGNORE, and ON DUPLICATE KEY UPDATE (Vitess treats both as ignore for lookups). */
  readonly ignore: boolean;
  /** INSERT ... SELECT (variant Select): the SELECT's plan, and per vindex the column offsets of its values (-1: absent). */
  readonly input: Operator | null;
  readonly vindexOffsets: readonly { readonly vindex: string; readonly offsets: readonly number[] }[];
}

export type DmlVariant = RouteVariant;

export interface DmlCommon {
  readonly variant: DmlVariant;
  readonly keyspace: KeyspaceRef;
  readonly vindex: string | null;
  readonly values: readonly PlanValue[];
  readonly query: string;
  /** Single-table DML: the physical table; null for multi-table DML. */
  readonly table: string | null;
  readonly targetDestination: string | null;
  /** Owned lookup maintenance: the primary vindex, and the SELECT ... FOR UPDATE that fetches old values. */
  readonly ksidVindex: string | null;
  readonly ksidLength: number;
  readonly ownedVindexQuery: string | null;
  /**
   * The table whose owned lookup vindexes the statement maintains, multi-table DML included
   * (`table` is null there, as Vitess prints no Table); null without owned vindexes.
   */
  readonly ownerTable?: string | null;
}

export interface Update extends DmlCommon {
  readonly kind: 'Update';
  /** `vindex:offset` of every owned vindex whose columns the statement changes (Vitess ChangedVindexValues). */
  readonly changedVindexes: readonly { readonly vindex: string; readonly offset: number }[];
}

export interface Delete extends DmlCommon {
  readonly kind: 'Delete';
}

/** A statement sent as is to a target the session chose (shard-targeted sessions, bypass). */
export interface Send {
  readonly kind: 'Send';
  readonly keyspace: KeyspaceRef;
  readonly targetDestination: string;
  readonly query: string;
  readonly isDml: boolean;
  readonly singleShardOnly: boolean;
  /** The query reads the shard's name from the `:__vt_shard` bind variable (SHOW GLOBAL GTID_EXECUTED). */
  readonly shardNameNeeded?: boolean;
}

/** The columns a vindex exposes when selected from as a table, in Vitess's order. */
export const VINDEX_FUNC_COLUMNS = Object.freeze(['id', 'keyspace_id', 'range_start', 'range_end', 'hex_keyspace_id', 'shard'] as const);

/**
 * `select ... from some_vindex where id = v` (or `id in (...)`): vtgate maps the values through the
 * vindex itself and returns, per value, its keyspace id, key range and shard (Vitess's VindexFunc).
 */
export interface VindexFunc {
  readonly kind: 'VindexFunc';
  readonly variant: 'VindexMap';
  /** The keyspace that declares the vindex. */
  readonly keyspace: KeyspaceRef;
  readonly vindex: string;
  /** The id value, a tuple of them, or a list bind variable. */
  readonly value: PlanValue;
  /** The output columns, as offsets into VINDEX_FUNC_COLUMNS. */
  readonly columns: readonly number[];
}

/**
 * Managed foreign keys (Vitess FkCascade): `selection` reads, with a lock, the parent columns of
 * the rows about to change; each child statement then runs once with those rows bound as the
 * list `::bvName` (row tuples of the columns at `cols`); `parent` finally runs the statement itself.
 */
export interface FkCascade {
  readonly kind: 'FkCascade';
  readonly selection: Operator;
  readonly children: readonly FkChild[];
  readonly parent: Operator;
}

export interface FkChild {
  /** The list bind variable the child statement reads the selected rows from (`fkc_vals`, `fkc_vals1`, ...). */
  readonly bvName: string;
  /** Offsets, in the selection's rows, of the parent columns of the key (in the key's column order). */
  readonly cols: readonly number[];
  /** Set when a key column is updated to an expression: where the selection computed it, and its bind variable. */
  readonly nonLiteral: readonly NonLiteralUpdateInfo[];
  readonly exec: Operator;
}

/**
 * For `update t set col = <expression>`: the selection carries `col <=> expr` at `compExprCol`
 * (rows where it is true keep their children) and the new value at `updateExprCol`, passed to
 * the child statement as `:updateExprBvName`.
 */
export interface NonLiteralUpdateInfo {
  readonly compExprCol: number;
  readonly updateExprCol: number;
  readonly updateExprBvName: string;
}

/**
 * Vitess FkVerify: each verification query must return no row (a parent row is missing for the
 * new values: `VerifyParent`; a restricting child row still exists: `VerifyChild`), then `exec` runs.
 */
export interface FkVerify {
  readonly kind: 'FkVerify';
  readonly verify: readonly { readonly type: 'VerifyParent' | 'VerifyChild'; readonly exec: Operator }[];
  readonly exec: Operator;
}

/**
 * Vitess DMLWithInput: `source` selects the primary keys of the rows to change (joins, LIMIT,
 * ORDER BY applied by vtgate where needed); each DML then runs with, per row, the columns at
 * `offsets[i]` bound as the list `::dml_vals` (and, for an UPDATE whose SET reads other
 * tables, the columns at `bindVars[i]` bound by name).
 */
export interface DmlWithInput {
  readonly kind: 'DMLWithInput';
  readonly source: Operator;
  readonly dml: readonly Operator[];
  readonly offsets: readonly (readonly number[])[];
  readonly bindVars: readonly Readonly<Record<string, number>>[];
}

/** Vitess Sequential: the inputs run one after the other (REPLACE with managed foreign keys: delete, then insert). */
export interface Sequential {
  readonly kind: 'Sequential';
  readonly inputs: readonly Operator[];
}

/**
 * Vitess Upsert (INSERT ... ON DUPLICATE KEY UPDATE with managed foreign keys): per row, the
 * insert runs; if it hits a duplicate key, the update (with its cascades) runs instead.
 */
export interface Upsert {
  readonly kind: 'Upsert';
  readonly pairs: readonly { readonly insert: Operator; readonly update: Operator }[];
}

export type {
  Aggregate,
  AggregateParam,
  CalcFoundRows,
  CompareColumn,
  Concatenate,
  Distinct,
  Filter,
  Join,
  Limit,
  ProjectedExpr,
  Projection,
  RecurseCte,
  Rows,
  SimpleProjection,
  SingleRow,
  Sort,
  SortKey,
  UncorrelatedSubquery,
  VtgateOp,
} from './plan-vtgate.js';

export type Operator =
  | Route
  | VindexLookup
  | Insert
  | Update
  | Delete
  | Send
  | Aggregate
  | Filter
  | Sort
  | Limit
  | Distinct
  | SimpleProjection
  | Projection
  | Join
  | SemiJoin
  | RecurseCte
  | UncorrelatedSubquery
  | VtgateOp
  | Concatenate
  | SingleRow
  | FkCascade
  | FkVerify
  | DmlWithInput
  | Sequential
  | Upsert
  | Rows
  | VindexFunc
  | CalcFoundRows;

/** Vitess's PlanType: how many shards and operations a plan involves. */
export type PlanType = 'Passthrough' | 'Scatter' | 'MultiShard' | 'Lookup' | 'Join' | 'Complex' | 'Local' | 'DirectDDL' | 'ForeignKey' | 'Topology';

export interface Plan {
  readonly type: PlanType;
  /** SELECT, INSERT, UPDATE, DELETE, ... (Vitess's QueryType). */
  readonly queryType: string;
  readonly original: string;
  /** null for statements with nothing to execute (BEGIN, COMMIT, ...). */
  readonly instructions: Operator | null;
  /** `keyspace.table`, sorted, without duplicates. */
  readonly tablesUsed: readonly string[];
  /** PREPARE / DEALLOCATE PREPARE: the change running the plan makes to the session. */
  readonly sessionEffect?: SessionEffect;
}

/** An INSERT's statement with only the given rows (by index): each shard is sent its own rows. */
export function insertWithRows(op: Insert, rows: readonly number[]): string | null {
  const parts = op.queryParts;
  if (parts === null) return null;
  if (rows.length === parts.rows.length) return op.query;
  return `${parts.prefix}${rows.map((r) => parts.rows[r]).join(', ')}${parts.suffix}`;
}

/** The children of an operator, in the order vexplain prints them as Inputs. */
export function inputsOf(op: Operator): readonly Operator[] {
  switch (op.kind) {
    case 'VindexLookup':
      return [op.lookup, op.route];
    case 'Join':
    case 'SemiJoin':
      return [op.left, op.right];
    case 'UncorrelatedSubquery':
      return [op.subquery, op.outer];
    case 'RecurseCTE':
      return [op.seed, op.term];
    case 'Vtgate':
    case 'Concatenate':
      return op.inputs;
    case 'SQL_CALC_FOUND_ROWS':
      return [op.limit, op.count];
    case 'Aggregate':
    case 'Filter':
    case 'Sort':
    case 'Limit':
    case 'Distinct':
    case 'SimpleProjection':
    case 'Projection':
      return [op.input];
    case 'Insert':
      return op.input ? [op.input] : [];
    case 'FkCascade':
      return [op.selection, ...op.children.map((c) => c.exec), op.parent];
    case 'FkVerify':
      return [...op.verify.map((v) => v.exec), op.exec];
    case 'DMLWithInput':
      return [op.source, ...op.dml];
    case 'Sequential':
      return op.inputs;
    case 'Upsert':
      return op.pairs.flatMap((p) => [p.insert, p.update]);
    case 'Route':
    case 'Update':
    case 'Delete':
    case 'Send':
    case 'SingleRow':
    case 'Rows':
    case 'VindexFunc':
      return [];
  }
}
