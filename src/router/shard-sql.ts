/**
 * A routed statement as mysql2 receives it. Shard queries carry Vitess placeholders (`:name`,
 * `::name` for a list); mysql2 knows only `?`. Each placeholder becomes:
 *   - `?` with the caller's own JS value when the value came from the caller (a `?` or `:name`
 *     they bound): mysql2 then formats or binds it exactly as it would without the router;
 *   - otherwise an SQL literal printed from the SqlValue (literals the SQL already held, ids a
 *     sequence generated, keyspace ids): exact text, never through a JS number.
 * A list placeholder prints as `(a, b, ...)`, a list of row tuples as `((a, b), (c, d))`. The scan of a shard query's text is done once per
 * distinct text and cached, so a repeated statement costs one array walk.
 */
import type { BindVariable, RowTuple } from '../vindexes/types.js';
import { valueText, type SqlType, type SqlValue } from '../vindexes/value.js';
import { toSqlValue } from './binds.js';
import { RouterError } from './errors.js';
import { closingQuote } from '../sql/quotes.js';

/** Caller JS values by the SqlValue object they were converted to (identity survives routing). */
export type ParamOrigins = ReadonlyMap<SqlValue, unknown>;

export interface DriverStatement {
  readonly sql: string;
  /** `?` values for mysql2; undefined when the text holds none. */
  readonly values: unknown[] | undefined;
}

type Part = string | { readonly name: string; readonly list: boolean };

const TEMPLATE_CACHE_LIMIT = 5000;
const templates = new Map<string, readonly Part[]>();

export function driverStatement(
  sql: string, bindVars: Readonly<Record<string, BindVariable>> | ReadonlyMap<string, BindVariable>, origins: ParamOrigins,
): DriverStatement {
  const parts = templateOf(sql);
  if (parts.length === 1 && typeof parts[0] === 'string') return { sql, values: undefined };
  let out = '';
  let values: unknown[] | undefined;
  const emit = (v: SqlValue): void => {
    if (origins.has(v)) {
      out += '?';
      (values ??= []).push(origins.get(v));
    } else {
      out += sqlLiteral(v);
    }
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const b = bindVars instanceof Map ? bindVars.get(part.name) : (bindVars as Readonly<Record<string, BindVariable>>)[part.name];
    if (b === undefined) throw new RouterError('BIND_MISSING', `missing bind variable ${part.name}`, { details: { name: part.name } });
    if (b.type === 'TUPLE') {
      const items = (b as { readonly values: readonly (SqlValue | RowTuple)[] }).values;
      if (items.length === 0) throw new RouterError('BIND_INVALID', `empty list supplied for ${part.name}`, { details: { name: part.name } });
      // A caller array bound to `:name` (mysql2 expands `in (?)` arrays): hand it over as one `?`.
      if (!part.list && origins.has(b as unknown as SqlValue)) {
        out += '?';
        (values ??= []).push(origins.get(b as unknown as SqlValue));
        continue;
      }
      // `((1, 2), (3, 4))` for row tuples: a key of several columns bound as ::dml_vals.
      out += '(';
      items.forEach((v, i) => {
        if (i > 0) out += ', ';
        if (v.type !== 'ROW_TUPLE') {
          emit(v as SqlValue);
          return;
        }
        const row = (v as RowTuple).values;
        if (row.length === 0) throw new RouterError('BIND_INVALID', `empty row tuple supplied for ${part.name}`, { details: { name: part.name } });
        out += '(';
        row.forEach((x, j) => {
          if (j > 0) out += ', ';
          emit(x);
        });
        out += ')';
      });
      out += ')';
    } else {
      if (part.list) throw new RouterError('BIND_INVALID', `bind variable ${part.name} must be a list (an array)`, { details: { name: part.name } });
      emit(b as SqlValue);
    }
  }
  return { sql: out, values };
}

/**
 * The statement with its `?` values in place, as SQL literals (what VEXPLAIN QUERIES shows; the
 * shard itself receives the values through mysql2). An array stands for its items, as mysql2
 * expands it.
 */
export function renderStatement(stmt: DriverStatement): string {
  const values = stmt.values;
  if (values === undefined || values.length === 0) return stmt.sql;
  const sql = stmt.sql;
  let out = '';
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '?' && next < values.length) {
      const v = values[next++];
      out += Array.isArray(v) ? v.map((x) => sqlLiteral(toSqlValue(x))).join(', ') : sqlLiteral(toSqlValue(v));
    } else {
      out += c;
    }
    i++;
  }
  return out;
}

function templateOf(sql: string): readonly Part[] {
  const cached = templates.get(sql);
  if (cached) return cached;
  const parts = scan(sql);
  if (templates.size >= TEMPLATE_CACHE_LIMIT) templates.clear();
  templates.set(sql, parts);
  return parts;
}

/** Splits at `:name` / `::name` outside quotes and comments. */
function scan(sql: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      text += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      text += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === ':' && sql[i - 1] !== ':') {
      const list = sql[i + 1] === ':';
      const start = i + (list ? 2 : 1);
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(start, start + 128))?.[0];
      // `:=` and `a:b` JSON paths inside strings are not placeholders; a placeholder starts a token.
      if (name !== undefined && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
        parts.push(text, { name, list });
        text = '';
        i = start + name.length;
        continue;
      }
    }
    text += c;
    i++;
  }
  parts.push(text);
  return parts;
}


const INTEGER = /^[+-]?[0-9]+$/;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const BINARY: ReadonlySet<SqlType> = new Set<SqlType>(['VARBINARY', 'BINARY', 'BLOB', 'BIT', 'GEOMETRY']);
const INTEGRAL: ReadonlySet<SqlType> = new Set<SqlType>([
  'INT8', 'UINT8', 'INT16', 'UINT16', 'INT24', 'UINT24', 'INT32', 'UINT32', 'INT64', 'UINT64', 'YEAR',
]);
const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0', "'": "\\'", '"': '\\"', '\b': '\\b', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1a': '\\Z', '\\': '\\\\',
};

/** An SqlValue as SQL text: numbers as their exact text, bytes as X'..', text quoted with MySQL escapes. */
export function sqlLiteral(v: SqlValue): string {
  if (v.type === 'NULL_TYPE') return 'null';
  if (BINARY.has(v.type)) return `X'${hex(v.raw)}'`;
  const text = valueText(v);
  if (INTEGRAL.has(v.type)) {
    if (INTEGER.test(text)) return text;
  } else if (v.type === 'FLOAT32' || v.type === 'FLOAT64' || v.type === 'DECIMAL') {
    if (NUMBER.test(text)) return text;
  } else if (v.type === 'HEXNUM') {
    if (/^0x[0-9a-fA-F]+$/.test(text)) return text;
  } else if (v.type === 'HEXVAL') {
    if (/^[xX]'[0-9a-fA-F]*'$/.test(text)) return text;
  } else if (v.type === 'BITNUM') {
    if (/^(0b[01]+|[bB]'[01]*')$/.test(text)) return text;
  } else if (v.type !== 'EXPRESSION') {
    return `'${text.replace(/[\0'"\b\n\r\t\x1a\\]/g, (ch) => ESCAPES[ch] ?? ch)}'`;
  }
  throw new RouterError('BIND_INVALID', `a ${v.type} value that is not a valid literal of its type`);
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
