/**
 * Vitess's predicate rewriting before planning (sqlparser.RewritePredicate and friends), the
 * part that changes routing: `a = 1 or a = 2` becomes `a in (1, 2)` (and the shard query says
 * so), `A or (A and B)` becomes `A`, boolean constants fold away (`id = 1 or 2 < 1`), and an OR
 * over ANDs is distributed into AND-ed ORs when that stays small, so a conjunct such as
 * `id in (1, 2)` can route the statement.
 */
import type { Expr } from '../../sql/ast.js';
import { isConstantFalse, isConstantTrue } from './constant.js';
import { mapExpr, splitAnd } from './walk.js';

/** Distribution happens only when the whole OR becomes at most this many conjuncts. */
const MAX_CONJUNCTS = 8;

export function rewritePredicate(e: Expr): Expr {
  return mapExpr(e, (n) => {
    if (n.kind !== 'binary' || (n.op !== 'or' && n.op !== 'and')) return undefined;
    if (n.op === 'and') return and(rewritePredicate(n.left), rewritePredicate(n.right));
    return simplifyOrChain(splitOr(n).map(rewritePredicate));
  });
}

function and(left: Expr, right: Expr): Expr {
  // TRUE AND x => x (Vitess folds boolean constants while rewriting predicates).
  if (isConstantTrue(left)) return right;
  if (isConstantTrue(right)) return left;
  return { kind: 'binary', op: 'and', left, right, escape: null };
}

function or(left: Expr, right: Expr): Expr {
  return { kind: 'binary', op: 'or', left, right, escape: null };
}

function splitOr(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'or' ? [...splitOr(e.left), ...splitOr(e.right)] : [e];
}

function simplifyOrChain(disjuncts: readonly Expr[]): Expr {
  const folded = disjuncts.reduce((acc, d) => simplifyOr(acc, d));
  const parts = splitOr(folded);
  if (parts.length < 2 || !parts.some((p) => p.kind === 'binary' && p.op === 'and')) return folded;
  // (A and B) or C => (A or C) and (B or C), all at once or not at all.
  const conjuncts = parts.map((p) => splitAnd(p));
  if (conjuncts.reduce((n, c) => n * c.length, 1) > MAX_CONJUNCTS) return folded;
  let clauses: Expr[][] = [[]];
  for (const c of conjuncts) clauses = clauses.flatMap((prefix) => c.map((x) => [...prefix, x]));
  return clauses.map((clause) => clause.reduce((acc, d) => simplifyOr(acc, d))).reduce((acc, c) => and(acc, c));
}

function simplifyOr(l: Expr, r: Expr): Expr {
  if (exprEquals(l, r)) return l;
  // FALSE OR x => x
  if (isConstantFalse(l)) return r;
  if (isConstantFalse(r)) return l;
  const inList = orToIn(l, r);
  if (inList) return inList;
  // A or (A and B) => A
  if (r.kind === 'binary' && r.op === 'and' && splitAnd(r).some((x) => exprEquals(x, l))) return l;
  if (l.kind === 'binary' && l.op === 'and' && splitAnd(l).some((x) => exprEquals(x, r))) return r;
  // A or (B or A) => B or A
  if (splitOr(l).some((x) => exprEquals(x, r))) return l;
  const lastOfL = l.kind === 'binary' && l.op === 'or' ? l.right : null;
  if (lastOfL) {
    const merged = orToIn(lastOfL, r);
    if (merged && l.kind === 'binary') return or(l.left, merged);
  }
  return or(l, r);
}

/** `a = 1 or a = 2` / `a in (1, 2) or a = 3` → `a in (1, 2, 3)` (duplicates dropped), as Vitess's tryTurningOrIntoIn. */
function orToIn(l: Expr, r: Expr): Expr | null {
  const lv = inValues(l);
  const rv = inValues(r);
  if (!lv || !rv || !exprEquals(lv.col, rv.col)) return null;
  const items: Expr[] = [];
  for (const v of [...lv.values, ...rv.values]) if (!items.some((i) => exprEquals(i, v))) items.push(v);
  return { kind: 'in', expr: lv.col, not: false, list: items };
}

function inValues(e: Expr): { col: Expr; values: readonly Expr[] } | null {
  if (e.kind === 'binary' && e.op === '=' && e.left.kind === 'column') return { col: e.left, values: [e.right] };
  if (e.kind === 'in' && !e.not && e.expr.kind === 'column' && Array.isArray(e.list)) return { col: e.expr, values: e.list as readonly Expr[] };
  return null;
}

/** Structural equality of two expressions (Vitess's Equals.Expr). */
export function exprEquals(a: Expr, b: Expr): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
