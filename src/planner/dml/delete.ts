/**
 * DELETE: routed like a SELECT over its tables and WHERE. Deleting rows of a table that owns
 * lookup vindexes deletes their lookup rows too, so the plan carries the owned-vindex query
 * that reads the primary and owned vindex columns of the rows about to go.
 */
import type { Delete } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';
import type { Delete as DeleteOp, Plan } from '../plan.js';
import { predicate, rewriteTableExpr } from '../query/rewrite-statement.js';
import { rewriteExpr, rewriteTableExprForShard } from '../query/shard-query.js';
import { Analyzer } from '../semantics/analyze.js';
import { tablesUsedOf, type TableLeaf } from '../semantics/leaves.js';
import type { Scope } from '../semantics/scope.js';
import { SelectPlanner } from '../select/plan-select.js';
import { requireRoute } from '../select/planned.js';
import { wrapPulled } from '../select/horizon.js';
import { tablesOf } from '../select/join-tree.js';
import { shardRewriteFor } from '../select/route-op.js';
import { checkForeignKeys } from './foreign-keys.js';
import { cascadeForDelete } from './fk-cascade.js';
import { managedKeys, removeNonRequired, topScope, type FkScope } from './fk-keys.js';
import { unionTables, type Planned } from './fk-plan.js';
import { dmlComments } from './fk-sql.js';
import { planDmlWithInput } from './dml-with-input.js';
import { checkLimit, checkPrimary, onOneRoute, dmlFields, dmlPlanType, ownedColumns, ownedVindexQuery, useReferenceSource } from './common.js';

export function planDelete(ctx: PlanContext, del: Delete, original: string, parentScope: FkScope | null = null): Plan {
  const fkTree = parentScope ?? topScope(ctx, del.comments);
  if (del.with) throw unsupported('WITH expression in DELETE statement');
  const from = del.from.map(rewriteTableExpr);
  const where = del.where ? predicate(del.where) : null;
  const analyzer = new Analyzer(ctx);
  const { scope, from: nodes } = analyzer.dmlScope(from, null);
  const leaves = scope.leaves.filter((l): l is TableLeaf => l.kind === 'table');
  checkPrimary(ctx, leaves, 'delete');
  const target = deleteTarget(del, scope);
  const single = from.length === 1 && from[0]!.kind === 'table';
  const withInput = (targets: readonly TableLeaf[], origin: 'planned' | 'pushdown'): Plan => {
    if (where) analyzer.bind(where, scope, new Map(), false);
    const stmt = { kind: 'delete' as const, from, where, orderBy: del.orderBy, limit: del.limit, ignore: del.ignore, comments: del.comments, set: [], targets, origin };
    return planDmlWithInput(ctx, fkTree, stmt, original, () => null);
  };
  if (del.targets.length > 1) return withInput(del.targets.map((t) => deleteTarget({ ...del, targets: [t] }, scope)), 'planned');
  if (!single && target.table.kind === 'reference' && target.table.source) throw unsupported('DML on reference table with join');
  if (single) useReferenceSource(ctx, target);
  if (ctx.settings.foreignKeys === null) checkForeignKeys(ctx, target.keyspace, target.table, { kind: 'delete' }, del.comments);
  const fks = removeNonRequired(ctx.vschema, managedKeys(ctx, target.keyspace, target.table, fkTree.checks), { verifyAll: fkTree.verifyAll, ignore: fkTree.ignore, action: 'delete' });
  // With cascades, the rows must be known before deleting: LIMIT and joins select them first.
  if (fks.child.length > 0 && (del.limit !== null || !single)) return withInput([target], 'planned');
  ctx.dmlTargets.add(target.id);
  if (where) analyzer.bind(where, scope, new Map(), false);
  const orderExprs = del.orderBy.map((o) => o.expr);
  for (const e of orderExprs) analyzer.bind(e, scope, new Map(), false);
  const planned = new SelectPlanner(ctx, analyzer).level(scope, nodes, where, orderExprs);
  if (!onOneRoute(planned, del.limit !== null)) return withInput([target], 'pushdown');
  const route = requireRoute({ ...planned, needsVtgate: false }, 'a DELETE');
  checkLimit(route, del.limit !== null);
  const pulled = planned.pulled ?? [];
  const rw = shardRewriteFor(route, ctx.replaced);
  const owned = target.table.owned.length > 0 ? ownedColumns(target) : null;
  const query = printSql({
    ...del,
    comments: dmlComments(del.comments, fkTree, parentScope === null, false),
    targets: single ? [] : del.targets,
    from: from.map((t) => rewriteTableExprForShard(t, rw)),
    where: where ? rewriteExpr(where, rw) : null,
  });
  const op: DeleteOp = Object.freeze({
    kind: 'Delete',
    ...dmlFields(route),
    query,
    table: single ? target.table.name : null,
    ownerTable: owned ? target.table.name : null,
    ksidVindex: owned ? owned.primary.name : null,
    ksidLength: owned ? owned.primary.columns.length : 0,
    ownedVindexQuery: owned
      ? ownedVindexQuery({ columns: owned.columns, qualifier: single ? null : target.ref, extra: [], from, where, orderBy: del.orderBy, limit: del.limit }, rw)
      : null,
  });
  let top: Planned = { op, tablesUsed: tablesUsedOf(route.tables) };
  if (fks.child.length > 0) {
    top = cascadeForDelete(ctx, fkTree, top, { from, where, orderBy: [], qualifier: target.ref, table: target.table }, fks.child);
  }
  return Object.freeze({
    type: pulled.length > 0 ? 'Complex' : fks.child.length > 0 ? 'ForeignKey' : dmlPlanType(route, owned !== null),
    queryType: 'DELETE',
    original,
    instructions: wrapPulled(ctx, top.op, pulled, (sel) => analyzer.selects.get(sel)?.from ?? []),
    tablesUsed: unionTables(top.tablesUsed, tablesUsedOf([...route.tables, ...pulled.flatMap((p) => tablesOf(p.planned.tree))])),
  });
}

/** The table rows are deleted from: the only table, or the one a multi-table DELETE names. */
function deleteTarget(del: Delete, scope: Scope): TableLeaf {
  const named = del.targets[0];
  if (!named) {
    const leaf = scope.leaves.find((l): l is TableLeaf => l.kind === 'table');
    if (!leaf) throw unsupported('DELETE without a table');
    return leaf;
  }
  const leaf = scope.leaves.find((l) => l.ref === named.name);
  if (!leaf) throw vtError('VT03003', `unknown table '${named.name}' in MULTI DELETE`);
  if (leaf.kind !== 'table') throw vtError('VT03004', `the target table ${named.name} of the DELETE is not updatable`);
  return leaf;
}
