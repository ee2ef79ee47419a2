import { it } from 'vitest';
import { explainPlan } from '../../src/planner/explain.js';
import { plan } from './helpers.js';
it('explain', () => {
  for (const sql of (process.env.SQLS ?? '').split('\n').filter(Boolean)) {
    try { console.log(sql + '\n' + JSON.stringify(explainPlan(plan(sql)).Instructions, null, 1)); } catch (e) { console.log(sql + '\nERROR ' + (e as Error).message); }
  }
});
