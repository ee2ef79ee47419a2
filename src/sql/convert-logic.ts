/**
 * AND / OR / XOR / NOT re-associated with MySQL's precedence. node-sql-parser 5.4.0 gets these wrong
 * (`a and b or c and d` comes back as `((a and b) or c) and d` in WHERE, as `a and (b or (c and d))` in a
 * select list), so the converter reads its tree back into the original token order (an in-order walk
 * keeps it), treating parenthesised sub-expressions as operands, and rebuilds it: NOT binds tighter
 * than AND, AND than XOR, XOR than OR; all are left-associative.
 */

import type { Expr } from './ast.js';
import type { NspNode } from './nsp.js';

type Item = { readonly op: 'and' | 'or' | 'xor' | 'not' } | { readonly node: NspNode };

const LOGICAL: Readonly<Record<string, 'and' | 'or' | 'xor'>> = { AND: 'and', '&&': 'and', OR: 'or', XOR: 'xor' };

export function isLogical(n: NspNode): boolean {
  return n?.type === 'binary_expr' && LOGICAL[String(n.operator).toUpperCase()] !== undefined;
}

function flatten(n: NspNode, out: Item[], top: boolean): void {
  if (!top && n?.parentheses) {
    out.push({ node: n });
    return;
  }
  const op = n?.type === 'binary_expr' ? LOGICAL[String(n.operator).toUpperCase()] : undefined;
  if (op !== undefined) {
    flatten(n.left, out, false);
    out.push({ op });
    flatten(n.right, out, false);
  } else if (n?.type === 'unary_expr' && String(n.operator).toUpperCase() === 'NOT') {
    out.push({ op: 'not' });
    flatten(n.expr, out, false);
  } else {
    out.push({ node: n });
  }
}

/** Rebuilds a logical expression; `operand` converts everything else. */
export function logical(n: NspNode, operand: (n: NspNode) => Expr): Expr {
  const items: Item[] = [];
  flatten(n, items, true);
  let i = 0;
  const peek = (): string | undefined => {
    const it = items[i];
    return it !== undefined && 'op' in it ? it.op : undefined;
  };
  const binary = (op: 'and' | 'or' | 'xor', next: () => Expr): Expr => {
    let left = next();
    while (peek() === op) {
      i++;
      left = { kind: 'binary', op, left, right: next(), escape: null };
    }
    return left;
  };
  const not = (): Expr => {
    if (peek() === 'not') {
      i++;
      return { kind: 'unary', op: 'not', expr: not() };
    }
    const it = items[i++];
    if (it === undefined || !('node' in it)) throw new TypeError('logical: operand expected');
    return operand(it.node);
  };
  const and = (): Expr => binary('and', not);
  const xor = (): Expr => binary('xor', and);
  return binary('or', xor);
}
