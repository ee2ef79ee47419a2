/**
 * INSERT ... SELECT across keyspaces or shards (Vitess Insert, variant Select): the SELECT runs
 * first (through the engine), then its rows are inserted as an ordinary multi-row INSERT — each
 * row's values bound as `:_c<row>_<col>`, the auto-increment column (appended when the SELECT
 * does not give it) filled from the sequence, the vindex values read at the plan's offsets —
 * which the router's INSERT path routes row by row. No selected row: nothing is inserted.
 */
import type { Insert, Operator } from '../planner/plan.js';
import { bindValue, NULL_VALUE_PLAN, type PlanValue } from '../planner/values.js';
import type { Insert as InsertStatement } from '../sql/ast.js';
import { formatIdent } from '../sql/keywords.js';
import { parseSql } from '../sql/parse.js';
import { printTableName } from '../sql/print-expr.js';
import type { BindVariable } from '../vindexes/types.js';
import { withBinds, type EngineContext } from './context.js';
import { NO_WRITE, type RunRows, type RunWrite } from './dml.js';
import { EngineError } from './errors.js';
import type { EngineWrite } from './result.js';

export async function insertSelect(ctx: EngineContext, op: Insert, rows: RunRows, write: RunWrite): Promise<EngineWrite> {
  if (op.input === null) throw new EngineError('OPERATOR_NOT_SUPPORTED', 'an INSERT ... SELECT plan without its SELECT', { details: { operator: 'Insert' } });
  const stmt = parseSql(op.query);
  if (stmt.kind !== 'insert' || stmt.columns === null) {
    throw new EngineError('OPERATOR_NOT_SUPPORTED', 'INSERT ... SELECT without a column list', { details: { operator: 'Insert' } });
  }
  const selected = await rows(ctx, op.input);
  if (selected.rows.length === 0) return NO_WRITE;
  const width = selected.fields.length;
  const auto = op.autoIncrement;
  const autoOffset = auto?.offset ?? null;
  const columns = [...stmt.columns];
  // Vitess appends the auto-increment column when the SELECT does not produce it.
  if (autoOffset !== null && autoOffset >= columns.length) columns.push(autoColumnName(ctx, op));
  const binds = new Map<string, BindVariable>();
  const rowTexts: string[] = [];
  const valueAt = (r: number, c: number): PlanValue => (c === autoOffset ? bindValue(`__seq${r}`) : c < width ? bindValue(`_c${r}_${c}`) : NULL_VALUE_PLAN);
  selected.rows.forEach((row, r) => {
    row.forEach((v, c) => binds.set(`_c${r}_${c}`, v));
    rowTexts.push(`(${columns.map((_, c) => (c === autoOffset ? `:__seq${r}` : `:_c${r}_${c}`)).join(', ')})`);
  });
  const prefix = `${stmt.action}${stmt.ignore ? ' ignore' : ''} into ${printTableName(stmt.table)}(${columns.map(formatIdent).join(', ')}) values `;
  const suffix = onDuplicateSuffix(op.query, stmt);
  const rowsInsert: Insert = {
    ...op,
    variant: op.keyspace.sharded ? 'Sharded' : 'Unsharded',
    query: prefix + rowTexts.join(', ') + suffix,
    queryParts: { prefix, rows: rowTexts, suffix },
    vindexValues: op.vindexOffsets.map((v) => ({
      vindex: v.vindex,
      columns: v.offsets.map((offset) => selected.rows.map((_, r) => (offset < 0 ? NULL_VALUE_PLAN : valueAt(r, offset)))),
    })),
    autoIncrement: auto === null ? null : {
      ...auto,
      values: selected.rows.map((_, r) => (autoOffset !== null && autoOffset < width ? bindValue(`_c${r}_${autoOffset}`) : NULL_VALUE_PLAN)),
      offset: null,
    },
    input: null,
    vindexOffsets: [],
  };
  return write(withBinds(ctx, binds), rowsInsert as Operator);
}

function autoColumnName(ctx: EngineContext, op: Insert): string {
  const column = ctx.port.autoIncrementColumn(op.keyspace.name, op.table);
  if (column !== null) return column;
  throw new EngineError('OPERATOR_NOT_SUPPORTED', 'INSERT ... SELECT without the auto-increment column', { details: { operator: 'Insert' } });
}

/** ` on duplicate key update ...` as the statement wrote it, or ''. */
function onDuplicateSuffix(query: string, stmt: InsertStatement): string {
  if (stmt.onDuplicate.length === 0) return '';
  const at = query.toLowerCase().lastIndexOf(' on duplicate key update ');
  return at < 0 ? '' : query.slice(at);
}
