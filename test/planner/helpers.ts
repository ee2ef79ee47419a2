/** The planner test VSchema (Vitess's planner-test schema.json) and shorthands for its plans. */
import { join } from 'node:path';
import { plannerTestRegistry } from '../../src/conformance/planner/vindex-types.js';
import { explainPlan } from '../../src/planner/explain.js';
import { inputsOf, type Operator, type Plan } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { printValue } from '../../src/planner/values.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { PLANNER_VSCHEMAS } from '../support/shared.js';

export const schema = loadVSchema(join(PLANNER_VSCHEMAS, 'schema.json'), { registry: plannerTestRegistry() });
export const planner = new Planner(schema);

export function plan(sql: string, target = ''): Plan {
  return planner.plan(sql, { target });
}

/** The routing summary of every routing operator in pre-order: `Variant keyspace vindex [values]`. */
export function routes(sql: string, target = ''): string[] {
  const out: string[] = [];
  const visit = (op: Operator): void => {
    switch (op.kind) {
      case 'Route':
        out.push(summary('Route', op.variant, op.keyspace.name, op.vindex, op.values.map(printValue)));
        return;
      case 'VindexLookup':
        out.push(summary('VindexLookup', op.variant, op.keyspace.name, op.vindex, op.values.map(printValue)));
        visit(op.lookup);
        visit(op.route);
        return;
      case 'Insert':
        out.push(summary('Insert', op.variant, op.keyspace.name, null, []));
        if (op.input) visit(op.input);
        return;
      case 'Update':
      case 'Delete':
        out.push(summary(op.kind, op.variant, op.keyspace.name, op.vindex, op.values.map(printValue)));
        return;
      case 'Send':
        out.push(`Send ${op.keyspace.name} ${op.targetDestination}`);
        return;
      default:
        inputsOf(op).forEach(visit);
    }
  };
  const p = plan(sql, target);
  if (p.instructions) visit(p.instructions);
  return out;
}

function summary(op: string, variant: string, ks: string, vindex: string | null, values: string[]): string {
  return [op, variant, ks, ...(vindex ? [vindex] : []), ...(values.length ? [`[${values.join(' | ')}]`] : [])].join(' ');
}

export function explain(sql: string, target = ''): Record<string, unknown> {
  return explainPlan(plan(sql, target)) as Record<string, unknown>;
}
