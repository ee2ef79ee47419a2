/**
 * The default for LookupPort.nullSafeEqual: MySQL's `<=>` as Vitess's evalengine applies it
 * with the connection collation (utf8mb4_0900_ai_ci by default). A consistent lookup compares
 * old and new values with it and skips an Update when all are equal, because re-inserting
 * `'ABC'` over `'abc'` under a case-insensitive key would look like a duplicate.
 *
 * Approximation, on purpose: integers compare exactly, other numbers (and numbers against
 * strings) as doubles, strings with base-letter sensitivity and no padding (as 0900_ai_ci),
 * everything else byte for byte. An executor that knows better supplies its own.
 */
import { isIntegral, isNull, type SqlType, type SqlValue } from '../value.js';

const APPROX_NUMERIC: ReadonlySet<SqlType> = new Set<SqlType>(['FLOAT32', 'FLOAT64', 'DECIMAL']);
const COLLATED_TEXT: ReadonlySet<SqlType> = new Set<SqlType>(['TEXT', 'VARCHAR', 'CHAR', 'ENUM', 'SET']);
const INTEGER_TEXT = /^[+-]?[0-9]+$/;

const decoder = new TextDecoder('utf-8', { fatal: false });
let collator: Intl.Collator | undefined;

function text(v: SqlValue): string {
  return decoder.decode(v.raw);
}

function isNumeric(t: SqlType): boolean {
  return isIntegral(t) || APPROX_NUMERIC.has(t);
}

/** MySQL's string-to-double: the longest numeric prefix, 0 when there is none. */
function toDouble(v: SqlValue): number {
  const n = Number.parseFloat(text(v).trim());
  return Number.isNaN(n) ? 0 : n;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function nullSafeEqual(a: SqlValue, b: SqlValue): boolean {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  if (isIntegral(a.type) && isIntegral(b.type)) {
    const ta = text(a).trim();
    const tb = text(b).trim();
    if (INTEGER_TEXT.test(ta) && INTEGER_TEXT.test(tb)) return BigInt(ta) === BigInt(tb);
  }
  const aNum = isNumeric(a.type);
  const bNum = isNumeric(b.type);
  if ((aNum && (bNum || COLLATED_TEXT.has(b.type))) || (bNum && COLLATED_TEXT.has(a.type))) {
    return toDouble(a) === toDouble(b);
  }
  if (COLLATED_TEXT.has(a.type) && COLLATED_TEXT.has(b.type)) {
    collator ??= new Intl.Collator('und', { sensitivity: 'base', usage: 'search' });
    return collator.compare(text(a), text(b)) === 0;
  }
  return bytesEqual(a.raw, b.raw);
}
