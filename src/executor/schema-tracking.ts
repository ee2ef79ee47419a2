/**
 * Schema tracking, the part the planner needs: every table's columns with their types, primary
 * keys, unique keys and foreign keys, read from information_schema on the first shard of every
 * keyspace (Vitess's vttablets report the same to vtgate). The planner uses them where Vitess
 * does: column lists expand `*` and give types (vschema/tracked-columns.ts, applied by
 * createRouter), DML that must first select the rows it changes (DMLWithInput) selects their
 * primary key, and managed foreign keys plan cascades.
 *
 * One read, when the caller asks (`trackSchema(pools, vschema)`), not a background poll: the
 * schema of a sharded keyspace is the same on every shard, and DDL through the router is rare
 * enough that the caller re-reads after it.
 */
import type { PlannerSettings, TableKey, ForeignKey, ForeignKeyAction } from '../planner/context.js';
import type { VSchema } from '../vschema/model.js';
import { queryTypeOf, type TrackedColumn, type TrackedTable } from '../vschema/tracked-columns.js';
import type { DriverPool } from './driver.js';
import { onShard } from './errors.js';
import type { ShardPools } from './shard-pools.js';

export type TrackedSchema = Pick<PlannerSettings, 'primaryKeys' | 'uniqueKeys' | 'foreignKeys'> & {
  /** Every table's columns in table order, for withTrackedColumns. */
  readonly columns: readonly TrackedTable[];
};

interface ColumnRow {
  readonly TABLE_NAME: string;
  readonly COLUMN_NAME: string;
  readonly DATA_TYPE: string;
  readonly COLUMN_TYPE: string;
  readonly COLLATION_NAME: string | null;
  readonly CHARACTER_MAXIMUM_LENGTH: number | string | null;
  readonly NUMERIC_PRECISION: number | string | null;
  readonly NUMERIC_SCALE: number | string | null;
  readonly IS_NULLABLE: string;
  readonly EXTRA: string | null;
}

const COLUMNS_SQL = `select TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLLATION_NAME, CHARACTER_MAXIMUM_LENGTH,
  NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, EXTRA
from information_schema.COLUMNS where TABLE_SCHEMA = database() order by TABLE_NAME, ORDINAL_POSITION`;

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
  const columns: TrackedTable[] = [];
  for (const ks of vschema.keyspaces.keys()) {
    const shard = pools.topology.shardMap(ks).shardNames[0];
    if (shard === undefined) continue;
    const pool: DriverPool = pools.pick(ks, shard, 'primary');
    const target = { keyspace: ks, shard, tabletType: 'primary' as const };
    const [rows] = await onShard(target, () => pool.query(KEYS_SQL));
    const [columnRows] = await onShard(target, () => pool.query(COLUMNS_SQL));
    columns.push(...groupColumns(ks, columnRows as readonly ColumnRow[]));
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
  return { primaryKeys, uniqueKeys, foreignKeys, columns };
}

function groupColumns(keyspace: string, rows: readonly ColumnRow[]): TrackedTable[] {
  const byTable = new Map<string, TrackedColumn[]>();
  const number = (v: number | string | null): number | null => (v === null ? null : Number(v));
  for (const r of rows) {
    let list = byTable.get(r.TABLE_NAME);
    if (!list) byTable.set(r.TABLE_NAME, (list = []));
    const numeric = r.NUMERIC_PRECISION !== null;
    list.push({
      name: r.COLUMN_NAME,
      type: queryTypeOf(String(r.DATA_TYPE ?? ''), String(r.COLUMN_TYPE ?? '')),
      collation: r.COLLATION_NAME,
      size: numeric ? number(r.NUMERIC_PRECISION) : number(r.CHARACTER_MAXIMUM_LENGTH),
      scale: numeric ? number(r.NUMERIC_SCALE) : null,
      nullable: r.IS_NULLABLE === 'YES',
      invisible: /\binvisible\b/i.test(String(r.EXTRA ?? '')),
    });
  }
  return [...byTable].map(([table, cols]) => ({ keyspace, table, columns: cols }));
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
