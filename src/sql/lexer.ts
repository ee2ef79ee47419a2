/**
 * A MySQL tokenizer, used before node-sql-parser sees the text: it finds comments, literals,
 * bind variables and quoted identifiers exactly (the parser drops comments, keeps escapes and
 * misreads some numbers), and it gives syntax errors their positions.
 */

import { syntaxErrorAt } from './errors.js';
import { numericLiteralType, unescapeStringBody } from './literals.js';
import type { LiteralType } from './ast.js';

export type TokenType =
  | 'ident' // a bare word: keyword or identifier
  | 'qident' // `quoted identifier`
  | 'string' // 'text' or "text"
  | 'number' // int, decimal, float, 0x.., x'..', 0b.., b'..'
  | 'bind' // :name
  | 'listbind' // ::name
  | 'placeholder' // ?
  | 'variable' // @x, @@x, @@session.x
  | 'comment'
  | 'op';

export interface Token {
  readonly type: TokenType;
  /** The token as written. */
  readonly text: string;
  /** ident: the word; qident: the unquoted name; string: the unescaped value; bind: the name; op: the operator. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** number tokens only. */
  readonly literal?: LiteralType;
}

const OPS3 = ['<=>', '->>'];
const OPS2 = ['<=', '>=', '<>', '!=', '<<', '>>', '&&', '||', ':=', '->'];
const OPS1 = '=<>!+-*/%&|^~(),.;{}';

const NUMBER = /0x[0-9a-fA-F]+|0b[01]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (type: TokenType, start: number, end: number, value: string, literal?: LiteralType): void => {
    const text = sql.slice(start, end);
    tokens.push(literal === undefined ? { type, text, value, start, end } : { type, text, value, start, end, literal });
  };
  // The end of a quoted run starting at `start` (the opening quote), or throws.
  const quoted = (start: number, quote: string, backslash: boolean): number => {
    let j = start + 1;
    while (j < n) {
      const ch = sql[j];
      if (backslash && ch === '\\') {
        j += 2;
        continue;
      }
      if (ch === quote) {
        if (sql[j + 1] === quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    throw syntaxErrorAt(sql, start, n);
  };
  const identEnd = (j: number): number => {
    while (j < n && isIdentChar(sql.charCodeAt(j))) j++;
    return j;
  };

  while (i < n) {
    const c = sql.charCodeAt(i);
    const ch = sql[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw syntaxErrorAt(sql, start, n);
      i = close + 2;
      push('comment', start, i, sql.slice(start, i));
      continue;
    }
    if (ch === '#' || (ch === '-' && sql[i + 1] === '-' && (i + 2 >= n || isSpace(sql.charCodeAt(i + 2))))) {
      let j = i;
      while (j < n && sql[j] !== '\n') j++;
      i = j;
      push('comment', start, i, sql.slice(start, i).trimEnd());
      continue;
    }
    if (ch === "'" || ch === '"') {
      i = quoted(i, ch, true);
      push('string', start, i, unescapeStringBody(sql.slice(start + 1, i - 1), ch));
      continue;
    }
    if (ch === '`') {
      i = quoted(i, '`', false);
      push('qident', start, i, sql.slice(start + 1, i - 1).replaceAll('``', '`'));
      continue;
    }
    if ((ch === 'x' || ch === 'X' || ch === 'b' || ch === 'B') && sql[i + 1] === "'") {
      i = quoted(i + 1, "'", false);
      const text = sql.slice(start, i);
      const literal = numericLiteralType(text);
      if (literal === null) throw syntaxErrorAt(sql, start, i);
      push('number', start, i, text, literal);
      continue;
    }
    if ((ch === 'n' || ch === 'N') && sql[i + 1] === "'") {
      i = quoted(i + 1, "'", true);
      push('string', start, i, unescapeStringBody(sql.slice(start + 2, i - 1), "'"));
      continue;
    }
    if (isDigit(c) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)) && !afterName(tokens, i))) {
      NUMBER.lastIndex = i;
      const len = NUMBER.exec(sql)?.[0].length ?? 0;
      if (len > 0 && !(i + len < n && isIdentChar(sql.charCodeAt(i + len)) && !sql.slice(i, i + len).includes('.'))) {
        const text = sql.slice(i, i + len);
        i += len;
        push('number', start, i, text, numericLiteralType(text) ?? 'int');
        continue;
      }
      // MySQL identifiers may start with a digit (`1abc`).
      i = identEnd(i);
      push('ident', start, i, sql.slice(start, i));
      continue;
    }
    if (isIdentChar(c)) {
      i = identEnd(i);
      push('ident', start, i, sql.slice(start, i));
      continue;
    }
    if (ch === ':' && sql[i + 1] === ':' && isIdentChar(sql.charCodeAt(i + 2))) {
      i = identEnd(i + 2);
      push('listbind', start, i, sql.slice(start + 2, i));
      continue;
    }
    if (ch === ':' && isIdentChar(sql.charCodeAt(i + 1))) {
      i = identEnd(i + 1);
      push('bind', start, i, sql.slice(start + 1, i));
      continue;
    }
    if (ch === '?') {
      i++;
      push('placeholder', start, i, '?');
      continue;
    }
    if (ch === '@') {
      i = variableEnd(sql, i);
      push('variable', start, i, sql.slice(start, i));
      continue;
    }
    const op = OPS3.find((o) => sql.startsWith(o, i)) ?? OPS2.find((o) => sql.startsWith(o, i));
    if (op !== undefined) {
      i += op.length;
      push('op', start, i, op);
      continue;
    }
    if (OPS1.includes(ch)) {
      i++;
      push('op', start, i, ch);
      continue;
    }
    throw syntaxErrorAt(sql, start, start + 1);
  }
  return tokens;
}

/** Whether a `.` at i qualifies the name right before it (`t.5` is column 5 of t; `select .5` is a number). */
function afterName(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[tokens.length - 1];
  return prev !== undefined && prev.end === i && (prev.type === 'ident' || prev.type === 'qident');
}

/** `@x`, `@'x'`, `` @`x` ``, `@@x`, `@@session.x`, ``@@global.`x` ``. */
function variableEnd(sql: string, i: number): number {
  let j = i + 1;
  if (sql[j] === '@') j++;
  for (;;) {
    const q = sql[j];
    if (q === '`' || q === "'" || q === '"') {
      const close = sql.indexOf(q, j + 1);
      if (close < 0) throw syntaxErrorAt(sql, i, sql.length);
      j = close + 1;
    } else {
      while (j < sql.length && isIdentChar(sql.charCodeAt(j))) j++;
    }
    if (sql[j] === '.' && j > i + 2 && sql[i + 1] === '@') {
      j++;
      continue;
    }
    return j;
  }
}
