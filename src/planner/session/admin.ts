/**
 * Statements vtgate handles without routing rows: transaction control (nothing to plan: the
 * session does it), USE (UpdateTarget), SET (evaluated at vtgate, or on any shard when MySQL
 * must compute the value), DDL (sent to every shard of the table's keyspace), ALTER VSCHEMA and
 * CALL (to any shard of an unsharded keyspace).
 */
import type { Expr, OtherStatement, SelectStatement, SetStatement, Use } from '../../sql/ast.js';
import type { Keyspace } from '../../vschema/model.js';
import { findTable } from '../../vschema/resolve.js';
import { parseTarget } from '../../vschema/target.js';
import type { PlanContext } from '../context.js';
import { ambiguousColumn, notImplemented, plannerError, unsupported, vtError } from '../errors.js';
import { planRoutes } from '../select/plan-statement.js';
import type { Operator, Plan, PlanType } from '../plan.js';

const NO_DB = 'no database selected: use keyspace<:shard><@type> or keyspace<[range]><@type> (<> are optional)';

function plan(type: PlanType, queryType: string, original: string, instructions: Operator | null, tablesUsed: readonly string[] = []): Plan {
  return Object.freeze({ type, queryType, original, instructions, tablesUsed: Object.freeze([...new Set(tablesUsed)].sort()) });
}

function vtgate(operatorType: string, fields: Record<string, unknown> = {}, inputs: readonly Operator[] = []): Operator {
  return Object.freeze({ kind: 'Vtgate', operatorType, variant: null, fields: Object.freeze(fields), inputs: Object.freeze([...inputs]) });
}

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT ...: the session carries them out; there is no plan to run. */
export function planTransaction(queryType: string, original: string): Plan {
  return plan('Complex', queryType, original, null);
}

export function planUse(ctx: PlanContext, stmt: Use, original: string): Plan {
  const target = parseTarget(stmt.target);
  if (target.keyspace !== '' && !ctx.vschema.keyspaces.has(target.keyspace)) throw vtError('VT05003', `unknown database '${target.keyspace}' in vschema`);
  return plan('Local', 'USE', original, vtgate('UpdateTarget', { target: stmt.target }));
}

export function planSet(ctx: PlanContext, stmt: SetStatement, original: string): Plan {
  const local = stmt.assignments.every((a) => evaluable(a.expr));
  const input: Operator = local ? Object.freeze({ kind: 'SingleRow' }) : anyShard(ctx, firstKeyspace(ctx), original);
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
  const name = ctx.target.keyspace || [...ctx.vschema.keyspaces.keys()].sort()[0];
  const ks = name === undefined ? undefined : ctx.vschema.keyspaces.get(name);
  if (!ks) throw vtError('VT09005', NO_DB);
  return ks;
}

function anyShard(ctx: PlanContext, ks: Keyspace, query: string): Operator {
  void ctx;
  return Object.freeze({ kind: 'Send', keyspace: { name: ks.name, sharded: ks.sharded }, targetDestination: 'AnyShard()', query, isDml: false, singleShardOnly: false });
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
    default:
      throw notImplemented(`${stmt.type} statements`);
  }
}

/** DDL goes to every shard of the keyspace of the table it changes. */
function planDdl(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const first = stmt.tables[0];
  if (!first) throw notImplemented('DDL without a table');
  const keyspaceOf = (t: { qualifier: string | null; name: string }): Keyspace => {
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
  };
  const ks = keyspaceOf(first);
  if (stmt.select) checkViewSelect(ctx, stmt.select, ks);
  if (/^\s*drop\s+view\b/i.test(stmt.sql)) checkDropViews(stmt, keyspaceOf);
  const isView = /^\s*(create|alter|drop)\s+(or\s+replace\s+)?(algorithm\s*=\s*\w+\s+)?(definer\s*=\s*\S+\s+)?(sql\s+security\s+\w+\s+)?view\b/i.test(stmt.sql);
  const named = isView && !/^\s*drop/i.test(stmt.sql) ? [first] : stmt.tables;
  const tables = named.map((t) => `${keyspaceOf(t).name}.${t.name}`);
  const op = vtgate('DDL', { Keyspace: { Name: ks.name, Sharded: ks.sharded }, Query: stmt.sql });
  return plan('DirectDDL', 'DDL', original, op, tables);
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
