/** node-sql-parser expressions → the AST's Expr (markers are put back from the stash). */

import type { AggregateName, BinaryOp, ColumnRef, Expr, Literal, OrderBy, TableName } from './ast.js';
import { UnsupportedShape, type NspNode } from './nsp.js';
import { BINARY_FUNC, DISTINCT_PREFIX } from './rewrite.js';
import type { Stash } from './stash.js';
import { parseVariable } from './variables.js';
import { convertOver } from './convert-window.js';
import { isLogical, logical } from './convert-logic.js';

export interface Cx {
  readonly stash: Stash;
}

const AGGREGATES: ReadonlySet<string> = new Set<AggregateName>(['count', 'sum', 'min', 'max', 'avg', 'group_concat', 'bit_and', 'bit_or', 'bit_xor', 'std', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance', 'any_value', 'json_arrayagg', 'json_objectagg']);

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  '=': '=', '!=': '!=', '<>': '<=>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  AND: 'and', '&&': 'and', OR: 'or', '||': ':=', XOR: 'xor',
  LIKE: 'like', 'NOT LIKE': 'not like', REGEXP: 'regexp', RLIKE: 'regexp', 'NOT REGEXP': 'not regexp', 'NOT RLIKE': 'not regexp',
  '+': '+', '-': '-', '*': '*', '/': '/', DIV: 'div', '%': '%', MOD: 'mod',
  '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>', '->': '->', '->>': '->>', ':=': ':=',
};

export function fail(what: string): never {
  throw new UnsupportedShape(what);
}

/** An identifier the parser returned (a string or a quoted-string node), with markers restored. */
export function name(cx: Cx, raw: NspNode): string {
  const text: unknown = typeof raw === 'object' && raw !== null ? (raw.value ?? raw.expr?.value) : raw;
  if (typeof text !== 'string') fail('identifier');
  const entry = cx.stash.lookup(text);
  if (entry?.kind === 'ident') return entry.name;
  if (entry?.kind === 'string') return entry.value;
  return text;
}

export function column(cx: Cx, n: NspNode): ColumnRef {
  const col = name(cx, n.column);
  let table: TableName | null = null;
  const qualified = typeof n.table === 'string' ? cx.stash.lookup(n.table) : undefined;
  if (qualified?.kind === 'table') {
    table = { qualifier: qualified.qualifier, name: qualified.name };
  } else if (n.table !== null && n.table !== undefined) {
    table = { qualifier: n.db === null || n.db === undefined ? null : name(cx, n.db), name: name(cx, n.table) };
  }
  return { kind: 'column', table, name: col };
}

function literal(type: Literal['type'], value: string, charset: string | null = null): Literal {
  return { kind: 'literal', type, value, charset };
}

export function exprs(cx: Cx, list: NspNode): Expr[] {
  const items: NspNode[] = Array.isArray(list) ? list : list?.type === 'expr_list' ? list.value : fail('expression list');
  return items.map((e) => expr(cx, e));
}

export function expr(cx: Cx, n: NspNode): Expr {
  const e = bare(cx, n);
  const collation = n?.collate?.collate?.name ?? n?.suffix?.collate?.collate?.name;
  return typeof collation === 'string' ? { kind: 'collate', expr: e, collation: name(cx, collation) } : e;
}

function bare(cx: Cx, n: NspNode): Expr {
  if (n === null || typeof n !== 'object') fail('expression');
  switch (n.type) {
    case 'column_ref':
      if (n.column === '*') fail('star outside a select list');
      return column(cx, n);
    case 'number':
    case 'bigint':
      return literal('int', String(n.value));
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string': {
      const entry = cx.stash.lookup(String(n.value));
      if (entry?.kind === 'string') return literal('string', entry.value, entry.charset);
      if (entry?.kind === 'expr') return entry.expr; // a bind passed as a string (after REGEXP)
      return fail('string');
    }
    case 'param':
      return param(cx, n.value);
    case 'date':
    case 'time':
    case 'timestamp': {
      const entry = cx.stash.lookup(String(n.value));
      if (entry?.kind === 'string') return literal(n.type, entry.value);
      return fail('date literal');
    }
    case 'bool':
      return literal('bool', n.value ? 'true' : 'false');
    case 'null':
      return literal('null', '');
    case 'binary_expr':
      return binary(cx, n);
    case 'unary_expr':
      return unary(cx, n);
    case 'expr_list': {
      const items = exprs(cx, n);
      return items.length === 1 && n.parentheses ? (items[0] as Expr) : { kind: 'tuple', items };
    }
    case 'function':
      return func(cx, n);
    case 'aggr_func':
      return aggregate(cx, n);
    case 'case': {
      const args: NspNode[] = n.args ?? [];
      const otherwise = args.find((a) => a.type === 'else');
      return {
        kind: 'case',
        operand: n.expr ? expr(cx, n.expr) : null,
        whens: args.filter((a) => a.type === 'when').map((a) => ({ when: expr(cx, a.cond), then: expr(cx, a.result) })),
        else: otherwise ? expr(cx, otherwise.result) : null,
      };
    }
    case 'cast':
      return { kind: 'cast', style: 'cast', expr: expr(cx, n.expr), type: dataType(n.target?.[0]) };
    case 'interval':
      return { kind: 'interval', expr: expr(cx, n.expr), unit: String(n.unit).toLowerCase() };
    case 'var':
      return parseVariable(`${n.prefix}${[n.name, ...(n.members ?? [])].join('.')}`);
    case 'assign':
      return { kind: 'binary', op: ':=', left: expr(cx, n.left), right: expr(cx, n.right), escape: null };
    case 'extract':
      // `extract(year from d)`: the unit and its operand, held as an interval argument.
      return { kind: 'func', name: 'extract', args: [{ kind: 'interval', expr: expr(cx, n.args?.source), unit: String(n.args?.field).toLowerCase() }] };
    default:
      return fail(`expression ${String(n.type)}`);
  }
}

function param(cx: Cx, value: unknown): Expr {
  const entry = cx.stash.lookup(String(value));
  if (entry?.kind === 'expr') return entry.expr;
  return fail('parameter');
}

function binary(cx: Cx, n: NspNode): Expr {
  if (isLogical(n)) return logical(n, (o) => expr(cx, o));
  const op = String(n.operator).toUpperCase();
  if (op === 'IN' || op === 'NOT IN') {
    const left = expr(cx, n.left);
    const items: NspNode[] = n.right?.type === 'expr_list' ? n.right.value : fail('IN list');
    const only = items.length === 1 && items[0].type === 'param' ? param(cx, items[0].value) : null;
    const list = only !== null && (only.kind === 'subquery' || (only.kind === 'bind' && only.list)) ? only : items.map((e) => expr(cx, e));
    return { kind: 'in', expr: left, not: op === 'NOT IN', list };
  }
  if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
    const [low, high] = exprs(cx, n.right);
    if (low === undefined || high === undefined) fail('BETWEEN');
    return { kind: 'between', expr: expr(cx, n.left), not: op === 'NOT BETWEEN', low, high };
  }
  if (op === 'IS' || op === 'IS NOT') {
    const r = n.right;
    const value = r?.type === 'null' ? 'null' : r?.type === 'bool' ? (r.value ? 'true' : 'false') : r?.type === 'column_ref' && String(r.column).toLowerCase() === 'unknown' ? 'unknown' : fail('IS');
    return { kind: 'is', expr: expr(cx, n.left), not: op === 'IS NOT', value };
  }
  const mapped = BINARY_OPS[op] ?? fail(`operator ${op}`);
  const right = n.right;
  const escape = right?.escape?.value ? expr(cx, right.escape.value) : null;
  const quantifier = right?.type === 'param' ? cx.stash.lookup(String(right.value)) : undefined;
  const base = { kind: 'binary', op: mapped, left: expr(cx, n.left), right: expr(cx, right), escape } as const;
  return quantifier?.kind === 'expr' && quantifier.quantifier ? { ...base, quantifier: quantifier.quantifier } : base;
}

function unary(cx: Cx, n: NspNode): Expr {
  const op = String(n.operator).toLowerCase();
  if (op === 'not') return logical(n, (o) => expr(cx, o));
  const inner = expr(cx, n.expr);
  if (op === '-' && inner.kind === 'literal' && (inner.type === 'int' || inner.type === 'decimal' || inner.type === 'float') && !inner.value.startsWith('-')) {
    // Vitess folds a minus sign into a numeric literal.
    return { ...inner, value: `-${inner.value}` };
  }
  if (op === 'not' || op === '-' || op === '+' || op === '~' || op === '!') return { kind: 'unary', op, expr: inner };
  return fail(`unary ${op}`);
}

function funcName(cx: Cx, n: NspNode): string {
  const parts: NspNode[] = n.name?.name ?? fail('function name');
  const base = parts.map((p) => name(cx, p)).join('.');
  return n.name?.schema ? `${name(cx, n.name.schema)}.${base}` : base;
}

function func(cx: Cx, n: NspNode): Expr {
  const fname = funcName(cx, n);
  const lower = fname.toLowerCase();
  const rawArgs: NspNode[] = n.args?.type === 'expr_list' ? n.args.value : n.args ? [n.args] : [];
  if (lower.startsWith(DISTINCT_PREFIX)) {
    return { kind: 'aggregate', name: lower.slice(DISTINCT_PREFIX.length) as AggregateName, args: rawArgs.map((a) => expr(cx, a)), star: false, distinct: true, orderBy: [], separator: null };
  }
  if (lower === 'not' && rawArgs.length === 1) {
    // `not (a) = (b)`: rewrite.ts wraps NOT's whole operand, which the parser then reads as a call.
    return { kind: 'unary', op: 'not', expr: expr(cx, rawArgs[0]) };
  }
  if (lower === BINARY_FUNC && rawArgs.length === 1) {
    return { kind: 'cast', style: 'convert', expr: expr(cx, rawArgs[0]), type: 'binary' };
  }
  if (lower === 'convert' && rawArgs.length === 1 && typeof rawArgs[0].suffix === 'string') {
    const charset = String(rawArgs[0].suffix).replace(/^using\s+/i, '').toLowerCase();
    return { kind: 'cast', style: 'convert_using', expr: expr(cx, { ...rawArgs[0], suffix: undefined }), type: charset };
  }
  if (lower === 'convert' && rawArgs.length === 2 && rawArgs[1].type === 'datatype') {
    return { kind: 'cast', style: 'convert', expr: expr(cx, rawArgs[0]), type: dataType(rawArgs[1]) };
  }
  if (lower === 'values' && rawArgs.length === 1 && rawArgs[0].type === 'column_ref') {
    return { kind: 'values_func', column: column(cx, rawArgs[0]) };
  }
  if (lower === 'default' && rawArgs.length === 1 && rawArgs[0].type === 'column_ref') {
    return { kind: 'default', column: column(cx, rawArgs[0]).name };
  }
  if (AGGREGATES.has(lower) && !fname.includes('.')) {
    return { kind: 'aggregate', name: lower as AggregateName, args: rawArgs.map((a) => expr(cx, a)), star: false, distinct: false, orderBy: [], separator: null };
  }
  // Keyword arguments (`trim(leading 'x' from s)`) have no place in FuncExpr.
  if (rawArgs.some((a) => a?.type === 'origin')) fail(`keyword arguments of ${fname}`);
  const args = rawArgs.map((a) => expr(cx, a));
  const over = convertOver(cx, n.over);
  return over === null ? { kind: 'func', name: fname, args } : { kind: 'func', name: fname, args, over };
}

function aggregate(cx: Cx, n: NspNode): Expr {
  const lower = String(n.name).toLowerCase();
  if (!AGGREGATES.has(lower)) fail(`aggregate ${lower}`);
  const a = n.args ?? {};
  const star = a.expr?.type === 'star';
  const args = star ? [] : a.expr?.type === 'expr_list' && !a.expr.parentheses ? exprs(cx, a.expr) : a.expr ? [expr(cx, a.expr)] : [];
  const orderBy: OrderBy[] = (a.orderby ?? []).map((o: NspNode) => orderItem(cx, o));
  const sep = a.separator?.value ? expr(cx, a.separator.value) : null;
  const separator = sep?.kind === 'literal' ? sep.value : null;
  const base = { kind: 'aggregate', name: lower as AggregateName, args, star, distinct: a.distinct === 'DISTINCT', orderBy, separator } as const;
  const over = convertOver(cx, n.over);
  return over === null ? base : { ...base, over };
}

export function orderItem(cx: Cx, o: NspNode): OrderBy {
  const dir = typeof o.type === 'string' ? o.type.toLowerCase() : null;
  return { expr: expr(cx, o.expr), direction: dir === 'asc' || dir === 'desc' ? dir : null };
}

function dataType(t: NspNode): string {
  if (t === null || typeof t !== 'object' || typeof t.dataType !== 'string') fail('data type');
  let s = t.dataType.toLowerCase();
  if (t.length !== undefined && t.length !== null) s += t.scale !== undefined && t.scale !== null ? `(${t.length}, ${t.scale})` : `(${t.length})`;
  const suffix = Array.isArray(t.suffix) ? t.suffix.join(' ').toLowerCase() : '';
  return suffix === '' ? s : `${s} ${suffix}`;
}
