/**
 * UPDATE / DELETE on a table that owns lookup vindexes (Vitess engine/update.go, delete.go), in
 * one transaction (the session's or an implicit one):
 *   1. the plan's ownedVindexQuery reads the affected rows FOR UPDATE on the routed shards: the
 *      primary vindex columns, then each owned vindex's columns, then (UPDATE) one
 *      `col = new value` test per changed vindex;
 *   2. DELETE removes each row's lookup rows; UPDATE moves them to the new values (skipped when
 *      the test says the value is unchanged);
 *   3. the statement itself runs on the same shards.
 * A change to a primary vindex column never gets here: the planner rejects it (VT12001).
 */
import type { DriverResult } from '../executor/driver.js';
import type { Delete, Update } from '../planner/plan.js';
import { evalSingle, literalSqlValue } from '../routing/binds.js';
import { mapRow } from '../routing/destinations.js';
import { routeDmlShards } from '../routing/route.js';
import type { Expr, Update as UpdateStatement } from '../sql/ast.js';
import { parseSql } from '../sql/parse.js';
import { compile } from '../engine/eval/compile.js';
import { columnsDeep } from '../planner/expr/walk.js';
import { valueText, type SqlValue } from '../vindexes/value.js';
import { RouterError } from './errors.js';
import { routingEnv, type ExecContext } from './execute.js';
import { lookupPort } from './lookup-port.js';
import { merge, RAW_ROWS, rawRowsToValues } from './results.js';
import { runQueries } from './run.js';

export async function executeDmlWithLookups(ctx: ExecContext, op: Update | Delete): Promise<DriverResult> {
  const { session } = ctx;
  const ks = op.keyspace.name;
  const owner = op.ownerTable ?? op.table;
  const table = owner === null ? undefined : session.core.vschema.keyspaces.get(ks)?.tables.get(owner);
  const ksidVindex = op.ksidVindex === null ? undefined : session.core.vschema.keyspaces.get(ks)?.vindexes.get(op.ksidVindex)?.vindex;
  if (!table || !ksidVindex || op.ownedVindexQuery === null) {
    throw new RouterError('OPERATOR_NOT_SUPPORTED', `${op.kind} maintaining lookup vindexes without knowing the table that owns them`, { details: { operator: op.kind } });
  }
  const statement = op.kind === 'Update' ? 'update' : 'delete';
  const env = routingEnv(session, statement);
  const queries = await routeDmlShards(op, ctx.binds.binds, env);
  if (queries.length === 0) return [{ fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 2, warningStatus: 0, changedRows: 0 }, undefined];
  const newValues = op.kind === 'Update' ? assignedValues(op, ctx) : new Map<string, SqlValue>();

  return session.implicit(async () => {
    const selects = queries.map((q) => ({ ...q, sql: op.ownedVindexQuery! }));
    const read = await runQueries(session, selects, ctx.binds.origins, { ...ctx.run, queryOptions: RAW_ROWS, primary: true });
    const rows = read.flatMap(([r, f]) => rawRowsToValues(r, f));
    const port = lookupPort(session, statement);
    for (const row of rows) {
      const [dest] = await mapRow(ksidVindex, row.slice(0, op.ksidLength), env);
      if (dest?.kind !== 'keyspaceId') continue;
      let offset = op.ksidLength;
      for (const cv of table.owned) {
        const from = row.slice(offset, offset + cv.columns.length);
        offset += cv.columns.length;
        const impl = cv.vindex.impl;
        if (impl?.kind !== 'lookup') continue;
        if (op.kind === 'Delete') {
          await impl.delete(port, [from], dest.keyspaceId);
          continue;
        }
        const change = op.changedVindexes.find((c) => c.vindex === cv.name);
        if (!change) continue;
        const unchanged = change.offset >= 0 ? row[change.offset] : undefined;
        if (unchanged !== undefined && unchanged.type !== 'NULL_TYPE' && valueText(unchanged) === '1') continue;
        const to = cv.columns.map((c, i) => newValues.get(c.toLowerCase()) ?? from[i]!);
        await impl.update(port, from, dest.keyspaceId, to);
      }
    }
    return merge(await runQueries(session, queries, ctx.binds.origins, { ...ctx.run, method: ctx.method, dml: true, primary: true }));
  });
}

const parsed = new WeakMap<Update, UpdateStatement>();

/** column (lower case) → the new value its SET gives; Vitess accepts only values there. */
function assignedValues(op: Update, ctx: ExecContext): Map<string, SqlValue> {
  let stmt = parsed.get(op);
  if (!stmt) {
    const s = parseSql(op.query);
    if (s.kind !== 'update') throw new RouterError('OPERATOR_NOT_SUPPORTED', 'an Update plan whose query is not an UPDATE');
    stmt = s;
    parsed.set(op, stmt);
  }
  const out = new Map<string, SqlValue>();
  const changed = new Set(op.changedVindexes.map((c) => c.vindex));
  const ks = ctx.session.core.vschema.keyspaces.get(op.keyspace.name);
  const columns = new Set<string>();
  for (const cv of ks?.tables.get(op.table ?? '')?.owned ?? []) if (changed.has(cv.name)) for (const c of cv.columns) columns.add(c.toLowerCase());
  for (const a of stmt.set) {
    const name = a.column.name.toLowerCase();
    if (!columns.has(name)) continue;
    out.set(name, valueOf(a.expr, ctx, name));
  }
  return out;
}

function valueOf(e: Expr, ctx: ExecContext, column: string): SqlValue {
  if (e.kind === 'literal') return literalSqlValue(e);
  if (e.kind === 'bind' && !e.list) return evalSingle({ kind: 'bind', name: e.name }, ctx.binds.binds);
  // An expression of values (`:ev_oid + 40`, a DML with input's SET reading another table's
  // column): vtgate evaluates it, as Vitess's evalengine does for changed vindex values.
  if (columnsDeep(e).length === 0) return compile(e, []).evaluate([], ctx.binds.binds);
  throw new RouterError('OPERATOR_NOT_SUPPORTED',
    `only values are supported when updating the lookup vindex column ${column}`, { details: { operator: 'Update', column } });
}
