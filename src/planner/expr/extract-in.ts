/** Tuple IN extracted from an OR of AND-ed equalities, for routing only. */
import type { ColumnRef, Expr } from '../../sql/ast.js';
import { splitAnd } from './walk.js';

/**
 * Vitess's ExtractINFromOR: `a = 1 and b = 2 or a = 3 and b = 4` also routes as
 * `(a, b) in ((1, 2), (3, 4))` when every disjunct compares the same columns with `=`.
 */
export function extractInFromOr(e: Expr): { expr: Expr; list: readonly Expr[] } | null {
  const disjuncts: Expr[] = [];
  const flatten = (x: Expr): void => {
    if (x.kind === 'binary' && x.op === 'or') {
      flatten(x.left);
      flatten(x.right);
    } else disjuncts.push(x);
  };
  flatten(e);
  let columns: ColumnRef[] | null = null;
  const rows: Expr[] = [];
  for (const d of disjuncts) {
    const cols: ColumnRef[] = [];
    const values: Expr[] = [];
    for (const c of splitAnd(d)) {
      if (c.kind !== 'binary' || c.op !== '=') return null;
      const [col, value] = c.left.kind === 'column' ? [c.left, c.right] : c.right.kind === 'column' ? [c.right, c.left] : [null, null];
      if (!col || !value || value.kind === 'column') return null;
      cols.push(col);
      values.push(value);
    }
    if (columns === null) columns = cols;
    else if (columns.length !== cols.length || columns.some((c, i) => c.name.toLowerCase() !== cols[i]!.name.toLowerCase() || c.table?.name !== cols[i]!.table?.name)) return null;
    rows.push({ kind: 'tuple', items: values });
  }
  if (!columns) return null;
  return { expr: { kind: 'tuple', items: columns }, list: rows };
}

