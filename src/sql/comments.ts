/** Comments and Vitess directives (`/*vt+ KEY=value FLAG *\/`), pulled out before parsing. */

import type { Comments } from './ast.js';

const DIRECTIVE = /^\/\*vt\+(.*)\*\/$/s;

/**
 * The directives of one `/*vt+ ... *\/` comment: whitespace-separated `KEY=value` pairs (the value may be
 * quoted) and bare `KEY` flags (`true`). Keys are upper-cased; the last occurrence wins.
 */
export function parseDirectives(comment: string, into: Record<string, string | true> = {}): Record<string, string | true> {
  const m = DIRECTIVE.exec(comment);
  if (!m) return into;
  const body = m[1] ?? '';
  const re = /([^\s=]+)(?:=(?:'([^']*)'|"([^"]*)"|(\S*)))?/g;
  for (let item = re.exec(body); item !== null; item = re.exec(body)) {
    const key = (item[1] as string).toUpperCase();
    const value = item[2] ?? item[3] ?? item[4];
    into[key] = value === undefined ? true : value;
  }
  return into;
}

/** Comments for a statement from its comment texts (in order). */
export function commentsOf(raw: readonly string[]): Comments {
  const directives: Record<string, string | true> = {};
  for (const c of raw) parseDirectives(c, directives);
  return Object.freeze({ directives: Object.freeze(directives), raw: Object.freeze([...raw]) });
}
