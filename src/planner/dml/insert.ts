/**
 * INSERT: an unsharded keyspace takes the statement as is (Unsharded); a sharded one needs,
 * per row, the value of every vindex column: the primary vindex routes the row, and owned
 * lookup vindexes get their lookup rows created (Vitess's VindexValues: missing columns are
 * null). An auto-increment column takes its value from the table's sequence: each row's given
 * value (or null) is listed, and the row reads `:__seqN`.
 */
import type { Expr, Insert, SelectStatement } from '../../sql/ast.js';
import { printExpr } from '../../sql/print-expr.js';
import { printSql } from '../../sql/print.js';
import type { Keyspace, Table } from '../../vschema/model.js';
import { resolveTable } from '../../vschema/resolve.js';
import type { PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';
import type { AutoIncrementPlan, Insert as InsertOp, InsertQueryParts, Plan } from '../plan.js';
import { bindValue, NULL_VALUE_PLAN, type PlanValue } from '../values.js';
import { planInsertSelect } from './insert-select.js';
import { checkForeignKeys } from './foreign-keys.js';
import { planReplaceWithFks } from './fk-replace.js';
import { insertValue } from './insert-values.js';

export function planInsert(ctx: PlanContext, ins: Insert, original: string): Plan {
  const { table, keyspace } = insertTable(ctx, ins);
  // REPLACE may delete a row on another shard than the one it inserts on.
  if (keyspace.sharded && ins.action === 'replace') throw unsupported('REPLACE INTO with sharded keyspace');
  if (ins.action === 'replace' && ctx.settings.foreignKeys !== null) {
    const sequential = planReplaceWithFks(ctx, ins, keyspace, table, original);
    if (sequential) return sequential;
  }
  checkForeignKeys(ctx, keyspace, table, { kind: 'insert', replace: ins.action === 'replace', updates: ins.onDuplicate.map((u) => u.column.name) }, ins.comments);
  const rows = ins.rows ?? [];
  const given = ins.columns ?? (table.columnListAuthoritative ? table.columns.map((c) => c.name) : null);
  const hasValues = rows.some((r) => r.length > 0);
  if (!ins.select) {
    if (given === null && hasValues && (keyspace.sharded || table.autoIncrement)) {
      throw vtError('VT09004', 'INSERT should contain column list or the table should have authoritative columns in vschema');
    }
    if (given !== null && rows.some((r) => r.length > 0 && r.length !== given.length)) throw columnCount();
  } else if (given !== null && !hasStar(ins.select)) checkSelectColumns(ins.select, given.length);
  const columns = [...(given ?? [])];
  const auto = table.autoIncrement;
  const autoIndex = auto ? indexOf(columns, auto.column) : -1;
  if (auto && autoIndex < 0) columns.push(auto.column);
  const tablesUsed = [`${keyspace.name}.${table.name}`];
  const fromSelect = ins.select ? planInsertSelect(ctx, ins.select, keyspace) : null;
  if (fromSelect) tablesUsed.push(...fromSelect.tables);
  // A `*` counts once its columns are known (schema tracking expands it while planning the SELECT).
  if (fromSelect && given !== null && hasStar(ins.select!)) checkSelectColumns(fromSelect.select, given.length);
  const viaSelect = fromSelect?.input ?? null;
  if (viaSelect && given === null) throw vtError('VT09004', 'INSERT should contain column list or the table should have authoritative columns in vschema');
  const autoIncrement: AutoIncrementPlan | null =
    auto && (!ins.select || viaSelect)
      ? {
          sequence: auto.sequence.table,
          keyspace: sequenceKeyspace(ctx, auto.sequence.keyspace),
          values: viaSelect ? [] : rows.map((r) => (autoIndex >= 0 && r[autoIndex] ? insertValue(r[autoIndex]!) : NULL_VALUE_PLAN)),
          offset: viaSelect ? indexOf(columns, auto.column) : null,
        }
      : null;
  const vindexValues = keyspace.sharded && !viaSelect ? shardedValues(table, columns, rows, auto?.column ?? null) : [];
  const vindexOffsets =
    keyspace.sharded && viaSelect
      ? table.columnVindexes.filter((cv) => !cv.partial).map((cv) => ({ vindex: cv.name, offsets: cv.columns.map((c) => indexOf(columns, c)) }))
      : [];
  if (keyspace.sharded) checkOnDuplicate(ins, table);
  const passthrough = fromSelect !== null && fromSelect.input === null ? { ...ins, select: fromSelect.select } : ins;
  const shardQuery = insertQuery(passthrough, table, columns, rows, auto?.column ?? null, keyspace.sharded);
  const op: InsertOp = Object.freeze({
    kind: 'Insert',
    variant: viaSelect ? 'Select' : keyspace.sharded ? 'Sharded' : 'Unsharded',
    keyspace: { name: keyspace.name, sharded: keyspace.sharded },
    table: table.name,
    query: shardQuery.query,
    queryParts: shardQuery.parts,
    vindexValues,
    autoIncrement,
    ignore: keyspace.sharded && (ins.ignore || ins.onDuplicate.length > 0),
    input: viaSelect,
    vindexOffsets,
  });
  return Object.freeze({
    type: viaSelect ? 'Complex' : keyspace.sharded ? 'MultiShard' : 'Passthrough',
    queryType: 'INSERT',
    original,
    instructions: op,
    tablesUsed: Object.freeze([...new Set(tablesUsed)].sort()),
  });
}

function insertTable(ctx: PlanContext, ins: Insert): { table: Table; keyspace: Keyspace } {
  let resolved;
  try {
    resolved = resolveTable(ctx.vschema, { keyspace: ins.table.qualifier, name: ins.table.name }, ctx.target);
  } catch (err) {
    const vindexNamed = [...ctx.vschema.keyspaces.values()].some((k) => k.vindexes.has(ins.table.name) && !k.tables.has(ins.table.name));
    if (vindexNamed) throw vtError('VT09014', 'vindex cannot be modified');
    throw err;
  }
  if (resolved.destination) throw vtError('VT03023', 'INSERT not supported when targeting a key range: targetString');
  let table = resolved.table;
  let keyspace = resolved.keyspace;
  // Writes to a reference table go to its source; Vitess copies them from there.
  if (table.kind === 'reference' && table.source) {
    const ks = ctx.vschema.keyspaces.get(table.source.keyspace);
    const src = ks?.tables.get(table.source.table);
    if (ks && src) [table, keyspace] = [src, ks];
  }
  return { table, keyspace };
}

function columnCount(): Error {
  return vtError('VT03006', 'column count does not match value count with the row');
}

/**
 * The SELECT must give one value per inserted column. A `*` whose columns are unknown stands for
 * one column or more: only a select list longer than the column list is certainly wrong (Vitess).
 */
function checkSelectColumns(select: SelectStatement, count: number): void {
  const s = firstSelect(select);
  const star = s.columns.some((c) => c.kind === 'star');
  if (star ? s.columns.length > count : s.columns.length !== count) throw columnCount();
}

function hasStar(select: SelectStatement): boolean {
  return firstSelect(select).columns.some((c) => c.kind === 'star');
}

function firstSelect(select: SelectStatement): Extract<SelectStatement, { kind: 'select' }> {
  let s = select;
  while (s.kind === 'union') s = s.left;
  return s;
}

function indexOf(columns: readonly string[], name: string): number {
  return columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
}

function sequenceKeyspace(ctx: PlanContext, name: string): { name: string; sharded: boolean } {
  return { name, sharded: ctx.vschema.keyspaces.get(name)?.sharded ?? false };
}

/** Per vindex (primary first), per column, per row: the value, null when absent, `:__seqN` from the sequence. */
function shardedValues(table: Table, columns: readonly string[], rows: readonly (readonly Expr[])[], autoColumn: string | null): InsertOp['vindexValues'] {
  return table.columnVindexes
    .filter((cv) => !cv.partial)
    .map((cv) => ({
      vindex: cv.name,
      columns: cv.columns.map((col) =>
        rows.map((row, r): PlanValue => {
          if (autoColumn !== null && col.toLowerCase() === autoColumn.toLowerCase()) return bindValue(`__seq${r}`);
          const i = indexOf(columns, col);
          const e = i >= 0 ? row[i] : undefined;
          return e ? insertValue(e) : NULL_VALUE_PLAN;
        }),
      ),
    }));
}

function checkOnDuplicate(ins: Insert, table: Table): void {
  for (const u of ins.onDuplicate) {
    const name = u.column.name.toLowerCase();
    // `c = values(c)` writes the value the row already routes by: it cannot move the row (Vitess allows it).
    if (u.expr.kind === 'values_func' && u.expr.column.name.toLowerCase() === name) continue;
    if (table.columnVindexes.some((cv) => cv.columns.some((c) => c.toLowerCase() === name))) {
      throw unsupported('DML cannot update vindex column');
    }
  }
}

/**
 * The shard query: vindex columns read `:_col_N` binds, the sequence column `:__seqN`. With VALUES
 * rows it is also given as prefix + rows + suffix (Vitess's Prefix/Mid/Suffix), so the router can
 * send each shard only its own rows.
 */
function insertQuery(
  ins: Insert,
  table: Table,
  columns: string[],
  rows: readonly (readonly Expr[])[],
  autoColumn: string | null,
  sharded: boolean,
): { query: string; parts: InsertQueryParts | null } {
  const vindexCols = sharded ? table.columnVindexes.filter((cv) => !cv.partial).flatMap((cv) => cv.columns) : [];
  const cols = [...columns];
  for (const c of vindexCols) if (indexOf(cols, c) < 0) cols.push(c);
  const outRows = rows.map((row, r) =>
    cols.map((c, i): Expr => {
      const isVindex = vindexCols.some((v) => v.toLowerCase() === c.toLowerCase());
      if (isVindex) return { kind: 'bind', name: `_${c.replace(/[^A-Za-z0-9_]+/g, '_')}_${r}`, list: false };
      if (autoColumn !== null && c.toLowerCase() === autoColumn.toLowerCase()) return { kind: 'bind', name: `__seq${r}`, list: false };
      return row[i] ?? { kind: 'literal', type: 'null', value: '', charset: null };
    }),
  );
  const hasRows = rows.length > 0 && (rows.some((r) => r.length > 0) || cols.length > 0);
  const bare = { ...ins, table: { qualifier: null, name: table.name } };
  if (ins.rows === null || !hasRows) return { query: printSql(bare), parts: null };
  const rewritten = sharded || autoColumn !== null;
  const stmt: Insert = rewritten ? { ...bare, columns: cols, rows: outRows } : bare;
  const query = printSql(stmt);
  return { query, parts: queryParts(stmt, query) };
}

/** Splits the printed statement around its VALUES rows; null when the printer's text does not split cleanly. */
function queryParts(stmt: Insert, query: string): InsertQueryParts | null {
  const rowTexts = (stmt.rows ?? []).map((row) => `(${row.map(printExpr).join(', ')})`);
  const joined = rowTexts.join(', ');
  const at = query.indexOf(` values ${joined}`);
  if (at < 0 || query.indexOf(` values ${joined}`, at + 1) >= 0) return null;
  const start = at + ' values '.length;
  return Object.freeze({ prefix: query.slice(0, start), rows: Object.freeze(rowTexts), suffix: query.slice(start + joined.length) });
}
