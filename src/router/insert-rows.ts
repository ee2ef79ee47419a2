/**
 * The rows of a planned INSERT's text: `prefix values (row0), (row1) suffix`, so each shard gets
 * the same statement with only its own rows (Vitess keeps Prefix, Mid and Suffix for this). The
 * text is the planner's, so the split only needs quotes, comments and parentheses; a statement
 * scanned once is cached by its text.
 */
import { RouterError } from './errors.js';

export interface InsertRows {
  /** Up to and including `values `. */
  readonly prefix: string;
  /** Each row's `(...)`. */
  readonly rows: readonly string[];
  /** ` on duplicate key update ...`, or ''. */
  readonly suffix: string;
}

const cache = new Map<string, InsertRows>();

export function insertRows(sql: string): InsertRows {
  const hit = cache.get(sql);
  if (hit) return hit;
  const split = scan(sql);
  if (cache.size >= 2000) cache.clear();
  cache.set(sql, split);
  return split;
}

/** The statement for a subset of the rows. */
export function withRows(split: InsertRows, indexes: readonly number[]): string {
  return `${split.prefix}${indexes.map((i) => split.rows[i]).join(', ')}${split.suffix}`;
}

function scan(sql: string): InsertRows {
  let depth = 0;
  let i = 0;
  let valuesEnd = -1;
  const rows: string[] = [];
  let rowStart = -1;
  let end = -1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = closing(sql, i, c);
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? sql.length : e + 2;
      continue;
    }
    if (c === '(') {
      if (depth === 0 && valuesEnd >= 0) rowStart = i;
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0 && rowStart >= 0) {
        rows.push(sql.slice(rowStart, i + 1));
        rowStart = -1;
        end = i + 1;
        // Another row follows only after a comma.
        const rest = /^\s*,\s*/.exec(sql.slice(i + 1));
        if (!rest) break;
      }
    } else if (depth === 0 && valuesEnd < 0 && /[vV]/.test(c) && /^values?\b/i.test(sql.slice(i, i + 7)) && !/\w/.test(sql[i - 1] ?? ' ')) {
      const word = /^values?/i.exec(sql.slice(i))![0];
      valuesEnd = i + word.length;
      i = valuesEnd;
      continue;
    }
    i++;
  }
  if (valuesEnd < 0 || rows.length === 0) {
    throw new RouterError('OPERATOR_NOT_SUPPORTED', 'an INSERT without a VALUES list cannot be split per shard', { details: { operator: 'Insert' } });
  }
  const prefix = sql.slice(0, valuesEnd) + ' ';
  return { prefix, rows, suffix: sql.slice(end) };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
