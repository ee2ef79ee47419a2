/**
 * SET statements, read at the token level (node-sql-parser fails on `set names`, `set transaction`,
 * `= on`, `= default` and backticked variable names). The values go through the parser in one call.
 */

import type { Comments, Expr, SetStatement, VariableExpr } from './ast.js';
import { expr } from './convert-expr.js';
import type { Token } from './lexer.js';
import { astify } from './nsp.js';
import { sub } from './parse-select.js';
import { rewrite, type Piece } from './rewrite.js';
import { atDepth0, failAt, isOp, isWord, type Tokens } from './tokens.js';
import { parseVariable } from './variables.js';

type Scope = 'session' | 'global' | null;

function variable(name: string, scope: Scope): VariableExpr {
  return { kind: 'variable', scope: scope ?? 'session', name, explicitScope: scope !== null };
}

function str(value: string): Expr {
  return { kind: 'literal', type: 'string', value, charset: null };
}

interface Assignment {
  readonly variable: VariableExpr;
  /** A value decided here, or the token range of an expression for the parser. */
  readonly value: Expr | { readonly from: number; readonly to: number };
}

export function parseSet(ts: Tokens, from: number, to: number, comments: Comments): SetStatement {
  const list = ts.list;
  const commas = atDepth0(list, from + 1, to, (t) => isOp(t, ','));
  const bounds = [from, ...commas, to];
  let scope: Scope = null;
  const found: Assignment[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let i = (bounds[k] as number) + 1;
    const end = bounds[k + 1] as number;
    if (isWord(list[i], 'global', 'persist', 'persist_only')) {
      scope = 'global';
      i++;
    } else if (isWord(list[i], 'session', 'local')) {
      scope = 'session';
      i++;
    }
    found.push(assignment(ts, i, end, scope));
  }
  if (found.every((a) => 'kind' in a.value)) {
    return { kind: 'set', assignments: found.map((a) => ({ variable: a.variable, expr: a.value as Expr })), comments };
  }
  const pieces: Piece[] = [{ text: 'select', at: from }];
  for (const a of found) {
    if (pieces.length > 1) pieces.push({ text: ',', at: from });
    pieces.push('kind' in a.value ? { text: 'null', at: from } : a.value);
  }
  const { ast, rw } = astify(ts, (quote) => rewrite(ts, pieces, { mode: 'select', quote, parseQuery: sub }));
  const cx = { stash: rw.stash };
  const assignments = found.map((a, k) => ({
    variable: a.variable,
    expr: 'kind' in a.value ? a.value : expr(cx, ast.columns?.[k]?.expr),
  }));
  return { kind: 'set', assignments, comments };
}

function assignment(ts: Tokens, i: number, end: number, scope: Scope): Assignment {
  const list = ts.list;
  const t = list[i];
  if (t === undefined || i >= end) return failAt(ts, i);
  if (isWord(t, 'names')) {
    const v = list[i + 1];
    if (v === undefined || (v.type !== 'ident' && v.type !== 'string' && v.type !== 'qident')) return failAt(ts, i + 1);
    return { variable: variable('names', null), value: isWord(v, 'default') ? { kind: 'default', column: null } : str(v.value) };
  }
  if (isWord(t, 'charset') || (isWord(t, 'character') && isWord(list[i + 1], 'set'))) {
    const v = list[isWord(t, 'charset') ? i + 1 : i + 2];
    if (v === undefined) return failAt(ts, end);
    return { variable: variable('charset', null), value: str(v.value) };
  }
  if (isWord(t, 'transaction')) return transaction(ts, i + 1, end, scope);
  let variableExpr: VariableExpr;
  let j: number;
  if (t.type === 'variable') {
    variableExpr = parseVariable(t.text);
    j = i + 1;
  } else if (t.type === 'ident' || t.type === 'qident') {
    const parts = [t.value];
    j = i + 1;
    while (isOp(list[j], '.') && (list[j + 1]?.type === 'ident' || list[j + 1]?.type === 'qident')) {
      parts.push((list[j + 1] as Token).value);
      j += 2;
    }
    variableExpr = variable(parts.join('.'), scope);
  } else {
    return failAt(ts, i);
  }
  if (!isOp(list[j], '=', ':=')) return failAt(ts, j);
  j++;
  if (j >= end) return failAt(ts, end);
  const only = j + 1 === end ? list[j] : undefined;
  if (isWord(only, 'on')) return { variable: variableExpr, value: str('on') };
  if (isWord(only, 'default')) return { variable: variableExpr, value: { kind: 'default', column: null } };
  return { variable: variableExpr, value: { from: j, to: end } };
}

/** `set [session|global] transaction isolation level ... | read only | read write`. */
function transaction(ts: Tokens, i: number, end: number, scope: Scope): Assignment {
  const words: string[] = [];
  for (let k = i; k < end; k++) {
    const t = ts.list[k] as Token;
    if (t.type !== 'ident') failAt(ts, k);
    words.push(t.value.toLowerCase());
  }
  const text = words.join(' ');
  if (text.startsWith('isolation level ')) {
    const level = text.slice('isolation level '.length);
    if (!['read committed', 'read uncommitted', 'repeatable read', 'serializable'].includes(level)) failAt(ts, i + 2);
    return { variable: variable('transaction_isolation', scope), value: str(level.replace(' ', '-')) };
  }
  if (text === 'read only' || text === 'read write') {
    return { variable: variable('transaction_read_only', scope), value: { kind: 'literal', type: 'int', value: text === 'read only' ? '1' : '0', charset: null } };
  }
  return failAt(ts, i);
}
