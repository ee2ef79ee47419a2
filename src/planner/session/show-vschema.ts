/**
 * SHOW VSCHEMA TABLES / KEYSPACES / VINDEXES: vtgate answers from the VSchema it was given, so the
 * rows are fixed when the plan is built (a plan is cached per VSchema version).
 */
import type { TableName } from '../../sql/ast.js';
import type { Keyspace, VSchema } from '../../vschema/model.js';
import type { VindexSpec } from '../../vschema/spec-types.js';
import type { PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import type { Rows } from '../plan.js';
import { rows, targetDestination } from './build.js';

/** The session keyspace's tables, `dual` included (Vitess adds it to every keyspace), sorted. */
export function vschemaTablesRows(ks: Keyspace): Rows {
  const names = [...new Set([...ks.tables.keys(), 'dual'])].sort();
  return rows(['Tables'], names.map((n) => [n]));
}

export function vschemaKeyspacesRows(vschema: VSchema): Rows {
  const names = [...vschema.keyspaces.keys()].sort();
  return rows(
    ['Keyspace', 'Sharded', 'Foreign Key', 'Comment'],
    names.map((n) => {
      const ks = vschema.keyspaces.get(n)!;
      return [n, String(ks.sharded), ks.foreignKeyMode, ''];
    }),
  );
}

/** Every vindex of every keyspace, or (`on [ks.]t`) the column vindexes of one table. */
export function vschemaVindexesRows(ctx: PlanContext, table: TableName | null): Rows {
  const spec = ctx.vschema.spec.keyspaces ?? {};
  if (table !== null) {
    const { keyspace } = targetDestination(ctx, table.qualifier ?? '');
    const ksSpec = spec[keyspace.name] ?? {};
    if (!keyspace.sharded) return rows(['Columns', 'Name', 'Type', 'Params', 'Owner']);
    const tableSpec = ksSpec.tables?.[table.name];
    if (!tableSpec) throw vtError('VT05005', `table '${table.name}' does not exist in keyspace '${keyspace.name}'`);
    return rows(
      ['Columns', 'Name', 'Type', 'Params', 'Owner'],
      (tableSpec.column_vindexes ?? []).map((cv) => {
        const columns = cv.columns && cv.columns.length > 0 ? cv.columns : [cv.column ?? ''];
        const vindex = ksSpec.vindexes?.[cv.name ?? ''];
        return vindex ? [columns.join(', '), cv.name ?? '', vindex.type ?? '', params(vindex), vindex.owner ?? ''] : [columns.join(', '), cv.name ?? '', '', '', ''];
      }),
    );
  }
  const out: string[][] = [];
  for (const ksName of Object.keys(spec).sort()) {
    const vindexes = spec[ksName]?.vindexes ?? {};
    for (const name of Object.keys(vindexes).sort()) {
      const v = vindexes[name]!;
      out.push([ksName, name, v.type ?? '', params(v), v.owner ?? '']);
    }
  }
  return rows(['Keyspace', 'Name', 'Type', 'Params', 'Owner'], out);
}

/** `"k"="v"` pairs, sorted, joined with `; ` (Go's %q quoting). */
function params(v: VindexSpec): string {
  return Object.entries(v.params ?? {})
    .map(([k, val]) => `${JSON.stringify(k)}=${JSON.stringify(val)}`)
    .sort()
    .join('; ');
}
