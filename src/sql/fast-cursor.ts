/**
 * The token cursor of the fast parser (fast-parse.ts, fast-expr.ts), and the names it accepts: a
 * backticked name, or a plain word that neither MySQL nor node-sql-parser reserves (fast-reserved.ts).
 */

import type { TableName } from './ast.js';
import { RESERVED } from './fast-reserved.js';
import type { Token } from './lexer.js';

/** Thrown (never as an Error: it is cheap and caught by fastParse) when the text leaves the subset. */
export const BAIL: unique symbol = Symbol('fast-parse: not in the subset');

export function bail(): never {
  throw BAIL;
}

export const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A token cursor: `word(k)` is the lower-cased bare word k tokens ahead ('' for anything else). */
export class Cursor {
  i = 0;
  private readonly words: string[];

  constructor(readonly list: readonly Token[]) {
    this.words = list.map((t) => (t.type === 'ident' ? t.value.toLowerCase() : ''));
  }

  get done(): boolean {
    return this.i >= this.list.length;
  }

  tok(k = 0): Token | undefined {
    return this.list[this.i + k];
  }

  word(k = 0): string {
    return this.words[this.i + k] ?? '';
  }

  op(k = 0): string {
    const t = this.list[this.i + k];
    return t !== undefined && t.type === 'op' ? t.value : '';
  }

  eatWord(w: string): boolean {
    if (this.words[this.i] !== w) return false;
    this.i++;
    return true;
  }

  eatOp(o: string): boolean {
    if (this.op() !== o) return false;
    this.i++;
    return true;
  }

  expectWord(w: string): void {
    if (!this.eatWord(w)) bail();
  }

  expectOp(o: string): void {
    if (!this.eatOp(o)) bail();
  }
}

/** Whether the token is a name the other path reads as written: a backticked name, or a plain unreserved word. */
export function isName(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.type === 'qident') return t.value !== '';
  return t.type === 'ident' && PLAIN_NAME.test(t.value) && !RESERVED.has(t.value.toLowerCase());
}

/** Reads a name (see isName) or bails. */
export function name(c: Cursor): string {
  const t = c.tok();
  if (!isName(t)) bail();
  c.i++;
  return (t as Token).value;
}

/** `a` or `ks.a` as a table name. */
export function tableName(c: Cursor): TableName {
  const first = name(c);
  if (!c.eatOp('.')) return { qualifier: null, name: first };
  return { qualifier: first, name: name(c) };
}
