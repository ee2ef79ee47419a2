/**
 * The replay's comparison of ordered results: rows must come in the order of their ORDER BY keys,
 * while rows whose keys tie may come in either order (MySQL leaves ties undefined).
 */
import { describe, expect, it } from 'vitest';
import { sameRows } from '../../src/conformance/e2e/compare.js';
import { orderKeyColumns } from '../../src/conformance/e2e/order-keys.js';

describe('orderKeyColumns', () => {
  it('resolves aliases, column names, expressions and column numbers to result columns', () => {
    expect(orderKeyColumns('select email, max(col) as m from user group by email order by m desc, email')).toEqual([1, 0]);
    expect(orderKeyColumns('select email, max(col) from user group by email order by max(col)')).toEqual([1]);
    expect(orderKeyColumns('select u.id, u.name from user u order by 2, u.id')).toEqual([1, 0]);
    expect(orderKeyColumns('select id, name from user order by user.name')).toEqual([1]);
  });

  it('skips string constants, which sort nothing', () => {
    expect(orderKeyColumns("select email, max(col) as 'value' from user group by email order by 'value'")).toEqual([]);
  });

  it('gives null when a key is not in the result, so the comparison stays strict', () => {
    expect(orderKeyColumns('select email from user order by col')).toBeNull();
    expect(orderKeyColumns('select email from user order by abs(col)')).toBeNull();
    expect(orderKeyColumns('select * from user order by id')).toBeNull();
    expect(orderKeyColumns('select id from user order by 3')).toBeNull();
    expect(orderKeyColumns('not sql at all')).toBeNull();
  });

  it('reads the select list of the leftmost branch of a UNION', () => {
    expect(orderKeyColumns('select a, b from t union select c, d from u order by b')).toEqual([1]);
  });
});

describe('sameRows', () => {
  const single = [['a', '2'], ['b', '2'], ['c', '1']];
  it('accepts ties in another order when ordering by keys', () => {
    expect(sameRows([['b', '2'], ['a', '2'], ['c', '1']], single, [1])).toBe(true);
  });
  it('rejects rows whose keys are out of order', () => {
    expect(sameRows([['c', '1'], ['a', '2'], ['b', '2']], single, [1])).toBe(false);
  });
  it('rejects different rows even when the key sequence matches', () => {
    expect(sameRows([['a', '2'], ['x', '2'], ['c', '1']], single, [1])).toBe(false);
  });
  it('strict order compares every row in place; no order compares the multisets', () => {
    expect(sameRows([['b', '2'], ['a', '2'], ['c', '1']], single, true)).toBe(false);
    expect(sameRows([['c', '1'], ['b', '2'], ['a', '2']], single, false)).toBe(true);
  });
});
