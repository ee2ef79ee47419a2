/**
 * `binary` (spec §4.3): the value's bytes are the keyspace id (cost 0). NULL is the empty
 * keyspace id, not "none". Reversible, and sequential: BETWEEN maps to [start, end).
 */
import { VindexError } from '../../errors.js';
import { toBytes } from '../convert.js';
import { bytesValue, type SqlValue } from '../value.js';
import { bytesHashImpl } from './bytes-hash.js';
import { keyRangeDestination } from './shared.js';

export const binaryImpl = bytesHashImpl('Binary', toBytes, {
  reverseMap(keyspaceIds: readonly Uint8Array[]): SqlValue[] {
    return keyspaceIds.map((ksid) => {
      // Go distinguishes a nil keyspace id from an empty one; null/undefined are our nil.
      if (ksid === null || ksid === undefined) throw new VindexError('VINDEX_KEYSPACE_ID_INVALID', 'Binary.ReverseMap: keyspaceId is nil');
      return bytesValue(ksid, 'VARBINARY');
    });
  },
  rangeMap: (start: SqlValue, end: SqlValue) => keyRangeDestination(toBytes(start), toBytes(end)),
});
