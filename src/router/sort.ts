/**
 * Route OrderBy: the shards each return rows sorted by the route's ORDER BY, and vtgate merges
 * them (Vitess's merge-sort). Rows are compared on the column offsets the plan gives, through the
 * weight_string column when the plan asks for one (its bytes compare as the collation would).
 * Without a weight string, text compares case-insensitively (MySQL's default *_ci collations),
 * numbers numerically. Helper columns past `resultColumns` are dropped afterwards.
 */
import type { DriverResult } from '../executor/driver.js';
import type { OrderByParam } from '../planner/plan.js';
import { merge } from './results.js';

interface FieldLike { readonly name?: string }

export function sortRows(results: readonly DriverResult[], orderBy: readonly OrderByParam[], resultColumns: number | null): DriverResult {
  const [rows, fields] = merge(results);
  if (!Array.isArray(rows)) return [rows, fields];
  const names = Array.isArray(fields) ? (fields as FieldLike[]).map((f) => f?.name ?? '') : [];
  const cell = (row: unknown, col: number): unknown => (Array.isArray(row) ? row[col] : (row as Record<string, unknown>)[names[col] ?? '']);
  const sorted = [...rows].sort((a, b) => {
    for (const k of orderBy) {
      // MariaDB's weight_string() of a number is NULL (MySQL's is bytes): compare weight strings
      // only when both rows have one, the values themselves otherwise.
      const wa = k.weightStringCol >= 0 ? cell(a, k.weightStringCol) : null;
      const wb = k.weightStringCol >= 0 ? cell(b, k.weightStringCol) : null;
      const c = wa !== null && wa !== undefined && wb !== null && wb !== undefined ? compareValues(wa, wb) : compareValues(cell(a, k.col), cell(b, k.col));
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
  if (resultColumns === null || names.length <= resultColumns) return [sorted, fields];
  const dropped = names.slice(resultColumns);
  const trimmed = sorted.map((row) => {
    if (Array.isArray(row)) return row.slice(0, resultColumns);
    const copy = { ...(row as Record<string, unknown>) };
    for (const name of dropped) delete copy[name];
    return copy;
  });
  return [trimmed, (fields as unknown[]).slice(0, resultColumns)];
}

const NUMERIC = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const sa = String(a);
  const sb = String(b);
  if (NUMERIC.test(sa) && NUMERIC.test(sb)) return Number(sa) - Number(sb);
  const la = sa.toLowerCase();
  const lb = sb.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}
