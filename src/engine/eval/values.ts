/** Building typed result values for the evaluator and the aggregates. */
import { NULL_VALUE, textValue, type SqlValue } from '../../vindexes/value.js';
import { formatDecimal, parseDecimal, type Decimal } from '../decimal.js';
import { exactOf, toDouble } from '../compare.js';
import { typeClass } from '../fields.js';
import { EngineError } from '../errors.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export const TRUE_VALUE = textValue('INT64', '1');
export const FALSE_VALUE = textValue('INT64', '0');

export function boolValue(b: boolean | null): SqlValue {
  return b === null ? NULL_VALUE : b ? TRUE_VALUE : FALSE_VALUE;
}

export function intValue(n: bigint, unsigned = false): SqlValue {
  if (unsigned ? n < 0n || n > UINT64_MAX : n < INT64_MIN || n > INT64_MAX) {
    throw new EngineError('DATA_OUT_OF_RANGE', `BIGINT${unsigned ? ' UNSIGNED' : ''} value is out of range`);
  }
  return textValue(unsigned ? 'UINT64' : 'INT64', n.toString());
}

export function decimalValue(d: Decimal): SqlValue {
  return textValue('DECIMAL', formatDecimal(d));
}

/** A double as MySQL prints it (shortest round-trip form, exponent without '+'). */
export function floatValue(n: number): SqlValue {
  if (!Number.isFinite(n)) return NULL_VALUE;
  return textValue('FLOAT64', formatFloat(n));
}

export function formatFloat(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n).replace('e+', 'e');
}

/** A value's exact number (integers, DECIMAL, and numeric text); undefined when it is not exact. */
export function exactNumber(v: SqlValue): Decimal | undefined {
  return exactOf(v);
}

/** The value as a double, MySQL's conversion for text. */
export function doubleOf(v: SqlValue): number {
  return toDouble(v);
}

/** MySQL truth: NULL, or whether the value is non-zero as a number. */
export function truthOf(v: SqlValue): boolean | null {
  if (v.type === 'NULL_TYPE') return null;
  const c = typeClass(v.type);
  if (c === 'int' || c === 'uint' || c === 'decimal') {
    const d = exactOf(v);
    return d ? d.units !== 0n : false;
  }
  return doubleOf(v) !== 0;
}

export function integerOf(v: SqlValue): bigint | undefined {
  const d = exactOf(v) ?? parseDecimal(String(Math.trunc(toDouble(v))));
  if (!d) return undefined;
  if (d.scale <= 0) return d.units * 10n ** BigInt(-d.scale);
  return d.units / 10n ** BigInt(d.scale);
}
