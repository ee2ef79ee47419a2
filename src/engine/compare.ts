/**
 * Comparing two values as MySQL does (Vitess evalengine's NullsafeCompare): NULL first, numbers
 * by value (exactly for integers and DECIMAL, as doubles once a float is involved), text by its
 * collation, dates and times by their canonical text, and a number against text by converting
 * the text to a double.
 */
import { valueText, type SqlValue } from '../vindexes/value.js';
import { compareBytes, compareText, textKey } from './collation.js';
import { compareDecimal, parseDecimal, type Decimal } from './decimal.js';
import { BINARY_COLLATION, typeClass } from './fields.js';
import type { EngineField, Row } from './result.js';

export function isNullValue(v: SqlValue): boolean {
  return v.type === 'NULL_TYPE';
}

/** The value as an exact decimal when its type is integral or DECIMAL. */
export function exactOf(v: SqlValue): Decimal | undefined {
  const c = typeClass(v.type);
  if (c !== 'int' && c !== 'uint' && c !== 'decimal') return undefined;
  return parseDecimal(valueText(v));
}

/** MySQL's text-to-number conversion: the longest numeric prefix, 0 when there is none. */
export function toDouble(v: SqlValue): number {
  if (v.type === 'BIT') {
    let n = 0;
    for (const b of v.raw) n = n * 256 + b;
    return n;
  }
  const text = valueText(v).trim();
  const m = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text);
  return m ? Number(m[0]) : 0;
}

function isNumeric(v: SqlValue): boolean {
  const c = typeClass(v.type);
  return c === 'int' || c === 'uint' || c === 'decimal' || c === 'float';
}

/** Negative, 0 or positive; NULL sorts before everything (and equals NULL). */
export function compareValues(a: SqlValue, b: SqlValue, collation: number = BINARY_COLLATION): number {
  const an = isNullValue(a);
  const bn = isNullValue(b);
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (isNumeric(a) && isNumeric(b)) {
    const x = exactOf(a);
    const y = exactOf(b);
    if (x && y) return compareDecimal(x, y);
    return numberCompare(toDouble(a), toDouble(b));
  }
  if (isNumeric(a) || isNumeric(b)) {
    // A number against text or a date: MySQL compares them as doubles.
    return numberCompare(toDouble(a), toDouble(b));
  }
  const ca = typeClass(a.type);
  const cb = typeClass(b.type);
  if (ca === 'binary' || cb === 'binary') return compareBytes(a.raw, b.raw);
  if (ca === 'temporal' || cb === 'temporal') return compareBytes(a.raw, b.raw);
  return compareText(a.raw, b.raw, collation);
}

function numberCompare(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A string equal for values that compare equal (hash key for DISTINCT and COUNT(DISTINCT)). */
export function valueKey(v: SqlValue, collation: number = BINARY_COLLATION): string {
  if (isNullValue(v)) return '\u0000N';
  const c = typeClass(v.type);
  if (c === 'int' || c === 'uint' || c === 'decimal') {
    const d = exactOf(v);
    if (d) return `#${normalizedDecimal(d)}`;
  }
  if (c === 'float') return `#${String(toDouble(v))}`;
  if (c === 'binary' || c === 'temporal') return `b${textKey(v.raw, BINARY_COLLATION)}`;
  return `t${textKey(v.raw, collation)}`;
}

function normalizedDecimal(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return scale === 0 ? units.toString() : `${units}e-${scale}`;
}

/** A column rows are compared on (the planner's CompareColumn), with the collation read off the result. */
export interface ColumnKey {
  readonly col: number;
  /** Offset of the shard's weight_string(col), -1 when none. */
  readonly weightStringCol: number;
  readonly collation: number;
  /**
   * The column is text but holds values of other types too (a UNION of a DATE and a VARCHAR
   * side): MySQL compares them all as text, converted to the column's type.
   */
  readonly asText?: boolean;
}

/**
 * Compares two rows on one column: by the weight_string bytes when the plan asked for them and
 * both rows have one — MariaDB's weight_string() of a number is NULL where MySQL's is bytes —,
 * else by the values under the column's collation.
 */
export function compareOn(a: Row, b: Row, k: ColumnKey): number {
  if (k.asText) {
    const x = a[k.col]!;
    const y = b[k.col]!;
    if (isNullValue(x) || isNullValue(y)) return compareValues(x, y);
    return compareText(x.raw, y.raw, k.collation);
  }
  if (k.weightStringCol >= 0) {
    const wa = a[k.weightStringCol]!;
    const wb = b[k.weightStringCol]!;
    if (!isNullValue(wa) && !isNullValue(wb)) return compareBytes(wa.raw, wb.raw);
  }
  return compareValues(a[k.col]!, b[k.col]!, k.collation);
}

/**
 * The ColumnKeys of planner compare columns over a result's fields. Given the rows, a text column
 * whose values are not all text (the sides of a UNION typed apart: their weight strings, computed
 * per side, do not compare) is compared as text under its collation.
 */
export function columnKeys(
  columns: readonly { readonly col: number; readonly weightStringCol: number }[], fields: readonly EngineField[], rows?: readonly Row[],
): ColumnKey[] {
  return columns.map((c) => {
    const field = fields[c.col];
    const key = { col: c.col, weightStringCol: c.weightStringCol, collation: field?.collation ?? BINARY_COLLATION };
    if (!rows || !field || typeClass(field.type) !== 'text') return key;
    const mixed = rows.some((r) => {
      const v = r[c.col];
      return v !== undefined && !isNullValue(v) && typeClass(v.type) !== 'text';
    });
    return mixed ? { ...key, weightStringCol: -1, asText: true } : key;
  });
}
