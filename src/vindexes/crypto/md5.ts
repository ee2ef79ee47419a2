/**
 * MD5 for binary_md5, cfc and the unicode_loose_md5 family. `crypto.hash` (one-shot, Node
 * 20.12+) is ~1.6x faster than createHash().update().digest(); older Node 20 falls back.
 */
import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** The 16-byte MD5 digest of `bytes`. */
export function md5(bytes: Uint8Array): Uint8Array {
  const out = oneShot !== undefined ? oneShot('md5', bytes, 'buffer') : crypto.createHash('md5').update(bytes).digest();
  return new Uint8Array(out.buffer, out.byteOffset, 16);
}
