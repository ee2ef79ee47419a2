/**
 * Planning the statements a foreign key tree is made of: each selection, verification and child
 * DML is a statement of its own, planned like a query of its own (Vitess createOpFromStmt), with
 * the tree's scope passed down so that bind variable names stay unique across it.
 */
import type { Comments, Delete, Select, Update } from '../../sql/ast.js';
import { PlanContext } from '../context.js';
import type { Operator, Plan } from '../plan.js';
import { planSelectStatement } from '../select/plan-statement.js';
import type { FkScope } from './fk-keys.js';
import { planDelete } from './delete.js';
import { planUpdate } from './update.js';

export interface Planned {
  readonly op: Operator;
  readonly tablesUsed: readonly string[];
}

function fresh(ctx: PlanContext): PlanContext {
  return new PlanContext(ctx.vschema, ctx.target, ctx.settings);
}

function planned(plan: Plan): Planned {
  if (!plan.instructions) throw new Error('a foreign key statement planned to nothing');
  return { op: plan.instructions, tablesUsed: plan.tablesUsed };
}

export function planSelection(ctx: PlanContext, scope: FkScope, select: Select): Planned {
  const comments: Comments | null = scope.forcedComments;
  return planned(planSelectStatement(fresh(ctx), comments ? { ...select, comments } : select, ''));
}

export function planChildUpdate(ctx: PlanContext, scope: FkScope, upd: Update): Planned {
  return planned(planUpdate(fresh(ctx), upd, '', scope));
}

export function planChildDelete(ctx: PlanContext, scope: FkScope, del: Delete): Planned {
  return planned(planDelete(fresh(ctx), del, '', scope));
}

export function unionTables(...lists: (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}
