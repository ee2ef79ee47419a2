/**
 * What UPDATE and DELETE share: they route like a SELECT over their tables and WHERE (a lookup
 * vindex routes them directly, without a VindexLookup), they may only run on primary tablets,
 * DML on a reference table goes to its source, and a table owning lookup vindexes needs the
 * old vindex values first (the owned-vindex query: SELECT ... FOR UPDATE of the primary vindex
 * columns and every owned vindex's columns).
 */
import type { AliasedTable, Expr, Limit, OrderBy, Select, SelectExpr, TableExpr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { ColumnVindex } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { notImplemented, vtError } from '../errors.js';
import { singleShard } from '../select/pushdown.js';
import type { DmlCommon, PlanType } from '../plan.js';
import { routeVariantPlanType } from '../plan-type.js';
import type { RouteBuilder } from '../routing/builder.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { selectOf } from '../../sql/build.js';
import { routeFields } from '../select/make-route.js';
import { rewriteExpr, rewriteTableExprForShard, type ShardRewrite } from '../query/shard-query.js';

export function checkPrimary(ctx: PlanContext, leaves: readonly TableLeaf[], what: 'update' | 'delete'): void {
  if (ctx.target.tabletType !== 'primary' || leaves.some((l) => l.resolved.tabletType !== 'primary')) {
    throw vtError('VT09002', `${what} statement with a replica target`);
  }
}

/** DML on a reference table with a source writes the source (Vitess keeps copies in sync from it). */
export function useReferenceSource(ctx: PlanContext, leaf: TableLeaf): void {
  const src = leaf.table.kind === 'reference' ? leaf.table.source : null;
  if (!src) return;
  const ks = ctx.vschema.keyspaces.get(src.keyspace);
  const table = ks?.tables.get(src.table);
  if (ks && table) {
    leaf.table = table;
    leaf.keyspace = ks;
  }
}

/** The primary vindex and the owned lookups a DML on `leaf` must maintain. */
export function ownedColumns(leaf: TableLeaf): { primary: ColumnVindex; columns: string[] } | null {
  const primary = leaf.table.columnVindexes[0];
  if (!primary || !leaf.keyspace.sharded) return null;
  return { primary, columns: [...primary.columns, ...leaf.table.owned.flatMap((cv) => cv.columns)] };
}

export interface OwnedQueryParts {
  readonly columns: readonly string[];
  /** Qualifies each column (multi-table DML: `u.Id`). */
  readonly qualifier: string | null;
  readonly extra: readonly Expr[];
  readonly from: readonly TableExpr[];
  readonly where: Expr | null;
  readonly orderBy: readonly OrderBy[];
  readonly limit: Limit | null;
}

export function ownedVindexQuery(p: OwnedQueryParts, rw: ShardRewrite): string {
  const cols: SelectExpr[] = p.columns.map((name) => ({
    kind: 'aliased',
    expr: { kind: 'column', table: p.qualifier ? { qualifier: null, name: p.qualifier } : null, name },
    as: null,
  }));
  for (const e of p.extra) cols.push({ kind: 'aliased', expr: rewriteExpr(e, rw), as: null });
  const select: Select = selectOf({
    columns: cols,
    from: p.from.map((t) => rewriteTableExprForShard(t, rw)),
    where: p.where ? rewriteExpr(p.where, rw) : null,
    orderBy: p.orderBy.map((o) => ({ ...o, expr: rewriteExpr(o.expr, rw) })),
    limit: p.limit,
    lock: 'for update',
  });
  return printSql(select);
}

/** Routing fields of an Update/Delete: Vitess routes DML through lookup vindexes directly. */
export function dmlFields(route: RouteBuilder): Pick<DmlCommon, 'variant' | 'keyspace' | 'vindex' | 'values' | 'targetDestination'> {
  return routeFields(route.routing);
}

export function dmlPlanType(route: RouteBuilder, ownedMaintenance: boolean): PlanType {
  const r = route.routing;
  const lookupVindex = r.kind === 'sharded' && r.selected !== null && r.selected.colVindex.vindex.kind === 'lookup';
  return routeVariantPlanType(routeFields(r).variant, { lookupVindex, ownedMaintenance });
}

/**
 * LIMIT on a DML that reaches several shards would apply per shard; Vitess first selects the
 * rows' primary keys with the limit applied at vtgate (DMLWithInput), which is not planned here.
 */
export function checkLimit(route: RouteBuilder, hasLimit: boolean): void {
  if (hasLimit && route.routing.kind !== 'targeted' && !singleShard(route.routing)) throw notImplemented('UPDATE/DELETE with LIMIT across shards (Vitess plans DMLWithInput)');
}

/**
 * Whether one route can run the DML: its tables and WHERE plan to a single route, and a LIMIT
 * is applied on one shard. Otherwise the rows are selected first (DMLWithInput).
 */
export function onOneRoute(planned: { readonly tree: { readonly kind: string } }, hasLimit: boolean): boolean {
  const tree = planned.tree as { kind: string; route?: RouteBuilder };
  if (tree.kind !== 'route' || !tree.route) return false;
  const r = tree.route.routing;
  return !hasLimit || r.kind === 'targeted' || singleShard(r);
}

export function aliasedTables(tables: readonly TableExpr[]): AliasedTable[] {
  const out: AliasedTable[] = [];
  const visit = (t: TableExpr): void => {
    if (t.kind === 'table') out.push(t);
    else if (t.kind === 'join') {
      visit(t.left);
      visit(t.right);
    }
  };
  tables.forEach(visit);
  return out;
}
