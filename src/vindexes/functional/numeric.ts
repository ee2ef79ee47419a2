/**
 * `numeric` (spec §4.5): ToCastUint64 as 8 bytes big-endian (cost 0). Unparsable values (NULL,
 * negatives, `1.1`) route nowhere in Map and are errors in Verify. Reversible and sequential.
 */
import { VindexError } from '../../errors.js';
import { SCAN_OK, scanned, scanUint64, uint64ScanError } from '../convert.js';
import { textValue, type SqlValue } from '../value.js';
import type { Destination, SingleColumnImpl } from '../types.js';
import { NONE, bytesEqual, checkVerifyLengths, keyRangeDestination, keyspaceIdDestination, readUint64BE, scannedUint64Key } from './shared.js';

function numericHash(value: SqlValue): Uint8Array {
  const status = scanUint64(value.raw);
  if (status !== SCAN_OK) throw uint64ScanError(value.raw, status);
  return scannedUint64Key();
}

export const numericImpl: SingleColumnImpl = Object.freeze({
  kind: 'single',
  map(values: readonly SqlValue[]): Destination[] {
    const out = new Array<Destination>(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = scanUint64(values[i]!.raw) === SCAN_OK ? keyspaceIdDestination(scannedUint64Key()) : NONE;
    }
    return out;
  },
  verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
    checkVerifyLengths('Numeric.Verify', values.length, keyspaceIds.length);
    return values.map((v, i) => bytesEqual(numericHash(v), keyspaceIds[i]));
  },
  hash: numericHash,
  reverseMap(keyspaceIds: readonly Uint8Array[]): SqlValue[] {
    return keyspaceIds.map((ksid) => {
      if (ksid.length !== 8) {
        throw new VindexError('VINDEX_KEYSPACE_ID_INVALID', `Numeric.ReverseMap: length of keyspaceId is not 8: ${ksid.length}`);
      }
      return textValue('UINT64', readUint64BE(ksid).toString());
    });
  },
  rangeMap: (start: SqlValue, end: SqlValue) => keyRangeDestination(numericHash(start), numericHash(end)),
  keyspaceIdFirstByte: (value: SqlValue) => (scanUint64(value.raw) === SCAN_OK ? scanned.hi >>> 24 : -1),
});
