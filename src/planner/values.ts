/**
 * Routing values (Vitess's `Values` of a route): what the router evaluates to find shards, and
 * how vexplain prints them. Literals print as written (`5`, `'aa'`, `null`, `_binary'x'`),
 * bind variables as `:name`, list binds as `::name`, tuples as `(1, 2)`, and one column of a
 * list of rows as `name:N`.
 */
import type { Expr, Literal } from '../sql/ast.js';

export type PlanValue =
  | { readonly kind: 'literal'; readonly literal: Literal }
  | { readonly kind: 'bind'; readonly name: string }
  | { readonly kind: 'listBind'; readonly name: string }
  | { readonly kind: 'tuple'; readonly items: readonly PlanValue[] }
  /** Column `index` of each row of the list bind variable `::list` (row tuples, DML with input). */
  | { readonly kind: 'tupleColumn'; readonly list: string; readonly index: number }
  /** An expression of literals and binds that vtgate evaluates per execution (e.g. `:a + 1`). */
  | { readonly kind: 'expr'; readonly expr: Expr; readonly text: string };

export const NULL_LITERAL: Literal = Object.freeze({ kind: 'literal', type: 'null', value: '', charset: null });

export function literalValue(literal: Literal): PlanValue {
  return Object.freeze({ kind: 'literal', literal });
}

export function bindValue(name: string): PlanValue {
  return Object.freeze({ kind: 'bind', name });
}

export function listBindValue(name: string): PlanValue {
  return Object.freeze({ kind: 'listBind', name });
}

export function tupleValue(items: readonly PlanValue[]): PlanValue {
  return Object.freeze({ kind: 'tuple', items: Object.freeze([...items]) });
}

export function tupleColumnValue(list: string, index: number): PlanValue {
  return Object.freeze({ kind: 'tupleColumn', list, index });
}

export const NULL_VALUE_PLAN: PlanValue = literalValue(NULL_LITERAL);

/** Vitess's Values notation. */
export function printValue(v: PlanValue): string {
  switch (v.kind) {
    case 'literal':
      return printLiteral(v.literal);
    case 'bind':
      return `:${v.name}`;
    case 'listBind':
      return `::${v.name}`;
    case 'tuple':
      return `(${v.items.map(printValue).join(', ')})`;
    case 'tupleColumn':
      return `${v.list}:${v.index}`;
    case 'expr':
      return v.text;
  }
}

/** A literal as Vitess prints it: numbers as written, strings SQL-quoted with MySQL escapes. */
export function printLiteral(l: Literal): string {
  switch (l.type) {
    case 'int':
    case 'decimal':
    case 'float':
    case 'hexnum':
    case 'bitnum':
      return l.value;
    case 'hexval':
      return l.value.startsWith('x') || l.value.startsWith('X') ? `X${l.value.slice(1)}` : l.value;
    case 'bool':
      return l.value;
    case 'null':
      return 'null';
    case 'string':
      return `${l.charset ? `_${l.charset}` : ''}${quoteString(l.value)}`;
    case 'date':
    case 'time':
    case 'timestamp':
      return `${l.type} ${quoteString(l.value)}`;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0',
  "'": "\\'",
  '"': '\\"',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1a': '\\Z',
  '\\': '\\\\',
};

/** Vitess's EncodeStringSQL. */
export function quoteString(s: string): string {
  return `'${s.replace(/[\0'"\b\n\r\t\x1a\\]/g, (c) => ESCAPES[c] ?? c)}'`;
}
