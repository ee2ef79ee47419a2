/**
 * Recognising a MySQL error behind whatever the LookupPort threw. Vitess converts the error
 * with sqlerror.NewSQLErrorFromError: a native SQL error keeps its number, otherwise the
 * number is parsed from `(errno N) (sqlstate XXXXX)` in the text. Here the native form is a
 * mysql2-style error (a numeric `errno`), found on the error or anywhere in its cause chain.
 */

/** MySQL ER_DUP_ENTRY. */
export const ER_DUP_ENTRY = 1062;

/** Vitess vterrors.TxRollbackOnPartialExec: the statement already rolled its changes back. */
export const PARTIAL_DML_ROLLED_BACK = 'transaction rolled back to reverse changes of partial DML execution';

// Go's `.*\(errno ([0-9]*)\) \(sqlstate ([0-9a-zA-Z]{5})\).*`: the leading greedy `.*` makes
// the last occurrence on the first matching line win (`.` does not cross a newline).
const ERRNO_IN_TEXT = /\(errno ([0-9]*)\) \(sqlstate ([0-9a-zA-Z]{5})\)/g;
const MAX_CAUSE_DEPTH = 8;

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(err);
}

/** The MySQL error number behind `err`, or undefined when it is not a MySQL error. */
export function mysqlErrorNumber(err: unknown): number | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const errno = (current as { errno?: unknown }).errno;
    if (typeof errno === 'number' && Number.isInteger(errno) && errno > 0) return errno;
    current = (current as { cause?: unknown }).cause;
  }
  return errnoFromText(errorMessage(err));
}

function errnoFromText(message: string): number | undefined {
  for (const line of message.split('\n')) {
    let last: RegExpMatchArray | undefined;
    for (const match of line.matchAll(ERRNO_IN_TEXT)) last = match;
    if (last === undefined) continue;
    // strconv.ParseUint(text, 10, 16); 0 or unparsable means "not a MySQL error".
    const digits = last[1] ?? '';
    if (!/^[0-9]+$/.test(digits)) return undefined;
    const n = Number(digits);
    return n > 0 && n <= 0xffff ? n : undefined;
  }
  return undefined;
}

export function isDuplicateKeyError(err: unknown): boolean {
  return mysqlErrorNumber(err) === ER_DUP_ENTRY;
}
