/**
 * The only module that calls node-sql-parser. It loads the MySQL build through its default export
 * (a named import passes under vitest but fails in plain Node ESM, dependency-notes §7) and uses
 * the MySQL dialect for MariaDB too (the MariaDB grammar is worse, §1).
 */

import pkg from 'node-sql-parser/build/mysql.js';
import { SqlSyntaxError } from './errors.js';
import type { Rewritten } from './rewrite.js';
import { failAt, type Tokens } from './tokens.js';

const { Parser } = pkg;
const parser = new Parser();
const OPTIONS = { database: 'MySQL' } as const;

/** node-sql-parser's AST, read loosely: the converters check every shape they rely on. */
export type NspNode = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Raised by converters on a parser shape they do not know; parse.ts turns it into a syntax error. */
export class UnsupportedShape extends Error {}

interface PegError {
  readonly location?: { readonly start?: { readonly offset?: number } };
}

/**
 * Parses rewritten text. `build(quote)` rewrites the statement with the given token indexes passed as
 * quoted identifiers: when the parser stops at a bare word (one it reserves but MySQL does not),
 * the statement is rewritten with that word quoted and parsed again.
 */
export function astify(ts: Tokens, build: (quote: ReadonlySet<number>) => Rewritten): { ast: NspNode; rw: Rewritten } {
  const quote = new Set<number>();
  for (let attempt = 0; ; attempt++) {
    const rw = build(quote);
    let ast: NspNode;
    try {
      ast = parser.astify(rw.text, OPTIONS);
    } catch (err) {
      if (err instanceof SqlSyntaxError) throw err;
      const offset = (err as PegError).location?.start?.offset;
      const tok = offset === undefined || offset >= rw.text.length ? undefined : tokenAt(rw, offset);
      const retry = tok === undefined ? undefined : quotable(ts, tok, quote);
      if (retry !== undefined && attempt < 8) {
        quote.add(retry);
        continue;
      }
      if (tok === undefined) failAt(ts, ts.list.length);
      failAt(ts, tok);
    }
    if (Array.isArray(ast)) {
      if (ast.length !== 1) failAt(ts, ts.list.length);
      ast = ast[0];
    }
    return { ast, rw };
  }
}

/** Words that are never identifiers: quoting them cannot help. */
const STRUCTURAL = new Set([
  'select', 'from', 'where', 'group', 'having', 'order', 'by', 'limit', 'union', 'insert', 'update', 'delete', 'set',
  'values', 'into', 'join', 'on', 'using', 'and', 'or', 'not', 'in', 'is', 'null', 'as', 'case', 'when', 'then',
  'else', 'end', 'between', 'like', 'exists', 'distinct', 'all', 'for', 'lock', 'left', 'right', 'inner', 'outer',
  'cross', 'straight_join', 'natural', 'with', 'interval', 'div', 'mod', 'xor', 'regexp', 'rlike', 'escape',
  'asc', 'desc', 'offset', 'true', 'false', 'duplicate', 'key', 'ignore', 'replace', 'default',
]);

/** The bare word to quote when the parser stops at token `tok`: the word itself, or the name before `(`. */
function quotable(ts: Tokens, tok: number, quote: ReadonlySet<number>): number | undefined {
  const t = ts.list[tok];
  const candidate = t?.type === 'op' && t.value === '(' ? tok - 1 : tok;
  const c = ts.list[candidate];
  if (c === undefined || c.type !== 'ident' || quote.has(candidate) || STRUCTURAL.has(c.value.toLowerCase())) return undefined;
  return candidate;
}

function tokenAt(rw: Rewritten, offset: number): number | undefined {
  let found: number | undefined;
  for (const m of rw.map) {
    if (m.out > offset) break;
    found = m.tok;
  }
  return found;
}
