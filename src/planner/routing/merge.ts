/**
 * When two routes can become one (Vitess mergeJoinInputs / mergeSubqueryInputs): `dual` merges
 * with anything; unsharded and reference routes merge with anything in their keyspace (a
 * reference table may switch to its copy in the other side's keyspace); None merges within its
 * keyspace; two sharded routes merge when both are EqualUnique on the same vindex and value, or
 * when a join predicate equates columns of the same unique vindex on both sides, so matching
 * rows always live on the same shard.
 */
import type { Expr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { splitAnd } from '../expr/walk.js';
import { keyspaceIdsEqualExprs } from './equal-values.js';
import { combine, newRoute, type RouteBuilder } from './builder.js';
import { findColumnVindex } from './column-vindex.js';
import { dbaCompatible } from './dba.js';
import { singleShard, type Routing } from './routing.js';
import type { ShardedRouting } from './sharded.js';
import { printValue } from '../values.js';

/** `union` is UNION DISTINCT (vtgate removes duplicates over a multi-shard route), `unionAll` keeps every row. */
export type MergeKind = 'join' | 'leftJoin' | 'subquery' | 'union' | 'unionAll';

/**
 * The merged route, or null. `predicates` are the conditions joining the two sides; for an inner
 * join they become part of the merged route's routing.
 */
export function tryMerge(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder, predicates: readonly Expr[], kind: MergeKind): RouteBuilder | null {
  // A recursive CTE's rows come from every shard its anchor read: its recursive part may only
  // join tables every shard has.
  const selfRef = (r: RouteBuilder): boolean => r.tables.some((t) => t.hidden);
  const union = kind === 'union' || kind === 'unionAll';
  if (!union && ((selfRef(a) && b.routing.kind === 'sharded') || (selfRef(b) && a.routing.kind === 'sharded'))) return null;
  const [lhs, rhs] = alternates(ctx, a, b);
  const ra = lhs.routing;
  const rb = rhs.routing;
  const same = ra.keyspace.name === rb.keyspace.name;
  const extra = kind === 'join' ? predicates : [];
  const merged = (): RouteBuilder => combine(ctx, lhs, rhs, extra);
  if (ra.kind === 'targeted' || rb.kind === 'targeted') {
    return ra.kind === 'targeted' && rb.kind === 'targeted' && same && sameDestination(ra, rb) ? merged() : null;
  }
  if (union) {
    const part = mergeUnionParts(ctx, lhs, rhs, kind, same);
    if (part !== undefined) return part;
  }
  if (ra.kind === 'dual' || rb.kind === 'dual') return merged();
  if (ra.kind === 'dba' || rb.kind === 'dba') {
    // Each side of a UNION keeps its own DBA route; other system-table routes merge when compatible.
    return ra.kind === 'dba' && rb.kind === 'dba' && !union && dbaCompatible(ra, rb) ? merged() : null;
  }
  if ((ra.kind === 'anyShard' || rb.kind === 'anyShard') && same) return merged();
  if ((ra.kind === 'none' || rb.kind === 'none') && same) return merged();
  if (ra.kind === 'sharded' && rb.kind === 'sharded') {
    if (union) return mergeUnionSharded(ra, rb) ? merged() : null;
    if (mergeSharded(ctx, ra, rb, lhs, rhs, predicates) || mergeSharded(ctx, rb, ra, rhs, lhs, predicates)) return merged();
  }
  return null;
}

/**
 * UNION parts where one side is dual, a reference table or None; undefined for the other cases.
 * A dual or reference part runs on every shard the merged route reaches, so its rows would come
 * once per shard: UNION ALL merges it only into a route of one shard (UNION DISTINCT removes the
 * copies at vtgate). A None part adds no rows: the merged route goes where the other part goes
 * (its predicates no longer route the merged statement, which would make it None too).
 */
function mergeUnionParts(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder, kind: MergeKind, same: boolean): RouteBuilder | null | undefined {
  const ra = a.routing;
  const rb = b.routing;
  // System-table routes keep their own rules; a recursive CTE's recursive part reads each shard's own anchor rows.
  if ((ra.kind === 'dba' || rb.kind === 'dba') && ra.kind !== 'dual' && rb.kind !== 'dual') return undefined;
  if ([...a.tables, ...b.tables].some((t) => t.hidden)) return undefined;
  const once = (r: Routing): boolean => r.kind === 'dual' || (r.kind === 'anyShard' && same);
  if (ra.kind === 'none' || rb.kind === 'none') {
    if (!same) return undefined;
    const other = ra.kind === 'none' ? b : a;
    // A part that reads no shard (dual, a reference table) beside one that reads none: the merged
    // route stays None, and runs on one shard for the rows of that part (Route.answersWithoutRows).
    if (once(other.routing)) return combine(ctx, a, b, []);
    return newRoute(ctx, [...a.ids, ...b.ids], [...a.tables, ...b.tables], other.predicates, new Set([...a.outerSide, ...b.outerSide]));
  }
  if (!once(ra) && !once(rb)) return undefined;
  const other = once(ra) ? rb : ra;
  if (kind === 'unionAll' && !singleShard(other)) return null;
  return combine(ctx, a, b, []);
}

function sameDestination(a: Extract<Routing, { kind: 'targeted' }>, b: Extract<Routing, { kind: 'targeted' }>): boolean {
  return JSON.stringify(a.destination, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)) ===
    JSON.stringify(b.destination, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
}

function mergeSharded(ctx: PlanContext, ra: ShardedRouting, rb: ShardedRouting, a: RouteBuilder, b: RouteBuilder, predicates: readonly Expr[]): boolean {
  if (ra.keyspace.name !== rb.keyspace.name) return false;
  switch (ra.opcode) {
    case 'EqualUnique':
      if (rb.opcode === 'EqualUnique' && sameVindexAndValues(ra, rb)) return true;
      return canMergeOnFilters(ctx, a, b, predicates);
    case 'Scatter':
    case 'IN':
    case 'None':
      return canMergeOnFilters(ctx, a, b, predicates);
    default:
      return false;
  }
}

/** UNION: two scatters of one keyspace run as one scatter; routes to the same shards (same vindex, same values) merge. */
function mergeUnionSharded(ra: ShardedRouting, rb: ShardedRouting): boolean {
  if (ra.keyspace.name !== rb.keyspace.name) return false;
  if (ra.opcode === 'Scatter' && rb.opcode === 'Scatter') return true;
  if (ra.opcode !== rb.opcode || !ra.selected || !rb.selected || ra.selected.colVindex.vindex !== rb.selected.colVindex.vindex) return false;
  if (ra.opcode === 'EqualUnique') return sameVindexAndValues(ra, rb);
  const a = ra.selected.values.map((v) => (v ? printValue(v) : ''));
  const b = rb.selected.values.map((v) => (v ? printValue(v) : ''));
  return (ra.opcode === 'IN' || ra.opcode === 'MultiEqual') && a.join('\n') === b.join('\n') && !a.some((x) => x.includes(':'));
}

function sameVindexAndValues(ra: ShardedRouting, rb: ShardedRouting): boolean {
  const sa = ra.selected;
  const sb = rb.selected;
  if (!sa || !sb || sa.colVindex.vindex !== sb.colVindex.vindex) return false;
  return keyspaceIdsEqualExprs(sa.valueExprs, sb.valueExprs);
}

function canMergeOnFilters(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder, predicates: readonly Expr[]): boolean {
  return predicates.some((p) => splitAnd(p).some((e) => canMergeOnFilter(ctx, a, b, e)));
}

function canMergeOnFilter(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder, e: Expr): boolean {
  if (e.kind !== 'binary' || e.op !== '=') return false;
  let [left, right] = [e.left, e.right];
  let lv = findColumnVindex(ctx, a, left);
  if (!lv) {
    [left, right] = [right, left];
    lv = findColumnVindex(ctx, a, left);
  }
  if (!lv || !lv.unique) return false;
  const rv = findColumnVindex(ctx, b, right);
  return rv !== null && rv === lv;
}

/**
 * A reference table merges with a route of another keyspace through its copy there (its
 * source, or the reference table that copies it): Vitess's getRoutesOrAlternates.
 */
function alternates(ctx: PlanContext, a: RouteBuilder, b: RouteBuilder): [RouteBuilder, RouteBuilder] {
  if (a.routing.keyspace.name === b.routing.keyspace.name) return [a, b];
  if (a.routing.kind === 'dual' || b.routing.kind === 'dual') return [a, b];
  const altA = alternateIn(ctx, a, b.routing.keyspace.name);
  if (altA) return [altA, b];
  const altB = alternateIn(ctx, b, a.routing.keyspace.name);
  if (altB) return [a, altB];
  return [a, b];
}

function alternateIn(ctx: PlanContext, r: RouteBuilder, keyspace: string): RouteBuilder | null {
  // A DML target is written where it lives: never through a copy.
  if (r.routing.kind !== 'anyShard' || r.tables.some((t) => ctx.dmlTargets.has(t.id))) return null;
  const swapped = [];
  for (const leaf of r.tables) {
    const t = leaf.table;
    const target = t.referencedBy.get(keyspace) ?? (t.source?.keyspace === keyspace ? t.source.table : undefined);
    const ks = ctx.vschema.keyspaces.get(keyspace);
    const table = target === undefined ? undefined : ks?.tables.get(target);
    // `dual` (and a recursive CTE's self-reference) is in every keyspace.
    if (t.name === 'dual' && t.kind === 'reference' && !t.declared && ks) swapped.push({ ...leaf, keyspace: ks });
    else if (ks && table) swapped.push({ ...leaf, table, keyspace: ks });
    else return null;
  }
  return newRoute(ctx, r.ids, swapped, r.predicates, r.outerSide);
}
