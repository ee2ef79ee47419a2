/**
 * Whether a WHERE predicate rejects rows in which some columns are NULL (MySQL's and Vitess's
 * test for turning an outer join into an inner join): a comparison, IN, BETWEEN or IS NOT NULL
 * over such a column is never true for the NULL-extended rows of an outer join.
 */
import type { ColumnRef, Expr } from '../../sql/ast.js';
import { walk } from './walk.js';

const COMPARISON = new Set(['=', '!=', '<>', '<', '<=', '>', '>=', 'like', 'not like', 'regexp', 'not regexp', '+', '-', '*', '/', 'div', '%', 'mod']);

export function rejectsNull(e: Expr, nullable: (c: ColumnRef) => boolean): boolean {
  switch (e.kind) {
    case 'binary':
      if (e.op === 'and') return rejectsNull(e.left, nullable) || rejectsNull(e.right, nullable);
      if (e.op === 'or') return rejectsNull(e.left, nullable) && rejectsNull(e.right, nullable);
      return COMPARISON.has(e.op) && (strict(e.left, nullable) || strict(e.right, nullable));
    case 'in':
    case 'between':
      return strict(e.expr, nullable);
    case 'is':
      return e.value === 'null' && e.not && strict(e.expr, nullable);
    default:
      return false;
  }
}

/** The expression is NULL whenever a nullable column in it is: columns under arithmetic only. */
function strict(e: Expr, nullable: (c: ColumnRef) => boolean): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === 'column' && nullable(n)) found = true;
    return n.kind === 'column' || n.kind === 'unary' || (n.kind === 'binary' && COMPARISON.has(n.op)) || n.kind === 'tuple';
  });
  return found;
}
