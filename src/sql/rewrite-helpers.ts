/** Token-level helpers for rewrite.ts: operand extents, index hints, `next ... values`, literals. */

import type { Expr, Literal } from './ast.js';
import type { Token } from './lexer.js';
import { closeParen, failAt, identAt, isOp, isWord, type Tokens } from './tokens.js';

/** The literal a number token stands for. */
export function numberLiteral(t: Token): Literal {
  return { kind: 'literal', type: t.literal ?? 'int', value: t.value, charset: null };
}

/** The index of the last token of the operand starting at i (for `binary x`). */
export function operandEnd(ts: Tokens, i: number): number {
  const list = ts.list;
  const t = list[i];
  if (t === undefined) return i;
  if (isOp(t, '(')) return closeParen(ts, i);
  if (isOp(t, '-', '+', '~', '!')) return operandEnd(ts, i + 1);
  if (t.type === 'ident' && t.value.startsWith('_') && list[i + 1]?.type === 'string') return i + 1;
  if (t.type === 'ident' || t.type === 'qident') {
    if (isOp(list[i + 1], '(')) return closeParen(ts, i + 1);
    let j = i;
    while (isOp(list[j + 1], '.') && (list[j + 2]?.type === 'ident' || list[j + 2]?.type === 'qident')) j += 2;
    return j;
  }
  return i;
}

/** Identifiers separated by commas in [from, to). */
export function identList(ts: Tokens, from: number, to: number): string[] {
  const names: string[] = [];
  for (let i = from; i < to; i += 2) {
    names.push(identAt(ts, i));
    if (i + 1 < to && !isOp(ts.list[i + 1], ',')) failAt(ts, i + 1);
  }
  return names;
}

/** Whether [from, to) is a list of identifiers (a column list rather than an expression). */
export function isIdentList(list: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const t = list[i] as Token;
    const even = (i - from) % 2 === 0;
    if (even ? t.type !== 'ident' && t.type !== 'qident' : !isOp(t, ',')) return false;
  }
  return (to - from) % 2 === 1;
}

/** `use index (a, b)`, `ignore vindex (v)`, `force key for join (k)` starting at i, normalised as Vitess prints it. */
export function readHint(ts: Tokens, i: number): { text: string; end: number } {
  const words: string[] = [];
  let j = i;
  while (j < ts.list.length && !isOp(ts.list[j], '(')) {
    const t = ts.list[j] as Token;
    if (t.type !== 'ident') failAt(ts, j);
    words.push(t.value.toLowerCase());
    j++;
  }
  if (j >= ts.list.length) failAt(ts, j);
  const close = closeParen(ts, j);
  const names = close === j + 1 ? [] : identList(ts, j + 1, close);
  return { text: `${words.join(' ')} (${names.join(', ')})`, end: close };
}

/**
 * `next value` / `next N values` / `next :n values` at i (the `next` word): the count and the
 * index of the last consumed token, or null when the words are something else.
 */
export function nextCount(list: readonly Token[], i: number): { expr: Expr; end: number } | null {
  const a = list[i + 1];
  if (isWord(a, 'value') && isWord(list[i + 2], 'from')) {
    return { expr: { kind: 'literal', type: 'int', value: '1', charset: null }, end: i + 1 };
  }
  if (a === undefined || !isWord(list[i + 2], 'values')) return null;
  if (a.type === 'number' && a.literal === 'int') return { expr: numberLiteral(a), end: i + 2 };
  if (a.type === 'bind' || a.type === 'placeholder') return { expr: { kind: 'bind', name: a.value, list: false }, end: i + 2 };
  return null;
}

const NOT_STOP = ['and', 'or', 'xor', 'then', 'when', 'else', 'end', 'from', 'where', 'group', 'having', 'order', 'limit', 'on', 'using', 'join', 'left', 'right', 'inner', 'cross', 'natural', 'straight_join', 'for', 'lock', 'into', 'union', 'window', 'set', 'as', 'desc', 'asc'];

/**
 * The last token of NOT's operand starting at i: everything up to the next AND / OR / XOR (or clause
 * word, `,` or `)`) at the same depth; BETWEEN's own AND and CASE ... END are stepped over.
 */
export function notOperandEnd(list: readonly Token[], i: number, to: number): number {
  let depth = 0;
  let cases = 0;
  let between = false;
  let k = i;
  for (; k < to; k++) {
    const t = list[k] as Token;
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) {
      if (depth === 0) break;
      depth--;
    } else if (depth > 0) continue;
    else if (isWord(t, 'case')) cases++;
    else if (isWord(t, 'end') && cases > 0) cases--;
    else if (cases > 0) continue;
    else if (isWord(t, 'between')) between = true;
    else if (isWord(t, 'and') && between) between = false;
    else if (isOp(t, ',', '&&', '||', ';') || isWord(t, ...NOT_STOP)) break;
  }
  return k - 1;
}
