/**
 * Bind values: the caller's JS values become SqlValues (a TUPLE for a list), and a plan's Values
 * are evaluated against them. Literals in a plan keep the exact text the SQL gave.
 */
import type { PlanValue } from '../planner/values.js';
import type { Expr } from '../sql/ast.js';
import type { BindVariable } from '../vindexes/types.js';
import { literalSqlValue } from '../planner/literal-value.js';
import { sqlValue, type JsValue, type SqlValue } from '../vindexes/value.js';
import { compile } from '../engine/eval/compile.js';
import { EngineError } from '../engine/errors.js';
import { RoutingError } from './errors.js';

export { literalSqlValue };

/** Caller bind values: a scalar for `:name`, an array for `::name`. */
export type RoutingBindVars = Readonly<Record<string, JsValue | readonly JsValue[]>>;

export type Binds = ReadonlyMap<string, BindVariable>;

export function convertBindVars(bindVars: RoutingBindVars): Binds {
  const out = new Map<string, BindVariable>();
  for (const [name, v] of Object.entries(bindVars)) {
    try {
      out.set(name, Array.isArray(v) ? { type: 'TUPLE', values: v.map((x: JsValue) => sqlValue(x)) } : sqlValue(v as JsValue));
    } catch (err) {
      throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${name}: ${(err as Error).message}`, { details: { name }, cause: err });
    }
  }
  return out;
}

export type ListBind = Extract<BindVariable, { readonly type: 'TUPLE' }>;

export function isTuple(b: BindVariable): b is ListBind {
  return b.type === 'TUPLE';
}

/** The values of a list bind variable; a list of row tuples is not a list of values. */
function listValues(name: string, b: ListBind): SqlValue[] {
  return b.values.map((item) => {
    if (item.type === 'ROW_TUPLE') {
      throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${name} holds row tuples where values are expected`, { details: { name } });
    }
    return item as SqlValue;
  });
}

/**
 * Column `index` of each row of `::list` (Vitess TupleBindVariable): how `(a, b) in ::dml_vals`
 * routes by the vindex column `b`. Every item must be a row with that column.
 */
function tupleColumn(name: string, index: number, binds: Binds): SqlValue[] {
  const b = bindOf(binds, name);
  if (!isTuple(b)) throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${name} must be a list of row tuples`, { details: { name } });
  return b.values.map((row) => {
    const value = row.type === 'ROW_TUPLE' ? row.values[index] : undefined;
    if (value === undefined) {
      throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${name}: every item must be a row tuple with a column ${index}`, { details: { name, index } });
    }
    return value;
  });
}

export function bindOf(binds: Binds, name: string): BindVariable {
  const b = binds.get(name);
  if (b === undefined) throw new RoutingError('ROUTING_BIND_MISSING', `missing bind variable ${name}`, { details: { name } });
  return b;
}

export function evalSingle(v: PlanValue, binds: Binds): SqlValue {
  switch (v.kind) {
    case 'literal':
      return literalSqlValue(v.literal);
    case 'bind': {
      const b = bindOf(binds, v.name);
      if (isTuple(b)) throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${v.name} is a list where one value is expected`, { details: { name: v.name } });
      return b;
    }
    case 'listBind':
    case 'tuple':
    case 'tupleColumn':
      throw new RoutingError('ROUTING_BIND_INVALID', 'a list where one value is expected');
    case 'expr':
      return evalExpr(v.expr, binds);
  }
}

/**
 * A value vtgate computes per execution, e.g. `:id3 + 1` from a join's left row (Vitess evaluates
 * it with its evalengine): MySQL arithmetic over the bound values, by the same evaluator the
 * engine's Projections use. A NULL result routes nowhere, as a NULL literal does.
 */
function evalExpr(e: Expr, binds: Binds): SqlValue {
  try {
    return compile(e, [], binds).evaluate([], binds);
  } catch (err) {
    if (err instanceof EngineError && err.code === 'BIND_MISSING') {
      throw new RoutingError('ROUTING_BIND_MISSING', err.message, { details: err.details, cause: err });
    }
    throw err;
  }
}

export function evalList(v: PlanValue, binds: Binds): SqlValue[] {
  switch (v.kind) {
    case 'tuple':
      // A list bound to one placeholder (mysql2's `in (?)` with an array) contributes its items.
      return v.items.flatMap((item) => {
        if (item.kind === 'bind') {
          const b = bindOf(binds, item.name);
          if (isTuple(b)) return listValues(item.name, b);
        }
        return [evalSingle(item, binds)];
      });
    case 'listBind': {
      const b = bindOf(binds, v.name);
      if (!isTuple(b)) throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${v.name} must be a list (an array)`, { details: { name: v.name } });
      return listValues(v.name, b);
    }
    case 'tupleColumn':
      return tupleColumn(v.list, v.index, binds);
    case 'literal':
    case 'bind':
    case 'expr':
      throw new RoutingError('ROUTING_BIND_INVALID', 'one value where a list is expected');
  }
}
