/**
 * `lookup`, `lookup_unique` and the test-only `lookup_cost` (spec §7.1): the to-column holds the
 * keyspace id itself, bound as VARBINARY. The non-unique type upserts under autocommit.
 */
import type { LookupConfig } from '../lookup-params.js';
import type { LookupImpl } from '../types.js';
import { isNull } from '../value.js';
import { fullRanges, mapResults } from './destinations.js';
import { engineSettings, LookupEngine } from './engine.js';
import { planTimeParts } from './plan-time.js';
import { keyspaceIdValue } from './values.js';

export function lookupImpl(config: LookupConfig, options: { readonly unique: boolean }): LookupImpl {
  const engine = new LookupEngine(engineSettings(config, { upsert: !options.unique }));
  const { unique } = options;
  const resultOptions = { kind: 'bytes', unique, table: config.table, multiplePrefix: 'Lookup.Map' } as const;
  return {
    kind: 'lookup',
    async map(port, values) {
      if (config.writeOnly) return fullRanges(values.length);
      // A lone NULL cannot be looked up; with ignore_nulls it may be anywhere.
      if (!unique && values.length === 1 && isNull(values[0]!) && config.ignoreNulls) return fullRanges(1);
      const results = await engine.lookup(port, values, 'normal');
      return mapResults(values, results, resultOptions);
    },
    async verify(port, values, keyspaceIds) {
      if (config.writeOnly || config.noVerify) return values.map(() => true);
      return engine.verify(port, values, keyspaceIds.map(keyspaceIdValue), engine.defaultOrder);
    },
    async create(port, rows, keyspaceIds, { ignoreMode }) {
      await engine.create(port, rows, keyspaceIds.map(keyspaceIdValue), { ignoreMode, order: engine.defaultOrder });
    },
    async delete(port, rows, keyspaceId) {
      await engine.delete(port, rows, keyspaceIdValue(keyspaceId), 'normal');
    },
    async update(port, oldValues, keyspaceId, newValues) {
      await engine.update(port, oldValues, keyspaceIdValue(keyspaceId), newValues);
    },
    ...planTimeParts(engine, config, resultOptions),
  };
}
