import { describe, expect, it } from 'vitest';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import { registerPlannerTestTypes } from '../support/planner-vindex-types.js';
import { vindexErrorOf } from './helpers.js';

// harness.json `test_vindex_types`: the planner tests' own vindex types.
describe('planner test-only types via defineVindexType', () => {
  const registry = registerPlannerTestTypes(new VindexRegistry());

  it.each([
    ['hash_test', { unique: true, cost: 1, kind: 'functional', multiColumn: false, partial: false }],
    ['lookup_test', { unique: true, cost: 2, kind: 'lookup' }],
    ['name_lkp_test', { unique: false, cost: 3, kind: 'lookup' }],
    ['costly', { unique: false, cost: 10, kind: 'lookup' }],
    ['multiCol_test', { unique: true, cost: 1, kind: 'functional', multiColumn: true, partial: true }],
  ] as const)('%s has %j', (type, expected) => {
    const vindex = registry.create(type, `v_${type}`, {});
    expect(vindex).toMatchObject({ ...expected, name: `v_${type}`, type, backfilling: false, hashing: false, needsBackingTable: false });
    expect(Object.isFrozen(vindex)).toBe(true);
  });

  it('unq_lkp_test takes its cost from the `cost` param and backfills when write_only=true', () => {
    const plain = registry.create('unq_lkp_test', 'u', { table: 't', from: 'a', to: 'k', cost: '300' });
    expect(plain).toMatchObject({ unique: false, kind: 'lookup', cost: 300, backfilling: false });
    expect(plain.unknownParams).toEqual([]);
    expect(registry.create('unq_lkp_test', 'u', { cost: '2', write_only: 'true' })).toMatchObject({ cost: 2, backfilling: true });
    expect(registry.create('unq_lkp_test', 'u', {}).cost).toBe(0);
    const err = vindexErrorOf(() => registry.create('unq_lkp_test', 'u', { cost: 'x' }));
    expect(err.message).toBe('strconv.Atoi: parsing "x": invalid syntax');
    expect(err.details).toEqual({ type: 'unq_lkp_test', name: 'u', param: 'cost' });
    expect(vindexErrorOf(() => registry.create('unq_lkp_test', 'u', { write_only: 'yes' })).message).toBe(
      "write_only value must be 'true' or 'false': 'yes'",
    );
  });

  it('the test types are unknown to a registry they were not added to', () => {
    expect(new VindexRegistry().has('hash_test')).toBe(false);
    expect(registry.types()).toContain('multiCol_test');
  });

  it('unknown params of a test type are reported', () => {
    expect(registry.create('hash_test', 'h', { b: '1', a: '2' }).unknownParams).toEqual(['a', 'b']);
  });
});
