/**
 * Generic traversal of expressions: children, column references, subqueries, and rebuilding an
 * expression with some nodes replaced. Subqueries are leaves here: their SELECT is a scope of
 * its own, walked by whoever plans it.
 */
import type { ColumnRef, Expr, SelectStatement, TableExpr } from '../../sql/ast.js';

/** The direct sub-expressions of an expression (not inside subqueries). */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'column':
    case 'literal':
    case 'bind':
    case 'offset':
    case 'variable':
    case 'default':
    case 'subquery':
    case 'exists':
      return [];
    case 'binary':
      return e.escape ? [e.left, e.right, e.escape] : [e.left, e.right];
    case 'unary':
      return [e.expr];
    case 'in':
      return Array.isArray(e.list) ? [e.expr, ...(e.list as readonly Expr[])] : [e.expr, e.list as Expr];
    case 'between':
      return [e.expr, e.low, e.high];
    case 'is':
      return [e.expr];
    case 'tuple':
      return e.items;
    case 'func':
      return e.args;
    case 'aggregate':
      return [...e.args, ...e.orderBy.map((o) => o.expr)];
    case 'case':
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'cast':
      return [e.expr];
    case 'interval':
      return [e.expr];
    case 'collate':
      return [e.expr];
    case 'values_func':
      return [e.column];
    case 'match':
      return [...e.columns, e.against];
  }
}

/** Visits every node, parents first; `visit` returning false skips the node's children. */
export function walk(e: Expr, visit: (e: Expr) => boolean | void): void {
  if (visit(e) === false) return;
  for (const c of childrenOf(e)) walk(c, visit);
}

export function columnsOf(e: Expr): ColumnRef[] {
  const out: ColumnRef[] = [];
  walk(e, (n) => {
    if (n.kind === 'column') out.push(n);
  });
  return out;
}

/** The SELECTs of the subqueries directly in an expression (not those nested inside them). */
export function subqueriesOf(e: Expr): SelectStatement[] {
  const out: SelectStatement[] = [];
  // `x in (subquery)` holds the subquery as a child node: it is met once, as that node.
  walk(e, (n) => {
    if (n.kind === 'subquery' || n.kind === 'exists') out.push(n.select);
  });
  return out;
}

export function containsAggregate(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === 'aggregate') found = true;
    return !found;
  });
  return found;
}

/**
 * Rebuilds an expression bottom-up; `replace` returning an expression substitutes the node
 * (its children are not visited), undefined keeps it and recurses. Unchanged subtrees keep
 * their identity, so nodes the planner remembers (the IN that routes) are still found.
 */
export function mapExpr(e: Expr, replace: (e: Expr) => Expr | undefined): Expr {
  const r = replace(e);
  if (r !== undefined) return r;
  const kids = childrenOf(e);
  if (kids.length === 0) return e;
  const mapped = kids.map((k) => mapExpr(k, replace));
  if (mapped.every((m, i) => m === kids[i])) return e;
  return rebuild(e, mapped);
}

/** `e` with its children (in childrenOf order) replaced. */
function rebuild(e: Expr, c: readonly Expr[]): Expr {
  let i = 0;
  const next = (): Expr => c[i++]!;
  switch (e.kind) {
    case 'column':
    case 'literal':
    case 'bind':
    case 'offset':
    case 'variable':
    case 'default':
    case 'subquery':
    case 'exists':
      return e;
    case 'binary':
      return { ...e, left: next(), right: next(), escape: e.escape ? next() : null };
    case 'unary':
      return { ...e, expr: next() };
    case 'in': {
      const expr = next();
      return { ...e, expr, list: Array.isArray(e.list) ? (e.list as readonly Expr[]).map(() => next()) : (next() as typeof e.list) };
    }
    case 'between':
      return { ...e, expr: next(), low: next(), high: next() };
    case 'is':
      return { ...e, expr: next() };
    case 'tuple':
      return { ...e, items: e.items.map(() => next()) };
    case 'func':
      return { ...e, args: e.args.map(() => next()) };
    case 'aggregate':
      return { ...e, args: e.args.map(() => next()), orderBy: e.orderBy.map((o) => ({ ...o, expr: next() })) };
    case 'case': {
      const operand = e.operand ? next() : null;
      const whens = e.whens.map(() => ({ when: next(), then: next() }));
      return { ...e, operand, whens, else: e.else ? next() : null };
    }
    case 'cast':
    case 'interval':
    case 'collate':
      return { ...e, expr: next() };
    case 'values_func':
      return { ...e, column: next() as typeof e.column };
    case 'match':
      return { ...e, columns: e.columns.map(() => next() as (typeof e.columns)[number]), against: next() };
  }
}

/** Splits a predicate into its AND-ed conjuncts. */
export function splitAnd(e: Expr | null): Expr[] {
  if (!e) return [];
  if (e.kind === 'binary' && e.op === 'and') return [...splitAnd(e.left), ...splitAnd(e.right)];
  return [e];
}

export function joinAnd(preds: readonly Expr[]): Expr | null {
  let out: Expr | null = null;
  for (const p of preds) out = out ? { kind: 'binary', op: 'and', left: out, right: p, escape: null } : p;
  return out;
}

export function sameColumn(a: ColumnRef, b: ColumnRef): boolean {
  return (
    a.name.toLowerCase() === b.name.toLowerCase() &&
    (a.table?.name ?? null) === (b.table?.name ?? null) &&
    (a.table?.qualifier ?? null) === (b.table?.qualifier ?? null)
  );
}

/** Every column reference in an expression, including those inside its subqueries. */
export function columnsDeep(e: Expr): ColumnRef[] {
  const out: ColumnRef[] = [];
  walk(e, (n) => {
    if (n.kind === 'column') out.push(n);
    for (const s of n.kind === 'subquery' || n.kind === 'exists' ? [n.select] : []) out.push(...statementColumns(s));
    return true;
  });
  return out;
}

/** Every column reference of a SELECT statement, nested subqueries and derived tables included. */
export function statementColumns(s: SelectStatement): ColumnRef[] {
  if (s.kind === 'union') return [...statementColumns(s.left), ...statementColumns(s.right)];
  const exprs: Expr[] = [];
  for (const c of s.columns) if (c.kind === 'aliased') exprs.push(c.expr);
  if (s.where) exprs.push(s.where);
  if (s.having) exprs.push(s.having);
  exprs.push(...s.groupBy, ...s.orderBy.map((o) => o.expr));
  const out = exprs.flatMap(columnsDeep);
  const fromCols = (t: TableExpr): ColumnRef[] =>
    t.kind === 'derived' ? statementColumns(t.select) : t.kind === 'join' ? [...fromCols(t.left), ...fromCols(t.right), ...(t.on ? columnsDeep(t.on) : [])] : [];
  for (const t of s.from) out.push(...fromCols(t));
  return out;
}
