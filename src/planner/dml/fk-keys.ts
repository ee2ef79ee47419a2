/**
 * Which foreign keys a DML in a `managed` keyspace must handle at the router, by Vitess's rules
 * (semantics: getInvolvedForeignKeys, filterForeignKeysUsingUpdateExpressions,
 * RemoveNonRequiredForeignKeys, RemoveParentForeignKey):
 *
 * - foreign_key_checks off (session, or a SET_VAR hint on the statement): none;
 * - DELETE: the keys that reference the table (child keys); UPDATE: the child keys whose
 *   referenced columns the SET changes, and the parent keys whose columns it sets to a non-null
 *   value (a key with a column set to NULL needs no parent row);
 * - a key MySQL can enforce inside one shard is left to it (shard-scoped parent keys, shard-scoped
 *   RESTRICT / NO ACTION child keys), unless every key must be verified here because the
 *   statement runs with foreign_key_checks off (`verifyAll`);
 * - a cascaded child update does not verify the key it cascades along (`ignore`).
 */
import type { Comments, UpdateExpr } from '../../sql/ast.js';
import type { Keyspace, QualifiedName, Table, VSchema } from '../../vschema/model.js';
import type { ForeignKey, ForeignKeyAction, PlanContext } from '../context.js';

/** What planning one DML of a foreign key tree shares with the statements it triggers. */
export interface FkScope {
  /** Reserves the bind variable names the tree introduces (`fkc_vals`, `fkc_vals1`, `fkc_upd`, ...). */
  readonly reserve: (base: string) => string;
  /** The statement runs with foreign_key_checks off: every key must be verified by the router. */
  readonly verifyAll: boolean;
  /** The key a cascaded update came along: its parent side is the statement that triggered it. */
  readonly ignore: ForeignKey | null;
  /** foreign_key_checks of the top statement (its hint, else the session's); null when unset. */
  readonly checks: boolean | null;
  /** Comments every query of this DML carries (Vitess LockAndComment over a DMLWithInput). */
  readonly forcedComments: Comments | null;
}

export function topScope(ctx: PlanContext, comments: Comments): FkScope {
  const used = new Set<string>();
  return {
    reserve: (base) => {
      let name = base;
      for (let i = 1; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      return name;
    },
    verifyAll: false,
    ignore: null,
    checks: fkChecksState(ctx, comments),
    forcedComments: null,
  };
}

/** The session's foreign_key_checks, overridden by a `/*+ SET_VAR(foreign_key_checks=...) *\/` hint; null when unset. */
export function fkChecksState(ctx: PlanContext, comments: Comments): boolean | null {
  for (const c of comments.raw) {
    const m = /SET_VAR\s*\(\s*foreign_key_checks\s*=\s*([a-z0-9]+)\s*\)/i.exec(c);
    if (m) return !['off', '0', 'false'].includes(m[1]!.toLowerCase());
  }
  return ctx.settings.foreignKeyChecks;
}

export interface TableFks {
  /** Keys of other tables that reference this one (this table is their parent). */
  readonly child: readonly ForeignKey[];
  /** Keys of this table that reference others. */
  readonly parent: readonly ForeignKey[];
}

const NONE: TableFks = { child: [], parent: [] };

/** Every key the router manages for `table`: none unless its keyspace is `managed` and checks are on. */
export function managedKeys(ctx: PlanContext, keyspace: Keyspace, table: Table, checks: boolean | null): TableFks {
  if (keyspace.foreignKeyMode !== 'managed' || checks === false) return NONE;
  const fks = ctx.settings.foreignKeys ?? [];
  const is = (q: QualifiedName): boolean => q.keyspace === keyspace.name && q.table.toLowerCase() === table.name.toLowerCase();
  const managed = (q: QualifiedName): boolean => ctx.vschema.keyspaces.get(q.keyspace)?.foreignKeyMode === 'managed';
  return {
    child: fks.filter((fk) => is(fk.references) && managed(fk.table)),
    parent: fks.filter((fk) => is(fk.table) && managed(fk.references)),
  };
}

export function hasColumn(columns: readonly string[], name: string): boolean {
  return columnIndex(columns, name) >= 0;
}

export function columnIndex(columns: readonly string[], name: string): number {
  const n = name.toLowerCase();
  return columns.findIndex((c) => c.toLowerCase() === n);
}

export function isNullLiteral(e: UpdateExpr['expr']): boolean {
  return e.kind === 'literal' && e.type === 'null';
}

/** The keys an UPDATE's SET list touches, and per child key the assignments that change it. */
export interface UpdateFks extends TableFks {
  readonly assignments: ReadonlyMap<ForeignKey, readonly UpdateExpr[]>;
}

export function filterByAssignments(keys: TableFks, set: readonly UpdateExpr[]): UpdateFks {
  const assignments = new Map<ForeignKey, UpdateExpr[]>();
  for (const ue of set) {
    for (const fk of keys.child) {
      if (!hasColumn(fk.referencedColumns, ue.column.name)) continue;
      const list = assignments.get(fk) ?? [];
      list.push(ue);
      assignments.set(fk, list);
    }
  }
  const child = keys.child.filter((fk) => assignments.has(fk));
  const setsNull = (fk: ForeignKey): boolean => set.some((ue) => isNullLiteral(ue.expr) && hasColumn(fk.columns, ue.column.name));
  const parent = keys.parent.filter((fk) => set.some((ue) => !isNullLiteral(ue.expr) && hasColumn(fk.columns, ue.column.name)) && !setsNull(fk));
  return { child, parent, assignments };
}

/** RESTRICT, NO ACTION and no clause all mean: refuse while a child row exists. */
export function restricts(action: ForeignKeyAction | null): boolean {
  return action === null || action === 'RESTRICT' || action === 'NO ACTION';
}

/** Drops the keys MySQL enforces by itself inside each shard (unless every key must be verified) and the ignored one. */
export function removeNonRequired<T extends TableFks>(vschema: VSchema, keys: T, opts: { verifyAll: boolean; ignore: ForeignKey | null; action: 'update' | 'delete' }): T {
  const parent = keys.parent.filter((fk) => fk !== opts.ignore && (opts.verifyAll || !shardScoped(vschema, fk)));
  const child = keys.child.filter((fk) => opts.verifyAll || !restricts(opts.action === 'update' ? fk.onUpdate : fk.onDelete) || !shardScoped(vschema, fk));
  return { ...keys, parent, child };
}

/**
 * A key MySQL can enforce inside each shard (Vitess isShardScoped): same keyspace, and either it
 * is unsharded or both tables' primary vindex is the same vindex and its columns sit at the same
 * positions of the key on both sides.
 */
export function shardScoped(vschema: VSchema, fk: ForeignKey): boolean {
  if (fk.table.keyspace !== fk.references.keyspace) return false;
  const ks = vschema.keyspaces.get(fk.references.keyspace);
  if (!ks) return false;
  if (!ks.sharded) return true;
  const child = findTable(ks, fk.table.table)?.columnVindexes[0];
  const parent = findTable(ks, fk.references.table)?.columnVindexes[0];
  if (!child || !parent || child.name !== parent.name) return false;
  const positions = (keyCols: readonly string[], vindexCols: readonly string[]): number[] | null => {
    const out = vindexCols.map((c) => columnIndex(keyCols, c));
    return out.every((i) => i >= 0) ? out : null;
  };
  const c = positions(fk.columns, child.columns);
  const p = positions(fk.referencedColumns, parent.columns);
  return c !== null && p !== null && c.length === p.length && c.every((x, i) => x === p[i]);
}

export function findTable(ks: Keyspace, name: string): Table | undefined {
  const exact = ks.tables.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [n, t] of ks.tables) if (n.toLowerCase() === lower) return t;
  return undefined;
}
