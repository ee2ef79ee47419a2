/**
 * Applies the predicate rewrites (expr/rewrite.ts) to every WHERE, HAVING and ON of a statement,
 * subqueries, derived tables and CTEs included, before analysis: the planner routes on the
 * rewritten predicates and the shard query shows them, as in Vitess.
 */
import type { Expr, Select, SelectStatement, TableExpr, With } from '../../sql/ast.js';
import { rewritePredicate } from '../expr/rewrite.js';
import { containsAggregate, mapExpr } from '../expr/walk.js';

export function rewriteStatement(s: SelectStatement): SelectStatement {
  if (s.kind === 'union') return { ...s, with: rewriteWith(s.with), left: rewriteStatement(s.left), right: rewriteStatement(s.right) };
  return rewriteSelect(s);
}

function rewriteSelect(input: Select): Select {
  const s = havingAsWhere(input);
  return {
    ...s,
    with: rewriteWith(s.with),
    columns: s.columns.map((c) => (c.kind === 'aliased' ? { ...c, expr: nested(c.expr) } : c)),
    from: s.from.map(rewriteTableExpr),
    where: s.where ? predicate(s.where) : null,
    groupBy: s.groupBy.map(nested),
    having: s.having ? predicate(s.having) : null,
    orderBy: s.orderBy.map((o) => ({ ...o, expr: nested(o.expr) })),
  };
}

/**
 * A HAVING without aggregation filters rows like a WHERE: Vitess moves it there (select-list
 * aliases replaced by their expressions), so it can route and merge like any predicate.
 */
function havingAsWhere(s: Select): Select {
  if (!s.having || s.groupBy.length > 0 || containsAggregate(s.having)) return s;
  if (s.columns.some((c) => c.kind === 'aliased' && containsAggregate(c.expr))) return s;
  const having = mapExpr(s.having, (n) => {
    if (n.kind !== 'column' || n.table) return undefined;
    const c = s.columns.find((x) => x.kind === 'aliased' && x.as?.toLowerCase() === n.name.toLowerCase());
    return c?.kind === 'aliased' ? c.expr : undefined;
  });
  const where: Expr = s.where ? { kind: 'binary', op: 'and', left: s.where, right: having, escape: null } : having;
  return { ...s, where, having: null };
}

function rewriteWith(w: With | null): With | null {
  return w ? { ...w, ctes: w.ctes.map((c) => ({ ...c, select: rewriteStatement(c.select) })) } : null;
}

export function rewriteTableExpr(t: TableExpr): TableExpr {
  switch (t.kind) {
    case 'table':
      return t;
    case 'derived':
      return { ...t, select: rewriteStatement(t.select) };
    case 'join':
      return { ...t, left: rewriteTableExpr(t.left), right: rewriteTableExpr(t.right), on: t.on ? predicate(t.on) : null };
  }
}

/** A WHERE/HAVING/ON condition: rewritten, with its subqueries rewritten too. */
export function predicate(e: Expr): Expr {
  return rewritePredicate(nested(e));
}

/** Rewrites the SELECTs of the subqueries inside an expression. */
export function nested(e: Expr): Expr {
  return mapExpr(e, (n) => {
    if (n.kind === 'subquery' || n.kind === 'exists') return { ...n, select: rewriteStatement(n.select) };
    if (n.kind === 'in' && !Array.isArray(n.list) && (n.list as Expr).kind === 'subquery') {
      const sq = n.list as Extract<Expr, { kind: 'subquery' }>;
      return { ...n, expr: nested(n.expr), list: { ...sq, select: rewriteStatement(sq.select) } };
    }
    return undefined;
  });
}
