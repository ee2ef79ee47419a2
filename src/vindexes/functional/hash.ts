/**
 * `hash` (spec §4.1): the value as a uint64, DES-encrypted with the zero key. Signed integer
 * types are read as int64 and reinterpreted (−1 → 2^64−1); every other type goes through
 * ToCastUint64, so VARCHAR '12' hashes like INT 12. Map routes unparsable values nowhere, but
 * Verify reads every value with ToCastUint64 only, so Verify(INT64 -1) is an error although
 * Map(INT64 -1) succeeds (spec §9.1).
 */
import { SCAN_OK, int64ScanError, scanInt64, scanUint64, scanned, uint64ScanError } from '../convert.js';
import { desHashFirstByte, desHashWords, desUnhash } from '../crypto/des.js';
import { isSignedIntegral, textValue, type SqlValue } from '../value.js';
import type { Destination, SingleColumnImpl } from '../types.js';
import { NONE, bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

/** SCAN_OK when `scanned` holds the value's uint64 (Vitess Hash.Hash's conversion). */
function scanHashInput(v: SqlValue): number {
  return isSignedIntegral(v.type) ? scanInt64(v.raw) : scanUint64(v.raw);
}

export const hashImpl: SingleColumnImpl = Object.freeze({
  kind: 'single',
  map(values: readonly SqlValue[]): Destination[] {
    const out = new Array<Destination>(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = scanHashInput(values[i]!) === SCAN_OK ? keyspaceIdDestination(desHashWords(scanned.hi, scanned.lo)) : NONE;
    }
    return out;
  },
  verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
    checkVerifyLengths('Hash.Verify', values.length, keyspaceIds.length);
    const out = new Array<boolean>(values.length);
    for (let i = 0; i < values.length; i++) {
      const raw = values[i]!.raw;
      const status = scanUint64(raw);
      if (status !== SCAN_OK) throw uint64ScanError(raw, status);
      out[i] = bytesEqual(desHashWords(scanned.hi, scanned.lo), keyspaceIds[i]);
    }
    return out;
  },
  hash(value: SqlValue): Uint8Array {
    const status = scanHashInput(value);
    if (status !== SCAN_OK) throw isSignedIntegral(value.type) ? int64ScanError(value.raw, status) : uint64ScanError(value.raw, status);
    return desHashWords(scanned.hi, scanned.lo);
  },
  reverseMap(keyspaceIds: readonly Uint8Array[]): SqlValue[] {
    return keyspaceIds.map((ksid) => textValue('UINT64', desUnhash(ksid).toString()));
  },
  keyspaceIdFirstByte(value: SqlValue): number {
    if (scanHashInput(value) !== SCAN_OK) return -1;
    const lo = scanned.lo;
    return scanned.hi === 0 && lo < SMALL ? smallFirstByte(lo) : desHashFirstByte(scanned.hi, lo);
  },
});

/**
 * The first byte of the keyspace id of each uint64 below SMALL (the ids of small tables, tenants,
 * enum-like keys: common routing values), each computed once when first met (-1: not yet). The
 * routing fast path needs only that byte; 128 KiB, allocated on first use.
 */
const SMALL = 1 << 16;
let smallFirstBytes: Int16Array | null = null;

function smallFirstByte(n: number): number {
  const table = (smallFirstBytes ??= new Int16Array(SMALL).fill(-1));
  let b = table[n]!;
  if (b < 0) {
    b = desHashFirstByte(0, n);
    table[n] = b;
  }
  return b;
}
