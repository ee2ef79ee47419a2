/**
 * Columns learnt by schema tracking, merged into a loaded VSchema as Vitess's vtgate merges the
 * schema its tablets report: a table whose VSchema entry does not list its columns authoritatively
 * takes the tracked columns (names, types, collations) and becomes authoritative, so `*` expands
 * at vtgate, a column name is bound to the one table that has it, and values of known types
 * compare at vtgate without asking the shards for weight strings. A table the VSchema lists
 * authoritatively keeps its own list; tracked tables the VSchema does not declare are left out.
 */
import { FrozenMap } from '../util/frozen.js';
import type { Column, GlobalTable, Keyspace, Table, VSchema } from './model.js';

export interface TrackedTable {
  readonly keyspace: string;
  readonly table: string;
  /** In the table's column order. */
  readonly columns: readonly Column[];
}

export function withTrackedColumns(vschema: VSchema, tracked: readonly TrackedTable[]): VSchema {
  const replaced = new Map<Table, Table>();
  const keyspaces = new Map<string, Keyspace>();
  for (const [name, ks] of vschema.keyspaces) {
    let tables: Map<string, Table> | null = null;
    for (const t of tracked) {
      if (t.keyspace !== name || t.columns.length === 0) continue;
      const table = ks.tables.get(t.table);
      if (!table || table.columnListAuthoritative || table.kind === 'sequence') continue;
      const updated: Table = Object.freeze({ ...table, columns: Object.freeze(t.columns.map((c) => Object.freeze({ ...c }))), columnListAuthoritative: true });
      (tables ??= new Map(ks.tables)).set(t.table, updated);
      replaced.set(table, updated);
    }
    keyspaces.set(name, tables ? Object.freeze({ ...ks, tables: new FrozenMap(tables) }) : ks);
  }
  if (replaced.size === 0) return vschema;
  const globalTables = new Map<string, GlobalTable>();
  for (const [name, g] of vschema.globalTables) {
    const table = g.kind === 'table' ? replaced.get(g.table) : undefined;
    globalTables.set(name, table ? Object.freeze({ kind: 'table', table }) : g);
  }
  return Object.freeze({ ...vschema, keyspaces: new FrozenMap(keyspaces), globalTables: new FrozenMap(globalTables) });
}
