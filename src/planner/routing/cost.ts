/**
 * Vitess's choice between vindex options (operators.lessCost): the lower routing opcode wins
 * (in engine.Opcode order), then a unique vindex over a non-unique one, then the lower vindex
 * cost; on a full tie the option seen later wins (Vitess compares with `<=`).
 */
import type { RouteVariant } from '../plan.js';

/** engine.Opcode declaration order: the position is the opcode's cost. */
const OPCODE_ORDER: readonly RouteVariant[] = [
  'DBA',
  'Unsharded',
  'EqualUnique',
  'Equal',
  'IN',
  'MultiEqual',
  'SubShard',
  'Scatter',
  'Next',
  'Reference',
  'None',
  'ByDestination',
  'Between',
];

export interface Cost {
  readonly opcode: RouteVariant;
  readonly vindexCost: number;
  readonly unique: boolean;
}

export function opcodeRank(op: RouteVariant): number {
  return OPCODE_ORDER.indexOf(op);
}

/** true when `a` should replace `b`. */
export function lessCost(a: Cost, b: Cost): boolean {
  if (a.opcode !== b.opcode) return opcodeRank(a.opcode) < opcodeRank(b.opcode);
  if (a.unique === b.unique) return a.vindexCost <= b.vindexCost;
  return a.unique;
}
