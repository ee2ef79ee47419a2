/**
 * The engine every lookup type shares (Vitess lookupInternal, spec §6): it builds the SQL, runs
 * it through the LookupPort and returns raw rows; the per-type files decide what the rows mean
 * (keyspace id bytes, or a uint64 to hash) and which commit order applies.
 */
import { isIntegral, isNull, type SqlValue } from '../value.js';
import type { BindVariable, CommitOrder, LookupPort, LookupQuery, LookupResult } from '../types.js';
import type { LookupConfig, ReadLock } from '../lookup-params.js';
import { VindexError } from '../../errors.js';
import { columnCountMismatch, noPort, nullColumn, queryFailed, shortRow } from './lookup-errors.js';
import { sortLookupRows, type LookupRow } from './sort-rows.js';
import { deleteSql, insertBindName, insertSql, lockSuffix, selectSql, verifySql, type LookupTableShape } from './statements.js';
import { bytesKey } from './values.js';

export interface EngineSettings extends LookupTableShape {
  /** Statements run in autocommit (autocommit or multi_shard_autocommit); deletes are skipped. */
  readonly autocommit: boolean;
  readonly multiShardAutocommit: boolean;
  /** Inserts end with `on duplicate key update` (non-unique types under autocommit). */
  readonly upsert: boolean;
  readonly ignoreNulls: boolean;
  readonly batchLookup: boolean;
  readonly readLock: ReadLock;
}

export function engineSettings(config: LookupConfig, options: { readonly upsert: boolean }): EngineSettings {
  const autocommit = config.autocommit || config.multiShardAutocommit;
  return {
    table: config.table,
    from: config.from,
    to: config.to,
    autocommit,
    multiShardAutocommit: config.multiShardAutocommit,
    upsert: options.upsert && autocommit,
    ignoreNulls: config.ignoreNulls,
    batchLookup: config.batchLookup,
    readLock: config.readLock,
  };
}

/** The rows found for one id; each row holds one value, the to-column (as Vitess keeps them). */
export type IdRows = readonly (readonly SqlValue[])[];

function bindVars(entries: readonly (readonly [string, BindVariable])[]): Record<string, BindVariable> {
  return Object.fromEntries(entries);
}

export class LookupEngine {
  readonly settings: EngineSettings;
  /** The plain Map SELECT (also what the planner puts in front of a route). */
  readonly selectSql: string;
  readonly #verifySql: string;
  readonly #deleteSql: string;

  constructor(settings: EngineSettings) {
    this.settings = settings;
    this.selectSql = selectSql(settings);
    this.#verifySql = verifySql(settings);
    this.#deleteSql = deleteSql(settings);
  }

  get fromColumns(): readonly string[] {
    return this.settings.from;
  }

  /** NORMAL, or AUTOCOMMIT for an autocommit vindex (Vitess Verify/Create without a custom order). */
  get defaultOrder(): CommitOrder {
    return this.settings.autocommit ? 'autocommit' : 'normal';
  }

  /**
   * Vitess Lookup: one batched `in ::f1` query when the first id is integral or batch_lookup is
   * set (rows matched to ids by the text of column 0), else one query per id (every row belongs
   * to that id). Returns, per id, its rows reduced to the to-column.
   */
  async lookup(port: LookupPort, ids: readonly SqlValue[], order: CommitOrder): Promise<IdRows[]> {
    if (!port) throw noPort();
    const first = ids[0];
    if (first === undefined) return [];
    const s = this.settings;
    const commitOrder = s.autocommit ? 'autocommit' : order;
    const sql = port.inDmlTransaction ? this.selectSql + lockSuffix(s.readLock) : this.selectSql;
    const f1 = s.from[0] ?? '';
    if (isIntegral(first.type) || s.batchLookup) {
      const result = await this.#run(port, 'lookup.Map', {
        sql,
        bindVars: bindVars([[f1, { type: 'TUPLE', values: [...ids] }]]),
        commitOrder,
        rollbackOnError: false,
      });
      const byId = new Map<string, SqlValue[][]>();
      for (const row of result.rows) {
        const [key, to] = this.#twoColumns(row);
        const k = bytesKey(key.raw);
        const list = byId.get(k);
        if (list === undefined) byId.set(k, [[to]]);
        else list.push([to]);
      }
      return ids.map((id) => byId.get(bytesKey(id.raw)) ?? []);
    }
    const out: IdRows[] = [];
    for (const id of ids) {
      const result = await this.#run(port, 'lookup.Map', {
        sql,
        bindVars: bindVars([[f1, { type: 'TUPLE', values: [id] }]]),
        commitOrder,
        rollbackOnError: false,
      });
      out.push(result.rows.map((row) => [this.#twoColumns(row)[1]]));
    }
    return out;
  }

  /** One verify query per id; true iff it returns a row. */
  async verify(port: LookupPort, ids: readonly SqlValue[], toValues: readonly SqlValue[], order: CommitOrder): Promise<boolean[]> {
    checkLengths('verify', ids.length, toValues.length);
    const f1 = this.settings.from[0] ?? '';
    const out: boolean[] = [];
    for (const [i, id] of ids.entries()) {
      const result = await this.#run(port, 'lookup.Verify', {
        sql: this.#verifySql,
        bindVars: bindVars([[f1, id], [this.settings.to, toValues[i]!]]),
        commitOrder: order,
        rollbackOnError: false,
      });
      out.push(result.rows.length !== 0);
    }
    return out;
  }

  /**
   * Vitess createCustom: NULL checks (skip the row with ignore_nulls, else VT03028), the width
   * check on the first remaining row (VT03030), the sort, then one multi-row insert.
   */
  async create(
    port: LookupPort,
    rows: readonly (readonly SqlValue[])[],
    toValues: readonly SqlValue[],
    options: { readonly ignoreMode: boolean; readonly order: CommitOrder },
  ): Promise<void> {
    checkLengths('create', rows.length, toValues.length);
    const s = this.settings;
    const kept: LookupRow[] = [];
    nextRow: for (const [i, row] of rows.entries()) {
      for (const [j, value] of row.entries()) {
        if (isNull(value)) {
          if (!s.ignoreNulls) throw nullColumn(s.from, i, j);
          continue nextRow;
        }
      }
      kept.push({ from: row, to: toValues[i]!, index: i });
    }
    if (kept.length === 0) return;
    // Vitess checks only the first row (the engine guarantees uniform rows); a wider later row
    // would make it index out of range, so every row is checked here.
    const width = kept[0]!.from.length;
    if (width !== s.from.length) throw columnCountMismatch(s.from, width);
    for (const row of kept) {
      if (row.from.length !== s.from.length) throw columnCountMismatch(s.from, row.from.length);
    }
    const sorted = sortLookupRows(kept);
    const entries: [string, BindVariable][] = [];
    for (const [rowIdx, row] of sorted.entries()) {
      for (const [colIdx, value] of row.from.entries()) entries.push([insertBindName(s.from[colIdx]!, rowIdx), value]);
      entries.push([insertBindName(s.to, rowIdx), row.to]);
    }
    const sql = insertSql(s, {
      rowCount: sorted.length,
      ignore: options.ignoreMode,
      upsert: s.upsert,
      multiShardAutocommit: s.multiShardAutocommit,
    });
    await this.#run(port, 'lookup.Create', { sql, bindVars: bindVars(entries), commitOrder: options.order, rollbackOnError: true });
  }

  /** One delete per row; a no-op for autocommit vindexes (deleting there is not safe). */
  async delete(port: LookupPort, rows: readonly (readonly SqlValue[])[], toValue: SqlValue, order: CommitOrder): Promise<void> {
    const s = this.settings;
    if (s.autocommit || rows.length === 0) return;
    const firstWidth = rows[0]!.length;
    if (firstWidth !== s.from.length) throw columnCountMismatch(s.from, firstWidth);
    for (const row of rows) {
      if (row.length !== s.from.length) throw columnCountMismatch(s.from, row.length);
      const entries: [string, BindVariable][] = row.map((value, colIdx) => [s.from[colIdx]!, value]);
      entries.push([s.to, toValue]);
      await this.#run(port, 'lookup.Delete', { sql: this.#deleteSql, bindVars: bindVars(entries), commitOrder: order, rollbackOnError: true });
    }
  }

  /** Delete the old row (NORMAL), then create the new one (ignoreMode false). */
  async update(port: LookupPort, oldValues: readonly SqlValue[], toValue: SqlValue, newValues: readonly SqlValue[]): Promise<void> {
    await this.delete(port, [oldValues], toValue, 'normal');
    await this.create(port, [newValues], [toValue], { ignoreMode: false, order: this.defaultOrder });
  }

  async #run(port: LookupPort, where: string, query: LookupQuery): Promise<LookupResult> {
    if (!port) throw noPort();
    try {
      return await port.execute(query);
    } catch (err) {
      throw queryFailed(where, err);
    }
  }

  #twoColumns(row: readonly SqlValue[]): [SqlValue, SqlValue] {
    const [a, b] = row;
    if (a === undefined || b === undefined) throw shortRow(this.settings.table, 2, row.length);
    return [a, b];
  }
}

/** Go would index out of range (a panic); here a clear error. */
export function checkLengths(what: string, values: number, keyspaceIds: number): void {
  if (values !== keyspaceIds) {
    throw new VindexError('VINDEX_ARGUMENT_INVALID', `lookup ${what}: got ${values} value rows and ${keyspaceIds} keyspace ids`);
  }
}
