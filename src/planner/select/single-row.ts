/**
 * A SELECT of dual whose expressions vtgate can evaluate itself (literals, `database()`,
 * `last_insert_id()`, ...) needs no shard: Vitess plans it as a Projection over a SingleRow.
 */
import type { Expr, Select } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { Operator, ProjectedExpr } from '../plan.js';

/** Functions vtgate answers from the session, without MySQL. */
const SESSION_FUNCTIONS = new Set(['database', 'schema', 'last_insert_id', 'found_rows', 'row_count']);

export function singleRowOperator(sel: Select): Operator | null {
  const dual = sel.from.length === 0 || (sel.from.length === 1 && sel.from[0]!.kind === 'table' && sel.from[0]!.name.name === 'dual' && !sel.from[0]!.name.qualifier);
  if (!dual || sel.where || sel.groupBy.length > 0 || sel.having || sel.orderBy.length > 0 || sel.limit || sel.distinct || sel.with || sel.lock || sel.into) return null;
  const exprs: string[] = [];
  const executable: ProjectedExpr[] = [];
  for (const c of sel.columns) {
    if (c.kind !== 'aliased' || !evaluable(c.expr)) return null;
    const name = c.as ?? printSql(c.expr);
    exprs.push(`${printSql(c.expr)} as ${name}`);
    executable.push({ expr: c.expr, name });
  }
  return Object.freeze({ kind: 'Projection', expressions: Object.freeze(exprs), exprs: Object.freeze(executable), input: Object.freeze({ kind: 'SingleRow' }) });
}

function evaluable(e: Expr): boolean {
  switch (e.kind) {
    case 'literal':
      return true;
    case 'unary':
      return e.op === '-' || e.op === '+' ? evaluable(e.expr) : false;
    case 'binary':
      return ['+', '-', '*'].includes(e.op) && evaluable(e.left) && evaluable(e.right);
    case 'func':
      return SESSION_FUNCTIONS.has(e.name.toLowerCase()) && e.args.every(evaluable);
    default:
      return false;
  }
}
