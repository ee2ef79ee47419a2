/**
 * Vitess's gen4ValuesEqual: two EqualUnique routes on the same vindex merge only when their
 * values are textually the same literal or bind variable (`5 + 5` and `10` do not count).
 */
import type { Expr } from '../../sql/ast.js';

export function keyspaceIdsEqualExprs(a: readonly (Expr | null)[], b: readonly (Expr | null)[]): boolean {
  return a.length === b.length && a.every((x, i) => x !== null && valueEqual(x, b[i] ?? null));
}

function valueEqual(a: Expr, b: Expr | null): boolean {
  if (!b) return false;
  if (a.kind === 'bind' && b.kind === 'bind') return a.name === b.name && a.list === b.list;
  if (a.kind !== 'literal' || b.kind !== 'literal') return false;
  if (a.type === 'string' && b.type === 'string') return a.value === b.value;
  if (a.type === 'int' && b.type === 'int') return a.value === b.value;
  return false;
}
