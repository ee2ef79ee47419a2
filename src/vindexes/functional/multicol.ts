/**
 * `multicol` (spec §4.13): each column's own Hashing vindex contributes the first
 * column_bytes[i] bytes of its hash to one keyspace id (3 hash columns → 3+3+2 bytes). A row
 * with only the leading columns maps to the key range of that prefix; a column whose hash
 * fails routes the row nowhere in Map and fails Verify.
 */
import { VindexError, VSchemaRouterError } from '../../errors.js';
import type { MulticolConfig } from '../multicol-params.js';
import type { Destination, MultiColumnImpl } from '../types.js';
import type { SqlValue } from '../value.js';
import { NONE, bytesEqual, checkVerifyLengths, keyRangeFromPrefix, keyspaceIdDestination } from './shared.js';

type Hash = (value: SqlValue) => Uint8Array;

function columnHashes(config: MulticolConfig): Hash[] {
  return config.columnVindexes.map((vindex) => {
    const impl = vindex.impl;
    const hash = impl !== null && impl.kind === 'single' ? impl.hash : undefined;
    if (hash !== undefined) return hash;
    // A custom Hashing type declared with properties only: it validates and plans, but cannot route.
    return () => {
      throw new VindexError('VINDEX_NOT_IMPLEMENTED', `multicol column vindex ${vindex.type} has no hash implementation`);
    };
  });
}

export function multicolImpl(config: MulticolConfig): MultiColumnImpl {
  const hashes = columnHashes(config);
  const { columnCount, columnBytes } = config;

  /** Vitess mapKsid: [partial, keyspace id]; throws on too many values or a column hash error. */
  function mapKsid(row: readonly SqlValue[]): [boolean, Uint8Array] {
    if (row.length > columnCount) {
      throw new VindexError(
        'VT13001',
        `VT13001: [BUG] wrong number of column values were passed: maximum allowed ${columnCount}, got ${row.length}`,
      );
    }
    const ksid = new Uint8Array(8);
    let length = 0;
    let minLength = 0;
    for (let i = 0; i < row.length; i++) {
      const h = hashes[i]!(row[i]!);
      // Pad with zero bytes where an earlier column's hash was shorter than its share.
      if (length < minLength) length = minLength;
      const bytes = columnBytes[i]!;
      minLength += bytes;
      const take = Math.min(h.length, bytes);
      ksid.set(h.subarray(0, take), length);
      length += take;
    }
    return [row.length < columnCount, ksid.subarray(0, length)];
  }

  return Object.freeze({
    kind: 'multi',
    mapRows(rows: readonly (readonly SqlValue[])[]): Destination[] {
      return rows.map((row) => {
        let result: [boolean, Uint8Array];
        try {
          result = mapKsid(row);
        } catch (err) {
          // Every mapping error routes nowhere, as in Vitess; a missing implementation does not.
          if (err instanceof VSchemaRouterError && err.code !== 'VINDEX_NOT_READY' && err.code !== 'VINDEX_NOT_IMPLEMENTED') return NONE;
          throw err;
        }
        const [partial, ksid] = result;
        return partial ? keyRangeFromPrefix(ksid) : keyspaceIdDestination(ksid);
      });
    },
    verifyRows(rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths('MultiCol.Verify', rows.length, keyspaceIds.length);
      return rows.map((row, i) => bytesEqual(mapKsid(row)[1], keyspaceIds[i]));
    },
  });
}
