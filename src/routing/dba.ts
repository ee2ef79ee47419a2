/**
 * Routing a DBA route (information_schema and the other system schemas), as Vitess's
 * routeInfoSchemaQuery does. System tables exist on every shard, so one shard answers:
 *   - the schema the query compares with (`table_schema = :__vtschemaname`; every such value
 *     must be the same) names a keyspace: any shard of that keyspace (the first), and the name
 *     is sent as the shard's own database (`database()`, what vttablet substitutes), since the
 *     shard databases are not named after their keyspace;
 *   - a table name compared with (`table_name = :table_name`) that a routing rule sends to
 *     another keyspace: a shard of that keyspace, the name sent as the rule's target table;
 *   - anything else (no schema, a system schema, a name that is no keyspace): a shard of the
 *     route's own keyspace, the values sent as they are.
 * Rows are returned as the shard gives them (its database name, as Vitess returns vttablet's).
 */
import type { Route } from '../planner/plan.js';
import { SCHEMA_NAME_BIND } from '../planner/routing/dba.js';
import type { BindVariable } from '../vindexes/types.js';
import { textValue, valueText } from '../vindexes/value.js';
import { evalSingle, type Binds } from './binds.js';
import { RoutingError } from './errors.js';
import type { RoutingEnv, ShardQuery } from './route.js';
import { closingQuote } from '../sql/quotes.js';

const SYSTEM_SCHEMAS = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

export function routeDba(route: Route, binds: Binds, env: RoutingEnv): ShardQuery[] {
  const bindVars: Record<string, BindVariable> = {};
  binds.forEach((v, k) => {
    bindVars[k] = v;
  });
  const schemas = route.dba?.schemas ?? [];
  const tableNames = route.dba?.tableNames ?? [];
  let schema: string | null = null;
  for (const v of schemas) {
    const name = valueText(evalSingle(v, binds));
    if (schema === null) schema = name;
    else if (schema !== name) throw new RoutingError('DBA_SCHEMA_CONFLICT', 'specifying two different database in the query is not supported');
  }
  if (schema !== null) bindVars[SCHEMA_NAME_BIND] = textValue('VARCHAR', schema);
  const names = new Map<string, string>();
  for (const [bind, v] of tableNames) {
    const name = valueText(evalSingle(v, binds));
    names.set(bind, name);
    bindVars[bind] = textValue('VARCHAR', name);
  }
  const anyShard = (keyspace: string, sql: string): ShardQuery[] => {
    const shard = env.topology.shardMap(keyspace).shardNames[0];
    return shard === undefined ? [] : [Object.freeze({ keyspace, shard, sql, bindVars: Object.freeze(bindVars) })];
  };
  const own = (): ShardQuery[] => anyShard(route.keyspace.name, route.query);
  if (schema !== null && SYSTEM_SCHEMAS.has(schema.toLowerCase())) return own();
  // A table a routing rule sends elsewhere is asked where it lives, under its physical name.
  for (const [bind, table] of names) {
    const rule = env.vschema.routingRules.get(schema ? `${schema}.${table}` : table) ?? env.vschema.routingRules.get(table);
    if (!rule?.target) continue;
    bindVars[bind] = textValue('VARCHAR', rule.target.table);
    return anyShard(rule.target.keyspace, ownDatabase(route.query));
  }
  if (!schema || !env.vschema.keyspaces.has(schema)) return own();
  return anyShard(schema, ownDatabase(route.query));
}

/** The query with every `:__vtschemaname` placeholder (outside quotes and comments) read as the shard's own database. */
export function ownDatabase(sql: string): string {
  const placeholder = `:${SCHEMA_NAME_BIND}`;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? sql.length : close + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (sql.startsWith(placeholder, i) && !/[A-Za-z0-9_]/.test(sql[i + placeholder.length] ?? '')) {
      out += 'database()';
      i += placeholder.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

