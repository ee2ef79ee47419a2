/**
 * `consistent_lookup` / `consistent_lookup_unique` (spec §7.4): keep the lookup table in step
 * with the owner table without two-phase commit, by ordering the work. Lookup rows are inserted
 * on the PRE connection (committed before the main transaction) and deleted on POST (after it),
 * so a crash leaves at worst an orphan lookup row, never a missing one. An orphan shows up later
 * as a duplicate key on insert: if no owner row holds the value any more, the row is taken over.
 */
import { VindexError } from '../../errors.js';
import type { LookupConfig } from '../lookup-params.js';
import type { BindVariable, CommitOrder, LookupImpl, LookupPort } from '../types.js';
import { isNull, type SqlValue } from '../value.js';
import { toBytes } from '../convert.js';
import { fullRanges, mapResults } from './destinations.js';
import { planTimeParts } from './plan-time.js';
import { engineSettings, LookupEngine } from './engine.js';
import { formatRows } from './go-format.js';
import { noPort, shortRow } from './lookup-errors.js';
import { errorMessage, isDuplicateKeyError, PARTIAL_DML_ROLLED_BACK } from './mysql-error.js';
import { nullSafeEqual } from './null-safe-equal.js';
import { compareBytes } from './sort-rows.js';
import { consistentStatements, type ConsistentStatements } from './statements.js';
import { bytesKey, keyspaceIdValue } from './values.js';

interface Owner {
  readonly keyspace: string;
  readonly statements: ConsistentStatements;
}

/** Reads during an UPDATE or DELETE run on POST, so they see the lookup rows that statement keeps. */
function readOrder(port: LookupPort): CommitOrder {
  return port.statement === 'update' || port.statement === 'delete' ? 'post' : 'pre';
}

/** Identical rows (same types and bytes) inside one batch cannot both be duplicates to repair. */
function rowKey(row: readonly SqlValue[]): string {
  return row.map((v) => `${v.type}:${bytesKey(v.raw)}`).join('\u0000');
}

export function consistentLookupImpl(name: string, config: LookupConfig, options: { readonly unique: boolean }): LookupImpl {
  const engine = new LookupEngine(engineSettings(config, { upsert: false }));
  const { unique } = options;
  const resultOptions = { kind: 'bytes', unique, table: config.table, multiplePrefix: 'Lookup.Map' } as const;
  let owner: Owner | null = null;

  function requireOwner(): Owner {
    if (owner === null) {
      throw new VindexError('VINDEX_OWNER_MISSING', `consistent lookup vindex '${name}' has no owner table: it must be owned to create rows`, {
        details: { name },
      });
    }
    return owner;
  }

  /**
   * Vitess handleDup for one row: lock its lookup row (PRE); none → insert it; one → if the
   * owner row it points at exists (locked on the main connection) the duplicate is real,
   * else repoint it unless it already points here; more than one → corrupt table.
   */
  async function handleDuplicate(port: LookupPort, row: readonly SqlValue[], keyspaceId: Uint8Array, original: unknown): Promise<void> {
    const { keyspace, statements } = requireOwner();
    const entries: [string, BindVariable][] = [];
    row.forEach((value, i) => {
      const column = config.from[i];
      if (column !== undefined) entries.push([column, value]);
    });
    entries.push([config.to, keyspaceIdValue(keyspaceId)]);
    const bindVars = Object.freeze(Object.fromEntries(entries));

    const locked = await port.execute({ sql: statements.lockLookup, bindVars, commitOrder: 'pre', rollbackOnError: false });
    switch (locked.rows.length) {
      case 0:
        await port.execute({ sql: statements.insertLookup, bindVars, commitOrder: 'pre', rollbackOnError: true });
        return;
      case 1: {
        const current = locked.rows[0]![0];
        if (current === undefined) throw shortRow(config.table, 1, 0);
        const existing = toBytes(current);
        const ownerRows = await port.execute({
          sql: statements.lockOwner,
          bindVars,
          commitOrder: 'normal',
          rollbackOnError: false,
          keyspaceId: existing,
          keyspace,
        });
        if (ownerRows.rows.length >= 1) throw original;
        if (compareBytes(existing, keyspaceId) === 0) return;
        await port.execute({ sql: statements.updateLookup, bindVars, commitOrder: 'pre', rollbackOnError: true });
        return;
      }
      default:
        throw new VindexError('LOOKUP_UNEXPECTED_ROWS', `unexpected rows: ${formatRows(locked.rows)} from consistent lookup vindex`, {
          details: { table: config.table, rows: locked.rows.length },
        });
    }
  }

  async function create(port: LookupPort, rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[], ignoreMode: boolean): Promise<void> {
    let original: unknown;
    try {
      await engine.create(port, rows, keyspaceIds.map(keyspaceIdValue), { ignoreMode, order: 'pre' });
      return;
    } catch (err) {
      original = err;
    }
    if (errorMessage(original).includes(PARTIAL_DML_ROLLED_BACK)) throw original;
    if (!isDuplicateKeyError(original)) throw original;
    // The multi-row insert inserted nothing: every row goes through the duplicate handling.
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const key = rowKey(row);
      if (seen.has(key)) throw original;
      seen.add(key);
      await handleDuplicate(port, row, keyspaceIds[i]!, original);
    }
  }

  return {
    kind: 'lookup',
    async map(port, values) {
      if (config.writeOnly) return fullRanges(values.length);
      if (!unique && values.length === 1 && isNull(values[0]!) && config.ignoreNulls) return fullRanges(1);
      if (!port) throw noPort();
      const results = await engine.lookup(port, values, readOrder(port));
      return mapResults(values, results, resultOptions);
    },
    async verify(port, values, keyspaceIds) {
      if (config.writeOnly) return values.map(() => true);
      return engine.verify(port, values, keyspaceIds.map(keyspaceIdValue), 'pre');
    },
    async create(port, rows, keyspaceIds, { ignoreMode }) {
      await create(port, rows, keyspaceIds, ignoreMode);
    },
    async delete(port, rows, keyspaceId) {
      await engine.delete(port, rows, keyspaceIdValue(keyspaceId), 'post');
    },
    async update(port, oldValues, keyspaceId, newValues) {
      const equal = port?.nullSafeEqual ?? nullSafeEqual;
      const unchanged = oldValues.every((value, i) => {
        const next = newValues[i];
        return next !== undefined && equal(value, next);
      });
      if (unchanged) return;
      await engine.delete(port, [oldValues], keyspaceIdValue(keyspaceId), 'post');
      await create(port, [newValues], [keyspaceId], false);
    },
    // Consistent lookups read on the PRE connection at plan time (Vitess GetCommitOrder).
    ...planTimeParts(engine, config, resultOptions, 'pre'),
    setOwnerInfo(keyspace, table, columns) {
      if (columns.length !== config.from.length) {
        throw new VindexError('VT03029', `VT03029: column count does not match value count with the row for vindex '${name}'`, {
          details: { name, columns: columns.length, from: config.from.length },
        });
      }
      owner = { keyspace, statements: consistentStatements(config, table, columns) };
    },
  };
}
