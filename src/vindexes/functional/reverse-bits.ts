/**
 * `reverse_bits` (spec §4.6): ToCastUint64 with its 64 bits mirrored (bit 0 ↔ bit 63), written
 * big-endian, so sequential ids spread over the whole keyspace (1 → 8000000000000000).
 */
import { VindexError } from '../../errors.js';
import { bytesToHex } from '../../keyrange/keyspace-id.js';
import { SCAN_OK, scanUint64, scanned, uint64ScanError } from '../convert.js';
import { textValue, type SqlValue } from '../value.js';
import type { Destination, SingleColumnImpl } from '../types.js';
import { NONE, bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

function reverse32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return ((x >>> 16) | (x << 16)) >>> 0;
}

/** The 64-bit mirror of hi:lo as 8 bytes big-endian: the reversed low word becomes the high one. */
function reversedKey(hi: number, lo: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, reverse32(lo));
  view.setUint32(4, reverse32(hi));
  return out;
}

function reverseBitsHash(value: SqlValue): Uint8Array {
  const status = scanUint64(value.raw);
  if (status !== SCAN_OK) throw uint64ScanError(value.raw, status);
  return reversedKey(scanned.hi, scanned.lo);
}

export const reverseBitsImpl: SingleColumnImpl = Object.freeze({
  kind: 'single',
  map(values: readonly SqlValue[]): Destination[] {
    const out = new Array<Destination>(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = scanUint64(values[i]!.raw) === SCAN_OK ? keyspaceIdDestination(reversedKey(scanned.hi, scanned.lo)) : NONE;
    }
    return out;
  },
  verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
    checkVerifyLengths('ReverseBits.Verify', values.length, keyspaceIds.length);
    return values.map((v, i) => bytesEqual(reverseBitsHash(v), keyspaceIds[i]));
  },
  hash: reverseBitsHash,
  reverseMap(keyspaceIds: readonly Uint8Array[]): SqlValue[] {
    return keyspaceIds.map((ksid) => {
      if (ksid.length !== 8) throw new VindexError('VINDEX_KEYSPACE_ID_INVALID', `invalid keyspace id: ${bytesToHex(ksid)}`);
      const view = new DataView(ksid.buffer, ksid.byteOffset, 8);
      const mirrored = reversedKey(view.getUint32(0), view.getUint32(4));
      return textValue('UINT64', new DataView(mirrored.buffer).getBigUint64(0).toString());
    });
  },
});
