/**
 * A route's routing (Vitess operators.Routing): computed from the tables the route reads and
 * the predicates it has seen. Tables of an unsharded keyspace and reference tables go to any
 * shard (Unsharded / Reference), `dual` goes wherever the rest goes, system tables go DBA, a
 * table named with a shard or key range goes ByDestination, and sharded tables route by their
 * vindexes. A predicate that can never be true (`1 = 0`, `col = null`, `col in (null)`) makes
 * the route None: it needs no shard at all.
 */
import type { Expr } from '../../sql/ast.js';
import type { Keyspace } from '../../vschema/model.js';
import type { TargetDestination } from '../../vschema/target.js';
import type { PlanContext } from '../context.js';
import { isConstantFalse, isNullLiteral } from '../expr/constant.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { dbaRouting, type DbaRouting } from './dba.js';
import { ShardedRoutingBuilder, type ShardedRouting } from './sharded.js';

export type Routing =
  | ShardedRouting
  | DbaRouting
  | { readonly kind: 'anyShard'; readonly keyspace: Keyspace; readonly opcode: 'Unsharded' | 'Reference' }
  | { readonly kind: 'dual'; readonly keyspace: Keyspace }
  | { readonly kind: 'none'; readonly keyspace: Keyspace }
  | { readonly kind: 'targeted'; readonly keyspace: Keyspace; readonly destination: TargetDestination };

export type TableRoutingKind = 'dual' | 'anyShard' | 'sharded' | 'targeted' | 'dba';

export function tableRoutingKind(leaf: TableLeaf): TableRoutingKind {
  const t = leaf.table;
  if (leaf.system) return 'dba';
  if (leaf.resolved.destination) return 'targeted';
  if (t.name === 'dual' && t.kind === 'reference' && !t.declared) return 'dual';
  if (t.kind === 'reference' || !leaf.keyspace.sharded) return 'anyShard';
  return 'sharded';
}

/** Vitess's UpdateRoutingLogic shortcut: predicates that make any route None. */
export function makesNone(e: Expr): boolean {
  if (isConstantFalse(e)) return true;
  if (e.kind === 'binary' && e.op !== '<=>' && COMPARISONS.has(e.op) && (isNullLiteral(e.left) || isNullLiteral(e.right))) return true;
  if (e.kind === 'in' && Array.isArray(e.list)) {
    const items = e.list as readonly Expr[];
    if (e.not && items.some(isNullLiteral)) return true;
    if (!e.not && items.length === 1 && isNullLiteral(items[0]!)) return true;
  }
  return false;
}

const COMPARISONS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=', 'like', 'not like', 'regexp', 'not regexp']);

export function computeRouting(ctx: PlanContext, tables: readonly TableLeaf[], predicates: readonly Expr[]): Routing {
  const base = baseRouting(ctx, tables, predicates);
  const keyspace = base.keyspace;
  if (base.kind !== 'targeted' && predicates.some(makesNone)) return { kind: 'none', keyspace };
  return base;
}

function baseRouting(ctx: PlanContext, tables: readonly TableLeaf[], predicates: readonly Expr[]): Routing {
  const kinds = tables.map((t) => ({ leaf: t, kind: tableRoutingKind(t) }));
  const targeted = kinds.find((k) => k.kind === 'targeted');
  if (targeted) return { kind: 'targeted', keyspace: targeted.leaf.keyspace, destination: targeted.leaf.resolved.destination! };
  const real = kinds.filter((k) => k.kind !== 'dual');
  const first = real[0] ?? kinds[0];
  if (!first) throw new Error('a route without tables');
  if (real.length === 0) return { kind: 'dual', keyspace: first.leaf.keyspace };
  const system = real.filter((k) => k.kind === 'dba');
  if (system.length > 0) return dbaRouting(ctx, system[0]!.leaf.keyspace, new Set(system.map((k) => k.leaf.id)), predicates);
  const sharded = real.filter((k) => k.kind === 'sharded');
  if (sharded.length > 0) {
    const ks = sharded[0]!.leaf.keyspace;
    const pinned = sharded.find((k) => k.leaf.table.pinned !== null);
    const builder = new ShardedRoutingBuilder(ctx, ks, sharded.map((k) => k.leaf));
    for (const p of predicates) builder.add(p);
    const routing = builder.finish();
    if (routing.selected === null && pinned) return pinnedRouting(ks, pinned.leaf);
    return routing;
  }
  const ks = first.leaf.keyspace;
  return { kind: 'anyShard', keyspace: ks, opcode: ks.sharded ? 'Reference' : 'Unsharded' };
}

/** A pinned table lives on the shard of its keyspace id: EqualUnique through Vitess's `binary` vindex. */
function pinnedRouting(ks: Keyspace, leaf: TableLeaf): ShardedRouting {
  const id = leaf.table.pinned!;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(id);
  const literal = { kind: 'literal', type: 'string', value: text, charset: null } as const;
  const binary = { name: 'binary', type: 'binary', columns: [], cost: 0, primary: true, owned: false, partial: false } as const;
  return {
    kind: 'sharded',
    keyspace: ks,
    opcode: 'EqualUnique',
    selected: {
      colVindex: { ...binary, vindex: { ...PINNED_VINDEX } },
      leafId: leaf.id,
      values: [{ kind: 'literal', literal }],
      valueExprs: [literal],
      predicates: [null],
      seen: new Set(),
      opcode: 'EqualUnique',
      ready: true,
    },
  };
}

const PINNED_VINDEX = {
  name: 'binary',
  type: 'binary',
  params: {},
  unknownParams: [],
  impl: null,
  cost: 0,
  unique: true,
  kind: 'functional',
  reversible: true,
  hashing: false,
  sequential: true,
  prefixable: false,
  multiColumn: false,
  partial: false,
  needsBackingTable: false,
  lookupPlanable: false,
  backfilling: false,
  wantsOwnerInfo: false,
} as const;

/** Whether the route reads exactly one shard (or none): the rows it returns are then those of one MySQL. */
export function singleShard(r: Routing): boolean {
  switch (r.kind) {
    case 'sharded':
      return r.opcode === 'EqualUnique';
    case 'anyShard':
    case 'dual':
    case 'none':
    case 'dba':
      return true;
    case 'targeted':
      return r.destination.kind !== 'exactKeyRange';
  }
}
