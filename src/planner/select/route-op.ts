/**
 * Turns a finished route into plan operators: a Route with its variant, keyspace, vindex and
 * values and the shard query; or, when the cheapest vindex is a planable lookup vindex, a
 * VindexLookup that reads the lookup table first and then sends the query ByDestination.
 */
import type { AliasedTable, Expr, Select, SelectStatement } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import type { OrderByParam, Route, VindexLookup } from '../plan.js';
import type { RouteBuilder } from '../routing/builder.js';
import type { Routing } from '../routing/routing.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { answersOnNoRows, impossibleQuery } from '../query/field-query.js';
import { rewriteShardStatement, type ShardRewrite } from '../query/shard-query.js';
import { lookupRoute } from './lookup.js';
import { makeRoute, routeFields } from './make-route.js';

export function shardRewriteFor(route: RouteBuilder, replaced: ReadonlyMap<Expr, Expr> = new Map()): ShardRewrite {
  const tables = new Map<AliasedTable, TableLeaf>();
  for (const t of route.tables) if (t.node) tables.set(t.node, t);
  return { tables, inPredicate: inPredicateOf(route.routing), replaced };
}

/** The IN that routes the statement: Vitess sends `in ::__vals` and prunes the list per shard. */
export function inPredicateOf(r: Routing): ShardRewrite['inPredicate'] {
  if (r.kind !== 'sharded' || r.opcode !== 'IN' || !r.selected) return null;
  const multi = r.selected.colVindex.vindex.multiColumn;
  for (let i = 0; i < r.selected.predicates.length; i++) {
    const p = r.selected.predicates[i];
    if (p?.kind === 'in' && Array.isArray(p.list) && (p.list as readonly Expr[]).length > 1) return { node: p, list: multi ? `__vals${i}` : '__vals' };
  }
  return null;
}

export interface RouteExtras {
  /** `select next ... from seq`: the route reads a sequence (Next). */
  readonly next?: boolean;
  /** Merge-sort of the shards' results. */
  readonly orderBy?: readonly OrderByParam[];
  readonly resultColumns?: number | null;
}

/** The operator that runs a SELECT which planned into one route. */
export function selectRouteOperator(ctx: PlanContext, route: RouteBuilder, stmt: SelectStatement, extras: RouteExtras = {}): Route | VindexLookup {
  const r = route.routing;
  const shardStmt = rewriteShardStatement(stmt, shardRewriteFor(route, ctx.replaced));
  const query = printSql(shardStmt);
  const fieldQuery = printSql(impossibleQuery(shardStmt));
  // A sequence is read with Next: vtgate hands out the values from its cache of the sequence row.
  const fields = extras.next && r.kind === 'anyShard' ? { ...routeFields(r), variant: 'Next' as const } : routeFields(r);
  const answersWithoutRows = answersOnNoRows(shardStmt) || unionPartReadsNoShardRows(stmt, route);
  const finish = (rt: Route): Route => Object.freeze({ ...rt, fieldQuery, answersWithoutRows, orderBy: Object.freeze([...(extras.orderBy ?? [])]), resultColumns: extras.resultColumns ?? null });
  if (r.kind === 'sharded' && r.selected && usesVindexLookup(r.selected.colVindex.vindex, r.opcode)) {
    const lookupVindex = r.selected.colVindex.vindex;
    return Object.freeze({
      kind: 'VindexLookup',
      variant: r.opcode,
      keyspace: fields.keyspace,
      vindex: r.selected.colVindex.name,
      values: fields.values,
      lookup: lookupRoute(ctx, lookupVindex, r.keyspace),
      route: finish(makeRoute({ variant: 'ByDestination', keyspace: fields.keyspace, vindex: null, values: [], targetDestination: null }, query)),
    });
  }
  return finish(makeRoute(fields, query));
}

export function usesVindexLookup(v: { kind: string; lookupPlanable: boolean }, opcode: string): boolean {
  return v.kind === 'lookup' && v.lookupPlanable && (opcode === 'Equal' || opcode === 'EqualUnique' || opcode === 'IN' || opcode === 'MultiEqual');
}

/**
 * A UNION with a part that reads only reference tables or no table (`select 1`): that part has
 * rows whatever shard answers, so a UNION route that reaches no shard still runs on one.
 */
function unionPartReadsNoShardRows(stmt: SelectStatement, route: RouteBuilder): boolean {
  if (stmt.kind !== 'union') return false;
  const parts: Select[] = [];
  const collect = (s: SelectStatement): void => {
    if (s.kind === 'union') {
      collect(s.left);
      collect(s.right);
    } else parts.push(s);
  };
  collect(stmt);
  return parts.some((p) => p.from.every((t) => t.kind === 'table' && isShardless(route.tables.find((l) => l.node === t))));
}

function isShardless(leaf: TableLeaf | undefined): boolean {
  return leaf !== undefined && (leaf.table.kind === 'reference' || leaf.table.name === 'dual' || !leaf.keyspace.sharded);
}