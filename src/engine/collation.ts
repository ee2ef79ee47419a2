/**
 * Text comparison by the column's collation, as MySQL sorts and groups it. The shards convert
 * every text column to the connection's character set (utf8mb4), so the bytes are UTF-8 and the
 * collation id from the column definition says how to compare them:
 *   - 63 (binary): byte by byte, no padding;
 *   - `*_bin`: code point by code point, trailing spaces ignored (PAD SPACE);
 *   - MySQL 8's `*_0900_*` collations: like general_ci here but NO PAD;
 *   - every other (general_ci, unicode_ci, swedish_ci, ...): the utf8mb4_general_ci weights —
 *     one weight per character, letters folded to upper case without accents (é = E, ß = S),
 *     characters outside the BMP all weigh U+FFFD, trailing spaces ignored.
 * unicode_ci expansions (ß = ss) are not modelled; a plan that sorts on a weight_string column
 * compares the weights the shard computed instead, which is exact for every collation.
 */
import { BINARY_COLLATION } from './fields.js';

type Kind = 'binary' | 'bin' | 'ci' | 'ci_nopad';

/** Collation ids of MySQL/MariaDB `*_bin` collations (utf8, utf8mb4, latin1, ascii, ...). */
const BIN_IDS = new Set([46, 83, 47, 65, 84, 58, 93, 94, 98, 77, 87, 309, 1070, 1094, 1107]);

function kindOf(collation: number): Kind {
  if (collation === BINARY_COLLATION) return 'binary';
  if (BIN_IDS.has(collation)) return 'bin';
  if (collation >= 255 && collation <= 323) return 'ci_nopad';
  return 'ci';
}

const decoder = new TextDecoder('utf-8');
const foldCache = new Map<number, number>();

/** utf8mb4_general_ci's weight of one code point. */
export function generalCiWeight(cp: number): number {
  if (cp > 0xffff) return 0xfffd;
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCharCode(cp);
  const base = ch.normalize('NFD').charAt(0);
  const upper = base.toUpperCase();
  const w = upper.length === 1 ? upper.charCodeAt(0) : upper.charCodeAt(0);
  foldCache.set(cp, w);
  return w;
}

function trimPad(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Compares two texts (UTF-8 bytes) under a collation: negative, 0 or positive. */
export function compareText(a: Uint8Array, b: Uint8Array, collation: number): number {
  const kind = kindOf(collation);
  if (kind === 'binary') return compareBytes(a, b);
  let sa = decoder.decode(a);
  let sb = decoder.decode(b);
  if (kind !== 'ci_nopad') {
    sa = trimPad(sa);
    sb = trimPad(sb);
  }
  if (kind === 'bin') return compareCodePoints(sa, sb);
  const ia = sa[Symbol.iterator]();
  const ib = sb[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const wa = generalCiWeight(x.value.codePointAt(0)!);
    const wb = generalCiWeight(y.value.codePointAt(0)!);
    if (wa !== wb) return wa - wb;
  }
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** A key equal for texts the collation calls equal (for hashing in DISTINCT / COUNT(DISTINCT)). */
export function textKey(raw: Uint8Array, collation: number): string {
  const kind = kindOf(collation);
  if (kind === 'binary') return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  let s = decoder.decode(raw);
  if (kind !== 'ci_nopad') s = trimPad(s);
  if (kind === 'bin') return s;
  let out = '';
  for (const ch of s) out += String.fromCharCode(generalCiWeight(ch.codePointAt(0)!));
  return out;
}

/**
 * WEIGHT_STRING() of a text as MariaDB computes it for the collation: the bytes themselves for
 * binary, three bytes per code point for `*_bin`, two bytes per utf8mb4_general_ci weight
 * otherwise. MariaDB keeps trailing spaces in it. Byte order of two weight strings is the
 * collation's order, so vtgate may compare those it computes with those the shards send.
 */
export function weightString(raw: Uint8Array, collation: number): Uint8Array {
  const kind = kindOf(collation);
  if (kind === 'binary') return raw;
  const chars = [...decoder.decode(raw)];
  const width = kind === 'bin' ? 3 : 2;
  const out = new Uint8Array(chars.length * width);
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    const w = kind === 'bin' ? cp : generalCiWeight(cp);
    for (let b = 0; b < width; b++) out[i * width + b] = (w >> (8 * (width - 1 - b))) & 0xff;
  });
  return out;
}
