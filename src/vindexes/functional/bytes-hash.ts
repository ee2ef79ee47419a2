/**
 * The shape shared by xxhash, binary_md5 and binary: keyspace id = f(ToBytes(value)), where
 * only the conversion can fail, and a failure fails Map and Verify alike.
 */
import type { Destination, SingleColumnImpl } from '../types.js';
import type { SqlValue } from '../value.js';
import { bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

export function bytesHashImpl(
  vitessName: string,
  hash: (value: SqlValue) => Uint8Array,
  extra: Pick<SingleColumnImpl, 'reverseMap' | 'rangeMap'> = {},
): SingleColumnImpl {
  return Object.freeze({
    kind: 'single',
    map(values: readonly SqlValue[]): Destination[] {
      const out = new Array<Destination>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = keyspaceIdDestination(hash(values[i]!));
      return out;
    },
    verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths(`${vitessName}.Verify`, values.length, keyspaceIds.length);
      const out = new Array<boolean>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = bytesEqual(hash(values[i]!), keyspaceIds[i]);
      return out;
    },
    hash,
    ...extra,
  });
}
