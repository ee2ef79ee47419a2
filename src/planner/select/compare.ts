/**
 * What vtgate compares when it merges, groups or deduplicates the shards' rows: a select-list
 * column, plus the `weight_string(...)` of it the shard query must return when vtgate cannot
 * compare the value itself (Vitess's NeedsWeightString: unknown type, or text in a collation
 * vtgate lacks), and the collation text compares in.
 */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';
import { sortKeyText } from '../explain.js';
import type { CompareColumn, OrderByParam, SortKey } from '../plan.js';
import { exprEquals } from '../expr/rewrite.js';
import { comparisonCollation, isText, needsWeightString, typeOf, weightStringOf } from '../semantics/types.js';
import { ResultColumns } from './columns.js';

/** The compared column at offset `col` of `cols`, its weight_string added as a helper column when needed. */
export function compareColumn(ctx: PlanContext, cols: ResultColumns, col: number): CompareColumn {
  const e = exprAt(cols, col);
  if (!e) return { col, weightStringCol: -1, collation: null };
  return { col, weightStringCol: weightStringColumn(ctx, cols, e), collation: comparisonCollation(ctx, e) };
}

/** The select expression at offset `col` (null for a `*`). */
export function exprAt(cols: ResultColumns, col: number): Expr | null {
  const c = cols.columns[col];
  return c?.kind === 'aliased' ? c.expr : null;
}

/** The offset of `weight_string(e)` in `cols` (added when missing), or -1 when `e` compares as it is. */
export function weightStringColumn(ctx: PlanContext, cols: ResultColumns, e: Expr): number {
  return needsWeightString(ctx, e) ? cols.offsetOf(weightStringOf(e), true) : -1;
}

export function sortKey(c: CompareColumn, desc: boolean): SortKey {
  return { ...c, desc };
}

export function orderByParam(k: SortKey): OrderByParam {
  return { col: k.col, weightStringCol: k.weightStringCol, desc: k.desc, collation: k.collation, text: sortKeyText(k) };
}

/** A column compared as it is (a count, a literal). */
export function plainCompare(col: number): CompareColumn {
  return { col, weightStringCol: -1, collation: null };
}

/**
 * The SELECTs give the column values of known types, some not text (a bind variable, a literal
 * the plan cache made a value, counts as text or a number: either converts like the others), and
 * their text values (if any) one collation vtgate implements: vtgate compares the values as
 * MySQL does, converted to the UNION's column type.
 */
function mixedKnownTypes(ctx: PlanContext, exprs: readonly Expr[]): boolean {
  if (exprs.length < 2) return false;
  const typed = exprs.filter((e) => e.kind !== 'bind');
  const types = typed.map((e) => typeOf(ctx, e));
  if (types.some((t) => t === null) || types.every((t) => isText(t!))) return false;
  const text = new Set(typed.filter((_e, j) => isText(types[j]!)).map((e) => comparisonCollation(ctx, e)));
  return text.size <= 1 && !text.has('');
}

export function unionSelects(s: SelectStatement): Select[] {
  return s.kind === 'select' ? [s] : [...unionSelects(s.left), ...unionSelects(s.right)];
}

export interface CompareOptions {
  /** Select expressions whose values vtgate computes (an aggregate vtgate finishes): compared as values, never by weight_string. */
  readonly computedAtVtgate?: (e: Expr) => boolean;
}

/**
 * How vtgate compares the columns at `offsets` of a statement's rows (the SELECTs of a UNION, or
 * the one SELECT of a derived table): a column any SELECT needs a weight string for (or whose
 * SELECTs disagree on the collation) gets `weight_string(...)` appended to every SELECT (the
 * planner's own copy, changed in place before it is planned), at the same offset in all.
 */
export function selectsCompares(ctx: PlanContext, selects: readonly Select[], offsets: readonly number[], options: CompareOptions = {}): Map<number, CompareColumn> {
  const out = new Map<number, CompareColumn>();
  // A `*` hides where the columns are: the union compares its rows as they are.
  const known = selects.every((s) => s.columns.every((c) => c.kind === 'aliased'));
  for (const i of offsets) {
    if (out.has(i)) continue;
    if (!known) {
      out.set(i, plainCompare(i));
      continue;
    }
    const exprs = selects.map((s) => exprAt(new ResultColumns(s.columns), i)!);
    const collations = new Set(exprs.map((e) => comparisonCollation(ctx, e)));
    const collation = collations.size === 1 ? [...collations][0]! : null;
    // A column one SELECT gives a date or a number in is a number, a date or text in the union's
    // result (MySQL's type of the union): its values compare as they are, in the result's
    // collation. Weight strings would not: a date's or a number's do not compare with a text's.
    if (selects.length > 1 && exprs.some((e) => { const t = typeOf(ctx, e); return t !== null && !isText(t); })) {
      out.set(i, { col: i, weightStringCol: -1, collation: [...collations].find((c) => c !== null) ?? null });
      continue;
    }
    // A value vtgate computed has no shard to compute its weight string: vtgate compares the typed value.
    if (options.computedAtVtgate && exprs.some(options.computedAtVtgate)) {
      out.set(i, { col: i, weightStringCol: -1, collation });
      continue;
    }
    if (mixedKnownTypes(ctx, exprs)) {
      // MySQL converts such a column to its text SELECTs' type and compares the converted values;
      // per-SELECT weight strings (a DATE's bytes against a VARCHAR's weights) would not compare.
      const text = exprs.map((e) => comparisonCollation(ctx, e)).filter((c) => c !== null);
      out.set(i, { col: i, weightStringCol: -1, collation: text[0] ?? null });
      continue;
    }
    if (collations.size === 1 && !exprs.some((e) => needsWeightString(ctx, e))) {
      out.set(i, { col: i, weightStringCol: -1, collation });
      continue;
    }
    const existing = selects[0]!.columns.findIndex((c) => c.kind === 'aliased' && exprEquals(c.expr, weightStringOf(exprs[0]!)));
    if (existing >= 0) {
      out.set(i, { col: i, weightStringCol: existing, collation });
      continue;
    }
    for (const [j, s] of selects.entries()) (s as { columns: Select['columns'] }).columns = [...s.columns, { kind: 'aliased', expr: weightStringOf(exprs[j]!), as: null }];
    out.set(i, { col: i, weightStringCol: selects[0]!.columns.length - 1, collation });
  }
  return out;
}
