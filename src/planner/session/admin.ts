/**
 * Statements vtgate handles without routing rows: transaction control (nothing to plan: the
 * session does it), USE (UpdateTarget), SET (evaluated at vtgate, or on any shard when MySQL
 * must compute the value), DDL (sent to every shard of the table's keyspace), ALTER VSCHEMA and
 * CALL (to any shard of an unsharded keyspace).
 */
import type { Expr, OtherStatement, SelectStatement, SetStatement, TableName, Use } from '../../sql/ast.js';
import type { Keyspace } from '../../vschema/model.js';
import { findTable } from '../../vschema/resolve.js';
import type { PlanContext } from '../context.js';
import { ambiguousColumn, notImplemented, plannerError, unsupported, vtError } from '../errors.js';
import { planRoutes } from '../select/plan-statement.js';
import { planAnalyze, planDatabaseDdl, planExplainTable, planFlush, planLockTables, planMigration, planOtherAdmin, planStream } from './other.js';
import type { Operator, Plan } from '../plan.js';
import { anyKeyspace, NO_DB, plan, send, vtgate } from './build.js';
import { checkSettable } from './sysvars.js';
import { printExpr } from '../../sql/print-expr.js';

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT ...: the session carries them out; there is no plan to run. */
export function planTransaction(queryType: string, original: string): Plan {
  return plan('Complex', queryType, original, null);
}

/**
 * USE only records the new target: like vtgate, the planner does not check it (the session checks
 * the keyspace when it applies the target, and the VSchema may gain the keyspace meanwhile).
 */
export function planUse(ctx: PlanContext, stmt: Use, original: string): Plan {
  void ctx;
  return plan('Local', 'USE', original, vtgate('UpdateTarget', { target: stmt.target }));
}

export function planSet(ctx: PlanContext, stmt: SetStatement, original: string): Plan {
  for (const a of stmt.assignments) checkSettable(a.variable);
  // What vtgate cannot evaluate, MySQL computes: one `select ... from dual` on any shard.
  const remote = stmt.assignments.filter((a) => !evaluable(a.expr));
  const query = `select ${remote.map((a) => printExpr(a.expr)).join(', ')} from dual`;
  const input: Operator = remote.length === 0 ? Object.freeze({ kind: 'SingleRow' }) : anyShard(ctx, firstKeyspace(ctx), query);
  return plan('Local', 'SET', original, vtgate('Set', {}, [input]));
}

/** What vtgate can evaluate in a SET: literals, variables, `on`/`off` and arithmetic over them. */
function evaluable(e: Expr): boolean {
  switch (e.kind) {
    case 'literal':
    case 'variable':
    case 'default':
    case 'column':
    case 'bind':
      return true;
    case 'unary':
      return evaluable(e.expr);
    case 'binary':
      return evaluable(e.left) && evaluable(e.right);
    default:
      return false;
  }
}

function firstKeyspace(ctx: PlanContext): Keyspace {
  return anyKeyspace(ctx);
}

function anyShard(ctx: PlanContext, ks: Keyspace, query: string): Operator {
  void ctx;
  return send(ks, query);
}

export function planOther(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  switch (stmt.type) {
    case 'ddl':
      return planDdl(ctx, stmt, original);
    case 'alter_vschema': {
      const tables = stmt.tables.map((t) => `${t.qualifier ?? firstKeyspace(ctx).name}.${t.name}`);
      return plan('Complex', 'DDL', original, vtgate('AlterVSchema', { Query: stmt.sql }), tables);
    }
    case 'call': {
      const ks = stmt.tables[0]?.qualifier ? ctx.vschema.keyspaces.get(stmt.tables[0].qualifier) : firstKeyspace(ctx);
      if (!ks) throw vtError('VT05003', `unknown database '${stmt.tables[0]?.qualifier ?? ''}' in vschema`);
      if (ks.sharded) throw plannerError('CALL_SHARDED', 'CALL is not supported for sharded keyspace');
      return plan('Passthrough', 'CALL_PROC', original, anyShard(ctx, ks, stmt.sql));
    }
    case 'dbddl':
      return planDatabaseDdl(ctx, stmt, original);
    case 'routine_ddl':
      if (/^\s*create\s+(definer\s*=\s*\S+\s+)?procedure\b/i.test(stmt.sql) && stmt.tables[0] && keyspaceOfDdl(ctx, stmt.tables[0]).sharded) {
        throw unsupported('CREATE PROCEDURE is not supported on sharded keyspaces');
      }
      return planDdl(ctx, stmt, original);
    case 'flush':
      return planFlush(ctx, stmt, original);
    case 'analyze':
      return planAnalyze(ctx, stmt, original);
    case 'optimize':
    case 'repair':
    case 'check':
    case 'checksum':
      return planOtherAdmin(ctx, stmt, original);
    case 'explain_table':
      return planExplainTable(ctx, stmt, original);
    case 'lock_tables':
    case 'unlock_tables':
      return planLockTables(stmt, original);
    case 'stream':
    case 'vstream':
      return planStream(ctx, stmt, original);
    case 'vitess_migration':
      return planMigration(ctx, stmt, original);
    default:
      throw notImplemented(`${stmt.type} statements`);
  }
}

/** DDL goes to every shard of the keyspace of the table it changes. */
function planDdl(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const first = stmt.tables[0];
  if (!first) throw notImplemented('DDL without a table');
  const keyspaceOf = (t: TableName): Keyspace => keyspaceOfDdl(ctx, t);
  const ks = keyspaceOf(first);
  if (/^\s*rename\s/i.test(stmt.sql)) checkRenameKeyspaces(stmt, keyspaceOf);
  if (stmt.select) checkViewSelect(ctx, stmt.select, ks);
  if (/^\s*drop\s+view\b/i.test(stmt.sql)) checkDropViews(stmt, keyspaceOf);
  const isView = /^\s*(create|alter|drop)\s+(or\s+replace\s+)?(algorithm\s*=\s*\w+\s+)?(definer\s*=\s*\S+\s+)?(sql\s+security\s+\w+\s+)?view\b/i.test(stmt.sql);
  const named = isView && !/^\s*drop/i.test(stmt.sql) ? [first] : stmt.tables;
  const tables = named.map((t) => `${keyspaceOf(t).name}.${t.name}`);
  const op = vtgate('DDL', { Keyspace: { Name: ks.name, Sharded: ks.sharded }, Query: stmt.sql });
  return plan('DirectDDL', 'DDL', original, op, tables);
}

/**
 * The keyspace a DDL statement's table lives in: the qualifier's, else the session's, else the
 * keyspace that declares the name.
 */
function keyspaceOfDdl(ctx: PlanContext, t: TableName): Keyspace {
  if (t.qualifier) {
    const ks = ctx.vschema.keyspaces.get(t.qualifier);
    if (!ks) throw vtError('VT05003', `unknown database '${t.qualifier}' in vschema`);
    return ks;
  }
  if (ctx.target.keyspace) return firstKeyspace(ctx);
  try {
    const table = findTable(ctx.vschema, '', t.name);
    const ks = ctx.vschema.keyspaces.get(table.keyspace);
    if (ks) return ks;
  } catch {
    // not a known table: no keyspace to send it to
  }
  throw vtError('VT09005', NO_DB);
}

/** RENAME TABLE a TO b: MySQL can rename across schemas, but a keyspace's shards cannot move a table to another keyspace. */
function checkRenameKeyspaces(stmt: OtherStatement, keyspaceOf: (t: TableName) => Keyspace): void {
  for (let i = 0; i + 1 < stmt.tables.length; i += 2) {
    const from = stmt.tables[i]!;
    const to = stmt.tables[i + 1]!;
    if (to.qualifier === null) continue;
    const fromKs = keyspaceOf(from).name;
    if (fromKs !== to.qualifier) throw vtError('VT03002', `changing schema from '${fromKs}' to '${to.qualifier}' is not allowed`);
  }
}

/** Vitess stores a view only when its query runs whole on one route of the view's keyspace. */
function checkViewSelect(ctx: PlanContext, select: SelectStatement, ks: Keyspace): void {
  const { planned, tables } = planRoutes(ctx, select);
  if (tables.some((t) => t.keyspace.name !== ks.name)) throw unsupported('Select query does not belong to the same keyspace as the view statement');
  const calcFoundRows = (s: SelectStatement): boolean => (s.kind === 'union' ? calcFoundRows(s.left) || calcFoundRows(s.right) : s.sqlCalcFoundRows);
  if (planned.tree.kind !== 'route' || planned.needsVtgate || (planned.pulled?.length ?? 0) > 0 || calcFoundRows(select)) {
    throw unsupported('Complex select queries are not supported in create or alter view statements');
  }
  for (const b of ctx.bindings.entries()) {
    if (b[1].kind === 'uncertain') throw ambiguousColumn(b[0].name);
  }
}

function checkDropViews(stmt: OtherStatement, keyspaceOf: (t: { qualifier: string | null; name: string }) => Keyspace): void {
  const seen = new Set<string>();
  let keyspace: string | null = null;
  for (const t of stmt.tables) {
    const ks = keyspaceOf(t).name;
    if (keyspace !== null && ks !== keyspace) throw unsupported('cannot drop views from multiple keyspace in a single statement');
    keyspace = ks;
    if (seen.has(`${ks}.${t.name}`)) throw vtError('VT03013', `not unique table/alias: '${t.name}'`);
    seen.add(`${ks}.${t.name}`);
  }
}
