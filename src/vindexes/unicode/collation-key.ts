/**
 * The collation key hashed by Vitess's unicode_loose_md5 and unicode_loose_xxhash vindexes:
 * golang.org/x/text/collate, root locale, CLDR 23 tables, strength "loose" (primary weights
 * only, variable elements non-ignorable). Specification: vindexes.md sections 4.9 and 5.
 *
 * The collation elements (CEs) come from data/unicode-collation.bin, loaded on the first call.
 * The iteration below reproduces how x/text turns UTF-8 into CEs, without normalising the
 * input first:
 *  - one rune at a time: a normal CE, an expansion (a list of CEs), a contraction (longest match
 *    over a byte trie, possibly skipping unblocked combining marks), or "decompose" (collate the
 *    rune's NFKD decomposition; only tertiary weights are then patched);
 *  - runes without a CE: Hangul syllables are collated as their jamo, anything else gets an
 *    implicit primary derived from the code point;
 *  - CEs carry a canonical combining class, and runs of non-starter CEs are reordered by it as
 *    if the text were in NFD (up to 30 marks per run).
 * The key is every non-zero primary weight, in order, as 2 bytes (<= 0x7FFF) or 3 bytes.
 */
import { VindexError } from '../../errors.js';
import { collationTables, type CollationTables } from './data.js';
import { goQuoteBytes, isPrintByEngine, isValidUtf8 } from './utf8.js';

export { isCollationDataLoaded } from './data.js';

// ---------------------------------------------------------------------------------------------
// Collation element layout (x/text colltab)

const MAX_NORMAL = 0xafffffff; // above: special CEs
const MAX_CONTRACTION = 0xdfffffff;
const MAX_EXPANSION = 0xefffffff; // above: decompose
const MAX_TERTIARY = 0x1f;
const MAX_COMBINING = 30; // marks reordered per run
const MAX_SEGMENT = 128; // bytes of interstitial runes a discontiguous contraction keeps
const NO_INDEX = 0xff;

function primaryOf(ce: number): number {
  if (ce >= 0x80000000) return ce > 0xa0000000 ? 0 : ce & 0xffff;
  return (ce & 0x3ffffe00) >>> 9;
}

function cccOf(ce: number): number {
  if (ce < 0x80000000) return 0;
  // 100ttttt cccccccc pppp... (primary with a combining class) vs 1010cccc cccc.... (secondary)
  return (ce & 0x20000000) === 0 ? (ce >>> 16) & 0xff : (ce >>> 20) & 0xff;
}

/** Replaces the tertiary weight (as x/text does for the runes of a decomposition). */
function withTertiary(ce: number, t: number): number {
  const top = ce >>> 29;
  if (top >>> 1 === 0b01) {
    // primary + secondary form: converted to the primary + secondary-offset + tertiary form
    const secondary = ((ce & 0xff) - 0x1c) & 0xff;
    return ((ce & 0x3ffffe00) | (secondary << 5) | t) >>> 0;
  }
  if (top === 0b100) return ((ce & ~(MAX_TERTIARY << 24)) | (t << 24)) >>> 0;
  return ((ce & ~MAX_TERTIARY) | t) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Table access (bound once, on first use)

let T: CollationTables | undefined;
let stage1: Uint16Array;
let ces: Uint32Array;
let expand: Uint32Array;
let contractElem: Uint32Array;
let ct: Uint8Array;

function bind(): void {
  T = collationTables();
  ({ stage1, ces, expand, contractElem, ct } = T);
}

function ceOf(cp: number): number {
  return ces[(stage1[cp >>> 6]! << 6) | (cp & 63)]!;
}

function binarySearch(keys: Uint32Array, cp: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === cp) return mid;
    if (k < cp) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** NFD properties: leadCCC | trailCCC << 8 | leading non-starters << 16 (0 for most runes). */
function normProps(cp: number): number {
  if (cp < 0x80) return 0;
  const i = binarySearch(T!.normKeys, cp);
  return i < 0 ? 0 : T!.normVals[i]!;
}

function inRanges(r: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = (r.length >>> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (cp < r[mid * 2]!) hi = mid - 1;
    else if (cp > r[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

function implicitPrimary(cp: number): number {
  if (inRanges(T!.ideographic, cp)) {
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff)) return cp + 0x10000;
    return cp + 0x20000;
  }
  return cp + 0x50000;
}

// ---------------------------------------------------------------------------------------------
// UTF-8 (all sources here are valid UTF-8: the checked input, the decomposition data, jamo)

let runeCp = 0;
let runeSize = 0;

function readRune(b: Uint8Array, i: number): void {
  const b0 = b[i]!;
  if (b0 < 0x80) {
    runeCp = b0;
    runeSize = 1;
  } else if (b0 < 0xe0) {
    runeCp = ((b0 & 0x1f) << 6) | (b[i + 1]! & 0x3f);
    runeSize = 2;
  } else if (b0 < 0xf0) {
    runeCp = ((b0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    runeSize = 3;
  } else {
    runeCp = ((b0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
    runeSize = 4;
  }
}

// ---------------------------------------------------------------------------------------------
// The CE buffer

let W = new Uint32Array(256);
let wLen = 0;

function push(ce: number): void {
  if (wLen === W.length) {
    const bigger = new Uint32Array(W.length * 2);
    bigger.set(W);
    W = bigger;
  }
  W[wLen++] = ce;
}

function pushExpansion(ce: number): void {
  const i = ce & 0xffff;
  const n = expand[i]!;
  for (let k = 1; k <= n; k++) push(expand[i + k]!);
}

// ---------------------------------------------------------------------------------------------
// One step: the CEs of the next rune (or contraction) of src[pos, end); returns bytes consumed.

function appendNext(src: Uint8Array, pos: number, end: number): number {
  readRune(src, pos);
  const cp = runeCp;
  const size = runeSize;
  const ce = ceOf(cp);
  if (ce <= MAX_NORMAL) {
    if (ce === 0) {
      if (cp >= 0xac00 && cp <= 0xd7a3) {
        // Hangul syllable: the (raw) CEs of its jamo.
        const s = cp - 0xac00;
        push(ceOf(0x1100 + Math.floor(s / 588)));
        push(ceOf(0x1161 + Math.floor((s % 588) / 28)));
        if (s % 28 !== 0) push(ceOf(0x11a7 + (s % 28)));
        return size;
      }
      push((0x40000000 | (implicitPrimary(cp) << 9) | 0x20) >>> 0);
      return size;
    }
    push(ce);
    return size;
  }
  if (ce <= MAX_CONTRACTION) return size + matchContraction(ce, src, pos + size, end);
  if (ce <= MAX_EXPANSION) {
    pushExpansion(ce);
    return size;
  }
  // Decompose: collate the NFKD decomposition, then patch the tertiary weights.
  const t1 = ce & 0xff;
  const t2 = (ce >>> 8) & 0xff;
  const first = wLen;
  const k = binarySearch(T!.decompKeys, cp);
  const pool = T!.decompPool;
  const dEnd = T!.decompOffsets[k + 1]!;
  for (let q = T!.decompOffsets[k]!; q < dEnd; ) q += appendNext(pool, q, dEnd);
  W[first] = withTertiary(W[first]!, t1);
  if (first + 1 < wLen) {
    W[first + 1] = withTertiary(W[first + 1]!, t2);
    for (let i = first + 2; i < wLen; i++) W[i] = withTertiary(W[i]!, MAX_TERTIARY);
  }
  return size;
}

// ---------------------------------------------------------------------------------------------
// Contractions

/**
 * Matches the longest suffix in the contraction trie. The trie works on UTF-8 bytes: each node
 * is a list of entries {L, H, N, I}; an entry with N > 0 matches the byte L and continues in the
 * node of N entries that starts H entries after the end of the current node; an entry with
 * N = 0 matches any byte in [L, H] and ends the match with result I + (byte - L). I is the
 * result index of the sequence matched so far (0xFF: none).
 */
class Scanner {
  node: number;
  nodeLen: number;
  end: number;
  result = 0;
  resultEnd: number;
  done = false;

  constructor(
    private readonly src: Uint8Array,
    start: number,
    end: number,
    node: number,
    nodeLen: number,
  ) {
    this.end = end;
    this.node = node;
    this.nodeLen = nodeLen;
    this.resultEnd = start;
  }

  /** Continues the match at p; returns the position after the last complete rune matched (p if none). */
  scan(p: number): number {
    let runeEnd = p;
    const s = this.src;
    let node = this.node;
    let n = this.nodeLen;
    for (let i = 0; i < n && p < this.end; ) {
      const e = (node + i) * 4;
      const lo = ct[e]!;
      const c = s[p]!;
      if (c >= lo) {
        const next = ct[e + 2]!;
        if (c === lo) {
          p++;
          const idx = ct[e + 3]!;
          if (idx !== NO_INDEX) {
            this.result = idx;
            this.resultEnd = p;
          }
          if (next !== 0) {
            node += ct[e + 1]! + n;
            n = next;
            i = 0;
            if (p >= this.end || (s[p]! & 0xc0) !== 0x80) {
              this.node = node;
              this.nodeLen = n;
              runeEnd = p;
            }
            continue;
          }
          this.done = true;
          return p;
        } else if (next === 0 && c <= ct[e + 1]!) {
          p++;
          this.done = true;
          this.result = c - lo + ct[e + 3]!;
          this.resultEnd = p;
          return p;
        }
      }
      i++;
    }
    return runeEnd;
  }
}

/**
 * Position (relative to q) of the first normalization boundary in src[q, end): the first rune
 * without leading non-starters, or where more than 30 non-starters have been counted. -1 when
 * the text ends first (the caller then keeps the whole text, which is the same as a boundary
 * at the end).
 */
function firstBoundary(src: Uint8Array, q: number, end: number): number {
  let count = 0;
  for (let i = q; i < end; ) {
    readRune(src, i);
    const nLead = (normProps(runeCp) >>> 16) & 0xff;
    count += nLead;
    if (count > MAX_COMBINING || nLead === 0) return i - q;
    i += runeSize;
  }
  return -1;
}

/** The contraction starting with the rune before `start`; returns the bytes consumed from `start`. */
function matchContraction(ce: number, src: Uint8Array, start: number, end: number): number {
  const nodeLen = ce & 0xf;
  const node = (ce >>> 4) & 0xfff;
  const offset = (ce >>> 16) & 0x1fff;
  const scanner = new Scanner(src, start, end, node, nodeLen);
  let interstitial: Uint8Array | undefined;
  let keep = 0; // bytes of `interstitial` to collate after the contraction
  let p = scanner.scan(start);

  if (!scanner.done && p < end && src[p]! >= 0x80) {
    // Discontiguous match: skip combining marks that the contraction's next mark is not blocked by.
    let p0 = p;
    let copied = 0;
    readRune(src, p);
    let props = normProps(runeCp);
    p += runeSize;
    if ((props & 0xff) !== 0) {
      let prevCC = (props >>> 8) & 0xff;
      const boundary = firstBoundary(src, p, end);
      if (boundary !== -1) scanner.end = p + boundary;
      while (p < end && !scanner.done && src[p]! >= 0x80) {
        readRune(src, p);
        const size = runeSize;
        props = normProps(runeCp);
        const ccc = props & 0xff;
        if (ccc === 0 || prevCC >= ccc) break;
        prevCC = (props >>> 8) & 0xff;
        const pp = scanner.scan(p);
        if (pp !== p) {
          interstitial ??= new Uint8Array(MAX_SEGMENT);
          const n = Math.min(p - p0, MAX_SEGMENT - copied);
          interstitial.set(src.subarray(p0, p0 + n), copied);
          copied += n;
          if (scanner.resultEnd === pp) keep = copied;
          p = pp;
          p0 = pp;
        } else {
          p += size;
        }
      }
    }
  }

  const matched = contractElem[scanner.result + offset]!;
  if (matched <= MAX_NORMAL) push(matched);
  else pushExpansion(matched);
  if (interstitial !== undefined) {
    for (let q = 0; q < keep; ) q += appendNext(interstitial, q, keep);
  }
  return scanner.resultEnd - start;
}

// ---------------------------------------------------------------------------------------------
// The iterator: CEs for the whole input, non-starters put in canonical order

function collationElements(input: Uint8Array, end: number): void {
  wLen = 0;
  let done = 0; // CEs before this index are final
  let pNext = 0;

  const step = (): boolean => {
    if (pNext >= end) return false;
    const n = appendNext(input, pNext, end);
    pNext += n === 0 ? 1 : n;
    return true;
  };

  for (;;) {
    if (done === wLen && !step()) return;
    let prevCCC = cccOf(W[wLen - 1]!);
    if (prevCCC === 0) {
      done = wLen;
      continue;
    }
    if (cccOf(W[done]!) === 0) {
      for (done++; done < wLen && cccOf(W[done]!) === 0; done++);
      continue;
    }
    // The run starts with non-starters: collect them all and keep them ordered by class.
    let stopped = false;
    for (;;) {
      const p = wLen;
      if (!step()) break;
      const ccc = cccOf(W[p]!);
      if (ccc === 0 || wLen - done > MAX_COMBINING) {
        done = p;
        stopped = true;
        break;
      }
      if (ccc < prevCCC) reorder(p, ccc, done);
      else prevCCC = ccc;
    }
    if (!stopped) {
      if (wLen === done) return;
      done = wLen;
    }
  }
}

/** Moves the CEs W[k, wLen) (one rune, combining class ccc) before the earlier CEs of higher class. */
function reorder(k: number, ccc: number, done: number): void {
  let p = k - 1;
  while (p > done && ccc < cccOf(W[p - 1]!)) p--;
  const moved = W.slice(k, wLen);
  W.copyWithin(p + moved.length, p, k);
  W.set(moved, p);
}

// ---------------------------------------------------------------------------------------------
// Public

/** Go's strconv.IsPrint by Unicode 15.0 (the data file), or by the engine if the data cannot be read. */
function printablePredicate(): (cp: number) => boolean {
  try {
    if (T === undefined) bind();
    const ranges = T!.printable;
    return (cp) => inRanges(ranges, cp);
  } catch {
    return isPrintByEngine;
  }
}

let keyBuf = new Uint8Array(256);
const RETAIN_LIMIT = 1 << 16;

/**
 * The primary-strength "loose" collation key of a value's bytes, as Vitess's
 * unicode_loose_md5 / unicode_loose_xxhash compute it before hashing. Trailing ASCII spaces
 * are ignored; invalid UTF-8 is an error.
 */
export function looseCollationKey(input: Uint8Array): Uint8Array {
  if (!isValidUtf8(input)) {
    throw new VindexError('VINDEX_VALUE_INVALID', `cannot normalize string containing invalid UTF-8: ${goQuoteBytes(input, printablePredicate())}`);
  }
  let end = input.length;
  while (end > 0 && input[end - 1] === 0x20) end--;
  if (end === 0) return new Uint8Array(0);
  if (T === undefined) bind();

  collationElements(input, end);

  if (keyBuf.length < wLen * 3) keyBuf = new Uint8Array(wLen * 3);
  let n = 0;
  for (let i = 0; i < wLen; i++) {
    const p = primaryOf(W[i]!);
    if (p === 0) continue;
    if (p <= 0x7fff) {
      keyBuf[n++] = p >>> 8;
      keyBuf[n++] = p & 0xff;
    } else {
      keyBuf[n++] = ((p >>> 16) & 0xff) | 0x80;
      keyBuf[n++] = (p >>> 8) & 0xff;
      keyBuf[n++] = p & 0xff;
    }
  }
  const key = keyBuf.slice(0, n);
  // Do not keep the memory of an unusually long input.
  if (W.length > RETAIN_LIMIT) W = new Uint32Array(256);
  if (keyBuf.length > RETAIN_LIMIT) keyBuf = new Uint8Array(256);
  return key;
}
