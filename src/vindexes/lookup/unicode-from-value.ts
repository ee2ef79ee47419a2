/**
 * lookup_unicodeloosemd5_hash stores its from-values hashed (spec §7.3): the first 8 bytes of
 * unicode_loose_md5(value), read big-endian, as a UINT64 (e.g. "10" → 17563797831108199066).
 */
import { toBytes } from '../convert.js';
import { md5 } from '../crypto/md5.js';
import { looseCollationKey } from '../unicode/collation-key.js';
import type { SqlValue } from '../value.js';
import { uint64Value } from './values.js';

export function unicodeLooseMd5FromValue(value: SqlValue): SqlValue {
  const digest = md5(looseCollationKey(toBytes(value)));
  return uint64Value(new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0));
}
