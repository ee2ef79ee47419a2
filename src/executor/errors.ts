/**
 * Executor errors. A failure on a shard is a ShardError that names the target (keyspace,
 * shard, tablet type) and MySQL's code, errno, SQLSTATE and message, with the driver's error
 * as `cause`. The SQL text and bind values are never copied into the message or details
 * (mysql2 itself puts the SQL, values inlined, on `cause.sql`: that is the user's own
 * driver object and is left as it is, but loggers should not print the cause chain blindly).
 */

import { VSchemaRouterError, type ErrorOptions } from '../errors.js';
import type { TabletType } from '../vschema/model.js';

/** Configuration and usage errors of the executor (pools, sessions). */
export class ExecutorError extends VSchemaRouterError {}

/** Where a statement ran: Vitess's target, minus the cell. */
export interface ShardTarget {
  readonly keyspace: string;
  readonly shard: string;
  readonly tabletType: TabletType;
}

/** The fields mysql2 puts on a server or protocol error; absent ones stay undefined. */
export interface MysqlErrorInfo {
  /** `ER_NO_SUCH_TABLE`, or a protocol/network code such as `PROTOCOL_CONNECTION_LOST`, `ECONNREFUSED`. */
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
  /** mysql2 marks errors that broke the connection as fatal. */
  readonly fatal?: boolean;
}

export type ShardErrorCode =
  /** The statement failed on the shard (a MySQL error, or anything else the driver threw). */
  | 'SHARD_QUERY_FAILED'
  /** The per-query timeout expired (ours, mysql2's, or the server's max_statement_time). */
  | 'SHARD_TIMEOUT'
  /** The shard could not be reached or the connection broke: the shard is down, not the query wrong. */
  | 'SHARD_UNAVAILABLE'
  /** The statement was abandoned by its caller (e.g. a fail-fast scatter after another shard failed). */
  | 'SHARD_CANCELLED'
  /** No pool of the requested tablet type is configured for the shard (Vitess: no healthy tablet). */
  | 'NO_HEALTHY_TABLET';

export class ShardError extends ExecutorError {
  override readonly code: ShardErrorCode;
  readonly keyspace: string;
  readonly shard: string;
  readonly tabletType: TabletType;
  readonly mysql: MysqlErrorInfo | undefined;

  constructor(code: ShardErrorCode, target: ShardTarget, message: string, options: ShardErrorOptions = {}) {
    const { keyspace, shard, tabletType } = target;
    super(code, message, {
      cause: options.cause,
      details: { ...options.details, keyspace, shard, tabletType, ...(options.mysql ? { mysql: options.mysql } : {}) },
    });
    this.code = code;
    this.keyspace = keyspace;
    this.shard = shard;
    this.tabletType = tabletType;
    this.mysql = options.mysql;
  }
}

export interface ShardErrorOptions extends ErrorOptions {
  readonly mysql?: MysqlErrorInfo;
}

/** Vitess prints targets as `keyspace.shard.tablet_type` in query errors (`target: user.-80.primary: ...`). */
export function targetLabel(target: ShardTarget): string {
  return `${target.keyspace}.${target.shard}.${target.tabletType}`;
}

// Client-side and server-side timeouts: mysql2's inactivity timeout, MariaDB max_statement_time,
// MySQL max_execution_time.
const TIMEOUT_CODES = new Set(['PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT']);
// The server is unreachable or went away: the same statement may succeed on another tablet or later.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_QUIT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
]);

/** Reads mysql2's error fields off anything thrown; undefined when there are none. */
export function mysqlErrorInfo(err: unknown): MysqlErrorInfo | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as Record<string, unknown>;
  const info: { -readonly [K in keyof MysqlErrorInfo]: MysqlErrorInfo[K] } = {};
  if (typeof e.code === 'string') info.code = e.code;
  if (typeof e.errno === 'number') info.errno = e.errno;
  if (typeof e.sqlState === 'string') info.sqlState = e.sqlState;
  if (typeof e.sqlMessage === 'string') info.sqlMessage = e.sqlMessage;
  if (typeof e.fatal === 'boolean') info.fatal = e.fatal;
  return Object.keys(info).length > 0 ? Object.freeze(info) : undefined;
}

/**
 * Wraps whatever a driver call on `target` threw into a ShardError (a ShardError passes through
 * unchanged). The message follows Vitess: `target: user.-80.primary: ER_NO_SUCH_TABLE: Table
 * 'vt_user.t' doesn't exist (errno 1146) (sqlstate 42S02)`.
 */
export function toShardError(err: unknown, target: ShardTarget): ShardError {
  if (err instanceof ShardError) return err;
  const mysql = mysqlErrorInfo(err);
  const text = mysql?.sqlMessage ?? messageOf(err);
  const code = classify(mysql, text);
  const parts = [mysql?.code && !text.includes(mysql.code) ? `${mysql.code}: ${text}` : text];
  if (mysql?.errno !== undefined && mysql.sqlState !== undefined) {
    parts.push(`(errno ${mysql.errno}) (sqlstate ${mysql.sqlState})`);
  }
  return new ShardError(code, target, `target: ${targetLabel(target)}: ${parts.join(' ')}`, {
    cause: err,
    ...(mysql ? { mysql } : {}),
  });
}

/** The error of a statement that ran past its timeout (`timeoutMs` is in details, never the SQL). */
export function timeoutError(target: ShardTarget, timeoutMs: number): ShardError {
  const { keyspace, shard, tabletType } = target;
  return new ShardError('SHARD_TIMEOUT', { keyspace, shard, tabletType },
    `target: ${targetLabel(target)}: query timed out after ${timeoutMs} ms`, { details: { timeoutMs } });
}

/** Runs one driver call for `target`, turning any rejection into a ShardError. */
export async function onShard<T>(target: ShardTarget, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toShardError(err, target);
  }
}

function classify(mysql: MysqlErrorInfo | undefined, text: string): ShardErrorCode {
  const code = mysql?.code;
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'SHARD_TIMEOUT';
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return 'SHARD_UNAVAILABLE';
  // mysql2 rejects with a bare Error (no code) once the pool was ended.
  if (code === undefined && text === 'Pool is closed.') return 'SHARD_UNAVAILABLE';
  return 'SHARD_QUERY_FAILED';
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

export type SequenceErrorCode =
  /** The sequence table does not exist on its shard. */
  | 'SEQUENCE_TABLE_MISSING'
  /** The table has no row with id = 0 (or more than one). */
  | 'SEQUENCE_ROW_MISSING'
  /** next_id or cache is not a usable integer (Vitess: invalid cache value). */
  | 'SEQUENCE_INVALID'
  /** `next(count)` with a count that is not a positive integer (Vitess: invalid increment). */
  | 'SEQUENCE_INVALID_COUNT'
  /** Reserving a block failed for another reason (see `cause`). */
  | 'SEQUENCE_FAILED';

/** A sequence could not hand out ids; `details.sequence` names the table (`keyspace.table`). */
export class SequenceError extends ExecutorError {
  override readonly code: SequenceErrorCode;
  readonly sequence: string;

  constructor(code: SequenceErrorCode, sequence: string, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, details: { ...options.details, sequence } });
    this.code = code;
    this.sequence = sequence;
  }
}
