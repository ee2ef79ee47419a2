/**
 * Schema tracking, the part the planner needs: primary keys, unique keys, foreign keys and the
 * tables' columns read from information_schema on the first shard of every keyspace (Vitess's
 * vttablets report the same to vtgate). The planner uses them where Vitess does: DML that must
 * first select the rows it changes (DMLWithInput) selects their primary key, managed foreign
 * keys plan cascades, and the columns (with their types and collations) make a table's column
 * list authoritative: `*` expands at vtgate, and values of known types compare at vtgate.
 *
 * One read, when the caller asks (`trackSchema(pools, vschema)`), not a background poll: the
 * schema of a sharded keyspace is the same on every shard, and DDL through the router is rare
 * enough that the caller re-reads after it.
 */
import type { PlannerSettings, TableKey, ForeignKey, ForeignKeyAction } from '../planner/context.js';
import type { Column, VSchema } from '../vschema/model.js';
import type { TrackedTable } from '../vschema/tracked-columns.js';
import type { DriverPool } from './driver.js';
import { onShard } from './errors.js';
import type { ShardPools } from './shard-pools.js';

export type TrackedSchema = Pick<PlannerSettings, 'primaryKeys' | 'uniqueKeys' | 'foreignKeys' | 'trackedColumns'>;

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

/** Reads the keys and columns of every keyspace (first shard, primary) for the planner. */
export async function trackSchema(pools: ShardPools, vschema: VSchema): Promise<TrackedSchema> {
  const primaryKeys: TableKey[] = [];
  const uniqueKeys: TableKey[] = [];
  const foreignKeys: ForeignKey[] = [];
  const trackedColumns: TrackedTable[] = [];
  for (const ks of vschema.keyspaces.keys()) {
    const shard = pools.topology.shardMap(ks).shardNames[0];
    if (shard === undefined) continue;
    const pool: DriverPool = pools.pick(ks, shard, 'primary');
    const target = { keyspace: ks, shard, tabletType: 'primary' as const };
    const [columnRows] = await onShard(target, () => pool.query(COLUMNS_SQL));
    trackedColumns.push(...tablesOf(ks, columnRows as readonly ColumnRow[]));
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
  return { primaryKeys, uniqueKeys, foreignKeys, trackedColumns };
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

// Every column of the shard's own database's tables (not views), in table order.
const COLUMNS_SQL = `select c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.COLLATION_NAME, c.IS_NULLABLE, c.EXTRA
from information_schema.COLUMNS c
join information_schema.TABLES t on t.TABLE_SCHEMA = c.TABLE_SCHEMA and t.TABLE_NAME = c.TABLE_NAME
where c.TABLE_SCHEMA = database() and t.TABLE_TYPE = 'BASE TABLE'
order by c.TABLE_NAME, c.ORDINAL_POSITION`;

function tablesOf(keyspace: string, rows: readonly ColumnRow[]): TrackedTable[] {
  const byTable = new Map<string, Column[]>();
  for (const r of rows) {
    if (typeof r.TABLE_NAME !== 'string' || typeof r.COLUMN_NAME !== 'string') continue;
    let columns = byTable.get(r.TABLE_NAME);
    if (!columns) byTable.set(r.TABLE_NAME, (columns = []));
    const columnType = String(r.COLUMN_TYPE ?? '');
    const size = /\((\d+)(?:,(\d+))?\)/.exec(columnType);
    columns.push({
      name: r.COLUMN_NAME,
      type: vitessType(String(r.DATA_TYPE ?? ''), columnType),
      invisible: /\bINVISIBLE\b/i.test(r.EXTRA ?? ''),
      default: null,
      collationName: r.COLLATION_NAME ?? null,
      size: size ? Number(size[1]) : null,
      scale: size?.[2] !== undefined ? Number(size[2]) : null,
      nullable: r.IS_NULLABLE === 'YES',
      values: [],
    });
  }
  return [...byTable].map(([table, columns]) => ({ keyspace, table, columns }));
}

/** Vitess's type name (querypb.Type) of a MySQL column type; null for types the planner does not compare itself. */
export function vitessType(dataType: string, columnType: string): string | null {
  const unsigned = /\bunsigned\b/i.test(columnType);
  const int = (bits: string): string => `${unsigned ? 'UINT' : 'INT'}${bits}`;
  switch (dataType.toLowerCase()) {
    case 'tinyint': return int('8');
    case 'smallint': return int('16');
    case 'mediumint': return int('24');
    case 'int': case 'integer': return int('32');
    case 'bigint': return int('64');
    case 'decimal': case 'numeric': return 'DECIMAL';
    case 'float': return 'FLOAT32';
    case 'double': case 'real': return 'FLOAT64';
    case 'bit': return 'BIT';
    case 'date': return 'DATE';
    case 'datetime': return 'DATETIME';
    case 'timestamp': return 'TIMESTAMP';
    case 'time': return 'TIME';
    case 'year': return 'YEAR';
    case 'char': return 'CHAR';
    case 'varchar': return 'VARCHAR';
    case 'binary': return 'BINARY';
    case 'varbinary': return 'VARBINARY';
    case 'tinytext': case 'text': case 'mediumtext': case 'longtext': return 'TEXT';
    case 'tinyblob': case 'blob': case 'mediumblob': case 'longblob': return 'BLOB';
    // ENUM and SET sort by their members' positions, JSON by its own rules: the shards compare them.
    default: return null;
  }
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
