/**
 * Comparing results: rows become arrays of canonical text, so the router's mysql2 rows, the
 * single database's rows and the corpus's JSON expectations compare alike. Integers compare
 * exactly (as text), other numbers by value (MariaDB's DECIMAL scale and Vitess's JSON differ in
 * form only), text byte for byte, binary that is not UTF-8 as hex, NULL as NULL.
 */

export type Outcome =
  | { readonly ok: true; readonly rows: readonly (readonly string[])[] | null; readonly affectedRows: number | null }
  | { readonly ok: false; readonly error: string };

const INTEGER = /^-?[0-9]+$/;
const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : `n:${v}`;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Uint8Array) {
    try {
      return canonical(decoder.decode(v));
    } catch {
      return `hex:${Buffer.from(v).toString('hex').toUpperCase()}`;
    }
  }
  if (typeof v === 'object' && typeof (v as { hex?: unknown }).hex === 'string') return `hex:${(v as { hex: string }).hex.toUpperCase()}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return `json:${stableJson(v)}`;
  const s = String(v);
  if (INTEGER.test(s)) return BigInt(s).toString();
  if (NUMBER.test(s)) return `n:${Number(s)}`;
  return s;
}

/** mysql2's `[rows, fields]` (object rows or arrays) → canonical rows in column order. */
export function outcomeOf(result: [unknown, unknown]): Outcome {
  const [rows, fields] = result;
  if (!Array.isArray(rows)) {
    const affected = (rows as { affectedRows?: number } | null)?.affectedRows;
    return { ok: true, rows: null, affectedRows: typeof affected === 'number' ? affected : null };
  }
  const names = Array.isArray(fields) ? (fields as { name?: string }[]).map((f) => f?.name ?? '') : [];
  const out = rows.map((row) => (Array.isArray(row) ? row.map(canonical) : names.map((n) => canonical((row as Record<string, unknown>)[n]))));
  return { ok: true, rows: out, affectedRows: null };
}

/**
 * The corpus's expected rows in canonical form. A JSON column (`expect_types`) compares as the
 * JSON value: MySQL prints a JSON document normalised (`{"a": 1}`), mysql2 hands MariaDB's JSON
 * over parsed, so both become the same key-sorted text.
 */
export function expectedRows(rows: readonly (readonly unknown[])[], types?: readonly (readonly string[])[] | null): string[][] {
  return rows.map((r, i) => r.map((v, j) => (types?.[i]?.[j] === 'JSON' && typeof v === 'string' ? jsonCell(v) : canonical(v))));
}

function jsonCell(text: string): string {
  try {
    return `json:${stableJson(JSON.parse(text))}`;
  } catch (err) {
    if (err instanceof SyntaxError) return text;
    throw err;
  }
}

/** JSON text with object keys sorted, so documents that differ only in key order compare equal. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * How rows must be ordered to agree: `false` in any order; `true` in the same order; a list of
 * result column indexes (the ORDER BY keys, see order-keys.ts) when only the keys' sequence must
 * match, so rows whose keys tie may come in any order among themselves, as MySQL allows.
 */
export type RowOrder = boolean | readonly number[];

export function sameRows(a: readonly (readonly string[])[], b: readonly (readonly string[])[], order: RowOrder): boolean {
  if (a.length !== b.length) return false;
  const key = (r: readonly string[]): string => JSON.stringify(r);
  const ka = a.map(key);
  const kb = b.map(key);
  if (order !== true) {
    ka.sort();
    kb.sort();
  }
  if (!ka.every((k, i) => k === kb[i])) return false;
  if (typeof order === 'boolean') return true;
  const sortKey = (r: readonly string[]): string => JSON.stringify(order.map((i) => r[i]));
  return a.every((r, i) => sortKey(r) === sortKey(b[i]!));
}

export function show(o: Outcome): string {
  if (!o.ok) return `error: ${o.error.split('\n')[0]}`;
  if (o.rows === null) return `affected ${o.affectedRows}`;
  const text = JSON.stringify(o.rows);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
