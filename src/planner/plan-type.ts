/**
 * Vitess's PlanType (engine.getPlanType): Passthrough for one statement to one known shard,
 * MultiShard for several shards or several statements, Lookup when a lookup vindex must be read
 * first, Scatter for every shard, Local when no shard is needed, Join/Complex otherwise.
 */
import type { Operator, PlanType, RouteVariant } from './plan.js';

export interface RoutingFacts {
  /** The routing vindex reads a lookup table (Vitess: NeedsVCursor). */
  readonly lookupVindex: boolean;
  /** A DML that also maintains owned lookup vindexes. */
  readonly ownedMaintenance: boolean;
}

export function routeVariantPlanType(variant: RouteVariant, facts: RoutingFacts): PlanType {
  switch (variant) {
    case 'Scatter':
      return 'Scatter';
    case 'None':
      return 'Local';
    case 'ByDestination':
      return 'MultiShard';
    case 'Unsharded':
    case 'Reference':
    case 'Next':
    case 'DBA':
      return facts.ownedMaintenance ? 'MultiShard' : 'Passthrough';
    case 'EqualUnique':
      if (facts.lookupVindex) return 'Lookup';
      return facts.ownedMaintenance ? 'MultiShard' : 'Passthrough';
    case 'Equal':
    case 'IN':
    case 'MultiEqual':
    case 'Between':
    case 'SubShard':
      return facts.lookupVindex ? 'Lookup' : 'MultiShard';
  }
}

export function planTypeOf(op: Operator | null, facts: RoutingFacts): PlanType {
  if (op === null) return 'Local';
  switch (op.kind) {
    case 'Route':
      return routeVariantPlanType(op.variant, facts);
    case 'VindexLookup':
      return 'Lookup';
    case 'Insert':
      return op.variant === 'Unsharded' ? 'Passthrough' : op.variant === 'Sharded' ? 'MultiShard' : 'Complex';
    case 'Update':
    case 'Delete':
      return routeVariantPlanType(op.variant, facts);
    case 'Send':
    case 'Rows':
      return 'Passthrough';
    case 'Aggregate':
    case 'Filter':
    case 'Sort':
    case 'Limit':
    case 'Distinct':
    case 'SimpleProjection':
    case 'Projection':
    case 'SingleRow':
    case 'UncorrelatedSubquery':
    case 'RecurseCTE':
    case 'Vtgate':
    case 'Concatenate':
    case 'SQL_CALC_FOUND_ROWS':
      return 'Complex';
    case 'Join':
    case 'SemiJoin':
      return 'Join';
    case 'FkCascade':
    case 'FkVerify':
    case 'Upsert':
      return 'ForeignKey';
    case 'DMLWithInput':
    case 'Sequential':
      return 'Complex';
    case 'VindexFunc':
      return 'Local';
  }
}
