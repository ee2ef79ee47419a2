import { describe, expect, it } from 'vitest';
import { VSchemaRouterError } from '../../src/errors.js';
import {
  ExecutorError, SequenceError, ShardError, mysqlErrorInfo, onShard, timeoutError, toShardError, type ShardTarget,
} from '../../src/executor/errors.js';
import { isDuplicateKeyError } from '../../src/vindexes/lookup/mysql-error.js';

const target: ShardTarget = { keyspace: 'user', shard: '-80', tabletType: 'primary' };

/** What mysql2 3.24 rejects with for a server error (see lib/packets/packet.js asError). */
function serverError(code: string, errno: number, sqlState: string, sqlMessage: string, sql: string) {
  return Object.assign(new Error(sqlMessage), { code, errno, sqlState, sqlMessage, sql, fatal: undefined });
}

describe('toShardError', () => {
  it('names the target and MySQL code, errno, sqlstate and message, keeping the cause', () => {
    const cause = serverError('ER_NO_SUCH_TABLE', 1146, '42S02', "Table 'vt_user.t' doesn't exist", "select * from t where id = 'secret'");
    const err = toShardError(cause, target);
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toBeInstanceOf(ExecutorError);
    expect(err).toBeInstanceOf(VSchemaRouterError);
    expect(err.name).toBe('ShardError');
    expect(err.code).toBe('SHARD_QUERY_FAILED');
    expect(err.message).toBe("target: user.-80.primary: ER_NO_SUCH_TABLE: Table 'vt_user.t' doesn't exist (errno 1146) (sqlstate 42S02)");
    expect(err.cause).toBe(cause);
    expect(err).toMatchObject({ keyspace: 'user', shard: '-80', tabletType: 'primary' });
    expect(err.mysql).toEqual({ code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02', sqlMessage: "Table 'vt_user.t' doesn't exist" });
    expect(err.details).toEqual({ keyspace: 'user', shard: '-80', tabletType: 'primary', mysql: err.mysql });
  });

  it('never copies the SQL or its values', () => {
    const cause = serverError('ER_PARSE_ERROR', 1064, '42000', 'You have an error in your SQL syntax', "select 'p4ssw0rd' frm t");
    const err = toShardError(cause, target);
    expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain('p4ssw0rd');
  });

  it('classifies timeouts and unreachable servers', () => {
    const code = (e: object) => toShardError(e, target).code;
    expect(code(Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }))).toBe('SHARD_TIMEOUT');
    expect(code(serverError('ER_STATEMENT_TIMEOUT', 1969, '70100', 'max_statement_time exceeded', ''))).toBe('SHARD_TIMEOUT');
    expect(code(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111, fatal: true }))).toBe('SHARD_UNAVAILABLE');
    expect(code(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe('SHARD_UNAVAILABLE');
    expect(code(new Error('Pool is closed.'))).toBe('SHARD_UNAVAILABLE');
    expect(code(new TypeError('boom'))).toBe('SHARD_QUERY_FAILED');
  });

  it('prints a network error once, with its code', () => {
    const err = toShardError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111 }), target);
    expect(err.message).toBe('target: user.-80.primary: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('wraps non-errors and passes ShardErrors through', () => {
    expect(toShardError('text', target).message).toBe('target: user.-80.primary: text');
    expect(toShardError('text', target).mysql).toBeUndefined();
    const shardError = timeoutError(target, 200);
    expect(toShardError(shardError, { ...target, shard: '80-' })).toBe(shardError);
  });

  it('keeps the MySQL errno reachable through the cause chain', () => {
    const err = toShardError(serverError('ER_DUP_ENTRY', 1062, '23000', "Duplicate entry '1' for key 'PRIMARY'", ''), target);
    expect(isDuplicateKeyError(err)).toBe(true);
  });
});

describe('onShard', () => {
  it('passes results through and wraps rejections', async () => {
    await expect(onShard(target, async () => 42)).resolves.toBe(42);
    await expect(onShard(target, async () => { throw new Error('x'); })).rejects.toMatchObject({ code: 'SHARD_QUERY_FAILED', shard: '-80' });
  });
});

describe('mysqlErrorInfo', () => {
  it('reads only the fields that are there', () => {
    expect(mysqlErrorInfo(null)).toBeUndefined();
    expect(mysqlErrorInfo(new Error('plain'))).toBeUndefined();
    expect(mysqlErrorInfo({ code: 'X', fatal: true })).toEqual({ code: 'X', fatal: true });
  });
});

describe('SequenceError', () => {
  it('names the sequence', () => {
    const err = new SequenceError('SEQUENCE_ROW_MISSING', 'lookup.user_seq', 'no row');
    expect(err).toMatchObject({ code: 'SEQUENCE_ROW_MISSING', sequence: 'lookup.user_seq', details: { sequence: 'lookup.user_seq' } });
  });
});
