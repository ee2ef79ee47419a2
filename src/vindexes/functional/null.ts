/**
 * `null` (spec §4.8): every value, NULL included, maps to the one-byte keyspace id 00 (cost
 * 100, a last resort for the planner). Not Hashing, not reversible.
 */
import type { Destination, SingleColumnImpl } from '../types.js';
import type { SqlValue } from '../value.js';
import { bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

const NULL_KSID = new Uint8Array([0]);

export const nullImpl: SingleColumnImpl = Object.freeze({
  kind: 'single',
  map(values: readonly SqlValue[]): Destination[] {
    // A fresh byte each time: typed arrays cannot be frozen, and a caller may keep the id.
    return values.map(() => keyspaceIdDestination(new Uint8Array(1)));
  },
  verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
    checkVerifyLengths('Null.Verify', values.length, keyspaceIds.length);
    return keyspaceIds.map((ksid) => bytesEqual(NULL_KSID, ksid));
  },
});
