/**
 * printSql: an AST node → SQL text in Vitess's output style (the shard queries Vitess sends):
 * lower-case keywords, `` `user` `` backticked but `id` bare, `:name` / `::name` binds, every ORDER BY
 * direction written out, `from dual` for a SELECT without FROM, comments right after the leading
 * keyword (`select /*vt+ QUERY_TIMEOUT_MS=10 *\/ ...`). Statements kept as text (DDL, SHOW, ...)
 * print their text.
 */

import type { Delete, Expr, Insert, Limit, SelectExpr, Show, Statement, TableExpr, Update, UpdateExpr, With } from './ast.js';
import { quoteString } from './literals.js';
import { formatIdent } from './keywords.js';
import { hooks, printColumn, printExpr, printOrderBy, printTableName, printVariable } from './print-expr.js';
import { printComments as comments, printLimit, printQuery, printSelectExpr, printTableExpr, printWith } from './print-select.js';

hooks.printQuery = printQuery;

export type Printable = Statement | Expr | TableExpr | SelectExpr;

export function printSql(node: Printable): string {
  switch (node.kind) {
    case 'select':
    case 'union':
      return printQuery(node);
    case 'insert':
      return printInsert(node);
    case 'update':
      return printUpdate(node);
    case 'delete':
      return printDelete(node);
    case 'set':
      return `set ${comments(node.comments)}${node.assignments.map((a) => printAssignment(a.variable, a.expr)).join(', ')}`;
    case 'use':
      return node.target === '' ? 'use' : `use ${formatIdent(node.target)}`;
    case 'show':
      return printShow(node);
    case 'other':
    case 'begin':
    case 'commit':
    case 'rollback':
      return node.sql;
    case 'savepoint':
      return `savepoint ${formatIdent(node.name)}`;
    case 'release_savepoint':
      return `release savepoint ${formatIdent(node.name)}`;
    case 'rollback_to_savepoint':
      return `rollback to ${formatIdent(node.name)}`;
    case 'explain':
      return `${node.type === 'explain' ? 'explain' : node.type.replace('_', ' ')} ${printSql(node.statement)}`;
    case 'table':
    case 'derived':
    case 'join':
      return printTableExpr(node);
    case 'star':
    case 'aliased':
    case 'next':
      return printSelectExpr(node);
    default:
      return printExpr(node);
  }
}

function printAssignment(v: Parameters<typeof printVariable>[0], e: Expr): string {
  if (v.scope === 'session' && !v.explicitScope && (v.name === 'names' || v.name === 'charset') && e.kind === 'literal') {
    return `${v.name} ${e.value}`;
  }
  return `${printVariable(v)} = ${printExpr(e)}`;
}

function updateList(items: readonly UpdateExpr[]): string {
  return items.map((u) => `${printColumn(u.column)} = ${printExpr(u.expr)}`).join(', ');
}

function tail(where: Expr | null, orderBy: Update['orderBy'], limit: Limit | null): string {
  const w = where === null ? '' : ` where ${printExpr(where)}`;
  const o = orderBy.length === 0 ? '' : ` order by ${printOrderBy(orderBy)}`;
  return w + o + printLimit(limit);
}

function withPrefix(w: With | null): string {
  return w === null ? '' : printWith(w);
}

function printInsert(n: Insert): string {
  const head = `${n.action} ${comments(n.comments)}${n.ignore ? 'ignore ' : ''}into ${printTableName(n.table)}`;
  const cols = n.columns === null || n.columns.length === 0 ? '' : `(${n.columns.map(formatIdent).join(', ')})`;
  let body: string;
  if (n.rows !== null) {
    body = ` values ${n.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ')}`;
  } else {
    body = ` ${printQuery(n.select ?? fail())}`;
  }
  const alias = n.rowAlias
    ? ` as ${formatIdent(n.rowAlias.name)}${n.rowAlias.columns.length > 0 ? ` (${n.rowAlias.columns.map(formatIdent).join(', ')})` : ''}`
    : '';
  const dup = n.onDuplicate.length === 0 ? '' : ` on duplicate key update ${updateList(n.onDuplicate)}`;
  return head + cols + body + alias + dup;
}

function fail(): never {
  throw new TypeError('printSql: an INSERT needs rows or a select');
}

function printUpdate(n: Update): string {
  const tables = n.tables.map(printTableExpr).join(', ');
  return `${withPrefix(n.with)}update ${comments(n.comments)}${n.ignore ? 'ignore ' : ''}${tables} set ${updateList(n.set)}${tail(n.where, n.orderBy, n.limit)}`;
}

function printDelete(n: Delete): string {
  const targets = n.targets.length === 0 ? '' : `${n.targets.map(printTableName).join(', ')} `;
  const from = n.from.map(printTableExpr).join(', ');
  return `${withPrefix(n.with)}delete ${comments(n.comments)}${n.ignore ? 'ignore ' : ''}${targets}from ${from}${tail(n.where, n.orderBy, n.limit)}`;
}

// SHOW kinds whose text holds more than the Show fields say: printed as written.
const SHOW_AS_WRITTEN = new Set(['transaction status', 'unresolved transactions']);

/** SHOW rebuilt from its fields as Vitess prints it (`show full columns from t from ks`, `show create table t`). */
function printShow(n: Show): string {
  if (SHOW_AS_WRITTEN.has(n.type)) return n.sql;
  let out = `show ${n.full ? 'full ' : ''}${n.type}`;
  if (n.type.startsWith('create ')) {
    if (n.table !== null) out += ` ${printTableName(n.table)}`;
  } else if (n.table !== null) {
    out += ` from ${printTableName(n.table)}`;
  }
  if (n.database !== null) out += ` from ${formatIdent(n.database)}`;
  if (n.like !== null) out += ` like ${quoteString(n.like)}`;
  if (n.where !== null) out += ` where ${printExpr(n.where)}`;
  return out;
}
