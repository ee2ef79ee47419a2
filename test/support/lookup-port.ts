// A LookupPort over mysql2 pools, for integration tests of the lookup vindexes against a real
// MariaDB. It expands Vitess bind variables (`:x`, `::x` for a tuple) into escaped SQL literals
// and runs each statement on the connection its commit order asks for:
//   - outside a transaction (and always for AUTOCOMMIT): straight on the pool, autocommitted;
//   - inside begin()/commit(): PRE, normal and POST each on their own connection, committed in
//     that order (Vitess's pre-session, main session, post-session); a statement with a
//     keyspace id runs in the main transaction on the owner pool that holds that keyspace id.
import { escape, type FieldPacket, type Pool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import type { BindVariable, LookupPort, LookupQuery, LookupResult } from '../../src/vindexes/types.js';
import { NULL_VALUE, type SqlType, type SqlValue } from '../../src/vindexes/value.js';

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

const decoder = new TextDecoder();
const INTEGER = /^[+-]?[0-9]+$/;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const BINARY_TYPES: ReadonlySet<SqlType> = new Set<SqlType>(['VARBINARY', 'BINARY', 'BLOB', 'BIT', 'GEOMETRY']);
const INTEGRAL_TYPES: ReadonlySet<SqlType> = new Set<SqlType>([
  'INT8', 'UINT8', 'INT16', 'UINT16', 'INT24', 'UINT24', 'INT32', 'UINT32', 'INT64', 'UINT64', 'YEAR',
]);

/** One SqlValue as an SQL literal: numbers unquoted (exact, no double conversion), bytes as X'..'. */
export function sqlLiteral(v: SqlValue): string {
  if (v.type === 'NULL_TYPE') return 'NULL';
  const text = decoder.decode(v.raw);
  if (INTEGRAL_TYPES.has(v.type)) {
    if (!INTEGER.test(text)) throw new Error(`not an integer literal for ${v.type}`);
    return text;
  }
  if (v.type === 'FLOAT32' || v.type === 'FLOAT64' || v.type === 'DECIMAL') {
    if (!NUMBER.test(text)) throw new Error(`not a number literal for ${v.type}`);
    return text;
  }
  if (v.type === 'HEXNUM' && /^0x[0-9a-fA-F]+$/.test(text)) return text;
  if (v.type === 'HEXVAL' && /^[xX]'[0-9a-fA-F]*'$/.test(text)) return text;
  if (v.type === 'BITNUM' && /^0b[01]+$/.test(text)) return text;
  if (BINARY_TYPES.has(v.type)) return escape(Buffer.from(v.raw));
  if (v.type === 'EXPRESSION' || v.type === 'HEXNUM' || v.type === 'HEXVAL' || v.type === 'BITNUM') {
    throw new Error(`cannot bind a ${v.type} value`);
  }
  return escape(text);
}

/**
 * Replaces `:name` and `::name` placeholders outside quotes and comments. A tuple must go to
 * `::name` (printed as `(a, b)`), a scalar to `:name`; a missing variable is an error.
 */
export function expandBindVars(sql: string, bindVars: Readonly<Record<string, BindVariable>>): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === ':') {
      const list = sql[i + 1] === ':';
      const start = i + (list ? 2 : 1);
      const name = /^[A-Za-z0-9_]+/.exec(sql.slice(start))?.[0];
      if (name !== undefined) {
        out += literalFor(name, list, bindVars);
        i = start + name.length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

function literalFor(name: string, list: boolean, bindVars: Readonly<Record<string, BindVariable>>): string {
  if (!Object.hasOwn(bindVars, name)) throw new Error(`missing bind variable ${name}`);
  const b = bindVars[name]!;
  if (b.type === 'TUPLE') {
    const values = (b as { readonly values: readonly SqlValue[] }).values;
    if (!list) throw new Error(`bind variable ${name} is a tuple: use ::${name}`);
    if (values.length === 0) throw new Error(`empty list supplied for ${name}`);
    return `(${values.map(sqlLiteral).join(', ')})`;
  }
  if (list) throw new Error(`bind variable ${name} is not a tuple`);
  return sqlLiteral(b as SqlValue);
}

// MySQL column types (protocol numbers) → query.Type, for the raw bytes the server sent.
const UNSIGNED_FLAG = 32;
const BINARY_CHARSET = 63;
function sqlTypeOf(field: FieldPacket): SqlType {
  const unsigned = typeof field.flags === 'number' && (field.flags & UNSIGNED_FLAG) !== 0;
  const binary = field.characterSet === BINARY_CHARSET;
  switch (field.columnType) {
    case 1: return unsigned ? 'UINT8' : 'INT8';
    case 2: return unsigned ? 'UINT16' : 'INT16';
    case 9: return unsigned ? 'UINT24' : 'INT24';
    case 3: return unsigned ? 'UINT32' : 'INT32';
    case 8: return unsigned ? 'UINT64' : 'INT64';
    case 13: return 'YEAR';
    case 4: return 'FLOAT32';
    case 5: return 'FLOAT64';
    case 0: case 246: return 'DECIMAL';
    case 16: return 'BIT';
    case 249: case 250: case 251: case 252: return binary ? 'BLOB' : 'TEXT';
    case 254: return binary ? 'BINARY' : 'CHAR';
    default: return binary ? 'VARBINARY' : 'VARCHAR';
  }
}

/** The raw text bytes of every cell, as Vitess holds them (no JS number conversion). */
const rawCells = (field: { buffer(): Buffer | null }): Buffer | null => field.buffer();

async function run(conn: Pool | PoolConnection, sql: string): Promise<LookupResult> {
  const [result, fields] = await conn.query({ sql, rowsAsArray: true, typeCast: rawCells });
  if (!Array.isArray(result)) return { rows: [], rowsAffected: (result as ResultSetHeader).affectedRows };
  const types = (fields ?? []).map(sqlTypeOf);
  const rows = (result as unknown as (Buffer | null)[][]).map((row) =>
    row.map((cell, i): SqlValue => (cell === null ? NULL_VALUE : { type: types[i] ?? 'VARBINARY', raw: new Uint8Array(cell) })),
  );
  return { rows, rowsAffected: 0 };
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
