/**
 * `cfc`, concatenated fixed-width composite (spec §4.10). Without `hash` the value's bytes are
 * the keyspace id (like binary). With `hash` (md5 or xxhash64) and `offsets` o1 < … < ok, the
 * value is cut into components [0,o1), [o1,o2), …, [ok,end) and each one is replaced by the
 * first len(component) bytes (at most 16 for md5, 8 for xxhash64) of its hash. A LIKE pattern
 * maps through its literal prefix: only the whole components it contains are hashed, and the
 * result is a key range of every keyspace id starting with them.
 */
import { VindexError } from '../../errors.js';
import { toBytes } from '../convert.js';
import { md5 } from '../crypto/md5.js';
import { xxhash64 } from '../crypto/xxhash64.js';
import { parseCfcParams, type CfcConfig } from '../functional-params.js';
import { paramContext } from '../params.js';
import type { Destination, SingleColumnImpl, VindexParams } from '../types.js';
import type { SqlValue } from '../value.js';
import { bytesEqual, checkVerifyLengths, keyRangeFromPrefix, keyspaceIdDestination } from './shared.js';

/** The prefix helpers cfc's LIKE mode uses (shared with region_experimental and multicol). */
export { addOne, keyRangeFromPrefix } from './shared.js';

export type CfcHash = NonNullable<CfcConfig['hash']>;

/** A component's hash, truncated to the component's length (short components, short hashes). */
export function cfcComponentHash(hash: CfcHash, component: Uint8Array): Uint8Array {
  const digest = hash === 'md5' ? md5(component) : xxhash64(component);
  return component.length < digest.length ? digest.subarray(0, component.length) : digest;
}

/**
 * Vitess computeKsid. Outside prefix mode a value shorter than the last offset is an error
 * (`insufficient size for cfc vindex <name>. need <ok>, got <len>`); in prefix mode hashing
 * stops at the first component the value does not fully contain.
 */
export function computeCfcKsid(config: CfcConfig, name: string, value: Uint8Array, prefixMode: boolean): Uint8Array {
  const hash = config.hash;
  if (hash === undefined) return value;
  const offsets = config.offsets;
  const n = value.length;
  const last = offsets[offsets.length - 1] ?? 0;
  if (!prefixMode && n < last) {
    throw new VindexError('VINDEX_VALUE_INVALID', `insufficient size for cfc vindex ${name}. need ${last}, got ${n}`);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  let prev = 0;
  for (const offset of offsets) {
    if (n < offset) break;
    const part = cfcComponentHash(hash, value.subarray(prev, offset));
    parts.push(part);
    total += part.length;
    prev = offset;
  }
  if (prev === last && last < n) {
    const part = cfcComponentHash(hash, value.subarray(last, n));
    parts.push(part);
    total += part.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** MySQL's backslash escapes as Vitess decodes them (sqltypes.SQLDecodeMap); any other `\x` is `x`. */
const LIKE_ESCAPES: Readonly<Record<number, number>> = {
  0x30: 0x00, // \0
  0x27: 0x27, // \'
  0x22: 0x22, // \"
  0x62: 0x08, // \b
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x5a: 0x1a, // \Z
  0x5c: 0x5c, // \\
};

/**
 * The literal prefix of a LIKE pattern: bytes up to the first unescaped `%` or `_`, with
 * backslash escapes decoded; a lone trailing backslash stays a backslash.
 */
export function findLikePrefix(pattern: Uint8Array): Uint8Array {
  const out = new Uint8Array(pattern.length);
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === 0x25 || c === 0x5f) break;
    if (c === 0x5c) {
      i++;
      const next = pattern[i];
      out[n++] = next === undefined ? 0x5c : (LIKE_ESCAPES[next] ?? next);
      continue;
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** The cost of cfc's LIKE-prefix variant (not unique): the number of offsets, or 2 without a hash. */
export function cfcPrefixCost(config: CfcConfig): number {
  return config.hash === undefined ? 2 : config.offsets.length;
}

/** Properties of the LIKE-prefix variant of a cfc vindex with these (valid) params, for the planner. */
export function cfcPrefixProperties(name: string, params: VindexParams): { readonly cost: number; readonly unique: false } {
  return { cost: cfcPrefixCost(parseCfcParams(paramContext('cfc', name, params))), unique: false };
}

export function cfcImpl(config: CfcConfig, name: string): SingleColumnImpl {
  const ksidOf = (value: SqlValue): Uint8Array => computeCfcKsid(config, name, toBytes(value), false);
  return Object.freeze({
    kind: 'single',
    map(values: readonly SqlValue[]): Destination[] {
      const out = new Array<Destination>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = keyspaceIdDestination(ksidOf(values[i]!));
      return out;
    },
    verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths('CFC.Verify', values.length, keyspaceIds.length);
      return values.map((v, i) => bytesEqual(ksidOf(v), keyspaceIds[i]));
    },
    prefixMap(patterns: readonly SqlValue[]): Destination[] {
      return patterns.map((pattern) => keyRangeFromPrefix(computeCfcKsid(config, name, findLikePrefix(toBytes(pattern)), true)));
    },
  });
}
