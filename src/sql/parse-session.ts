/** USE, transaction control, savepoints and EXPLAIN / DESCRIBE / VEXPLAIN, read at the token level. */

import type { Explain, OtherStatement, Savepoint, Statement, Transaction, Use } from './ast.js';
import type { Token } from './lexer.js';
import { failAt, identAt, isWord, sourceText, tableNameAt, type Tokens } from './tokens.js';

/** `use`, `use ks`, ``use `ks@replica` ``, `use ks@replica` (a word and a variable token). */
export function parseUse(ts: Tokens, from: number, to: number): Use {
  const parts = ts.list.slice(from + 1, to).map((t) => (t.type === 'qident' ? t.value : t.text));
  return { kind: 'use', target: parts.join('') };
}

export function parseTransaction(ts: Tokens, from: number, to: number, sql: string): Transaction | Savepoint {
  const list = ts.list;
  const first = (list[from] as Token).value.toLowerCase();
  switch (first) {
    case 'begin':
      if (to > from + 1 && !(to === from + 2 && isWord(list[from + 1], 'work'))) failAt(ts, from + 1);
      return { kind: 'begin', sql };
    case 'start':
      if (!isWord(list[from + 1], 'transaction')) failAt(ts, from + 1);
      return { kind: 'begin', sql };
    case 'commit':
      return { kind: 'commit', sql };
    case 'rollback': {
      let i = from + 1;
      if (isWord(list[i], 'work')) i++;
      if (i >= to) return { kind: 'rollback', sql };
      if (!isWord(list[i], 'to')) failAt(ts, i);
      i++;
      if (isWord(list[i], 'savepoint')) i++;
      return { kind: 'rollback_to_savepoint', name: identAt(ts, i) };
    }
    case 'savepoint':
      return { kind: 'savepoint', name: identAt(ts, from + 1) };
    case 'release':
      if (!isWord(list[from + 1], 'savepoint')) failAt(ts, from + 1);
      return { kind: 'release_savepoint', name: identAt(ts, from + 2) };
    default:
      return failAt(ts, from);
  }
}

const EXPLAINABLE = ['select', 'insert', 'update', 'delete', 'replace', 'with'];

/**
 * `explain|describe|desc [format = x | extended | analyze] statement`, `vexplain [plan|queries|all] statement`.
 * `describe tbl` / `explain tbl` is an OtherStatement of type `explain_table`, printed as `explain tbl` (as Vitess does).
 */
export function parseExplain(
  ts: Tokens,
  from: number,
  to: number,
  parseStatement: (from: number) => Statement,
): Explain | OtherStatement {
  const list = ts.list;
  const first = (list[from] as Token).value.toLowerCase();
  let i = from + 1;
  if (first === 'vexplain') {
    let type: Explain['type'] = 'vexplain_plan';
    if (isWord(list[i], 'queries')) type = 'vexplain_queries';
    else if (isWord(list[i], 'all')) type = 'vexplain_all';
    if (isWord(list[i], 'plan', 'queries', 'all')) i++;
    return { kind: 'explain', type, statement: parseStatement(i) };
  }
  if (isWord(list[i], 'format') && list[i + 1]?.value === '=') i += 3;
  else if (isWord(list[i], 'extended', 'partitions', 'analyze')) i++;
  if (isWord(list[i], ...EXPLAINABLE) || list[i]?.value === '(') {
    return { kind: 'explain', type: 'explain', statement: parseStatement(i) };
  }
  if (i >= to) failAt(ts, i);
  const n = tableNameAt(ts, i);
  return { kind: 'other', type: 'explain_table', sql: `explain ${sourceText(ts, i, to)}`, tables: [{ qualifier: n.qualifier, name: n.name }] };
}
