/** The runner's classification and the minimiser, against stand-in sides (no database). */
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../src/router/errors.js';
import { minimise } from './minimise.js';
import type { Expr, Select } from './query.js';
import { print } from './query.js';
import { runBoth } from './runner.js';
import type { World } from './world.js';

type Answer = (sql: string) => [unknown, unknown];
const rows = (...values: unknown[][]): [unknown, unknown] =>
  [values.map((r) => Object.fromEntries(r.map((v, i) => [`c${i}`, v]))), (values[0] ?? [0]).map((_, i) => ({ name: `c${i}` }))];
const world = (router: Answer, single: Answer): World => ({
  router: { query: async (sql: string) => router(sql) },
  single: { query: async (sql: string) => single(sql) },
  data: { rows: new Map() },
  shards: ['-80', '80-'],
} as unknown as World);

const col = (t: string, c: string): Expr => ({ k: 'col', t, c, cls: 'int' });
const select = (over: Partial<Select>): Select => ({
  k: 'select', distinct: false, items: [{ e: col('t1', 'id'), as: 'c0', cls: 'int' }], from: { k: 'table', name: 'user', as: 't1', pk: 'id' },
  joins: [], where: [], groupBy: [], having: [], orderBy: [], limit: null, ...over,
});

describe('fuzz runner', () => {
  const same = () => rows([1], [2]);
  it('agrees on equal rows in any order when there is no total order', async () => {
    const v = await runBoth(world(() => rows([2], [1]), same), { q: select({}), params: false });
    expect(v.kind).toBe('agree');
  });

  it('compares in order under a total order', async () => {
    const q = select({ orderBy: [{ e: col('t1', 'id'), desc: false }] });
    const v = await runBoth(world(() => rows([2], [1]), same), { q, params: false });
    expect(v).toMatchObject({ kind: 'mismatch', signature: 'rows:order' });
  });

  it('folds case and accents only where the database may pick either value', async () => {
    const text = (v: string): Answer => () => rows([v]);
    expect((await runBoth(world(text('Émile'), text('emile')), { q: select({}), params: false })).kind).toBe('mismatch');
    expect((await runBoth(world(text('Émile'), text('emile')), { q: select({ distinct: true }), params: false })).kind).toBe('agree');
  });

  it('counts typed "not supported" refusals apart, and other one-sided errors as mismatches', async () => {
    const refuse = () => { throw new RouterError('OPERATOR_NOT_SUPPORTED', 'no', { details: { operator: 'Join' } }); };
    expect(await runBoth(world(refuse, same), { q: select({}), params: false })).toEqual({ kind: 'unsupported', what: 'operator Join' });
    const fail = () => { throw Object.assign(new Error('boom'), { code: 'SHARD_ERROR' }); };
    expect(await runBoth(world(fail, same), { q: select({}), params: false })).toMatchObject({ kind: 'mismatch', signature: 'router-error:SHARD_ERROR' });
    expect((await runBoth(world(fail, fail), { q: select({}), params: false })).kind).toBe('both-error');
  });
});

describe('fuzz minimiser', () => {
  it('shrinks to the clause that still makes the sides differ', async () => {
    // A stand-in router that is wrong whenever the statement has count(distinct ...).
    const w = world((sql) => rows([sql.includes('count(distinct') ? 2 : 1]), () => rows([1]));
    const q = select({
      items: [
        { e: col('t1', 'age'), as: 'c0', cls: 'int' },
        { e: { k: 'agg', fn: 'count', distinct: true, arg: col('t1', 'name') }, as: 'c1', cls: 'int' },
        { e: { k: 'agg', fn: 'sum', distinct: false, arg: col('t1', 'score') }, as: 'c2', cls: 'decimal' },
      ],
      where: [
        { k: 'cmp', op: '>', l: col('t1', 'age'), r: { k: 'lit', v: 30, cls: 'int' } },
        { k: 'in', e: col('t1', 'id'), list: [1, 2, 3].map((v) => ({ k: 'lit', v, cls: 'int' } as Expr)), not: false },
      ],
      groupBy: [col('t1', 'age')],
      orderBy: [{ e: { k: 'ref', name: 'c0' }, desc: true }],
      limit: { n: 5, offset: 2 },
    });
    const first = await runBoth(w, { q, params: true });
    expect(first.kind).toBe('mismatch');
    const small = await minimise(w, { q, params: true }, (first as { signature: string }).signature);
    expect(print(small.input.q).sql).toBe('select count(distinct t1.`name`) as `c1` from `user` as t1');
    expect(small.input.params).toBe(false);
    expect(small.verdict.kind).toBe('mismatch');
  });
});
