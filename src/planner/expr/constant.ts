/**
 * The slice of Vitess's evalengine the planner needs: fold constant expressions (`5 + 5` routes
 * with the value `10`), decide whether a predicate is constantly false (`1 = 0`, `1 in ('aa')`
 * make a route None), and turn an expression into a routing value when it holds no column.
 */
import type { BinaryOp, Expr, Literal } from '../../sql/ast.js';
import { literalValue, listBindValue, bindValue, printValue, tupleValue, type PlanValue } from '../values.js';

export type Const =
  | { readonly t: 'null' }
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string };

const NULL: Const = { t: 'null' };
const bool = (b: boolean): Const => ({ t: 'int', v: b ? 1n : 0n });

export function evalConst(e: Expr): Const | undefined {
  switch (e.kind) {
    case 'literal':
      return literalConst(e);
    case 'unary': {
      const v = evalConst(e.expr);
      if (!v) return undefined;
      if (e.op === '-') return v.t === 'int' ? { t: 'int', v: -v.v } : v.t === 'null' ? NULL : { t: 'num', v: -toNum(v) };
      if (e.op === '+') return v;
      if (e.op === 'not' || e.op === '!') return v.t === 'null' ? NULL : bool(!truthy(v));
      return undefined;
    }
    case 'binary':
      return evalBinary(e.op, e.left, e.right);
    case 'in': {
      if (!Array.isArray(e.list)) return undefined;
      const left = evalConst(e.expr);
      if (!left) return undefined;
      let sawNull = left.t === 'null';
      for (const item of e.list as readonly Expr[]) {
        const r = evalConst(item);
        if (!r) return undefined;
        const c = compare(left, r);
        if (c === null) sawNull = true;
        else if (c === 0) return bool(!e.not);
      }
      return sawNull ? NULL : bool(e.not);
    }
    case 'is': {
      const v = evalConst(e.expr);
      if (!v) return undefined;
      const r = e.value === 'null' ? v.t === 'null' : e.value === 'unknown' ? v.t === 'null' : v.t !== 'null' && truthy(v) === (e.value === 'true');
      return bool(e.not ? !r : r);
    }
    default:
      return undefined;
  }
}

function literalConst(l: Literal): Const | undefined {
  switch (l.type) {
    case 'int':
      return { t: 'int', v: BigInt(l.value) };
    case 'decimal':
    case 'float':
      return { t: 'num', v: Number(l.value) };
    case 'string':
      return { t: 'str', v: l.value };
    case 'null':
      return NULL;
    case 'bool':
      return bool(l.value.toLowerCase() === 'true');
    case 'hexnum':
      return { t: 'int', v: BigInt(l.value) };
    case 'hexval':
    case 'bitnum':
    case 'date':
    case 'time':
    case 'timestamp':
      return undefined;
  }
}

function toNum(c: Const): number {
  switch (c.t) {
    case 'int':
      return Number(c.v);
    case 'num':
      return c.v;
    case 'str': {
      // MySQL converts a string to the number its longest numeric prefix spells (0 if none).
      const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(c.v);
      return m ? Number(m[0]) : 0;
    }
    case 'null':
      return NaN;
  }
}

function truthy(c: Const): boolean {
  return c.t === 'int' ? c.v !== 0n : toNum(c) !== 0;
}

/** -1/0/1, or null when either side is NULL. Strings compare case-insensitively (the default collation is _ci). */
function compare(a: Const, b: Const): number | null {
  if (a.t === 'null' || b.t === 'null') return null;
  if (a.t === 'str' && b.t === 'str') {
    const x = a.v.toLowerCase().trimEnd();
    const y = b.v.toLowerCase().trimEnd();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.t === 'int' && b.t === 'int') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  const x = toNum(a);
  const y = toNum(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function evalBinary(op: BinaryOp, le: Expr, re: Expr): Const | undefined {
  const l = evalConst(le);
  const r = evalConst(re);
  if (!l || !r) {
    // FALSE AND x is FALSE and TRUE OR x is TRUE whatever x is.
    const known = l ?? r;
    if (known && known.t !== 'null' && op === 'and' && !truthy(known)) return bool(false);
    if (known && known.t !== 'null' && op === 'or' && truthy(known)) return bool(true);
    return undefined;
  }
  switch (op) {
    case 'and':
      if ((l.t !== 'null' && !truthy(l)) || (r.t !== 'null' && !truthy(r))) return bool(false);
      return l.t === 'null' || r.t === 'null' ? NULL : bool(true);
    case 'or':
      if ((l.t !== 'null' && truthy(l)) || (r.t !== 'null' && truthy(r))) return bool(true);
      return l.t === 'null' || r.t === 'null' ? NULL : bool(false);
    case '=':
    case '!=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compare(l, r);
      if (c === null) return NULL;
      const ok = op === '=' ? c === 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c !== 0;
      return bool(ok);
    }
    case '<=>': {
      if (l.t === 'null' || r.t === 'null') return bool(l.t === r.t);
      return bool(compare(l, r) === 0);
    }
    case '+':
    case '-':
    case '*':
      if (l.t === 'null' || r.t === 'null') return NULL;
      if (l.t === 'int' && r.t === 'int') return { t: 'int', v: op === '+' ? l.v + r.v : op === '-' ? l.v - r.v : l.v * r.v };
      return { t: 'num', v: op === '+' ? toNum(l) + toNum(r) : op === '-' ? toNum(l) - toNum(r) : toNum(l) * toNum(r) };
    default:
      return undefined;
  }
}

/** Vitess's isConstantFalse: the predicate evaluates, without any row, to a non-NULL false. */
export function isConstantFalse(e: Expr): boolean {
  const v = evalConst(e);
  return v !== undefined && v.t !== 'null' && !truthy(v);
}

export function isConstantTrue(e: Expr): boolean {
  const v = evalConst(e);
  return v !== undefined && v.t !== 'null' && truthy(v);
}

export function isNullLiteral(e: Expr): boolean {
  return e.kind === 'literal' && e.type === 'null';
}

const ARITHMETIC: ReadonlySet<BinaryOp> = new Set(['+', '-', '*', '/', 'div', '%', 'mod']);

/**
 * The routing value of an expression (Vitess's makeEvalEngineExpr): literals and bind variables,
 * tuples of them, and arithmetic over them; integer arithmetic is folded as evalengine folds it.
 * null when the expression reads a column, a subquery or a function: it cannot route.
 */
export function routableValue(e: Expr): PlanValue | null {
  switch (e.kind) {
    case 'literal':
      return literalValue(e);
    case 'bind':
      return e.list ? listBindValue(e.name) : bindValue(e.name);
    case 'tuple': {
      const items = e.items.map(routableValue);
      return items.every((i): i is PlanValue => i !== null) ? tupleValue(items) : null;
    }
    case 'unary':
    case 'binary': {
      if (e.kind === 'binary' && !ARITHMETIC.has(e.op)) return null;
      if (e.kind === 'unary' && e.op !== '-' && e.op !== '+') return null;
      const parts = e.kind === 'unary' ? [e.expr] : [e.left, e.right];
      const values = parts.map(routableValue);
      if (values.some((v) => v === null)) return null;
      const folded = evalConst(e);
      if (folded?.t === 'int') return literalValue({ kind: 'literal', type: 'int', value: folded.v.toString(), charset: null });
      if (folded?.t === 'null') return literalValue({ kind: 'literal', type: 'null', value: '', charset: null });
      const text = e.kind === 'unary' ? `${e.op}${printValue(values[0]!)}` : `${printValue(values[0]!)} ${e.op} ${printValue(values[1]!)}`;
      return { kind: 'expr', expr: e, text };
    }
    default:
      return null;
  }
}
