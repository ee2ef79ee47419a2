/**
 * A router session: the target (`use ks@replica`), the transaction and the shard connections it
 * holds, and the SET statements that must hold on every connection it uses.
 *
 * Connections. Outside a transaction a statement borrows a connection from the shard's pool for
 * just that statement (mysql2's pool.query), so a pool-level router costs what the pool costs.
 * Inside a transaction the session holds one connection per shard it touched, opened with BEGIN
 * on first use (Vitess's shard sessions). Consistent lookup vindexes also need a `pre` and a
 * `post` transaction (Vitess's pre/post sessions), committed before and after the main one.
 * After a SET of a MySQL variable (sql_mode, time_zone, ...) the session keeps its per-shard
 * connections (Vitess's reserved connections) and replays the SETs on each new one, so the
 * variable holds on every shard until release().
 *
 * Transaction modes (Vitess transaction_mode):
 *   single: a transaction may write to one shard only; touching a second fails with
 *           MULTI_DB_TRANSACTION, and the transaction stays open on the first shard.
 *   multi:  any number of shards; COMMIT commits pre sessions, then the shards in the order they
 *           joined the transaction, then post sessions. This is NOT atomic: when a commit fails
 *           after earlier shards committed, those stay committed, the rest are rolled back, and
 *           COMMIT fails with COMMIT_PARTIAL naming both lists (Vitess has the same window
 *           without 2PC).
 * Rollback rolls back every shard; a failed rollback destroys that connection.
 */
import type { DriverConnection, DriverPool, DriverResult, DriverSql } from '../executor/driver.js';
import { ShardError, onShard, type ShardTarget } from '../executor/errors.js';
import { queryConnection, queryShard } from '../executor/shard-query.js';
import { parseTarget } from '../vschema/target.js';
import type { TabletType } from '../vschema/model.js';
import type { HeldConnection, RouterCore, TransactionMode } from './core.js';
import { RouterError } from './errors.js';
import type { PartialResults } from './run.js';
import { QueryLog } from './query-log.js';
import { remainingMs } from './timeout.js';
import { renderStatement, type DriverStatement } from './shard-sql.js';

export type CommitOrder = 'pre' | 'normal' | 'post';

export interface RunOptions {
  /** Which transaction the statement belongs to; 'autocommit' runs outside it. Default 'normal'. */
  readonly order?: CommitOrder | 'autocommit';
  readonly method?: 'query' | 'execute';
  /** mysql2 query options to send with the SQL (rowsAsArray, nestTables, typeCast, ...). */
  readonly queryOptions?: Readonly<Record<string, unknown>> | undefined;
  readonly signal?: AbortSignal;
  /** Reads of a write statement (SELECT ... FOR UPDATE) always go to the primary. */
  readonly primary?: boolean;
  /** Partial results (SCATTER_ERRORS_AS_WARNINGS): a read scatter skips failed shards and records them here. */
  readonly partial?: PartialResults;
  /** The plan's query text the statement was printed from (names its operator in a VEXPLAIN log). */
  readonly template?: string;
  /**
   * When the statement must be over (epoch ms; see timeout.ts): each shard query gets the time
   * left. null: no timeout. undefined: the session's or the router's timeout, per shard query.
   */
  readonly deadline?: number | null;
}

/** A shard connection lent for one streamed statement (see lease()). */
export interface ShardLease {
  readonly conn: DriverConnection;
  readonly pool: DriverPool;
  readonly target: ShardTarget;
  /** The session's own connection (a transaction, SETs): never killed, only drained. */
  readonly held: boolean;
  /** The statement is over; `broken`: the connection must not be reused. */
  done(broken: boolean): void;
}

interface Transaction {
  readonly implicit: boolean;
  readonly pre: Map<string, Promise<HeldConnection>>;
  readonly post: Map<string, Promise<HeldConnection>>;
}

export class Session {
  target: string;
  tabletType: TabletType;
  transactionMode: TransactionMode;
  /** `set query_timeout = N` (milliseconds; 0: the router's queryTimeoutMs applies). */
  queryTimeoutMs = 0;
  /**
   * FOUND_ROWS() of the session: the rows the last SELECT returned, or the count a
   * SQL_CALC_FOUND_ROWS statement asked for (Vitess keeps it in its session the same way).
   */
  foundRows = 0n;
  #tx: Transaction | null = null;
  /** The shard connections the session holds (in a transaction, or reserved for SETs). */
  readonly #held = new Map<string, Promise<HeldConnection>>();
  readonly #sets: string[] = [];
  #released = false;
  /** VEXPLAIN QUERIES / ALL: the shard queries of the statement being explained. */
  #log: QueryLog | null = null;

  constructor(readonly core: RouterCore, target: string, tabletType?: TabletType) {
    this.target = target;
    this.tabletType = tabletType ?? parseTarget(target).tabletType;
    this.transactionMode = core.options.transactionMode;
  }

  get inTransaction(): boolean {
    return this.#tx !== null;
  }

  /** `use <target>`. */
  use(target: string): void {
    this.target = target;
    this.tabletType = parseTarget(target).tabletType;
  }

  /** Logs every shard query until stopLog() (VEXPLAIN QUERIES / ALL runs its statement so). */
  startLog(): QueryLog {
    this.#log = new QueryLog();
    return this.#log;
  }

  stopLog(): void {
    this.#log = null;
  }

  checkOpen(): void {
    if (this.#released) throw new RouterError('SESSION_RELEASED', 'this connection was released');
  }

  /** Runs one statement on one shard (mysql2's result unchanged). */
  async run(keyspace: string, shard: string, stmt: DriverStatement, options: RunOptions = {}): Promise<DriverResult> {
    const tabletType: TabletType = options.primary ? 'primary' : this.tabletType;
    const target: ShardTarget = { keyspace, shard, tabletType };
    const pool = this.core.pools.pick(keyspace, shard, tabletType);
    const sql: DriverSql = options.queryOptions ? { ...options.queryOptions, sql: stmt.sql } : stmt.sql;
    const method = options.method ?? 'query';
    const timeoutMs = this.timeoutFor(options.deadline);
    const order = options.order ?? 'normal';
    const tx = this.#tx;
    const holds = (tx !== null || this.#sets.length > 0) && order !== 'autocommit';
    const log = this.#log;
    if (log !== null) {
      const template = options.template ?? stmt.sql;
      const id = log.idOf(template);
      if (holds && tx !== null && !(order === 'normal' ? this.#held : tx[order as 'pre' | 'post']).has(keyOf(target))) log.add(id, target, 'begin', 'begin');
      log.add(id, target, renderStatement(stmt), template);
    }
    if (!holds && timeoutMs === undefined && options.signal === undefined) {
      // The common case: mysql2's own pool call, errors wrapped.
      return onShard(target, () => (stmt.values === undefined ? pool[method](sql) : pool[method](sql, stmt.values)));
    }
    if (!holds) {
      return queryShard(pool, target, sql, stmt.values, {
        method, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    const map = tx === null || order === 'normal' ? this.#held : tx[order];
    const held = await this.#hold(map, target, pool, order === 'normal');
    try {
      return await queryConnection(held.conn, pool, target, sql, stmt.values, {
        method, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      // A timed-out or cancelled statement's connection was killed: its transaction is gone.
      if (err instanceof ShardError && (err.code === 'SHARD_TIMEOUT' || err.code === 'SHARD_CANCELLED' || err.code === 'SHARD_UNAVAILABLE')) {
        map.delete(keyOf(target));
        if (this.#tx) await this.rollback();
      }
      throw err;
    }
  }

  /** The timeout of one shard query: the time left before the statement's deadline, else the session's or router's. */
  timeoutFor(deadline: number | null | undefined): number | undefined {
    if (deadline === null) return undefined;
    if (deadline !== undefined) return remainingMs(deadline);
    return this.queryTimeoutMs > 0 ? this.queryTimeoutMs : this.core.options.queryTimeoutMs;
  }

  /**
   * A connection for a streamed statement on one shard: the session's own when it holds one there
   * (a transaction, SETs), else one borrowed from the pool until done().
   */
  async lease(keyspace: string, shard: string): Promise<ShardLease> {
    const target: ShardTarget = { keyspace, shard, tabletType: this.tabletType };
    const pool = this.core.pools.pick(keyspace, shard, target.tabletType);
    if (this.#tx !== null || this.#sets.length > 0) {
      const held = await this.#hold(this.#held, target, pool, true);
      return {
        conn: held.conn, pool, target, held: true,
        done: (broken) => {
          if (!broken) return;
          // The connection broke under the stream: its transaction is gone.
          this.#held.delete(keyOf(target));
          held.conn.destroy?.();
          if (this.#tx) void this.rollback();
        },
      };
    }
    const conn = await onShard(target, () => pool.getConnection());
    return { conn, pool, target, held: false, done: (broken) => (broken && conn.destroy ? conn.destroy() : conn.release()) };
  }

  async #hold(map: Map<string, Promise<HeldConnection>>, target: ShardTarget, pool: DriverPool, main: boolean): Promise<HeldConnection> {
    const key = keyOf(target);
    const existing = map.get(key);
    if (existing) return existing;
    if (main && this.#tx && this.transactionMode === 'single' && [...map.keys()].some((k) => k !== key)) {
      throw new RouterError('MULTI_DB_TRANSACTION',
        `multi-db transaction attempted: transaction_mode is single and the transaction already uses ${[...map.keys()].join(', ')}; it cannot also use ${key}`,
        { details: { keyspace: target.keyspace, shard: target.shard, shards: [...map.keys()] } });
    }
    const opening = (async (): Promise<HeldConnection> => {
      const conn = await onShard(target, () => pool.getConnection());
      try {
        for (const set of this.#sets) await onShard(target, () => conn.query(set));
        if (this.#tx) await onShard(target, () => conn.beginTransaction());
      } catch (err) {
        conn.release();
        throw err;
      }
      return { conn, keyspace: target.keyspace, shard: target.shard };
    })();
    map.set(key, opening);
    opening.catch(() => { if (map.get(key) === opening) map.delete(key); });
    return opening;
  }

  /** BEGIN. Inside a transaction, BEGIN commits it first (MySQL's implicit commit). */
  async begin(implicit = false): Promise<void> {
    if (this.#tx && !implicit) await this.commit();
    this.#tx = { implicit, pre: new Map(), post: new Map() };
    // Connections reserved for SETs join the transaction now.
    for (const [key, held] of this.#held) {
      const h = await held;
      await onShard({ keyspace: h.keyspace, shard: h.shard, tabletType: this.tabletType }, () => h.conn.beginTransaction());
      void key;
    }
  }

  /** Runs `work` in the session's transaction, or in one of its own that commits when it succeeds. */
  async implicit<T>(work: () => Promise<T>): Promise<T> {
    if (this.#tx) return work();
    await this.begin(true);
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await this.rollback();
      throw err;
    }
    await this.commit();
    return result;
  }

  async commit(): Promise<void> {
    const tx = this.#tx;
    if (!tx) return;
    this.#tx = null;
    const groups = [tx.pre, this.#held, tx.post];
    const all: { order: number; held: HeldConnection }[] = [];
    for (const [i, group] of groups.entries()) {
      const settled = await Promise.allSettled(group.values());
      for (const s of settled) if (s.status === 'fulfilled') all.push({ order: i, held: s.value });
    }
    const committed: string[] = [];
    let failure: unknown;
    let failedAt = -1;
    for (const [i, { held }] of all.entries()) {
      try {
        await onShard({ keyspace: held.keyspace, shard: held.shard, tabletType: this.tabletType }, () => held.conn.commit());
        committed.push(`${held.keyspace}/${held.shard}`);
      } catch (err) {
        failure = err;
        failedAt = i;
        break;
      }
    }
    const rolledBack: string[] = [];
    if (failedAt >= 0) {
      for (const { held } of all.slice(failedAt)) {
        await safeRollback(held);
        rolledBack.push(`${held.keyspace}/${held.shard}`);
      }
    }
    this.#releaseAll([tx.pre, tx.post]);
    if (failedAt < 0) return;
    if (committed.length === 0) throw failure;
    throw new RouterError('COMMIT_PARTIAL',
      `commit failed on ${rolledBack[0]} after ${committed.join(', ')} committed; ${rolledBack.join(', ')} rolled back`,
      { cause: failure, details: { committed, rolledBack } });
  }

  async rollback(): Promise<void> {
    const tx = this.#tx;
    if (!tx) return;
    this.#tx = null;
    const groups = [tx.pre, this.#held, tx.post];
    await Promise.allSettled(groups.flatMap((g) => [...g.values()].map(async (p) => safeRollback(await p))));
    this.#releaseAll([tx.pre, tx.post]);
  }

  /** Gives back the transaction's connections; reserved ones (SETs) stay with the session. */
  #releaseAll(extra: Map<string, Promise<HeldConnection>>[]): void {
    const groups = this.#sets.length > 0 ? extra : [...extra, this.#held];
    for (const group of groups) {
      for (const p of group.values()) p.then((h) => h.conn.release(), () => undefined);
      group.clear();
    }
  }

  /** A session SET of a MySQL variable: applied on held connections now and on every new one. */
  async addSet(sql: string): Promise<void> {
    for (const held of this.#held.values()) {
      const h = await held;
      await onShard({ keyspace: h.keyspace, shard: h.shard, tabletType: this.tabletType }, () => h.conn.query(sql));
    }
    this.#sets.push(sql);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    await this.rollback();
    this.#released = true;
    // A connection reserved for SETs still carries them (sql_mode, time_zone, ...): back in the
    // pool it would hand them to the next borrower, so it is closed, as Vitess closes reserved
    // connections when their session ends.
    const reserved = this.#sets.length > 0;
    for (const p of this.#held.values()) p.then((h) => (reserved && h.conn.destroy ? h.conn.destroy() : h.conn.release()), () => undefined);
    this.#held.clear();
  }
}

function keyOf(target: { keyspace: string; shard: string }): string {
  return `${target.keyspace}/${target.shard}`;
}

async function safeRollback(held: HeldConnection): Promise<void> {
  try {
    await held.conn.rollback();
  } catch {
    // Its state is unknown: never give it back to the pool.
    held.conn.destroy?.();
  }
}
