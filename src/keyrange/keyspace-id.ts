/**
 * Keyspace ids: the byte strings a vindex maps a value to (Vitess `go/vt/key`).
 *
 * Pure byte math on Uint8Array (no Buffer, no `node:` imports) so routing decisions can be
 * computed in a browser page as well as in Node.
 */

import { KeyRangeError } from '../errors.js';

/** A keyspace id. Comparisons ignore trailing 0x00 bytes, as in Vitess. */
export type KeyspaceId = Uint8Array;

const HEX_DIGITS = '0123456789abcdef';
const UINT64_MAX = (1n << 64n) - 1n;
const utf8 = new TextEncoder();

/** Lower-case hex, like Go's hex.EncodeToString (the form Vitess prints keyspace ids in). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 0x0f]!;
  return out;
}

/**
 * Decodes hex of either case. Errors read like Go's encoding/hex because Vitess surfaces
 * those messages unchanged from ValidateShardName and ParseShardingSpec. Go works on the
 * UTF-8 bytes of the string and reports an invalid byte before an odd length.
 */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string') {
    throw new KeyRangeError('encoding/hex: input is not a string', { details: { type: typeof hex } });
  }
  const src = utf8.encode(hex);
  const out = new Uint8Array(src.length >> 1);
  for (let i = 0; i + 1 < src.length; i += 2) {
    const hi = nibble(src[i]!);
    const lo = nibble(src[i + 1]!);
    out[i >> 1] = (hi << 4) | lo;
  }
  if (src.length % 2 === 1) {
    nibble(src[src.length - 1]!);
    throw new KeyRangeError('encoding/hex: odd length hex string', { details: { length: src.length } });
  }
  return out;
}

function nibble(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  throw new KeyRangeError(`encoding/hex: invalid byte: ${goQuotedRune(byte)}`, { details: { byte } });
}

/** Go's `%#U` of a byte taken as a rune: `U+0067 'g'`, or just `U+0007` when not printable. */
function goQuotedRune(byte: number): string {
  const code = `U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  // strconv.IsPrint over Latin-1: ASCII graphic + space, and U+00A1..U+00FF except the soft hyphen.
  const printable = (byte >= 0x20 && byte <= 0x7e) || (byte >= 0xa1 && byte !== 0xad);
  return printable ? `${code} '${String.fromCharCode(byte)}'` : code;
}

/** Length of the id without its trailing 0x00 bytes. */
function normalizedLength(id: Uint8Array): number {
  let n = id.length;
  while (n > 0 && id[n - 1] === 0) n--;
  return n;
}

/** Vitess Normalize: strips trailing 0x00 bytes (`80` = `8000` = `8000000000000000`). Returns a copy. */
export function normalizeKeyspaceId(id: KeyspaceId): KeyspaceId {
  return id.slice(0, normalizedLength(id));
}

/** Vitess Empty: true when the id is zero-length after normalisation (the smallest keyspace id). */
export function isEmptyKeyspaceId(id: KeyspaceId): boolean {
  return normalizedLength(id) === 0;
}

/** Bytewise compare of the normalised values (a shorter prefix sorts first): -1, 0 or 1. */
export function compareKeyspaceIds(a: KeyspaceId, b: KeyspaceId): -1 | 0 | 1 {
  const la = normalizedLength(a);
  const lb = normalizedLength(b);
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

export function keyspaceIdsEqual(a: KeyspaceId, b: KeyspaceId): boolean {
  return compareKeyspaceIds(a, b) === 0;
}

export function keyspaceIdLess(a: KeyspaceId, b: KeyspaceId): boolean {
  return compareKeyspaceIds(a, b) < 0;
}

/** Vitess Uint64Key: a uint64 as 8 bytes big-endian (the keyspace id of numeric-style vindexes). */
export function uint64Key(value: bigint): KeyspaceId {
  if (typeof value !== 'bigint') {
    throw new KeyRangeError('uint64 key: value must be a bigint', { details: { type: typeof value } });
  }
  if (value < 0n || value > UINT64_MAX) {
    // The value itself stays out of the message: it may be a bind-variable value.
    throw new KeyRangeError('uint64 key: value out of range [0, 18446744073709551615]');
  }
  const out = new Uint8Array(8);
  let v = value;
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
