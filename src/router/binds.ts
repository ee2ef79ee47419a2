/**
 * The caller's values (mysql2 style: an array for `?`, an object for `:name`) as bind variables.
 * The planner names the k-th `?` `v<k>`; `:name` keeps its name. Each value is converted once to
 * the SqlValue routing hashes, and the SqlValue object is remembered with the caller's value so
 * the shard statement can hand mysql2 the original (shard-sql.ts): mysql2 formats it exactly as
 * it would without the router.
 */
import type { Binds } from '../routing/route.js';
import type { BindVariable } from '../vindexes/types.js';
import { sqlValue, textValue, type JsValue, type SqlValue } from '../vindexes/value.js';
import { RouterError } from './errors.js';

export interface StatementBinds {
  readonly binds: Map<string, BindVariable>;
  /** SqlValue (or TUPLE) object → the caller's value it came from. */
  readonly origins: Map<SqlValue, unknown>;
}

export function emptyBinds(): StatementBinds {
  return { binds: new Map(), origins: new Map() };
}

export function callerBinds(values: unknown): StatementBinds {
  const out = emptyBinds();
  if (values === undefined || values === null) return out;
  if (Array.isArray(values)) {
    values.forEach((v, i) => out.binds.set(`v${i + 1}`, convert(v, out.origins)));
    return out;
  }
  if (typeof values === 'object' && !isBytes(values)) {
    for (const [name, v] of Object.entries(values as Record<string, unknown>)) out.binds.set(name, convert(v, out.origins));
    return out;
  }
  // mysql2 accepts one bare value for a single `?`.
  out.binds.set('v1', convert(values, out.origins));
  return out;
}

/** Binds of internally generated values (no caller origin): sequence ids, lookup statements. */
export function withBinds(base: StatementBinds, extra: Readonly<Record<string, BindVariable>>): Binds {
  const merged = new Map(base.binds);
  for (const [k, v] of Object.entries(extra)) merged.set(k, v);
  return merged;
}

function convert(v: unknown, origins: Map<SqlValue, unknown>): BindVariable {
  if (Array.isArray(v)) {
    const tuple = { type: 'TUPLE' as const, values: v.map((item) => scalar(item, origins)) };
    origins.set(tuple as unknown as SqlValue, v);
    return tuple;
  }
  return scalar(v, origins);
}

function scalar(v: unknown, origins: Map<SqlValue, unknown>): SqlValue {
  const converted = toSqlValue(v);
  // A fresh object per value, so the origin lookup is by identity even for equal values.
  const value = Object.freeze({ type: converted.type, raw: converted.raw });
  origins.set(value, v);
  return value;
}

/** The SqlValue mysql2's formatting of `v` corresponds to (for routing only; mysql2 sends `v` itself). */
export function toSqlValue(v: unknown): SqlValue {
  if (v instanceof Date) return textValue('DATETIME', localDateTime(v));
  if (isBytes(v)) return sqlValue(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return textValue('FLOAT64', String(v));
  try {
    return sqlValue(v as JsValue);
  } catch (err) {
    throw new RouterError('BIND_INVALID', `a bound value of type ${typeof v} cannot be used`, { cause: err });
  }
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

/** mysql2's default (timezone 'local') text for a Date. */
function localDateTime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
