/**
 * Vitess's `hash` vindex primitive: one 8-byte block (a uint64, big-endian) encrypted with DES
 * under the all-zero key, no padding (spec §4.1).
 *
 * Written out here (FIPS 46-3) rather than called through node:crypto because it sits on the
 * routing hot path: with the zero key every round key is zero, so a round is only the S-boxes
 * and P, and the whole block costs a few hundred table lookups — several times faster than a
 * cipher object's update(), and free of `node:` imports. The zero key is a DES weak key:
 * encryption and decryption are the same permutation, so hash(hash(x)) = x and one function
 * serves both directions.
 */
import { VindexError } from '../../errors.js';
import { bytesToHex } from '../../keyrange/keyspace-id.js';

// FIPS 46-3 tables, bit positions numbered 1..64 (or 1..32) from the most significant bit.
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number));

/** Applies a permutation of 32-bit words: output bit i (1 = MSB) is input bit table[i-1]. */
function permute32(x: number, table: readonly number[]): number {
  let out = 0;
  for (let i = 0; i < table.length; i++) out |= ((x >>> (32 - table[i]!)) & 1) << (31 - i);
  return out >>> 0;
}

/**
 * SP[k][chunk]: the 6-bit chunk through S-box k, placed at its output position, then through P
 * (P is a bit permutation, so the eight boxes' contributions can simply be OR-ed together).
 */
const SP = S.map((box, k) => {
  const table = new Int32Array(64);
  for (let chunk = 0; chunk < 64; chunk++) {
    const row = ((chunk >> 4) & 2) | (chunk & 1);
    const col = (chunk >> 1) & 15;
    table[chunk] = permute32(box[row * 16 + col]! << (28 - 4 * k), P);
  }
  return table;
});

/**
 * A 64-bit permutation as byte-indexed tables: for input byte b at index i, the bits it
 * contributes to the output's high and low words. A permutation is then 8 × 2 lookups.
 */
function byteTables(table: readonly number[]): Int32Array {
  const out = new Int32Array(8 * 256 * 2);
  for (let i = 0; i < 8; i++) {
    for (let v = 0; v < 256; v++) {
      let hi = 0;
      let lo = 0;
      for (let o = 0; o < 64; o++) {
        const src = table[o]! - 1; // 0-based input bit, 0 = MSB of byte 0
        if ((src >> 3) !== i || ((v >> (7 - (src & 7))) & 1) === 0) continue;
        if (o < 32) hi |= 1 << (31 - o);
        else lo |= 1 << (63 - o);
      }
      out[(i * 256 + v) * 2] = hi;
      out[(i * 256 + v) * 2 + 1] = lo;
    }
  }
  return out;
}

const FP = new Array<number>(64);
IP.forEach((src, i) => (FP[src - 1] = i + 1));
const IP_TABLES = byteTables(IP);
const FP_TABLES = byteTables(FP);

/**
 * Adjacent chunks of the expansion overlap by two bits, so two neighbouring S-boxes read 10
 * consecutive bits of R: one 1024-entry table per pair (chunk a = index >> 4, chunk b = index & 63)
 * halves the lookups of a round. The four pair tables (S-boxes 1+2, 3+4, 5+6, 7+0) sit in one
 * array at 0, 1024, 2048 and 3072: one array to read from makes a round measurably cheaper.
 */
const SP_PAIRS = new Int32Array(4096);
for (const [at, a, b] of [[0, 1, 2], [1024, 3, 4], [2048, 5, 6], [3072, 7, 0]] as const) {
  for (let i = 0; i < 1024; i++) SP_PAIRS[at + i] = SP[a]![i >> 4]! | SP[b]![i & 63]!;
}

/** The two output words of the last desInPlace (module words, not a fresh array per call). */
let permHi = 0;
let permLo = 0;

/**
 * Encrypts (= decrypts: weak key) the big-endian block (hi, lo); the result is left in
 * permHi/permLo. Written out in one function (the permutations as 8 byte-table lookups each,
 * f(R, 0) as 4 pair-table lookups) because it runs once per routed value.
 */
function desInPlace(hi: number, lo: number): void {
  // Initial permutation; the high word's bytes contribute nothing when it is 0 (values < 2^32).
  const ip = IP_TABLES;
  let a = ((lo >>> 24) + 1024) * 2;
  let b = (((lo >>> 16) & 255) + 1280) * 2;
  let c = (((lo >>> 8) & 255) + 1536) * 2;
  let d = ((lo & 255) + 1792) * 2;
  let l = ip[a]! | ip[b]! | ip[c]! | ip[d]!;
  let r = ip[a + 1]! | ip[b + 1]! | ip[c + 1]! | ip[d + 1]!;
  if (hi !== 0) {
    a = (hi >>> 24) * 2;
    b = (((hi >>> 16) & 255) + 256) * 2;
    c = (((hi >>> 8) & 255) + 512) * 2;
    d = ((hi & 255) + 768) * 2;
    l |= ip[a]! | ip[b]! | ip[c]! | ip[d]!;
    r |= ip[a + 1]! | ip[b + 1]! | ip[c + 1]! | ip[d + 1]!;
  }
  // Sixteen rounds, two at a time so the halves need no swapping inside the loop. f(R, 0): the
  // expansion E picks 6-bit chunks that overlap by one bit on each side (wrapping); S-box 0
  // reads bits 0, 31..27 and S-box 7 bits 4..0, 31, so their pair reads R rotated left by 5.
  const sp = SP_PAIRS;
  for (let round = 0; round < 8; round++) {
    l ^= sp[(r >>> 19) & 1023]! | sp[1024 | ((r >>> 11) & 1023)]! | sp[2048 | ((r >>> 3) & 1023)]! | sp[3072 | (((r << 5) | (r >>> 27)) & 1023)]!;
    r ^= sp[(l >>> 19) & 1023]! | sp[1024 | ((l >>> 11) & 1023)]! | sp[2048 | ((l >>> 3) & 1023)]! | sp[3072 | (((l << 5) | (l >>> 27)) & 1023)]!;
  }
  // The last round's halves are swapped back before the final permutation.
  const fp = FP_TABLES;
  a = (r >>> 24) * 2;
  b = (((r >>> 16) & 255) + 256) * 2;
  c = (((r >>> 8) & 255) + 512) * 2;
  d = ((r & 255) + 768) * 2;
  const e = ((l >>> 24) + 1024) * 2;
  const f = (((l >>> 16) & 255) + 1280) * 2;
  const g = (((l >>> 8) & 255) + 1536) * 2;
  const h = ((l & 255) + 1792) * 2;
  permHi = fp[a]! | fp[b]! | fp[c]! | fp[d]! | fp[e]! | fp[f]! | fp[g]! | fp[h]!;
  permLo = fp[a + 1]! | fp[b + 1]! | fp[c + 1]! | fp[d + 1]! | fp[e + 1]! | fp[f + 1]! | fp[g + 1]! | fp[h + 1]!;
}

/** desInPlace into a new 8-byte array. */
function desWords(hi: number, lo: number): Uint8Array {
  desInPlace(hi, lo);
  const h = permHi;
  const w = permLo;
  const out = new Uint8Array(8);
  out[0] = h >>> 24;
  out[1] = h >>> 16;
  out[2] = h >>> 8;
  out[3] = h;
  out[4] = w >>> 24;
  out[5] = w >>> 16;
  out[6] = w >>> 8;
  out[7] = w;
  return out;
}

/** desWords of an 8-byte big-endian block. */
function desBlock(b: Uint8Array): Uint8Array {
  return desWords(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0);
}

const UINT64_MAX = (1n << 64n) - 1n;

/** The DES hash of the uint64 whose high and low 32-bit halves are given (both unsigned). */
export function desHashWords(hi: number, lo: number): Uint8Array {
  return desWords(hi, lo);
}

/** The first byte of desHashWords(hi, lo), with no array (routing needs only that byte to pick a shard). */
export function desHashFirstByte(hi: number, lo: number): number {
  desInPlace(hi, lo);
  return permHi >>> 24;
}

/** Vitess vhash: the uint64 `n` as 8 bytes big-endian, DES-encrypted with the zero key. */
export function desHash(n: bigint): Uint8Array {
  if (typeof n !== 'bigint' || n < 0n || n > UINT64_MAX) {
    throw new VindexError('VINDEX_VALUE_INVALID', 'desHash: value must be a bigint in [0, 2^64-1]');
  }
  return desHashWords(Number(n >> 32n), Number(n & 0xffffffffn));
}

/**
 * Vitess vunhash: DES-decrypts an 8-byte keyspace id back to its uint64. Any other length is
 * `invalid keyspace id: <hex>` (VINDEX_KEYSPACE_ID_INVALID).
 */
export function desUnhash(ksid: Uint8Array): bigint {
  if (ksid.length !== 8) {
    throw new VindexError('VINDEX_KEYSPACE_ID_INVALID', `invalid keyspace id: ${bytesToHex(ksid)}`);
  }
  const plain = desBlock(ksid);
  let n = 0n;
  for (const b of plain) n = (n << 8n) | BigInt(b);
  return n;
}
