/** The small pieces of the lookup engine: MySQL error numbers, value printing, identifiers, equality. */
import { describe, expect, it } from 'vitest';
import { formatRows, formatValue } from '../../../src/vindexes/lookup/go-format.js';
import { isDuplicateKeyError, mysqlErrorNumber } from '../../../src/vindexes/lookup/mysql-error.js';
import { nullSafeEqual } from '../../../src/vindexes/lookup/null-safe-equal.js';
import { formatIdentifier } from '../../../src/vindexes/lookup/sql-ident.js';
import { NULL_VALUE, textValue, type SqlValue } from '../../../src/vindexes/value.js';
import { mysqlError } from '../../../src/conformance/vindex-vectors/lookup-port.js';

describe('mysqlErrorNumber', () => {
  it('reads errno from the error or its cause chain', () => {
    const native = mysqlError(1062, 'Duplicate entry');
    expect(mysqlErrorNumber(native)).toBe(1062);
    expect(mysqlErrorNumber(new Error('lookup.Create: x', { cause: new Error('y', { cause: native }) }))).toBe(1062);
    expect(isDuplicateKeyError(new Error('wrapped', { cause: native }))).toBe(true);
  });

  it('parses Vitess text: the last match on the first matching line; 0 or > 65535 is no number', () => {
    expect(mysqlErrorNumber(new Error('a (errno 1213) (sqlstate 40001) b (errno 1062) (sqlstate 23000) c'))).toBe(1062);
    expect(mysqlErrorNumber(new Error('x\n(errno 1062) (sqlstate 23000)\n(errno 1213) (sqlstate 40001)'))).toBe(1062);
    expect(mysqlErrorNumber(new Error('(errno 0) (sqlstate 23000)'))).toBeUndefined();
    expect(mysqlErrorNumber(new Error('(errno 65536) (sqlstate 23000)'))).toBeUndefined();
    expect(mysqlErrorNumber(new Error('(errno 1062) (sqlstate 2300)'))).toBeUndefined();
    expect(mysqlErrorNumber('plain string')).toBeUndefined();
  });
});

describe('formatValue (Go %v of sqltypes.Value)', () => {
  it.each<[SqlValue, string]>([
    [textValue('INT64', '1'), 'INT64(1)'],
    [textValue('UINT64', '17563797831108199066'), 'UINT64(17563797831108199066)'],
    [textValue('VARCHAR', 'a"b'), 'VARCHAR("a\\"b")'],
    [{ type: 'VARBINARY', raw: Uint8Array.of(0x61, 0xff) }, 'VARBINARY("a\\xff")'],
    [textValue('HEXNUM', '0x1f'), 'HEXNUM(0x1f)'],
    [NULL_VALUE, 'NULL'],
  ])('%j → %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('prints rows as Go prints [][]Value', () => {
    expect(formatRows([[textValue('VARBINARY', '1')], [textValue('INT64', '2'), NULL_VALUE]])).toBe('[[VARBINARY("1")] [INT64(2) NULL]]');
  });
});

describe('formatIdentifier', () => {
  it.each([
    ['t1', 't1'],
    ['_a@b9', '_a@b9'],
    ['dot.t1', '`dot.t1`'],
    ['1abc', '`1abc`'],
    ['Order', '`Order`'],
    ['a`b', '`a``b`'],
    ['tëst', '`tëst`'],
    ['', ''],
  ])('%s → %s', (name, printed) => {
    expect(formatIdentifier(name)).toBe(printed);
  });
});

describe('nullSafeEqual (default connection-collation comparison)', () => {
  const v = (type: SqlValue['type'], text: string) => textValue(type, text);
  it.each<[SqlValue, SqlValue, boolean]>([
    [NULL_VALUE, NULL_VALUE, true],
    [NULL_VALUE, v('INT64', '0'), false],
    [v('INT64', '1'), v('UINT64', '1'), true],
    [v('INT64', '-1'), v('UINT64', '18446744073709551615'), false],
    [v('INT64', '1'), v('VARCHAR', '1'), true],
    [v('FLOAT64', '1.5'), v('DECIMAL', '1.50'), true],
    [v('VARCHAR', 'abc'), v('CHAR', 'ABC'), true],
    [v('VARCHAR', 'résumé'), v('TEXT', 'resume'), true],
    [v('VARCHAR', 'a'), v('VARCHAR', 'a '), false],
    [v('VARCHAR', 'a'), v('VARCHAR', 'b'), false],
    [v('VARBINARY', 'a'), v('VARBINARY', 'A'), false],
    [v('VARBINARY', 'a'), v('VARBINARY', 'a'), true],
  ])('%j <=> %j is %s', (a, b, equal) => {
    expect(nullSafeEqual(a, b)).toBe(equal);
    expect(nullSafeEqual(b, a)).toBe(equal);
  });
});
