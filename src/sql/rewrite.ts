/**
 * Turns the tokens of one simple statement (a SELECT without UNION or WITH, an UPDATE, a DELETE,
 * or pieces of an INSERT) into text node-sql-parser reads correctly, working around its gaps
 * (dependency-notes §1): literals, bind variables, quoted identifiers and subqueries become
 * markers (see stash.ts); `<>`/`<=>`, `sum(distinct ...)`, `binary x`, `default`, natural joins,
 * `substring(x from a for b)`, `next value`, and index hints are rewritten or taken out.
 */

import type { Expr, SelectStatement } from './ast.js';
import type { Token } from './lexer.js';
import { identList, nextCount, notOperandEnd, numberLiteral, operandEnd, readHint } from './rewrite-helpers.js';
import { Stash, looksLikeMarker } from './stash.js';
import { closeParen, isFunctionParen, isOp, isQueryGroup, isWord, type Tokens } from './tokens.js';
import { parseVariable } from './variables.js';

export type RewriteMode = 'select' | 'update' | 'delete' | 'insert';

export interface RewriteOptions {
  readonly mode: RewriteMode;
  /** Parses the tokens [from, to) as a query (the inside of a subquery's parentheses). */
  readonly parseQuery: (ts: Tokens, from: number, to: number) => SelectStatement;
  /** Token indexes of bare words to pass as quoted identifiers (words the parser reserves but MySQL does not). */
  readonly quote?: ReadonlySet<number>;
}

export interface Rewritten {
  readonly text: string;
  readonly stash: Stash;
  /** Output offset → token index, ascending by offset; maps parser errors back to the query. */
  readonly map: readonly { readonly out: number; readonly tok: number }[];
  /** Index hints by the alias (or table name) they follow. */
  readonly hints: ReadonlyMap<string, readonly string[]>;
}

/** A piece of the output: tokens [from, to) rewritten, or a fixed text standing for token `at`. */
export type Piece = { readonly from: number; readonly to: number } | { readonly text: string; readonly at: number };

const DISTINCT_AGGREGATES = new Set(['sum', 'min', 'max', 'avg', 'std', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance', 'bit_and', 'bit_or', 'bit_xor', 'json_arrayagg', 'any_value']);
const CLAUSES = new Set(['select', 'from', 'where', 'group', 'having', 'order', 'limit', 'on', 'using', 'set', 'values', 'for', 'lock', 'into', 'window']);
const FROM_ENTRY = ['from', 'join', 'straight_join', 'lateral', 'update'];
const JOIN_END = ['on', 'using', 'join', 'left', 'right', 'inner', 'cross', 'straight_join', 'natural', 'where', 'group', 'having', 'order', 'limit', 'for', 'lock', 'set', 'window'];
const isName = (t: Token | undefined): boolean => t !== undefined && (t.type === 'ident' || t.type === 'qident');
const OPERAND_TYPES = new Set(['ident', 'qident', 'number', 'string', 'bind', 'listbind', 'placeholder', 'variable']);

/**
 * `<>` is `!=` (Vitess prints both as `!=`), which frees `<>` to carry `<=>` (which the parser rejects);
 * `||` is OR (MySQL's default sql_mode), which frees `||` to carry `:=` (rejected outside a select list).
 */
const OP_REWRITES: Readonly<Record<string, string>> = { '<>': '!=', '<=>': '<>', '||': 'or', ':=': '||' };

export const NATURAL_MARKER = '__vt_natural';
export const DISTINCT_PREFIX = '__vtdistinct_';
export const BINARY_FUNC = '__vtbinary';

export function rewrite(ts: Tokens, pieces: readonly Piece[], opts: RewriteOptions): Rewritten {
  const list = ts.list;
  const stash = new Stash();
  const out: string[] = [];
  const map: { out: number; tok: number }[] = [];
  const hints = new Map<string, string[]>();
  let len = 0;
  const emit = (text: string, tok: number): void => {
    if (len > 0) {
      out.push(' ');
      len++;
    }
    map.push({ out: len, tok });
    out.push(text);
    len += text.length;
  };
  const marker = (expr: Expr): string => `:${stash.add({ kind: 'expr', expr })}`;
  const stashIdent = (name: string): string => `\`${stash.add({ kind: 'ident', name })}\``;

  const clauses: string[] = [opts.mode === 'update' ? 'from' : opts.mode === 'insert' ? 'values' : 'select'];
  const closeAfter = new Map<number, number>();
  const commaDepths: number[] = [];
  let depth = 0;
  let natural = -1; // the depth at which a natural join still needs its `using` marker

  const tableContext = (i: number): boolean => {
    const prev = list[i - 1];
    if (isWord(prev, ...FROM_ENTRY)) return true;
    if (opts.mode === 'update' && depth === 0 && clauses[0] === 'from' && isWord(prev, 'ignore', 'low_priority')) return true;
    if (isOp(prev, ',')) return clauses[depth] === 'from';
    if (isOp(prev, '(')) return clauses[depth - 1] === 'from' && !isFunctionParen(list, i - 1);
    return false;
  };

  // Each handler returns the index of the last token it consumed.
  const subquery = (i: number): number => {
    const close = closeParen(ts, i);
    const select = opts.parseQuery(ts, i + 1, close);
    if (!tableContext(i)) {
      const m = marker({ kind: 'subquery', select });
      emit(isWord(list[i - 1], 'in') ? `(${m})` : m, i);
      return close;
    }
    const lateral = isWord(list[i - 1], 'lateral');
    const aliasAt = isWord(list[close + 1], 'as') ? close + 2 : close + 1;
    const alias = list[aliasAt];
    const hasAlias = alias !== undefined && (alias.type === 'qident' || (alias.type === 'ident' && !isWord(alias, ...JOIN_END)));
    let columns: string[] = [];
    let end = hasAlias ? aliasAt : close;
    if (hasAlias && isOp(list[aliasAt + 1], '(')) {
      const cols = closeParen(ts, aliasAt + 1);
      columns = identList(ts, aliasAt + 2, cols);
      end = cols;
    }
    emit(`\`${stash.add({ kind: 'derived', select, lateral, columns })}\``, i);
    if (hasAlias) {
      emit('as', aliasAt);
      emit(alias.type === 'qident' ? stashIdent(alias.value) : alias.value, aliasAt);
    }
    return end;
  };

  // `a.b.c` as a column outside FROM (the parser reads three-part names only in a select list).
  const isQualified3 = (i: number): boolean =>
    clauses[depth] !== 'from' && isOp(list[i + 1], '.') && isOp(list[i + 3], '.') && isName(list[i + 2]) && isName(list[i + 4]) && !isOp(list[i + 5], '(');

  const word = (i: number): number => {
    const t = list[i] as Token;
    const w = t.value.toLowerCase();
    const next = list[i + 1];
    if (opts.quote?.has(i) || looksLikeMarker(t.value)) {
      emit(stashIdent(t.value), i);
      return i;
    }
    if (w.startsWith('_') && next?.type === 'string') {
      emit(`'${stash.add({ kind: 'string', value: next.value, charset: w.slice(1) })}'`, i);
      return i + 1;
    }
    if (CLAUSES.has(w)) clauses[depth] = w;
    if (w === 'lateral' && isQueryGroup(list, i + 1)) return i;
    if (opts.mode !== 'select' && isQualified3(i)) {
      const n = list[i + 2] as Token;
      emit(`\`${stash.add({ kind: 'table', qualifier: t.value, name: n.value })}\``, i);
      return i + 2;
    }
    if (w === 'next' && opts.mode === 'select' && isWord(list[i - 1], 'select')) {
      const count = nextCount(list, i);
      if (count !== null) {
        emit(`:${stash.add({ kind: 'next', count: count.expr })}`, i);
        return count.end;
      }
    }
    if (DISTINCT_AGGREGATES.has(w) && isOp(next, '(') && isWord(list[i + 2], 'distinct')) {
      emit(`${DISTINCT_PREFIX}${w}(`, i);
      depth++;
      clauses[depth] = 'paren';
      return i + 2;
    }
    if (w === 'binary' && next !== undefined && (OPERAND_TYPES.has(next.type) || isOp(next, '(')) && !isWord(list[i - 1], 'as')) {
      emit(`${BINARY_FUNC}(`, i);
      const end = operandEnd(ts, i + 1);
      closeAfter.set(end, (closeAfter.get(end) ?? 0) + 1);
      return i;
    }
    if (w === 'not' && isOp(next, '(') && !isQueryGroup(list, i + 1)) {
      // The parser reads `not (a) = b` as a call of `not`: wrap NOT's whole operand so that it is one.
      emit('not (', i);
      const end = notOperandEnd(list, i + 1, pieceEnd);
      closeAfter.set(end, (closeAfter.get(end) ?? 0) + 1);
      return i;
    }
    if (w === 'default' && opts.mode !== 'select' && !isOp(next, '(') && isOp(list[i - 1], '(', ',', '=')) {
      emit(marker({ kind: 'default', column: null }), i);
      return i;
    }
    if ((w === 'substring' || w === 'substr' || w === 'mid') && isOp(next, '(')) commaDepths.push(depth + 1);
    if ((w === 'from' || w === 'for') && commaDepths.length > 0 && commaDepths[commaDepths.length - 1] === depth) {
      emit(',', i);
      return i;
    }
    if ((w === 'exists' || w === 'any' || w === 'all' || w === 'some') && isOp(next, '(') && isQueryGroup(list, i + 1)) {
      const close = closeParen(ts, i + 1);
      const select = opts.parseQuery(ts, i + 2, close);
      if (w === 'exists') emit(marker({ kind: 'exists', select }), i);
      else emit(`:${stash.add({ kind: 'expr', expr: { kind: 'subquery', select }, quantifier: w as 'any' | 'all' | 'some' })}`, i);
      return close;
    }
    if ((w === 'use' || w === 'ignore' || w === 'force') && isWord(next, 'index', 'key', 'vindex') && clauses[depth] === 'from') {
      const hint = readHint(ts, i);
      const key = (list[i - 1] as Token).value;
      hints.set(key, [...(hints.get(key) ?? []), hint.text]);
      return hint.end;
    }
    if (w === 'natural' && clauses[depth] === 'from') {
      let j = i + 1;
      const side = isWord(list[j], 'left', 'right') ? (list[j++] as Token).value.toLowerCase() : '';
      if (isWord(list[j], 'outer')) j++;
      if (isWord(list[j], 'join')) {
        emit(side === '' ? 'join' : `${side} join`, i);
        natural = depth;
        return j;
      }
    }
    emit(t.value, i);
    return i;
  };

  const token = (i: number): number => {
    const t = list[i] as Token;
    switch (t.type) {
      case 'qident':
        emit(stashIdent(t.value), i);
        return i;
      case 'string':
        emit(`'${stash.add({ kind: 'string', value: t.value, charset: null })}'`, i);
        return i;
      case 'number':
        emit(t.literal === 'int' && t.value.length <= 15 ? t.value : marker(numberLiteral(t)), i);
        return i;
      case 'bind':
      case 'listbind':
      case 'placeholder': {
        const m = marker({ kind: 'bind', name: t.value, list: t.type === 'listbind' });
        // node-sql-parser accepts only a string after REGEXP/RLIKE: pass the bind as a string marker.
        if (isWord(list[i - 1], 'regexp') || isWord(list[i - 1], 'rlike')) emit(`'${m.slice(1)}'`, i);
        else emit(t.type === 'listbind' && isWord(list[i - 1], 'in') ? `(${m})` : m, i);
        return i;
      }
      case 'variable':
        emit(marker(parseVariable(t.text)), i);
        return i;
      case 'comment':
        return i;
      case 'op':
        if (t.value === '(' && isQueryGroup(list, i)) return subquery(i);
        if (t.value === '(' && opts.mode === 'insert' && isOp(list[i + 1], ')') && !isFunctionParen(list, i)) {
          emit(`(:${stash.add({ kind: 'empty_row' })})`, i);
          return i + 1;
        }
        emit(OP_REWRITES[t.value] ?? t.value, i);
        if (t.value === '(') {
          depth++;
          clauses[depth] = 'paren';
        } else if (t.value === ')') {
          if (commaDepths[commaDepths.length - 1] === depth) commaDepths.pop();
          depth--;
        }
        return i;
      case 'ident':
        return word(i);
    }
  };

  let pieceEnd = 0;
  for (const piece of pieces) {
    if ('text' in piece) {
      emit(piece.text, piece.at);
      const last = /(\w+)$/.exec(piece.text)?.[1]?.toLowerCase();
      if (last !== undefined && CLAUSES.has(last)) clauses[depth] = last;
      continue;
    }
    pieceEnd = piece.to;
    for (let i = piece.from; i < piece.to; i++) {
      const t = list[i] as Token;
      if (natural === depth && (isOp(t, ',', ')') || isWord(t, ...JOIN_END))) {
        emit(`using (\`${NATURAL_MARKER}\`)`, i);
        natural = -1;
      }
      const last = token(i);
      for (let k = i; k <= last; k++) {
        const n = closeAfter.get(k) ?? 0;
        for (let c = 0; c < n; c++) emit(')', k);
      }
      i = last;
    }
    if (natural >= 0) {
      emit(`using (\`${NATURAL_MARKER}\`)`, piece.to);
      natural = -1;
    }
  }
  return { text: out.join(''), stash, map, hints };
}

