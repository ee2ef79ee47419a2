/**
 * DMLWithInput (Vitess createDeleteWithInputOp / createUpdateWithInputOp / createDMLWithInput):
 * a DELETE or UPDATE that no single route can run — several target tables, a join across routes,
 * LIMIT or ORDER BY ... LIMIT across shards, LIMIT or joins with managed foreign keys — first
 * selects the primary keys of the rows it changes (vtgate applies joins and limits there), then
 * runs one statement per target table: `delete from t where t.pk in ::dml_vals` (or the update
 * with its own SET list), each planned as a statement of its own so that it routes by its
 * primary key and carries its own foreign key cascades.
 *
 * SET expressions that read another table's columns take them from the selected rows as bind
 * variables (`set u.col = :ue_col`). Tables without a known primary key cannot be planned this
 * way: VT09015, as Vitess without schema tracking.
 */
import type { AliasedTable, ColumnRef, Comments, Expr, Limit, OrderBy, SelectExpr, TableExpr, UpdateExpr } from '../../sql/ast.js';
import { NO_COMMENTS, selectOf } from '../../sql/build.js';
import type { Table } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import { mapExpr } from '../expr/walk.js';
import type { Operator, Plan } from '../plan.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { aliasedTables } from './common.js';
import type { FkScope } from './fk-keys.js';
import { planChildDelete, planChildUpdate, planSelection, unionTables } from './fk-plan.js';
import { bind, col, tuple } from './fk-sql.js';

export interface WithInputStatement {
  readonly kind: 'delete' | 'update';
  readonly from: readonly TableExpr[];
  readonly where: Expr | null;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
  readonly ignore: boolean;
  readonly comments: Comments;
  /** UPDATE: the SET list; each assignment belongs to the table its column binds to. */
  readonly set: readonly UpdateExpr[];
  /** The tables rows are changed in, in statement order. */
  readonly targets: readonly TableLeaf[];
  /**
   * How the statement got here: `planned` when Vitess builds the input up front (several targets,
   * foreign keys), which selects `for update` and carries the statement's comments to every
   * query; `pushdown` when only routing showed that no single route can run it.
   */
  readonly origin: 'planned' | 'pushdown';
}

export function planDmlWithInput(ctx: PlanContext, scope: FkScope, stmt: WithInputStatement, original: string, bindingOf: (c: ColumnRef) => TableLeaf | null): Plan {
  const targets = sortTargets(stmt.targets);
  const columns: Expr[] = [];
  const offsetOf = (e: Expr): number => {
    const at = columns.findIndex((c) => sameColumn(c, e));
    if (at >= 0) return at;
    columns.push(e);
    return columns.length - 1;
  };
  const pks = targets.map((t) => primaryKeyOf(ctx, t.table));
  const offsets = targets.map((t, i) => pks[i]!.map((pk) => offsetOf(col(pk, t.ref))));
  const bindVars: Record<string, number>[] = targets.map(() => ({}));
  const sets = targets.map((t, i) =>
    stmt.set
      .filter((ue) => bindingOf(ue.column) === t)
      .map((ue) => ({
        column: ue.column,
        // Columns of the other tables come from the selected rows, as bind variables.
        expr: mapExpr(ue.expr, (e) => {
          if (e.kind !== 'column' || bindingOf(e) === t || bindingOf(e) === null) return undefined;
          const name = `${e.table?.name ?? ''}_${e.name}`.replace(/^_/, '');
          bindVars[i]![name] = offsetOf(e);
          return bind(name);
        }),
      })),
  );
  const forced = stmt.origin === 'planned' && stmt.comments.raw.length > 0 ? stmt.comments : null;
  const lock = stmt.origin === 'planned' ? 'for update' : stmt.kind === 'update' ? 'lock in share mode' : null;
  const selectColumns: SelectExpr[] = columns.map((expr) => ({ kind: 'aliased', expr, as: null }));
  const innerScope: FkScope = { ...scope, forcedComments: forced ?? scope.forcedComments };
  const source = planSelection(
    ctx,
    innerScope,
    selectOf({ columns: selectColumns, from: stmt.from, where: stmt.where, orderBy: stmt.orderBy, limit: stmt.limit, lock, comments: forced ?? NO_COMMENTS }),
  );
  const dml = targets.map((t, i) => {
    const table = targetTable(stmt.from, t);
    const keyCols = pks[i]!.map((pk) => col(pk, t.ref));
    const where: Expr = { kind: 'in', expr: keyCols.length === 1 ? keyCols[0]! : tuple(keyCols), not: false, list: { kind: 'bind', name: 'dml_vals', list: true } };
    const comments = forced ?? NO_COMMENTS;
    return stmt.kind === 'delete'
      ? planChildDelete(ctx, innerScope, { kind: 'delete', with: null, ignore: stmt.ignore, targets: [], from: [table], where, orderBy: [], limit: null, comments })
      : planChildUpdate(ctx, innerScope, { kind: 'update', with: null, ignore: stmt.ignore, tables: [table], set: sets[i]!, where, orderBy: [], limit: null, comments });
  });
  const op: Operator = Object.freeze({
    kind: 'DMLWithInput',
    source: source.op,
    dml: Object.freeze(dml.map((d) => d.op)),
    offsets: Object.freeze(offsets.map((o) => Object.freeze(o))),
    bindVars: Object.freeze(bindVars.map((b) => Object.freeze(b))),
  });
  return Object.freeze({
    type: 'Complex',
    queryType: stmt.kind.toUpperCase(),
    original,
    instructions: op,
    tablesUsed: unionTables(source.tablesUsed, ...dml.map((d) => d.tablesUsed)),
  });
}

function primaryKeyOf(ctx: PlanContext, table: Table): readonly string[] {
  const key = ctx.settings.primaryKeys.find((k) => k.table.keyspace === table.keyspace && k.table.table.toLowerCase() === table.name.toLowerCase());
  if (!key || key.columns.length === 0) throw vtError('VT09015', 'schema tracking required');
  return key.columns;
}

/** Vitess sortDmlOps: tables routed by a lookup vindex first, then other sharded tables, then the rest. */
function sortTargets(targets: readonly TableLeaf[]): TableLeaf[] {
  const rank = (t: TableLeaf): number => {
    const v = t.table.columnVindexes[0];
    if (!v) return 2;
    return v.vindex.kind === 'lookup' ? 0 : 1;
  };
  return [...targets].sort((a, b) => rank(a) - rank(b));
}

function targetTable(from: readonly TableExpr[], leaf: TableLeaf): AliasedTable {
  const found = aliasedTables(from).find((t) => (t.as ?? t.name.name).toLowerCase() === leaf.ref.toLowerCase());
  if (!found) throw vtError('VT13001', `target table ${leaf.ref} not found in the statement`);
  return found;
}

function sameColumn(a: Expr, b: Expr): boolean {
  if (a.kind !== 'column' || b.kind !== 'column') return false;
  return a.name.toLowerCase() === b.name.toLowerCase() && (a.table?.name ?? '').toLowerCase() === (b.table?.name ?? '').toLowerCase();
}

