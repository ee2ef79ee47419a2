/**
 * The plan-time half of a LookupPlanable vindex (Vitess Query / AllowBatch / GetCommitOrder /
 * MapResult): the planner runs the SELECT itself and hands the rows back to mapResult.
 */
import type { LookupConfig } from '../lookup-params.js';
import type { CommitOrder, LookupImpl } from '../types.js';
import { fullRanges, mapResults, type MapResultOptions } from './destinations.js';
import type { LookupEngine } from './engine.js';

export function planTimeParts(
  engine: LookupEngine,
  config: LookupConfig,
  resultOptions: MapResultOptions,
  commitOrder: CommitOrder = engine.defaultOrder,
): Pick<LookupImpl, 'planQuery' | 'mapResult'> {
  return {
    planQuery: () => ({
      sql: engine.selectSql,
      fromColumn: config.from[0] ?? '',
      allowBatch: config.batchLookup,
      commitOrder,
    }),
    mapResult: (values, results) => (config.writeOnly ? fullRanges(values.length) : mapResults(values, results, resultOptions)),
  };
}
