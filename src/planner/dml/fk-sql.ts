/**
 * The SQL pieces Vitess writes for foreign key handling, as AST nodes: `(cols) in ::fkc_vals`,
 * the null-safe `(cols) not in ((new values))`, casts of new values to the column's type, the
 * `SET_VAR(foreign_key_checks=...)` hint, and column references qualified by a table.
 */
import type { ColumnRef, Comments, Expr, TableName, UpdateExpr } from '../../sql/ast.js';
import { commentsOf } from '../../sql/comments.js';
import type { Table } from '../../vschema/model.js';
import { mapExpr } from '../expr/walk.js';
import { columnIndex } from './fk-keys.js';

export function col(name: string, table: string | null = null): ColumnRef {
  return { kind: 'column', table: table === null ? null : { qualifier: null, name: table }, name };
}

export function bind(name: string, list = false): Expr {
  return { kind: 'bind', name, list };
}

export function tuple(items: readonly Expr[]): Expr {
  return { kind: 'tuple', items };
}

/** `(c1, c2) in ::name` */
export function inList(columns: readonly Expr[], name: string): Expr {
  return { kind: 'in', expr: tuple(columns), not: false, list: bind(name, true) as Expr & { kind: 'bind' } };
}

export function and(left: Expr | null, right: Expr | null): Expr | null {
  if (left === null) return right;
  if (right === null) return left;
  return { kind: 'binary', op: 'and', left, right, escape: null };
}

export function binary(op: '=' | '<=>' | 'or', left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, escape: null };
}

export function isNull(e: Expr, not = false): Expr {
  return { kind: 'is', expr: e, not, value: 'null' };
}

export const NULL: Expr = { kind: 'literal', type: 'null', value: '', charset: null };

export function one(): Expr {
  return { kind: 'literal', type: 'int', value: '1', charset: null };
}

/** Vitess's IsLiteral for "is this update a plain value": literals, NULL, booleans and bind variables. */
export function isValue(e: Expr): boolean {
  return e.kind === 'literal' || (e.kind === 'bind' && !e.list);
}

/**
 * The new value cast to the updated column's type (Vitess getCastedUpdateExpression), so that
 * comparing it with the child's column compares like MySQL's cascade does. No cast when the
 * VSchema gives the column no type.
 */
export function castedValue(table: Table, ue: UpdateExpr): Expr {
  const column = table.columns[columnIndex(table.columns.map((c) => c.name), ue.column.name)];
  const type = castType(column?.type ?? null);
  return type === null ? ue.expr : { kind: 'cast', style: 'cast', expr: ue.expr, type };
}

function castType(type: string | null): string | null {
  const t = (type ?? '').toUpperCase();
  if (t === '' || t === 'NULL_TYPE') return null;
  if (/^INT(8|16|24|32|64)$/.test(t)) return 'SIGNED';
  if (/^UINT(8|16|24|32|64)$/.test(t) || t === 'YEAR' || t === 'BIT') return t === 'BIT' ? null : 'UNSIGNED';
  if (t === 'FLOAT32' || t === 'FLOAT64') return 'FLOAT';
  if (t === 'DECIMAL') return 'DECIMAL';
  if (['DATE', 'TIME', 'DATETIME', 'TIMESTAMP'].includes(t)) return 'DATETIME';
  if (['BINARY', 'VARBINARY', 'BLOB'].includes(t)) return 'BINARY';
  if (['CHAR', 'VARCHAR', 'TEXT'].includes(t)) return 'CHAR';
  return null;
}

/**
 * `(child cols) not in ((v1, v2))`, wrapped as `v2 is null or (v1 is null or ...)` for every value
 * that is not a plain literal: rows whose key keeps its value (or becomes NULL) are left alone.
 * null when a key column is set to NULL (nothing to compare).
 */
export function nullSafeNotIn(columns: readonly Expr[], values: readonly { readonly value: Expr; readonly literal: boolean }[]): Expr | null {
  let out: Expr = { kind: 'in', expr: tuple(columns), not: true, list: [tuple(values.map((v) => v.value))] };
  for (const v of values) if (!v.literal) out = binary('or', isNull(v.value), out);
  return out;
}

/** Prefixes unqualified columns with `table` (Vitess prefixColNames). */
export function qualify(e: Expr, table: string): Expr {
  return mapExpr(e, (x) => (x.kind === 'column' && x.table === null ? col(x.name, table) : undefined));
}

/** The comments with `foreign_key_checks` set to `value` in a SET_VAR optimizer hint. */
export function withFkChecks(comments: Comments, value: string): Comments {
  const hint = `SET_VAR(foreign_key_checks=${value})`;
  const raw = comments.raw.map((c) => c.replace(/\s*SET_VAR\s*\(\s*foreign_key_checks\s*=\s*[a-z0-9]+\s*\)/i, '')).filter((c) => !/^\/\*\+\s*\*\/$/.test(c));
  const at = raw.findIndex((c) => c.startsWith('/*+'));
  if (at >= 0) raw[at] = raw[at]!.replace(/^\/\*\+\s*/, `/*+ ${hint} `);
  else raw.unshift(`/*+ ${hint} */`);
  return commentsOf(raw);
}

/**
 * The comments a DML's query carries: those forced on the whole tree (DMLWithInput), else
 * foreign_key_checks=OFF when the router verifies every key, else, on the statement itself, the
 * session's or hint's foreign_key_checks spelled On/Off as Vitess does.
 */
export function dmlComments(comments: Comments, scope: { readonly forcedComments: Comments | null; readonly checks: boolean | null }, top: boolean, off: boolean): Comments {
  if (scope.forcedComments) return scope.forcedComments;
  if (off) return withFkChecks(comments, 'OFF');
  if (top && scope.checks !== null) return withFkChecks(comments, scope.checks ? 'On' : 'Off');
  return comments;
}

export function commentsWithChecks(checks: boolean | null): Comments {
  return checks === true ? withFkChecks(commentsOf([]), 'ON') : commentsOf([]);
}

export function tableNameOf(t: { keyspace: string; table: string }): TableName {
  return { qualifier: t.keyspace, name: t.table };
}
