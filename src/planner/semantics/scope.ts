/**
 * Column binding, as Vitess's binder does it: a qualified column binds to the table of that
 * name in the nearest scope; an unqualified one to the table that certainly has it (an
 * authoritative column list, or a derived table's output), else to the only table that might
 * have it. When several tables might, Vitess keeps the column "uncertain": harmless while the
 * tables share one route, an ambiguity error once they do not.
 */
import type { ColumnRef } from '../../sql/ast.js';
import { ambiguousColumn, plannerError } from '../errors.js';
import { hasColumn, type Leaf } from './leaves.js';

export type Binding =
  | { readonly kind: 'leaf'; readonly leaf: Leaf }
  /** Several tables may have the column; which one is unknown without a schema. */
  | { readonly kind: 'uncertain'; readonly leaves: readonly Leaf[] }
  /** A select-list alias (ORDER BY, GROUP BY, HAVING). */
  | { readonly kind: 'alias' };

export class Scope {
  readonly leaves: Leaf[] = [];
  /** Select-list aliases visible to ORDER BY / GROUP BY / HAVING (lower case). */
  readonly aliases = new Set<string>();

  constructor(readonly parent: Scope | null) {}

  add(leaf: Leaf): void {
    if (this.leaves.some((l) => l.ref === leaf.ref && sameQualifier(l, leaf))) {
      throw plannerError('VT03013', `VT03013: not unique table/alias: '${leaf.ref}'`);
    }
    this.leaves.push(leaf);
  }

  resolve(col: ColumnRef, allowAlias = false): Binding {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      const b = col.table ? scope.qualified(col) : scope.unqualified(col.name, allowAlias && scope === this);
      if (b) return b;
    }
    const name = col.table ? `${col.table.name}.${col.name}` : col.name;
    const only = this.leaves.length === 1 && !col.table ? this.leaves[0] : undefined;
    if (only) throw plannerError('COLUMN_NOT_FOUND', `column '${name}' not found in table '${only.ref}'`);
    throw plannerError('COLUMN_NOT_FOUND', `column '${name}' not found`);
  }

  private qualified(col: ColumnRef): Binding | null {
    const t = col.table!;
    const ks = (l: Leaf): boolean => t.qualifier === null || (l.kind === 'table' && (l.qualifier === t.qualifier || l.keyspace.name === t.qualifier));
    // Table names compare exactly first, then case-insensitively (as Vitess does for unsharded tables).
    const leaf = this.leaves.find((l) => l.ref === t.name && ks(l)) ?? this.leaves.find((l) => l.ref.toLowerCase() === t.name.toLowerCase() && ks(l));
    if (leaf && leafHas(leaf, col.name) === false && leaf.kind === 'derived') {
      throw plannerError('COLUMN_NOT_FOUND', `column '${t.name}.${col.name}' not found`);
    }
    return leaf ? { kind: 'leaf', leaf } : null;
  }

  private unqualified(name: string, allowAlias: boolean): Binding | null {
    const certain: Leaf[] = [];
    const maybe: Leaf[] = [];
    for (const leaf of this.leaves) {
      const has = leafHas(leaf, name);
      if (has === true) certain.push(leaf);
      else if (has === null) maybe.push(leaf);
    }
    if (certain.length > 1) throw ambiguousColumn(name);
    if (certain.length === 1) return { kind: 'leaf', leaf: certain[0]! };
    if (allowAlias && this.aliases.has(name.toLowerCase())) return { kind: 'alias' };
    if (maybe.length === 1) return { kind: 'leaf', leaf: maybe[0]! };
    if (maybe.length > 1) return { kind: 'uncertain', leaves: maybe };
    return null;
  }
}

function sameQualifier(a: Leaf, b: Leaf): boolean {
  if (a.kind !== 'table' || b.kind !== 'table') return true;
  return a.qualifier === b.qualifier;
}

/** true: the leaf has the column; false: it has not; null: unknown. */
export function leafHas(leaf: Leaf, name: string): boolean | null {
  if (leaf.kind === 'table') return hasColumn(leaf.table, name);
  const lower = name.toLowerCase();
  if (leaf.columns.some((c) => c.name.toLowerCase() === lower)) return true;
  return leaf.open ? null : false;
}
