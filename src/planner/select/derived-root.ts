/**
 * A statement over one derived table that vtgate must finish (`select a from (select count(*)
 * as a from user) t`): the derived table's own plan runs first, then the outer WHERE (Filter),
 * aggregation, projection, DISTINCT, ORDER BY and LIMIT run at vtgate over its rows.
 */
import type { Expr, Select } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { notImplemented } from '../errors.js';
import type { AggregateParam, Operator } from '../plan.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import { hasAggregation } from './pushdown.js';
import { withLimit } from './limit.js';

export function derivedRootOperator(outer: Select, leaf: DerivedLeaf, input: Operator): Operator {
  const names = leaf.columns.map((c) => c.name.toLowerCase());
  const offset = (e: Expr): number => {
    const i = e.kind === 'column' ? names.indexOf(e.name.toLowerCase()) : -1;
    if (i < 0) throw notImplemented(`vtgate evaluation of ${printSql(e)} over a derived table`);
    return i;
  };
  let op = input;
  if (outer.where) op = { kind: 'Filter', predicate: printSql(outer.where), input: op };
  if (hasAggregation(outer)) {
    const keys = outer.groupBy.map(offset);
    const aggregates: AggregateParam[] = [];
    for (const c of outer.columns) {
      if (c.kind !== 'aliased' || c.expr.kind !== 'aggregate') continue;
      const a = c.expr;
      if (a.distinct) throw notImplemented('a DISTINCT aggregate over a derived table');
      const opcode = a.name === 'count' ? (a.star ? 'count_star' : 'count') : a.name;
      if (!['count_star', 'count', 'sum', 'min', 'max'].includes(opcode)) throw notImplemented(`${a.name}() over a derived table`);
      aggregates.push({ opcode, col: a.star ? 0 : offset(a.args[0]!), alias: c.as ?? printSql(a) });
    }
    op = { kind: 'Aggregate', variant: keys.length > 0 ? 'Ordered' : 'Scalar', aggregates, groupBy: keys, resultColumns: null, input: op };
    if (outer.having) op = { kind: 'Filter', predicate: printSql(outer.having), input: op };
  } else if (!outer.columns.some((c) => c.kind === 'star')) {
    const exprs = outer.columns.flatMap((c) => (c.kind === 'aliased' ? [c] : []));
    const plain = exprs.every((c) => c.expr.kind === 'column' && names.includes(c.expr.name.toLowerCase()));
    const offsets = plain ? exprs.map((c) => offset(c.expr)) : [];
    // Selecting every column of the derived table in order (an expanded `*`) reads its rows as they are.
    const identity = plain && offsets.length === names.length && offsets.every((o, i) => o === i);
    if (identity) op = withLimit(sorted(outer, offset, outer.distinct ? { kind: 'Distinct', input: op } : op), outer.limit);
    if (identity) return op;
    op = plain
      ? { kind: 'SimpleProjection', columns: offsets, input: op }
      : { kind: 'Projection', expressions: exprs.map((c) => `${printSql(c.expr)}${c.as ? ` as ${c.as}` : ''}`), input: op };
  }
  if (outer.distinct) op = { kind: 'Distinct', input: op };
  return withLimit(sorted(outer, offset, op), outer.limit);
}

function sorted(outer: Select, offset: (e: Expr) => number, op: Operator): Operator {
  if (outer.orderBy.length === 0) return op;
  return { kind: 'Sort', keys: outer.orderBy.map((o) => ({ col: offset(o.expr), desc: o.direction === 'desc' })), resultColumns: null, input: op };
}
