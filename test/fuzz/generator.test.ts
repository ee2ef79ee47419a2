/** The query generator, without a database: deterministic, valid, comparable, and broad. */
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../src/sql/parse.js';
import { featuresOf } from './features.js';
import { QueryGenerator } from './generator.js';
import { isComparable, isTotalOrder, print } from './query.js';
import { Random } from './random.js';
import { generateData, insertSql, TABLES } from './schema.js';

const data = generateData(new Random(7), { users: 40, orders: 90, products: 20 });
const queries = (seed: number, n: number) => {
  const g = new QueryGenerator(new Random(seed), data);
  return Array.from({ length: n }, () => g.query());
};

describe('fuzz query generator', () => {
  it('is deterministic per seed', () => {
    const a = queries(42, 200).map((q) => print(q).sql);
    expect(queries(42, 200).map((q) => print(q).sql)).toEqual(a);
    expect(queries(43, 200).map((q) => print(q).sql)).not.toEqual(a);
  });

  it('makes SQL the router parses, and LIMIT only under a total order', () => {
    for (const q of queries(1, 1500)) {
      const { sql } = print(q);
      expect(() => parseSql(sql), sql).not.toThrow();
      expect(isComparable(q), sql).toBe(true);
      if (q.limit) expect(isTotalOrder(q), sql).toBe(true);
    }
  });

  it('covers every construct the issue asks for', () => {
    const seen = new Set(queries(2, 3000).flatMap(featuresOf));
    for (const f of ['point', 'in-list', 'scatter', 'order-by', 'limit', 'limit-offset', 'count-star', 'count-distinct', 'sum', 'min',
      'max', 'avg', 'group-by', 'having', 'distinct', 'join-same-shard', 'join-cross-shard', 'join-reference', 'join-unsharded',
      'left-join', 'in-subquery', 'exists', 'union', 'union-all', 'derived']) {
      expect(seen, f).toContain(f);
    }
  });

  it('prints placeholders with their values in order, integers as BigInt', () => {
    const q = queries(3, 400).find((x) => print(x).sql.includes(' in ('));
    expect(q).toBeDefined();
    const plain = print(q!);
    const withParams = print(q!, true);
    expect(withParams.sql.split('?').length - 1).toBe(withParams.values.length);
    expect(withParams.sql.length).toBeLessThanOrEqual(plain.sql.length);
  });
});

describe('fuzz data', () => {
  it('has the awkward values: NULLs, case and accent variants, negative and huge ids', () => {
    const users = data.rows.get('user')!;
    expect(users.some((u) => u.name === null)).toBe(true);
    expect(users.some((u) => typeof u.id === 'string' && u.id.length >= 16)).toBe(true);
    expect(users.map((u) => u.id)).toEqual([...new Set(users.map((u) => u.id))]);
    const insert = insertSql(TABLES[0]!, users);
    expect(insert).toMatch(/^insert into `user`/);
    expect(() => parseSql(insert)).not.toThrow();
  });
});
