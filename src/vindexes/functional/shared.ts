/**
 * Small pieces every functional vindex uses: destination constructors, the prefix key range
 * shared by cfc, region_experimental and multicol, and byte helpers.
 */
import { VindexError } from '../../errors.js';
import { makeKeyRange } from '../../keyrange/key-range.js';
import { scanned } from '../convert.js';
import type { Destination } from '../types.js';

export const NONE: Destination = Object.freeze({ kind: 'none' });
export const ALL_SHARDS: Destination = Object.freeze({ kind: 'allShards' });
const EMPTY = new Uint8Array(0);

export function keyspaceIdDestination(keyspaceId: Uint8Array): Destination {
  return { kind: 'keyspaceId', keyspaceId };
}

export function keyRangeDestination(start: Uint8Array, end: Uint8Array): Destination {
  return { kind: 'keyRange', keyRange: makeKeyRange(start, end) };
}

/**
 * Vitess addOne: the byte string plus one, as a big-endian number with carry (`037bff` →
 * `037c00`); null when every byte is 0xff (no larger string of that length).
 */
export function addOne(value: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(value.length);
  let carry = true;
  for (let i = value.length - 1; i >= 0; i--) {
    const b = value[i]!;
    if (carry) {
      out[i] = (b + 1) & 0xff;
      carry = b === 0xff;
    } else {
      out[i] = b;
    }
  }
  return carry ? null : out;
}

/**
 * Vitess NewKeyRangeFromPrefix: every keyspace id that starts with `prefix`, i.e.
 * [prefix, prefix+1), open-ended when prefix is all 0xff; an empty prefix is all shards.
 */
export function keyRangeFromPrefix(prefix: Uint8Array): Destination {
  if (prefix.length === 0) return ALL_SHARDS;
  return keyRangeDestination(prefix, addOne(prefix) ?? EMPTY);
}

/** bytes.Equal (a missing keyspace id equals only an empty one, as a Go nil slice does). */
export function bytesEqual(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  const la = a?.length ?? 0;
  if (la !== (b?.length ?? 0)) return false;
  for (let i = 0; i < la; i++) if (a![i] !== b![i]) return false;
  return true;
}

/** The uint64 left in `scanned` by a successful scan, as 8 bytes big-endian. */
export function scannedUint64Key(): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, scanned.hi);
  view.setUint32(4, scanned.lo);
  return out;
}

/** Reads 8 big-endian bytes as a uint64. */
export function readUint64BE(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}

/** Verify needs one keyspace id per value (Go would index out of range: a panic, here an error). */
export function checkVerifyLengths(what: string, values: number, keyspaceIds: number): void {
  if (values !== keyspaceIds) {
    throw new VindexError('VINDEX_ARGUMENT_INVALID', `${what}: got ${values} values and ${keyspaceIds} keyspace ids`);
  }
}
