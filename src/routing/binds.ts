/**
 * Bind values: the caller's JS values become SqlValues (a TUPLE for a list), and a plan's Values
 * are evaluated against them. Literals in a plan keep the exact text the SQL gave.
 */
import type { PlanValue } from '../planner/values.js';
import type { BindVariable } from '../vindexes/types.js';
import { literalSqlValue } from '../planner/literal-value.js';
import { sqlValue, type JsValue, type SqlValue } from '../vindexes/value.js';
import { notSupported, RoutingError } from './errors.js';

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

export function isTuple(b: BindVariable): b is { readonly type: 'TUPLE'; readonly values: readonly SqlValue[] } {
  return b.type === 'TUPLE';
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
      throw new RoutingError('ROUTING_BIND_INVALID', 'a list where one value is expected');
    case 'tupleColumn':
    case 'expr':
      throw notSupported(`routing values of kind ${v.kind}`, 'Route');
  }
}

export function evalList(v: PlanValue, binds: Binds): SqlValue[] {
  switch (v.kind) {
    case 'tuple':
      // A list bound to one placeholder (mysql2's `in (?)` with an array) contributes its items.
      return v.items.flatMap((item) => {
        if (item.kind === 'bind') {
          const b = bindOf(binds, item.name);
          if (isTuple(b)) return [...b.values];
        }
        return [evalSingle(item, binds)];
      });
    case 'listBind': {
      const b = bindOf(binds, v.name);
      if (!isTuple(b)) throw new RoutingError('ROUTING_BIND_INVALID', `bind variable ${v.name} must be a list (an array)`, { details: { name: v.name } });
      return [...b.values];
    }
    case 'literal':
    case 'bind':
      throw new RoutingError('ROUTING_BIND_INVALID', 'one value where a list is expected');
    case 'tupleColumn':
    case 'expr':
      throw notSupported(`routing values of kind ${v.kind}`, 'Route');
  }
}
