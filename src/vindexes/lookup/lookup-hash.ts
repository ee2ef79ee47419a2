/**
 * `lookup_hash*` (spec §7.2) and, with a from-value conversion, `lookup_unicodeloosemd5_hash*`
 * (§7.3). The to-column holds a uint64 u with keyspace id = vhash(u) (the `hash` vindex's DES);
 * keyspace ids going in are turned back into u with vunhash (8 bytes, else an error).
 */
import type { LookupConfig } from '../lookup-params.js';
import { desUnhash } from '../crypto/des.js';
import type { LookupImpl } from '../types.js';
import { isNull, type SqlValue } from '../value.js';
import { fullRanges, mapResults } from './destinations.js';
import { engineSettings, LookupEngine } from './engine.js';
import { planTimeParts } from './plan-time.js';
import { conversionFailed } from './lookup-errors.js';
import { uint64Value } from './values.js';

export interface HashedLookupOptions {
  readonly unique: boolean;
  /** Prefix of the unique type's multiple-results error. */
  readonly multiplePrefix: string;
  /**
   * lookup_unicodeloosemd5_hash: replaces every from-value before it is queried, inserted or
   * deleted. Conversion errors are wrapped per operation (`lookup.Create.convert: ...`).
   */
  readonly convert?: (value: SqlValue) => SqlValue;
  /** Whether the type is LookupPlanable (the unicode types are not: values are converted first). */
  readonly planable: boolean;
}

/** vunhash as a UINT64 value; failures are `<where>.vunhash: invalid keyspace id: <hex>`. */
function unhash(keyspaceId: Uint8Array, where: string): SqlValue {
  try {
    return uint64Value(desUnhash(keyspaceId));
  } catch (err) {
    throw conversionFailed(`${where}.vunhash`, err);
  }
}

export function hashedLookupImpl(config: LookupConfig, options: HashedLookupOptions): LookupImpl {
  const engine = new LookupEngine(engineSettings(config, { upsert: !options.unique }));
  const { unique, convert } = options;
  const resultOptions = { kind: 'hash', unique, table: config.table, multiplePrefix: options.multiplePrefix } as const;

  /** Vitess convertIds / convertRows; without a conversion the values pass through. */
  function converted(values: readonly SqlValue[], where: string | null): SqlValue[] {
    if (convert === undefined) return [...values];
    if (where === null) return values.map(convert);
    try {
      return values.map(convert);
    } catch (err) {
      throw conversionFailed(where, err);
    }
  }

  const impl: LookupImpl = {
    kind: 'lookup',
    async map(port, values) {
      if (config.writeOnly) return fullRanges(values.length);
      if (!unique && values.length === 1 && isNull(values[0]!) && config.ignoreNulls) return fullRanges(1);
      // Map returns a conversion error as it is, and the multiple-results error prints the converted id.
      const ids = converted(values, null);
      const results = await engine.lookup(port, ids, 'normal');
      return mapResults(ids, results, resultOptions);
    },
    async verify(port, values, keyspaceIds) {
      if (config.writeOnly) return values.map(() => true);
      const toValues = keyspaceIds.map((ksid) => unhash(ksid, 'lookup.Verify'));
      const ids = converted(values, 'lookup.Verify.vunhash');
      return engine.verify(port, ids, toValues, engine.defaultOrder);
    },
    async create(port, rows, keyspaceIds, { ignoreMode }) {
      const toValues = keyspaceIds.map((ksid) => unhash(ksid, 'lookup.Create'));
      // Converted before the NULL check: a NULL from-value becomes a number and is inserted.
      const fromRows = rows.map((row) => converted(row, 'lookup.Create.convert'));
      await engine.create(port, fromRows, toValues, { ignoreMode, order: engine.defaultOrder });
    },
    async delete(port, rows, keyspaceId) {
      const toValue = unhash(keyspaceId, 'lookup.Delete');
      const fromRows = rows.map((row) => converted(row, 'lookup.Delete.convert'));
      await engine.delete(port, fromRows, toValue, 'normal');
    },
    async update(port, oldValues, keyspaceId, newValues) {
      const toValue = unhash(keyspaceId, 'lookup.Update');
      const next = converted(newValues, 'lookup.Update.convert');
      const previous = converted(oldValues, 'lookup.Update.convert');
      await engine.update(port, previous, toValue, next);
    },
  };
  if (!options.planable) return impl;
  return {
    ...impl,
    ...planTimeParts(engine, config, resultOptions),
  };
}
