/**
 * The SQL AST the planner reads: readonly, kind-tagged, and independent of node-sql-parser
 * (src/sql converts the parser's output into it and prints it back in Vitess's style). Names
 * follow Vitess's sqlparser where it has one. Identifiers keep the case they were written in;
 * `quoted` records backticks only where it changes meaning for the printer.
 */

/** A `/*vt+ KEY=value *\/` directive set, and the other comments, pulled out before parsing. */
export interface Comments {
  /** Directive name (upper case) → value (`true` for a bare flag). */
  readonly directives: Readonly<Record<string, string | true>>;
  /** Every comment as written, for reattaching to shard queries. */
  readonly raw: readonly string[];
}

export type Statement =
  | SelectStatement
  | Insert
  | Update
  | Delete
  | SetStatement
  | Use
  | Show
  | Transaction
  | Savepoint
  | Explain
  | OtherStatement;

/** A statement the router passes through or handles by kind only (DDL, CALL, FLUSH, ...): its text is kept. */
export interface OtherStatement {
  readonly kind: 'other';
  /** ddl, call, flush, lock_tables, unlock_tables, analyze, optimize, load, ... */
  readonly type: string;
  readonly sql: string;
  /** The tables the statement names, as far as the parser exposes them. */
  readonly tables: readonly TableName[];
  /** CREATE / ALTER VIEW: the view's query (`tables` then holds the view's name). */
  readonly select?: SelectStatement | null;
  /** FLUSH: what Vitess needs to reprint it per keyspace. */
  readonly flush?: FlushDetails;
  /** PREPARE / EXECUTE / DEALLOCATE PREPARE. */
  readonly prepared?: PreparedDetails;
  /** The statement as Vitess prints it where that differs from the text (bare words lower case). */
  readonly normalized?: string;
}

export interface FlushDetails {
  /** `local` or `no_write_to_binlog`. */
  readonly local: boolean;
  /** Flush options (`hosts`, `binary logs`, ...), lower case; empty for FLUSH TABLES. */
  readonly options: readonly string[];
  readonly withReadLock: boolean;
  readonly forExport: boolean;
}

export interface PreparedDetails {
  /** The statement name, lower case (MySQL compares them case-insensitively). */
  readonly name: string;
  /** PREPARE: the statement text, or the user variable holding it. */
  readonly source?: { readonly kind: 'text'; readonly sql: string } | { readonly kind: 'variable'; readonly name: string };
  /** EXECUTE ... USING: the user variables, in order (names without `@`). */
  readonly using?: readonly string[];
}

export type SelectStatement = Select | Union;

export interface With {
  readonly recursive: boolean;
  readonly ctes: readonly { readonly name: string; readonly columns: readonly string[]; readonly select: SelectStatement }[];
}

export interface Select {
  readonly kind: 'select';
  readonly with: With | null;
  readonly distinct: boolean;
  readonly sqlCalcFoundRows: boolean;
  readonly columns: readonly SelectExpr[];
  /** Empty for `select 1` (no FROM). */
  readonly from: readonly TableExpr[];
  readonly where: Expr | null;
  readonly groupBy: readonly Expr[];
  /** `group by ... with rollup`; absent or false without it. */
  readonly rollup?: boolean;
  readonly having: Expr | null;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
  /** `for update`, `lock in share mode`, `for update nowait`, `for update skip locked`, ... (lower case). */
  readonly lock: string | null;
  /** `into outfile s3 'x'`, `into @a, @b`, ... as Vitess prints it; absent or null without INTO. */
  readonly into?: string | null;
  readonly comments: Comments;
}

export interface Union {
  readonly kind: 'union';
  readonly with: With | null;
  readonly left: SelectStatement;
  readonly right: SelectStatement;
  /** UNION (distinct) vs UNION ALL. */
  readonly distinct: boolean;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
  readonly comments: Comments;
}

export type SelectExpr =
  | { readonly kind: 'star'; readonly table: TableName | null }
  | { readonly kind: 'aliased'; readonly expr: Expr; readonly as: string | null }
  /** `select next N values from seq` / `select next value from seq` (Vitess sequences). */
  | { readonly kind: 'next'; readonly count: Expr };

export interface OrderBy {
  readonly expr: Expr;
  /** null when the query gave no direction (Vitess prints it as written). */
  readonly direction: 'asc' | 'desc' | null;
}

export interface Limit {
  readonly rowCount: Expr;
  readonly offset: Expr | null;
}

export interface TableName {
  /** Keyspace (or a target such as `ks@replica`, `ks:-80`); null when unqualified. */
  readonly qualifier: string | null;
  readonly name: string;
}

export type TableExpr = AliasedTable | DerivedTable | Join;

export interface AliasedTable {
  readonly kind: 'table';
  readonly name: TableName;
  readonly as: string | null;
  /** Index hints as written (`use index (i)`), kept for the shard query. */
  readonly hints: readonly string[];
}

export interface DerivedTable {
  readonly kind: 'derived';
  readonly select: SelectStatement;
  readonly as: string;
  readonly columns: readonly string[];
  readonly lateral: boolean;
}

export interface Join {
  readonly kind: 'join';
  readonly type: 'join' | 'left join' | 'right join' | 'straight_join' | 'natural join' | 'natural left join' | 'natural right join';
  readonly left: TableExpr;
  readonly right: TableExpr;
  readonly on: Expr | null;
  readonly using: readonly string[] | null;
}

export type Expr =
  | ColumnRef
  | Literal
  | BindVar
  | BinaryExpr
  | UnaryExpr
  | InExpr
  | BetweenExpr
  | IsExpr
  | TupleExpr
  | FuncExpr
  | AggregateExpr
  | CaseExpr
  | SubqueryExpr
  | ExistsExpr
  | VariableExpr
  | CastExpr
  | IntervalExpr
  | CollateExpr
  | DefaultExpr
  | ValuesFuncExpr
  | MatchExpr
  | OffsetRef;

export interface ColumnRef {
  readonly kind: 'column';
  /** The table qualifier as written (`u` in `u.id`, `ks.t` in `ks.t.id`); null when unqualified. */
  readonly table: TableName | null;
  readonly name: string;
}

/**
 * Column `index` of the rows an operator reads (never produced by the parser): the executable
 * form of a vtgate-evaluated expression (a Filter's predicate, a Projection's expressions) reads
 * its input columns by offset, so an engine evaluates it without resolving names. `name` is the
 * expression the column carries as written, for messages and result field names.
 */
export interface OffsetRef {
  readonly kind: 'offset';
  readonly index: number;
  readonly name: string;
}

export type LiteralType =
  | 'int' | 'decimal' | 'float' | 'string' | 'hexnum' | 'hexval' | 'bitnum' | 'null' | 'bool'
  /** `date '2020-01-01'`, `time '10:00'`, `timestamp '...'`: the value is the quoted text. */
  | 'date' | 'time' | 'timestamp';

export interface Literal {
  readonly kind: 'literal';
  readonly type: LiteralType;
  /**
   * The value: digits for numbers (exact, never through a JS number), the unescaped text for
   * strings (SQL escapes already removed), `0x1f`/`x'1f'`/`0b101` as written for hex and bit
   * literals, `true`/`false` for bool, '' for null.
   */
  readonly value: string;
  /** A charset introducer (`_binary'...'`), lower case without the underscore. */
  readonly charset: string | null;
}

/** `:name` (a scalar bind variable) or `::name` (a list), as Vitess writes them; `?` becomes `:v1`, `:v2`, ... */
export interface BindVar {
  readonly kind: 'bind';
  readonly name: string;
  readonly list: boolean;
}

export type BinaryOp =
  | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>'
  | 'and' | 'or' | 'xor'
  | 'like' | 'not like' | 'regexp' | 'not regexp'
  | '+' | '-' | '*' | '/' | 'div' | '%' | 'mod'
  | '&' | '|' | '^' | '<<' | '>>'
  | '->' | '->>'
  /** `@x := expr` (Vitess rejects it: "unsupported: Assignment expression"). */
  | ':=';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** LIKE ... ESCAPE x */
  readonly escape: Expr | null;
  /** `a = any (select ...)`, `a > all (select ...)`: the right side is then a SubqueryExpr. */
  readonly quantifier?: 'any' | 'all' | 'some';
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: 'not' | '-' | '+' | '~' | '!' | 'binary';
  readonly expr: Expr;
}

export interface InExpr {
  readonly kind: 'in';
  readonly expr: Expr;
  readonly not: boolean;
  /** A value list, a subquery, or a list bind variable (`in ::vals`). */
  readonly list: readonly Expr[] | SubqueryExpr | BindVar;
}

export interface BetweenExpr {
  readonly kind: 'between';
  readonly expr: Expr;
  readonly not: boolean;
  readonly low: Expr;
  readonly high: Expr;
}

export interface IsExpr {
  readonly kind: 'is';
  readonly expr: Expr;
  readonly not: boolean;
  readonly value: 'null' | 'true' | 'false' | 'unknown';
}

export interface TupleExpr {
  readonly kind: 'tuple';
  readonly items: readonly Expr[];
}

export interface FuncExpr {
  readonly kind: 'func';
  /** As written (case kept); compare case-insensitively. May be qualified (`ks.fn`). */
  readonly name: string;
  readonly args: readonly Expr[];
  /** A window function's OVER clause; absent or null otherwise. */
  readonly over?: Over | null;
}

/** `over w` or `over ([partition by ...] [order by ...] [frame])`. */
export interface Over {
  /** A named window (`over w`); null for an inline specification. */
  readonly name: string | null;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderBy[];
  /** The frame clause as printed (`rows between unbounded preceding and current row`); null without one. */
  readonly frame: string | null;
}

export type AggregateName = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'group_concat' | 'bit_and' | 'bit_or' | 'bit_xor' | 'std' | 'stddev' | 'stddev_pop' | 'stddev_samp' | 'var_pop' | 'var_samp' | 'variance' | 'any_value' | 'json_arrayagg' | 'json_objectagg';

export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly name: AggregateName;
  /** Empty with `star` for count(*). */
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly distinct: boolean;
  /** group_concat(... order by ... separator ...) */
  readonly orderBy: readonly OrderBy[];
  readonly separator: string | null;
  /** Used as a window function: `sum(x) over (...)`; absent or null otherwise. */
  readonly over?: Over | null;
}

export interface CaseExpr {
  readonly kind: 'case';
  readonly operand: Expr | null;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else: Expr | null;
}

export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly select: SelectStatement;
}

export interface ExistsExpr {
  readonly kind: 'exists';
  readonly select: SelectStatement;
}

export interface VariableExpr {
  readonly kind: 'variable';
  /** `@x` user, `@@x` / `@@session.x` session, `@@global.x` global. */
  readonly scope: 'user' | 'session' | 'global';
  readonly name: string;
  /** Whether it was written with an explicit scope (`@@session.x`), for printing it back. */
  readonly explicitScope: boolean;
}

export interface CastExpr {
  readonly kind: 'cast';
  /** cast(x as type) or convert(x, type) / convert(x using charset). */
  readonly style: 'cast' | 'convert' | 'convert_using';
  readonly expr: Expr;
  /** The target type or charset as written (lower case), e.g. `unsigned`, `char(10)`, `utf8mb4`. */
  readonly type: string;
}

export interface IntervalExpr {
  readonly kind: 'interval';
  readonly expr: Expr;
  readonly unit: string;
}

export interface CollateExpr {
  readonly kind: 'collate';
  readonly expr: Expr;
  readonly collation: string;
}

export interface DefaultExpr {
  readonly kind: 'default';
  readonly column: string | null;
}

/** `values(col)` inside ON DUPLICATE KEY UPDATE. */
export interface ValuesFuncExpr {
  readonly kind: 'values_func';
  readonly column: ColumnRef;
}

export interface MatchExpr {
  readonly kind: 'match';
  readonly columns: readonly ColumnRef[];
  readonly against: Expr;
  readonly modifier: string | null;
}

export interface Insert {
  readonly kind: 'insert';
  readonly action: 'insert' | 'replace';
  readonly ignore: boolean;
  readonly table: TableName;
  /** null when the statement gives no column list. */
  readonly columns: readonly string[] | null;
  /** VALUES rows; null for INSERT ... SELECT. */
  readonly rows: readonly (readonly Expr[])[] | null;
  readonly select: SelectStatement | null;
  /** MySQL 8's row alias: `values (...) as new (a, b)`; absent or null without one. */
  readonly rowAlias?: { readonly name: string; readonly columns: readonly string[] } | null;
  readonly onDuplicate: readonly UpdateExpr[];
  readonly comments: Comments;
}

export interface UpdateExpr {
  readonly column: ColumnRef;
  readonly expr: Expr;
}

export interface Update {
  readonly kind: 'update';
  readonly with: With | null;
  readonly ignore: boolean;
  readonly tables: readonly TableExpr[];
  readonly set: readonly UpdateExpr[];
  readonly where: Expr | null;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
  readonly comments: Comments;
}

export interface Delete {
  readonly kind: 'delete';
  readonly with: With | null;
  readonly ignore: boolean;
  /** Multi-table delete targets (`delete a from a join b ...`); empty for a single-table delete. */
  readonly targets: readonly TableName[];
  readonly from: readonly TableExpr[];
  readonly where: Expr | null;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
  readonly comments: Comments;
}

export interface SetStatement {
  readonly kind: 'set';
  readonly assignments: readonly { readonly variable: VariableExpr; readonly expr: Expr }[];
  readonly comments: Comments;
}

export interface Use {
  readonly kind: 'use';
  /** The target as written (`ks`, `ks@replica`, `@replica`, `ks:-80`); '' for `use` alone. */
  readonly target: string;
}

export interface Show {
  readonly kind: 'show';
  /** The SHOW kind, lower case: tables, databases, create table, columns, variables, vitess_shards, ... */
  readonly type: string;
  readonly full: boolean;
  readonly table: TableName | null;
  readonly database: string | null;
  readonly like: string | null;
  readonly where: Expr | null;
  readonly sql: string;
}

export interface Transaction {
  readonly kind: 'begin' | 'commit' | 'rollback';
  readonly sql: string;
}

export interface Savepoint {
  readonly kind: 'savepoint' | 'release_savepoint' | 'rollback_to_savepoint';
  readonly name: string;
}

export interface Explain {
  readonly kind: 'explain';
  /** `explain` (MySQL's) or `vexplain plan|queries|all` (Vitess's). */
  readonly type: 'explain' | 'vexplain_plan' | 'vexplain_queries' | 'vexplain_all';
  readonly statement: Statement;
}
