/**
 * The route that reads a lookup vindex's table in front of a VindexLookup: Vitess plans the
 * vindex's own query (`select from, to from table where from in ::from`) like any SELECT, so a
 * lookup table in a sharded keyspace is read IN through its own vindex on the `from` column
 * (values `::from`), and one in an unsharded keyspace is read Unsharded.
 */
import type { Expr, Select } from '../../sql/ast.js';
import { selectOf } from '../../sql/build.js';
import { printSql } from '../../sql/print.js';
import type { Vindex } from '../../vindexes/types.js';
import type { Keyspace, Table } from '../../vschema/model.js';
import { findTable, syntheticTable } from '../../vschema/resolve.js';
import { parseTableName } from '../../vschema/table-name.js';
import type { PlanContext } from '../context.js';
import type { Route } from '../plan.js';
import { listBindValue } from '../values.js';
import { makeRoute } from './make-route.js';

export function lookupRoute(ctx: PlanContext, vindex: Vindex, owner: Keyspace): Route {
  const from = (vindex.params['from'] ?? '').split(',')[0]!.trim();
  const to = vindex.params['to'] ?? 'keyspace_id';
  const { keyspace, table } = lookupTable(ctx, vindex, owner);
  const keyspaceRef = { name: keyspace.name, sharded: keyspace.sharded };
  const col = (name: string): Expr => ({ kind: 'column', table: null, name });
  const cv = keyspace.sharded
    ? table.ordered.find((c) => !c.vindex.backfilling && c.columns.length === 1 && c.columns[0]!.toLowerCase() === from.toLowerCase())
    : undefined;
  const select: Select = selectOf({
    columns: [
      { kind: 'aliased', expr: col(from), as: null },
      { kind: 'aliased', expr: col(to), as: null },
    ],
    from: [{ kind: 'table', name: { qualifier: null, name: table.name }, as: null, hints: [] }],
    where: { kind: 'in', expr: col(from), not: false, list: { kind: 'bind', name: cv ? '__vals' : from, list: true } },
  });
  const query = printSql(select);
  if (!keyspace.sharded) return makeRoute({ variant: 'Unsharded', keyspace: keyspaceRef, vindex: null, values: [], targetDestination: null }, query);
  if (!cv) return makeRoute({ variant: 'Scatter', keyspace: keyspaceRef, vindex: null, values: [], targetDestination: null }, query);
  return makeRoute({ variant: 'IN', keyspace: keyspaceRef, vindex: cv.name, values: [listBindValue(from)], targetDestination: null }, query);
}

/** The lookup table: `ks.t` names its keyspace; a bare name is found as a table name is without a session keyspace. */
function lookupTable(ctx: PlanContext, vindex: Vindex, owner: Keyspace): { keyspace: Keyspace; table: Table } {
  const parsed = parseTableName(vindex.params['table'] ?? '');
  const name = 'error' in parsed ? (vindex.params['table'] ?? '') : parsed.name;
  const qualifier = 'error' in parsed ? null : parsed.qualifier;
  for (const ks of qualifier ? [qualifier] : ['', owner.name]) {
    try {
      const table = findTable(ctx.vschema, ks, name);
      const keyspace = ctx.vschema.keyspaces.get(table.keyspace);
      if (keyspace) return { keyspace, table };
    } catch {
      // try the next candidate
    }
  }
  const keyspace = (qualifier ? ctx.vschema.keyspaces.get(qualifier) : undefined) ?? owner;
  return { keyspace, table: keyspace.tables.get(name) ?? syntheticTable(keyspace, name) };
}

