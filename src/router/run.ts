/**
 * Running routed shard queries through a session: one shard directly, several with bounded
 * concurrency (fail-fast), the `noScatter` check, and Vitess's rule for a DML that fails on some
 * shards after others applied it.
 */
import type { DriverResult } from '../executor/driver.js';
import { scatter } from '../executor/scatter.js';
import type { ShardQuery } from '../routing/route.js';
import { RouterError } from './errors.js';
import type { RunOptions, Session } from './session.js';
import { driverStatement, type ParamOrigins } from './shard-sql.js';

export async function runQueries(
  session: Session, queries: readonly ShardQuery[], origins: ParamOrigins, options: RunOptions & { readonly dml?: boolean } = {},
): Promise<DriverResult[]> {
  if (queries.length === 1) {
    const q = queries[0]!;
    return [await session.run(q.keyspace, q.shard, driverStatement(q.sql, q.bindVars, origins), options)];
  }
  const statements = queries.map((q) => ({ q, stmt: driverStatement(q.sql, q.bindVars, origins) }));
  const tasks = statements.map(({ q, stmt }) => ({
    keyspace: q.keyspace,
    shard: q.shard,
    tabletType: session.tabletType,
    run: ({ signal }: { signal: AbortSignal }) => session.run(q.keyspace, q.shard, stmt, { ...options, signal }),
  }));
  try {
    return await scatter(tasks, { maxConcurrency: session.core.options.maxConcurrency });
  } catch (err) {
    if (options.dml && session.inTransaction) {
      // Some shards may have applied the statement: undo it everywhere (Vitess rollbackOnPartialExec).
      await session.rollback();
      // Vitess's wording (vterrors.TxRollbackOnPartialExec): lookup vindexes recognise it.
      throw new RouterError('PARTIAL_DML_ROLLED_BACK',
        `transaction rolled back to reverse changes of partial DML execution: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err });
    }
    throw err;
  }
}

export function rejectScatter(session: Session, variant: string, sql: string): void {
  if (!session.core.options.noScatter || variant !== 'Scatter') return;
  if (/\/\*vt\+[^*]*\bALLOW_SCATTER\b/i.test(sql)) return;
  throw new RouterError('SCATTER_REJECTED',
    'plan includes scatter, which is disallowed by the noScatter option (add /*vt+ ALLOW_SCATTER */ to allow it for one statement)');
}
