/**
 * Running routed shard queries through a session: one shard directly, several with bounded
 * concurrency (fail-fast), the `noScatter` check, and Vitess's rule for a DML that fails on some
 * shards after others applied it.
 */
import type { DriverResult } from '../executor/driver.js';
import { ShardError } from '../executor/errors.js';
import { scatter, scatterPartial } from '../executor/scatter.js';
import type { ShardQuery } from '../routing/route.js';
import { RouterError } from './errors.js';
import type { RunOptions, Session } from './session.js';
import { driverStatement, type ParamOrigins } from './shard-sql.js';

export async function runQueries(
  session: Session, queries: readonly ShardQuery[], origins: ParamOrigins, options: RunOptions & { readonly dml?: boolean } = {},
): Promise<DriverResult[]> {
  if (queries.length === 1) {
    const q = queries[0]!;
    return [await session.run(q.keyspace, q.shard, driverStatement(q.sql, q.bindVars, origins), { ...options, template: q.sql })];
  }
  const statements = queries.map((q) => ({ q, stmt: driverStatement(q.sql, q.bindVars, origins) }));
  const tasks = statements.map(({ q, stmt }) => ({
    keyspace: q.keyspace,
    shard: q.shard,
    tabletType: session.tabletType,
    run: ({ signal }: { signal: AbortSignal }) => session.run(q.keyspace, q.shard, stmt, { ...options, signal, template: q.sql }),
  }));
  if (options.partial && !options.dml) {
    // Vitess ScatterErrorsAsWarnings: the healthy shards' rows, a warning per failed shard; an error only when all failed.
    const { results, failures } = await scatterPartial(tasks, { maxConcurrency: session.core.options.maxConcurrency });
    if (results.length === 0) throw failures[0];
    for (const f of failures) options.partial.warnings.push(shardWarning(f));
    return results.map((r) => r.value);
  }
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

/**
 * A shard a read skipped under partial results, as MySQL's SHOW WARNINGS reports a warning
 * (Vitess records the shard's error as a query warning: its MySQL errno, else 1105).
 */
export interface ShardWarning {
  readonly level: 'Warning';
  readonly code: number;
  /** The shard's error, naming its target (`target: ks.80-.primary: ...`). */
  readonly message: string;
  readonly keyspace: string;
  readonly shard: string;
}

/** Where one statement collects the shards it skipped. */
export interface PartialResults {
  readonly warnings: ShardWarning[];
}

/** Partial results for this statement: the router's scatterErrorsAsWarnings option or the statement's directive. */
export function partialResults(session: Session, sql: string): PartialResults | undefined {
  return session.core.options.scatterErrorsAsWarnings || /\/\*vt\+[^*]*\bSCATTER_ERRORS_AS_WARNINGS\b/i.test(sql) ? { warnings: [] } : undefined;
}

export function shardWarning(error: ShardError): ShardWarning {
  // A network failure carries the OS errno (negative): MySQL's ER_UNKNOWN_ERROR then, as Vitess reports it.
  const errno = error.mysql?.errno;
  return { level: 'Warning', code: errno !== undefined && errno > 0 ? errno : 1105, message: error.message, keyspace: error.keyspace, shard: error.shard };
}

/**
 * Attaches the warnings to a query's result as a non-enumerable `warnings` property, on the
 * `[rows, fields]` pair and on `rows`, so rows compare and serialise as without it.
 */
export function attachWarnings<T extends object>(result: T, warnings: readonly ShardWarning[]): T {
  const frozen = Object.freeze([...warnings]);
  const targets: unknown[] = [result, Array.isArray(result) ? result[0] : undefined];
  for (const t of targets) {
    if (t !== null && typeof t === 'object' && Object.isExtensible(t)) Object.defineProperty(t, 'warnings', { value: frozen, enumerable: false, configurable: true });
  }
  return result;
}

export function rejectScatter(session: Session, variant: string, sql: string): void {
  if (!session.core.options.noScatter || variant !== 'Scatter') return;
  if (/\/\*vt\+[^*]*\bALLOW_SCATTER\b/i.test(sql)) return;
  throw new RouterError('SCATTER_REJECTED',
    'plan includes scatter, which is disallowed by the noScatter option (add /*vt+ ALLOW_SCATTER */ to allow it for one statement)');
}
