/**
 * The operators vtgate itself runs over the routes' rows (Vitess engine primitives, named as
 * vexplain names them): merging partial aggregates, filtering, sorting, limiting, projecting,
 * joining routes, running a subquery first, and the statements vtgate carries out alone.
 *
 * Executable contract: every operator says what it does in values an engine runs as they are,
 * without re-parsing printed SQL or matching column names.
 * - Rows are arrays; an operator's output layout is stated per operator below. Column offsets
 *   are 0-based into the rows of the operator's input (for a Join: into the left or right rows).
 * - Expressions vtgate evaluates (Filter.expr, Projection.exprs) are `Expr` trees in which every
 *   input column is an `offset` node (`{kind:'offset', index, name}`); no `column` or
 *   `aggregate` node is left in them. Bind variables stay `bind` nodes, read from the query's
 *   bind variables plus those bound at run time: join variables (Join.vars, SemiJoin.vars) for the
 *   right-hand side, and the pulled-out subquery results (UncorrelatedSubquery.vars). The
 *   printed forms (Filter.predicate, Projection.expressions) are for explain only, printed as
 *   Vitess's vexplain prints them.
 * - Operators that drop trailing helper columns (weight strings, columns only a sort or a
 *   filter reads) say so in `resultColumns`: after its work the operator keeps that many columns.
 * - Limit.count / offset are PlanValues (literal or bind variable).
 */
import type { Expr } from '../sql/ast.js';
import type { Operator } from './plan.js';
import type { PlanValue } from './values.js';

/** One aggregate vtgate computes over the shards' partial results (Vitess's AggregateParams). */
export interface AggregateParam {
  /** Vitess's opcode: sum_count_star, sum_count, sum, min, max, any_value, ... */
  readonly opcode: string;
  /** Column offset of the partial result in the input rows. */
  readonly col: number;
  /** The expression as the user wrote it (the result column's name). */
  readonly alias: string;
  /** MIN/MAX and DISTINCT aggregates: the offset of the argument's weight_string, -1 when values compare as they are. */
  readonly weightStringCol: number;
  /** Text compared in this collation ('' for a MySQL collation vtgate lacks), null for other values. */
  readonly collation: string | null;
}

/**
 * A value vtgate compares across rows (Vitess's CheckCol / GroupByParams): its offset, the offset
 * of its `weight_string(...)` when the value itself cannot be compared (unknown type, or text in
 * a collation vtgate does not implement), -1 otherwise, and the collation text compares in.
 */
export interface CompareColumn {
  readonly col: number;
  readonly weightStringCol: number;
  /** Text compared in this collation ('' for a MySQL collation vtgate lacks), null for other values. */
  readonly collation: string | null;
}

/** ORDER BY key: a compared column, and whether it sorts descending. */
export interface SortKey extends CompareColumn {
  readonly desc: boolean;
}

/**
 * vtgate merges the shards' grouped (Ordered: the input is sorted on `groupBy`) or single-row
 * (Scalar) partial aggregates. Output layout: the input's, one row per group (its first row),
 * each aggregate's result written at its `col` (count_star reads no column: its `col` is where
 * it writes, possibly just past the input's columns); then `resultColumns` columns are kept.
 */
export interface Aggregate {
  readonly kind: 'Aggregate';
  readonly variant: 'Ordered' | 'Scalar';
  readonly aggregates: readonly AggregateParam[];
  readonly groupBy: readonly CompareColumn[];
  readonly resultColumns: number | null;
  readonly input: Operator;
}

/**
 * HAVING, a WHERE over a derived table, or a WHERE on the outer side of a LEFT JOIN evaluated
 * at vtgate: keeps the input rows for which `expr` is true (not false, not NULL).
 */
export interface Filter {
  readonly kind: 'Filter';
  /** The predicate as printed SQL (explain). */
  readonly predicate: string;
  /** The predicate to evaluate, over input offsets (see the contract above). */
  readonly expr: Expr;
  /** The input carries columns only the predicate reads past this many: vtgate drops them; null when none. */
  readonly resultColumns: number | null;
  readonly input: Operator;
}

/** In-memory sort at vtgate (after aggregation; a route's own results merge-sort through Route OrderBy). */
export interface Sort {
  readonly kind: 'Sort';
  readonly keys: readonly SortKey[];
  readonly resultColumns: number | null;
  readonly input: Operator;
}

export interface Limit {
  readonly kind: 'Limit';
  readonly count: PlanValue;
  readonly offset: PlanValue | null;
  readonly input: Operator;
}

/** Removes duplicate rows (UNION DISTINCT across shards), comparing `columns`. */
export interface Distinct {
  readonly kind: 'Distinct';
  readonly columns: readonly CompareColumn[];
  /** The input carries weight_string columns past this many: vtgate drops them; null when none. */
  readonly resultColumns: number | null;
  readonly input: Operator;
}

/** Keeps some input columns, by offset. */
export interface SimpleProjection {
  readonly kind: 'SimpleProjection';
  readonly columns: readonly number[];
  readonly input: Operator;
}

/** One column a Projection computes: the expression over input offsets, and the result column's name. */
export interface ProjectedExpr {
  readonly expr: Expr;
  readonly name: string;
}

/** Computes the result columns at vtgate: output column i is `exprs[i]` evaluated over the input row. */
export interface Projection {
  readonly kind: 'Projection';
  /** `expr as name`, printed as vexplain prints them (explain). */
  readonly expressions: readonly string[];
  /** The same columns, executable (see the contract above). */
  readonly exprs: readonly ProjectedExpr[];
  readonly input: Operator;
}

/**
 * A join at vtgate (Vitess's ApplyJoin): for each left row, the right side runs with the left
 * row's `vars` columns bound; the output takes each column from one side.
 */
export interface Join {
  readonly kind: 'Join';
  readonly variant: 'Join' | 'LeftJoin';
  readonly columns: readonly { readonly side: 'L' | 'R'; readonly index: number }[];
  /** Join variable → offset of the left column it carries. */
  readonly vars: Readonly<Record<string, number>>;
  readonly left: Operator;
  readonly right: Operator;
}

/**
 * A correlated EXISTS across routes (Vitess's SemiJoin): for each left row, the right side runs
 * with the left row's `vars` bound; the row is kept when the right side returns any row.
 */
export interface SemiJoin {
  readonly kind: 'SemiJoin';
  /** The output columns: offsets into the left rows. */
  readonly columns: readonly number[];
  /** Join variable → offset of the left column it carries. */
  readonly vars: Readonly<Record<string, number>>;
  readonly left: Operator;
  readonly right: Operator;
}

/**
 * A subquery vtgate runs first; its result reaches `outer` as bind variables (Vitess's
 * UncorrelatedSubquery), read from the subquery's first column: PulloutValue binds `vars[0]` to
 * the one value (NULL for no row; more than one row is an error); PulloutIn / PulloutNotIn bind
 * `vars[0]` (`__sq_has_values`) to 1 or 0 and `vars[1]` to the list of values; PulloutExists
 * binds `vars[0]` to whether any row came back. The output is the outer operator's rows.
 */
export interface UncorrelatedSubquery {
  readonly kind: 'UncorrelatedSubquery';
  readonly variant: 'PulloutIn' | 'PulloutNotIn' | 'PulloutExists' | 'PulloutValue';
  /** `__sq_has_values` (IN, NOT IN, EXISTS), then `__sq1`, as vexplain lists them. */
  readonly vars: readonly string[];
  readonly subquery: Operator;
  readonly outer: Operator;
}

/**
 * A statement vtgate carries out itself or hands to its topology: session changes (UpdateTarget,
 * Set), schema changes (DDL, AlterVSchema), ... Named by vexplain's OperatorType.
 */
export interface VtgateOp {
  readonly kind: 'Vtgate';
  readonly operatorType: string;
  readonly variant: string | null;
  /** The other vexplain fields (Target, Query, ...). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly inputs: readonly Operator[];
}

/**
 * Rows vtgate answers with itself, fixed when the plan is built (SHOW DATABASES, SHOW VSCHEMA
 * TABLES, SHOW CHARSET, vexplain plan, and the empty result of statements vtgate ignores).
 */
export interface Rows {
  readonly kind: 'Rows';
  /** Column names. */
  readonly fields: readonly string[];
  /** Values as text (SQL NULL as null), one array per row. */
  readonly rows: readonly (readonly (string | null)[])[];
}

/** The one empty row a FROM-less SELECT that vtgate evaluates itself reads. */
export interface SingleRow {
  readonly kind: 'SingleRow';
}


/**
 * A recursive CTE vtgate runs (Vitess's RecurseCTE): `seed` runs once; then `term` runs once per
 * row the previous round produced, with that row's `vars` columns bound (name → offset), until a
 * round produces no row. The output is the seed's rows, then every round's, in the seed's layout.
 */
export interface RecurseCte {
  readonly kind: 'RecurseCTE';
  readonly vars: Readonly<Record<string, number>>;
  readonly seed: Operator;
  readonly term: Operator;
}

/** The rows of each input, one input after the other (UNION of parts that do not route together). */
export interface Concatenate {
  readonly kind: 'Concatenate';
  readonly inputs: readonly Operator[];
}

/**
 * SELECT SQL_CALC_FOUND_ROWS ... LIMIT (Vitess's SQL_CALC_FOUND_ROWS primitive): `limit` gives the
 * rows; `count` counts every row the statement would return without its LIMIT (one row, one
 * column), and that count becomes the session's FOUND_ROWS().
 */
export interface CalcFoundRows {
  readonly kind: 'SQL_CALC_FOUND_ROWS';
  readonly limit: Operator;
  readonly count: Operator;
}
