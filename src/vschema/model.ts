/**
 * The loaded VSchema: validated, resolved (sources, sequences, routing rules) and frozen.
 * This is what table resolution and the planner read; it never changes after loading, so
 * a plan built against it stays valid for as long as the VSchema object is in use.
 */
import type { Problem } from '../errors.js';
import type { Vindex } from '../vindexes/types.js';
import type { ForeignKeyMode, SrvVSchemaSpec } from './spec-types.js';

export type TabletType = 'primary' | 'replica' | 'rdonly';

/** A keyspace-qualified table name. */
export interface QualifiedName {
  readonly keyspace: string;
  readonly table: string;
}

export interface VSchema {
  /** Increases with every successful load in this process; part of the plan-cache key. */
  readonly version: number;
  readonly keyspaces: ReadonlyMap<string, Keyspace>;
  /** Keyed by the rule's `from_table` exactly as written (`t`, `ks.t`, `ks.t@replica`). */
  readonly routingRules: ReadonlyMap<string, RoutingRule>;
  /** `from_keyspace` (optionally `@tablet_type`) → `to_keyspace`. */
  readonly keyspaceRoutingRules: ReadonlyMap<string, string>;
  /** `from_keyspace.shard` → `to_keyspace`: where a shard's traffic goes during a shard-by-shard move. */
  readonly shardRoutingRules: ReadonlyMap<string, string>;
  readonly mirrorRules: readonly MirrorRule[];
  /** Unqualified table names usable in unspecified mode. */
  readonly globalTables: ReadonlyMap<string, GlobalTable>;
  /** Warnings found while loading (unknown vindex params, routing rules whose target is missing). */
  readonly warnings: readonly Problem[];
  /** The normalised (snake_case) input it was built from. */
  readonly spec: SrvVSchemaSpec;
}

export type GlobalTable =
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'ambiguous'; readonly keyspaces: readonly string[] };

export interface Keyspace {
  readonly name: string;
  readonly sharded: boolean;
  readonly requireExplicitRouting: boolean;
  readonly foreignKeyMode: ForeignKeyMode;
  readonly multiTenant: MultiTenant | null;
  readonly vindexes: ReadonlyMap<string, KeyspaceVindex>;
  readonly tables: ReadonlyMap<string, Table>;
}

export interface MultiTenant {
  readonly tenantIdColumnName: string;
  readonly tenantIdColumnType: string | null;
}

/** A vindex of a keyspace, with the table that owns its lookup rows (if any). */
export interface KeyspaceVindex {
  readonly vindex: Vindex;
  readonly owner: string | null;
}

export type TableKind = 'table' | 'sequence' | 'reference';

export interface Table {
  readonly name: string;
  readonly keyspace: string;
  readonly sharded: boolean;
  readonly kind: TableKind;
  /**
   * In declaration order: the primary vindex first, then the others; a partial multi-column
   * primary vindex is followed by its leading-column subsets (as Vitess adds them).
   */
  readonly columnVindexes: readonly ColumnVindex[];
  /** The same vindexes sorted by cost (cheapest first; declaration order breaks ties). */
  readonly ordered: readonly ColumnVindex[];
  /** Lookup vindexes this table owns: DML on the table maintains their rows. */
  readonly owned: readonly ColumnVindex[];
  readonly autoIncrement: AutoIncrement | null;
  readonly columns: readonly Column[];
  readonly columnListAuthoritative: boolean;
  /** Pinned keyspace id (a table of a sharded keyspace that lives on one shard). */
  readonly pinned: Uint8Array | null;
  /** For a reference table: the table it is copied from. */
  readonly source: QualifiedName | null;
  /** For a source table: keyspace → the reference table that copies it there. */
  readonly referencedBy: ReadonlyMap<string, string>;
  /** False for a table of an unsharded keyspace that is not in its VSchema (Vitess accepts those). */
  readonly declared: boolean;
}

export interface ColumnVindex {
  /** The vindex name (key of the keyspace's `vindexes`). */
  readonly name: string;
  readonly type: string;
  /** Column names as written in the VSchema; compare them case-insensitively. */
  readonly columns: readonly string[];
  readonly vindex: Vindex;
  readonly cost: number;
  readonly primary: boolean;
  readonly owned: boolean;
  /** A leading-column subset of a partial multi-column vindex. */
  readonly partial: boolean;
}

export interface AutoIncrement {
  readonly column: string;
  readonly sequence: QualifiedName;
}

export interface Column {
  readonly name: string;
  readonly type: string | null;
  readonly invisible: boolean;
  readonly default: string | null;
  readonly collationName: string | null;
  readonly size: number | null;
  readonly scale: number | null;
  readonly nullable: boolean | null;
  readonly values: readonly string[];
}

export interface RoutingRule {
  readonly from: string;
  /** null: the rule disables the table (empty `to_tables`) or is in error. */
  readonly target: QualifiedName | null;
  /** A rule whose target cannot be found loads (as in Vitess) but fails every query that uses it. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface MirrorRule {
  readonly from: string;
  readonly to: QualifiedName | null;
  /** Share of the traffic (0..100) copied to `to`. */
  readonly percent: number;
  /** As for routing rules, a rule with a missing target loads and fails when used. */
  readonly error: { readonly code: string; readonly message: string } | null;
}
