/**
 * Shard names, sharding specs and even shard layouts (Vitess `go/vt/topo/shard.go`
 * ValidateShardName and `go/vt/key/key.go`).
 */

import { KeyRangeError } from '../errors.js';
import { hexToBytes } from './keyspace-id.js';
import { keyRangeFromHex, makeKeyRange, type KeyRange } from './key-range.js';

export interface ParsedShardName {
  /** Canonical name: lower-cased when range based, else exactly as given. */
  readonly name: string;
  /** `null` when the name is not range based (`0`, or a custom name): the shard holds everything. */
  readonly keyRange: KeyRange | null;
}

const MAX_NAME_BYTES = 64;
const utf8 = new TextEncoder();

/**
 * Vitess ValidateShardName. Object-name rules first (non-empty, at most 64 bytes of
 * `[A-Za-z0-9_-]`), then a name with a `-` must be `<hex>-<hex>` with start < end.
 */
export function parseShardName(name: string): ParsedShardName {
  validateObjectName(name);
  if (!name.includes('-')) return Object.freeze({ name, keyRange: null });
  const parts = name.split('-');
  const [start, end] = parts;
  if (parts.length !== 2 || start === undefined || end === undefined) {
    throw new KeyRangeError(`invalid shardId, can only contain one '-': ${name}`, { details: { shard: name } });
  }
  const keyRange = withShard(name, () => keyRangeFromHex(start, end));
  return Object.freeze({ name: name.toLowerCase(), keyRange });
}

function validateObjectName(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new KeyRangeError('empty name', { details: { shard: name } });
  }
  if (utf8.encode(name).length > MAX_NAME_BYTES) {
    throw new KeyRangeError(`name ${name} is too long`, { details: { shard: name } });
  }
  const bad = /[^A-Za-z0-9_-]/u.exec(name);
  if (bad) {
    throw new KeyRangeError(`invalid character ${bad[0]} in name ${name}`, { details: { shard: name } });
  }
}

/** Re-throws a KeyRangeError from `fn` with the shard name added to its details. */
function withShard<T>(shard: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KeyRangeError) {
      throw new KeyRangeError(err.message, { details: { ...err.details, shard }, cause: err });
    }
    throw err;
  }
}

// Vitess KeyRangePattern: hex pairs of either case on both sides of one dash, or `0`.
const KEY_RANGE_PATTERN = /^(?:0|(?:[0-9a-fA-F]{2})*-(?:[0-9a-fA-F]{2})*)$/;

/** True for `0` and for `<hex pairs>-<hex pairs>` (no order check, as in Vitess). */
export function isValidKeyRange(text: string): boolean {
  return typeof text === 'string' && KEY_RANGE_PATTERN.test(text);
}

/**
 * Vitess ParseShardingSpec: `-40-80-` → `-40`, `40-80`, `80-`. A single part is only valid as
 * `0`. Order is checked on the hex *text* (Vitess compares the strings, not the bytes).
 */
export function parseShardingSpec(spec: string): KeyRange[] {
  const parts = typeof spec === 'string' ? spec.split('-') : [];
  if (parts.length <= 1) {
    if (spec === '0') return [makeKeyRange(new Uint8Array(0), new Uint8Array(0))];
    throw new KeyRangeError(`malformed spec: doesn't define a range: "${String(spec)}"`, { details: { spec } });
  }
  const ranges: KeyRange[] = [];
  let previousText = parts[0]!;
  let previous = withSpec(spec, () => hexToBytes(previousText));
  for (let i = 1; i < parts.length; i++) {
    const text = parts[i]!;
    if (text === '' && i !== parts.length - 1) {
      throw new KeyRangeError(`malformed spec: MinKey/MaxKey cannot be in the middle of the spec: "${spec}"`, {
        details: { spec },
      });
    }
    if (text !== '' && text <= previousText) {
      throw new KeyRangeError(`malformed spec: shard limits should be in order: "${spec}"`, { details: { spec } });
    }
    const bytes = withSpec(spec, () => hexToBytes(text));
    ranges.push(makeKeyRange(previous, bytes));
    previous = bytes;
    previousText = text;
  }
  return ranges;
}

function withSpec<T>(spec: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KeyRangeError) {
      throw new KeyRangeError(err.message, { details: { ...err.details, spec }, cause: err });
    }
    throw err;
  }
}

const TWO_64 = 1n << 64n;

/**
 * Vitess EvenShardsKeyRange: shard `i` of `n` (a power of two) equal ranges. Both ends are cut to
 * the bytes needed to write `n - 1` (so shard 256 of 512 is `8000-8080`, not `80-8080`).
 */
export function evenShardsKeyRange(i: number, n: number): KeyRange {
  if (!Number.isSafeInteger(i) || !Number.isSafeInteger(n)) {
    throw new KeyRangeError('the shard index and count must be integers', { details: { index: i, count: n } });
  }
  if (n <= 0) throw new KeyRangeError('the shard count must be > 0', { details: { index: i, count: n } });
  if (i >= n) {
    throw new KeyRangeError('the index of the shard must be less than the total number of shards', {
      details: { index: i, count: n },
    });
  }
  // Not a Vitess check: Go would compute a meaningless range for a negative index.
  if (i < 0) throw new KeyRangeError('the index of the shard must be >= 0', { details: { index: i, count: n } });
  const count = BigInt(n);
  if ((count & (count - 1n)) !== 0n) {
    throw new KeyRangeError('the shard count must be a power of two', { details: { index: i, count: n } });
  }
  const width = (TWO_64 - 1n) / count + 1n;
  const start = BigInt(i) * width;
  const end = (start + width) % TWO_64;
  const bytes = byteLength(count - 1n);
  return makeKeyRange(truncatedKey(start, bytes), truncatedKey(end, bytes));
}

/** Bytes needed to write `value`: 0 for 0, 1 up to 255, 2 up to 65535, ... */
function byteLength(value: bigint): number {
  let bytes = 0;
  for (let v = value; v > 0n; v >>= 8n) bytes++;
  return bytes;
}

/** The first `bytes` bytes of the 8-byte big-endian value; zero becomes the empty (open) key. */
function truncatedKey(value: bigint, bytes: number): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const out = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++) out[k] = Number((value >> BigInt(56 - 8 * k)) & 0xffn);
  return out;
}

/**
 * Vitess GenerateShardRanges: names for `n` shards. Boundaries are truncated multiples of a
 * float slot size, so counts that are not powers of two spread the rounding loss evenly
 * (7 shards → `-24, 24-49, 49-6d, 6d-92, 92-b6, b6-db, db-`).
 */
export function generateShardRanges(n: number): string[] {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new KeyRangeError('shards must be greater than zero', { details: { count: n } });
  }
  if (n > 65536) {
    // "65336" is Vitess's own typo, kept so the message matches.
    throw new KeyRangeError('this function does not support more than 65336 shards in a single keyspace', {
      details: { count: n },
    });
  }
  const slots = n <= 256 ? 256 : 65536;
  const digits = n <= 256 ? 2 : 4;
  const hex = (boundary: number): string => boundary.toString(16).padStart(digits, '0');
  const size = slots / n;
  const names: string[] = [];
  let end = 0;
  for (let k = 1; k <= n; k++) {
    const start = end;
    end = Math.trunc(k * size);
    // The first start and the last end are open by position: for some counts (49, 98, ...)
    // n * (slots / n) rounds to just below `slots`, and the last shard must still reach the end.
    names.push(`${k === 1 ? '' : hex(start)}-${k === n ? '' : hex(end)}`);
  }
  return names;
}
