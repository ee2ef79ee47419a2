/**
 * `unicode_loose_md5` and `unicode_loose_xxhash` (spec §4.9): the value's bytes become a
 * primary-strength CLDR 23 collation key (case, accents and trailing ASCII spaces do not
 * matter; leading spaces, tabs and punctuation do), which is hashed with MD5 (16 bytes) or
 * XXH64 (8 bytes, little-endian). Map and Verify wrap errors as Vitess does
 * (`UnicodeLooseMD5.Map: cannot normalize string containing invalid UTF-8: "\xff"`); Hash
 * returns them unwrapped.
 */
import { VSchemaRouterError, VindexError } from '../../errors.js';
import { toBytes } from '../convert.js';
import { md5 } from '../crypto/md5.js';
import { xxhash64 } from '../crypto/xxhash64.js';
import type { Destination, SingleColumnImpl } from '../types.js';
import { looseCollationKey } from '../unicode/collation-key.js';
import type { SqlValue } from '../value.js';
import { bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

function wrap(err: unknown, prefix: string): unknown {
  if (!(err instanceof VSchemaRouterError)) return err;
  return new VindexError(err.code, `${prefix}: ${err.message}`, { details: err.details, cause: err });
}

function unicodeLooseImpl(vitessName: string, digest: (key: Uint8Array) => Uint8Array): SingleColumnImpl {
  const hash = (value: SqlValue): Uint8Array => digest(looseCollationKey(toBytes(value)));
  return Object.freeze({
    kind: 'single',
    map(values: readonly SqlValue[]): Destination[] {
      const out = new Array<Destination>(values.length);
      for (let i = 0; i < values.length; i++) {
        try {
          out[i] = keyspaceIdDestination(hash(values[i]!));
        } catch (err) {
          throw wrap(err, `${vitessName}.Map`);
        }
      }
      return out;
    },
    verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths(`${vitessName}.Verify`, values.length, keyspaceIds.length);
      const out = new Array<boolean>(values.length);
      for (let i = 0; i < values.length; i++) {
        try {
          out[i] = bytesEqual(hash(values[i]!), keyspaceIds[i]);
        } catch (err) {
          throw wrap(err, `${vitessName}.Verify`);
        }
      }
      return out;
    },
    hash,
  });
}

export const unicodeLooseMd5Impl = unicodeLooseImpl('UnicodeLooseMD5', md5);
export const unicodeLooseXxhashImpl = unicodeLooseImpl('UnicodeLooseXXHash', xxhash64);
