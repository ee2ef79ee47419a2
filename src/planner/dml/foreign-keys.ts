/**
 * Foreign key checks that need no router-side plan: INSERT (a child row whose key crosses shards
 * is VT12002; shard-scoped keys are MySQL's), and any DML in a `managed` keyspace when the
 * schema's foreign keys are unknown (settings.foreignKeys null), which is rejected rather than
 * planned without the cascades Vitess would add. UPDATE and DELETE with known keys are planned
 * by fk-keys / fk-cascade / fk-verify; REPLACE with cascading children by fk-replace.
 */
import type { Comments } from '../../sql/ast.js';
import type { Keyspace, QualifiedName, Table, VSchema } from '../../vschema/model.js';
import type { ForeignKey, ForeignKeyAction, PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';

export type ForeignKeyDml =
  | { readonly kind: 'insert'; readonly replace: boolean; readonly updates: readonly string[] }
  | { readonly kind: 'update'; readonly columns: readonly string[] }
  | { readonly kind: 'delete' };

export function checkForeignKeys(ctx: PlanContext, keyspace: Keyspace, table: Table, dml: ForeignKeyDml, comments: Comments): void {
  if (keyspace.foreignKeyMode !== 'managed' || !checksOn(ctx, comments)) return;
  const fks = ctx.settings.foreignKeys;
  if (fks === null) {
    throw unsupported(
      `DML in keyspace ${keyspace.name} with foreign_key_mode 'managed' needs the schema's foreign keys (planner setting foreignKeys); or use 'unmanaged' to let MySQL enforce them in each shard`,
    );
  }
  const is = (q: QualifiedName): boolean => q.keyspace === keyspace.name && q.table === table.name;
  const asChild = fks.filter((fk) => is(fk.table));
  const asParent = fks.filter((fk) => is(fk.references));
  const managed = (): never => {
    throw unsupported(`foreign key cascades and checks managed by the router (table ${keyspace.name}.${table.name})`);
  };
  const touching = (columns: readonly string[], side: (fk: ForeignKey) => readonly string[]) => {
    const set = new Set(columns.map((c) => c.toLowerCase()));
    return (fk: ForeignKey): boolean => side(fk).some((c) => set.has(c.toLowerCase()));
  };
  /** Parent-side changes MySQL can handle: a shard-scoped key that only restricts. */
  const parentOk = (fk: ForeignKey, action: ForeignKeyAction | null): boolean => restricts(action) && shardScoped(ctx.vschema, fk);
  const childOk = (fk: ForeignKey): boolean => shardScoped(ctx.vschema, fk);

  switch (dml.kind) {
    case 'insert':
      if (!asChild.every(childOk)) throw vtError('VT12002', 'unsupported: cross-shard foreign keys');
      if (dml.replace && !asParent.every((fk) => parentOk(fk, fk.onDelete))) managed();
      if (!asParent.filter(touching(dml.updates, (fk) => fk.referencedColumns)).every((fk) => parentOk(fk, fk.onUpdate))) managed();
      if (!asChild.filter(touching(dml.updates, (fk) => fk.columns)).every(childOk)) managed();
      return;
    case 'update':
      if (!asChild.filter(touching(dml.columns, (fk) => fk.columns)).every(childOk)) managed();
      if (!asParent.filter(touching(dml.columns, (fk) => fk.referencedColumns)).every((fk) => parentOk(fk, fk.onUpdate))) managed();
      return;
    case 'delete':
      if (!asParent.every((fk) => parentOk(fk, fk.onDelete))) managed();
      return;
  }
}

function restricts(action: ForeignKeyAction | null): boolean {
  return action === null || action === 'RESTRICT' || action === 'NO ACTION';
}

/** The session's foreign_key_checks, overridden by a `/*+ SET_VAR(foreign_key_checks=...) *\/` hint. */
function checksOn(ctx: PlanContext, comments: Comments): boolean {
  for (const c of comments.raw) {
    const m = /SET_VAR\s*\(\s*foreign_key_checks\s*=\s*([a-z0-9]+)\s*\)/i.exec(c);
    if (m) return !['off', '0', 'false'].includes(m[1]!.toLowerCase());
  }
  return ctx.settings.foreignKeyChecks !== false;
}

/**
 * A key MySQL can enforce inside each shard: parent and child in the same keyspace, and either it
 * is unsharded or the key maps the child's primary vindex columns onto the parent's, same vindex.
 */
function shardScoped(vschema: VSchema, fk: ForeignKey): boolean {
  if (fk.table.keyspace !== fk.references.keyspace) return false;
  const ks = vschema.keyspaces.get(fk.table.keyspace);
  if (!ks) return false;
  if (!ks.sharded) return true;
  const child = ks.tables.get(fk.table.table)?.columnVindexes[0];
  const parent = ks.tables.get(fk.references.table)?.columnVindexes[0];
  if (!child || !parent || child.vindex.type !== parent.vindex.type || child.columns.length !== parent.columns.length) return false;
  const position = (cols: readonly string[], name: string): number => cols.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  return child.columns.every((col, i) => {
    const at = position(fk.columns, col);
    return at >= 0 && (fk.referencedColumns[at] ?? '').toLowerCase() === parent.columns[i]!.toLowerCase();
  });
}
