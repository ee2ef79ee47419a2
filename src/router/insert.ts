/**
 * INSERT (Vitess engine/insert.go, Sharded and Unsharded variants):
 *   1. auto-increment: rows without a value (NULL) get ids from the sequence, reserved in one
 *      call so they are consecutive; given values are kept. The values become `:__seq<row>`.
 *      insertId reports the first generated id.
 *   2. vindex values per row (`:_<column>_<row>`), the primary vindex maps each row to its
 *      keyspace id (through the lookup keyspace when the primary vindex is a lookup).
 *   3. owned lookup vindexes get their rows (consistent lookups in their pre/post order); unowned
 *      lookups are verified against the row's keyspace id; an unowned reversible vindex column
 *      left NULL is filled from the keyspace id.
 *   4. the rows are split per shard and sent, each shard only its rows.
 * Several shards or lookup writes run in one transaction (the session's, or an implicit one).
 */
import type { DriverResult } from '../executor/driver.js';
import { insertWithRows, type Insert } from '../planner/plan.js';
import type { PlanValue } from '../planner/values.js';
import { evalSingle } from '../routing/binds.js';
import { destinationShards, mapRow } from '../routing/destinations.js';
import type { BindVariable } from '../vindexes/types.js';
import { isNull, textValue, type SqlValue } from '../vindexes/value.js';
import type { ColumnVindex, Table } from '../vschema/model.js';
import { RouterError } from './errors.js';
import { routingEnv, type ExecContext } from './execute.js';
import { lookupPort } from './lookup-port.js';
import { header, isHeader, merge } from './results.js';
import { runQueries } from './run.js';

export async function executeInsert(ctx: ExecContext, op: Insert): Promise<DriverResult> {
  if (op.variant === 'Select' || op.input !== null) {
    throw new RouterError('OPERATOR_NOT_SUPPORTED', 'INSERT ... SELECT is not executed by the router yet', { details: { operator: 'Insert(Select)' } });
  }
  const { session } = ctx;
  const binds = new Map(ctx.binds.binds);
  const firstId = op.autoIncrement ? await generateIds(ctx, op, binds) : undefined;
  const ks = op.keyspace.name;
  const shardMap = session.core.topology.shardMap(ks);
  const run = { ...ctx.run, method: ctx.method, dml: true, primary: true } as const;

  if (op.variant === 'Unsharded') {
    const shard = shardMap.shardNames[0]!;
    const [result] = await runQueries(session, [{ keyspace: ks, shard, sql: op.query, bindVars: Object.fromEntries(binds) }], ctx.binds.origins, run);
    return withInsertId(result!, firstId);
  }

  const table = tableOf(ctx, ks, op.table);
  const rowCount = rowCountOf(op);
  const values = vindexColumnValues(op, table, binds, rowCount);
  const primary = table.columnVindexes[0];
  if (!primary) throw new RouterError('VINDEX_VALUE_MISSING', `table ${ks}.${op.table} has no primary vindex`);
  const env = routingEnv(session, 'insert');
  const ksids: Uint8Array[] = [];
  for (let row = 0; row < rowCount; row++) {
    const [dest] = await mapRow(primary.vindex, primary.columns.map((c) => values.get(c)![row]!), env);
    if (dest?.kind !== 'keyspaceId') {
      throw new RouterError('VINDEX_VALUE_MISSING', `could not map the value of ${primary.columns.join(', ')} in row ${row + 1} to a keyspace id (vindex ${primary.name})`,
        { details: { vindex: primary.name, row } });
    }
    ksids.push(dest.keyspaceId);
  }

  const writesLookups = table.columnVindexes.some((cv) => cv !== primary && cv.vindex.impl?.kind === 'lookup');
  const byShard = new Map<string, number[]>();
  ksids.forEach((id, row) => {
    const shard = destinationShards({ kind: 'keyspaceId', keyspaceId: id }, shardMap)[0]!;
    const list = byShard.get(shard);
    if (list) list.push(row);
    else byShard.set(shard, [row]);
  });

  const write = async (): Promise<DriverResult> => {
    const dropped = await maintainVindexes(ctx, op, table, primary, values, ksids, binds);
    if (dropped.size > 0) {
      for (const [shard, rows] of [...byShard]) {
        const kept = rows.filter((r) => !dropped.has(r));
        if (kept.length === 0) byShard.delete(shard);
        else byShard.set(shard, kept);
      }
    }
    if (byShard.size === 0) return [header({ affectedRows: 0, ...(firstId === undefined ? {} : { insertId: firstId }) }), undefined];
    const bindVars = Object.fromEntries(binds) as Record<string, BindVariable>;
    const queries = shardMap.shardNames.filter((s) => byShard.has(s)).map((shard) => ({
      keyspace: ks, shard, sql: byShard.get(shard)!.length === rowCount ? op.query : withRows(op, byShard.get(shard)!), bindVars,
    }));
    return withInsertId(merge(await runQueries(session, queries, ctx.binds.origins, run)), firstId);
  };
  return byShard.size > 1 || writesLookups ? session.implicit(write) : write();
}

/** Fills `__seq<row>`; returns the first generated id, if any was generated. */
async function generateIds(ctx: ExecContext, op: Insert, binds: Map<string, BindVariable>): Promise<bigint | undefined> {
  const auto = op.autoIncrement!;
  const given = auto.values.map((v) => evalSingle(v, binds));
  const missing = given.filter((v) => isNull(v)).length;
  let next = missing > 0 ? await ctx.session.core.sequence(auto.keyspace.name, unqualified(auto.sequence)).next(missing) : undefined;
  const first = next;
  given.forEach((v, row) => {
    if (isNull(v) && next !== undefined) {
      binds.set(`__seq${row}`, textValue('INT64', next.toString()));
      next += 1n;
    } else {
      binds.set(`__seq${row}`, v);
    }
  });
  return first;
}

function unqualified(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot < 0 ? name : name.slice(dot + 1)).replace(/^`|`$/g, '');
}

function tableOf(ctx: ExecContext, ks: string, name: string): Table {
  const table = ctx.session.core.vschema.keyspaces.get(ks)?.tables.get(name);
  if (!table) throw new RouterError('OPERATOR_NOT_SUPPORTED', `table ${ks}.${name} is not in the VSchema`, { details: { operator: 'Insert' } });
  return table;
}

function rowCountOf(op: Insert): number {
  const first = op.vindexValues[0]?.columns[0];
  if (first) return first.length;
  return op.queryParts?.rows.length ?? 1;
}

/** The statement with only some of its rows (the planner's Prefix / Mid / Suffix, as Vitess sends them). */
function withRows(op: Insert, rows: readonly number[]): string {
  const sql = insertWithRows(op, rows);
  if (sql === null) throw new RouterError('OPERATOR_NOT_SUPPORTED', `an INSERT into ${op.table} whose rows cannot be split per shard`, { details: { operator: 'Insert' } });
  return sql;
}

/** column name (as in the VSchema) → the value of each row; also binds `_<column>_<row>`. */
function vindexColumnValues(op: Insert, table: Table, binds: Map<string, BindVariable>, rowCount: number): Map<string, SqlValue[]> {
  const out = new Map<string, SqlValue[]>();
  for (const entry of op.vindexValues) {
    const cv = table.columnVindexes.find((c) => c.name === entry.vindex);
    if (!cv) continue;
    cv.columns.forEach((column, i) => {
      if (out.has(column)) return;
      const planValues: readonly PlanValue[] = entry.columns[i] ?? [];
      const rowValues: SqlValue[] = [];
      for (let row = 0; row < rowCount; row++) {
        const pv = planValues[row];
        const v = pv === undefined ? textValue('NULL_TYPE', '') : evalSingle(pv, binds);
        rowValues.push(v);
        setColumnBind(binds, column, row, v);
      }
      out.set(column, rowValues);
    });
  }
  return out;
}

function setColumnBind(binds: Map<string, BindVariable>, column: string, row: number, v: SqlValue): void {
  const name = `_${column.replace(/[^A-Za-z0-9_]/g, '_')}_${row}`;
  binds.set(name, v);
  binds.set(name.toLowerCase(), v);
}

async function maintainVindexes(
  ctx: ExecContext, op: Insert, table: Table, primary: ColumnVindex, values: Map<string, SqlValue[]>, ksids: readonly Uint8Array[],
  binds: Map<string, BindVariable>,
): Promise<Set<number>> {
  const port = lookupPort(ctx.session, 'insert');
  const seen = new Set<string>([primary.name]);
  // INSERT IGNORE: a row whose owned lookup ends up pointing elsewhere (a duplicate) is dropped,
  // and the later vindexes skip it (Vitess processOwned).
  const dropped = new Set<number>();
  for (const cv of table.columnVindexes) {
    if (seen.has(cv.name) || cv.partial) continue;
    seen.add(cv.name);
    const impl = cv.vindex.impl;
    if (!impl) continue;
    const rows = ksids.map((_, row) => cv.columns.map((c) => values.get(c)?.[row] ?? textValue('NULL_TYPE', '')));
    if (cv.owned && impl.kind === 'lookup') {
      // Vitess skips rows whose vindex columns are all NULL.
      const keep = rows.map((r, i) => ({ r, i })).filter(({ r, i }) => !dropped.has(i) && !r.every(isNull));
      if (keep.length > 0) {
        await impl.create(port, keep.map((k) => k.r), keep.map((k) => ksids[k.i]!), { ignoreMode: op.ignore });
        if (op.ignore) {
          const checkable = keep.filter((k) => !k.r.some(isNull));
          const ok = checkable.length === 0 ? [] : await impl.verify(port, checkable.map((k) => k.r[0]!), checkable.map((k) => ksids[k.i]!));
          ok.forEach((v, j) => { if (!v) dropped.add(checkable[j]!.i); });
        }
      }
      continue;
    }
    // Unowned: fill a NULL reversible column from the keyspace id, else verify.
    const reverse = impl.kind === 'single' ? impl.reverseMap : undefined;
    for (const [row, r] of rows.entries()) {
      if (r.length === 1 && isNull(r[0]!) && reverse) {
        const [filled] = reverse([ksids[row]!]);
        if (filled) {
          values.get(cv.columns[0]!)![row] = filled;
          setColumnBind(binds, cv.columns[0]!, row, filled);
        }
      }
    }
    const check = rows.map((r, i) => ({ r: cv.columns.map((c) => values.get(c)?.[i] ?? r[0]!), i })).filter(({ r }) => !r.some(isNull));
    if (check.length === 0) continue;
    let ok: boolean[];
    if (impl.kind === 'lookup') ok = await impl.verify(port, check.map((c) => c.r[0]!), check.map((c) => ksids[c.i]!));
    else if (impl.kind === 'single') ok = impl.verify(check.map((c) => c.r[0]!), check.map((c) => ksids[c.i]!));
    else ok = impl.verifyRows(check.map((c) => c.r), check.map((c) => ksids[c.i]!));
    const bad = ok.findIndex((x) => !x);
    if (bad >= 0) {
      if (op.ignore) continue;
      throw new RouterError('VINDEX_VERIFY_FAILED',
        `the value of ${cv.columns.join(', ')} in row ${check[bad]!.i + 1} does not map to the row's keyspace id (vindex ${cv.name})`,
        { details: { vindex: cv.name, row: check[bad]!.i } });
    }
  }
  return dropped;
}

function withInsertId(result: DriverResult, firstId: bigint | undefined): DriverResult {
  if (firstId === undefined) return result;
  const [h] = result;
  if (!isHeader(h)) return result;
  return [header({ affectedRows: h.affectedRows, insertId: firstId, changedRows: h.changedRows, warningStatus: h.warningStatus }), result[1]];
}

