/** LIKE as MySQL matches it: `%` any run, `_` one character, `\` (or ESCAPE) escapes, under the collation. */
import { valueText, type SqlValue } from '../../vindexes/value.js';
import { generalCiWeight } from '../collation.js';
import { BINARY_COLLATION } from '../fields.js';

const BIN = new Set([46, 83, 47, 65, 84]);

function fold(s: string, collation: number): string {
  if (collation === BINARY_COLLATION || BIN.has(collation)) return s;
  let out = '';
  for (const ch of s) out += String.fromCharCode(generalCiWeight(ch.codePointAt(0)!));
  return out;
}

export function likeMatcher(pattern: SqlValue, escape: SqlValue | null, collation: number): (v: SqlValue) => boolean {
  const esc = escape === null || escape.type === 'NULL_TYPE' ? '\\' : valueText(escape) || '\\';
  const p = fold(valueText(pattern), collation);
  let re = '^';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === esc && i + 1 < p.length) {
      re += escapeRegex(p[++i]!);
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += escapeRegex(c);
  }
  const regex = new RegExp(`${re}$`, 'u');
  return (v) => regex.test(fold(valueText(v), collation));
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
