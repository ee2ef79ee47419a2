/**
 * FkCascade (Vitess createFkCascadeOpForDelete / createFKCascadeOp): select, with a lock, the
 * referenced columns of the rows the statement changes, run one statement per child key with
 * those rows bound as `::fkc_vals`, then the statement itself.
 *
 * - ON DELETE CASCADE: `delete from child where (cols) in ::fkc_vals`;
 * - ON DELETE / UPDATE SET NULL: `update child set cols = null where (cols) in ::fkc_vals`, and for
 *   an update only where the key really changes (`(cols) not in ((new values))`);
 * - ON UPDATE CASCADE: `update /*+ SET_VAR(foreign_key_checks=OFF) *\/ child set cols = new values
 *   where (cols) in ::fkc_vals`, which verifies its own keys at the router (MySQL's check would
 *   see the parent's old values);
 * - SET DEFAULT: VT09016, as Vitess; a RESTRICT key that reaches a DELETE here crosses shards: VT12002.
 *
 * A key column updated to an expression (`col = col + 1`) makes the selection also compute the
 * new value and whether it changed; the child reads it as `:fkc_upd`.
 */
import type { Expr, OrderBy, SelectExpr, TableExpr, UpdateExpr } from '../../sql/ast.js';
import { selectOf } from '../../sql/build.js';
import { printExpr } from '../../sql/print-expr.js';
import type { Table } from '../../vschema/model.js';
import type { ForeignKey, PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import type { FkChild, NonLiteralUpdateInfo, Operator } from '../plan.js';
import { columnIndex, isNullLiteral, restricts, type FkScope } from './fk-keys.js';
import { planChildDelete, planChildUpdate, planSelection, unionTables, type Planned } from './fk-plan.js';
import { and, bind, binary, castedValue, col, commentsWithChecks, inList, isValue, NULL, nullSafeNotIn, tableNameOf, withFkChecks } from './fk-sql.js';
import { NO_COMMENTS } from '../../sql/build.js';

/** The rows a DML changes, as its own clauses: what the selection re-reads. */
export interface ChangedRows {
  readonly from: readonly TableExpr[];
  readonly where: Expr | null;
  readonly orderBy: readonly OrderBy[];
  /** The name the target table goes by in `from` (its alias, else its name). */
  readonly qualifier: string;
  readonly table: Table;
}

export function parentRowLock(ctx: PlanContext, table: Table, kind: 'update' | 'share'): string {
  const unique = ctx.settings.uniqueKeys.some((k) => k.table.keyspace === table.keyspace && k.table.table.toLowerCase() === table.name.toLowerCase());
  return `for ${kind}${unique ? ' nowait' : ''}`;
}

export function cascadeForDelete(ctx: PlanContext, scope: FkScope, parent: Planned, rows: ChangedRows, childFks: readonly ForeignKey[]): Planned {
  const columns: Expr[] = [];
  const children: BuiltChild[] = [];
  for (const fk of childFks) {
    if (restricts(fk.onDelete)) throw vtError('VT12002', 'unsupported: cross-shard foreign keys');
    const cols = addColumns(columns, fk.referencedColumns, rows.qualifier);
    children.push(childForDelete(ctx, scope, fk, cols));
  }
  return cascade(ctx, scope, parent, rows, columns, children, []);
}

export function cascadeForUpdate(
  ctx: PlanContext,
  scope: FkScope,
  parent: Planned,
  rows: ChangedRows,
  childFks: readonly ForeignKey[],
  assignments: ReadonlyMap<ForeignKey, readonly UpdateExpr[]>,
): Planned {
  if (childFks.length === 0) return parent;
  const columns: Expr[] = [];
  const children: BuiltChild[] = [];
  for (const fk of childFks) {
    const cols = addColumns(columns, fk.referencedColumns, rows.qualifier);
    const ues = assignments.get(fk) ?? [];
    const positions: { comp: number; value: number }[] = [];
    if (ues.some((ue) => !isValue(ue.expr))) {
      for (const ue of ues) {
        const value = castedValue(rows.table, ue);
        const comp = binary('<=>', ue.column, value);
        positions.push({ comp: addExpr(columns, comp), value: addExpr(columns, value) });
      }
    }
    children.push(childForUpdate(ctx, scope, fk, cols, ues, positions, rows.table));
  }
  return cascade(ctx, scope, parent, rows, columns, children, rows.orderBy);
}

function cascade(ctx: PlanContext, scope: FkScope, parent: Planned, rows: ChangedRows, columns: readonly Expr[], children: readonly BuiltChild[], orderBy: readonly OrderBy[]): Planned {
  const selectColumns: SelectExpr[] = columns.map((expr) => ({ kind: 'aliased', expr, as: null }));
  const selection = planSelection(ctx, scope, selectOf({ columns: selectColumns, from: rows.from, where: rows.where, orderBy, lock: parentRowLock(ctx, rows.table, 'update') }));
  const op: Operator = Object.freeze({ kind: 'FkCascade', selection: selection.op, children: Object.freeze(children.map((c) => c.child)), parent: parent.op });
  return { op, tablesUsed: unionTables(selection.tablesUsed, parent.tablesUsed, ...children.map((c) => c.tablesUsed)) };
}

interface BuiltChild {
  readonly child: FkChild;
  readonly tablesUsed: readonly string[];
}

function child(bvName: string, cols: readonly number[], nonLiteral: readonly NonLiteralUpdateInfo[], planned: Planned): BuiltChild {
  const c: FkChild = Object.freeze({ bvName, cols: Object.freeze([...cols]), nonLiteral: Object.freeze([...nonLiteral]), exec: planned.op });
  return { child: c, tablesUsed: planned.tablesUsed };
}

function childColumns(fk: ForeignKey): Expr[] {
  return fk.columns.map((c) => col(c));
}

function childForDelete(ctx: PlanContext, scope: FkScope, fk: ForeignKey, cols: readonly number[]): BuiltChild {
  const bvName = scope.reserve('fkc_vals');
  const comments = commentsWithChecks(scope.checks);
  const where = inList(childColumns(fk), bvName);
  const from: TableExpr[] = [{ kind: 'table', name: tableNameOf(fk.table), as: null, hints: [] }];
  const childScope: FkScope = { ...scope, verifyAll: false, ignore: null };
  switch (fk.onDelete) {
    case 'CASCADE':
      return child(bvName, cols, [], planChildDelete(ctx, childScope, { kind: 'delete', with: null, ignore: false, targets: [], from, where, orderBy: [], limit: null, comments }));
    case 'SET NULL': {
      const set = fk.columns.map((c) => ({ column: col(c), expr: NULL }));
      return child(bvName, cols, [], planChildUpdate(ctx, childScope, { kind: 'update', with: null, ignore: false, tables: from, set, where, orderBy: [], limit: null, comments }));
    }
    default:
      throw vtError('VT09016', 'Cannot delete or update a parent row: a foreign key constraint fails');
  }
}

function childForUpdate(
  ctx: PlanContext,
  scope: FkScope,
  fk: ForeignKey,
  cols: readonly number[],
  ues: readonly UpdateExpr[],
  positions: readonly { comp: number; value: number }[],
  updated: Table,
): BuiltChild {
  const bvName = scope.reserve('fkc_vals');
  const nonLiteral: NonLiteralUpdateInfo[] = positions.map((p) => ({ compExprCol: p.comp, updateExprCol: p.value, updateExprBvName: scope.reserve('fkc_upd') }));
  const from: TableExpr[] = [{ kind: 'table', name: tableNameOf(fk.table), as: null, hints: [] }];
  let where: Expr = inList(childColumns(fk), bvName);
  switch (fk.onUpdate) {
    case 'CASCADE': {
      const set: UpdateExpr[] = [];
      ues.forEach((ue, i) => {
        const at = columnIndex(fk.referencedColumns, ue.column.name);
        if (at < 0) return;
        const info = nonLiteral[i];
        set.push({ column: col(fk.columns[at]!), expr: info ? bind(info.updateExprBvName) : ue.expr });
      });
      // The child may take a value its other parents do not have yet: MySQL's check is off and
      // the router verifies every key of the child instead.
      const comments = withFkChecks(NO_COMMENTS, 'OFF');
      const childScope: FkScope = { ...scope, verifyAll: true, ignore: fk };
      return child(bvName, cols, nonLiteral, planChildUpdate(ctx, childScope, { kind: 'update', with: null, ignore: false, tables: from, set, where, orderBy: [], limit: null, comments }));
    }
    case 'SET NULL': {
      const set = fk.columns.map((c) => ({ column: col(c), expr: NULL }));
      const unchanged = notInNewValues(fk, ues, nonLiteral, updated, null);
      where = and(where, unchanged)!;
      const childScope: FkScope = { ...scope, verifyAll: false, ignore: null };
      const comments = commentsWithChecks(scope.checks);
      return child(bvName, cols, nonLiteral, planChildUpdate(ctx, childScope, { kind: 'update', with: null, ignore: false, tables: from, set, where, orderBy: [], limit: null, comments }));
    }
    default:
      if (restricts(fk.onUpdate)) throw vtError('VT13001', 'ON UPDATE RESTRICT foreign keys should already be filtered');
      throw vtError('VT09016', 'Cannot delete or update a parent row: a foreign key constraint fails');
  }
}

/**
 * Vitess nullSafeNotInComparison: the child rows whose key the update really changes. `qualifier`
 * qualifies the child's columns and the update's own columns (verification queries join both).
 */
export function notInNewValues(
  fk: ForeignKey,
  ues: readonly UpdateExpr[],
  nonLiteral: readonly NonLiteralUpdateInfo[],
  updated: Table,
  qualifiers: { readonly child: string; readonly parent: (e: Expr) => Expr } | null,
): Expr | null {
  const columns: Expr[] = [];
  const values: { value: Expr; literal: boolean }[] = [];
  for (const [i, ue] of ues.entries()) {
    const at = columnIndex(fk.referencedColumns, ue.column.name);
    if (at < 0) continue;
    if (isNullLiteral(ue.expr)) return null;
    const info = nonLiteral[i];
    const casted = castedValue(updated, ue);
    const value = info ? bind(info.updateExprBvName) : qualifiers ? qualifiers.parent(casted) : casted;
    values.push({ value, literal: ue.expr.kind === 'literal' });
    columns.push(col(fk.columns[at]!, qualifiers ? qualifiers.child : null));
  }
  if (values.length === 0) return null;
  return nullSafeNotIn(columns, values);
}

/** Adds `qualifier.column` for each column unless already selected; returns their offsets. */
function addColumns(into: Expr[], columns: readonly string[], qualifier: string): number[] {
  return columns.map((c) => addExpr(into, col(c, qualifier)));
}

function addExpr(into: Expr[], e: Expr): number {
  const text = printExpr(e).toLowerCase();
  const at = into.findIndex((x) => printExpr(x).toLowerCase() === text);
  if (at >= 0) return at;
  into.push(e);
  return into.length - 1;
}
