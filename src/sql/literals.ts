/**
 * Literal helpers shared by the parser, the printer and the text-level normaliser.
 * Values in the AST are always unescaped; these functions go between SQL text and values.
 */

import type { LiteralType } from './ast.js';

// MySQL's backslash escapes (https://dev.mysql.com/doc/refman/8.0/en/string-literals.html).
// `\%` and `\_` keep their backslash (MySQL keeps it so that LIKE patterns still see the escape);
// any other escaped character stands for itself.
const UNESCAPE: Readonly<Record<string, string>> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  '%': '\\%',
  _: '\\_',
};

/**
 * The value of a quoted string literal. `text` is the literal as written, with its quotes
 * (`'it''s'`, `"a\"b"`); a doubled quote character stands for one, and backslash escapes follow MySQL.
 */
export function unescapeString(text: string): string {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) {
    throw new RangeError('unescapeString expects a quoted literal');
  }
  return unescapeStringBody(text.slice(1, -1), quote);
}

/** The value of the inside of a string literal quoted with `quote`. */
export function unescapeStringBody(body: string, quote: "'" | '"'): string {
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[i + 1] as string;
      out += UNESCAPE[next] ?? next;
      i++;
    } else if (ch === quote && body[i + 1] === quote) {
      out += quote;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

// Vitess's SQL encoding of string values: these characters are written with a backslash.
// A double quote is not escaped (Vitess prints `'"abc"'`).
const ESCAPE: Readonly<Record<string, string>> = {
  '\0': '\\0',
  "'": "\\'",
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1a': '\\Z',
  '\\': '\\\\',
};

/** A string value as a single-quoted SQL literal, escaped the way Vitess prints it. */
export function quoteString(value: string): string {
  let out = "'";
  for (const ch of value) out += ESCAPE[ch] ?? ch;
  return out + "'";
}

const INT = /^[0-9]+$/;
const DECIMAL = /^(?:[0-9]+\.[0-9]*|\.[0-9]+)$/;
const FLOAT = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+$/;
const HEXNUM = /^0x[0-9a-fA-F]+$/;
const BITNUM = /^0b[01]+$/;
const HEXVAL = /^[xX]'[0-9a-fA-F]*'$/;
const BITVAL = /^[bB]'[01]*'$/;

/**
 * The literal type of a numeric, hex or bit literal as written, or null if `text` is none of them.
 * `x'1f'` is a hexval, `0x1f` a hexnum; `b'101'` and `0b101` are both bit literals (Vitess's BitNum).
 */
export function numericLiteralType(text: string): LiteralType | null {
  if (INT.test(text)) return 'int';
  if (DECIMAL.test(text)) return 'decimal';
  if (FLOAT.test(text)) return 'float';
  if (HEXNUM.test(text)) return 'hexnum';
  if (HEXVAL.test(text)) return 'hexval';
  if (BITNUM.test(text) || BITVAL.test(text)) return 'bitnum';
  return null;
}
