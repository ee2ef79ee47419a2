/**
 * What planning one statement shares: the VSchema, the session target, the column bindings of
 * the whole statement (subqueries and derived tables included) and the counters Vitess uses to
 * name the bind variables it introduces (`__sq1`, ...).
 */
import type { ColumnRef, Expr, SelectStatement, TableExpr } from '../sql/ast.js';
import type { QualifiedName, VSchema } from '../vschema/model.js';
import type { Target } from '../vschema/target.js';
import type { TrackedTable } from '../vschema/tracked-columns.js';
import type { Leaf } from './semantics/leaves.js';
import type { Binding } from './semantics/scope.js';

export interface PlannerSettings {
  /** Whether `SET` of system variables is planned (Vitess's sysvar_set_enabled). */
  readonly sysvarSetEnabled: boolean;
  /** `foreign_key_checks` of the session: null when unset. */
  readonly foreignKeyChecks: boolean | null;
  /** User-defined aggregate functions MySQL knows (lower case): they must run where the rows are. */
  readonly aggregateUdfs: readonly string[];
  /**
   * The foreign keys of the schema, which Vitess learns by schema tracking. null = unknown: DML
   * in a `foreign_key_mode: managed` keyspace is then rejected, since its cascades cannot be planned.
   */
  readonly foreignKeys: readonly ForeignKey[] | null;
  /**
   * Primary keys (schema tracking in Vitess): a DML that must first select the rows it changes
   * (DMLWithInput) selects their primary key. A table not listed has none known.
   */
  readonly primaryKeys: readonly TableKey[];
  /** Unique keys: the locks of foreign key selections on such tables add NOWAIT, as in Vitess. */
  readonly uniqueKeys: readonly TableKey[];
  /**
   * Table columns with their types and collations (schema tracking in Vitess): the Planner merges
   * them into its VSchema, each such table then listing its columns authoritatively.
   */
  readonly trackedColumns: readonly TrackedTable[];
}

export interface TableKey {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
}

/** A foreign key: `table(columns)` references `references(referencedColumns)`, both keyspace-qualified. */
export interface ForeignKey {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly references: QualifiedName;
  readonly referencedColumns: readonly string[];
  /** The referential actions; null = no clause (MySQL's default, RESTRICT). */
  readonly onUpdate: ForeignKeyAction | null;
  readonly onDelete: ForeignKeyAction | null;
}

export type ForeignKeyAction = 'RESTRICT' | 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export const DEFAULT_SETTINGS: PlannerSettings = Object.freeze({
  sysvarSetEnabled: true,
  foreignKeyChecks: null,
  aggregateUdfs: Object.freeze([]),
  foreignKeys: null,
  primaryKeys: Object.freeze([]),
  uniqueKeys: Object.freeze([]),
  trackedColumns: Object.freeze([]),
});

export class PlanContext {
  readonly bindings = new Map<ColumnRef, Binding>();
  /** Derived leaf id → the statement it reads (CTE bodies are copied per reference). */
  readonly derived = new Map<number, SelectStatement>();
  readonly leaves = new Map<number, Leaf>();
  /** Leaf id → the FROM item that introduced it (join legs print their own FROM clause). */
  readonly fromNodes = new Map<number, TableExpr>();
  private readonly bindNames = new Map<string, string>();
  private readonly usedBindNames = new Set<string>();
  private readonly sysNames = new Map<Expr, string>();
  /** Leaves an UPDATE / DELETE writes: routed to their own keyspace, never to a reference copy. */
  readonly dmlTargets = new Set<number>();
  private nextLeaf = 1;
  private nextSubquery = 1;
  private readonly subqueryNames = new Map<SelectStatement, string>();
  /** Expressions a pulled-out subquery changed (`x in (select ...)` → `:__sq_has_values and x in ::__sq1`), for printing. */
  readonly replaced = new Map<Expr, Expr>();

  constructor(
    readonly vschema: VSchema,
    readonly target: Target,
    readonly settings: PlannerSettings = DEFAULT_SETTINGS,
  ) {}

  newLeafId(): number {
    return this.nextLeaf++;
  }

  register(leaf: Leaf): Leaf {
    this.leaves.set(leaf.id, leaf);
    return leaf;
  }

  /** `__sq1`, `__sq2`, ...: the bind variable a subquery's result is passed in, numbered in the order met. */
  subqueryName(sub: SelectStatement): string {
    let name = this.subqueryNames.get(sub);
    if (!name) {
      name = `__sq${this.nextSubquery++}`;
      this.subqueryNames.set(sub, name);
    }
    return name;
  }

  /**
   * The bind variable a join passes a left-side column to the right side in: Vitess's
   * ReserveColName (`user.col` → `user_col`, made unique with a counter), one per column.
   */
  joinVarFor(col: ColumnRef, leafId: number): string {
    const key = `${leafId}.${col.name.toLowerCase()}`;
    const known = this.bindNames.get(key);
    if (known) return known;
    const base = (col.table ? `${col.table.name}_${col.name}` : col.name).replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 1; this.usedBindNames.has(name); i++) name = `${base}${i}`;
    this.usedBindNames.add(name);
    this.bindNames.set(key, name);
    return name;
  }

  /** The bind variable a DBA route passes a table name in (`kcu.table_name` → `kcu_table_name`), one per predicate. */
  sysTableVar(predicate: Expr, col: ColumnRef): string {
    const known = this.sysNames.get(predicate);
    if (known) return known;
    const base = (col.table ? `${col.table.name}_${col.name}` : col.name).replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 1; this.usedBindNames.has(name); i++) name = `${base}${i}`;
    this.usedBindNames.add(name);
    this.sysNames.set(predicate, name);
    return name;
  }

  /** The bind variable carries a join's left-side column (made by joinVarFor). */
  isJoinVar(name: string): boolean {
    for (const v of this.bindNames.values()) if (v === name) return true;
    return false;
  }

  bindingOf(col: ColumnRef): Binding | undefined {
    return this.bindings.get(col);
  }
}
