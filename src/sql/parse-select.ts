/**
 * SELECT statements at the token level: WITH, UNION and parentheses are taken apart here (the
 * parser mishandles nested parenthesised unions and puts a union's ORDER BY on its last SELECT);
 * each simple SELECT goes to node-sql-parser through rewrite.ts. INTO and locking clauses are cut
 * off here too (`for share` does not parse; INTO inside a subquery is Vitess's syntax error).
 */

import type { Limit, OrderBy, Select, SelectStatement, Union, With } from './ast.js';
import { convertSelect, limit, orderBy } from './convert-select.js';
import type { Token } from './lexer.js';
import { quoteString } from './literals.js';
import { astify } from './nsp.js';
import { identList } from './rewrite-helpers.js';
import { rewrite, type Piece } from './rewrite.js';
import { atDepth0, clauseText, closeParen, failAt, identAt, isOp, isWord, type Tokens } from './tokens.js';

// Words between SELECT and the select list (MySQL's select options). Only DISTINCT and
// SQL_CALC_FOUND_ROWS reach the AST; the others are hints for the server Vitess drops too.
const SELECT_OPTIONS = ['all', 'distinct', 'distinctrow', 'high_priority', 'straight_join', 'sql_small_result', 'sql_big_result', 'sql_buffer_result', 'sql_no_cache', 'sql_cache', 'sql_calc_found_rows'];

export interface QueryOptions {
  /** Inside parentheses of another statement: INTO is a syntax error there, as in Vitess. */
  readonly nested: boolean;
}

export function parseQuery(ts: Tokens, from: number, to: number, opts: QueryOptions): SelectStatement {
  if (from >= to) failAt(ts, from);
  if (isWord(ts.list[from], 'with')) {
    const w = parseWith(ts, from, to);
    const body = parseQuery(ts, w.next, to, opts);
    return { ...body, with: w.with };
  }
  const unions = atDepth0(ts.list, from, to, (t) => isWord(t, 'union'));
  if (unions.length === 0) return parsePart(ts, from, to, opts);
  let start = from;
  let result: SelectStatement | null = null;
  let distinct = true;
  for (const [k, u] of unions.entries()) {
    const into = intoAt(ts.list, start, u);
    if (into !== undefined) failAt(ts, opts.nested ? into : u);
    const part = parsePart(ts, start, u, { nested: true });
    result = result === null ? part : unionOf(result, part, distinct);
    const q = ts.list[u + 1];
    distinct = !isWord(q, 'all');
    start = isWord(q, 'all', 'distinct') ? u + 2 : u + 1;
    if (k === unions.length - 1) break;
  }
  // A trailing ORDER BY / LIMIT after the last part belongs to the whole union.
  const tailAt = tailStart(ts.list, start, to);
  const last = parsePart(ts, start, tailAt, opts);
  const union = unionOf(result as SelectStatement, last, distinct);
  return tailAt < to ? applyTail(ts, union, tailAt, to) : union;
}

function unionOf(left: SelectStatement, right: SelectStatement, distinct: boolean): Union {
  return { kind: 'union', with: null, left, right, distinct, orderBy: [], limit: null, comments: left.comments };
}

/** A simple SELECT, or a parenthesised query followed by ORDER BY / LIMIT. */
function parsePart(ts: Tokens, from: number, to: number, opts: QueryOptions): SelectStatement {
  const list = ts.list;
  if (isOp(list[from], '(')) {
    const close = closeParen(ts, from);
    if (close >= to) failAt(ts, to);
    const inner = parseQuery(ts, from + 1, close, opts);
    return close + 1 < to ? applyTail(ts, inner, close + 1, to) : inner;
  }
  if (!isWord(list[from], 'select')) failAt(ts, from);
  return parseSimple(ts, from, to, opts);
}

function parseSimple(ts: Tokens, from: number, to: number, opts: QueryOptions): Select {
  const list = ts.list;
  const lockAt = atDepth0(list, from, to, (t, i) => (isWord(t, 'for') && isWord(list[i + 1], 'update', 'share')) || (isWord(t, 'lock') && isWord(list[i + 1], 'in')))[0] ?? to;
  const intoAt = atDepth0(list, from, lockAt, (t) => isWord(t, 'into'))[0];
  if (intoAt !== undefined && opts.nested) failAt(ts, intoAt);
  // Select options are read here: the parser takes `sql_calc_found_rows` after DISTINCT for a column.
  const options = new Set<string>();
  let body = from + 1;
  while (isWord(list[body], ...SELECT_OPTIONS)) options.add((list[body++] as Token).value.toLowerCase());
  const pieces: Piece[] = [{ from, to: from + 1 }];
  let into: string | null = null;
  if (intoAt === undefined) {
    pieces.push({ from: body, to: lockAt });
  } else {
    const end = atDepth0(list, intoAt, lockAt, (t) => isWord(t, 'from', 'where', 'group', 'having', 'order', 'limit', 'window'))[0] ?? lockAt;
    into = clauseText(list, intoAt, end, quoteString);
    pieces.push({ from: body, to: intoAt }, { from: end, to: lockAt });
  }
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'select', quote, parseQuery: sub }));
  const converted = convertSelect({ stash: rw.stash, hints: rw.hints }, ast);
  const lock = lockAt < to ? clauseText(list, lockAt, to, quoteString) : null;
  const select: Select = {
    ...converted,
    distinct: options.has('distinct') || options.has('distinctrow'),
    sqlCalcFoundRows: options.has('sql_calc_found_rows'),
    lock,
  };
  return into === null ? select : { ...select, into };
}

/** Parses the inside of a subquery's parentheses. */
export function sub(ts: Tokens, from: number, to: number): SelectStatement {
  return parseQuery(ts, from, to, { nested: true });
}

function intoAt(list: readonly Token[], from: number, to: number): number | undefined {
  return atDepth0(list, from, to, (t) => isWord(t, 'into'))[0];
}

/** Where a trailing ORDER BY / LIMIT / lock clause starts in [from, to) (at depth 0), or `to`. */
function tailStart(list: readonly Token[], from: number, to: number): number {
  if (isOp(list[from], '(')) {
    // `(select ...) order by ...`: the tail follows the group.
    const found = atDepth0(list, from, to, (t, i) => i > from && (isWord(t, 'order', 'limit') || isWord(t, 'for', 'lock')))[0];
    return found ?? to;
  }
  return atDepth0(list, from, to, (t, i) => (isWord(t, 'order') && isWord(list[i + 1], 'by')) || isWord(t, 'limit'))[0] ?? to;
}

/** ORDER BY / LIMIT written after a parenthesised query or a union: they replace the query's own. */
function applyTail(ts: Tokens, q: SelectStatement, from: number, to: number): SelectStatement {
  const pieces: Piece[] = [{ text: 'select 1 from dual', at: from }, { from, to }];
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'select', quote, parseQuery: sub }));
  const cx = { stash: rw.stash };
  const order: OrderBy[] = orderBy(cx, ast.orderby);
  const lim: Limit | null = limit(cx, ast.limit);
  return {
    ...q,
    orderBy: order.length > 0 ? order : q.orderBy,
    limit: lim ?? q.limit,
  };
}

/** `with [recursive] name [(cols)] as (query), ...`: the CTEs and the index of the statement after them. */
export function parseWith(ts: Tokens, from: number, to: number): { with: With; next: number } {
  const list = ts.list;
  let i = from + 1;
  const recursive = isWord(list[i], 'recursive');
  if (recursive) i++;
  const ctes: { name: string; columns: string[]; select: SelectStatement }[] = [];
  for (;;) {
    const name = identAt(ts, i++);
    let columns: string[] = [];
    if (isOp(list[i], '(')) {
      const close = closeParen(ts, i);
      columns = identList(ts, i + 1, close);
      i = close + 1;
    }
    if (!isWord(list[i], 'as')) failAt(ts, i);
    i++;
    if (!isOp(list[i], '(')) failAt(ts, i);
    const close = closeParen(ts, i);
    if (close >= to) failAt(ts, to);
    ctes.push({ name, columns, select: sub(ts, i + 1, close) });
    i = close + 1;
    if (!isOp(list[i], ',')) break;
    i++;
  }
  return { with: { recursive, ctes }, next: i };
}
