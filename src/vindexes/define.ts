/**
 * defineVindexType: a VindexFactory from a short description, so a custom type (or one of
 * the planner's test-only types such as `hash_test`) needs three fields, not fourteen.
 * The built-in types are made with it too.
 */
import { findUnknownParams, paramContext, type VindexParamContext } from './params.js';
import type { Vindex, VindexFactory, VindexImpl, VindexKind, VindexParams, VindexProperties } from './types.js';

/** Properties a `validate` hook may derive from the params (cost from a param, write_only, ...). */
export type VindexPropertyOverrides = Partial<VindexProperties>;

export interface VindexTypeSpec {
  readonly cost: number;
  readonly unique: boolean;
  readonly kind: VindexKind;
  readonly reversible?: boolean;
  readonly hashing?: boolean;
  readonly sequential?: boolean;
  readonly prefixable?: boolean;
  readonly multiColumn?: boolean;
  readonly partial?: boolean;
  readonly needsBackingTable?: boolean;
  readonly lookupPlanable?: boolean;
  readonly backfilling?: boolean;
  readonly wantsOwnerInfo?: boolean;
  /**
   * The params this type understands; every other key is reported in `unknownParams`.
   * Default: none. `'all'` reports nothing, as Vitess's multicol does (it forwards every
   * other param to its column vindexes, so it cannot tell which ones are unused).
   */
  readonly knownParams?: readonly string[] | 'all';
  /**
   * Checks the params when a vindex is created; reject one with `ctx.fail(param, message)`.
   * May return properties that depend on the params; they override the fixed ones above.
   */
  readonly validate?: (ctx: VindexParamContext) => VindexPropertyOverrides | void;
  /**
   * Builds the mapping functions from the (already validated) params. Without it the type is
   * declared with properties only: it validates and plans, but cannot route.
   */
  readonly implement?: (ctx: VindexParamContext) => VindexImpl;
}

export function defineVindexType(type: string, spec: VindexTypeSpec): VindexFactory {
  const fixed: VindexProperties = {
    cost: spec.cost,
    unique: spec.unique,
    kind: spec.kind,
    reversible: spec.reversible ?? false,
    hashing: spec.hashing ?? false,
    sequential: spec.sequential ?? false,
    prefixable: spec.prefixable ?? false,
    multiColumn: spec.multiColumn ?? false,
    partial: spec.partial ?? false,
    needsBackingTable: spec.needsBackingTable ?? false,
    lookupPlanable: spec.lookupPlanable ?? false,
    backfilling: spec.backfilling ?? false,
    wantsOwnerInfo: spec.wantsOwnerInfo ?? false,
  };
  const known = spec.knownParams ?? [];
  return (name: string, params: VindexParams): Vindex => {
    const ctx = paramContext(type, name, params);
    const overrides = definedOnly(spec.validate?.(ctx) ?? {});
    const impl = spec.implement ? spec.implement(ctx) : null;
    const unknownParams = known === 'all' ? [] : findUnknownParams(params, known);
    return Object.freeze({
      ...fixed,
      ...overrides,
      name,
      type,
      params: Object.isFrozen(params) ? params : Object.freeze({ ...params }),
      unknownParams: Object.freeze(unknownParams),
      impl,
    });
  };
}

/** `{cost: undefined}` from a hook means "no override", not "cost is undefined". */
function definedOnly(overrides: VindexPropertyOverrides): VindexPropertyOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
