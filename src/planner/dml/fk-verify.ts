/**
 * FkVerify (Vitess createFKVerifyOp) for an UPDATE: queries that must return no row before the
 * update runs.
 *
 * - VerifyParent, per parent key the update gives new values: an anti-join of the updated rows
 *   with the parent on the new values, `select 1 from child left join parent on parent.p = <new
 *   value or child.c> where parent.p is null [and <new value> is not null] [and child.c is not
 *   null] and not (changed cols) <=> (new values) and <update's where> limit 1`;
 * - VerifyChild, per RESTRICT child key (only when every key is verified here; otherwise such a
 *   key crosses shards: VT12002): `select 1 from parent join child on <key> where <update's where>
 *   and <key really changes> limit 1`.
 */
import type { Expr, TableExpr, Update, UpdateExpr } from '../../sql/ast.js';
import { selectOf } from '../../sql/build.js';
import type { Table } from '../../vschema/model.js';
import type { ForeignKey, PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import type { Operator } from '../plan.js';
import { parentRowLock, notInNewValues } from './fk-cascade.js';
import { columnIndex, type FkScope } from './fk-keys.js';
import { planSelection, unionTables, type Planned } from './fk-plan.js';
import { and, binary, castedValue, col, isNull, one, qualify, tuple } from './fk-sql.js';

export interface VerifyInput {
  readonly upd: Update;
  /** The updated table, and the name it goes by in the statement. */
  readonly table: Table;
  readonly qualifier: string;
}

export function verifyForUpdate(ctx: PlanContext, scope: FkScope, exec: Planned, input: VerifyInput, parentFks: readonly ForeignKey[], restrictChildFks: readonly ForeignKey[]): Planned {
  if (parentFks.length === 0 && restrictChildFks.length === 0) return exec;
  const verify: { type: 'VerifyParent' | 'VerifyChild'; planned: Planned }[] = [];
  for (const fk of parentFks) verify.push({ type: 'VerifyParent', planned: verifyParent(ctx, scope, input, fk) });
  for (const fk of restrictChildFks) {
    if (!scope.verifyAll) throw vtError('VT12002', 'unsupported: cross-shard foreign keys');
    verify.push({ type: 'VerifyChild', planned: verifyChild(ctx, scope, input, fk) });
  }
  const op: Operator = Object.freeze({
    kind: 'FkVerify',
    verify: Object.freeze(verify.map((v) => Object.freeze({ type: v.type, exec: v.planned.op }))),
    exec: exec.op,
  });
  return { op, tablesUsed: unionTables(exec.tablesUsed, ...verify.map((v) => v.planned.tablesUsed)) };
}

function assignmentTo(set: readonly UpdateExpr[], column: string): UpdateExpr | undefined {
  return set.find((ue) => ue.column.name.toLowerCase() === column.toLowerCase());
}

function verifyParent(ctx: PlanContext, scope: FkScope, input: VerifyInput, fk: ForeignKey): Planned {
  const child = input.qualifier;
  const parent = fk.references.table;
  let on: Expr | null = null;
  let where: Expr | null = null;
  const changedCols: Expr[] = [];
  const newValues: Expr[] = [];
  fk.columns.forEach((c, i) => {
    const p = fk.referencedColumns[i]!;
    const ue = assignmentTo(input.upd.set, c);
    let predicate: Expr = isNull(col(p, parent));
    let join: Expr;
    if (!ue) {
      predicate = and(predicate, isNull(col(c, child), true))!;
      join = binary('=', col(p, parent), col(c, child));
    } else {
      const value = qualify(castedValue(input.table, ue), child);
      changedCols.push(col(ue.column.name, child));
      newValues.push(value);
      join = binary('=', col(p, parent), value);
      if (ue.expr.kind !== 'literal') predicate = and(predicate, isNull(value, true))!;
    }
    on = and(on, join);
    where = and(where, predicate);
  });
  where = and(where, { kind: 'unary', op: 'not', expr: binary('<=>', tuple(changedCols), tuple(newValues)) });
  if (input.upd.where) where = and(where, qualify(input.upd.where, child));
  const from: TableExpr[] = [
    { kind: 'join', type: 'left join', left: { kind: 'table', name: { qualifier: null, name: child }, as: null, hints: [] }, right: parentTable(fk), on, using: null },
  ];
  return planSelection(ctx, scope, selectOf({ columns: [{ kind: 'aliased', expr: one(), as: null }], from: retarget(from, input), where, limit: { rowCount: one(), offset: null }, lock: parentRowLock(ctx, input.table, 'share') }));
}

function verifyChild(ctx: PlanContext, scope: FkScope, input: VerifyInput, fk: ForeignKey): Planned {
  const parent = input.qualifier;
  const childName = fk.table.table;
  let on: Expr | null = null;
  fk.referencedColumns.forEach((p, i) => {
    on = and(on, binary('=', col(p, parent), col(fk.columns[i]!, childName)));
  });
  let where: Expr | null = input.upd.where ? qualify(input.upd.where, parent) : null;
  const ues = input.upd.set.filter((ue) => columnIndex(fk.referencedColumns, ue.column.name) >= 0);
  where = and(where, notInNewValues(fk, ues, [], input.table, { child: childName, parent: (e) => qualify(e, parent) }));
  const childTable: TableExpr = { kind: 'table', name: { qualifier: fk.table.keyspace, name: childName }, as: null, hints: [] };
  const from: TableExpr[] = [{ kind: 'join', type: 'join', left: { kind: 'table', name: { qualifier: null, name: parent }, as: null, hints: [] }, right: childTable, on, using: null }];
  return planSelection(ctx, scope, selectOf({ columns: [{ kind: 'aliased', expr: one(), as: null }], from: retarget(from, input), where, limit: { rowCount: one(), offset: null }, lock: parentRowLock(ctx, input.table, 'share') }));
}

function parentTable(fk: ForeignKey): TableExpr {
  return { kind: 'table', name: { qualifier: fk.references.keyspace, name: fk.references.table }, as: null, hints: [] };
}

/** The updated table as the statement names it (its keyspace, its alias). */
function retarget(from: readonly TableExpr[], input: VerifyInput): TableExpr[] {
  const first = input.upd.tables[0];
  if (!first || first.kind !== 'table') return [...from];
  return from.map((t) => (t.kind === 'join' && t.left.kind === 'table' && t.left.name.name === input.qualifier ? { ...t, left: first } : t));
}
