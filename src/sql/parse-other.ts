/**
 * Statements the router handles by kind: DDL, CALL, FLUSH, LOCK/UNLOCK TABLES, maintenance
 * statements, LOAD, PREPARE/EXECUTE, ... They are recognised by their leading keywords; their text is
 * kept, with the tables they name (and, for a view, its SELECT).
 */

import type { OtherStatement, SelectStatement, TableName } from './ast.js';
import type { Token } from './lexer.js';
import { quoteString } from './literals.js';
import { parseQuery } from './parse-select.js';
import { atDepth0, clauseText, closeParen, failAt, identAt, isOp, isWord, tableNameAt, type Tokens } from './tokens.js';

const SIMPLE: Readonly<Record<string, string>> = {
  xa: 'xa',
  do: 'do',
  kill: 'kill',
  grant: 'grant',
  revoke: 'revoke',
  handler: 'handler',
  install: 'install',
  uninstall: 'uninstall',
  reset: 'reset',
  purge: 'purge',
  change: 'change',
  stop: 'stop',
  binlog: 'binlog',
  cache: 'cache',
  help: 'help',
  signal: 'signal',
  resignal: 'resignal',
  import: 'import',
  clone: 'clone',
  restart: 'restart',
  shutdown: 'shutdown',
};

const DDL_SKIP = ['or', 'replace', 'temporary', 'unique', 'fulltext', 'spatial', 'online', 'offline', 'if', 'not', 'exists', 'ignore'];

export function parseOther(ts: Tokens, from: number, to: number, sql: string): OtherStatement {
  const list = ts.list;
  const first = (list[from] as Token).value.toLowerCase();
  const other = (type: string, tables: TableName[] = [], select?: SelectStatement): OtherStatement =>
    select === undefined ? { kind: 'other', type, sql, tables } : { kind: 'other', type, sql, tables, select };
  switch (first) {
    case 'create':
    case 'alter':
    case 'drop':
    case 'rename':
    case 'truncate':
      return ddl(ts, from, to, other);
    case 'call':
      return other('call', [name(ts, from + 1)]);
    case 'flush':
      return flush(ts, from, to, sql);
    case 'prepare':
    case 'execute':
    case 'deallocate':
      return prepared(ts, from, to, sql);
    case 'revert':
      if (!isWord(list[from + 1], 'vitess_migration')) failAt(ts, from + 1);
      return { ...other('vitess_migration'), normalized: clauseText(list, from, to, quoteString) };
    case 'lock':
      if (!isWord(list[from + 1], 'tables', 'table')) failAt(ts, from + 1);
      return other('lock_tables', nameList(ts, from + 2, to));
    case 'unlock':
      if (!isWord(list[from + 1], 'tables', 'table')) failAt(ts, from + 1);
      return other('unlock_tables');
    case 'analyze':
    case 'optimize':
    case 'repair':
    case 'check':
    case 'checksum': {
      const at = list.findIndex((t, i) => i > from && i < to && isWord(t, 'table', 'tables'));
      if (at < 0) failAt(ts, from + 1);
      return other(first, nameList(ts, at + 1, to));
    }
    case 'load': {
      const at = list.findIndex((t, i) => i > from && i < to && isWord(t, 'table') && isWord(list[i - 1], 'into'));
      return other('load', at < 0 ? [] : [name(ts, at + 1)]);
    }
    case 'stream':
    case 'vstream': {
      const at = atDepth0(list, from, to, (t) => isWord(t, 'from'))[0];
      if (at === undefined) failAt(ts, to);
      return other(first, [name(ts, at + 1)]);
    }
    default: {
      const type = SIMPLE[first];
      if (type === undefined) failAt(ts, from);
      return other(type);
    }
  }
}

function name(ts: Tokens, i: number): TableName {
  const n = tableNameAt(ts, i);
  return { qualifier: n.qualifier, name: n.name };
}

/** Table names separated by commas from i, each possibly followed by words (`as a`, `read`, `write`, `to x`). */
function nameList(ts: Tokens, i: number, to: number): TableName[] {
  const names: TableName[] = [];
  let expectName = true;
  for (; i < to; i++) {
    const t = ts.list[i] as Token;
    if (isOp(t, ',')) {
      expectName = true;
    } else if (expectName) {
      if (isWord(t, 'with', 'for')) break;
      const n = tableNameAt(ts, i);
      names.push({ qualifier: n.qualifier, name: n.name });
      i = n.next - 1;
      expectName = false;
    } else if (isWord(t, 'to')) {
      expectName = true; // rename table a to b
    }
  }
  return names;
}

type Other = (type: string, tables?: TableName[], select?: SelectStatement) => OtherStatement;

function ddl(ts: Tokens, from: number, to: number, other: Other): OtherStatement {
  const list = ts.list;
  const verb = (list[from] as Token).value.toLowerCase();
  let i = from + 1;
  // Skip modifiers and `algorithm = x`, `definer = x@y`, `sql security x` before the object word.
  for (;;) {
    if (isWord(list[i], ...DDL_SKIP)) i++;
    else if (isWord(list[i], 'algorithm', 'definer') && isOp(list[i + 1], '=')) i = skipValue(list, i + 2);
    else if (isWord(list[i], 'sql') && isWord(list[i + 1], 'security')) i += 3;
    else break;
  }
  const object = list[i]?.type === 'ident' ? (list[i] as Token).value.toLowerCase() : '';
  if (verb === 'truncate' && object !== 'table') return other('ddl', [name(ts, i)]);
  i++;
  while (isWord(list[i], ...DDL_SKIP)) i++;
  switch (object) {
    case 'database':
    case 'schema':
      return other('dbddl');
    case 'procedure':
    case 'function':
    case 'trigger':
    case 'event':
      return other('routine_ddl', i < to ? [name(ts, i)] : []);
    case 'vschema': {
      const on = isWord(list[i], 'on') ? [name(ts, i + 1)] : [];
      return other('alter_vschema', on);
    }
    case 'vitess_migration':
      return { ...other('vitess_migration'), normalized: clauseText(list, from, to, quoteString) };
    case 'prepare':
      if (verb !== 'drop' || i + 1 !== to) failAt(ts, i - 1);
      return { ...other('deallocate'), prepared: { name: identAt(ts, i).toLowerCase() } };
    case 'view': {
      const view = tableNameAt(ts, i);
      const tables = [{ qualifier: view.qualifier, name: view.name }];
      if (verb === 'drop') return other('ddl', nameList(ts, i, to));
      let j = view.next;
      if (isOp(list[j], '(')) j = closeParen(ts, j) + 1;
      if (!isWord(list[j], 'as')) failAt(ts, j);
      return other('ddl', tables, parseQuery(ts, j + 1, to, { nested: false }));
    }
    case 'index':
    case 'key': {
      const on = atDepth0(list, i, to, (t) => isWord(t, 'on'))[0];
      return other('ddl', on === undefined ? [] : [name(ts, on + 1)]);
    }
    case 'table':
    case 'tables':
      return other('ddl', verb === 'create' || verb === 'alter' || verb === 'truncate' ? [name(ts, i)] : nameList(ts, i, to));
    default:
      return failAt(ts, i - 1);
  }
}

function skipValue(list: readonly Token[], i: number): number {
  // `definer = user@host` lexes as a word and a variable; `definer = current_user()` as a call.
  i++;
  while (list[i]?.type === 'variable' || isOp(list[i], '(', ')')) i++;
  return i;
}

/**
 * `flush [local | no_write_to_binlog] option, ...` or `flush [local] table[s] [t, ...] [with read lock | for export]`.
 * Vitess reprints it per keyspace (the table list changes), so its parts are kept.
 */
function flush(ts: Tokens, from: number, to: number, sql: string): OtherStatement {
  const list = ts.list;
  let i = from + 1;
  const local = isWord(list[i], 'local', 'no_write_to_binlog');
  if (local) i++;
  if (isWord(list[i], 'tables', 'table')) {
    const tables = nameList(ts, i + 1, to);
    const withReadLock = atDepth0(list, i, to, (t, j) => isWord(t, 'with') && isWord(list[j + 1], 'read')).length > 0;
    const forExport = atDepth0(list, i, to, (t, j) => isWord(t, 'for') && isWord(list[j + 1], 'export')).length > 0;
    return { kind: 'other', type: 'flush', sql, tables, flush: { local, options: [], withReadLock, forExport } };
  }
  if (i >= to) failAt(ts, i);
  const options: string[] = [];
  let start = i;
  for (let j = i; j <= to; j++) {
    if (j === to || isOp(list[j], ',')) {
      if (j === start) failAt(ts, j);
      options.push(clauseText(list, start, j, quoteString));
      start = j + 1;
    }
  }
  return { kind: 'other', type: 'flush', sql, tables: [], flush: { local, options, withReadLock: false, forExport: false } };
}

/** `prepare s from 'text' | @var`, `execute s [using @a, ...]`, `deallocate prepare s` (`drop prepare s` is read with the DDL). */
function prepared(ts: Tokens, from: number, to: number, sql: string): OtherStatement {
  const list = ts.list;
  const verb = (list[from] as Token).value.toLowerCase();
  if (verb === 'deallocate') {
    if (!isWord(list[from + 1], 'prepare') || from + 3 !== to) failAt(ts, from + 1);
    return { kind: 'other', type: 'deallocate', sql, tables: [], prepared: { name: identAt(ts, from + 2).toLowerCase() } };
  }
  const name = identAt(ts, from + 1).toLowerCase();
  if (verb === 'prepare') {
    if (!isWord(list[from + 2], 'from') || from + 4 !== to) failAt(ts, from + 2);
    const src = list[from + 3] as Token;
    if (src.type === 'string') return { kind: 'other', type: 'prepare', sql, tables: [], prepared: { name, source: { kind: 'text', sql: src.value } } };
    if (src.type === 'variable' && !src.text.startsWith('@@')) {
      return { kind: 'other', type: 'prepare', sql, tables: [], prepared: { name, source: { kind: 'variable', name: userVariable(src) } } };
    }
    return failAt(ts, from + 3);
  }
  const using: string[] = [];
  let i = from + 2;
  if (i < to) {
    if (!isWord(list[i], 'using')) failAt(ts, i);
    for (i++; i < to; i += 2) {
      const v = list[i] as Token;
      if (v.type !== 'variable' || v.text.startsWith('@@')) failAt(ts, i);
      using.push(userVariable(v));
      if (i + 1 < to && !isOp(list[i + 1], ',')) failAt(ts, i + 1);
    }
  }
  return { kind: 'other', type: 'execute', sql, tables: [], prepared: { name, using } };
}

/** `@x`, `` @`x` ``, `@'x'` → the variable's name, lower case (MySQL's user variables ignore case). */
function userVariable(t: Token): string {
  const body = t.text.slice(1);
  const q = body[0];
  const name = (q === '`' || q === "'" || q === '"') && body.endsWith(q) && body.length >= 2 ? body.slice(1, -1) : body;
  return name.toLowerCase();
}
