/**
 * The Vindex contract as far as the VSchema needs it: the properties that decide whether a
 * vindex may be primary, which vindex routes (cost), and what DML must maintain.
 * The mapping functions (map / verify / reverseMap / rangeMap) are added by the vindex
 * implementations; a VSchema can be validated and planned against with properties alone.
 */

export type VindexKind = 'functional' | 'lookup';

/** Vindex params as the VSchema gives them: every value is a string, as in Vitess. */
export type VindexParams = Readonly<Record<string, string>>;

export interface VindexProperties {
  /** Planner priority; lower is preferred (0 = the value is the keyspace id, 1 = computed, >= 2 = lookup). */
  readonly cost: number;
  /** Each value maps to at most one keyspace id; the primary vindex of a table must be unique. */
  readonly unique: boolean;
  /** functional: computed from the value; lookup: read from a backing table (NeedsVCursor in Vitess). */
  readonly kind: VindexKind;
  /** `reverseMap(keyspaceId) -> value` exists (used to fill vindex columns on insert). */
  readonly reversible: boolean;
  /** Exposes a pure Hash(value) -> keyspace id (multicol columns, numeric_static_map fallback). */
  readonly hashing: boolean;
  /** Supports rangeMap for BETWEEN (binary, numeric). */
  readonly sequential: boolean;
  /** Has a LIKE-prefix mode (cfc). */
  readonly prefixable: boolean;
  /** Maps tuples of several columns. */
  readonly multiColumn: boolean;
  /** For multi-column vindexes: a leading subset of the columns can route (to a key range). */
  readonly partial: boolean;
  /** Backed by a lookup table that must exist in some keyspace. */
  readonly needsBackingTable: boolean;
  /** A lookup vindex whose lookup SELECT can be planned (VindexLookup in front of the route). */
  readonly lookupPlanable: boolean;
  /** write_only=true: still being backfilled; the planner must not route with it. */
  readonly backfilling: boolean;
  /** Receives the owner table's columns (consistent lookups). */
  readonly wantsOwnerInfo: boolean;
}

/** A vindex instance, created from one entry of a keyspace's `vindexes` map. */
export interface Vindex extends VindexProperties {
  /** The key in the VSchema `vindexes` map. */
  readonly name: string;
  /** The registered type name. */
  readonly type: string;
  readonly params: VindexParams;
  /**
   * Params this type does not know, sorted ascending. Vitess reports them as warnings
   * (`unknown vindex params: ...`) and fails only in strict mode.
   */
  readonly unknownParams: readonly string[];
}

/**
 * Creates a vindex instance. Throws a VindexError (code VINDEX_PARAM_INVALID) for params
 * the type cannot accept; unknown params are not errors, they go to `unknownParams`.
 */
export type VindexFactory = (name: string, params: VindexParams) => Vindex;
