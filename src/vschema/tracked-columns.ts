/**
 * Schema tracking's column lists merged into a VSchema, as Vitess's vtgate does with what its
 * tablets report: a declared table whose column list is not authoritative gets the columns the
 * database has, in table order and with their types, and becomes authoritative. So `select *`
 * expands where vtgate must see the columns (ORDER BY or DISTINCT over several shards, joins),
 * and typed columns compare without a weight_string.
 *
 * Columns the VSchema declares keep their declaration (the user's type wins); a table whose
 * list is already authoritative is left alone; tables the VSchema does not declare stay
 * undeclared (adding them could make an unqualified name ambiguous).
 */
import { rebuildVSchema } from './build.js';
import type { VSchema } from './model.js';
import type { ColumnSpec, SrvVSchemaSpec, TableSpec } from './spec-types.js';

export interface TrackedColumn {
  readonly name: string;
  /** A query.Type name (INT64, VARCHAR, ...); null when the database type has none. */
  readonly type: string | null;
  readonly collation: string | null;
  readonly size: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  /** MySQL's INVISIBLE columns: `*` leaves them out. */
  readonly invisible?: boolean;
}

export interface TrackedTable {
  readonly keyspace: string;
  readonly table: string;
  readonly columns: readonly TrackedColumn[];
}

/** The VSchema with tracked column lists merged in; the same object when nothing changes. */
export function withTrackedColumns(vschema: VSchema, tracked: readonly TrackedTable[]): VSchema {
  const spec = JSON.parse(JSON.stringify(vschema.spec)) as { keyspaces?: Record<string, { tables?: Record<string, TableSpec> }> } & SrvVSchemaSpec;
  let changed = false;
  for (const t of tracked) {
    const tables = spec.keyspaces?.[t.keyspace]?.tables;
    const name = tables ? Object.keys(tables).find((n) => n.toLowerCase() === t.table.toLowerCase()) : undefined;
    if (!tables || name === undefined || t.columns.length === 0) continue;
    const table = tables[name]!;
    if (table.column_list_authoritative === true) continue;
    const declared = new Map((table.columns ?? []).map((c) => [(c.name ?? '').toLowerCase(), c]));
    const columns = t.columns.map((c) => declared.get(c.name.toLowerCase()) ?? columnSpec(c));
    // A declared column the database lacks stays (the VSchema says so); it goes last.
    for (const [lower, c] of declared) if (!t.columns.some((tc) => tc.name.toLowerCase() === lower)) columns.push(c);
    tables[name] = { ...table, columns, column_list_authoritative: true };
    changed = true;
  }
  return changed ? rebuildVSchema(vschema, spec) : vschema;
}

function columnSpec(c: TrackedColumn): ColumnSpec {
  return {
    name: c.name,
    ...(c.type !== null ? { type: c.type } : {}),
    ...(c.collation !== null ? { collation_name: c.collation } : {}),
    ...(c.size !== null ? { size: c.size } : {}),
    ...(c.scale !== null ? { scale: c.scale } : {}),
    nullable: c.nullable,
    ...(c.invisible ? { invisible: true } : {}),
  };
}

/** MySQL's information_schema DATA_TYPE (and COLUMN_TYPE for `unsigned`) → Vitess's query.Type name. */
export function queryTypeOf(dataType: string, columnType: string): string | null {
  const unsigned = /\bunsigned\b/i.test(columnType);
  const u = (signed: string): string => (unsigned ? `U${signed}` : signed);
  switch (dataType.toLowerCase()) {
    case 'tinyint': return u('INT8');
    case 'smallint': return u('INT16');
    case 'mediumint': return u('INT24');
    case 'int': case 'integer': return u('INT32');
    case 'bigint': return u('INT64');
    case 'float': return 'FLOAT32';
    case 'double': case 'real': return 'FLOAT64';
    case 'decimal': case 'numeric': return 'DECIMAL';
    case 'bit': return 'BIT';
    case 'year': return 'YEAR';
    case 'date': return 'DATE';
    case 'time': return 'TIME';
    case 'datetime': return 'DATETIME';
    case 'timestamp': return 'TIMESTAMP';
    case 'char': return 'CHAR';
    case 'varchar': return 'VARCHAR';
    case 'binary': return 'BINARY';
    case 'varbinary': return 'VARBINARY';
    case 'tinytext': case 'text': case 'mediumtext': case 'longtext': return 'TEXT';
    case 'tinyblob': case 'blob': case 'mediumblob': case 'longblob': return 'BLOB';
    case 'enum': return 'ENUM';
    case 'set': return 'SET';
    case 'json': return 'JSON';
    case 'geometry': case 'point': case 'linestring': case 'polygon': case 'multipoint': case 'multilinestring': case 'multipolygon': case 'geometrycollection': return 'GEOMETRY';
    default: return null;
  }
}
