/**
 * SHOW statements, read at the token level (node-sql-parser knows only a few). The kind is the
 * words after SHOW, lower case (`tables`, `create table`, `vitess_shards`, `global variables`, ...),
 * with `fields` read as `columns`, `indexes`/`keys` as `index` and `schemas` as `databases`.
 */

import type { Expr, Show, TableName } from './ast.js';
import { expr } from './convert-expr.js';
import type { Token } from './lexer.js';
import { astify } from './nsp.js';
import { sub } from './parse-select.js';
import { rewrite } from './rewrite.js';
import { failAt, isWord, sourceText, tableNameAt, type Tokens } from './tokens.js';

const ALIASES: Readonly<Record<string, string>> = {
  fields: 'columns',
  indexes: 'index',
  keys: 'index',
  schemas: 'databases',
  'session variables': 'variables',
  'session status': 'status',
  'full columns': 'columns',
};

export function parseShow(ts: Tokens, from: number, to: number): Show {
  const list = ts.list;
  let i = from + 1;
  const full = isWord(list[i], 'full');
  if (full) i++;
  const words: string[] = [];
  while (i < to && (list[i] as Token).type === 'ident' && !isWord(list[i], 'from', 'in', 'like', 'where', 'for', 'on')) {
    words.push((list[i] as Token).value.toLowerCase());
    i++;
    if (words[0] === 'create' && words.length === 2) break;
  }
  if (words.length === 0) failAt(ts, i);
  const joined = words.join(' ');
  const type = ALIASES[joined] ?? joined;
  let table: TableName | null = null;
  let database: string | null = null;
  let like: string | null = null;
  let where: Expr | null = null;
  if (type.startsWith('create ')) {
    const n = tableNameAt(ts, i);
    table = { qualifier: n.qualifier, name: n.name };
    i = n.next;
  }
  const wantsTable = type === 'columns' || type === 'index' || type === 'vschema vindexes';
  while (i < to) {
    const t = list[i] as Token;
    if (isWord(t, 'from', 'in', 'for', 'on')) {
      const target = list[i + 1];
      if (target?.type === 'string') {
        database = target.value;
        i += 2;
        continue;
      }
      const n = tableNameAt(ts, i + 1);
      if (wantsTable && table === null) table = { qualifier: n.qualifier, name: n.name };
      else database = n.qualifier === null ? n.name : `${n.qualifier}.${n.name}`;
      i = n.next;
    } else if (isWord(t, 'like') && list[i + 1]?.type === 'string') {
      like = (list[i + 1] as Token).value;
      i += 2;
    } else if (isWord(t, 'where')) {
      const { ast, rw } = astify(ts, (quote) =>
        rewrite(ts, [{ text: 'select 1 from dual where', at: i }, { from: i + 1, to }], { mode: 'select', quote, parseQuery: sub }),
      );
      where = expr({ stash: rw.stash }, ast.where);
      i = to;
    } else {
      failAt(ts, i);
    }
  }
  return { kind: 'show', type, full, table, database, like, where, sql: sourceText(ts, from, to) };
}
