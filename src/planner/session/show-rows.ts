/**
 * Rows vtgate answers SHOW CHARSET with (only utf8 and utf8mb4, as Vitess does), and the LIKE
 * patterns of SHOW filters.
 */
import type { Show } from '../../sql/ast.js';
import { unsupported } from '../errors.js';
import type { Rows } from '../plan.js';
import { rows } from './build.js';

const CHARSETS: Readonly<Record<string, readonly string[]>> = {
  utf8: ['utf8', 'UTF-8 Unicode', 'utf8_general_ci', '3'],
  utf8mb4: ['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_general_ci', '4'],
};
const CHARSET_FIELDS = ['Charset', 'Description', 'Default collation', 'Maxlen'];

/**
 * SHOW CHARSET [LIKE 'p' | WHERE charset = 'x' | WHERE charset LIKE 'p']. Like Vitess, a pattern
 * picks the first charset it matches anywhere in the name.
 */
export function charsetRows(show: Show): Rows {
  const names = Object.keys(CHARSETS);
  if (show.like === null && show.where === null) return rows(CHARSET_FIELDS, names.map((n) => CHARSETS[n]!));
  let picked: string | undefined;
  if (show.like !== null) {
    picked = firstMatch(show.like, names);
  } else {
    const w = show.where!;
    if (w.kind !== 'binary' || (w.op !== '=' && w.op !== 'like')) throw unsupported("expect a 'LIKE' or '=' expression");
    if (w.left.kind !== 'column') throw unsupported("expect left side to be 'charset'");
    if (w.left.name.toLowerCase() === 'charset') {
      if (w.right.kind !== 'literal') throw unsupported('we expect the right side to be a string');
      const value = w.right.value;
      picked = w.op === '=' ? names.find((n) => n === value) : firstMatch(value, names);
    }
  }
  return rows(CHARSET_FIELDS, picked === undefined ? [] : [CHARSETS[picked]!]);
}

function firstMatch(pattern: string, names: readonly string[]): string | undefined {
  const re = new RegExp(escapeRegExp(pattern).replaceAll('%', '.*'));
  return names.find((n) => re.test(n));
}

/** A LIKE pattern as a whole-string matcher (`%` any run, `_` one character, `\` escapes). */
export function likeMatcher(pattern: string | null): (s: string) => boolean {
  if (pattern === null) return () => true;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]!);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRegExp(c);
  }
  const compiled = new RegExp(`^${re}$`, 's');
  return (s) => compiled.test(s);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
