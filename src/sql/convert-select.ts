/** node-sql-parser SELECT bodies and table references → Select, TableExpr. */

import type { Expr, Join, Limit, OrderBy, Select, SelectExpr, TableExpr } from './ast.js';
import { type Cx, expr, exprs, fail, name, orderItem } from './convert-expr.js';
import type { NspNode } from './nsp.js';
import { NATURAL_MARKER } from './rewrite.js';

export interface SelectCx extends Cx {
  readonly hints: ReadonlyMap<string, readonly string[]>;
}

export { NO_COMMENTS } from './build.js';
import { NO_COMMENTS } from './build.js';

export function convertSelect(cx: SelectCx, n: NspNode): Select {
  if (n?.type !== 'select') fail('select');
  if (n.window) fail('named window');
  const options: string[] = (n.options ?? []).map((o: unknown) => String(o).toLowerCase());
  return {
    kind: 'select',
    with: null,
    distinct: typeof n.distinct === 'string' && n.distinct.toUpperCase() === 'DISTINCT',
    sqlCalcFoundRows: options.includes('sql_calc_found_rows'),
    columns: (n.columns ?? []).map((c: NspNode) => selectExpr(cx, c)),
    from: tables(cx, n.from),
    where: n.where ? expr(cx, n.where) : null,
    groupBy: groupBy(cx, n.groupby),
    ...(rollup(n.groupby) ? { rollup: true } : {}),
    having: n.having ? expr(cx, n.having) : null,
    orderBy: orderBy(cx, n.orderby),
    limit: limit(cx, n.limit),
    lock: null,
    comments: NO_COMMENTS,
  };
}

function selectExpr(cx: SelectCx, c: NspNode): SelectExpr {
  const e = c?.expr;
  if (e?.type === 'column_ref' && e.column === '*') {
    return { kind: 'star', table: e.table ? { qualifier: e.db ? name(cx, e.db) : null, name: name(cx, e.table) } : null };
  }
  if (e?.type === 'param') {
    const entry = cx.stash.lookup(String(e.value));
    if (entry?.kind === 'next') return { kind: 'next', count: entry.count };
  }
  return { kind: 'aliased', expr: expr(cx, e), as: c.as === null || c.as === undefined ? null : name(cx, c.as) };
}

function rollup(g: NspNode): boolean {
  const modifiers: NspNode[] = (g?.modifiers ?? []).filter((m: NspNode) => m !== null);
  if (modifiers.some((m) => String(m?.value).toLowerCase() !== 'with rollup')) fail('group by modifier');
  return modifiers.length > 0;
}

export function groupBy(cx: Cx, g: NspNode): Expr[] {
  if (!g) return [];
  return exprs(cx, Array.isArray(g) ? g : (g.columns ?? []));
}

export function orderBy(cx: Cx, o: NspNode): OrderBy[] {
  return Array.isArray(o) ? o.map((item) => orderItem(cx, item)) : [];
}

export function limit(cx: Cx, l: NspNode): Limit | null {
  const values: NspNode[] = l?.value ?? [];
  if (values.length === 0) return null;
  const [a, b] = values.map((v) => expr(cx, v));
  if (a === undefined) return null;
  if (b === undefined) return { rowCount: a, offset: null };
  return l.seperator === 'offset' ? { rowCount: a, offset: b } : { rowCount: b, offset: a };
}

/** The parser's flat FROM list (joins annotate the item they bring in) → comma-separated TableExprs. */
export function tables(cx: SelectCx, from: NspNode): TableExpr[] {
  if (!from) return [];
  const items: NspNode[] = Array.isArray(from) ? from : [from];
  const out: TableExpr[] = [];
  for (const item of items) {
    // `from dual` alone is no FROM at all; `from dual, t` keeps the table.
    if (item?.type === 'dual' && items.length === 1) continue;
    if (item?.type === 'dual') item.table = 'dual';
    const right = tableFactor(cx, item);
    const join: unknown = item.join;
    if (typeof join !== 'string') {
      out.push(right);
      continue;
    }
    const left = out.pop() ?? fail('join without a left side');
    out.push(joinOf(cx, join, left, right, item));
  }
  return out;
}

function joinOf(cx: SelectCx, kind: string, left: TableExpr, right: TableExpr, item: NspNode): Join {
  const using: string[] | null = Array.isArray(item.using) ? item.using.map((u: NspNode) => name(cx, u)) : null;
  const natural = using !== null && using.length === 1 && using[0] === NATURAL_MARKER;
  const k = kind.toUpperCase().replace(/\s+/g, ' ');
  let type: Join['type'];
  if (k === 'INNER JOIN' || k === 'JOIN' || k === 'CROSS JOIN') type = natural ? 'natural join' : 'join';
  else if (k === 'LEFT JOIN' || k === 'LEFT OUTER JOIN') type = natural ? 'natural left join' : 'left join';
  else if (k === 'RIGHT JOIN' || k === 'RIGHT OUTER JOIN') type = natural ? 'natural right join' : 'right join';
  else if (k === 'STRAIGHT_JOIN') type = 'straight_join';
  else return fail(`join ${k}`);
  return { kind: 'join', type, left, right, on: item.on ? expr(cx, item.on) : null, using: natural ? null : using };
}

function tableFactor(cx: SelectCx, item: NspNode): TableExpr {
  if (Array.isArray(item?.expr)) {
    const inner = tables(cx, item.expr);
    if (inner.length !== 1) fail('parenthesized table list');
    return inner[0] as TableExpr;
  }
  if (item?.expr) fail('table expression');
  if (item?.table === undefined || item.table === null) fail('table');
  const as = item.as === null || item.as === undefined ? null : name(cx, item.as);
  const entry = typeof item.table === 'string' ? cx.stash.lookup(item.table) : undefined;
  if (entry?.kind === 'derived') {
    return { kind: 'derived', select: entry.select, as: as ?? '', columns: entry.columns, lateral: entry.lateral };
  }
  const tname = name(cx, item.table);
  return {
    kind: 'table',
    name: { qualifier: item.db === null || item.db === undefined ? null : name(cx, item.db), name: tname },
    as,
    hints: cx.hints.get(as ?? tname) ?? [],
  };
}

