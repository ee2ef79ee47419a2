/**
 * How a vindex turns an SqlValue into bytes or a uint64 (spec §3): Vitess's Value.ToBytes,
 * Value.ToCastUint64 (fastparse, base 10) and the signed path of the `hash` vindex. The error
 * texts are Vitess's, because they reach the user unchanged (`cannot parse uint64 from "-1"`).
 *
 * These run once per routed value, so the numeric scanners work on the raw bytes and report
 * through module-level words instead of allocating: `scanUint64`/`scanInt64` leave the result
 * in `scanned.hi`/`scanned.lo` (two unsigned 32-bit halves), which the DES and big-endian
 * writers consume directly. The exported bigint functions are the friendly face of the same code.
 */
import { VindexError } from '../errors.js';
import type { SqlValue } from './value.js';

const EMPTY = new Uint8Array(0);
const TWO_32 = 4294967296;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Scan status codes (internal). */
export const SCAN_OK = 0;
const SCAN_EMPTY = 1;
const SCAN_SYNTAX = 2;
const SCAN_OVERFLOW = 3;
const SCAN_TAIL = 4;

/** Result words of the last successful scan (high and low 32 bits, both unsigned). */
export const scanned = { hi: 0, lo: 0, tailAt: 0 };

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Stores a non-negative bigint below 2^64 in `scanned`. */
function storeBig(b: bigint): void {
  scanned.hi = Number(b >> 32n);
  scanned.lo = Number(b & 0xffffffffn);
}

/**
 * fastparse.ParseUint64(text, 10) on raw bytes: leading/trailing spaces and tabs skipped, no
 * sign, decimal digits, 2^64-1 at most. Returns a SCAN_* code; on SCAN_OK the value is in `scanned`.
 */
export function scanUint64(raw: Uint8Array): number {
  const n = raw.length;
  if (n === 0) return SCAN_EMPTY;
  let i = 0;
  while (i < n && isSpace(raw[i])) i++;
  // A '-' is refused outright; a '+' is simply not a digit.
  if (i >= n || raw[i] === 0x2d) return SCAN_SYNTAX;
  const start = i;
  while (i < n) {
    const c = raw[i]!;
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  if (i === start) return SCAN_SYNTAX;
  if (i - start <= 15) {
    // Fifteen digits stay below 2^53: exact in a double, no bigint needed on the common path.
    let v = 0;
    for (let k = start; k < i; k++) v = v * 10 + (raw[k]! - 0x30);
    const hi = Math.floor(v / TWO_32);
    scanned.hi = hi;
    scanned.lo = v - hi * TWO_32;
  } else {
    // Go reports the overflow as soon as the digits exceed uint64, before looking at any tail.
    const big = BigInt(latin1(raw, start, i));
    if (big > UINT64_MAX) return SCAN_OVERFLOW;
    storeBig(big);
  }
  while (i < n && isSpace(raw[i])) i++;
  if (i < n) {
    scanned.tailAt = i;
    return SCAN_TAIL;
  }
  return SCAN_OK;
}

/**
 * strconv.ParseInt(text, 10, 64) on raw bytes (the `hash` vindex's path for signed integer
 * types): an optional sign, digits only. On SCAN_OK `scanned` holds the two's complement
 * (−1 → 0xFFFFFFFF_FFFFFFFF).
 */
export function scanInt64(raw: Uint8Array): number {
  const n = raw.length;
  let i = 0;
  const sign = raw[0];
  const negative = sign === 0x2d;
  if (negative || sign === 0x2b) i = 1;
  const start = i;
  for (; i < n; i++) {
    const c = raw[i]!;
    if (c < 0x30 || c > 0x39) return SCAN_SYNTAX;
  }
  if (i === start) return SCAN_SYNTAX;
  if (n - start <= 15) {
    let v = 0;
    for (let k = start; k < n; k++) v = v * 10 + (raw[k]! - 0x30);
    if (negative) v = -v;
    // floor division keeps the two's complement exact for negatives: -1 → hi -1 → 0xFFFFFFFF.
    const hi = Math.floor(v / TWO_32);
    scanned.hi = hi >>> 0;
    scanned.lo = v - hi * TWO_32;
    return SCAN_OK;
  }
  let big = BigInt(latin1(raw, start, n));
  if (negative) big = -big;
  if (big < INT64_MIN || big > INT64_MAX) return SCAN_OVERFLOW;
  storeBig(BigInt.asUintN(64, big));
  return SCAN_OK;
}

/** The value held in `scanned` as a bigint. */
export function scannedBigint(): bigint {
  return (BigInt(scanned.hi) << 32n) | BigInt(scanned.lo);
}

/** The VindexError for a failed scanUint64, with fastparse's exact message. */
export function uint64ScanError(raw: Uint8Array, status: number): VindexError {
  let message: string;
  switch (status) {
    case SCAN_EMPTY:
      message = 'cannot parse uint64 from empty string';
      break;
    case SCAN_OVERFLOW:
      message = `cannot parse uint64 from ${goQuoteBytes(raw)}: overflow`;
      break;
    case SCAN_TAIL:
      message = `unparsed tail left after parsing uint64 from ${goQuoteBytes(raw)}: ${goQuoteBytes(raw.subarray(scanned.tailAt))}`;
      break;
    default:
      message = `cannot parse uint64 from ${goQuoteBytes(raw)}`;
  }
  return new VindexError('VINDEX_VALUE_INVALID', message);
}

/** The VindexError for a failed scanInt64, with strconv.ParseInt's message. */
export function int64ScanError(raw: Uint8Array, status: number): VindexError {
  const reason = status === SCAN_OVERFLOW ? 'value out of range' : 'invalid syntax';
  return new VindexError('VINDEX_VALUE_INVALID', `strconv.ParseInt: parsing ${goQuoteBytes(raw)}: ${reason}`);
}

/**
 * Vitess ToCastUint64: the value's text parsed by fastparse (base 10). Exact over the whole
 * uint64 range. Throws VINDEX_VALUE_INVALID with Vitess's message:
 * `cannot parse uint64 from "-1"`, `... : overflow`, `unparsed tail left after parsing uint64 from "1.1": ".1"`.
 */
export function toCastUint64(v: SqlValue): bigint {
  const status = scanUint64(v.raw);
  if (status !== SCAN_OK) throw uint64ScanError(v.raw, status);
  return scannedBigint();
}

/**
 * Strict signed 64-bit decimal (optional sign, digits only), as `hash` reads signed integer
 * types; returns the int64 (not its uint64 reinterpretation). Throws VINDEX_VALUE_INVALID.
 */
export function parseSignedInt64(text: string | Uint8Array): bigint {
  const raw = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const status = scanInt64(raw);
  if (status !== SCAN_OK) throw int64ScanError(raw, status);
  return BigInt.asIntN(64, scannedBigint());
}

/**
 * Vitess ToBytes: HEXVAL `x'..'` and HEXNUM `0x..` decode their hex, BITNUM `0b..` becomes the
 * minimal big-endian bytes of its value, EXPRESSION is an error, everything else (NULL → empty)
 * is the raw bytes, returned without copying.
 */
export function toBytes(v: SqlValue): Uint8Array {
  switch (v.type) {
    case 'HEXVAL':
      return decodeHexVal(v.raw);
    case 'HEXNUM':
      return decodeHexNum(v.raw);
    case 'BITNUM':
      return decodeBitNum(v.raw);
    case 'EXPRESSION':
      throw new VindexError('VINDEX_VALUE_INVALID', 'expression cannot be converted to bytes');
    case 'NULL_TYPE':
      return v.raw.length === 0 ? EMPTY : v.raw;
    default:
      return v.raw;
  }
}

/** Go prints a []byte with %v as `[120 39 49]`; Vitess's literal-format errors do exactly that. */
function goByteSlice(raw: Uint8Array): string {
  return `[${Array.from(raw).join(' ')}]`;
}

function decodeHexVal(raw: Uint8Array): Uint8Array {
  const n = raw.length;
  if (n < 3 || (raw[0] !== 0x78 && raw[0] !== 0x58) || raw[1] !== 0x27 || raw[n - 1] !== 0x27 || hasNewline(raw)) {
    throw new VindexError('VINDEX_VALUE_INVALID', `invalid hex value: ${goByteSlice(raw)}`);
  }
  return decodeHex(raw, 2, n - 1);
}

function decodeHexNum(raw: Uint8Array): Uint8Array {
  if (raw.length < 2 || raw[0] !== 0x30 || raw[1] !== 0x78 || hasNewline(raw)) {
    throw new VindexError('VINDEX_VALUE_INVALID', `invalid hex number: ${goByteSlice(raw)}`);
  }
  return decodeHex(raw, 2, raw.length);
}

/** Vitess matches `^x'.*'$` / `^0x.*$`, and Go's `.` does not match a newline. */
function hasNewline(raw: Uint8Array): boolean {
  return raw.includes(0x0a);
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Go's encoding/hex DecodeString over raw[start:end], with its error texts and error order. */
function decodeHex(raw: Uint8Array, start: number, end: number): Uint8Array {
  const len = end - start;
  const out = new Uint8Array(len >> 1);
  let j = start + 1;
  for (; j < end; j += 2) {
    const a = hexNibble(raw[j - 1]!);
    const b = hexNibble(raw[j]!);
    if (a < 0) throw invalidHexByte(raw[j - 1]!);
    if (b < 0) throw invalidHexByte(raw[j]!);
    out[(j - start) >> 1] = (a << 4) | b;
  }
  if (len % 2 === 1) {
    // An invalid character is an earlier problem than the odd length, so Go reports it first.
    if (hexNibble(raw[j - 1]!) < 0) throw invalidHexByte(raw[j - 1]!);
    throw new VindexError('VINDEX_VALUE_INVALID', 'encoding/hex: odd length hex string');
  }
  return out;
}

/** `encoding/hex: invalid byte: U+0067 'g'` (Go's %#U of the byte taken as a rune). */
function invalidHexByte(byte: number): VindexError {
  const code = `U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = (byte >= 0x20 && byte <= 0x7e) || (byte >= 0xa1 && byte !== 0xad);
  return new VindexError('VINDEX_VALUE_INVALID', `encoding/hex: invalid byte: ${printable ? `${code} '${String.fromCharCode(byte)}'` : code}`);
}

/**
 * big.Int.SetString(text, 0), then Bytes(): sign, base prefix (0b, 0o, 0x, or a leading 0 for
 * octal), underscores only between digits; the absolute value as minimal big-endian bytes.
 */
function decodeBitNum(raw: Uint8Array): Uint8Array {
  const text = latin1(raw, 0, raw.length);
  const value = parseGoBigInt(text);
  if (value === undefined) throw new VindexError('VINDEX_VALUE_INVALID', `invalid bit number: ${goByteSlice(raw)}`);
  let abs = value < 0n ? -value : value;
  const bytes: number[] = [];
  while (abs > 0n) {
    bytes.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  return Uint8Array.from(bytes.reverse());
}

const GO_BIGINT = /^([+-]?)(0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/;

function parseGoBigInt(text: string): bigint | undefined {
  const m = GO_BIGINT.exec(text);
  if (m === null) return undefined;
  let body = (m[2] ?? '').replaceAll('_', '');
  // A bare leading 0 means octal in Go's base-0 syntax; BigInt wants 0o.
  if (body.length > 1 && body[0] === '0' && /[0-7]/.test(body[1] ?? '')) body = `0o${body.slice(1)}`;
  const value = BigInt(body);
  return m[1] === '-' ? -value : value;
}

const GO_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
  0x5c: '\\\\',
  0x22: '\\"',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * Go's %q (strconv.Quote) of a byte string: UTF-8 decoded as Go does, invalid bytes as `\xNN`,
 * control and non-printable characters escaped, printable Unicode kept.
 */
export function goQuoteBytes(bytes: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < bytes.length) {
    const [cp, width] = decodeRune(bytes, i);
    if (cp < 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i += 1;
      continue;
    }
    i += width;
    const escaped = GO_ESCAPES[cp];
    if (escaped !== undefined) out += escaped;
    else if (cp === 0x20 || PRINTABLE.test(String.fromCodePoint(cp))) out += String.fromCodePoint(cp);
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's utf8.DecodeRune: [code point, width], or [-1, 1] for an invalid byte. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const c = b[i + k];
    return c !== undefined && c >= lo && c <= hi ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [-1, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(2);
    return c2 < 0 ? [-1, 1] : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(2);
    const c3 = c2 < 0 ? -1 : cont(3);
    return c3 < 0 ? [-1, 1] : [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [-1, 1];
}
