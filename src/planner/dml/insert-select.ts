/**
 * INSERT ... SELECT. Into an unsharded keyspace whose SELECT reads only that keyspace (or dual),
 * the statement passes through on one shard. Otherwise vtgate runs the SELECT (reading its rows
 * `lock in share mode`) and inserts them: Vitess's Insert Select, which takes each vindex
 * column (and the auto-increment column) from a column offset of the selected rows.
 */
import type { AliasedTable, SelectStatement } from '../../sql/ast.js';
import type { Keyspace } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import type { Operator } from '../plan.js';
import { rewriteStatement } from '../query/rewrite-statement.js';
import { rewriteShardStatement } from '../query/shard-query.js';
import { Analyzer } from '../semantics/analyze.js';
import { tablesUsedOf, type TableLeaf } from '../semantics/leaves.js';
import { statementOperator } from '../select/horizon.js';
import { routesOf, tablesOf } from '../select/join-tree.js';
import { SelectPlanner } from '../select/plan-select.js';

export interface InsertSelect {
  readonly tables: readonly string[];
  /** The SELECT's plan; null when the whole statement passes through to the unsharded keyspace. */
  readonly input: Operator | null;
  /**
   * The SELECT as planned (a `*` over tables whose columns are known is expanded); when the
   * statement passes through, as its keyspace's shard receives it (no keyspace qualifiers).
   */
  readonly select: SelectStatement;
}

export function planInsertSelect(ctx: PlanContext, select: SelectStatement, keyspace: Keyspace): InsertSelect {
  const rewritten = rewriteStatement(select);
  const analyzer = new Analyzer(ctx);
  analyzer.statement(rewritten, null);
  const planned = new SelectPlanner(ctx, analyzer).statement(rewritten);
  const tables = tablesUsedOf(tablesOf(planned.tree));
  const routes = routesOf(planned.tree);
  const r = routes[0]?.route.routing;
  const together =
    !keyspace.sharded &&
    planned.tree.kind === 'route' &&
    !planned.pulled?.length &&
    r !== undefined &&
    (r.kind === 'dual' || ((r.kind === 'anyShard' || r.kind === 'none') && r.keyspace.name === keyspace.name));
  if (together) {
    // Vitess's unsharded shortcut: the shard gets the statement without keyspace qualifiers.
    const byNode = new Map<AliasedTable, TableLeaf>();
    for (const leaf of ctx.leaves.values()) if (leaf.kind === 'table' && leaf.node && !leaf.system) byNode.set(leaf.node, leaf);
    return { tables, input: null, select: rewriteShardStatement(rewritten, { tables: byNode, inPredicate: null, replaced: ctx.replaced }) };
  }
  // The rows are read and locked before vtgate writes them.
  const locked: SelectStatement = rewritten.kind === 'select' ? { ...rewritten, lock: rewritten.lock ?? 'lock in share mode' } : rewritten;
  const input = statementOperator(ctx, planned, locked, false, (sel) => analyzer.selects.get(sel)?.from ?? []);
  return { tables, input, select: rewritten };
}
