/**
 * Vitess's `hash` vindex primitive: one 8-byte block (a uint64, big-endian) encrypted with DES
 * under the all-zero key, no padding. Node's OpenSSL 3 has no single-DES `des-ecb`, but 3DES-EDE
 * with a 24-byte zero key is E(D(E(x))) = E(x) under one key, so `des-ede3-ecb` gives the same
 * bytes (spec §9.2, dependency-notes §4). The zero key is a DES weak key: hash(hash(x)) = x.
 *
 * One cipher and one decipher are created lazily and reused for every call: with padding off,
 * each 8-byte ECB `update` returns exactly its block, and `final` is never called.
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import { VindexError } from '../../errors.js';
import { bytesToHex } from '../../keyrange/keyspace-id.js';

const ZERO_KEY = new Uint8Array(24);
const UINT64_MAX = (1n << 64n) - 1n;

let cipher: Cipher | undefined;
let decipher: Decipher | undefined;
const block = Buffer.alloc(8);

function encryptBlock(): Uint8Array {
  if (cipher === undefined) {
    cipher = createCipheriv('des-ede3-ecb', ZERO_KEY, null);
    cipher.setAutoPadding(false);
  }
  const out = cipher.update(block);
  // A plain Uint8Array view (no copy): keyspace ids compare and print the same wherever they come from.
  return new Uint8Array(out.buffer, out.byteOffset, 8);
}

/** The DES hash of the uint64 whose high and low 32-bit halves are given (both unsigned). */
export function desHashWords(hi: number, lo: number): Uint8Array {
  block.writeUInt32BE(hi, 0);
  block.writeUInt32BE(lo, 4);
  return encryptBlock();
}

/** Vitess vhash: the uint64 `n` as 8 bytes big-endian, DES-encrypted with the zero key. */
export function desHash(n: bigint): Uint8Array {
  if (typeof n !== 'bigint' || n < 0n || n > UINT64_MAX) {
    throw new VindexError('VINDEX_VALUE_INVALID', 'desHash: value must be a bigint in [0, 2^64-1]');
  }
  block.writeBigUInt64BE(n, 0);
  return encryptBlock();
}

/**
 * Vitess vunhash: DES-decrypts an 8-byte keyspace id back to its uint64. Any other length is
 * `invalid keyspace id: <hex>` (VINDEX_KEYSPACE_ID_INVALID).
 */
export function desUnhash(ksid: Uint8Array): bigint {
  if (ksid.length !== 8) {
    throw new VindexError('VINDEX_KEYSPACE_ID_INVALID', `invalid keyspace id: ${bytesToHex(ksid)}`);
  }
  if (decipher === undefined) {
    decipher = createDecipheriv('des-ede3-ecb', ZERO_KEY, null);
    decipher.setAutoPadding(false);
  }
  return decipher.update(ksid).readBigUInt64BE(0);
}
