/**
 * The test-only vindex types of Vitess's planner tests (conformance/planner/harness.json,
 * `test_vindex_types`), each one line with defineVindexType: the conformance runner registers
 * them so the planner test VSchemas load, and the project's tests import them from here.
 */
import { LOOKUP_INTERNAL_PARAMS } from '../../vindexes/lookup-params.js';
import { boolParam, intParam } from '../../vindexes/params.js';
import { VindexRegistry } from '../../vindexes/registry.js';

export function registerPlannerTestTypes(registry: VindexRegistry): VindexRegistry {
  return registry
    .define('hash_test', { unique: true, cost: 1, kind: 'functional' })
    .define('lookup_test', { unique: true, cost: 2, kind: 'lookup' })
    .define('name_lkp_test', { unique: false, cost: 3, kind: 'lookup' })
    .define('costly', { unique: false, cost: 10, kind: 'lookup' })
    .define('multiCol_test', { unique: true, cost: 1, kind: 'functional', multiColumn: true, partial: true })
    .define('unq_lkp_test', {
      unique: false,
      cost: 0,
      kind: 'lookup',
      knownParams: [...LOOKUP_INTERNAL_PARAMS, 'cost', 'write_only'],
      validate: (ctx) => ({ cost: intParam(ctx, 'cost', 0), backfilling: boolParam(ctx, 'write_only') }),
    });
}

/** A registry with the built-in types plus the planner's test-only ones. */
export function plannerTestRegistry(): VindexRegistry {
  return registerPlannerTestTypes(new VindexRegistry());
}
