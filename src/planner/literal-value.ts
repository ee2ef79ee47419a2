/**
 * A SQL literal as the typed value Vitess evaluates it to (the plan's literal Values, and the
 * values the normaliser takes out of SQL text): integers INT64, UINT64 or DECIMAL by range, exact
 * text kept (never through a JS number).
 */
import type { Literal } from '../sql/ast.js';
import { NULL_VALUE, textValue, type SqlValue } from '../vindexes/value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A SQL literal as the SqlValue Vitess evaluates it to. */
export function literalSqlValue(l: Literal): SqlValue {
  switch (l.type) {
    case 'null':
      return NULL_VALUE;
    case 'int': {
      // Up to 18 digits always fits INT64: no BigInt needed (the common case on the hot path).
      if (l.value.length <= 18) return textValue('INT64', l.value);
      const n = BigInt(l.value);
      if (n >= INT64_MIN && n <= INT64_MAX) return textValue('INT64', l.value);
      if (n >= 0n && n <= UINT64_MAX) return textValue('UINT64', l.value);
      return textValue('DECIMAL', l.value);
    }
    case 'decimal':
      return textValue('DECIMAL', l.value);
    case 'float':
      return textValue('FLOAT64', l.value);
    case 'hexnum':
      return textValue('HEXNUM', l.value);
    case 'hexval':
      return textValue('HEXVAL', l.value);
    case 'bitnum':
      return textValue('BITNUM', l.value);
    case 'bool':
      return textValue('INT64', l.value.toLowerCase() === 'true' ? '1' : '0');
    case 'string':
      return textValue(l.charset === 'binary' ? 'VARBINARY' : 'VARCHAR', l.value);
    case 'date':
      return textValue('DATE', l.value);
    case 'time':
      return textValue('TIME', l.value);
    case 'timestamp':
      return textValue('DATETIME', l.value);
  }
}

