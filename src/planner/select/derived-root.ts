/**
 * A statement over one derived table that vtgate must finish (`select a from (select count(*)
 * as a from user) t`): the derived table's own plan runs first, then the outer WHERE (Filter),
 * aggregation, projection, DISTINCT, ORDER BY and LIMIT run at vtgate over its rows. Columns
 * vtgate compares (grouping, DISTINCT, ORDER BY, MIN/MAX) that need a weight string have it
 * selected by the derived table itself, after its own columns.
 */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { notImplemented } from '../errors.js';
import type { AggregateParam, CompareColumn, Operator } from '../plan.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import { hasAggregation } from './pushdown.js';
import { withLimit } from './limit.js';
import { selectsCompares, sortKey, unionSelects } from './compare.js';

export function derivedRootOperator(ctx: PlanContext, outer: Select, leaf: DerivedLeaf, inner: SelectStatement, planInner: () => Operator): Operator {
  const names = leaf.columns.map((c) => c.name.toLowerCase());
  const offset = (e: Expr): number => {
    const i = e.kind === 'column' ? names.indexOf(e.name.toLowerCase()) : -1;
    if (i < 0) throw notImplemented(`vtgate evaluation of ${printSql(e)} over a derived table`);
    return i;
  };
  const aggregated = hasAggregation(outer);
  const exprs = outer.columns.flatMap((c) => (c.kind === 'aliased' ? [c] : []));
  const plain = exprs.every((c) => c.expr.kind === 'column' && names.includes(c.expr.name.toLowerCase()));
  const offsets = plain ? exprs.map((c) => offset(c.expr)) : [];
  // Selecting every column of the derived table in order (an expanded `*`) reads its rows as they are.
  const identity = !aggregated && plain && offsets.length === names.length && offsets.every((o, i) => o === i);
  const keys = aggregated ? outer.groupBy.map(offset) : [];
  const aggregateArgs = aggregated ? aggregatesOf(outer).map((a) => (a.expr.star ? -1 : offset(a.expr.args[0]!))) : [];
  const distinctCols = outer.distinct && !aggregated ? (identity ? names.map((_n, i) => i) : plain ? offsets : []) : [];
  const sortCols = outer.orderBy.map((o) => offset(o.expr));
  // The derived table's columns vtgate compares, with their weight strings added to it before it is planned.
  const compared = [...keys, ...aggregateArgs.filter((k, i) => k >= 0 && comparesArgument(aggregatesOf(outer)[i]!.expr)), ...distinctCols, ...sortCols];
  const compares = selectsCompares(ctx, unionSelects(inner), compared);
  const compare = (k: number): CompareColumn => compares.get(k)!;
  let op = planInner();
  const width = names.length;
  // The weight strings the derived table returns past its own columns are dropped once compared.
  const truncate = unionSelects(inner)[0]!.columns.length > width ? width : null;
  if (outer.where) op = { kind: 'Filter', predicate: printSql(outer.where), input: op };
  if (aggregated) {
    const aggregates: AggregateParam[] = aggregatesOf(outer).map(({ expr: a, alias }, i) => {
      if (a.distinct) throw notImplemented('a DISTINCT aggregate over a derived table');
      const opcode = a.name === 'count' ? (a.star ? 'count_star' : 'count') : a.name;
      if (!['count_star', 'count', 'sum', 'min', 'max'].includes(opcode)) throw notImplemented(`${a.name}() over a derived table`);
      const col = a.star ? 0 : aggregateArgs[i]!;
      const c = comparesArgument(a) ? compare(col) : null;
      return { opcode, col, alias, weightStringCol: c?.weightStringCol ?? -1, collation: c?.collation ?? null };
    });
    op = { kind: 'Aggregate', variant: keys.length > 0 ? 'Ordered' : 'Scalar', aggregates, groupBy: keys.map(compare), resultColumns: null, input: op };
    if (outer.having) op = { kind: 'Filter', predicate: printSql(outer.having), input: op };
    // The aggregated rows keep the input's layout: DISTINCT compares the grouping keys and the merged aggregates.
    const merged = [...new Set([...keys, ...aggregates.map((a) => a.col)])];
    if (outer.distinct) op = { kind: 'Distinct', columns: merged.map((k) => (keys.includes(k) ? compare(k) : { col: k, weightStringCol: -1, collation: null })), resultColumns: null, input: op };
    return withLimit(sorted(outer, sortCols, compare, op, truncate), outer.limit);
  } else if (!outer.columns.some((c) => c.kind === 'star')) {
    if (identity) {
      const sorting = sortCols.length > 0;
      if (outer.distinct) op = { kind: 'Distinct', columns: distinctCols.map(compare), resultColumns: sorting ? null : truncate, input: op };
      return withLimit(sorted(outer, sortCols, compare, op, truncate), outer.limit);
    }
    // The projection keeps the compared weight strings after the selected columns.
    const carried = [...new Set([...distinctCols, ...sortCols].map((k) => compare(k).weightStringCol).filter((w) => w >= 0))];
    const projected = plain ? [...offsets, ...carried] : [];
    if (plain) op = { kind: 'SimpleProjection', columns: projected, input: op };
    else op = { kind: 'Projection', expressions: exprs.map((c) => `${printSql(c.expr)}${c.as ? ` as ${c.as}` : ''}`), input: op };
    // Compared columns are re-addressed into the projection's output.
    const moved = (k: number): CompareColumn => {
      const c = compare(k);
      const col = projected.indexOf(k);
      const ws = c.weightStringCol >= 0 ? projected.indexOf(c.weightStringCol) : -1;
      return { col: col >= 0 ? col : k, weightStringCol: ws, collation: c.collation };
    };
    if (outer.distinct) op = { kind: 'Distinct', columns: distinctCols.map(moved), resultColumns: carried.length > 0 && sortCols.length === 0 ? offsets.length : null, input: op };
    return withLimit(sorted(outer, sortCols, moved, op, carried.length > 0 ? offsets.length : null), outer.limit);
  }
  if (outer.distinct) op = { kind: 'Distinct', columns: distinctCols.map(compare), resultColumns: outer.orderBy.length > 0 ? null : truncate, input: op };
  return withLimit(sorted(outer, sortCols, compare, op, truncate), outer.limit);
}

/** MIN/MAX compare the values they aggregate. */
function comparesArgument(a: Extract<Expr, { kind: 'aggregate' }>): boolean {
  return !a.star && (a.name === 'min' || a.name === 'max');
}

function aggregatesOf(outer: Select): { expr: Extract<Expr, { kind: 'aggregate' }>; alias: string }[] {
  return outer.columns.flatMap((c) => (c.kind === 'aliased' && c.expr.kind === 'aggregate' ? [{ expr: c.expr, alias: c.as ?? printSql(c.expr) }] : []));
}

function sorted(outer: Select, cols: readonly number[], compare: (k: number) => CompareColumn, op: Operator, resultColumns: number | null): Operator {
  if (outer.orderBy.length === 0) return op;
  return { kind: 'Sort', keys: outer.orderBy.map((o, i) => sortKey(compare(cols[i]!), o.direction === 'desc')), resultColumns, input: op };
}
