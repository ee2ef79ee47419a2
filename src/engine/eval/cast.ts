/**
 * CAST(x AS type) / CONVERT(x, type) at vtgate, with MariaDB's conversions for the types a
 * projection over merged rows uses: SIGNED / UNSIGNED (exact numbers rounded half away from
 * zero, doubles half to even,
 * text read up to its first non-digit; a negative integer wraps to UNSIGNED, a negative
 * fraction gives 0), DECIMAL(M,D) (rounded to D places, clamped to M digits as
 * MySQL clamps an out-of-range value), CHAR(N) / BINARY(N), and DOUBLE / FLOAT. Any other target
 * fails with EXPRESSION_NOT_SUPPORTED.
 */
import { NULL_VALUE, bytesValue, textValue, valueText, type SqlType, type SqlValue } from '../../vindexes/value.js';
import { parseDecimal, rescale, type Decimal } from '../decimal.js';
import { expressionNotSupported } from '../errors.js';
import { typeClass, BINARY_COLLATION } from '../fields.js';
import type { Compiled } from './compile.js';
import { decimalValue, doubleOf, exactNumber, floatValue, formatFloat, intValue } from './values.js';

interface Target {
  readonly type: SqlType;
  readonly convert: (v: SqlValue) => SqlValue;
}

export function compileCast(target: string, style: 'cast' | 'convert' | 'convert_using', inner: Compiled): Compiled {
  if (style === 'convert_using') throw expressionNotSupported(`convert(... using ${target})`);
  const t = castTarget(target);
  const f = inner.evaluate;
  return {
    evaluate: (row, binds) => {
      const v = f(row, binds);
      return v.type === 'NULL_TYPE' ? NULL_VALUE : t.convert(v);
    },
    type: t.type,
    collation: t.type === 'VARBINARY' ? BINARY_COLLATION : inner.collation,
  };
}

const TYPE = /^([a-z]+)(?:\s+(integer|int))?\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/;

function castTarget(text: string): Target {
  const m = TYPE.exec(text.trim().toLowerCase());
  if (!m) throw expressionNotSupported(`cast to ${text}`);
  const [, name, , n, d] = m;
  switch (name) {
    case 'signed':
      return { type: 'INT64', convert: (v) => intValue(clampInt(integral(v), -(2n ** 63n), 2n ** 63n - 1n)) };
    case 'unsigned':
      // A negative integer wraps around; MariaDB gives 0 for a negative DECIMAL or double.
      return { type: 'UINT64', convert: (v) => intValue(fractional(v) && integral(v) < 0n ? 0n : BigInt.asUintN(64, integral(v)), true) };
    case 'decimal': {
      const precision = n === undefined ? 10 : Number(n);
      const scale = d === undefined ? 0 : Number(d);
      return { type: 'DECIMAL', convert: (v) => decimalValue(toDecimal(v, precision, scale)) };
    }
    case 'char':
      return { type: 'VARCHAR', convert: (v) => textValue('VARCHAR', n === undefined ? valueText(v) : [...valueText(v)].slice(0, Number(n)).join('')) };
    case 'binary':
      return { type: 'VARBINARY', convert: (v) => bytesValue(n === undefined ? v.raw : padded(v.raw, Number(n))) };
    case 'double':
    case 'float':
    case 'real':
      return { type: 'FLOAT64', convert: (v) => floatValue(doubleOf(v)) };
    default:
      throw expressionNotSupported(`cast to ${text}`);
  }
}

/**
 * An exact number rounded half away from zero, a double rounded half to even (MariaDB's rint),
 * text read as MySQL reads an integer (its leading digits).
 */
function integral(v: SqlValue): bigint {
  const c = typeClass(v.type);
  if (c === 'float') return BigInt(halfEven(doubleOf(v)));
  if (c === 'int' || c === 'uint' || c === 'decimal') return rescale(decimalOf(v), 0);
  const m = /^\s*([+-]?[0-9]+)/.exec(valueText(v));
  return m ? BigInt(m[1]!) : 0n;
}

function halfEven(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x);
  // Math.round rounds .5 up: move ties to the even neighbour.
  const even = Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return BigInt(Math.trunc(even)).toString();
}

function fractional(v: SqlValue): boolean {
  const c = typeClass(v.type);
  return c === 'decimal' || c === 'float';
}

function decimalOf(v: SqlValue): Decimal {
  return exactNumber(v) ?? parseDecimal(typeClass(v.type) === 'float' ? formatFloat(doubleOf(v)) : numericPrefix(valueText(v))) ?? { units: 0n, scale: 0 };
}

function numericPrefix(text: string): string {
  return /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text)?.[0] ?? '0';
}

function toDecimal(v: SqlValue, precision: number, scale: number): Decimal {
  const units = rescale(decimalOf(v), scale);
  const max = 10n ** BigInt(precision) - 1n;
  return { units: clampInt(units, -max, max), scale };
}

function clampInt(n: bigint, min: bigint, max: bigint): bigint {
  return n < min ? min : n > max ? max : n;
}

function padded(raw: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(raw.subarray(0, n));
  return out;
}
