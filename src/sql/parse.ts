/**
 * parseSql: SQL text → Statement (ast.ts). The text is tokenized here first (lexer.ts): comments and
 * `/*vt+ *\/` directives are pulled out into `comments`, `?` placeholders are numbered, and statements
 * are told apart by their leading keywords. SELECT / INSERT / UPDATE / DELETE are first offered to
 * fast-parse.ts (a hand-written parser for the common OLTP shapes, several times faster); what it
 * declines goes through node-sql-parser (via rewrite.ts); everything else is read at the token level.
 *
 * Bind variables: `:name` is `{kind:'bind', name, list:false}`, Vitess's list bind `::name` is
 * `{kind:'bind', name, list:true}`, and `?` placeholders become `:v1`, `:v2`, ... in the order they
 * appear in the statement (counting from 1 in each statement).
 */

import { VSchemaRouterError } from '../errors.js';
import type { Comments, Statement } from './ast.js';
import { commentsOf } from './comments.js';
import { syntaxErrorAt } from './errors.js';
import { fastParse, readStatement } from './fast-parse.js';
import { tokenize, type Token } from './lexer.js';
import { UnsupportedShape } from './nsp.js';
import { parseDelete, parseInsert, parseUpdate } from './parse-dml.js';
import { parseOther } from './parse-other.js';
import { parseQuery, parseWith } from './parse-select.js';
import { parseExplain, parseTransaction, parseUse } from './parse-session.js';
import { parseSet } from './parse-set.js';
import { parseShow } from './parse-show.js';
import { isOp, isWord, type Tokens } from './tokens.js';

/** Parses one statement (a trailing `;` is allowed). Throws SqlSyntaxError for text that cannot be read. */
export function parseSql(sql: string): Statement {
  return parseSqlBy(sql, 'auto') as Statement;
}

/**
 * Which parser reads SELECT / INSERT / UPDATE / DELETE: 'auto' tries fast-parse.ts and falls back to
 * node-sql-parser; 'slow' skips the fast parser; 'fast' uses it alone (null when it declines;
 * a bug in it throws instead of falling back).
 * 'slow' and 'fast' exist for test/sql/fast-parse.test.ts, which holds the two against each other.
 */
export type ParsePath = 'auto' | 'slow' | 'fast';

export function parseSqlBy(sql: string, path: ParsePath): Statement | null {
  const statements = split(sql);
  const [first, second] = statements;
  if (first === undefined) throw syntaxErrorAt(sql, sql.length, sql.length);
  if (second !== undefined) {
    const t = second.tokens[0] as Token;
    throw syntaxErrorAt(sql, t.start, t.end);
  }
  return parseOne(sql, first, path);
}

/** How many `?` placeholders a statement has (what EXECUTE ... USING must supply). */
export function countPlaceholders(sql: string): number {
  return split(sql).reduce((n, s) => n + s.tokens.filter((t) => t.type === 'placeholder').length, 0);
}

/** Parses every statement of a `;`-separated script. */
export function parseSqlMulti(sql: string): Statement[] {
  return split(sql).map((s) => parseOne(sql, s) as Statement);
}

interface RawStatement {
  /** All tokens, comments included. */
  readonly tokens: readonly Token[];
}

const ROUTINES = ['procedure', 'function', 'trigger', 'event'];

/** Splits on `;` at depth 0; a CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT takes the rest of the text. */
function split(sql: string): RawStatement[] {
  const tokens = guard(sql, () => tokenize(sql));
  const out: RawStatement[] = [];
  let current: Token[] = [];
  let depth = 0;
  let routine = false;
  const flush = (): void => {
    if (current.some((t) => t.type !== 'comment')) out.push({ tokens: current });
    current = [];
    routine = false;
  };
  for (const t of tokens) {
    if (isOp(t, ';') && depth === 0 && !routine) {
      flush();
      continue;
    }
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth = Math.max(0, depth - 1);
    current.push(t);
    if (t.type === 'ident' && ROUTINES.includes(t.value.toLowerCase())) {
      const words = current.filter((c) => c.type === 'ident');
      if (isWord(words[0], 'create') && words.length <= 6) routine = true;
    }
  }
  // A routine's body ends with its own `;`s: drop the trailing ones.
  while (current.length > 0 && isOp(current[current.length - 1], ';')) current.pop();
  flush();
  return out;
}

function parseOne(sql: string, raw: RawStatement, path: ParsePath = 'auto'): Statement | null {
  const comments = commentsOf(raw.tokens.filter((t) => t.type === 'comment').map((t) => t.text));
  let placeholder = 0;
  const list = raw.tokens
    .filter((t) => t.type !== 'comment')
    .map((t) => (t.type === 'placeholder' ? { ...t, value: `v${++placeholder}` } : t));
  if (path !== 'slow') {
    const fast = path === 'fast' ? readStatement(list, comments) : fastParse(list, comments);
    if (fast !== null || path === 'fast') return fast;
  }
  const ts: Tokens = { sql, list };
  const text = sql.slice((raw.tokens[0] as Token).start, (raw.tokens[raw.tokens.length - 1] as Token).end);
  return guard(sql, () => dispatch(ts, 0, comments, text), list[0]);
}

function dispatch(ts: Tokens, from: number, comments: Comments, text: string): Statement {
  const list = ts.list;
  const to = list.length;
  const t = list[from];
  if (t === undefined) throw syntaxErrorAt(ts.sql, ts.sql.length, ts.sql.length);
  const first = t.type === 'ident' ? t.value.toLowerCase() : t.value;
  const withComments = <S extends Statement>(s: S): S => ({ ...s, comments });
  switch (first) {
    case 'select':
    case '(':
      return withComments(parseQuery(ts, from, to, { nested: false }));
    case 'with': {
      const w = parseWith(ts, from, to);
      const next = list[w.next];
      if (isWord(next, 'update')) return withComments(parseUpdate(ts, w.next, to, w.with));
      if (isWord(next, 'delete')) return withComments(parseDelete(ts, w.next, to, w.with));
      return withComments({ ...parseQuery(ts, w.next, to, { nested: false }), with: w.with });
    }
    case 'insert':
    case 'replace':
      return withComments(parseInsert(ts, from, to));
    case 'update':
      return withComments(parseUpdate(ts, from, to, null));
    case 'delete':
      return withComments(parseDelete(ts, from, to, null));
    case 'set':
      return parseSet(ts, from, to, comments);
    case 'use':
      return parseUse(ts, from, to);
    case 'show':
      return parseShow(ts, from, to);
    case 'begin':
    case 'commit':
    case 'rollback':
    case 'savepoint':
    case 'release':
      return parseTransaction(ts, from, to, text);
    case 'start':
      if (isWord(list[from + 1], 'transaction')) return parseTransaction(ts, from, to, text);
      return parseOther(ts, from, to, text);
    case 'explain':
    case 'describe':
    case 'desc':
    case 'vexplain':
      return parseExplain(ts, from, to, (i) => dispatch(ts, i, comments, text));
    default:
      if (t.type !== 'ident') throw syntaxErrorAt(ts.sql, t.start, t.end);
      return parseOther(ts, from, to, text);
  }
}

/**
 * Runs `fn`, turning anything but our own errors into a SqlSyntaxError: shapes the converters do not
 * know, and whatever node-sql-parser throws on pathological input (deep nesting, ...).
 */
function guard<T>(sql: string, fn: () => T, at?: Token): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof VSchemaRouterError) throw err;
    const start = at?.start ?? 0;
    const end = at?.end ?? 0;
    const reason = err instanceof UnsupportedShape ? err.message : 'unreadable statement';
    throw syntaxErrorAt(sql, start, end, { cause: err, details: { reason } });
  }
}
