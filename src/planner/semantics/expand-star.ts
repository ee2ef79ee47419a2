/**
 * `*` and `t.*` expansion, as Vitess's early rewriter does it: when the planner knows every
 * column of the tables a star covers (an authoritative VSchema column list, or a derived table
 * whose select list names its columns), the star becomes that column list, so vtgate can plan
 * joins, unions and ORDER BY over it. A star over any table whose columns are unknown stays a
 * star: it is then only plannable where one route runs the whole query (else VT09015).
 * Columns are qualified when the star covers several tables or the table is aliased; a join
 * `USING (c)` contributes `c` once, from its left table, first (MySQL's coalesced columns).
 */
import type { ColumnRef, SelectExpr, TableName } from '../../sql/ast.js';
import type { FromNode } from './analyze.js';
import type { Leaf } from './leaves.js';

type Aliased = Extract<SelectExpr, { kind: 'aliased' }>;

/** The expanded select list, or null when a star cannot be expanded (or there is none). */
export function expandStars(columns: readonly SelectExpr[], from: readonly FromNode[]): SelectExpr[] | null {
  if (!columns.some((c) => c.kind === 'star')) return null;
  const entries = orderedLeaves(from);
  if (!entries) return null;
  const many = entries.length > 1;
  const out: SelectExpr[] = [];
  for (const c of columns) {
    if (c.kind !== 'star') {
      out.push(c);
      continue;
    }
    const covered = c.table ? entries.filter((e) => matchesTable(e.leaf, c.table!)) : entries;
    if (covered.length === 0) return null;
    for (const e of covered) {
      const names = columnNames(e.leaf);
      if (!names) return null;
      // `t.*` over a USING join still lists the coalesced column in t's own place.
      const first = c.table ? [] : e.usingFirst;
      const rest = names.filter((n) => !e.skip.has(n.toLowerCase()) && (c.table || !e.usingFirst.some((u) => u.toLowerCase() === n.toLowerCase())));
      for (const name of [...first, ...rest]) out.push(column(e.leaf, name, many));
    }
  }
  return out;
}

interface Entry {
  readonly leaf: Leaf;
  /** USING columns this (left) table lists first. */
  readonly usingFirst: readonly string[];
  /** USING columns this (right) table does not list again. */
  readonly skip: ReadonlySet<string>;
}

/** The FROM tables in order, with the USING columns each lists first or drops; null when unsupported. */
function orderedLeaves(from: readonly FromNode[]): Entry[] | null {
  const out: Entry[] = [];
  const visit = (n: FromNode): boolean => {
    if (n.kind === 'leaf') {
      out.push({ leaf: n.leaf, usingFirst: [], skip: new Set() });
      return true;
    }
    if (n.type.startsWith('natural')) return false;
    if (!n.using) return visit(n.left) && visit(n.right);
    // Only `a JOIN b USING (...)` / `a LEFT JOIN b USING (...)` of two tables: the coalesced column is the left one.
    if (n.left.kind !== 'leaf' || n.right.kind !== 'leaf' || n.type.includes('right')) return false;
    out.push({ leaf: n.left.leaf, usingFirst: n.using, skip: new Set() });
    out.push({ leaf: n.right.leaf, usingFirst: [], skip: new Set(n.using.map((u) => u.toLowerCase())) });
    return true;
  };
  return from.every(visit) ? out : null;
}

function columnNames(leaf: Leaf): readonly string[] | null {
  if (leaf.kind === 'derived') {
    if (leaf.open || leaf.columns.some((c) => c.name.startsWith(':expr:'))) return null;
    return leaf.columns.map((c) => c.name);
  }
  if (leaf.system || leaf.hidden || !leaf.table.columnListAuthoritative || leaf.table.columns.length === 0) return null;
  // An invisible column is not part of `*` (MySQL's and Vitess's rule).
  return leaf.table.columns.filter((c) => !c.invisible).map((c) => c.name);
}

function matchesTable(leaf: Leaf, t: TableName): boolean {
  if (leaf.ref.toLowerCase() !== t.name.toLowerCase()) return false;
  if (!t.qualifier || leaf.kind !== 'table') return true;
  return (leaf.qualifier ?? leaf.keyspace.name).toLowerCase() === t.qualifier.toLowerCase();
}

function column(leaf: Leaf, name: string, many: boolean): Aliased {
  const aliased = leaf.kind === 'derived' || (leaf.node?.as ?? null) !== null;
  const table: TableName | null = many || aliased ? { qualifier: null, name: leaf.ref } : null;
  const expr: ColumnRef = { kind: 'column', table, name };
  return { kind: 'aliased', expr, as: null };
}
