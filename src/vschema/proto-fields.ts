/**
 * vschema.proto as data: every message, its fields and their kinds. One description drives
 * both the JSON Schema (json-schema.ts) and the normalisation to snake_case (normalize.ts),
 * so the two cannot drift apart. Proto JSON accepts each field under its proto name
 * (snake_case) and its JSON name (lowerCamelCase); map keys (table, vindex and param names)
 * are data and are never renamed.
 */

export type FieldKind =
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int' }
  | { readonly kind: 'float' }
  | { readonly kind: 'enum'; readonly values: Readonly<Record<string, number>> }
  | { readonly kind: 'message'; readonly message: MessageName }
  | { readonly kind: 'repeated'; readonly of: FieldKind }
  | { readonly kind: 'map'; readonly of: FieldKind };

export type MessageName =
  | 'SrvVSchema'
  | 'Keyspace'
  | 'MultiTenantSpec'
  | 'Vindex'
  | 'Table'
  | 'ColumnVindex'
  | 'AutoIncrement'
  | 'Column'
  | 'RoutingRules'
  | 'RoutingRule'
  | 'ShardRoutingRules'
  | 'ShardRoutingRule'
  | 'KeyspaceRoutingRules'
  | 'KeyspaceRoutingRule'
  | 'MirrorRules'
  | 'MirrorRule';

const str = { kind: 'string' } as const;
const bool = { kind: 'bool' } as const;
const int = { kind: 'int' } as const;
const float = { kind: 'float' } as const;
const msg = (message: MessageName): FieldKind => ({ kind: 'message', message });
const list = (of: FieldKind): FieldKind => ({ kind: 'repeated', of });
const map = (of: FieldKind): FieldKind => ({ kind: 'map', of });

/** query.Type (go/vt/proto/query): the column type names a VSchema `columns` entry may use. */
export const QUERY_TYPES: Readonly<Record<string, number>> = Object.freeze({
  NULL_TYPE: 0, INT8: 257, UINT8: 770, INT16: 259, UINT16: 772, INT24: 261, UINT24: 774,
  INT32: 263, UINT32: 776, INT64: 265, UINT64: 778, FLOAT32: 1035, FLOAT64: 1036,
  TIMESTAMP: 2061, DATE: 2062, TIME: 2063, DATETIME: 2064, YEAR: 785, DECIMAL: 18,
  TEXT: 6163, BLOB: 10260, VARCHAR: 6165, VARBINARY: 10262, CHAR: 6167, BINARY: 10264,
  BIT: 2073, ENUM: 2074, SET: 2075, TUPLE: 28, GEOMETRY: 2077, JSON: 2078, EXPRESSION: 31,
  HEXNUM: 4128, HEXVAL: 4129, BITNUM: 4130, VECTOR: 2083, RAW: 2084, ROW_TUPLE: 2085,
});

/** vschema.Keyspace.ForeignKeyMode: proto enum value names are lower-case. */
export const FOREIGN_KEY_MODES: Readonly<Record<string, number>> = Object.freeze({
  unspecified: 0, disallow: 1, unmanaged: 2, managed: 3,
});

export const MESSAGES: Readonly<Record<MessageName, Readonly<Record<string, FieldKind>>>> = {
  SrvVSchema: {
    keyspaces: map(msg('Keyspace')),
    routing_rules: msg('RoutingRules'),
    shard_routing_rules: msg('ShardRoutingRules'),
    keyspace_routing_rules: msg('KeyspaceRoutingRules'),
    mirror_rules: msg('MirrorRules'),
  },
  Keyspace: {
    sharded: bool,
    vindexes: map(msg('Vindex')),
    tables: map(msg('Table')),
    require_explicit_routing: bool,
    foreign_key_mode: { kind: 'enum', values: FOREIGN_KEY_MODES },
    multi_tenant_spec: msg('MultiTenantSpec'),
  },
  MultiTenantSpec: {
    tenant_id_column_name: str,
    tenant_id_column_type: { kind: 'enum', values: QUERY_TYPES },
  },
  Vindex: { type: str, params: map(str), owner: str },
  Table: {
    type: str,
    column_vindexes: list(msg('ColumnVindex')),
    auto_increment: msg('AutoIncrement'),
    columns: list(msg('Column')),
    pinned: str,
    column_list_authoritative: bool,
    source: str,
  },
  ColumnVindex: { column: str, name: str, columns: list(str) },
  AutoIncrement: { column: str, sequence: str },
  Column: {
    name: str,
    type: { kind: 'enum', values: QUERY_TYPES },
    invisible: bool,
    default: str,
    collation_name: str,
    size: int,
    scale: int,
    nullable: bool,
    values: list(str),
  },
  RoutingRules: { rules: list(msg('RoutingRule')) },
  RoutingRule: { from_table: str, to_tables: list(str) },
  ShardRoutingRules: { rules: list(msg('ShardRoutingRule')) },
  ShardRoutingRule: { from_keyspace: str, to_keyspace: str, shard: str },
  KeyspaceRoutingRules: { rules: list(msg('KeyspaceRoutingRule')) },
  KeyspaceRoutingRule: { from_keyspace: str, to_keyspace: str },
  MirrorRules: { rules: list(msg('MirrorRule')) },
  MirrorRule: { from_table: str, to_table: str, percent: float },
};

/** The proto JSON name of a field: lowerCamelCase of the proto name, as protoc derives it. */
export function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Field names accepted for a message: proto name → both spellings. */
export function fieldSpellings(message: MessageName): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(MESSAGES[message])) {
    out.set(name, name);
    out.set(jsonName(name), name);
  }
  return out;
}
