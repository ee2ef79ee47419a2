/**
 * MySQL arithmetic: integers stay exact (BIGINT, overflow is an error), DECIMAL is exact with
 * `/` giving the dividend's scale + 4 (div_precision_increment), anything involving a float or
 * text is computed in doubles. Division or modulo by zero gives NULL.
 */
import { NULL_VALUE, type SqlValue } from '../../vindexes/value.js';
import { addDecimal, divDecimal, mulDecimal, parseDecimal, rescale, subDecimal, type Decimal } from '../decimal.js';
import { typeClass } from '../fields.js';
import { decimalValue, doubleOf, exactNumber, floatValue, intValue } from './values.js';

export type ArithOp = '+' | '-' | '*' | '/' | 'div' | '%' | 'mod';

/** How an operand takes part: exact integer, exact decimal, or double. */
function kindOf(v: SqlValue): 'int' | 'uint' | 'decimal' | 'float' {
  const c = typeClass(v.type);
  if (c === 'int' || c === 'uint' || c === 'decimal') return c;
  if (v.type === 'HEXNUM' || v.type === 'BITNUM') return 'uint';
  return 'float';
}

export function arithmetic(op: ArithOp, a: SqlValue, b: SqlValue): SqlValue {
  if (a.type === 'NULL_TYPE' || b.type === 'NULL_TYPE') return NULL_VALUE;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'float' || kb === 'float') {
    if (op === 'div') {
      const y = doubleOf(b);
      return y === 0 ? NULL_VALUE : intValue(BigInt(Math.trunc(doubleOf(a) / y)));
    }
    return floatArith(op, doubleOf(a), doubleOf(b));
  }
  const x = exactNumber(a) ?? parseDecimal('0')!;
  const y = exactNumber(b) ?? parseDecimal('0')!;
  const integral = ka !== 'decimal' && kb !== 'decimal';
  const unsigned = integral && (ka === 'uint' || kb === 'uint');
  switch (op) {
    case '+': return integral ? intValue(whole(x) + whole(y), unsigned) : decimalValue(addDecimal(x, y));
    case '-': return integral ? intValue(whole(x) - whole(y), unsigned) : decimalValue(subDecimal(x, y));
    case '*': return integral ? intValue(whole(x) * whole(y), unsigned) : decimalValue(mulDecimal(x, y));
    case '/': {
      const q = divDecimal(x, y);
      return q === undefined ? NULL_VALUE : decimalValue(q);
    }
    case 'div': {
      if (y.units === 0n) return NULL_VALUE;
      const scale = Math.max(x.scale, y.scale);
      return intValue(rescale(x, scale) / rescale(y, scale), unsigned);
    }
    case '%':
    case 'mod': {
      if (y.units === 0n) return NULL_VALUE;
      const scale = Math.max(x.scale, y.scale);
      const r: Decimal = { units: rescale(x, scale) % rescale(y, scale), scale };
      return integral ? intValue(r.units, unsigned) : decimalValue(r);
    }
  }
}

function whole(d: Decimal): bigint {
  return d.scale === 0 ? d.units : rescale(d, 0);
}

function floatArith(op: ArithOp, x: number, y: number): SqlValue {
  switch (op) {
    case '+': return floatValue(x + y);
    case '-': return floatValue(x - y);
    case '*': return floatValue(x * y);
    case '/': return y === 0 ? NULL_VALUE : floatValue(x / y);
    case '%':
    case 'mod': return y === 0 ? NULL_VALUE : floatValue(x % y);
    case 'div': return y === 0 ? NULL_VALUE : floatValue(Math.trunc(x / y));
  }
}

export function negate(v: SqlValue): SqlValue {
  if (v.type === 'NULL_TYPE') return v;
  const k = kindOf(v);
  if (k === 'float') return floatValue(-doubleOf(v));
  const d = exactNumber(v)!;
  return k === 'decimal' ? decimalValue({ units: -d.units, scale: d.scale }) : intValue(-d.units);
}
