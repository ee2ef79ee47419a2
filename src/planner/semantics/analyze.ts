/**
 * Semantic analysis of a statement: resolve every FROM table (routing rules, session keyspace,
 * CTEs, derived tables) into leaves, and bind every column of every expression, subqueries
 * included, to the leaf it reads. The planner then reasons on leaves, never on names.
 */
import type { AliasedTable, Expr, Join, Select, SelectExpr, SelectStatement, TableExpr } from '../../sql/ast.js';
import { resolveTable } from '../../vschema/resolve.js';
import type { PlanContext } from '../context.js';
import { plannerError, unsupported, vtError } from '../errors.js';
import { systemTable } from './system-table.js';
import { checkSelect, checkUnion } from './checks.js';
import { joinAnd, walk } from '../expr/walk.js';
import type { DerivedColumn, DerivedLeaf, Leaf, TableLeaf } from './leaves.js';
import { leafHas, Scope } from './scope.js';
import { expandStars } from './expand-star.js';

export type FromNode =
  | { readonly kind: 'leaf'; readonly leaf: Leaf }
  | {
      readonly kind: 'join';
      readonly type: Join['type'];
      readonly left: FromNode;
      readonly right: FromNode;
      readonly on: Expr | null;
      readonly using: readonly string[] | null;
      readonly node: Join;
    };

export interface SelectInfo {
  readonly select: Select;
  readonly scope: Scope;
  readonly from: readonly FromNode[];
}

interface Cte {
  readonly select: SelectStatement;
  readonly recursive: boolean;
  readonly columns: readonly string[];
  /** Being analyzed: a reference to it is the recursive self-reference. */
  inProgress: boolean;
}
type Ctes = ReadonlyMap<string, Cte>;

/** The information_schema and MySQL system schemas: Vitess routes them as DBA. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

export class Analyzer {
  readonly selects = new Map<Select, SelectInfo>();

  constructor(readonly ctx: PlanContext) {}

  statement(stmt: SelectStatement, parent: Scope | null, ctes: Ctes = new Map()): void {
    const inner = withCtes(stmt.with, ctes);
    checkUnion(stmt);
    if (stmt.kind === 'union') {
      this.statement(stmt.left, parent, inner);
      this.statement(stmt.right, parent, inner);
      // ORDER BY of a union names the result columns: nothing to bind to a table.
      return;
    }
    checkSelect(stmt);
    const scope = new Scope(parent);
    const from = stmt.from.map((t) => this.from(t, scope, parent, inner));
    for (const c of stmt.columns) if (c.kind === 'star' && c.table) starTable(scope, c.table.name);
    // Vitess sends a query of one unsharded keyspace as written (its unsharded shortcut): no expansion.
    const unshardedOnly = scope.leaves.every((l) => l.kind === 'table' && !l.keyspace.sharded);
    const expanded = unshardedOnly ? null : expandStars(stmt.columns, from);
    // The statement is the planner's own rewritten copy: the expansion replaces its select list.
    if (expanded) (stmt as { columns: readonly SelectExpr[] }).columns = expanded;
    for (const c of stmt.columns) if (c.kind === 'aliased' && c.as) scope.aliases.add(c.as.toLowerCase());
    for (const c of stmt.columns) {
      if (c.kind === 'aliased') this.bind(c.expr, scope, inner, false);
      if (c.kind === 'next') this.bind(c.count, scope, inner, false);
    }
    if (stmt.where) this.bind(stmt.where, scope, inner, false);
    for (const g of stmt.groupBy) this.bind(g, scope, inner, true);
    if (stmt.having) this.bind(stmt.having, scope, inner, true);
    for (const o of stmt.orderBy) this.bind(o.expr, scope, inner, true);
    this.selects.set(stmt, { select: stmt, scope, from });
  }

  /** Binds the FROM items of an UPDATE / DELETE / INSERT target into a new scope. */
  dmlScope(tables: readonly TableExpr[], parent: Scope | null): { scope: Scope; from: FromNode[] } {
    const scope = new Scope(parent);
    const from = tables.map((t) => this.from(t, scope, parent, new Map()));
    return { scope, from };
  }

  bind(e: Expr, scope: Scope, ctes: Ctes, allowAlias: boolean): void {
    walk(e, (n) => {
      if (n.kind === 'column') {
        this.ctx.bindings.set(n, scope.resolve(n, allowAlias));
        return false;
      }
      // `x in (subquery)` holds the subquery as a child node: it is analyzed once, as that node.
      if (n.kind === 'subquery' || n.kind === 'exists') this.statement(n.select, scope, ctes);
      return true;
    });
  }

  private from(t: TableExpr, scope: Scope, parent: Scope | null, ctes: Ctes): FromNode {
    switch (t.kind) {
      case 'table': {
        const cte = t.name.qualifier === null ? ctes.get(t.name.name.toLowerCase()) : undefined;
        const leaf = cte ? this.cteLeaf(t, cte, parent, ctes) : this.tableLeaf(t);
        this.ctx.fromNodes.set(leaf.id, t);
        scope.add(leaf);
        return { kind: 'leaf', leaf };
      }
      case 'derived': {
        if (t.lateral) throw unsupported('lateral derived tables');
        this.statement(t.select, t.lateral ? scope : parent, ctes);
        const leaf = this.derivedLeaf(t.as, t.select, t.columns);
        this.ctx.fromNodes.set(leaf.id, t);
        scope.add(leaf);
        return { kind: 'leaf', leaf };
      }
      case 'join': {
        const left = this.from(t.left, scope, parent, ctes);
        const right = this.from(t.right, scope, parent, ctes);
        const on = t.using && !t.type.startsWith('natural') ? usingPredicate(t.using, left, right) : t.on;
        if (on) this.bind(on, scope, ctes, false);
        return { kind: 'join', type: t.type, left, right, on, using: t.using, node: t };
      }
    }
  }

  tableLeaf(t: AliasedTable): TableLeaf {
    const q = t.name.qualifier;
    // `dual` of a session in a system schema (use information_schema) is the first keyspace's.
    const sessionInSystem = SYSTEM_SCHEMAS.has(this.ctx.target.keyspace.toLowerCase());
    const schema = q ?? (sessionInSystem && t.name.name !== 'dual' ? this.ctx.target.keyspace : null);
    if (schema && SYSTEM_SCHEMAS.has(schema.toLowerCase())) {
      const sys = systemTable(this.ctx.vschema, schema, t.name.name);
      const leaf: TableLeaf = { kind: 'table', id: this.ctx.newLeafId(), ref: t.as ?? t.name.name, qualifier: q, ...sys, node: t, system: schema };
      this.ctx.register(leaf);
      return leaf;
    }
    const target = sessionInSystem && t.name.name === 'dual' ? { ...this.ctx.target, keyspace: '' } : this.ctx.target;
    const resolved = resolveTable(this.ctx.vschema, { keyspace: q, name: t.name.name }, target);
    const leaf: TableLeaf = {
      kind: 'table',
      id: this.ctx.newLeafId(),
      ref: t.as ?? t.name.name,
      qualifier: q,
      resolved,
      table: resolved.table,
      keyspace: resolved.keyspace,
      node: t,
    };
    this.ctx.register(leaf);
    return leaf;
  }

  private cteLeaf(t: AliasedTable, cte: Cte, parent: Scope | null, ctes: Ctes): Leaf {
    const ref = t.as ?? t.name.name;
    if (cte.inProgress && !cte.recursive) throw unsupported('do not support CTE that use the CTE alias inside the CTE query');
    if (cte.inProgress) {
      // The recursive part of a recursive CTE reads the rows the CTE produced so far: no table.
      return this.ctx.register({ kind: 'derived', id: this.ctx.newLeafId(), ref, columns: cte.columns.map((name) => ({ name, expr: null })), open: true });
    }
    // Each reference reads its own copy, as Vitess inlines a CTE as a derived table.
    const select = structuredClone(cte.select) as SelectStatement;
    cte.inProgress = true;
    try {
      this.statement(select, parent, ctes);
    } finally {
      cte.inProgress = false;
    }
    return this.derivedLeaf(ref, select, cte.columns, cte.recursive);
  }

  private derivedLeaf(ref: string, select: SelectStatement, names: readonly string[], recursive = false): DerivedLeaf {
    const first = leftmost(select);
    let open = false;
    const columns: DerivedColumn[] = [];
    for (const c of first.columns) {
      if (c.kind === 'star') open = true;
      else if (c.kind === 'aliased') columns.push({ name: outputName(c), expr: c.expr });
    }
    if (names.length === 0 && select.kind === 'select' && !open) {
      const seen = new Set<string>();
      for (const c of columns) {
        const lower = c.name.toLowerCase();
        if (seen.has(lower)) throw plannerError('DUPLICATE_COLUMN', `Duplicate column name '${c.name}'`);
        seen.add(lower);
      }
    }
    const renamed = names.length > 0 ? names.map((name, i) => ({ name, expr: select.kind === 'select' ? (columns[i]?.expr ?? null) : null })) : columns;
    const leaf: DerivedLeaf = {
      kind: 'derived',
      id: this.ctx.newLeafId(),
      ref,
      columns: select.kind === 'select' ? renamed : renamed.map((c) => ({ name: c.name, expr: null })),
      open: open && names.length === 0,
      recursive,
    };
    this.ctx.derived.set(leaf.id, select);
    this.ctx.register(leaf);
    return leaf;
  }
}

function withCtes(w: SelectStatement['with'], outer: Ctes): Ctes {
  if (!w) return outer;
  const m = new Map(outer);
  for (const c of w.ctes) m.set(c.name.toLowerCase(), { select: c.select, columns: c.columns, recursive: w.recursive, inProgress: false });
  return m;
}

/** `t.*` must name a table of the FROM clause. */
function starTable(scope: Scope, name: string): void {
  if (!scope.leaves.some((l) => l.ref === name || l.ref.toLowerCase() === name.toLowerCase())) throw plannerError('UNKNOWN_TABLE', `Unknown table '${name}'`);
}

export function leftmost(s: SelectStatement): Select {
  return s.kind === 'select' ? s : leftmost(s.left);
}

/** The name a select expression's column gets: its alias, or a column's own name. */
export function outputName(c: Extract<SelectExpr, { kind: 'aliased' }>): string {
  if (c.as) return c.as;
  if (c.expr.kind === 'column') return c.expr.name;
  return `:expr:${c.expr.kind}`;
}

/**
 * `a JOIN b USING (c)` joins on `a.c = b.c`, as Vitess rewrites it. When a side holds several
 * tables, the one with the column must be known from the VSchema: else VT09015.
 */
function usingPredicate(using: readonly string[], left: FromNode, right: FromNode): Expr {
  const side = (n: FromNode, name: string): Leaf => {
    const leaves = leavesOf(n);
    if (leaves.length === 1) return leaves[0]!;
    const certain = leaves.filter((l) => leafHas(l, name) === true);
    const possible = leaves.filter((l) => leafHas(l, name) !== false);
    if (certain.length === 1 || (certain.length === 0 && possible.length === 1)) return (certain[0] ?? possible[0])!;
    throw vtError('VT09015', 'schema tracking required');
  };
  const col = (l: Leaf, name: string): Expr => ({ kind: 'column', table: { qualifier: null, name: l.ref }, name });
  const parts: Expr[] = using.map((name) => ({ kind: 'binary', op: '=', left: col(side(left, name), name), right: col(side(right, name), name), escape: null }));
  return joinAnd(parts)!;
}

function leavesOf(n: FromNode): Leaf[] {
  return n.kind === 'leaf' ? [n.leaf] : [...leavesOf(n.left), ...leavesOf(n.right)];
}
