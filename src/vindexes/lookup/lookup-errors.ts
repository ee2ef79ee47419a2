/**
 * The errors the lookup engine raises, with Vitess's texts. A failed statement is wrapped as
 * `<where>: <the port's message>` (Vitess vterrors.Wrap) and keeps the port's error as `cause`,
 * so a caller can still reach the MySQL error number.
 */
import { VindexError } from '../../errors.js';
import { formatValue } from './go-format.js';
import type { SqlValue } from '../value.js';
import { errorMessage, mysqlErrorNumber } from './mysql-error.js';

/** `lookup.Map: <err>`, `lookup.Create: <err>`, ... (code LOOKUP_QUERY_FAILED). */
export function queryFailed(where: string, err: unknown): VindexError {
  const errno = mysqlErrorNumber(err);
  return new VindexError('LOOKUP_QUERY_FAILED', `${where}: ${errorMessage(err)}`, {
    cause: err,
    details: errno === undefined ? { operation: where } : { operation: where, errno },
  });
}

/** Plain `fmt.Errorf("<where>: %v", err)` around a conversion failure (vunhash, convert). */
export function conversionFailed(where: string, err: unknown): VindexError {
  const code = err instanceof VindexError ? err.code : 'VINDEX_VALUE_INVALID';
  return new VindexError(code, `${where}: ${errorMessage(err)}`, { cause: err, details: { operation: where } });
}

export function noPort(): VindexError {
  return new VindexError('VT13001', 'VT13001: [BUG] cannot perform lookup: no vcursor provided');
}

export function nullColumn(fromColumns: readonly string[], row: number, col: number): VindexError {
  return new VindexError('VT03028', `VT03028: Column '${fromColumns.join(',')}' cannot be null on row ${row}, col ${col}`, {
    details: { row, col },
  });
}

/** Go prints the column slice with %v: `[fa fb]`. */
export function columnCountMismatch(fromColumns: readonly string[], count: number): VindexError {
  return new VindexError(
    'VT03030',
    `VT03030: lookup column count does not match value count with the row (columns, count): ([${fromColumns.join(' ')}], ${count})`,
    { details: { columns: fromColumns.length, count } },
  );
}

/** `<prefix>: unexpected multiple results from vindex <table>: INT64(1)`. */
export function multipleResults(prefix: string, table: string, id: SqlValue): VindexError {
  return new VindexError('LOOKUP_MULTIPLE_RESULTS', `${prefix}: unexpected multiple results from vindex ${table}: ${formatValue(id)}`, {
    details: { table },
  });
}

/** A result row without the column the engine reads (Vitess would index out of range). */
export function shortRow(table: string, need: number, got: number): VindexError {
  return new VindexError('LOOKUP_RESULT_INVALID', `lookup query on ${table} returned a row of ${got} columns, need ${need}`, {
    details: { table },
  });
}
