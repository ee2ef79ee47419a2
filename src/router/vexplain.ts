/**
 * VEXPLAIN QUERIES / ALL (Vitess engine VExplain): the statement runs, its shard queries are
 * logged, and the answer describes them instead of the statement's own result.
 *   - QUERIES: one row per shard query, `# | keyspace | shard | query` (`#` numbers the plan
 *     operator that sent it; a transaction opened on a shard shows as `begin`).
 *   - ALL: one row, column `VExplain`: the plan as vexplain prints it, each operator that ran a
 *     query carrying `mysql_explain_json`, the shard's `explain format = json` of the first query
 *     it sent.
 * The planner already refused a DML without `/*vt+ EXECUTE_DML_QUERIES *\/` (VT09008).
 */
import type { DriverResult } from '../executor/driver.js';
import { computedField } from '../engine/fields.js';
import { toDriverResult } from '../engine/to-driver.js';
import { explainOperator, type ExplainJson } from '../planner/explain.js';
import type { Operator } from '../planner/plan.js';
import type { VtgateOp } from '../planner/plan-vtgate.js';
import { textValue } from '../vindexes/value.js';
import { rowOptions } from './engine-port.js';
import type { ExecContext } from './execute.js';
import type { LoggedQuery } from './query-log.js';
import { RouterError } from './errors.js';

export type RunOperator = (ctx: ExecContext, op: Operator) => Promise<DriverResult[]>;

export async function executeVExplain(ctx: ExecContext, op: VtgateOp, run: RunOperator): Promise<DriverResult> {
  const inner = op.inputs[0];
  if (inner === undefined) throw new RouterError('OPERATOR_NOT_SUPPORTED', 'VEXPLAIN of a statement with nothing to execute', { details: { operator: 'VEXPLAIN' } });
  const { session } = ctx;
  const log = session.startLog();
  try {
    await run(ctx, inner);
  } finally {
    session.stopLog();
  }
  const options = rowOptions(session, ctx.run.queryOptions);
  if (op.fields.Type !== 'all') {
    return toDriverResult({
      fields: [computedField('#', 'INT32'), computedField('keyspace', 'VARCHAR'), computedField('shard', 'VARCHAR'), computedField('query', 'VARCHAR')],
      rows: log.entries.map((e) => [textValue('INT32', String(e.id)), textValue('VARCHAR', e.target.keyspace), textValue('VARCHAR', e.target.shard), textValue('VARCHAR', e.query)]),
    }, options);
  }
  const plan = explainOperator(inner);
  await annotate(ctx, plan, log.entries);
  return toDriverResult({ fields: [computedField('VExplain', 'VARCHAR')], rows: [[textValue('VARCHAR', JSON.stringify(plan, null, '\t'))]] }, options);
}

/** Adds `mysql_explain_json` to each plan node whose query ran: the shard's plan of the first query it sent. */
async function annotate(ctx: ExecContext, plan: ExplainJson, entries: readonly LoggedQuery[]): Promise<void> {
  const nodes = new Map<string, Record<string, unknown>>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.Query === 'string' && !nodes.has(o.Query)) nodes.set(o.Query, o);
    if (Array.isArray(o.Inputs)) o.Inputs.forEach(visit);
  };
  visit(plan);
  const done = new Set<string>();
  for (const e of entries) {
    const node = nodes.get(e.template);
    if (node === undefined || done.has(e.template)) continue;
    done.add(e.template);
    const [rows] = await ctx.session.run(e.target.keyspace, e.target.shard, { sql: `explain format = json ${e.query}`, values: undefined }, {
      order: 'autocommit', primary: e.target.tabletType === 'primary', queryOptions: { rowsAsArray: true },
    });
    const text = Array.isArray(rows) ? (rows[0] as unknown[] | undefined)?.[0] : undefined;
    node.mysql_explain_json = typeof text === 'string' ? parseJson(text) : text ?? null;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return text;
    throw err;
  }
}
