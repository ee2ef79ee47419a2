import { describe, expect, it } from 'vitest';
import { normalizeSql } from '../../src/sql/normalize.js';
import { DEFAULT_PER_PLAN_BYTES, PlanCache, planCacheKey } from '../../src/planner/plan-cache.js';

interface Plan {
  readonly id: number;
  readonly nested?: { readonly values: number[] };
}

describe('planCacheKey', () => {
  it('joins VSchema version, target and normalised SQL with NULs', () => {
    expect(planCacheKey(3, 'ks@replica', 'select :vtg1')).toBe('3\u0000ks@replica\u0000select :vtg1');
    expect(planCacheKey('v1', '', 'x')).not.toBe(planCacheKey('v1x', '', ''));
  });

  it('gives the same key to queries that differ only in literals, and misses on a new VSchema version', () => {
    const k1 = planCacheKey(1, '', normalizeSql('select * from t where id = 1').key);
    const k2 = planCacheKey(1, '', normalizeSql('SELECT * FROM t WHERE id = 99').key);
    const k3 = planCacheKey(2, '', normalizeSql('select * from t where id = 1').key);
    const k4 = planCacheKey(1, 'other', normalizeSql('select * from t where id = 1').key);
    expect(k2).toBe(k1);
    const cache = new PlanCache<Plan>();
    cache.set(k1, { id: 1 });
    expect(cache.get(k2)).toEqual({ id: 1 });
    expect(cache.get(k3)).toBeUndefined();
    expect(cache.get(k4)).toBeUndefined();
  });
});

describe('PlanCache', () => {
  it('counts hits and misses', () => {
    const cache = new PlanCache<Plan>();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', { id: 1 });
    expect(cache.get('a')).toEqual({ id: 1 });
    expect(cache.get('a')).toEqual({ id: 1 });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, evictions: 0, entries: 1 });
    // has() touches neither the statistics nor the recency.
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });
  });

  it('evicts the least recently used entry when over maxEntries', () => {
    const cache = new PlanCache<Plan>({ maxEntries: 3 });
    cache.set('a', { id: 1 });
    cache.set('b', { id: 2 });
    cache.set('c', { id: 3 });
    expect(cache.keys()).toEqual(['a', 'b', 'c']);
    expect(cache.get('a')?.id).toBe(1); // a is now the most recent
    cache.set('d', { id: 4 }); // evicts b
    expect(cache.keys()).toEqual(['c', 'a', 'd']);
    expect(cache.get('b')).toBeUndefined();
    cache.get('c');
    cache.get('c'); // a repeated hit on the most recent entry keeps the order
    cache.set('e', { id: 5 }); // evicts a
    expect(cache.keys()).toEqual(['d', 'c', 'e']);
    expect(cache.stats()).toMatchObject({ entries: 3, evictions: 2 });
  });

  it('evicts by estimated bytes, with caller-given or default sizes', () => {
    const cache = new PlanCache<Plan>({ maxBytes: 1000 });
    cache.set('a', { id: 1 }, 400);
    cache.set('b', { id: 2 }, 400);
    expect(cache.stats()).toMatchObject({ bytes: 800, entries: 2 });
    cache.set('c', { id: 3 }, 300); // 1100 > 1000: evicts a
    expect(cache.keys()).toEqual(['b', 'c']);
    expect(cache.stats()).toMatchObject({ bytes: 700, entries: 2, evictions: 1 });
    cache.set('d', { id: 4 }, 1000); // evicts b and c
    expect(cache.keys()).toEqual(['d']);
    expect(cache.stats()).toMatchObject({ bytes: 1000, evictions: 3 });

    const sized = new PlanCache<Plan>({ perPlanBytes: 100 });
    sized.set('abcd', { id: 1 });
    expect(sized.stats().bytes).toBe(2 * 4 + 100);
    const dflt = new PlanCache<Plan>();
    dflt.set('k', { id: 1 });
    expect(dflt.stats().bytes).toBe(2 + DEFAULT_PER_PLAN_BYTES);
  });

  it('does not cache a plan larger than maxBytes, and keeps the others', () => {
    const cache = new PlanCache<Plan>({ maxBytes: 100 });
    cache.set('a', { id: 1 }, 50);
    expect(cache.set('huge', { id: 2 }, 101)).toBe(false);
    expect(cache.keys()).toEqual(['a']);
    expect(cache.stats()).toMatchObject({ rejected: 1, evictions: 0, bytes: 50 });
    expect(new PlanCache<Plan>({ maxEntries: 0 }).set('a', { id: 1 })).toBe(false);
  });

  it('replaces an existing entry and adjusts the byte count', () => {
    const cache = new PlanCache<Plan>({ maxEntries: 2 });
    cache.set('a', { id: 1 }, 10);
    cache.set('b', { id: 2 }, 10);
    cache.set('a', { id: 3 }, 30); // a becomes the most recent, nothing is evicted
    expect(cache.keys()).toEqual(['b', 'a']);
    expect(cache.get('a')).toEqual({ id: 3 });
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 40, evictions: 0 });
  });

  it('deletes and clears; clear keeps the counters', () => {
    const cache = new PlanCache<Plan>();
    cache.set('a', { id: 1 }, 10);
    cache.set('b', { id: 2 }, 20);
    cache.get('a');
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 20 });
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0, hits: 1, misses: 1 });
    cache.set('a', { id: 9 });
    expect(cache.get('a')).toEqual({ id: 9 });
  });

  it('deep-freezes plans when asked to', () => {
    const frozen = new PlanCache<Plan>({ freezePlans: true });
    const plan: Plan = { id: 1, nested: { values: [1, 2] } };
    frozen.set('a', plan);
    expect(Object.isFrozen(frozen.get('a'))).toBe(true);
    expect(Object.isFrozen(plan.nested?.values)).toBe(true);
    const plain = new PlanCache<Plan>();
    plain.set('a', { id: 1 });
    expect(Object.isFrozen(plain.get('a'))).toBe(false);
  });

  it('rejects invalid bounds', () => {
    expect(() => new PlanCache({ maxEntries: -1 })).toThrow(RangeError);
    expect(() => new PlanCache({ maxBytes: 1.5 })).toThrow(RangeError);
  });

  it('stays within both bounds under a long random workload', () => {
    const cache = new PlanCache<number>({ maxEntries: 50, maxBytes: 5000 });
    let seed = 9;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const model: string[] = []; // keys, least recent first
    const sizes = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const k = `k${rand(200)}`;
      if (rand(2) === 0) {
        const hit = cache.get(k);
        const at = model.indexOf(k);
        expect(hit !== undefined).toBe(at >= 0);
        if (at >= 0) model.push(...model.splice(at, 1));
      } else {
        const size = 1 + rand(300);
        cache.set(k, i, size);
        const at = model.indexOf(k);
        if (at >= 0) model.splice(at, 1);
        model.push(k);
        sizes.set(k, size);
        let bytes = model.reduce((s, m) => s + sizes.get(m)!, 0);
        while (model.length > 50 || bytes > 5000) bytes -= sizes.get(model.shift()!)!;
      }
      const stats = cache.stats();
      expect(stats.entries).toBeLessThanOrEqual(50);
      expect(stats.bytes).toBeLessThanOrEqual(5000);
    }
    expect(cache.keys()).toEqual(model);
    expect(cache.stats().bytes).toBe(model.reduce((s, m) => s + sizes.get(m)!, 0));
  });
});
