/**
 * Schema tracking, the part the planner needs: primary keys, unique keys and foreign keys read
 * from information_schema on the first shard of every keyspace (Vitess's vttablets report the
 * same to vtgate). The planner uses them where Vitess does: DML that must first select the rows
 * it changes (DMLWithInput) selects their primary key, and managed foreign keys plan cascades.
 *
 * One read, when the caller asks (`trackSchema(pools, vschema)`), not a background poll: the
 * schema of a sharded keyspace is the same on every shard, and DDL through the router is rare
 * enough that the caller re-reads after it.
 */
import type { PlannerSettings, TableKey, ForeignKey, ForeignKeyAction } from '../planner/context.js';
import type { VSchema } from '../vschema/model.js';
import type { ColumnSpec, KeyspaceSpec, SrvVSchemaSpec, TableSpec } from '../vschema/spec-types.js';
import type { DriverPool } from './driver.js';
import { onShard } from './errors.js';
import type { ShardPools } from './shard-pools.js';

export type TrackedSchema = Pick<PlannerSettings, 'primaryKeys' | 'uniqueKeys' | 'foreignKeys'>;

interface KeyRow {
  readonly DB: string;
  readonly TABLE_NAME: string;
  readonly CONSTRAINT_NAME: string;
  readonly CONSTRAINT_TYPE: string;
  readonly COLUMN_NAME: string;
  readonly REFERENCED_TABLE_SCHEMA: string | null;
  readonly REFERENCED_TABLE_NAME: string | null;
  readonly REFERENCED_COLUMN_NAME: string | null;
  readonly UPDATE_RULE: string | null;
  readonly DELETE_RULE: string | null;
}

// Every key column of the shard's own database, in key order; foreign keys with their rules.
const KEYS_SQL = `select database() as DB, k.TABLE_NAME, k.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, k.COLUMN_NAME,
  k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
from information_schema.KEY_COLUMN_USAGE k
join information_schema.TABLE_CONSTRAINTS c
  on c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA and c.TABLE_NAME = k.TABLE_NAME and c.CONSTRAINT_NAME = k.CONSTRAINT_NAME
left join information_schema.REFERENTIAL_CONSTRAINTS r
  on r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA and r.TABLE_NAME = k.TABLE_NAME and r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
where k.TABLE_SCHEMA = database() and c.CONSTRAINT_TYPE in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
order by k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

/** Reads the keys of every keyspace (first shard, primary) for the planner. */
export async function trackSchema(pools: ShardPools, vschema: VSchema): Promise<TrackedSchema> {
  const primaryKeys: TableKey[] = [];
  const uniqueKeys: TableKey[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const ks of vschema.keyspaces.keys()) {
    const shard = pools.topology.shardMap(ks).shardNames[0];
    if (shard === undefined) continue;
    const pool: DriverPool = pools.pick(ks, shard, 'primary');
    const target = { keyspace: ks, shard, tabletType: 'primary' as const };
    const [rows] = await onShard(target, () => pool.query(KEYS_SQL));
    const keys = groupKeys(rows as readonly KeyRow[]);
    for (const k of keys) {
      const table = { keyspace: ks, table: k.table };
      if (k.type === 'PRIMARY KEY') primaryKeys.push({ table, columns: k.columns });
      else if (k.type === 'UNIQUE') uniqueKeys.push({ table, columns: k.columns });
      else if (k.referencedTable !== null) {
        foreignKeys.push({
          table,
          columns: k.columns,
          // A key to another database is a key to the keyspace of that name (Vitess's convention);
          // within the shard's own database it stays in this keyspace.
          references: { keyspace: k.sameDatabase ? ks : k.referencedSchema!, table: k.referencedTable },
          referencedColumns: k.referencedColumns,
          onUpdate: rule(k.updateRule),
          onDelete: rule(k.deleteRule),
        });
      }
    }
  }
  return { primaryKeys, uniqueKeys, foreignKeys };
}

interface GroupedKey {
  readonly table: string;
  readonly type: string;
  readonly columns: string[];
  readonly referencedSchema: string | null;
  readonly referencedTable: string | null;
  readonly referencedColumns: string[];
  readonly sameDatabase: boolean;
  readonly updateRule: string | null;
  readonly deleteRule: string | null;
}

function groupKeys(rows: readonly KeyRow[]): GroupedKey[] {
  const byName = new Map<string, GroupedKey>();
  for (const r of rows) {
    const id = `${r.TABLE_NAME}\u0000${r.CONSTRAINT_NAME}`;
    let key = byName.get(id);
    if (key === undefined) {
      key = {
        table: r.TABLE_NAME,
        type: r.CONSTRAINT_TYPE,
        columns: [],
        referencedSchema: r.REFERENCED_TABLE_SCHEMA,
        referencedTable: r.REFERENCED_TABLE_NAME,
        referencedColumns: [],
        sameDatabase: r.REFERENCED_TABLE_SCHEMA === r.DB,
        updateRule: r.UPDATE_RULE,
        deleteRule: r.DELETE_RULE,
      };
      byName.set(id, key);
    }
    key.columns.push(r.COLUMN_NAME);
    if (r.REFERENCED_COLUMN_NAME !== null) key.referencedColumns.push(r.REFERENCED_COLUMN_NAME);
  }
  return [...byName.values()];
}

function rule(text: string | null): ForeignKeyAction | null {
  switch (text?.toUpperCase()) {
    case 'CASCADE':
      return 'CASCADE';
    case 'SET NULL':
      return 'SET NULL';
    case 'SET DEFAULT':
      return 'SET DEFAULT';
    case 'NO ACTION':
      return 'NO ACTION';
    case 'RESTRICT':
      return 'RESTRICT';
    default:
      return null;
  }
}

interface ColumnRow {
  readonly TABLE_NAME: string;
  readonly COLUMN_NAME: string;
  readonly DATA_TYPE: string;
  readonly COLUMN_TYPE: string;
  readonly COLLATION_NAME: string | null;
  readonly IS_NULLABLE: string;
  readonly EXTRA: string | null;
}

const COLUMNS_SQL = `select TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLLATION_NAME, IS_NULLABLE, EXTRA
from information_schema.COLUMNS where TABLE_SCHEMA = database() order by TABLE_NAME, ORDINAL_POSITION`;

/**
 * The VSchema document with every table's columns as its keyspace's first shard reports them,
 * as Vitess's schema tracking completes the VSchema: a table whose column list is not
 * authoritative gets the tracked columns (name, type, collation, nullability) and becomes
 * authoritative, so the planner can expand `*` and plan `select * ... order by` across shards.
 * Tables with an authoritative list keep it; tables the VSchema does not name are left out
 * (an unsharded keyspace routes them all the same).
 */
export async function trackColumns(pools: ShardPools, doc: SrvVSchemaSpec): Promise<SrvVSchemaSpec> {
  const keyspaces: Record<string, KeyspaceSpec> = {};
  for (const [name, ks] of Object.entries(doc.keyspaces ?? {})) {
    const tables = ks.tables ?? {};
    const open = Object.entries(tables).filter(([, t]) => t.column_list_authoritative !== true && t.type !== 'sequence');
    const shard = open.length > 0 ? pools.topology.shardMap(name).shardNames[0] : undefined;
    if (shard === undefined) {
      keyspaces[name] = ks;
      continue;
    }
    const target = { keyspace: name, shard, tabletType: 'primary' as const };
    const [rows] = await onShard(target, () => pools.pick(name, shard, 'primary').query(COLUMNS_SQL));
    const byTable = new Map<string, ColumnSpec[]>();
    for (const r of rows as readonly ColumnRow[]) {
      const list = byTable.get(r.TABLE_NAME.toLowerCase()) ?? [];
      list.push(columnSpec(r));
      byTable.set(r.TABLE_NAME.toLowerCase(), list);
    }
    const updated: Record<string, TableSpec> = { ...tables };
    for (const [table, spec] of open) {
      const columns = byTable.get(table.toLowerCase());
      if (columns) updated[table] = { ...spec, columns, column_list_authoritative: true };
    }
    keyspaces[name] = { ...ks, tables: updated };
  }
  return { ...doc, keyspaces };
}

function columnSpec(r: ColumnRow): ColumnSpec {
  const extra = (r.EXTRA ?? '').toLowerCase();
  return {
    name: r.COLUMN_NAME,
    type: queryType(r.DATA_TYPE, r.COLUMN_TYPE),
    ...(r.COLLATION_NAME ? { collation_name: r.COLLATION_NAME } : {}),
    nullable: r.IS_NULLABLE === 'YES',
    ...(extra.includes('invisible') ? { invisible: true } : {}),
  };
}

const INTEGER_TYPES: Readonly<Record<string, readonly [string, string]>> = {
  tinyint: ['INT8', 'UINT8'], smallint: ['INT16', 'UINT16'], mediumint: ['INT24', 'UINT24'],
  int: ['INT32', 'UINT32'], integer: ['INT32', 'UINT32'], bigint: ['INT64', 'UINT64'],
};

const OTHER_TYPES: Readonly<Record<string, string>> = {
  float: 'FLOAT32', double: 'FLOAT64', real: 'FLOAT64', decimal: 'DECIMAL', numeric: 'DECIMAL',
  date: 'DATE', datetime: 'DATETIME', timestamp: 'TIMESTAMP', time: 'TIME', year: 'YEAR',
  char: 'CHAR', varchar: 'VARCHAR', binary: 'BINARY', varbinary: 'VARBINARY',
  tinytext: 'TEXT', text: 'TEXT', mediumtext: 'TEXT', longtext: 'TEXT',
  tinyblob: 'BLOB', blob: 'BLOB', mediumblob: 'BLOB', longblob: 'BLOB',
  enum: 'ENUM', set: 'SET', bit: 'BIT', json: 'JSON',
  geometry: 'GEOMETRY', point: 'GEOMETRY', linestring: 'GEOMETRY', polygon: 'GEOMETRY',
  multipoint: 'GEOMETRY', multilinestring: 'GEOMETRY', multipolygon: 'GEOMETRY', geometrycollection: 'GEOMETRY',
};

/** MySQL's column type → Vitess's query.Type name (sqlparser.SQLTypeToQueryType). */
export function queryType(dataType: string, columnType: string): string {
  const t = dataType.toLowerCase();
  const int = INTEGER_TYPES[t];
  if (int) return /\bunsigned\b/i.test(columnType) ? int[1] : int[0];
  // Types MariaDB has beyond MySQL's (inet6, uuid, ...) hold text as far as routing goes.
  return OTHER_TYPES[t] ?? 'VARCHAR';
}
