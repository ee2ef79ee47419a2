/**
 * Vitess prints values into some lookup errors with Go's %v (`unexpected multiple results from
 * vindex t: INT64(1)`, `unexpected rows: [[VARBINARY("1")]]`); these reproduce that text.
 */
import { goQuoteBytes } from '../convert.js';
import type { SqlType, SqlValue } from '../value.js';

/** Types Vitess prints quoted (sqltypes.IsQuoted, plus BIT). */
const QUOTED: ReadonlySet<SqlType> = new Set<SqlType>([
  'TIMESTAMP', 'DATE', 'TIME', 'DATETIME', 'TEXT', 'BLOB', 'VARCHAR', 'VARBINARY', 'CHAR', 'BINARY',
  'BIT', 'ENUM', 'SET', 'GEOMETRY', 'JSON',
]);

const decoder = new TextDecoder('utf-8', { fatal: false });

/** sqltypes.Value.String(): `NULL`, `INT64(1)`, `VARCHAR("a")`. */
export function formatValue(v: SqlValue): string {
  if (v.type === 'NULL_TYPE') return 'NULL';
  if (QUOTED.has(v.type)) return `${v.type}(${goQuoteBytes(v.raw)})`;
  return `${v.type}(${decoder.decode(v.raw)})`;
}

/** `%v` of [][]sqltypes.Value: `[[INT64(1) VARBINARY("x")] [...]]`. */
export function formatRows(rows: readonly (readonly SqlValue[])[]): string {
  return `[${rows.map((row) => `[${row.map(formatValue).join(' ')}]`).join(' ')}]`;
}
