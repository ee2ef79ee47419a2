/**
 * Vitess sorts lookup rows before numbering the insert's bind variables: column by column on
 * the ToBytes of each value (the raw text, so `"10"` sorts before `"9"`), ties broken by the
 * to-value's bytes. Conversion errors count as empty bytes, as Vitess ignores them there.
 */
import { toBytes } from '../convert.js';
import type { SqlValue } from '../value.js';

export interface LookupRow {
  readonly from: readonly SqlValue[];
  readonly to: SqlValue;
  /** Position in the caller's input (errors and duplicate handling refer to it). */
  readonly index: number;
}

const EMPTY = new Uint8Array(0);

function bytesOf(v: SqlValue | undefined): Uint8Array {
  if (v === undefined) return EMPTY;
  try {
    return toBytes(v);
  } catch {
    return EMPTY;
  }
}

/** bytes.Compare. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareRows(a: LookupRow, b: LookupRow): number {
  for (let i = 0; i < a.from.length; i++) {
    const c = compareBytes(bytesOf(a.from[i]), bytesOf(b.from[i]));
    if (c !== 0) return c;
  }
  return compareBytes(bytesOf(a.to), bytesOf(b.to));
}

/** A sorted copy (Array.prototype.sort is stable; rows equal under the order are identical anyway). */
export function sortLookupRows(rows: readonly LookupRow[]): LookupRow[] {
  return [...rows].sort(compareRows);
}
