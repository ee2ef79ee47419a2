/** Small helpers over token arrays: keyword tests, bracket matching, splitting at depth 0. */

import { syntaxErrorAt } from './errors.js';
import type { Token } from './lexer.js';

/** A slice of a statement's tokens, plus the statement text (for error positions). */
export interface Tokens {
  readonly sql: string;
  readonly list: readonly Token[];
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  if (t === undefined || t.type !== 'ident') return false;
  const w = t.value.toLowerCase();
  return words.includes(w);
}

export function isOp(t: Token | undefined, ...ops: string[]): boolean {
  return t !== undefined && t.type === 'op' && ops.includes(t.value);
}

/** The index of the `)` matching the `(` at `open`, or throws a syntax error at the end of the text. */
export function closeParen(ts: Tokens, open: number): number {
  let depth = 0;
  for (let i = open; i < ts.list.length; i++) {
    const t = ts.list[i] as Token;
    if (t.type !== 'op') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) return i;
  }
  throw syntaxErrorAt(ts.sql, ts.sql.length, ts.sql.length);
}

/** Indexes (at paren depth 0 within [from, to)) of tokens matching `pred`. */
export function atDepth0(
  list: readonly Token[],
  from: number,
  to: number,
  pred: (t: Token, i: number) => boolean,
): number[] {
  const found: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = list[i] as Token;
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && pred(t, i)) found.push(i);
  }
  return found;
}

/** The index of the `)` matching the `(` at `open`, or -1. */
export function matchParen(list: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < list.length; i++) {
    const t = list[i] as Token;
    if (t.type !== 'op') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) return i;
  }
  return -1;
}

// Words after which `(` opens a subquery or a row rather than a function's arguments.
const NOT_FUNCTIONS = new Set([
  'in', 'exists', 'any', 'all', 'some', 'from', 'join', 'straight_join', 'lateral', 'select', 'as', 'union', 'not',
  'and', 'or', 'xor', 'then', 'else', 'when', 'case', 'like', 'between', 'where', 'having', 'on', 'by', 'set', 'values',
  'value', 'distinct', 'escape', 'is', 'div', 'mod', 'interval', 'binary', 'rlike', 'regexp', 'using', 'limit',
  'offset', 'into', 'update', 'table', 'with', 'recursive', 'row', 'duplicate', 'key', 'ignore', 'delete', 'insert',
  'replace', 'straight_join', 'for', 'lock', 'desc', 'asc', 'null', 'true', 'false', 'over', 'separator',
]);

/** Whether the `(` at index i opens a function call's argument list. */
export function isFunctionParen(list: readonly Token[], i: number): boolean {
  const prev = list[i - 1];
  if (prev === undefined) return false;
  if (prev.type === 'qident') return true;
  return prev.type === 'ident' && !NOT_FUNCTIONS.has(prev.value.toLowerCase());
}

/**
 * Whether the paren group starting at `open` is a query: `(select ...)`, `(with ...)`, or a group
 * holding a parenthesised query followed only by UNION / ORDER BY / LIMIT (`((select 1) union (select 2))`).
 */
export function isQueryGroup(list: readonly Token[], open: number): boolean {
  if (!isOp(list[open], '(') || isFunctionParen(list, open)) return false;
  return queryInside(list, open);
}

function queryInside(list: readonly Token[], open: number): boolean {
  const first = list[open + 1];
  if (isWord(first, 'select', 'with')) return true;
  if (!isOp(first, '(') || !queryInside(list, open + 1)) return false;
  const close = matchParen(list, open + 1);
  const after = list[close + 1];
  return close > 0 && (isOp(after, ')') || isWord(after, 'union', 'order', 'limit'));
}

/** Throws Vitess's syntax error at token `i` (or at the end of the text). */
export function failAt(ts: Tokens, i: number): never {
  const t = ts.list[i];
  if (t === undefined) throw syntaxErrorAt(ts.sql, ts.sql.length, ts.sql.length);
  throw syntaxErrorAt(ts.sql, t.start, t.end);
}

/** Identifier value of token i (bare word or backticked), or throws. */
export function identAt(ts: Tokens, i: number): string {
  const t = ts.list[i];
  if (t === undefined || (t.type !== 'ident' && t.type !== 'qident')) failAt(ts, i);
  return t.value;
}

/** Reads `a` or `a.b` at i; returns the name and the index after it. */
export function tableNameAt(ts: Tokens, i: number): { qualifier: string | null; name: string; next: number } {
  const first = identAt(ts, i);
  if (isOp(ts.list[i + 1], '.')) {
    return { qualifier: first, name: identAt(ts, i + 2), next: i + 3 };
  }
  return { qualifier: null, name: first, next: i + 1 };
}

/** The source text of tokens [from, to), as written. */
export function sourceText(ts: Tokens, from: number, to: number): string {
  const a = ts.list[from];
  const b = ts.list[to - 1];
  if (a === undefined || b === undefined || to <= from) return '';
  return ts.sql.slice(a.start, b.end);
}

/** Tokens [from, to) as Vitess prints a clause it keeps as text: bare words lower case, strings re-quoted. */
export function clauseText(list: readonly Token[], from: number, to: number, quote: (s: string) => string): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const t = list[i] as Token;
    const text = t.type === 'ident' ? t.value.toLowerCase() : t.type === 'string' ? quote(t.value) : t.text;
    if (out !== '' && !isOp(t, ',', ')') && !isOp(list[i - 1], '(')) out += ' ';
    out += text;
  }
  return out;
}
