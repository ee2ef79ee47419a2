/** The engine's pure parts: exact decimals, collations, comparisons, expressions, aggregates, mysql2 conversion. */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/engine/aggregate.js';
import { compareText } from '../../src/engine/collation.js';
import { compareValues, valueKey } from '../../src/engine/compare.js';
import type { EngineContext } from '../../src/engine/context.js';
import { divDecimal, formatDecimal, parseDecimal } from '../../src/engine/decimal.js';
import { compile } from '../../src/engine/eval/compile.js';
import { parseSql } from '../../src/sql/parse.js';
import { computedField } from '../../src/engine/fields.js';
import { mergeSorted } from '../../src/engine/route.js';
import { sortRows } from '../../src/engine/sort.js';
import { distinctRows } from '../../src/engine/distinct.js';
import type { EngineResult } from '../../src/engine/result.js';
import { toDriverResult } from '../../src/engine/to-driver.js';
import type { BindVariable } from '../../src/vindexes/types.js';
import { NULL_VALUE, textValue, valueText, type SqlType } from '../../src/vindexes/value.js';

/** Compiles an expression written as SQL text (the plans give the AST; text is shorter to read here). */
const compileText = (text: string, fields: Parameters<typeof compile>[1]) => {
  const stmt = parseSql(`select ${text}`);
  const col = stmt.kind === 'select' ? stmt.columns[0] : undefined;
  if (col?.kind !== 'aliased') throw new Error(`not an expression: ${text}`);
  return compile(col.expr, fields);
};
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const v = (type: SqlType, text: string) => textValue(type, text);
const ctx = (maxMemoryRows = 1000): EngineContext => ({
  port: { fetchShards: async () => [], write: async () => ({ affectedRows: 0, insertId: 0, changedRows: 0, warningStatus: 0 }), autoIncrementColumn: () => null },
  binds: new Map(),
  maxMemoryRows,
});

describe('decimal', () => {
  it('parses, adds and divides exactly with MySQL rounding', () => {
    expect(formatDecimal(parseDecimal('-0.05')!)).toBe('-0.05');
    expect(formatDecimal(divDecimal(parseDecimal('10')!, parseDecimal('3')!)!)).toBe('3.3333');
    expect(formatDecimal(divDecimal(parseDecimal('2.5')!, parseDecimal('4')!)!)).toBe('0.62500');
    expect(formatDecimal(divDecimal(parseDecimal('-1')!, parseDecimal('8')!)!)).toBe('-0.1250');
    expect(divDecimal(parseDecimal('1')!, parseDecimal('0')!)).toBeUndefined();
  });
});

describe('collations and comparisons', () => {
  it('compares utf8mb4_general_ci case- and accent-insensitively, ignoring trailing spaces', () => {
    expect(compareText(enc('apple'), enc('APPLE '), 45)).toBe(0);
    expect(compareText(enc('é'), enc('E'), 45)).toBe(0);
    expect(Math.sign(compareText(enc('Banana'), enc('apple'), 45))).toBe(1);
  });
  it('compares utf8mb4_bin and binary by code points / bytes', () => {
    expect(Math.sign(compareText(enc('Banana'), enc('apple'), 46))).toBe(-1);
    expect(compareText(enc('a '), enc('a'), 46)).toBe(0);
    expect(compareText(enc('a '), enc('a'), 63)).not.toBe(0);
  });
  it('orders NULL first, numbers by value, BIGINT UNSIGNED and DECIMAL exactly', () => {
    expect(compareValues(NULL_VALUE, v('INT64', '-5'))).toBeLessThan(0);
    expect(compareValues(v('UINT64', '18446744073709551615'), v('UINT64', '18446744073709551614'))).toBeGreaterThan(0);
    expect(compareValues(v('DECIMAL', '0.10'), v('INT64', '0'))).toBeGreaterThan(0);
    expect(compareValues(v('DECIMAL', '2.50'), v('DECIMAL', '2.5'))).toBe(0);
    expect(compareValues(v('INT64', '10'), v('VARCHAR', '9'))).toBeGreaterThan(0);
  });
  it('keys equal values alike for DISTINCT', () => {
    expect(valueKey(v('VARCHAR', 'Abc'), 45)).toBe(valueKey(v('VARCHAR', 'aBC'), 45));
    expect(valueKey(v('VARCHAR', 'Abc'), 46)).not.toBe(valueKey(v('VARCHAR', 'aBC'), 46));
    expect(valueKey(v('DECIMAL', '1.50'), 63)).toBe(valueKey(v('DECIMAL', '1.5'), 63));
  });
});

describe('expressions', () => {
  const fields = [computedField('a', 'INT64'), computedField('s', 'DECIMAL'), computedField('name', 'VARCHAR')];
  const row = [v('INT64', '4'), v('DECIMAL', '10.50'), v('VARCHAR', 'Bob')];
  const run = (text: string): string | null => {
    const out = compileText(text, fields).evaluate(row, new Map());
    return out.type === 'NULL_TYPE' ? null : valueText(out);
  };
  it('evaluates arithmetic with MySQL types', () => {
    expect(run(':__col1 / :__col0')).toBe('2.625000');
    expect(run('a + 1')).toBe('5');
    expect(run('a * 1.5')).toBe('6.0');
    expect(run('a / 0')).toBeNull();
    expect(run('a div 3')).toBe('1');
    expect(compileText(':__col1 / :__col0', fields).type).toBe('DECIMAL');
  });
  it('compares with NULL semantics and the column collation', () => {
    expect(run("name = 'BOB'")).toBe('1');
    expect(run('a > null')).toBeNull();
    expect(run('a <=> null')).toBe('0');
    expect(run("a = '4'")).toBe('1');
    expect(run('a in (1, 2, null)')).toBeNull();
    expect(run('a between 1 and 4')).toBe('1');
    expect(run("name like 'b%'")).toBe('1');
    expect(run('not (a > 3 and s < 10)')).toBe('1');
    expect(run("concat(name, '-', a)")).toBe('Bob-4');
    expect(run('ifnull(null, a)')).toBe('4');
  });
  it('evaluates IN against a list bind variable (the normaliser turns every IN list into one)', () => {
    const list = (...values: (string | null)[]): Map<string, BindVariable> =>
      new Map([['vtg1', { type: 'TUPLE', values: values.map((x) => (x === null ? NULL_VALUE : v('INT64', x))) }]]);
    const text = (...values: string[]): Map<string, BindVariable> => new Map([['vtg1', { type: 'TUPLE', values: values.map((x) => v('VARCHAR', x)) }]]);
    const runIn = (expr: string, binds: Map<string, BindVariable>): string | null => {
      const out = compileText(expr, fields).evaluate(row, binds);
      return out.type === 'NULL_TYPE' ? null : valueText(out);
    };
    expect(runIn('a in ::vtg1', list('1', '4'))).toBe('1');
    expect(runIn('a in ::vtg1', list('1', '2'))).toBe('0');
    expect(runIn('a not in ::vtg1', list('1', '2'))).toBe('1');
    // A NULL in the list: no match is NULL, for IN and NOT IN alike; a match still decides.
    expect(runIn('a in ::vtg1', list('1', null))).toBeNull();
    expect(runIn('a not in ::vtg1', list('1', null))).toBeNull();
    expect(runIn('a in ::vtg1', list('4', null))).toBe('1');
    expect(runIn('a not in ::vtg1', list('4', null))).toBe('0');
    expect(runIn('null in ::vtg1', list('4'))).toBeNull();
    // Compared as '=' would: a number against numeric text, text in the column's collation.
    expect(runIn('a in ::vtg1', text('4.0'))).toBe('1');
    expect(runIn('name in ::vtg1', text('x', 'BOB'))).toBe('1');
    expect(runIn('(a in ::vtg1) or name = :v', new Map([...list('9'), ['v', v('VARCHAR', 'bob')]]))).toBe('1');
    expect(() => runIn('a in ::vtg1', new Map())).toThrow(expect.objectContaining({ code: 'BIND_MISSING' }));
    expect(() => runIn('a in ::vtg1', new Map([['vtg1', v('INT64', '4')]]))).toThrow(expect.objectContaining({ code: 'BIND_INVALID' }));
  });
  it('fails with typed errors for unknown columns and constructs', () => {
    expect(() => compileText('nope + 1', fields)).toThrow(expect.objectContaining({ code: 'COLUMN_NOT_FOUND' }));
    expect(() => compileText('json_extract(name, 1)', fields)).toThrow(expect.objectContaining({ code: 'EXPRESSION_NOT_SUPPORTED' }));
  });
});

describe('aggregate', () => {
  const input: EngineResult = {
    fields: [computedField('g', 'VARCHAR'), computedField('sum(x)', 'DECIMAL'), computedField('count(*)', 'INT64')],
    rows: [
      [v('VARCHAR', 'a'), v('DECIMAL', '0.10'), v('INT64', '1')],
      [v('VARCHAR', 'A'), v('DECIMAL', '0.20'), v('INT64', '2')],
      [v('VARCHAR', 'b'), NULL_VALUE, v('INT64', '3')],
    ],
  };
  const op = (variant: 'Ordered' | 'Scalar', groupBy: number[]) => ({
    kind: 'Aggregate' as const, variant, groupBy: groupBy.map((col) => ({ col, weightStringCol: -1, collation: null })), resultColumns: null, input: { kind: 'SingleRow' as const },
    aggregates: [{ opcode: 'sum', col: 1, alias: 'sum(x)', weightStringCol: -1, collation: null }, { opcode: 'sum_count_star', col: 2, alias: 'count(*)', weightStringCol: -1, collation: null }],
  });
  const texts = (r: EngineResult) => r.rows.map((row) => row.map((x) => (x.type === 'NULL_TYPE' ? null : valueText(x))));
  it('merges ordered groups under the collation, summing exactly', () => {
    expect(texts(aggregate(ctx(), op('Ordered', [0]), input))).toEqual([['a', '0.30', '3'], ['b', null, '3']]);
  });
  it('gives one row for an empty scalar input', () => {
    expect(texts(aggregate(ctx(), op('Scalar', []), { fields: input.fields, rows: [] }))).toEqual([[null, null, '0']]);
  });
  it('stops at maxMemoryRows', () => {
    expect(() => aggregate(ctx(1), op('Ordered', [0]), input)).toThrow(expect.objectContaining({ code: 'ENGINE_MEMORY_LIMIT' }));
  });
});

describe('merge-sort', () => {
  it('merges sorted shard results under utf8mb4_general_ci', () => {
    const f = [{ ...computedField('n', 'VARCHAR'), collation: 45 }];
    const shard = (...names: string[]): EngineResult => ({ fields: f, rows: names.map((n) => [v('VARCHAR', n)]) });
    const merged = mergeSorted([shard('apple', 'cherry'), shard('Banana', 'Date')], [{ col: 0, weightStringCol: -1, collation: null, desc: false, text: '0 ASC' }]);
    expect(merged.rows.map((r) => valueText(r[0]!))).toEqual(['apple', 'Banana', 'cherry', 'Date']);
  });
});

describe('conversion to mysql2 results', () => {
  const result: EngineResult = {
    fields: [computedField('c', 'INT64'), computedField('s', 'DECIMAL'), computedField('b', 'UINT64'), computedField('d', 'DATETIME'), computedField('bin', 'VARBINARY')],
    rows: [[v('INT64', '3'), v('DECIMAL', '0.30'), v('UINT64', '18446744073709551615'), v('DATETIME', '2024-01-02 03:04:05'), textValue('VARBINARY', 'x')]],
  };
  it('follows supportBigNumbers / bigNumberStrings / decimalNumbers / dateStrings', () => {
    const [rows] = toDriverResult(result, { supportBigNumbers: true, dateStrings: true });
    expect(rows).toEqual([{ c: 3, s: '0.30', b: '18446744073709551615', d: '2024-01-02 03:04:05', bin: Buffer.from('x') }]);
    const [strings] = toDriverResult(result, { supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: true, rowsAsArray: true, timezone: 'Z' });
    expect(strings).toEqual([['3', 0.3, '18446744073709551615', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Buffer.from('x')]]);
  });
  it('reports MySQL column types', () => {
    const [, fields] = toDriverResult(result, {});
    expect((fields as { columnType: number }[]).map((f) => f.columnType)).toEqual([8, 246, 8, 12, 253]);
  });
  it('hands a typeCast function the field and the default conversion', () => {
    const [rows] = toDriverResult(result, { typeCast: (field: { type: string; string(): string }, next: () => unknown) => (field.type === 'NEWDECIMAL' ? `D${field.string()}` : next()) });
    expect((rows as Record<string, unknown>[])[0]!.s).toBe('D0.30');
  });
});

describe('compare on weight strings', () => {
  it('orders by weight_string bytes, and by the values where MariaDB returned NULL weight strings (numbers)', () => {
    const f = [computedField('n', 'INT64'), computedField('w', 'VARBINARY')];
    const shard = (...rows: [string, string | null][]): EngineResult => ({ fields: f, rows: rows.map(([n, w]) => [v('INT64', n), w === null ? NULL_VALUE : v('VARBINARY', w)]) });
    const key = [{ col: 0, weightStringCol: 1, collation: null, desc: false, text: '(0|1) ASC' }];
    expect(mergeSorted([shard(['2', null], ['10', null]), shard(['4', null])], key).rows.map((r) => valueText(r[0]!))).toEqual(['2', '4', '10']);
    expect(mergeSorted([shard(['1', 'b']), shard(['2', 'a'])], key).rows.map((r) => valueText(r[0]!))).toEqual(['2', '1']);
  });
});


describe('UNION sides of different types', () => {
  // `select date_col ... union all select '2020-02-29' ...`: the concatenated column is VARCHAR, its
  // rows DATE on one side and VARCHAR on the other, each with its side's weight string (a DATE's
  // bytes, a VARCHAR's collation weights), which do not compare with each other.
  const f = [computedField('c', 'VARCHAR', { collation: 45 }), computedField('w', 'VARBINARY')];
  const row = (type: SqlType, text: string, weight: string) => [v(type, text), v('VARBINARY', weight)];
  const input: EngineResult = {
    fields: f,
    rows: [row('VARCHAR', '2020-02-29', '\u0000\u0032'), row('DATE', '2019-03-06', '2019-03-06'), row('DATE', '2020-02-29', '2020-02-29')],
  };
  const compare = [{ col: 0, weightStringCol: 1, collation: null }];
  it('sorts the converted values as text', () => {
    const sorted = sortRows(ctx(), { kind: 'Sort', keys: [{ ...compare[0]!, desc: false }], resultColumns: 1, input: null as never }, input);
    expect(sorted.rows.map((r) => valueText(r[0]!))).toEqual(['2019-03-06', '2020-02-29', '2020-02-29']);
  });
  it('counts a DATE and the same text as one value in DISTINCT', () => {
    const distinct = distinctRows(ctx(), { kind: 'Distinct', columns: compare, resultColumns: 1, input: null as never }, input);
    expect(distinct.rows.map((r) => valueText(r[0]!))).toEqual(['2020-02-29', '2019-03-06']);
  });
});

describe('functions that choose an argument', () => {
  it('give a DECIMAL at the arguments\' largest scale (coalesce(decimal_col, 0) is 0.00 as MySQL gives it)', () => {
    const fields = [{ ...computedField('amount', 'DECIMAL'), decimals: 2 }];
    const c = compileText('coalesce(amount, 0)', fields);
    expect(c.type).toBe('DECIMAL');
    expect(valueText(c.evaluate([NULL_VALUE], new Map()))).toBe('0.00');
    expect(valueText(c.evaluate([v('DECIMAL', '12.50')], new Map()))).toBe('12.50');
    expect(valueText(compileText('ifnull(amount, 1.5)', fields).evaluate([NULL_VALUE], new Map()))).toBe('1.50');
  });
});
