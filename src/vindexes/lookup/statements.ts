/**
 * The SQL a lookup vindex sends, built exactly as Vitess builds it (spec §6.2, §7.4). Table and
 * column names are used as given in the params (Vitess does not quote or validate them); the
 * owner table and columns of a consistent lookup are printed as identifiers, quoted when needed.
 */
import type { ReadLock } from '../lookup-params.js';
import { formatIdentifier } from './sql-ident.js';

export interface LookupTableShape {
  readonly table: string;
  readonly from: readonly string[];
  readonly to: string;
}

/** `select f1, to from T where f1 in ::f1`: Map and Verify use only the first from-column. */
export function selectSql(t: LookupTableShape): string {
  const f1 = t.from[0] ?? '';
  return `select ${f1}, ${t.to} from ${t.table} where ${f1} in ::${f1}`;
}

/** What a Map SELECT gets inside a DML transaction, so the rows stay locked until commit. */
export function lockSuffix(readLock: ReadLock): string {
  switch (readLock) {
    case 'exclusive':
      return ' for update';
    case 'shared':
      return ' lock in share mode';
    case 'none':
      return '';
  }
}

export function verifySql(t: LookupTableShape): string {
  const f1 = t.from[0] ?? '';
  return `select ${f1} from ${t.table} where ${f1} = :${f1} and ${t.to} = :${t.to}`;
}

export function deleteSql(t: LookupTableShape): string {
  const where = [...t.from, t.to].map((column) => `${column} = :${column}`).join(' and ');
  return `delete from ${t.table} where ${where}`;
}

export interface InsertOptions {
  readonly rowCount: number;
  readonly ignore: boolean;
  readonly upsert: boolean;
  readonly multiShardAutocommit: boolean;
}

/** Bind names are `<column>_<row>`, numbered after the rows were sorted. */
export function insertBindName(column: string, row: number): string {
  return `${column}_${row}`;
}

/**
 * `insert[ <comment>][ ignore] into T(fa, fb, to) values(:fa_0, :fb_0, :to_0), (...)` where the
 * comment is the MULTI_SHARD_AUTOCOMMIT=1 directive, and, for upserts,
 * ` on duplicate key update fa=values(fa), fb=values(fb), to=values(to)`.
 */
export function insertSql(t: LookupTableShape, options: InsertOptions): string {
  let sql = options.multiShardAutocommit ? 'insert /*vt+ MULTI_SHARD_AUTOCOMMIT=1 */' : 'insert';
  sql += options.ignore ? ` ignore into ${t.table}(` : ` into ${t.table}(`;
  for (const column of t.from) sql += `${column}, `;
  sql += `${t.to}) values(`;
  for (let row = 0; row < options.rowCount; row++) {
    if (row !== 0) sql += ', (';
    for (const column of t.from) sql += `:${insertBindName(column, row)}, `;
    sql += `:${insertBindName(t.to, row)})`;
  }
  if (options.upsert) {
    sql += ' on duplicate key update ';
    for (const column of t.from) sql += `${column}=values(${column}), `;
    sql += `${t.to}=values(${t.to})`;
  }
  return sql;
}

/** The statements a consistent lookup derives once it knows its owner table (spec §7.4). */
export interface ConsistentStatements {
  readonly lockLookup: string;
  readonly lockOwner: string;
  readonly insertLookup: string;
  readonly updateLookup: string;
}

export function consistentStatements(t: LookupTableShape, ownerTable: string, ownerColumns: readonly string[]): ConsistentStatements {
  const fromEquals = t.from.map((column) => `${column} = :${column}`).join(' and ');
  const owner = ownerColumns.map(formatIdentifier);
  const ownerEquals = owner.map((column, i) => `${column} = :${t.from[i] ?? ''}`).join(' and ');
  return {
    lockLookup: `select ${t.to} from ${t.table} where ${fromEquals} for update`,
    lockOwner: `select ${owner[0] ?? ''} from ${formatIdentifier(ownerTable)} where ${ownerEquals} lock in share mode`,
    insertLookup: `insert into ${t.table}(${[...t.from, t.to].join(', ')}) values(${[...t.from, t.to].map((c) => `:${c}`).join(', ')})`,
    updateLookup: `update ${t.table} set ${t.to}=:${t.to} where ${fromEquals}`,
  };
}
