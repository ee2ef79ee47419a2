/**
 * The scalar functions vtgate evaluates in projections and filters (what Vitess's evalengine
 * supports and the plans use): string building, NULL handling, rounding and comparisons. An
 * unknown function fails with EXPRESSION_NOT_SUPPORTED.
 */
import { bytesValue, NULL_VALUE, textValue, valueText, type SqlType, type SqlValue } from '../../vindexes/value.js';
import { weightString } from '../collation.js';
import { compareValues } from '../compare.js';
import { parseDecimal, rescale } from '../decimal.js';
import { typeClass } from '../fields.js';
import { expressionNotSupported } from '../errors.js';
import type { Compiled } from './compile.js';
import { unifiedType } from './compile.js';
import { decimalValue, doubleOf, exactNumber, floatValue, intValue, truthOf } from './values.js';
import { negate } from './arith.js';

const isNull = (v: SqlValue): boolean => v.type === 'NULL_TYPE';

export function functionType(name: string, args: readonly Compiled[]): SqlType {
  switch (name) {
    case 'concat':
    case 'concat_ws':
      return args.some((a) => typeClass(a.type) === 'binary') ? 'VARBINARY' : 'VARCHAR';
    case 'lower': case 'lcase': case 'upper': case 'ucase': case 'trim': case 'ltrim': case 'rtrim': case 'left': case 'right': case 'substr': case 'substring': case 'reverse': case 'repeat':
      return 'VARCHAR';
    case 'length': case 'char_length': case 'character_length': case 'octet_length': case 'sign': case 'isnull': case 'strcmp':
      return 'INT64';
    case 'ifnull': case 'coalesce': case 'greatest': case 'least':
      return unifiedType(args.map((a) => a.type));
    case 'if':
      return unifiedType(args.slice(1).map((a) => a.type));
    case 'nullif':
      return args[0]?.type ?? 'NULL_TYPE';
    case 'abs':
      return args[0]?.type ?? 'NULL_TYPE';
    case 'weight_string':
      return 'VARBINARY';
    case 'floor': case 'ceil': case 'ceiling': case 'round': case 'truncate': {
      const c = typeClass(args[0]?.type ?? 'NULL_TYPE');
      if (c === 'int' || c === 'uint') return 'INT64';
      if (c === 'decimal') return name === 'round' || name === 'truncate' ? 'DECIMAL' : 'INT64';
      return 'FLOAT64';
    }
    default:
      throw expressionNotSupported(`the function ${name}()`);
  }
}

export function callFunction(name: string, args: readonly SqlValue[], collation: number): SqlValue {
  switch (name) {
    case 'concat':
      if (args.some(isNull)) return NULL_VALUE;
      return textValue('VARCHAR', args.map(valueText).join(''));
    case 'concat_ws': {
      const [sep, ...rest] = args;
      if (!sep || isNull(sep)) return NULL_VALUE;
      return textValue('VARCHAR', rest.filter((v) => !isNull(v)).map(valueText).join(valueText(sep)));
    }
    case 'lower': case 'lcase':
      return map1(args, (v) => textValue('VARCHAR', valueText(v).toLowerCase()));
    case 'upper': case 'ucase':
      return map1(args, (v) => textValue('VARCHAR', valueText(v).toUpperCase()));
    case 'trim':
      return map1(args, (v) => textValue('VARCHAR', valueText(v).replace(/^ +| +$/g, '')));
    case 'ltrim':
      return map1(args, (v) => textValue('VARCHAR', valueText(v).replace(/^ +/, '')));
    case 'rtrim':
      return map1(args, (v) => textValue('VARCHAR', valueText(v).replace(/ +$/, '')));
    case 'reverse':
      return map1(args, (v) => textValue('VARCHAR', [...valueText(v)].reverse().join('')));
    case 'length': case 'octet_length':
      return map1(args, (v) => intValue(BigInt(v.raw.length)));
    case 'char_length': case 'character_length':
      return map1(args, (v) => intValue(BigInt([...valueText(v)].length)));
    case 'isnull':
      return intValue(args[0] && isNull(args[0]) ? 1n : 0n);
    case 'ifnull':
      return args[0] && !isNull(args[0]) ? args[0] : (args[1] ?? NULL_VALUE);
    case 'coalesce':
      return args.find((v) => !isNull(v)) ?? NULL_VALUE;
    case 'if':
      return truthOf(args[0] ?? NULL_VALUE) === true ? (args[1] ?? NULL_VALUE) : (args[2] ?? NULL_VALUE);
    case 'nullif':
      return args[0] && args[1] && !isNull(args[0]) && !isNull(args[1]) && compareValues(args[0], args[1], collation) === 0 ? NULL_VALUE : (args[0] ?? NULL_VALUE);
    case 'greatest':
    case 'least': {
      if (args.some(isNull) || args.length === 0) return NULL_VALUE;
      let best = args[0]!;
      for (const v of args.slice(1)) {
        const c = compareValues(v, best, collation);
        if (name === 'greatest' ? c > 0 : c < 0) best = v;
      }
      return best;
    }
    case 'strcmp':
      if (args.some(isNull)) return NULL_VALUE;
      return intValue(BigInt(Math.sign(compareValues(args[0]!, args[1]!, collation))));
    case 'abs':
      return map1(args, (v) => (compareValues(v, intValue(0n)) < 0 ? negate(v) : v));
    case 'sign':
      return map1(args, (v) => intValue(BigInt(Math.sign(compareValues(v, intValue(0n))))));
    case 'floor': case 'ceil': case 'ceiling': case 'round': case 'truncate':
      return rounding(name, args);
    case 'weight_string':
      return map1(args, (v) => weightOf(v, collation));
    default:
      throw expressionNotSupported(`the function ${name}()`);
  }
}

/**
 * WEIGHT_STRING(v) as the shards' MariaDB computes it: NULL for a number (MySQL gives bytes
 * there, MariaDB NULL, and a NULL weight makes vtgate compare the values themselves), a date's
 * text, a text's collation weights.
 */
function weightOf(v: SqlValue, collation: number): SqlValue {
  switch (typeClass(v.type)) {
    case 'int': case 'uint': case 'decimal': case 'float':
      return NULL_VALUE;
    case 'binary': case 'temporal':
      return bytesValue(v.raw);
    default:
      return bytesValue(weightString(v.raw, collation));
  }
}

function map1(args: readonly SqlValue[], fn: (v: SqlValue) => SqlValue): SqlValue {
  const v = args[0];
  return v === undefined || isNull(v) ? NULL_VALUE : fn(v);
}

function rounding(name: string, args: readonly SqlValue[]): SqlValue {
  const v = args[0];
  if (v === undefined || isNull(v) || (args[1] !== undefined && isNull(args[1]))) return NULL_VALUE;
  const places = args[1] === undefined ? 0 : Math.trunc(doubleOf(args[1]));
  const exact = exactNumber(v);
  if (!exact) {
    const x = doubleOf(v);
    const f = 10 ** places;
    switch (name) {
      case 'floor': return floatValue(Math.floor(x));
      case 'ceil': case 'ceiling': return floatValue(Math.ceil(x));
      case 'truncate': return floatValue(Math.trunc(x * f) / f);
      default: return floatValue(Math.round(Math.abs(x) * f) / f * Math.sign(x));
    }
  }
  const integral = typeClass(v.type) !== 'decimal';
  if (name === 'floor' || name === 'ceil' || name === 'ceiling') {
    const whole = exact.scale > 0 ? exact.units / 10n ** BigInt(exact.scale) : exact.units;
    const rem = exact.scale > 0 ? exact.units % 10n ** BigInt(exact.scale) : 0n;
    const adjusted = name === 'floor' ? (rem < 0n ? whole - 1n : whole) : rem > 0n ? whole + 1n : whole;
    return intValue(adjusted);
  }
  const scale = Math.max(places, 0);
  let units: bigint;
  if (name === 'truncate') units = exact.scale > scale ? exact.units / 10n ** BigInt(exact.scale - scale) : rescale(exact, scale);
  else units = rescale(exact, scale);
  const out = { units, scale };
  if (integral) return intValue(rescale(out, 0));
  return decimalValue(places < 0 ? parseDecimal(String(units))! : out);
}
