/**
 * A SQL literal as the typed value Vitess evaluates it to (the plan's literal Values, and the
 * values the normaliser takes out of SQL text): integers INT64, UINT64 or DECIMAL by range, exact
 * text kept (never through a JS number).
 */
import type { Literal, LiteralType } from '../sql/ast.js';
import { NULL_VALUE, textValue, type SqlValue } from '../vindexes/value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A SQL literal as the SqlValue Vitess evaluates it to. */
export function literalSqlValue(l: Literal): SqlValue {
  return typedSqlValue(l.type, l.value, l.charset === 'binary');
}

/**
 * literalSqlValue of a literal given by its parts (the normaliser's values, with no Literal
 * object to build on the plan-cache hit path). binary: the string has the `_binary` introducer.
 */
export function typedSqlValue(type: LiteralType, value: string, binary: boolean): SqlValue {
  switch (type) {
    case 'null':
      return NULL_VALUE;
    case 'int': {
      // Up to 18 digits always fits INT64: no BigInt needed (the common case on the hot path).
      if (value.length <= 18) return textValue('INT64', value);
      const n = BigInt(value);
      if (n >= INT64_MIN && n <= INT64_MAX) return textValue('INT64', value);
      if (n >= 0n && n <= UINT64_MAX) return textValue('UINT64', value);
      return textValue('DECIMAL', value);
    }
    case 'decimal':
      return textValue('DECIMAL', value);
    case 'float':
      return textValue('FLOAT64', value);
    case 'hexnum':
      return textValue('HEXNUM', value);
    case 'hexval':
      return textValue('HEXVAL', value);
    case 'bitnum':
      return textValue('BITNUM', value);
    case 'bool':
      return textValue('INT64', value.toLowerCase() === 'true' ? '1' : '0');
    case 'string':
      return textValue(binary ? 'VARBINARY' : 'VARCHAR', value);
    case 'date':
      return textValue('DATE', value);
    case 'time':
      return textValue('TIME', value);
    case 'timestamp':
      return textValue('DATETIME', value);
  }
}

