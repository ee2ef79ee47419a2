/**
 * The VSchema input format: Vitess's vschema.proto in proto JSON, after normalisation to
 * snake_case field names (the loader also accepts the camelCase JSON names). These are the
 * shapes users write; the validated, frozen model the planner reads is in model.ts.
 */

export interface SrvVSchemaSpec {
  readonly keyspaces?: Readonly<Record<string, KeyspaceSpec>>;
  readonly routing_rules?: RoutingRulesSpec;
  readonly shard_routing_rules?: ShardRoutingRulesSpec;
  readonly keyspace_routing_rules?: KeyspaceRoutingRulesSpec;
  readonly mirror_rules?: MirrorRulesSpec;
}

export type ForeignKeyMode = 'unspecified' | 'disallow' | 'unmanaged' | 'managed';

export interface KeyspaceSpec {
  readonly sharded?: boolean;
  readonly vindexes?: Readonly<Record<string, VindexSpec>>;
  readonly tables?: Readonly<Record<string, TableSpec>>;
  readonly require_explicit_routing?: boolean;
  readonly foreign_key_mode?: ForeignKeyMode;
  readonly multi_tenant_spec?: MultiTenantSpec;
}

export interface MultiTenantSpec {
  readonly tenant_id_column_name?: string;
  readonly tenant_id_column_type?: string;
}

export interface VindexSpec {
  readonly type?: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly owner?: string;
}

export type TableType = '' | 'sequence' | 'reference';

export interface TableSpec {
  readonly type?: TableType;
  readonly column_vindexes?: readonly ColumnVindexSpec[];
  readonly auto_increment?: AutoIncrementSpec;
  readonly columns?: readonly ColumnSpec[];
  readonly pinned?: string;
  readonly column_list_authoritative?: boolean;
  readonly source?: string;
}

export interface ColumnVindexSpec {
  readonly column?: string;
  readonly name?: string;
  readonly columns?: readonly string[];
}

export interface AutoIncrementSpec {
  readonly column?: string;
  readonly sequence?: string;
}

export interface ColumnSpec {
  readonly name?: string;
  /** A query.Type name (INT64, VARCHAR, ...). */
  readonly type?: string;
  readonly invisible?: boolean;
  readonly default?: string;
  readonly collation_name?: string;
  readonly size?: number;
  readonly scale?: number;
  readonly nullable?: boolean;
  readonly values?: readonly string[];
}

export interface RoutingRulesSpec {
  readonly rules?: readonly RoutingRuleSpec[];
}

export interface RoutingRuleSpec {
  readonly from_table?: string;
  readonly to_tables?: readonly string[];
}

export interface ShardRoutingRulesSpec {
  readonly rules?: readonly ShardRoutingRuleSpec[];
}

export interface ShardRoutingRuleSpec {
  readonly from_keyspace?: string;
  readonly to_keyspace?: string;
  readonly shard?: string;
}

export interface KeyspaceRoutingRulesSpec {
  readonly rules?: readonly KeyspaceRoutingRuleSpec[];
}

export interface KeyspaceRoutingRuleSpec {
  readonly from_keyspace?: string;
  readonly to_keyspace?: string;
}

export interface MirrorRulesSpec {
  readonly rules?: readonly MirrorRuleSpec[];
}

export interface MirrorRuleSpec {
  readonly from_table?: string;
  readonly to_table?: string;
  readonly percent?: number;
}
