/**
 * `region_experimental` (spec §4.11), multi-column [region, id]: the region's low 16 bits
 * (or low 8 with region_bytes 1) followed by the DES hash of the id. A row holding only the
 * region maps to the key range of that region. Anything unparsable (including a negative id,
 * which `hash` would accept) routes nowhere; Verify never fails.
 */
import { VindexError } from '../../errors.js';
import { SCAN_OK, scanUint64, scanned } from '../convert.js';
import { desHashWords } from '../crypto/des.js';
import type { Destination, MultiColumnImpl } from '../types.js';
import type { SqlValue } from '../value.js';
import { NONE, bytesEqual, checkVerifyLengths, keyRangeFromPrefix, keyspaceIdDestination } from './shared.js';

/** The region prefix: the low 16 bits big-endian, or only the low byte. */
export function regionPrefix(regionLow32: number, regionBytes: 1 | 2): Uint8Array {
  return regionBytes === 1
    ? Uint8Array.of(regionLow32 & 0xff)
    : Uint8Array.of((regionLow32 >>> 8) & 0xff, regionLow32 & 0xff);
}

/** The region bytes followed by the id's DES hash. */
export function regionKeyspaceId(region: Uint8Array, hash: Uint8Array): Uint8Array {
  const out = new Uint8Array(region.length + 8);
  out.set(region, 0);
  out.set(hash, region.length);
  return out;
}

export function regionExperimentalImpl(regionBytes: 1 | 2): MultiColumnImpl {
  function mapRow(row: readonly SqlValue[]): Destination {
    if (row.length > 2) return NONE;
    const first = row[0];
    // Vitess indexes row[0] unguarded (a panic on an empty row); a clear error is kinder.
    if (first === undefined) throw new VindexError('VINDEX_ARGUMENT_INVALID', 'region_experimental: a row needs 1 or 2 column values, got 0');
    if (scanUint64(first.raw) !== SCAN_OK) return NONE;
    const region = regionPrefix(scanned.lo, regionBytes);
    const second = row[1];
    if (second === undefined) return keyRangeFromPrefix(region);
    if (scanUint64(second.raw) !== SCAN_OK) return NONE;
    return keyspaceIdDestination(regionKeyspaceId(region, desHashWords(scanned.hi, scanned.lo)));
  }
  return Object.freeze({
    kind: 'multi',
    mapRows: (rows: readonly (readonly SqlValue[])[]): Destination[] => rows.map(mapRow),
    verifyRows(rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths('RegionExperimental.Verify', rows.length, keyspaceIds.length);
      return rows.map((row, i) => {
        const dest = mapRow(row);
        return dest.kind === 'keyspaceId' && bytesEqual(dest.keyspaceId, keyspaceIds[i]);
      });
    },
  });
}
