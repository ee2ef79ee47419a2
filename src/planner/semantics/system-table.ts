/**
 * Tables of information_schema and MySQL's system schemas: every shard has them, so Vitess
 * routes them as DBA to any keyspace (the first one, as its AnyKeyspace picks) and lets the
 * schema and table names in the WHERE clause choose the shard (SysTableTableSchema/Name).
 */
import type { Keyspace, Table } from '../../vschema/model.js';
import { syntheticTable, type ResolvedTable } from '../../vschema/resolve.js';
import type { VSchema } from '../../vschema/model.js';
import { TableResolutionError } from '../../errors.js';

export function systemTable(vschema: VSchema, schema: string, name: string): { table: Table; keyspace: Keyspace; resolved: ResolvedTable } {
  const first = [...vschema.keyspaces.keys()].sort()[0];
  const keyspace = first === undefined ? undefined : vschema.keyspaces.get(first);
  if (!keyspace) throw new TableResolutionError('NO_KEYSPACE', 'no keyspace in the VSchema to read system tables from');
  const table: Table = syntheticTable({ name: schema, sharded: false }, name);
  const resolved: ResolvedTable = Object.freeze({ table, keyspace, tabletType: 'primary', destination: null, routingRule: null });
  return { table, keyspace, resolved };
}
