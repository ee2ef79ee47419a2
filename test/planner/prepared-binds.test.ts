/**
 * PreparedBinds is the Map the cached path hands out as PreparedStatement.bindVars: it must
 * behave as a read-only Map (lookups, size, iteration order, forEach) however it was filled, and
 * past SCAN_LIMIT names look up through an index that push() and setAt() keep up to date.
 */
import { describe, expect, it } from 'vitest';
import { isPreparedBinds, PreparedBinds } from '../../src/planner/prepared-binds.js';
import { sqlValue } from '../../src/vindexes/value.js';

function filled(n: number): PreparedBinds {
  const b = new PreparedBinds(2);
  for (let i = 0; i < n; i++) b.push(`v${i}`, sqlValue(i));
  return b;
}

describe('PreparedBinds', () => {
  it.each([0, 1, 5, 16, 17, 40])('reads like the Map of the same entries (%i names)', (n) => {
    const b = filled(n);
    const m = new Map(Array.from({ length: n }, (_, i) => [`v${i}`, sqlValue(i)]));
    expect(b.size).toBe(m.size);
    expect([...b]).toEqual([...m]);
    expect([...b.entries()]).toEqual([...m.entries()]);
    expect([...b.keys()]).toEqual([...m.keys()]);
    expect([...b.values()]).toEqual([...m.values()]);
    const seen: string[] = [];
    b.forEach((v, k, map) => {
      expect(map).toBe(b);
      expect(v).toEqual(m.get(k));
      seen.push(k);
    });
    expect(seen).toEqual([...m.keys()]);
    for (let i = 0; i < n; i++) {
      expect(b.get(`v${i}`)).toEqual(sqlValue(i));
      expect(b.has(`v${i}`)).toBe(true);
    }
    expect(b.get(`v${n}`)).toBeUndefined();
    expect(b.has('toString')).toBe(false);
    expect(b.get('constructor')).toBeUndefined();
    expect(new Map(b)).toEqual(m);
    expect(isPreparedBinds(b)).toBe(true);
    expect(isPreparedBinds(m)).toBe(false);
  });

  it('keeps its index up to date when names are added after a lookup past the scan limit', () => {
    const b = filled(20);
    expect(b.get('v3')).toEqual(sqlValue(3)); // builds the index
    b.push('late', sqlValue('x'));
    expect(b.get('late')).toEqual(sqlValue('x'));
    const at = b.size;
    b.reserve(2);
    b.setAt(at + 1, 'second', sqlValue(2));
    b.setAt(at, 'first', sqlValue(1));
    expect(b.size).toBe(23);
    expect(b.get('first')).toEqual(sqlValue(1));
    expect(b.get('second')).toEqual(sqlValue(2));
    expect([...b.keys()].slice(-3)).toEqual(['late', 'first', 'second']);
  });
});
