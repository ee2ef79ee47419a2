/**
 * A route's rows at vtgate: the shards' results concatenated, or merge-sorted on the route's
 * ORDER BY (each shard already returns its rows in that order: Vitess's MergeSort), then the
 * helper columns past resultColumns dropped. A route that reached no shard still reports its
 * columns (the port runs the field query).
 */
import type { OrderByParam, Route, VindexLookup } from '../planner/plan.js';
import { columnKeys, compareOn } from './compare.js';
import type { EngineContext } from './context.js';
import type { EngineField, EngineResult, Row } from './result.js';

export async function runRoute(ctx: EngineContext, op: Route | VindexLookup): Promise<EngineResult> {
  const route = op.kind === 'Route' ? op : op.route;
  const results = await ctx.port.fetchShards(op, ctx.binds);
  const merged = route.orderBy.length > 0 && results.length > 1 ? mergeSorted(results, route.orderBy) : concat(results);
  return truncate(merged, route.resultColumns);
}

function concat(results: readonly EngineResult[]): EngineResult {
  if (results.length === 1) return results[0]!;
  const fields = results.find((r) => r.fields.length > 0)?.fields ?? [];
  return { fields, rows: results.flatMap((r) => r.rows) };
}

/** Row comparator for ORDER BY params: the weight_string column when the plan has one, else the column under its collation. */
export function orderComparator(orderBy: readonly OrderByParam[], fields: readonly EngineField[]): (a: Row, b: Row) => number {
  const keys = columnKeys(orderBy, fields);
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareOn(a, b, keys[i]!);
      if (c !== 0) return orderBy[i]!.desc ? -c : c;
    }
    return 0;
  };
}

/** k-way merge of already sorted shard results; ties keep shard order. */
export function mergeSorted(results: readonly EngineResult[], orderBy: readonly OrderByParam[]): EngineResult {
  const fields = results.find((r) => r.fields.length > 0)?.fields ?? [];
  const cmp = orderComparator(orderBy, fields);
  const cursors = results.map(() => 0);
  const total = results.reduce((n, r) => n + r.rows.length, 0);
  const rows: Row[] = new Array(total);
  for (let out = 0; out < total; out++) {
    let best = -1;
    for (let s = 0; s < results.length; s++) {
      const row = results[s]!.rows[cursors[s]!];
      if (row === undefined) continue;
      if (best < 0 || cmp(row, results[best]!.rows[cursors[best]!]!) < 0) best = s;
    }
    rows[out] = results[best]!.rows[cursors[best]!++]!;
  }
  return { fields, rows };
}

export function truncate(result: EngineResult, columns: number | null): EngineResult {
  if (columns === null || result.fields.length <= columns) return result;
  return { fields: result.fields.slice(0, columns), rows: result.rows.map((r) => r.slice(0, columns)) };
}
