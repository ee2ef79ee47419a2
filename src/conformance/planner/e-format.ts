/**
 * vexplain JSON → the E format compare.py scores (README "Case format"): plan type, query type,
 * tables used, the operator shape, and every routing operator in pre-order with its keyspace,
 * variant, vindex and values.
 */
import type { ExplainJson } from '../../planner/explain.js';

type Json = Readonly<Record<string, unknown>>;

const ROUTING_OPS: ReadonlySet<string> = new Set(['Route', 'Insert', 'Update', 'Delete', 'VindexLookup', 'Send', 'VindexFunc']);

export function toE(explain: ExplainJson): Json {
  const instructions = explain['Instructions'] as Json | undefined;
  const routes: Json[] = [];
  if (instructions) collect(instructions, routes);
  return {
    type: explain['Type'],
    query_type: explain['QueryType'],
    tables_used: explain['TablesUsed'] ?? [],
    shape: instructions ? shape(instructions) : null,
    routes,
  };
}

function inputs(op: Json): Json[] {
  return (op['Inputs'] as Json[] | undefined) ?? [];
}

function shape(op: Json): Json {
  const out: Record<string, unknown> = { op: op['OperatorType'] };
  if (op['Variant'] !== undefined) out['variant'] = op['Variant'];
  const kids = inputs(op);
  if (kids.length > 0) out['children'] = kids.map(shape);
  return out;
}

function collect(op: Json, out: Json[]): void {
  const kind = op['OperatorType'] as string;
  if (ROUTING_OPS.has(kind)) out.push(routeEntry(op, kind));
  for (const i of inputs(op)) collect(i, out);
}

function routeEntry(op: Json, kind: string): Json {
  const ks = op['Keyspace'] as { Name: string; Sharded: boolean } | undefined;
  const r: Record<string, unknown> = { op: kind, variant: kind === 'Send' ? null : (op['Variant'] ?? null) };
  if (ks) {
    r['keyspace'] = ks.Name;
    r['sharded'] = ks.Sharded;
  } else if (kind === 'VindexFunc') {
    // vexplain prints no keyspace for a VindexFunc; its one value is the Value field.
    r['keyspace'] = null;
    r['sharded'] = null;
    if (op['Value'] !== undefined) r['values'] = [op['Value']];
  }
  const copy = (from: string, to: string): void => {
    if (op[from] !== undefined) r[to] = op[from];
  };
  copy('Vindex', 'vindex');
  copy('Values', 'values');
  copy('VindexValues', 'vindex_values');
  copy('VindexOffsetFromSelect', 'vindex_offset_from_select');
  copy('AutoIncrement', 'autoincrement');
  copy('InsertIgnore', 'insert_ignore');
  copy('KsidVindex', 'ksid_vindex');
  copy('OwnedVindexQuery', 'owned_vindex_query');
  if (Array.isArray(op['ChangedVindexValues'])) r['changed_vindexes'] = (op['ChangedVindexValues'] as string[]).map((c) => c.replace(/:\d+$/, ''));
  copy(kind === 'Insert' ? 'TableName' : 'Table', 'table');
  // Only Send reports its target: the E format keeps TargetDestination for Send alone.
  if (kind === 'Send') copy('TargetDestination', 'target');
  copy('SysTableTableSchema', 'sys_table_schema');
  copy('SysTableTableName', 'sys_table_name');
  copy('OrderBy', 'order_by');
  copy('Query', 'query');
  return r;
}
