/** Derived-table columns seen through: the planner routes on the columns of real tables. */
import type { Expr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { mapExpr } from '../expr/walk.js';

/** Rewrites columns of derived tables into the expressions they read, down to real tables. */
export function translate(ctx: PlanContext, e: Expr): Expr {
  return mapExpr(e, (n) => {
    if (n.kind !== 'column') return undefined;
    const b = ctx.bindingOf(n);
    if (b?.kind !== 'leaf' || b.leaf.kind !== 'derived') return undefined;
    const name = n.name.toLowerCase();
    const inner = b.leaf.columns.find((c) => c.name.toLowerCase() === name)?.expr;
    return inner ? translate(ctx, inner) : undefined;
  });
}
