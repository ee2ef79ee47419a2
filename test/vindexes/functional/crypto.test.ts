/** The hashing primitives: DES null-key hash (spec §4.1, §9.2), MD5 and little-endian XXH64. */
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import { desHash, desHashWords, desUnhash } from '../../../src/vindexes/crypto/des.js';
import { md5 } from '../../../src/vindexes/crypto/md5.js';
import { vindexesReady, xxhash64 } from '../../../src/vindexes/crypto/xxhash64.js';
import { vindexErrorOf } from '../helpers.js';

const UINT64_MAX = (1n << 64n) - 1n;

describe('desHash / desUnhash', () => {
  it.each<[bigint, string]>([
    [0n, '8ca64de9c1b123a7'],
    [1n, '166b40b44aba4bd6'],
    [2n, '06e7ea22ce92708f'],
    [6n, 'f098480ac4c4be71'],
    [UINT64_MAX, '355550b2150e2451'],
    [9223372036854775807n, 'f77d48aadda1f1bb'],
    [9223372036854775808n, '95f8a5e5dd31d900'],
  ])('%s ↔ %s', (n, hex) => {
    expect(bytesToHex(desHash(n))).toBe(hex);
    expect(desUnhash(hexToBytes(hex))).toBe(n);
  });

  it('returns plain 8-byte Uint8Arrays, not views that change on the next call', () => {
    const a = desHash(1n);
    const b = desHash(2n);
    expect(Object.getPrototypeOf(a)).toBe(Uint8Array.prototype);
    expect(bytesToHex(a)).toBe('166b40b44aba4bd6');
    expect(bytesToHex(b)).toBe('06e7ea22ce92708f');
  });

  it('hashes words like the bigint form', () => {
    expect(bytesToHex(desHashWords(0xffffffff, 0xffffffff))).toBe('355550b2150e2451');
  });

  it('is an involution: the all-zero key is a DES weak key', () => {
    for (const n of [0n, 1n, 42n, 1n << 63n, UINT64_MAX]) {
      expect(desUnhash(desHash(n))).toBe(n);
      // hash(hash(x)) = x: encrypting the hash again gives x's own 8 big-endian bytes.
      const h = desHash(n);
      const again = desHash(new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0));
      expect(bytesToHex(again)).toBe(n.toString(16).padStart(16, '0'));
    }
  });

  it('rejects keyspace ids that are not 8 bytes, with Vitess text', () => {
    const err = vindexErrorOf(() => desUnhash(hexToBytes('166b40b44aba4bd6166b40b44aba4bd6')));
    expect(err.code).toBe('VINDEX_KEYSPACE_ID_INVALID');
    expect(err.message).toBe('invalid keyspace id: 166b40b44aba4bd6166b40b44aba4bd6');
    expect(vindexErrorOf(() => desUnhash(new Uint8Array(0))).message).toBe('invalid keyspace id: ');
  });

  it('rejects values outside uint64', () => {
    expect(vindexErrorOf(() => desHash(-1n)).code).toBe('VINDEX_VALUE_INVALID');
    expect(vindexErrorOf(() => desHash(1n << 64n)).code).toBe('VINDEX_VALUE_INVALID');
  });
});

describe('md5 and xxhash64', () => {
  it('md5 gives the 16-byte digest', () => {
    expect(bytesToHex(md5(new Uint8Array(0)))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(bytesToHex(md5(new TextEncoder().encode('test1')))).toBe('5a105e8b9d40e1329780d62ea2265d8a');
  });

  it('xxhash64 writes the digest little-endian', async () => {
    await vindexesReady();
    expect(bytesToHex(xxhash64(new Uint8Array(0)))).toBe('99e9d85137db46ef');
    expect(bytesToHex(xxhash64(new TextEncoder().encode('18446744073709551615')))).toBe('477cfa8d6d8f1f8d');
  });
});
