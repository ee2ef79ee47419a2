// A LookupPort over mysql2 pools, for integration tests of the lookup vindexes against a real
// MariaDB. It expands Vitess bind variables (`:x`, `::x` for a tuple) into escaped SQL literals
// and runs each statement on the connection its commit order asks for:
//   - outside a transaction (and always for AUTOCOMMIT): straight on the pool, autocommitted;
//   - inside begin()/commit(): PRE, normal and POST each on their own connection, committed in
//     that order (Vitess's pre-session, main session, post-session); a statement with a
//     keyspace id runs in the main transaction on the owner pool that holds that keyspace id.
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { RAW_ROWS, rawRowsToValues } from '../../src/router/results.js';
import { driverStatement } from '../../src/router/shard-sql.js';
import type { BindVariable, LookupPort, LookupQuery, LookupResult } from '../../src/vindexes/types.js';

type Session = 'pre' | 'normal' | 'post' | 'autocommit' | 'owner';

export interface ExecutedStatement {
  readonly query: LookupQuery;
  /** The SQL sent to the server, bind variables replaced by literals. */
  readonly sql: string;
  readonly session: Session;
}

export interface LookupSessionOptions {
  /** Where the lookup table lives. */
  readonly lookup: Pool;
  /** The pool holding the owner row for a keyspace id (consistent lookups lock it there). */
  readonly owner?: (keyspace: string, keyspaceId: Uint8Array) => Pool;
}

async function run(conn: Pool | PoolConnection, sql: string): Promise<LookupResult> {
  const [result, fields] = await conn.query({ sql, ...RAW_ROWS });
  if (!Array.isArray(result)) return { rows: [], rowsAffected: (result as ResultSetHeader).affectedRows };
  return { rows: rawRowsToValues(result, fields), rowsAffected: 0 };
}

/** The statement with its bind variables as SQL literals (the router's own expansion). */
function expandBindVars(sql: string, bindVars: Readonly<Record<string, BindVariable>>): string {
  return driverStatement(sql, bindVars, new Map()).sql;
}

interface Transaction {
  readonly pre: PoolConnection;
  readonly normal: PoolConnection;
  readonly post: PoolConnection;
  readonly owners: Map<Pool, PoolConnection>;
}

export class MysqlLookupSession {
  readonly log: ExecutedStatement[] = [];
  readonly #options: LookupSessionOptions;
  #tx: Transaction | null = null;

  constructor(options: LookupSessionOptions) {
    this.#options = options;
  }

  get inTransaction(): boolean {
    return this.#tx !== null;
  }

  /** A port for one statement; `inDmlTransaction` defaults to "inside begin() and not a select". */
  port(options: { statement?: LookupPort['statement']; inDmlTransaction?: boolean; nullSafeEqual?: LookupPort['nullSafeEqual'] } = {}): LookupPort {
    const statement = options.statement ?? 'select';
    return {
      statement,
      inDmlTransaction: options.inDmlTransaction ?? (this.#tx !== null && statement !== 'select' && statement !== 'other'),
      execute: (query) => this.#execute(query),
      ...(options.nullSafeEqual ? { nullSafeEqual: options.nullSafeEqual } : {}),
    };
  }

  async begin(): Promise<void> {
    if (this.#tx) throw new Error('already in a transaction');
    const pool = this.#options.lookup;
    const [pre, normal, post] = await Promise.all([pool.getConnection(), pool.getConnection(), pool.getConnection()]);
    await Promise.all([pre, normal, post].map((c) => c.beginTransaction()));
    this.#tx = { pre, normal, post, owners: new Map() };
  }

  /** PRE first, then the main transaction (lookup and owner connections), then POST. */
  async commit(): Promise<void> {
    const tx = this.#end();
    try {
      await tx.pre.commit();
      await tx.normal.commit();
      for (const conn of tx.owners.values()) await conn.commit();
      await tx.post.commit();
    } finally {
      release(tx);
    }
  }

  async rollback(): Promise<void> {
    const tx = this.#end();
    try {
      await Promise.all([tx.pre, tx.normal, tx.post, ...tx.owners.values()].map((c) => c.rollback()));
    } finally {
      release(tx);
    }
  }

  /**
   * Runs the caller's own statement (the owner-table DML a router would send) in the main
   * transaction on `pool`, so it shares locks with the vindex's keyspace-id statements.
   */
  async mainStatement(pool: Pool, sql: string, values: ({} | null)[] = []): Promise<void> {
    const tx = this.#tx;
    if (!tx) {
      await pool.query(sql, values);
      return;
    }
    const conn = pool === this.#options.lookup ? tx.normal : await this.#ownerConnection(tx, pool);
    await conn.query(sql, values);
  }

  async #ownerConnection(tx: Transaction, pool: Pool): Promise<PoolConnection> {
    let c = tx.owners.get(pool);
    if (!c) {
      c = await pool.getConnection();
      await c.beginTransaction();
      tx.owners.set(pool, c);
    }
    return c;
  }

  #end(): Transaction {
    const tx = this.#tx;
    if (!tx) throw new Error('not in a transaction');
    this.#tx = null;
    return tx;
  }

  async #execute(query: LookupQuery): Promise<LookupResult> {
    const sql = expandBindVars(query.sql, query.bindVars);
    const tx = this.#tx;
    let session: Session;
    let conn: Pool | PoolConnection;
    if (query.keyspaceId !== undefined) {
      const owner = this.#options.owner;
      if (!owner) throw new Error('no owner pool configured for a keyspace-id statement');
      const pool = owner(query.keyspace ?? '', query.keyspaceId);
      session = 'owner';
      conn = tx ? await this.#ownerConnection(tx, pool) : pool;
    } else if (!tx || query.commitOrder === 'autocommit') {
      session = 'autocommit';
      conn = this.#options.lookup;
    } else {
      session = query.commitOrder;
      conn = tx[query.commitOrder];
    }
    this.log.push({ query, sql, session });
    return run(conn, sql);
  }
}

function release(tx: Transaction): void {
  for (const c of [tx.pre, tx.normal, tx.post, ...tx.owners.values()]) c.release();
}
