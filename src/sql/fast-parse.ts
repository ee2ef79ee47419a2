/**
 * The fast path of parseSql: a hand-written recursive-descent parser for the statements OLTP
 * traffic is made of, reading the lexer's tokens directly instead of going through
 * node-sql-parser (whose astify is most of a plan-cache miss). It builds exactly the AST the
 * node-sql-parser path builds for the same text, or returns null as soon as the text leaves its
 * subset, and parse.ts then takes that path. test/sql/fast-parse.test.ts holds the two paths
 * against each other.
 *
 * The subset:
 *   SELECT [DISTINCT] items [FROM t [[AS] a] [, | [INNER|CROSS|LEFT [OUTER]|RIGHT [OUTER]] JOIN | STRAIGHT_JOIN t ...
 *     [ON cond | USING (cols)]]] [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT] [FOR UPDATE | FOR SHARE |
 *     LOCK IN SHARE MODE [NOWAIT | SKIP LOCKED]]
 *   INSERT | REPLACE [modifiers] [INTO] t [(cols)] VALUES (row), ... [ON DUPLICATE KEY UPDATE c = expr, ...]
 *   UPDATE [modifiers] t [[AS] a] SET c = expr, ... [WHERE] [ORDER BY] [LIMIT]
 *   DELETE [modifiers] FROM t [[AS] a] [WHERE] [ORDER BY] [LIMIT]
 * with the expressions of fast-expr.ts.
 */

import type { Comments, Delete, Expr, Insert, Limit, OrderBy, Select, SelectExpr, TableExpr, Update, UpdateExpr } from './ast.js';
import { BAIL, Cursor, bail, isName, name, tableName } from './fast-cursor.js';
import { ExprReader, numberLiteral } from './fast-expr.js';
import { NO_BARE_ALIAS } from './fast-reserved.js';
import type { Token } from './lexer.js';

export type FastStatement = Select | Insert | Update | Delete;

/**
 * The statement the tokens (comments removed, placeholders numbered: see parse.ts) spell, or null
 * when they are outside the subset. Never throws.
 */
export function fastParse(list: readonly Token[], comments: Comments): FastStatement | null {
  try {
    return readStatement(list, comments);
  } catch {
    return null;
  }
}

/** fastParse, but errors other than "outside the subset" propagate (tests use it to catch parser bugs). */
export function readStatement(list: readonly Token[], comments: Comments): FastStatement | null {
  const first = list[0];
  if (first === undefined || first.type !== 'ident') return null;
  const c = new Cursor(list);
  try {
    let s: FastStatement;
    switch (c.word()) {
      case 'select':
        s = select(c, comments);
        break;
      case 'insert':
      case 'replace':
        s = insert(c, comments);
        break;
      case 'update':
        s = update(c, comments);
        break;
      case 'delete':
        s = del(c, comments);
        break;
      default:
        return null;
    }
    return c.done ? s : null;
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

function select(c: Cursor, comments: Comments): Select {
  c.i++;
  const x = new ExprReader(c, { threePart: true });
  const distinct = c.eatWord('distinct');
  const columns: SelectExpr[] = [];
  x.inSelectList = true;
  do columns.push(selectItem(c, x));
  while (c.eatOp(','));
  x.inSelectList = false;
  let from: TableExpr[] = [];
  if (c.eatWord('from')) {
    if (c.word() === 'dual') c.i++; // `from dual` alone is no FROM (a `,` or a join after it bails)
    else from = tables(c, x);
  }
  const where = c.eatWord('where') ? x.expr() : null;
  const groupBy = eatWords(c, 'group', 'by') ? x.values() : [];
  const having = c.eatWord('having') ? x.expr() : null;
  const orderBy = order(c, x);
  const limit = readLimit(c);
  return {
    kind: 'select',
    with: null,
    distinct,
    sqlCalcFoundRows: false,
    columns,
    from,
    where,
    groupBy,
    having,
    orderBy,
    limit,
    lock: lock(c),
    comments,
  };
}

function selectItem(c: Cursor, x: ExprReader): SelectExpr {
  if (c.eatOp('*')) return { kind: 'star', table: null };
  if (c.op(1) === '.' && c.op(2) === '*' && isName(c.tok())) {
    const table = name(c);
    c.i += 2;
    return { kind: 'star', table: { qualifier: null, name: table } };
  }
  const expr = x.expr();
  return { kind: 'aliased', expr, as: alias(c) };
}

/** `[AS] name` after a select item or a table; null without one. */
function alias(c: Cursor): string | null {
  if (c.eatWord('as')) return name(c);
  if (!isName(c.tok())) return null;
  if (NO_BARE_ALIAS.has(c.word())) bail();
  return name(c);
}

/** Comma-separated join chains. */
function tables(c: Cursor, x: ExprReader): TableExpr[] {
  const out: TableExpr[] = [];
  do out.push(joins(c, x, table(c)));
  while (c.eatOp(','));
  return out;
}

function table(c: Cursor): TableExpr {
  if (!isName(c.tok())) bail(); // `(`, derived tables, reserved words
  return { kind: 'table', name: tableName(c), as: alias(c), hints: [] };
}

function joins(c: Cursor, x: ExprReader, first: TableExpr): TableExpr {
  let left = first;
  for (;;) {
    const w = c.word();
    let type: 'join' | 'left join' | 'right join' | 'straight_join';
    if (w === 'join') {
      c.i++;
      type = 'join';
    } else if ((w === 'inner' || w === 'cross') && c.word(1) === 'join') {
      c.i += 2;
      type = 'join';
    } else if (w === 'straight_join') {
      c.i++;
      type = 'straight_join';
    } else if (w === 'left' || w === 'right') {
      c.i++;
      c.eatWord('outer');
      c.expectWord('join');
      type = w === 'left' ? 'left join' : 'right join';
    } else {
      return left;
    }
    const right = table(c);
    let on: Expr | null = null;
    let using: string[] | null = null;
    if (c.eatWord('on')) {
      on = x.expr();
    } else if (c.eatWord('using')) {
      c.expectOp('(');
      using = [];
      do using.push(name(c));
      while (c.eatOp(','));
      c.expectOp(')');
    } else if (type === 'left join' || type === 'right join') {
      bail();
    }
    left = { kind: 'join', type, left, right, on, using };
  }
}

function eatWords(c: Cursor, a: string, b: string): boolean {
  if (c.word() !== a || c.word(1) !== b) return false;
  c.i += 2;
  return true;
}

function order(c: Cursor, x: ExprReader): OrderBy[] {
  if (!eatWords(c, 'order', 'by')) return [];
  const out: OrderBy[] = [];
  do {
    const expr = x.value();
    const w = c.word();
    const direction = w === 'asc' || w === 'desc' ? w : null;
    if (direction !== null) c.i++;
    out.push({ expr, direction });
  } while (c.eatOp(','));
  return out;
}

function readLimit(c: Cursor): Limit | null {
  if (!c.eatWord('limit')) return null;
  const a = limitValue(c);
  if (c.eatOp(',')) return { rowCount: limitValue(c), offset: a };
  if (c.eatWord('offset')) return { rowCount: a, offset: limitValue(c) };
  return { rowCount: a, offset: null };
}

function limitValue(c: Cursor): Expr {
  const t = c.tok();
  if (t === undefined) return bail();
  c.i++;
  if (t.type === 'number' && t.literal === 'int') return numberLiteral(t);
  if (t.type === 'bind' || t.type === 'placeholder') return { kind: 'bind', name: t.value, list: false };
  return bail();
}

/** The locking clause as the other path keeps it: its words, lower case. */
function lock(c: Cursor): string | null {
  let text: string;
  if (c.word() === 'for' && (c.word(1) === 'update' || c.word(1) === 'share')) {
    text = `for ${c.word(1)}`;
    c.i += 2;
  } else if (c.word() === 'lock' && c.word(1) === 'in' && c.word(2) === 'share' && c.word(3) === 'mode') {
    text = 'lock in share mode';
    c.i += 4;
  } else {
    return null;
  }
  if (c.eatWord('nowait')) return `${text} nowait`;
  if (c.word() === 'skip' && c.word(1) === 'locked') {
    c.i += 2;
    return `${text} skip locked`;
  }
  return text;
}

const MODIFIERS: ReadonlySet<string> = new Set(['low_priority', 'delayed', 'high_priority', 'quick', 'ignore']);

/** Statement modifiers (parse-dml.ts skips the same words); whether IGNORE was one. */
function modifiers(c: Cursor): boolean {
  let ignore = false;
  while (MODIFIERS.has(c.word())) {
    if (c.word() === 'ignore') ignore = true;
    c.i++;
  }
  return ignore;
}

function insert(c: Cursor, comments: Comments): Insert {
  const action = c.word() === 'replace' ? 'replace' : 'insert';
  c.i++;
  const ignore = modifiers(c);
  c.eatWord('into');
  const table = tableName(c);
  let columns: string[] | null = null;
  if (c.eatOp('(')) {
    columns = [];
    if (!c.eatOp(')')) {
      do columns.push(name(c));
      while (c.eatOp(','));
      c.expectOp(')');
    }
  }
  if (!c.eatWord('values') && !c.eatWord('value')) bail();
  const x = new ExprReader(c);
  const rows: Expr[][] = [];
  do {
    c.expectOp('(');
    if (c.eatOp(')')) {
      rows.push([]);
      continue;
    }
    rows.push(x.values());
    c.expectOp(')');
  } while (c.eatOp(','));
  let onDuplicate: UpdateExpr[] = [];
  if (c.word() === 'on' && c.word(1) === 'duplicate' && c.word(2) === 'key' && c.word(3) === 'update') {
    c.i += 4;
    onDuplicate = assignments(c, new ExprReader(c, { valuesFunc: true }));
  }
  return { kind: 'insert', action, ignore, table, onDuplicate, comments, columns, rows, select: null };
}

function assignments(c: Cursor, x: ExprReader): UpdateExpr[] {
  const out: UpdateExpr[] = [];
  do {
    const first = name(c);
    const column = c.eatOp('.')
      ? { kind: 'column' as const, table: { qualifier: null, name: first }, name: name(c) }
      : { kind: 'column' as const, table: null, name: first };
    c.expectOp('=');
    out.push({ column, expr: x.value() });
  } while (c.eatOp(','));
  return out;
}

function update(c: Cursor, comments: Comments): Update {
  c.i++;
  const ignore = modifiers(c);
  const target = table(c);
  c.expectWord('set');
  const x = new ExprReader(c);
  const set = assignments(c, x);
  const where = c.eatWord('where') ? x.expr() : null;
  return { kind: 'update', with: null, ignore, tables: [target], set, where, orderBy: order(c, x), limit: readLimit(c), comments };
}

function del(c: Cursor, comments: Comments): Delete {
  c.i++;
  const ignore = modifiers(c);
  c.expectWord('from');
  const target = table(c);
  const x = new ExprReader(c);
  const where = c.eatWord('where') ? x.expr() : null;
  return { kind: 'delete', with: null, ignore, targets: [], from: [target], where, orderBy: order(c, x), limit: readLimit(c), comments };
}
