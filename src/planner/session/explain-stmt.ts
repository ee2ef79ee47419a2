/**
 * EXPLAIN and VEXPLAIN. MySQL's EXPLAIN of a query goes to one shard of the query's keyspace, so
 * Vitess allows it only when every table lives in one keyspace; the shard sees the query as a
 * shard query (no keyspace qualifiers, routed tables by their physical name). VEXPLAIN PLAN answers
 * with the plan as JSON; VEXPLAIN QUERIES / ALL runs the plan and reports the shard queries.
 */
import type { AliasedTable, Explain, SelectStatement, Statement } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { notImplemented, vtError } from '../errors.js';
import { explainPlan } from '../explain.js';
import type { Plan } from '../plan.js';
import { rewriteShardStatement } from '../query/shard-query.js';
import { rewriteStatement } from '../query/rewrite-statement.js';
import { Analyzer } from '../semantics/analyze.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { plan, rows, send, sendPlanType, vtgate } from './build.js';

/** Plans the statement VEXPLAIN / EXPLAIN wraps, with the same session. */
export type PlanInner = (stmt: Statement) => Plan;

export function planExplain(ctx: PlanContext, stmt: Explain, original: string, planInner: PlanInner): Plan {
  switch (stmt.type) {
    case 'vexplain_plan': {
      const inner = planInner(stmt.statement);
      return plan('Passthrough', 'EXPLAIN', original, rows(['JSON'], [[JSON.stringify(explainPlan(inner), null, '\t')]]));
    }
    case 'vexplain_queries':
    case 'vexplain_all': {
      const inner = planInner(stmt.statement);
      const dml = ['INSERT', 'UPDATE', 'DELETE'].includes(inner.queryType);
      const directives = 'comments' in stmt.statement ? stmt.statement.comments.directives : {};
      // Logging the queries means running them: a DML would change data.
      if (dml && directives['EXECUTE_DML_QUERIES'] === undefined) throw vtError('VT09008', 'vexplain queries/all will actually run queries');
      const op = vtgate('VEXPLAIN', { Type: stmt.type === 'vexplain_all' ? 'all' : 'queries' }, inner.instructions ? [inner.instructions] : []);
      return plan(inner.type, 'EXPLAIN', original, op, inner.tablesUsed);
    }
    case 'explain':
      return planMysqlExplain(ctx, stmt, original);
  }
}

function planMysqlExplain(ctx: PlanContext, stmt: Explain, original: string): Plan {
  const inner = stmt.statement;
  if (inner.kind !== 'select' && inner.kind !== 'union') throw notImplemented(`EXPLAIN of ${inner.kind.toUpperCase()}`);
  const select: SelectStatement = rewriteStatement(inner);
  new Analyzer(ctx).statement(select, null);
  const tables = [...ctx.leaves.values()].filter((l): l is TableLeaf => l.kind === 'table' && !l.hidden);
  const keyspaces = new Set(tables.filter((t) => !t.system).map((t) => t.keyspace.name));
  const ks = tables.find((t) => !t.system)?.keyspace ?? tables[0]?.keyspace;
  if (keyspaces.size > 1 || !ks) throw vtError('VT03031', 'EXPLAIN is only supported for single keyspace');
  const byNode = new Map<AliasedTable, TableLeaf>();
  for (const t of tables) if (t.node && !t.system) byNode.set(t.node, t);
  const shardQuery = rewriteShardStatement(select, { tables: byNode, inPredicate: null, replaced: new Map() });
  const op = send(ks, `explain ${printSql(shardQuery)}`, { singleShardOnly: true });
  // Vitess names the tables as the query wrote them, in the keyspace that answers.
  const used = tables.filter((t) => !t.system).map((t) => `${ks.name}.${t.node?.name.name ?? t.table.name}`);
  return plan(sendPlanType(op), 'EXPLAIN', original, op, used);
}
