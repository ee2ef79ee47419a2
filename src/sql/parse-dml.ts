/**
 * INSERT / REPLACE, UPDATE and DELETE. Statement modifiers (`ignore`, `low_priority`, ...), INSERT
 * column lists (the parser drops their quoting and rejects `()`), row aliases and `delete ... using`
 * are handled at the token level; expressions go through node-sql-parser.
 */

import type { Delete, Expr, Insert, SelectStatement, TableName, Update, UpdateExpr, With } from './ast.js';
import { type Cx, column, expr, exprs, fail } from './convert-expr.js';
import { NO_COMMENTS, limit, orderBy, tables } from './convert-select.js';
import { astify, type NspNode } from './nsp.js';
import { parseQuery, sub } from './parse-select.js';
import { identList, isIdentList } from './rewrite-helpers.js';
import { rewrite, type Piece } from './rewrite.js';
import { atDepth0, closeParen, failAt, identAt, isOp, isWord, tableNameAt, type Tokens } from './tokens.js';

const MODIFIERS = ['low_priority', 'delayed', 'high_priority', 'quick', 'ignore'];

function skipModifiers(ts: Tokens, i: number): { next: number; ignore: boolean } {
  let ignore = false;
  while (isWord(ts.list[i], ...MODIFIERS)) {
    if (isWord(ts.list[i], 'ignore')) ignore = true;
    i++;
  }
  return { next: i, ignore };
}

function assignments(cx: Cx, set: NspNode): UpdateExpr[] {
  const items: NspNode[] = Array.isArray(set) ? set : fail('SET list');
  return items.map((s) => ({
    column: column(cx, { column: s.column, table: s.table ?? null, db: null }),
    expr: expr(cx, s.value),
  }));
}

/** Parses `update __vt set <tokens [from, to)>` and returns the assignments. */
function parseAssignments(ts: Tokens, from: number, to: number): UpdateExpr[] {
  const pieces: Piece[] = [{ text: 'update __vt set', at: from }, { from, to }];
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'update', quote, parseQuery: sub }));
  return assignments({ stash: rw.stash }, ast.set);
}

export function parseInsert(ts: Tokens, from: number, to: number): Insert {
  const list = ts.list;
  const action = isWord(list[from], 'replace') ? 'replace' : 'insert';
  const mods = skipModifiers(ts, from + 1);
  let i = isWord(list[mods.next], 'into') ? mods.next + 1 : mods.next;
  const t = tableNameAt(ts, i);
  const table: TableName = { qualifier: t.qualifier, name: t.name };
  i = t.next;
  if (isWord(list[i], 'partition') && isOp(list[i + 1], '(')) i = closeParen(ts, i + 1) + 1;
  let columns: string[] | null = null;
  if (isOp(list[i], '(') && !isWord(list[i + 1], 'select', 'with') && !isOp(list[i + 1], '(')) {
    const close = closeParen(ts, i);
    if (close > i + 1 && !isIdentList(list, i + 1, close)) failAt(ts, i + 1);
    columns = close === i + 1 ? [] : identList(ts, i + 1, close);
    i = close + 1;
  }
  const dupAt = atDepth0(list, i, to, (tok, k) => isWord(tok, 'on') && isWord(list[k + 1], 'duplicate'))[0] ?? to;
  let onDuplicate: UpdateExpr[] = [];
  if (dupAt < to) {
    if (!isWord(list[dupAt + 2], 'key') || !isWord(list[dupAt + 3], 'update')) failAt(ts, dupAt + 2);
    onDuplicate = parseAssignments(ts, dupAt + 4, to);
  }
  const base = { kind: 'insert', action, ignore: mods.ignore, table, onDuplicate, comments: NO_COMMENTS } as const;
  if (isWord(list[i], 'values', 'value')) {
    const aliasAt = atDepth0(list, i, dupAt, (tok) => isWord(tok, 'as'))[0] ?? dupAt;
    const rows = parseRows(ts, i + 1, aliasAt);
    const rowAlias = aliasAt < dupAt ? parseRowAlias(ts, aliasAt, dupAt) : null;
    return { ...base, columns, rows, select: null, ...(rowAlias ? { rowAlias } : {}) };
  }
  if (isWord(list[i], 'set')) {
    const set = parseAssignments(ts, i + 1, dupAt);
    return { ...base, columns: set.map((s) => s.column.name), rows: [set.map((s) => s.expr)], select: null };
  }
  if (isWord(list[i], 'select', 'with') || isOp(list[i], '(')) {
    const select: SelectStatement = parseQuery(ts, i, dupAt, { nested: false });
    return { ...base, columns, rows: null, select };
  }
  return failAt(ts, i);
}

function parseRows(ts: Tokens, from: number, to: number): Expr[][] {
  const pieces: Piece[] = [{ text: 'insert into __vt values', at: from }, { from, to }];
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'insert', quote, parseQuery: sub }));
  const cx = { stash: rw.stash };
  const rows: NspNode[] = ast.values?.values ?? fail('VALUES');
  return rows.map((r) => {
    const items: NspNode[] = r.value ?? [];
    const only = items.length === 1 && items[0].type === 'param' ? cx.stash.lookup(String(items[0].value)) : undefined;
    return only?.kind === 'empty_row' ? [] : exprs(cx, items);
  });
}

function parseRowAlias(ts: Tokens, at: number, to: number): { name: string; columns: string[] } {
  const n = tableNameAt(ts, at + 1);
  if (n.qualifier !== null) failAt(ts, at + 2);
  let columns: string[] = [];
  let i = n.next;
  if (isOp(ts.list[i], '(')) {
    const close = closeParen(ts, i);
    columns = identList(ts, i + 1, close);
    i = close + 1;
  }
  if (i !== to) failAt(ts, i);
  return { name: n.name, columns };
}

export function parseUpdate(ts: Tokens, from: number, to: number, w: With | null): Update {
  const mods = skipModifiers(ts, from + 1);
  const pieces: Piece[] = [{ text: 'update', at: from }, { from: mods.next, to }];
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'update', quote, parseQuery: sub }));
  const cx = { stash: rw.stash, hints: rw.hints };
  return {
    kind: 'update',
    with: w,
    ignore: mods.ignore,
    tables: tables(cx, ast.table),
    set: assignments(cx, ast.set),
    where: ast.where ? expr(cx, ast.where) : null,
    orderBy: orderBy(cx, ast.orderby),
    limit: limit(cx, ast.limit),
    comments: NO_COMMENTS,
  };
}

export function parseDelete(ts: Tokens, from: number, to: number, w: With | null): Delete {
  const list = ts.list;
  const mods = skipModifiers(ts, from + 1);
  const pieces: Piece[] = [{ text: 'delete', at: from }];
  const targets: TableName[] = [];
  let i = mods.next;
  const fromAt = atDepth0(list, i, to, (t) => isWord(t, 'from'))[0];
  if (fromAt === undefined) failAt(ts, to);
  const usingAt = atDepth0(list, fromAt, to, (t) => isWord(t, 'using'))[0];
  // `delete from a using a join b` is `delete a from a join b`.
  const targetFrom = usingAt !== undefined && fromAt === i ? fromAt + 1 : i;
  const targetTo = usingAt !== undefined && fromAt === i ? usingAt : fromAt;
  for (i = targetFrom; i < targetTo; ) {
    // `delete u.* from ...`: a star after the name changes nothing.
    const star = (k: number): boolean => isOp(list[k], '.') && isOp(list[k + 1], '*');
    const n = star(i + 1) ? { qualifier: null, name: identAt(ts, i), next: i + 1 } : tableNameAt(ts, i);
    targets.push({ qualifier: n.qualifier, name: n.name });
    pieces.push({ from: i, to: n.next });
    i = star(n.next) ? n.next + 2 : n.next;
    if (isOp(list[i], ',')) pieces.push({ from: i, to: ++i });
    else if (i < targetTo) failAt(ts, i);
  }
  pieces.push(usingAt !== undefined && fromAt === mods.next ? { text: 'from', at: usingAt } : { from: fromAt, to: fromAt + 1 });
  pieces.push({ from: usingAt !== undefined && fromAt === mods.next ? usingAt + 1 : fromAt + 1, to });
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'delete', quote, parseQuery: sub }));
  const cx = { stash: rw.stash, hints: rw.hints };
  return {
    kind: 'delete',
    with: w,
    ignore: mods.ignore,
    targets,
    from: tables(cx, ast.from),
    where: ast.where ? expr(cx, ast.where) : null,
    orderBy: orderBy(cx, ast.orderby),
    limit: limit(cx, ast.limit),
    comments: NO_COMMENTS,
  };
}
