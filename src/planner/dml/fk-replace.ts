/**
 * REPLACE into a table other tables reference (managed foreign keys): MySQL's REPLACE deletes
 * the conflicting row without the router's cascades, so Vitess plans it as a Sequential of a
 * DELETE of the rows with the same primary key (with its FkCascade) and a plain INSERT.
 */
import type { Expr, Insert } from '../../sql/ast.js';
import type { Keyspace, Table } from '../../vschema/model.js';
import { PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';
import type { Operator, Plan } from '../plan.js';
import { planDelete } from './delete.js';
import { columnIndex, managedKeys, removeNonRequired, topScope } from './fk-keys.js';
import { unionTables } from './fk-plan.js';
import { col, tuple } from './fk-sql.js';
import { planInsert } from './insert.js';

/** The plan of a REPLACE that needs cascades, or null when no child key needs the router. */
export function planReplaceWithFks(ctx: PlanContext, ins: Insert, keyspace: Keyspace, table: Table, original: string): Plan | null {
  const checks = topScope(ctx, ins.comments).checks;
  const keys = removeNonRequired(ctx.vschema, managedKeys(ctx, keyspace, table, checks), { verifyAll: false, ignore: null, action: 'delete' });
  if (keys.child.length === 0) return null;
  const pk = ctx.settings.primaryKeys.find((k) => k.table.keyspace === keyspace.name && k.table.table.toLowerCase() === table.name.toLowerCase())?.columns;
  if (!pk || pk.length === 0) throw vtError('VT09015', 'schema tracking required');
  if (!ins.rows || !ins.columns) throw unsupported('REPLACE with foreign keys needs a column list and VALUES');
  const positions = pk.map((c) => columnIndex(ins.columns!, c));
  if (positions.some((p) => p < 0)) throw unsupported('REPLACE with foreign keys must give every primary key column');
  const rows: Expr[] = ins.rows.map((r) => tuple(positions.map((p) => r[p]!)));
  const where: Expr = { kind: 'in', expr: tuple(pk.map((c) => col(c))), not: false, list: rows };
  const fresh = (): PlanContext => new PlanContext(ctx.vschema, ctx.target, ctx.settings);
  const del = planDelete(fresh(), { kind: 'delete', with: null, ignore: false, targets: [], from: [{ kind: 'table', name: ins.table, as: null, hints: [] }], where, orderBy: [], limit: null, comments: ins.comments }, '');
  const insert = planInsert(fresh(), { ...ins, action: 'insert' }, '');
  const inputs = [del.instructions, insert.instructions].filter((op): op is Operator => op !== null);
  return Object.freeze({
    type: 'Complex',
    queryType: 'INSERT',
    original,
    instructions: Object.freeze({ kind: 'Sequential', inputs: Object.freeze(inputs) }),
    tablesUsed: unionTables(del.tablesUsed, insert.tablesUsed),
  });
}
