/**
 * Expressions vtgate evaluates (Projection columns, Filter predicates): the plan's executable
 * forms (src/planner/plan-vtgate.ts), compiled once per operator into a closure over a row. An
 * `offset` node reads that input column (so does `:__colN`); a column or aggregate named
 * otherwise is looked up among the input's column names as a fallback; other bind variables come
 * from the statement. Each compiled node also knows its
 * result type, so the output column is typed as MySQL would type it. A construct outside what
 * is implemented fails with EXPRESSION_NOT_SUPPORTED naming it.
 */
import type { BindVariable } from '../../vindexes/types.js';
import type { Expr } from '../../sql/ast.js';
import { printExpr } from '../../sql/print-expr.js';
import { literalSqlValue } from '../../planner/literal-value.js';
import { NULL_VALUE, textValue, valueText, type SqlType, type SqlValue } from '../../vindexes/value.js';
import { formatDecimal, parseDecimal, rescale } from '../decimal.js';
import { compareValues } from '../compare.js';
import { DEFAULT_COLLATION, isTextType, typeClass } from '../fields.js';
import type { EngineField, Row } from '../result.js';
import { EngineError, expressionNotSupported } from '../errors.js';
import { arithmetic, negate, type ArithOp } from './arith.js';
import { callFunction, functionType } from './functions.js';
import { compileCast } from './cast.js';
import { likeMatcher } from './like.js';
import { boolValue, truthOf } from './values.js';

/** The statement's bind variables (the same shape as routing's Binds; typed here so routing can evaluate values without a cycle). */
export type EvalBinds = ReadonlyMap<string, BindVariable>;

export type Evaluate = (row: Row, binds: EvalBinds) => SqlValue;

/** The bind variable the router gives the session's FOUND_ROWS() in (Vitess's name for it). */
export const FOUND_ROWS_BIND = '__vtfrows';

export interface Compiled {
  readonly evaluate: Evaluate;
  readonly type: SqlType;
  /** The collation text results compare with. */
  readonly collation: number;
  /** Set when the expression is one input column as is (its field can pass through). */
  readonly column?: number;
}

const normalName = (s: string): string => s.replace(/[`\s]/g, '').toLowerCase();

function findColumn(fields: readonly EngineField[], e: Expr): number {
  const printed = normalName(printExpr(e));
  const byPrinted = fields.findIndex((f) => normalName(f.name) === printed);
  if (byPrinted >= 0) return byPrinted;
  if (e.kind === 'column') {
    const name = e.name.toLowerCase();
    const i = fields.findIndex((f) => f.name.toLowerCase() === name);
    if (i >= 0) return i;
  }
  return -1;
}

function columnRef(i: number, fields: readonly EngineField[]): Compiled {
  const f = fields[i]!;
  return { evaluate: (row) => row[i] ?? NULL_VALUE, type: f.type, collation: f.collation, column: i };
}

/**
 * `binds`: the statement's bind variables where they are known when compiling (a Projection at
 * run time), so a bound value is typed as its value is (MySQL types the literal the client sent);
 * otherwise a bind variable is typed as text.
 */
export function compile(e: Expr, fields: readonly EngineField[], binds: ReadonlyMap<string, BindVariable> = NO_BINDS): Compiled {
  switch (e.kind) {
    case 'offset': {
      if (e.index >= fields.length) throw new EngineError('COLUMN_NOT_FOUND', `column offset ${e.index} (${e.name}) is past the input's ${fields.length} columns`);
      return columnRef(e.index, fields);
    }
    case 'column': {
      const i = findColumn(fields, e);
      if (i < 0) throw new EngineError('COLUMN_NOT_FOUND', `column ${printExpr(e)} is not among the operator's input columns`, { details: { column: printExpr(e) } });
      return columnRef(i, fields);
    }
    case 'aggregate':
    case 'func': {
      const i = findColumn(fields, e);
      if (i >= 0) return columnRef(i, fields);
      if (e.kind === 'aggregate') throw new EngineError('COLUMN_NOT_FOUND', `${printExpr(e)} is not among the operator's input columns`, { details: { column: printExpr(e) } });
      const name = e.name.toLowerCase();
      if (name === 'found_rows' && e.args.length === 0) return sessionValue(FOUND_ROWS_BIND, 'INT64');
      const args = e.args.map((a) => compile(a, fields, binds));
      const type = functionType(name, args);
      const evaluates = args.map((a) => a.evaluate);
      const collation = args.find((a) => isTextType(a.type))?.collation ?? DEFAULT_COLLATION;
      const call: Evaluate = (row, binds) => callFunction(name, evaluates.map((f) => f(row, binds)), collation);
      // coalesce(decimal_col, 0) is DECIMAL at the arguments' largest scale: the 0 reads 0.00, as MySQL gives it.
      if (type === 'DECIMAL' && CHOOSES_AN_ARGUMENT.has(name)) {
        const scale = Math.max(0, ...e.args.map((a, i) => argumentScale(a, args[i]!, fields)));
        return { evaluate: (row, binds) => asDecimal(call(row, binds), scale), type, collation };
      }
      return { evaluate: call, type, collation };
    }
    case 'literal': {
      const v = literalSqlValue(e);
      return { evaluate: () => v, type: v.type, collation: DEFAULT_COLLATION };
    }
    case 'bind': {
      const m = /^__col(\d+)$/.exec(e.name);
      if (m) {
        const i = Number(m[1]);
        if (i >= fields.length) throw new EngineError('COLUMN_NOT_FOUND', `column offset ${i} is past the input's ${fields.length} columns`);
        return columnRef(i, fields);
      }
      if (e.list) throw expressionNotSupported(`the list bind variable ::${e.name}`);
      const name = e.name;
      return {
        evaluate: (_row, binds) => {
          const b = binds.get(name);
          if (b === undefined || b.type === 'TUPLE') throw new EngineError('BIND_MISSING', `missing bind variable ${name}`, { details: { name } });
          return b;
        },
        type: boundType(binds.get(name)), collation: DEFAULT_COLLATION,
      };
    }
    case 'unary': {
      const inner = compile(e.expr, fields, binds);
      const f = inner.evaluate;
      switch (e.op) {
        case 'not':
        case '!':
          return { evaluate: (r, b) => { const t = truthOf(f(r, b)); return boolValue(t === null ? null : !t); }, type: 'INT64', collation: DEFAULT_COLLATION };
        case '-':
          return { evaluate: (r, b) => negate(f(r, b)), type: numericResult(inner.type), collation: DEFAULT_COLLATION };
        case '+':
          return inner;
        default:
          throw expressionNotSupported(`the operator ${e.op}`);
      }
    }
    case 'binary':
      return compileBinary(e.op, e.left, e.right, e.escape, fields, binds);
    case 'is': {
      const f = compile(e.expr, fields, binds).evaluate;
      const test = e.value;
      return {
        evaluate: (r, b) => {
          const v = f(r, b);
          const t = truthOf(v);
          const result = test === 'null' || test === 'unknown' ? t === null : test === 'true' ? t === true : t === false;
          return boolValue(e.not ? !result : result);
        },
        type: 'INT64', collation: DEFAULT_COLLATION,
      };
    }
    case 'in': {
      const left = compile(e.expr, fields, binds);
      if (!Array.isArray(e.list)) {
        const list = e.list as Exclude<typeof e.list, readonly Expr[]>;
        if (list.kind !== 'bind') throw expressionNotSupported('IN with a subquery');
        return inListBind(left, list.name, e.not);
      }
      const items = (e.list as readonly Expr[]).map((x) => compile(x, fields, binds));
      const collation = comparisonCollation(left, ...items);
      return {
        evaluate: (r, b) => {
          const v = left.evaluate(r, b);
          if (v.type === 'NULL_TYPE') return NULL_VALUE;
          return inValues(v, items.map((item) => item.evaluate(r, b)), collation, e.not);
        },
        type: 'INT64', collation: DEFAULT_COLLATION,
      };
    }
    case 'between': {
      const v = compile(e.expr, fields, binds);
      const lo = compile(e.low, fields, binds);
      const hi = compile(e.high, fields, binds);
      const collation = comparisonCollation(v, lo, hi);
      return {
        evaluate: (r, b) => {
          const x = v.evaluate(r, b);
          const l = lo.evaluate(r, b);
          const h = hi.evaluate(r, b);
          const ge = x.type === 'NULL_TYPE' || l.type === 'NULL_TYPE' ? null : compareValues(x, l, collation) >= 0;
          const le = x.type === 'NULL_TYPE' || h.type === 'NULL_TYPE' ? null : compareValues(x, h, collation) <= 0;
          const both = ge === false || le === false ? false : ge === null || le === null ? null : true;
          return boolValue(both === null ? null : e.not ? !both : both);
        },
        type: 'INT64', collation: DEFAULT_COLLATION,
      };
    }
    case 'case': {
      const operand = e.operand === null ? null : compile(e.operand, fields, binds);
      const whens = e.whens.map((w) => ({ when: compile(w.when, fields, binds), then: compile(w.then, fields, binds) }));
      const otherwise = e.else === null ? null : compile(e.else, fields, binds);
      const results = [...whens.map((w) => w.then), ...(otherwise ? [otherwise] : [])];
      const collation = operand ? comparisonCollation(operand, ...whens.map((w) => w.when)) : DEFAULT_COLLATION;
      return {
        evaluate: (r, b) => {
          const o = operand?.evaluate(r, b);
          for (const w of whens) {
            const c = w.when.evaluate(r, b);
            const hit = o === undefined ? truthOf(c) === true : o.type !== 'NULL_TYPE' && c.type !== 'NULL_TYPE' && compareValues(o, c, collation) === 0;
            if (hit) return w.then.evaluate(r, b);
          }
          return otherwise ? otherwise.evaluate(r, b) : NULL_VALUE;
        },
        type: unifiedType(results.map((x) => x.type)), collation: results.find((x) => isTextType(x.type))?.collation ?? DEFAULT_COLLATION,
      };
    }
    case 'cast':
      return compileCast(e.type, e.style, compile(e.expr, fields, binds));
    case 'tuple':
      if (e.items.length === 1) return compile(e.items[0]!, fields, binds);
      throw expressionNotSupported('a row constructor');
    default:
      throw expressionNotSupported(`${e.kind} expressions (${printExpr(e)})`);
  }
}

/** A value vtgate answers from the session, handed over as a bind variable by the router. */
function sessionValue(name: string, type: SqlType): Compiled {
  return {
    evaluate: (_row, binds) => {
      const b = binds.get(name);
      if (b === undefined || b.type === 'TUPLE') throw new EngineError('BIND_MISSING', `missing bind variable ${name}`, { details: { name } });
      return b;
    },
    type, collation: DEFAULT_COLLATION,
  };
}

/**
 * `x [not] in (values)` with MySQL's rules: each value compares with x as `=` would; a match
 * decides the result, otherwise a NULL among the values (or x itself NULL) makes it NULL.
 */
function inValues(v: SqlValue, values: readonly SqlValue[], collation: number, not: boolean): SqlValue {
  if (v.type === 'NULL_TYPE') return NULL_VALUE;
  let sawNull = false;
  for (const w of values) {
    if (w.type === 'NULL_TYPE') sawNull = true;
    else if (compareValues(v, w, collation) === 0) return boolValue(!not);
  }
  return sawNull ? NULL_VALUE : boolValue(not);
}

/**
 * `x [not] in ::list`: the planner's normaliser turns every literal IN list into one TUPLE bind
 * variable, so this is how most IN predicates a vtgate Filter holds arrive. The list's values are
 * literals (or caller values), so text compares in x's collation, as it would against literals.
 */
function inListBind(left: Compiled, name: string, not: boolean): Compiled {
  const collation = comparisonCollation(left);
  return {
    evaluate: (r, b) => {
      const list = b.get(name);
      if (list === undefined) throw new EngineError('BIND_MISSING', `missing bind variable ${name}`, { details: { name } });
      if (list.type !== 'TUPLE') throw new EngineError('BIND_INVALID', `bind variable ::${name} is used as a list but holds one value`, { details: { name } });
      // Row tuples (`::dml_vals` of a key of several columns) never meet a scalar in MySQL.
      if (list.values.some((v) => v.type === 'ROW_TUPLE')) throw new EngineError('BIND_INVALID', 'Operand should contain 1 column(s)', { details: { name } });
      return inValues(left.evaluate(r, b), list.values as readonly SqlValue[], collation, not);
    },
    type: 'INT64', collation: DEFAULT_COLLATION,
  };
}

function comparisonCollation(...parts: Compiled[]): number {
  return parts.find((p) => p.column !== undefined && isTextType(p.type))?.collation ?? parts.find((p) => isTextType(p.type))?.collation ?? DEFAULT_COLLATION;
}

const COMPARISONS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=', '<=>']);
const ARITH = new Set(['+', '-', '*', '/', 'div', '%', 'mod']);

function compileBinary(op: string, leftExpr: Expr, rightExpr: Expr, escape: Expr | null, fields: readonly EngineField[], binds: ReadonlyMap<string, BindVariable>): Compiled {
  const left = compile(leftExpr, fields, binds);
  const right = compile(rightExpr, fields, binds);
  const l = left.evaluate;
  const r = right.evaluate;
  if (COMPARISONS.has(op)) {
    const collation = comparisonCollation(left, right);
    const test = comparisonTest(op);
    return {
      evaluate: (row, b) => {
        const x = l(row, b);
        const y = r(row, b);
        if (op === '<=>') return boolValue(compareValues(x, y, collation) === 0);
        if (x.type === 'NULL_TYPE' || y.type === 'NULL_TYPE') return NULL_VALUE;
        return boolValue(test(compareValues(x, y, collation)));
      },
      type: 'INT64', collation: DEFAULT_COLLATION,
    };
  }
  if (ARITH.has(op)) {
    return { evaluate: (row, b) => arithmetic(op as ArithOp, l(row, b), r(row, b)), type: arithmeticType(op, left.type, right.type), collation: DEFAULT_COLLATION };
  }
  switch (op) {
    case 'and':
      return logic((x, y) => (x === false || y === false ? false : x === null || y === null ? null : true), l, r);
    case 'or':
      return logic((x, y) => (x === true || y === true ? true : x === null || y === null ? null : false), l, r);
    case 'xor':
      return logic((x, y) => (x === null || y === null ? null : x !== y), l, r);
    case 'like':
    case 'not like': {
      const collation = comparisonCollation(left, right);
      const esc = escape === null ? null : compile(escape, fields, binds).evaluate;
      const negated = op === 'not like';
      return {
        evaluate: (row, b) => {
          const x = l(row, b);
          const p = r(row, b);
          if (x.type === 'NULL_TYPE' || p.type === 'NULL_TYPE') return NULL_VALUE;
          const matched = likeMatcher(p, esc ? esc(row, b) : null, collation)(x);
          return boolValue(negated ? !matched : matched);
        },
        type: 'INT64', collation: DEFAULT_COLLATION,
      };
    }
    default:
      throw expressionNotSupported(`the operator ${op}`);
  }
}

function logic(fn: (x: boolean | null, y: boolean | null) => boolean | null, l: Evaluate, r: Evaluate): Compiled {
  return { evaluate: (row, b) => boolValue(fn(truthOf(l(row, b)), truthOf(r(row, b)))), type: 'INT64', collation: DEFAULT_COLLATION };
}

function comparisonTest(op: string): (c: number) => boolean {
  switch (op) {
    case '=': return (c) => c === 0;
    case '!=': case '<>': return (c) => c !== 0;
    case '<': return (c) => c < 0;
    case '<=': return (c) => c <= 0;
    case '>': return (c) => c > 0;
    default: return (c) => c >= 0;
  }
}

function numericResult(t: SqlType): SqlType {
  const c = typeClass(t);
  if (c === 'int' || c === 'uint') return 'INT64';
  if (c === 'decimal') return 'DECIMAL';
  return 'FLOAT64';
}

/** MySQL's result type of an arithmetic operator. */
export function arithmeticType(op: string, a: SqlType, b: SqlType): SqlType {
  const ca = typeClass(a);
  const cb = typeClass(b);
  const exact = (c: string): boolean => c === 'int' || c === 'uint' || c === 'decimal' || c === 'null';
  if (!exact(ca) || !exact(cb)) return op === 'div' ? 'INT64' : 'FLOAT64';
  if (op === 'div') return 'INT64';
  if (op === '/' || ca === 'decimal' || cb === 'decimal') return 'DECIMAL';
  return ca === 'uint' || cb === 'uint' ? 'UINT64' : 'INT64';
}

/** The type of a result that may come from several branches (CASE, IF, COALESCE). */
const NO_BINDS: ReadonlyMap<string, BindVariable> = new Map();

function boundType(b: BindVariable | undefined): SqlType {
  return b === undefined || b.type === 'TUPLE' || b.type === 'NULL_TYPE' ? 'VARCHAR' : b.type;
}

export function unifiedType(types: readonly SqlType[]): SqlType {
  const known = types.filter((t) => t !== 'NULL_TYPE');
  if (known.length === 0) return 'NULL_TYPE';
  if (known.every((t) => t === known[0])) return known[0]!;
  const classes = new Set(known.map(typeClass));
  if ([...classes].every((c) => c === 'int' || c === 'uint')) return 'INT64';
  if ([...classes].every((c) => c === 'int' || c === 'uint' || c === 'decimal')) return 'DECIMAL';
  if ([...classes].every((c) => c === 'int' || c === 'uint' || c === 'decimal' || c === 'float')) return 'FLOAT64';
  if (classes.has('binary')) return 'VARBINARY';
  return 'VARCHAR';
}

/** Functions whose value is one of their arguments (converted to the unified type). */
const CHOOSES_AN_ARGUMENT = new Set(['coalesce', 'ifnull', 'if', 'greatest', 'least']);

/** The decimal scale an argument contributes: its column's, a DECIMAL literal's digits, else 0. */
function argumentScale(e: Expr, c: Compiled, fields: readonly EngineField[]): number {
  if (c.column !== undefined) return typeClass(c.type) === 'decimal' ? (fields[c.column]?.decimals ?? 0) : 0;
  if (e.kind === 'literal' && e.type === 'decimal') return e.value.split('.')[1]?.length ?? 0;
  return 0;
}

function asDecimal(v: SqlValue, scale: number): SqlValue {
  if (v.type === 'NULL_TYPE') return v;
  const d = parseDecimal(valueText(v));
  if (!d) return v;
  return textValue('DECIMAL', formatDecimal({ units: rescale(d, scale), scale }));
}
