/**
 * multicol params (spec §4.13): column_count, column_bytes, column_vindex. Each column gets
 * a slice of the 8-byte keyspace id from its own Hashing vindex, created from the same
 * registry so custom hashing types work and unknown names are reported by that registry.
 */
import { VSchemaRouterError } from '../errors.js';
import { getParam, goAtoi, type VindexParamContext } from './params.js';
import type { VindexSource } from './registry.js';
import type { Vindex, VindexParams } from './types.js';

const MAX_COLUMNS = 8;
const KEYSPACE_ID_BYTES = 8;
const OWN_PARAMS = new Set(['column_count', 'column_bytes', 'column_vindex']);

export interface MulticolConfig {
  readonly columnCount: number;
  /** Bytes of the keyspace id taken from each column's hash, in column order. */
  readonly columnBytes: readonly number[];
  readonly columnVindexes: readonly Vindex[];
  /** Sum of the column vindexes' costs (so three `binary` columns cost 0). */
  readonly cost: number;
}

export function parseMulticolParams(ctx: VindexParamContext, source: VindexSource): MulticolConfig {
  const columnCount = parseColumnCount(ctx);
  const columnBytes = parseColumnBytes(ctx, columnCount);
  const columnVindexes = createColumnVindexes(ctx, source, columnCount);
  const cost = columnVindexes.reduce((sum, vindex) => sum + vindex.cost, 0);
  return { columnCount, columnBytes, columnVindexes, cost };
}

function parseColumnCount(ctx: VindexParamContext): number {
  const text = getParam(ctx.params, 'column_count');
  if (text === undefined) return ctx.fail('column_count', "number of columns not provided in the parameter 'column_count'");
  const parsed = goAtoi(text);
  if (!parsed.ok) return ctx.fail('column_count', parsed.message);
  if (parsed.value < 1 || parsed.value > MAX_COLUMNS) {
    return ctx.fail('column_count', `number of columns should be between 1 and ${MAX_COLUMNS} in the parameter 'column_count'`);
  }
  return parsed.value;
}

function parseColumnBytes(ctx: VindexParamContext, columnCount: number): number[] {
  const text = getParam(ctx.params, 'column_bytes');
  const entries = text === undefined ? [] : text.split(',');
  if (entries.length > columnCount) {
    return ctx.fail('column_bytes', "number of column bytes provided are more than column count in the parameter 'column_bytes'");
  }
  const bytes: (number | undefined)[] = Array.from({ length: columnCount }, () => undefined);
  let used = 0;
  for (const [index, entry] of entries.entries()) {
    if (entry === '') continue; // an empty entry means "share what is left"
    const parsed = goAtoi(entry);
    if (!parsed.ok) return ctx.fail('column_bytes', parsed.message);
    // Vitess accepts a negative count here and only breaks (a slice panic) when mapping.
    if (parsed.value < 0) return ctx.fail('column_bytes', "column bytes cannot be negative in the parameter 'column_bytes'");
    used += parsed.value;
    bytes[index] = parsed.value;
  }
  let pending = bytes.filter((b) => b === undefined).length;
  let remaining = KEYSPACE_ID_BYTES - used;
  // This one check also catches specified totals above 8 (remaining < 0 <= pending).
  if (pending > remaining) {
    return ctx.fail(
      'column_bytes',
      "column bytes count exceeds the keyspace id length (total bytes count cannot exceed 8 bytes) in the parameter 'column_bytes'",
    );
  }
  return bytes.map((b) => {
    if (b !== undefined) return b;
    // Unspecified columns share the rest, earlier columns rounding up: 3 columns → 3, 3, 2.
    const share = Math.ceil(remaining / pending);
    remaining -= share;
    pending -= 1;
    return share;
  });
}

function createColumnVindexes(ctx: VindexParamContext, source: VindexSource, columnCount: number): Vindex[] {
  const text = getParam(ctx.params, 'column_vindex');
  const entries = text === undefined ? [] : text.split(',');
  if (entries.length > columnCount) {
    return ctx.fail('column_vindex', "number of vindex function provided are more than column count in the parameter 'column_vindex'");
  }
  // Every param multicol does not use itself is forwarded to each column vindex, which is why
  // multicol cannot report unknown params.
  const forwarded: VindexParams = Object.fromEntries(Object.entries(ctx.params).filter(([key]) => !OWN_PARAMS.has(key)));
  const vindexes: Vindex[] = [];
  for (let i = 0; i < columnCount; i++) {
    const type = entries[i]?.trim() || 'hash';
    let vindex: Vindex;
    try {
      vindex = source.create(type, type, forwarded);
    } catch (err) {
      if (err instanceof VSchemaRouterError) return ctx.fail('column_vindex', err.message, err);
      throw err;
    }
    if (!vindex.hashing || !vindex.unique || vindex.kind === 'lookup') {
      return ctx.fail(
        'column_vindex',
        `multicol vindex supports vindexes that exports hashing function, are unique and are non-lookup vindex, passed vindex '${type}' is invalid`,
      );
    }
    vindexes.push(vindex);
  }
  return vindexes;
}
