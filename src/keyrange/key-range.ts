/**
 * Key ranges (Vitess `go/vt/key/key.go`). A range is [start, end): start inclusive, end
 * exclusive; an empty start is minus infinity and an empty end plus infinity. Wherever Vitess
 * accepts a nil *KeyRange these functions accept `null`, which means the complete range.
 * Every comparison goes through the normalised keyspace ids, so `-80` equals `-8000`.
 */

import { KeyRangeError } from '../errors.js';
import {
  bytesToHex,
  compareKeyspaceIds,
  hexToBytes,
  isEmptyKeyspaceId,
  keyspaceIdLess,
  keyspaceIdsEqual,
  type KeyspaceId,
} from './keyspace-id.js';

export interface KeyRange {
  /** Inclusive lower bound; empty = minus infinity. */
  readonly start: Uint8Array;
  /** Exclusive upper bound; empty = plus infinity. */
  readonly end: Uint8Array;
}

/** Builds a frozen KeyRange (the byte arrays are kept as given, typed arrays cannot be frozen). */
export function makeKeyRange(start: Uint8Array, end: Uint8Array): KeyRange {
  return Object.freeze({ start, end });
}

/** The complete range written out (`-`), for callers that prefer a value to `null`. */
export const COMPLETE_KEY_RANGE: KeyRange = makeKeyRange(new Uint8Array(0), new Uint8Array(0));

/** Complete when missing or when both ends are empty after normalisation. */
export function keyRangeIsComplete(kr: KeyRange | null): boolean {
  return kr === null || (isEmptyKeyspaceId(kr.start) && isEmptyKeyspaceId(kr.end));
}

export function keyRangeContains(kr: KeyRange | null, id: KeyspaceId): boolean {
  if (kr === null || keyRangeIsComplete(kr)) return true;
  return (
    (isEmptyKeyspaceId(kr.start) || compareKeyspaceIds(id, kr.start) >= 0) &&
    (isEmptyKeyspaceId(kr.end) || compareKeyspaceIds(id, kr.end) < 0)
  );
}

/** True when some keyspace id lies in both ranges. */
export function keyRangeIntersect(a: KeyRange | null, b: KeyRange | null): boolean {
  if (a === null || b === null || keyRangeIsComplete(a) || keyRangeIsComplete(b)) return true;
  return (
    (isEmptyKeyspaceId(a.end) || keyspaceIdLess(b.start, a.end)) &&
    (isEmptyKeyspaceId(b.end) || keyspaceIdLess(a.start, b.end))
  );
}

/** True when `a` contains all of `b`. */
export function keyRangeContainsKeyRange(a: KeyRange | null, b: KeyRange | null): boolean {
  if (keyRangeIsComplete(a)) return true;
  if (keyRangeIsComplete(b)) return false;
  return keyRangeStartCompare(b, a) >= 0 && keyRangeEndCompare(b, a) <= 0;
}

/** Start comparison: a missing range or an empty start is the minimum. */
export function keyRangeStartCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const aMin = a === null || isEmptyKeyspaceId(a.start);
  const bMin = b === null || isEmptyKeyspaceId(b.start);
  if (aMin || bMin) return aMin && bMin ? 0 : aMin ? -1 : 1;
  return compareKeyspaceIds(a.start, b.start);
}

/** End comparison: a missing range or an empty end is the maximum. */
export function keyRangeEndCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const aMax = a === null || isEmptyKeyspaceId(a.end);
  const bMax = b === null || isEmptyKeyspaceId(b.end);
  if (aMax || bMax) return aMax && bMax ? 0 : aMax ? 1 : -1;
  return compareKeyspaceIds(a.end, b.end);
}

/** Vitess KeyRangeCompare: start comparison, then end comparison (the shard sort order). */
export function keyRangeCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const byStart = keyRangeStartCompare(a, b);
  return byStart !== 0 ? byStart : keyRangeEndCompare(a, b);
}

export function keyRangeStartEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeStartCompare(a, b) === 0;
}

export function keyRangeEndEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeEndCompare(a, b) === 0;
}

export function keyRangeEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeStartEqual(a, b) && keyRangeEndEqual(a, b);
}

/**
 * Merges two adjacent ranges given in either order; `null` when they are not adjacent.
 * As in Vitess a missing range never merges, even though it means "complete".
 */
export function keyRangeAdd(a: KeyRange | null, b: KeyRange | null): KeyRange | null {
  if (a === null || b === null) return null;
  if (!isEmptyKeyspaceId(a.end) && keyspaceIdsEqual(a.end, b.start)) return makeKeyRange(a.start, b.end);
  if (!isEmptyKeyspaceId(b.end) && keyspaceIdsEqual(b.end, a.start)) return makeKeyRange(b.start, a.end);
  return null;
}

/**
 * True when `a` ends where `b` starts. This is Vitess's byte test, kept as is: it also says
 * true for `80-` followed by `-40`, because both the open end and the open start are empty.
 */
export function keyRangeContiguous(a: KeyRange | null, b: KeyRange | null): boolean {
  if (a === null || b === null || keyRangeIsComplete(a) || keyRangeIsComplete(b)) return false;
  return keyspaceIdsEqual(a.end, b.start);
}

/** `-` for the complete range, else lower-case hex start and end as stored (not normalised). */
export function keyRangeString(kr: KeyRange | null): string {
  if (kr === null || keyRangeIsComplete(kr)) return '-';
  return `${bytesToHex(kr.start)}-${bytesToHex(kr.end)}`;
}

/**
 * Builds a range from its two hex halves, rejecting an end not strictly above the start.
 * Like Vitess's shard-name check this compares the raw bytes, not the normalised ones, so
 * `80-8000` is accepted although both ends normalise to `80` (an empty range).
 */
export function keyRangeFromHex(startHex: string, endHex: string): KeyRange {
  const start = hexToBytes(startHex);
  const end = hexToBytes(endHex);
  if (end.length > 0 && compareRaw(start, end) >= 0) {
    throw new KeyRangeError(
      `out of order keys: ${bytesToHex(start)} is not strictly smaller than ${bytesToHex(end)}`,
      { details: { start: bytesToHex(start), end: bytesToHex(end) } },
    );
  }
  return makeKeyRange(start, end);
}

/** Parses `start-end` hex (`40-80`, `-80`, `80-`, `-`); exactly one `-`. */
export function parseKeyRange(text: string): KeyRange {
  const parts = typeof text === 'string' ? text.split('-') : [];
  const [start, end] = parts;
  if (parts.length !== 2 || start === undefined || end === undefined) {
    throw new KeyRangeError(`invalid key range "${String(text)}": expected <start>-<end> in hex`, {
      details: { keyRange: String(text) },
    });
  }
  return keyRangeFromHex(start, end);
}

/** Raw bytewise compare (Go's string comparison of the decoded keys). */
function compareRaw(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
