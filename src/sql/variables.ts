/** User and system variables: `@x`, `` @`x` ``, `@@x`, `@@session.x`, `@@global.x`. */

import type { VariableExpr } from './ast.js';

function unquote(part: string): string {
  const q = part[0];
  if ((q === '`' || q === "'" || q === '"') && part.endsWith(q) && part.length >= 2) {
    return part.slice(1, -1).replaceAll(q + q, q);
  }
  return part;
}

/** Splits `a.b` on dots outside quotes. */
function splitDots(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of text) {
    if (quote !== '') {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === '`' || ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '.') {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

/** A variable token (as the lexer returns it) as an AST node. */
export function parseVariable(text: string): VariableExpr {
  if (!text.startsWith('@@')) {
    return { kind: 'variable', scope: 'user', name: unquote(text.slice(1)), explicitScope: false };
  }
  const parts = splitDots(text.slice(2));
  const scope = (parts[0] ?? '').toLowerCase();
  if (parts.length > 1 && (scope === 'session' || scope === 'local' || scope === 'global')) {
    return {
      kind: 'variable',
      scope: scope === 'global' ? 'global' : 'session',
      name: parts.slice(1).map(unquote).join('.'),
      explicitScope: true,
    };
  }
  return { kind: 'variable', scope: 'session', name: parts.map(unquote).join('.'), explicitScope: false };
}
