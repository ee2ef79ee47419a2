/**
 * Pure parts of the router's statement handling: the query timeout a statement gets (directive,
 * session variable, router option), the VEXPLAIN query log's numbering, and how a shard statement
 * reads with its values in place.
 */
import { describe, expect, it } from 'vitest';
import { QueryLog } from '../../src/router/query-log.js';
import { renderStatement } from '../../src/router/shard-sql.js';
import { milliseconds, remainingMs, statementDeadline, timeoutDirective } from '../../src/router/timeout.js';

const target = (shard: string) => ({ keyspace: 'ks', shard, tabletType: 'primary' as const });

describe('query timeout of a statement', () => {
  const now = (): number => 1_000;

  it('reads the QUERY_TIMEOUT_MS directive (0 included), ignoring values that are no integer', () => {
    expect(timeoutDirective('select /*vt+ QUERY_TIMEOUT_MS=20 */ 1')).toBe(20);
    expect(timeoutDirective('select /*vt+ SCATTER_ERRORS_AS_WARNINGS QUERY_TIMEOUT_MS = 0 */ 1')).toBe(0);
    expect(timeoutDirective('select /* QUERY_TIMEOUT_MS=20 */ 1')).toBeUndefined();
    expect(timeoutDirective('select /*vt+ QUERY_TIMEOUT_MS=soon */ 1')).toBeUndefined();
    expect(timeoutDirective('select 1')).toBeUndefined();
  });

  it('takes the directive first, then the session variable, then the router option', () => {
    expect(statementDeadline('select /*vt+ QUERY_TIMEOUT_MS=20 */ 1', 50, 100, now)).toBe(1_020);
    expect(statementDeadline('select /*vt+ QUERY_TIMEOUT_MS=0 */ 1', 50, 100, now)).toBeNull();
    expect(statementDeadline('select 1', 50, 100, now)).toBe(1_050);
    expect(statementDeadline('select 1', 0, 100, now)).toBe(1_100);
    expect(statementDeadline('select 1', 0, undefined, now)).toBeNull();
  });

  it('gives each shard query the time left, at least 1 ms', () => {
    expect(remainingMs(1_020, now)).toBe(20);
    expect(remainingMs(900, now)).toBe(1);
  });

  it('accepts only non-negative integers for set query_timeout', () => {
    expect(milliseconds('4000', 'query_timeout')).toBe(4000);
    expect(() => milliseconds('-1', 'query_timeout')).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
    expect(() => milliseconds('1.5', 'query_timeout')).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
  });
});

describe('VEXPLAIN query log', () => {
  it('numbers queries by the operator query they came from, in first-run order', () => {
    const log = new QueryLog();
    const a = log.idOf('select a from t');
    log.add(a, target('-80'), 'select a from t', 'select a from t');
    log.add(log.idOf('select a from t'), target('80-'), 'select a from t', 'select a from t');
    log.add(log.idOf('select b from u where id = :v1'), target('-80'), 'select b from u where id = 1', 'select b from u where id = :v1');
    expect(log.entries.map((e) => [e.id, e.target.shard, e.query])).toEqual([
      [0, '-80', 'select a from t'],
      [0, '80-', 'select a from t'],
      [1, '-80', 'select b from u where id = 1'],
    ]);
  });

  it('shows a statement with its `?` values as SQL literals, arrays as lists, quotes untouched', () => {
    expect(renderStatement({ sql: "select * from t where a = ? and b in (?) and c = '?'", values: [5, ["x'y", 2]] }))
      .toBe("select * from t where a = 5 and b in ('x\\'y', 2) and c = '?'");
    expect(renderStatement({ sql: 'select 1', values: undefined })).toBe('select 1');
  });
});
