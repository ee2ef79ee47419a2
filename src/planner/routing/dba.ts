/**
 * DBA routing (Vitess's InfoSchemaRouting): system tables exist on every shard, but the schema
 * (`table_schema = 'ks'`) and table names (`table_name = 't'`) a query asks about tell vtgate
 * which keyspace's shard to ask. Two DBA routes merge when neither constrains the schema
 * differently.
 *
 * As in Vitess, the compared values are sent as bind variables: `table_schema = :__vtschemaname`
 * (a keyspace's name becomes the shard's own database name when the query runs, since shard
 * databases are not named after their keyspace) and `table_name = :table_name`. A comparison
 * with `database()` / `schema()` is left as it is: the shard answers it with its own database.
 */
import type { ColumnRef, Expr } from '../../sql/ast.js';
import type { Keyspace } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { routableValue } from '../expr/constant.js';
import { printValue, type PlanValue } from '../values.js';

export interface DbaRouting {
  readonly kind: 'dba';
  readonly keyspace: Keyspace;
  readonly schemas: readonly PlanValue[];
  /** Bind variable → table name value, sorted by name. */
  readonly tableNames: readonly (readonly [string, PlanValue])[];
}

/** The bind variable a DBA route's schema name is sent in (Vitess's BvSchemaName). */
export const SCHEMA_NAME_BIND = '__vtschemaname';

const SCHEMA_COLUMNS = new Set(['table_schema', 'constraint_schema', 'schema_name', 'routine_schema']);
const TABLE_COLUMNS = new Set(['table_name', 'referenced_table_name']);

export function dbaRouting(ctx: PlanContext, keyspace: Keyspace, systemIds: ReadonlySet<number>, predicates: readonly Expr[]): DbaRouting {
  const schemas: PlanValue[] = [];
  const names = new Map<string, PlanValue>();
  for (const p of predicates) {
    if (p.kind !== 'binary' || p.op !== '=') continue;
    const [col, other] = p.left.kind === 'column' ? [p.left, p.right] : p.right.kind === 'column' ? [p.right, p.left] : [null, null];
    if (!col || !other || !onSystemTable(ctx, col, systemIds)) continue;
    // A join predicate pushed from the left side does not route: Vitess sees it as column = column.
    const joined = other.kind === 'bind' && ctx.isJoinVar(other.name);
    const value = other.kind === 'literal' || (other.kind === 'bind' && !joined) ? routableValue(other) : null;
    if (!value) continue;
    const name = col.name.toLowerCase();
    if (SCHEMA_COLUMNS.has(name)) {
      schemas.push(value);
      ctx.replaced.set(other, { kind: 'bind', name: SCHEMA_NAME_BIND, list: false });
    } else if (TABLE_COLUMNS.has(name)) {
      const bind = ctx.sysTableVar(p, col);
      names.set(bind, value);
      ctx.replaced.set(other, { kind: 'bind', name: bind, list: false });
    }
  }
  return { kind: 'dba', keyspace, schemas, tableNames: [...names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

function onSystemTable(ctx: PlanContext, col: ColumnRef, systemIds: ReadonlySet<number>): boolean {
  const b = ctx.bindingOf(col);
  return b?.kind === 'leaf' ? systemIds.has(b.leaf.id) : b?.kind === 'uncertain' ? b.leaves.some((l) => systemIds.has(l.id)) : false;
}

export function schemaText(r: DbaRouting): string | null {
  return r.schemas.length > 0 ? `[${r.schemas.map(printValue).join(', ')}]` : null;
}

export function tableNameText(r: DbaRouting): string | null {
  return r.tableNames.length > 0 ? `[${r.tableNames.map(([k, v]) => `${k}:${printValue(v)}`).join(', ')}]` : null;
}

/** Vitess's tryMergeInfoSchemaRoutings: routes merge unless their schema or table names contradict. */
export function dbaCompatible(a: DbaRouting, b: DbaRouting): boolean {
  const emptyA = a.schemas.length === 0 && a.tableNames.length === 0;
  const emptyB = b.schemas.length === 0 && b.tableNames.length === 0;
  if (emptyA || emptyB) return true;
  const text = (vs: readonly PlanValue[]): string => vs.map(printValue).join('\n');
  if (a.schemas.length === 0 && b.schemas.length === 0) {
    return b.tableNames.every(([k, v]) => {
      const other = a.tableNames.find(([ka]) => ka === k);
      return !other || printValue(other[1]) === printValue(v);
    });
  }
  return text(a.schemas) === text(b.schemas);
}
