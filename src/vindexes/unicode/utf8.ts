/**
 * UTF-8 helpers with Go's semantics: validity as utf8.Valid (no overlong forms, no surrogates,
 * nothing above U+10FFFF) and quoting as strconv.Quote / %q on a byte string (invalid bytes
 * print as \xNN).
 */

/** Decodes the rune at `i`; returns (cp << 3) | size, or -1 for an invalid sequence (size 1, as Go's RuneError). */
export function decodeRuneAt(b: Uint8Array, i: number, end: number): number {
  const b0 = b[i] ?? 0;
  if (b0 < 0x80) return (b0 << 3) | 1;
  if (b0 < 0xc2 || b0 > 0xf4) return -1;
  const b1 = i + 1 < end ? (b[i + 1] ?? 0) : 0;
  if (b0 < 0xe0) {
    if ((b1 & 0xc0) !== 0x80) return -1;
    return ((((b0 & 0x1f) << 6) | (b1 & 0x3f)) << 3) | 2;
  }
  // Second byte ranges that exclude overlongs, surrogates and code points above U+10FFFF.
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return -1;
  const b2 = i + 2 < end ? (b[i + 2] ?? 0) : 0;
  if ((b2 & 0xc0) !== 0x80) return -1;
  if (b0 < 0xf0) return ((((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)) << 3) | 3;
  const b3 = i + 3 < end ? (b[i + 3] ?? 0) : 0;
  if ((b3 & 0xc0) !== 0x80) return -1;
  return ((((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) * 8) + 4;
}

/** Go's utf8.Valid. */
export function isValidUtf8(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    if ((b[i] ?? 0) < 0x80) {
      i++;
      continue;
    }
    const r = decodeRuneAt(b, i, n);
    if (r < 0) return false;
    i += r & 7;
  }
  return true;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const hex = (v: number, width: number): string => v.toString(16).padStart(width, '0');

/**
 * Go's strconv.IsPrint for code points >= U+0080 (letters, marks, numbers, punctuation,
 * symbols), by the JS engine's Unicode version; callers with Unicode 15.0 data pass their own.
 */
export function isPrintByEngine(cp: number): boolean {
  return PRINTABLE.test(String.fromCodePoint(cp));
}

/**
 * Go's %q of a byte string: strconv.Quote, where bytes that are not valid UTF-8 print as \xNN.
 * `isPrint` decides for code points >= U+0080 (ASCII: space to tilde).
 */
export function goQuoteBytes(b: Uint8Array, isPrint: (cp: number) => boolean = isPrintByEngine): string {
  let out = '"';
  const n = b.length;
  let i = 0;
  while (i < n) {
    const r = decodeRuneAt(b, i, n);
    if (r < 0) {
      out += `\\x${hex(b[i] ?? 0, 2)}`;
      i++;
      continue;
    }
    const size = r & 7;
    const cp = Math.floor(r / 8);
    i += size;
    if (cp === 0x22 || cp === 0x5c) out += `\\${String.fromCharCode(cp)}`;
    else if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : isPrint(cp)) out += String.fromCodePoint(cp);
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}
