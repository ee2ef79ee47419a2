/**
 * The LookupPort the vindexes talk to, backed by the session: a lookup statement is planned and
 * routed like any statement (so a sharded lookup table is found through its own vindex), and it
 * runs in the transaction its commit order names (Vitess's pre / normal / post sessions), or
 * outside any transaction for AUTOCOMMIT. A statement with a keyspace id (the consistent lookup's
 * owner-row lock) runs in the main transaction on the owner shard, on the same connection the
 * owner row's own DML uses, so the lock it takes is the one that DML holds.
 */
import type { DriverResult } from '../executor/driver.js';
import type { LookupPort, LookupQuery, LookupResult } from '../vindexes/types.js';
import type { ExecContext } from './execute.js';
import { executeOperator } from './execute.js';
import { RouterError } from './errors.js';
import { RAW_ROWS, rawRowsToValues, isHeader } from './results.js';
import type { Session } from './session.js';
import { driverStatement, type ParamOrigins } from './shard-sql.js';

const NO_ORIGINS: ParamOrigins = new Map();

export function lookupPort(session: Session, statement: LookupPort['statement']): LookupPort {
  return {
    statement,
    inDmlTransaction: session.inTransaction && statement !== 'select' && statement !== 'other',
    execute: (query) => executeLookup(session, query),
  };
}

/**
 * `rollbackOnError` needs nothing here: Vitess rolls the transaction back only when a statement
 * failed after partly succeeding on several shards, and runQueries does that for every DML.
 */
async function executeLookup(session: Session, query: LookupQuery): Promise<LookupResult> {
  const order = session.inTransaction ? query.commitOrder : 'autocommit';
  let results: DriverResult[];
  if (query.keyspaceId !== undefined) {
    const keyspace = query.keyspace ?? '';
    const shard = session.core.topology.shardMap(keyspace).shardForKeyspaceId(query.keyspaceId);
    const stmt = driverStatement(query.sql, query.bindVars, NO_ORIGINS);
    results = [await session.run(keyspace, shard, stmt, { order: session.inTransaction ? 'normal' : 'autocommit', queryOptions: RAW_ROWS, primary: true, template: query.sql })];
  } else {
    // Planned like any statement (through the plan cache): sharded lookup tables route by their vindex.
    const binds = new Map(Object.entries(query.bindVars));
    const op = session.core.plan(query.sql, '', binds).instructions;
    if (op === null) throw new RouterError('OPERATOR_NOT_SUPPORTED', 'a lookup statement with nothing to execute');
    const ctx: ExecContext = {
      session,
      binds: { binds, origins: new Map() },
      run: { order, queryOptions: RAW_ROWS, primary: true },
      sql: query.sql,
      method: 'query',
    };
    results = await executeOperator(ctx, op);
  }
  const rows = results.flatMap(([r, f]) => rawRowsToValues(r, f));
  const rowsAffected = results.reduce((n, [r]) => n + (isHeader(r) ? r.affectedRows : 0), 0);
  return { rows, rowsAffected };
}

