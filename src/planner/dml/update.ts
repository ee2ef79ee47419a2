/**
 * UPDATE: routed like a SELECT over its tables and WHERE. Changing a column of an owned lookup
 * vindex means rewriting its lookup rows, so the plan names the changed vindexes and carries
 * the owned-vindex query that reads the old values (and `col = new` per changed vindex); the
 * primary vindex can never change (the row would move shards), and a changed vindex column
 * takes only values, as in Vitess.
 */
import type { ColumnRef, DerivedTable, Expr, TableExpr, Update, UpdateExpr } from '../../sql/ast.js';
import { joinAnd } from '../expr/walk.js';
import { printSql } from '../../sql/print.js';
import type { ColumnVindex } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { notImplemented, unsupported, vtError } from '../errors.js';
import { routableValue } from '../expr/constant.js';
import type { Plan, Update as UpdateOp } from '../plan.js';
import { predicate, rewriteTableExpr } from '../query/rewrite-statement.js';
import { rewriteExpr, rewriteTableExprForShard } from '../query/shard-query.js';
import { Analyzer } from '../semantics/analyze.js';
import { tablesUsedOf, type TableLeaf } from '../semantics/leaves.js';
import { SelectPlanner } from '../select/plan-select.js';
import { requireRoute } from '../select/planned.js';
import { wrapPulled } from '../select/horizon.js';
import { tablesOf } from '../select/join-tree.js';
import { shardRewriteFor } from '../select/route-op.js';
import { checkForeignKeys } from './foreign-keys.js';
import { cascadeForUpdate } from './fk-cascade.js';
import { filterByAssignments, hasColumn, managedKeys, removeNonRequired, restricts, topScope, type FkScope, type TableFks } from './fk-keys.js';
import { unionTables, type Planned } from './fk-plan.js';
import { verifyForUpdate } from './fk-verify.js';
import { planDmlWithInput } from './dml-with-input.js';
import { dmlComments, isValue } from './fk-sql.js';
import { columnsOf } from '../expr/walk.js';
import { checkLimit, checkPrimary, onOneRoute, dmlFields, dmlPlanType, ownedColumns, ownedVindexQuery, useReferenceSource } from './common.js';

export function planUpdate(ctx: PlanContext, upd: Update, original: string, parentScope: FkScope | null = null): Plan {
  const fkTree = parentScope ?? topScope(ctx, upd.comments);
  const tables = upd.tables.map(rewriteTableExpr);
  const where = upd.where ? predicate(upd.where) : null;
  const single = tables.length === 1 && tables[0]!.kind === 'table';
  const d = tables[0];
  if (tables.length === 1 && d?.kind === 'derived') {
    throw vtError('VT03032', `the target table (${printSql(d.select)}) as ${d.as} of the UPDATE is not updatable`);
  }
  const analyzer = new Analyzer(ctx);
  const { scope, from } = analyzer.dmlScope(tables, null);
  const leaves = scope.leaves.filter((l): l is TableLeaf => l.kind === 'table');
  checkPrimary(ctx, leaves, 'update');
  const exprs: Expr[] = [...upd.set.flatMap((s) => [s.column, s.expr]), ...upd.orderBy.map((o) => o.expr)];
  for (const e of exprs) analyzer.bind(e, scope, new Map(), false);
  if (where) analyzer.bind(where, scope, new Map(), false);
  const leafOf = (c: ColumnRef): TableLeaf | null => {
    const b = ctx.bindingOf(c);
    return b?.kind === 'leaf' && b.leaf.kind === 'table' ? b.leaf : null;
  };
  for (const ue of upd.set) {
    const b = ctx.bindingOf(ue.column);
    if (b?.kind === 'leaf' && b.leaf.kind !== 'table') {
      const node = tables.flatMap(derivedTables).find((t) => t.as === b.leaf.ref);
      throw vtError('VT03032', `the target table ${node ? `(${printSql(node.select)}) as ${node.as}` : b.leaf.ref} of the UPDATE is not updatable`);
    }
  }
  const setTargets = [...new Set(upd.set.map((ue) => leafOf(ue.column)).filter((l): l is TableLeaf => l !== null))];
  const withInput = (targets: readonly TableLeaf[], origin: 'planned' | 'pushdown'): Plan => {
    const stmt = { kind: 'update' as const, from: tables, where, orderBy: upd.orderBy, limit: upd.limit, ignore: upd.ignore, comments: upd.comments, set: upd.set, targets, origin };
    return planDmlWithInput(ctx, fkTree, stmt, original, leafOf);
  };
  const readTables = new Set(upd.set.flatMap((ue) => [ue.column, ...columnsOf(ue.expr)]).map(leafOf).filter((l) => l !== null));
  if (setTargets.length > 1) errIfReadColumnUpdated(upd.set, leafOf);
  if (readTables.size > 1) return withInput(setTargets, 'planned');
  const target = single ? leaves[0]! : targetOf(ctx, upd.set, leaves);
  if (target.table.kind === 'reference' && target.table.source && !single) throw unsupported('DML on reference table with join');
  if (single) useReferenceSource(ctx, target);
  if (ctx.settings.foreignKeys === null) checkForeignKeys(ctx, target.keyspace, target.table, { kind: 'update', columns: upd.set.map((s) => s.column.name) }, upd.comments);
  const involved = filterByAssignments(managedKeys(ctx, target.keyspace, target.table, fkTree.checks), upd.set);
  // A key column set to an expression: only the router knows the new value before MySQL writes
  // it, so the statement runs with foreign_key_checks off and every key is verified here.
  const verifyAll = fkTree.verifyAll || (parentScope === null && nonLiteralKeyUpdate(upd.set, involved));
  const fks = removeNonRequired(ctx.vschema, involved, { verifyAll, ignore: fkTree.ignore, action: 'update' });
  const withFks = fks.child.length > 0 || fks.parent.length > 0;
  if (withFks) errIfKeyColumnDependsOnUpdated(upd.set, fks);
  if (withFks && upd.limit !== null) return withInput([target], 'planned');
  ctx.dmlTargets.add(target.id);
  const planned = new SelectPlanner(ctx, analyzer).level(scope, from, where, exprs);
  if (!onOneRoute(planned, upd.limit !== null)) return withInput([target], 'pushdown');
  const route = requireRoute({ ...planned, needsVtgate: false }, 'an UPDATE');
  checkLimit(route, upd.limit !== null);
  const rw = shardRewriteFor(route, ctx.replaced);
  const changed = single && target.keyspace.sharded ? changedVindexes(target, upd.set) : [];
  if (changed.length > 0 && upd.limit && upd.orderBy.length === 0) throw unsupported('Vindex update should have ORDER BY clause when using LIMIT');
  const owned = changed.length > 0 ? ownedColumns(target) : null;
  const fields = dmlFields(route);
  const query = printSql({
    ...upd,
    comments: dmlComments(upd.comments, fkTree, parentScope === null, verifyAll && withFks),
    tables: tables.map((t) => rewriteTableExprForShard(t, rw)),
    set: upd.set.map((s) => ({ column: s.column, expr: rewriteExpr(s.expr, rw) })),
    where: where ? rewriteExpr(where, rw) : null,
  });
  const op: UpdateOp = Object.freeze({
    kind: 'Update',
    ...fields,
    query,
    table: single ? target.table.name : null,
    ownerTable: owned ? target.table.name : null,
    ksidVindex: owned ? owned.primary.name : null,
    ksidLength: owned ? owned.primary.columns.length : 0,
    ownedVindexQuery: owned
      ? ownedVindexQuery(
          { columns: owned.columns, qualifier: null, extra: changed.map((c) => c.compare), from: tables, where, orderBy: upd.orderBy, limit: upd.limit },
          rw,
        )
      : null,
    changedVindexes: changed.map((c, i) => ({ vindex: c.vindex.name, offset: (owned?.columns.length ?? 0) + i })),
  });
  const pulled = planned.pulled ?? [];
  let top: Planned = { op, tablesUsed: tablesUsedOf(route.tables) };
  if (withFks) {
    const fkScope: FkScope = { ...fkTree, verifyAll };
    const rows = { from: tables, where, orderBy: upd.orderBy, qualifier: target.ref, table: target.table };
    const restrictChild = fks.child.filter((fk) => restricts(fk.onUpdate));
    const cascadeChild = fks.child.filter((fk) => !restricts(fk.onUpdate));
    top = cascadeForUpdate(ctx, fkScope, top, rows, cascadeChild, fks.assignments);
    top = verifyForUpdate(ctx, fkScope, top, { upd: { ...upd, tables, where }, table: target.table, qualifier: target.ref }, fks.parent, restrictChild);
  }
  return Object.freeze({
    type: pulled.length > 0 ? 'Complex' : withFks ? 'ForeignKey' : dmlPlanType(route, changed.length > 0),
    queryType: 'UPDATE',
    original,
    instructions: wrapPulled(ctx, top.op, pulled, (sel) => analyzer.selects.get(sel)?.from ?? []),
    tablesUsed: unionTables(top.tablesUsed, tablesUsedOf([...route.tables, ...pulled.flatMap((p) => tablesOf(p.planned.tree))])),
  });
}

function derivedTables(t: TableExpr): DerivedTable[] {
  if (t.kind === 'derived') return [t];
  if (t.kind === 'join') return [...derivedTables(t.left), ...derivedTables(t.right)];
  return [];
}

/** An UPDATE of several tables cannot read a column it also sets in another table (its value depends on the order). */
function errIfReadColumnUpdated(set: readonly UpdateExpr[], leafOf: (c: ColumnRef) => TableLeaf | null): void {
  for (const ue of set) {
    for (const c of columnsOf(ue.expr)) {
      const leaf = leafOf(c);
      if (leaf === leafOf(ue.column)) continue;
      if (set.some((other) => leafOf(other.column) === leaf && other.column.name.toLowerCase() === c.name.toLowerCase())) {
        throw unsupported(`'${printSql(c)}' column referenced in update expression '${printSql(ue.expr)}' is itself updated`);
      }
    }
  }
}

/** Vitess HasNonLiteralForeignKeyUpdate: a key column (either side) is set to something other than a value. */
function nonLiteralKeyUpdate(set: readonly UpdateExpr[], fks: TableFks): boolean {
  return set.some(
    (ue) => !isValue(ue.expr) && (fks.parent.some((fk) => hasColumn(fk.columns, ue.column.name)) || fks.child.some((fk) => hasColumn(fk.referencedColumns, ue.column.name))),
  );
}

/**
 * Vitess ErrIfFkDependentColumnUpdated: a key column set from another column the same statement
 * sets has no known final value to cascade or verify.
 */
function errIfKeyColumnDependsOnUpdated(set: readonly UpdateExpr[], fks: TableFks): void {
  for (const ue of set) {
    const inKey = fks.child.some((fk) => hasColumn(fk.referencedColumns, ue.column.name)) || fks.parent.some((fk) => hasColumn(fk.columns, ue.column.name));
    if (!inKey) continue;
    for (const c of columnsOf(ue.expr)) {
      if (c.name.toLowerCase() === ue.column.name.toLowerCase()) continue;
      if (set.some((other) => other.column.name.toLowerCase() === c.name.toLowerCase())) {
        throw unsupported(`${printSql(c)} column referenced in foreign key column ${printSql(ue.column)} is itself updated`);
      }
    }
  }
}

/** In a multi-table UPDATE, the table of the first assigned column is the one whose vindexes matter. */
function targetOf(ctx: PlanContext, set: readonly UpdateExpr[], leaves: readonly TableLeaf[]): TableLeaf {
  const first = set[0]?.column;
  const b = first ? ctx.bindingOf(first) : undefined;
  if (b?.kind === 'leaf' && b.leaf.kind === 'table') return b.leaf;
  const leaf = leaves[0];
  if (!leaf) throw notImplemented('UPDATE without a table');
  return leaf;
}

interface Changed {
  readonly vindex: ColumnVindex;
  readonly compare: Expr;
}

function changedVindexes(target: TableLeaf, set: readonly UpdateExpr[]): Changed[] {
  const out: Changed[] = [];
  const vindexes = target.table.columnVindexes.filter((cv) => !cv.partial);
  vindexes.forEach((cv, i) => {
    const compares: Expr[] = [];
    for (const col of cv.columns) {
      for (const s of set) {
        if (s.column.name.toLowerCase() !== col.toLowerCase()) continue;
        if (i === 0) throw unsupported(`you cannot UPDATE primary vindex columns; invalid update on vindex: ${cv.name}`);
        if (routableValue(s.expr) === null) {
          throw unsupported(`only values are supported; invalid update on column: \`${s.column.name}\` with expr: [${printSql(s.expr)}]`);
        }
        compares.push({ kind: 'binary', op: '=', left: s.column, right: s.expr, escape: null });
      }
    }
    if (compares.length === 0) return;
    if (cv.vindex.kind !== 'lookup') throw unsupported(`you can only UPDATE lookup vindexes; invalid update on vindex: ${cv.name}`);
    out.push({ vindex: cv, compare: joinAnd(compares)! });
  });
  return out;
}
