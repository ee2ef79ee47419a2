/**
 * The test-only vindex types of Vitess's planner tests live with the planner conformance runner
 * (src/conformance/planner/vindex-types.ts); tests import them through here.
 */
export { registerPlannerTestTypes, plannerTestRegistry } from '../../src/conformance/planner/vindex-types.js';
