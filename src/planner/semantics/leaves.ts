/**
 * The tables a statement reads, as the planner sees them: every FROM item becomes a leaf with a
 * number unique within the statement, so a column anywhere in the statement (subqueries and
 * derived tables included) binds to exactly one leaf, as Vitess's semantic analysis binds
 * columns to a TableSet.
 */
import type { AliasedTable, Expr } from '../../sql/ast.js';
import type { Keyspace, Table } from '../../vschema/model.js';
import type { ResolvedTable } from '../../vschema/resolve.js';

export interface TableLeaf {
  readonly kind: 'table';
  readonly id: number;
  /** The name columns qualify it by: its alias, or the table name as written. */
  readonly ref: string;
  /** The keyspace qualifier as written (so `ks.t.col` binds), null when unqualified. */
  readonly qualifier: string | null;
  readonly resolved: ResolvedTable;
  /** The table that serves the reads: the resolved one, or a reference table's copy in another keyspace. */
  table: Table;
  keyspace: Keyspace;
  readonly node: AliasedTable | null;
  /** Stands in for something that is no table (a recursive CTE's self-reference): not in TablesUsed. */
  readonly hidden?: boolean;
  /** A table of information_schema or a MySQL system schema (named here): routed DBA. */
  readonly system?: string;
}

export interface DerivedColumn {
  /** Output name, compared case-insensitively. */
  readonly name: string;
  /** The inner expression it reads; null when unknown. */
  readonly expr: Expr | null;
}

export interface DerivedLeaf {
  readonly kind: 'derived';
  readonly id: number;
  readonly ref: string;
  readonly columns: readonly DerivedColumn[];
  /** The inner select lists `*`: it may expose columns not in `columns`. */
  readonly open: boolean;
  /** A reference to a WITH RECURSIVE CTE (its body is kept whole, not inlined). */
  readonly recursive?: boolean;
}

export type Leaf = TableLeaf | DerivedLeaf;

/** `keyspace.table` as Vitess's TablesUsed prints it. */
export function tableUsed(leaf: TableLeaf): string {
  return `${leaf.keyspace.name}.${leaf.table.name}`;
}

/** TablesUsed of a route's tables: sorted, without duplicates. */
export function tablesUsedOf(tables: readonly TableLeaf[]): readonly string[] {
  // Vitess leaves system tables out of TablesUsed.
  return Object.freeze([...new Set(tables.filter((t) => !t.hidden && !t.system).map(tableUsed))].sort());
}

/** true: the table has the column; false: it has not (authoritative column list); null: unknown. */
export function hasColumn(table: Table, name: string): boolean | null {
  const lower = name.toLowerCase();
  if (table.columns.some((c) => c.name.toLowerCase() === lower)) return true;
  if (table.columnListAuthoritative) return false;
  // Vitess's vindexTableToColumnInfo: a non-authoritative table surely has its vindex columns.
  if (table.columnVindexes.some((cv) => cv.columns.some((c) => c.toLowerCase() === lower))) return true;
  return null;
}
