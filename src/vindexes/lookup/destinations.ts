/**
 * Lookup rows → destinations (Vitess MapResult of each lookup type). A row's column 0 is the
 * to-value: keyspace id bytes for lookup and consistent_lookup, a uint64 to DES-hash for the
 * *_hash types. Unique types allow at most one row per id.
 */
import { COMPLETE_KEY_RANGE } from '../../keyrange/key-range.js';
import { toBytes, toCastUint64 } from '../convert.js';
import { desHash } from '../crypto/des.js';
import type { Destination } from '../types.js';
import { NULL_VALUE, type SqlValue } from '../value.js';
import type { IdRows } from './engine.js';
import { multipleResults, shortRow } from './lookup-errors.js';

export const NONE: Destination = Object.freeze({ kind: 'none' });
/** write_only, or a single NULL id with ignore_nulls: the complete key range (all shards). */
export const FULL_RANGE: Destination = Object.freeze({ kind: 'keyRange', keyRange: COMPLETE_KEY_RANGE });

export function fullRanges(count: number): Destination[] {
  return Array.from({ length: count }, () => FULL_RANGE);
}

function column0(row: readonly SqlValue[], table: string): SqlValue {
  const v = row[0];
  if (v === undefined) throw shortRow(table, 1, row.length);
  return v;
}

/** Vitess vhash of ToCastUint64(value); null when the value is not a uint64 (skipped or none). */
function hashedKeyspaceId(v: SqlValue): Uint8Array | null {
  let n: bigint;
  try {
    n = toCastUint64(v);
  } catch {
    return null;
  }
  return desHash(n);
}

/** How a type reads its rows: `bytes` = the to-value is the keyspace id; `hash` = vhash(uint64). */
export type ToColumnKind = 'bytes' | 'hash';

export interface MapResultOptions {
  readonly kind: ToColumnKind;
  readonly unique: boolean;
  readonly table: string;
  /** Prefix of the multiple-results error: `Lookup.Map`, `LookupHash.Map`, ... */
  readonly multiplePrefix: string;
}

/**
 * `ids` are the values the rows were looked up with (printed in the multiple-results error).
 * Non-unique: no rows → none, else one keyspace id per row (hash: unparsable values skipped).
 * Unique: 0 → none, 1 → that keyspace id (hash: unparsable → none), more → error.
 */
export function mapResults(ids: readonly SqlValue[], results: readonly IdRows[], options: MapResultOptions): Destination[] {
  const out: Destination[] = [];
  for (const [i, rows] of results.entries()) {
    if (rows.length === 0) {
      out.push(NONE);
      continue;
    }
    if (options.unique) {
      if (rows.length > 1) throw multipleResults(options.multiplePrefix, options.table, ids[i] ?? NULL_VALUE);
      const value = column0(rows[0]!, options.table);
      if (options.kind === 'bytes') {
        out.push({ kind: 'keyspaceId', keyspaceId: toBytes(value) });
      } else {
        const ksid = hashedKeyspaceId(value);
        out.push(ksid === null ? NONE : { kind: 'keyspaceId', keyspaceId: ksid });
      }
      continue;
    }
    const keyspaceIds: Uint8Array[] = [];
    for (const row of rows) {
      const value = column0(row, options.table);
      if (options.kind === 'bytes') {
        keyspaceIds.push(toBytes(value));
      } else {
        const ksid = hashedKeyspaceId(value);
        if (ksid !== null) keyspaceIds.push(ksid);
      }
    }
    out.push({ kind: 'keyspaceIds', keyspaceIds });
  }
  return out;
}
