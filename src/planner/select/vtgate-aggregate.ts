/**
 * Aggregation vtgate computes over rows it already has (the rows of a join, or of a derived
 * table vtgate finished): the rows are sorted on the GROUP BY, one Aggregate pass computes every
 * aggregate of the select list, HAVING and ORDER BY from the rows themselves (count_star, count,
 * sum, min, max, avg, ...), HAVING filters the groups, ORDER BY sorts them, and a projection
 * finally lays the select list out, computing expressions over aggregates; DISTINCT and LIMIT
 * come last.
 *
 * The Aggregate keeps its input's layout and writes each aggregate over the column it reads,
 * so every aggregate reads a column of its own (a `fresh` slot), and columns read after the
 * aggregation (group keys, other selected columns) are never overwritten.
 */
import type { AggregateExpr, Expr, Select, SelectExpr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { notImplemented, unsupported } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { containsAggregate, mapExpr } from '../expr/walk.js';
import type { AggregateParam, CompareColumn, Operator, SortKey } from '../plan.js';
import { comparisonCollation } from '../semantics/types.js';
import { asColBinds, evaluated, offsetRef } from './evaluated.js';
import { withLimit } from './limit.js';
import { resultName } from './columns.js';

type Aliased = Extract<SelectExpr, { kind: 'aliased' }>;

/** How the rows vtgate aggregates provide the values it reads; a slot is a column of those rows. */
export interface AggregationInput {
  /** The slot holding `e`: an existing one, or a new one (always a new one when `fresh`). */
  slot(e: Expr, fresh: boolean): number;
  /** The slot of the weight string vtgate compares `e` (in `slot`) by, -1 when it compares the value. */
  weightString(e: Expr, slot: number): number;
}

/** A `1` every row has: the column count(*) writes its count over. */
export const ONE: Expr = { kind: 'literal', type: 'int', value: '1', charset: null };

interface Agg {
  readonly expr: AggregateExpr;
  readonly slot: number;
  readonly opcode: string;
  readonly alias: string;
  readonly ws: number;
}

/**
 * Registers everything `sel` reads with `input` (call it before the input's columns are fixed);
 * returns the operators to put over the input once it is built (`at`: slot → input offset,
 * `width`: the number of columns of the input's rows).
 */
export function planAggregation(ctx: PlanContext, sel: Select, cols: readonly Aliased[], input: AggregationInput): (op: Operator, at: (slot: number) => number, width: number) => Operator {
  const keys: { expr: Expr; slot: number; ws: number }[] = [];
  for (const g of sel.groupBy) {
    const e = groupKey(g, cols);
    if (keys.some((k) => exprEquals(k.expr, e))) continue;
    const slot = input.slot(e, false);
    keys.push({ expr: e, slot, ws: input.weightString(e, slot) });
  }
  const aggs: Agg[] = [];
  const anyValues = new Map<number, string>();
  const aggSlot = (a: AggregateExpr, alias = printSql(a)): number => {
    const found = aggs.find((x) => exprEquals(x.expr, a));
    if (found) return found.slot;
    const opcode = rowOpcode(a);
    const arg = a.star ? ONE : a.args[0]!;
    const slot = input.slot(arg, true);
    const compares = !a.star && (a.name === 'min' || a.name === 'max' || a.distinct);
    aggs.push({ expr: a, slot, opcode, alias, ws: compares ? input.weightString(arg, slot) : -1 });
    return slot;
  };
  /** A value read after aggregation that is not aggregated: a group key, or the group's first row's. */
  const plainSlot = (e: Expr, alias = printSql(e)): number => {
    const key = keys.find((k) => exprEquals(k.expr, e));
    if (key) return key.slot;
    const slot = input.slot(e, false);
    if (!keys.some((k) => k.slot === slot) && !anyValues.has(slot)) anyValues.set(slot, alias);
    return slot;
  };
  /** An expression over aggregates and grouped values, its inputs as slots (OffsetRef indexes are slots until `at`). */
  const overGroups = (e: Expr): Expr =>
    mapExpr(e, (n) => {
      if (n.kind === 'aggregate') return offsetRef(aggSlot(n), n);
      const key = keys.find((k) => exprEquals(k.expr, n));
      if (key) return offsetRef(key.slot, n);
      if (n.kind === 'column') return offsetRef(plainSlot(n), n);
      if (n.kind === 'subquery' || n.kind === 'exists') throw notImplemented(`a subquery in ${printSql(e)} over tables joined at vtgate`);
      return undefined;
    });

  // The select list: a slot read as it is, or an expression vtgate computes.
  const outputs = cols.map((c): { slot: number } | { expr: Expr } => {
    const alias = c.as ?? printSql(c.expr);
    if (c.expr.kind === 'aggregate') return { slot: aggSlot(c.expr, alias) };
    if (containsAggregate(c.expr)) return { expr: overGroups(c.expr) };
    return { slot: plainSlot(c.expr, alias) };
  });
  const selected = (i: number): Expr => {
    const o = outputs[i]!;
    return 'slot' in o ? offsetRef(o.slot, cols[i]!.expr) : o.expr;
  };
  /** A select-list column an unqualified name or an ordinal names (MySQL resolves aliases first in HAVING and ORDER BY). */
  const named = (e: Expr, ordinals: boolean): number => {
    if (ordinals && e.kind === 'literal' && e.type === 'int') {
      const i = Number(e.value) - 1;
      return i >= 0 && i < cols.length ? i : -1;
    }
    if (e.kind !== 'column' || e.table) return -1;
    return cols.findIndex((c) => c.as?.toLowerCase() === e.name.toLowerCase());
  };
  const having = sel.having
    ? mapExpr(sel.having, (n) => {
        const i = named(n, false);
        if (i >= 0) return selected(i);
        return n.kind === 'column' || n.kind === 'aggregate' || keys.some((k) => exprEquals(k.expr, n)) ? overGroups(n) : undefined;
      })
    : null;
  if (having) evaluated(having, () => undefined);

  // ORDER BY: a select-list column, or anything else over the groups.
  const order = sel.orderBy.map((o) => {
    let i = named(o.expr, true);
    if (i < 0) i = cols.findIndex((c) => exprEquals(c.expr, o.expr));
    if (i >= 0) return { output: i, slot: 'slot' in outputs[i]! ? (outputs[i] as { slot: number }).slot : -1, desc: o.direction === 'desc', expr: cols[i]!.expr };
    if (containsAggregate(o.expr) && o.expr.kind !== 'aggregate') throw notImplemented(`ORDER BY ${printSql(o.expr)} over tables joined at vtgate`);
    const ref = overGroups(o.expr);
    if (ref.kind !== 'offset') throw notImplemented(`ORDER BY ${printSql(o.expr)} over tables joined at vtgate`);
    return { output: -1, slot: ref.index, desc: o.direction === 'desc', expr: o.expr };
  });
  // What a sorted slot compares by: a group key or another grouped value by its weight string, an aggregate by its value.
  const slotCompare = (slot: number, e: Expr): { slot: number; ws: number; collation: string | null } => {
    const key = keys.find((k) => k.slot === slot);
    if (key) return { slot, ws: key.ws, collation: comparisonCollation(ctx, key.expr) };
    const agg = aggs.find((a) => a.slot === slot);
    if (agg) return { slot, ws: -1, collation: agg.opcode === 'min' || agg.opcode === 'max' ? comparisonCollation(ctx, agg.expr.args[0]!) : null };
    const ws = input.weightString(e, slot);
    return { slot, ws, collation: comparisonCollation(ctx, e) };
  };
  // A computed select column is sorted after the projection computes it.
  const sortAfterProjection = order.some((o) => o.slot < 0);
  if (sortAfterProjection && order.some((o) => o.output < 0)) throw notImplemented('ORDER BY a computed column and a column the select list lacks, over tables joined at vtgate');
  const sortBefore = sortAfterProjection ? [] : order.map((o) => ({ ...slotCompare(o.slot, o.expr), desc: o.desc }));

  return (input0, at, width) => {
    const compare = (c: { slot: number; ws: number; collation: string | null }): CompareColumn => ({ col: at(c.slot), weightStringCol: c.ws < 0 ? -1 : at(c.ws), collation: c.collation });
    const remap = (e: Expr): Expr => mapExpr(e, (n) => (n.kind === 'offset' ? { ...n, index: at(n.index) } : undefined));
    let op = input0;
    const groupBy = keys.map((k) => compare({ slot: k.slot, ws: k.ws, collation: comparisonCollation(ctx, k.expr) }));
    if (keys.length > 0) op = { kind: 'Sort', keys: groupBy.map((g) => ({ ...g, desc: false })), resultColumns: null, input: op };
    const aggregates: AggregateParam[] = [
      ...aggs.map((a) => ({ opcode: a.opcode, col: at(a.slot), alias: a.alias, weightStringCol: a.ws < 0 ? -1 : at(a.ws), collation: a.ws >= 0 || a.opcode === 'min' || a.opcode === 'max' || a.expr.distinct ? comparisonCollation(ctx, a.expr.args[0] ?? ONE) : null })),
      ...[...anyValues].map(([slot, alias]) => ({ opcode: 'any_value', col: at(slot), alias, weightStringCol: -1, collation: null })),
    ];
    op = { kind: 'Aggregate', variant: keys.length > 0 ? 'Ordered' : 'Scalar', aggregates, groupBy, resultColumns: null, input: op };
    if (having && sel.having) op = { kind: 'Filter', predicate: printSql(sel.having), expr: remap(having), resultColumns: null, input: op };
    if (sortBefore.length > 0) op = { kind: 'Sort', keys: sortBefore.map((k): SortKey => ({ ...compare(k), desc: k.desc })), resultColumns: null, input: op };
    op = selectList(cols, outputs.map((o) => ('slot' in o ? { slot: at(o.slot) } : { expr: remap(o.expr) })), op, width);
    if (sortAfterProjection) {
      op = { kind: 'Sort', keys: order.map((o) => ({ col: o.output, weightStringCol: -1, desc: o.desc, collation: comparisonCollation(ctx, o.expr) })), resultColumns: null, input: op };
    }
    if (sel.distinct) op = { kind: 'Distinct', columns: cols.map((c, i) => ({ col: i, weightStringCol: -1, collation: comparisonCollation(ctx, c.expr) })), resultColumns: null, input: op };
    return withLimit(op, sel.limit);
  };
}

/** The select list over the aggregated rows: a SimpleProjection of offsets, or a Projection computing some columns. */
function selectList(cols: readonly Aliased[], outputs: readonly ({ slot: number } | { expr: Expr })[], input: Operator, width: number): Operator {
  if (outputs.every((o) => 'slot' in o)) {
    const columns = outputs.map((o) => (o as { slot: number }).slot);
    if (columns.length === width && columns.every((c, i) => c === i)) return input;
    return { kind: 'SimpleProjection', columns, input };
  }
  const parts = outputs.map((o, i) => {
    const name = cols[i]!.as ?? resultName(cols[i]!.expr);
    const expr: Expr = 'slot' in o ? offsetRef(o.slot, cols[i]!.expr) : o.expr;
    return { text: `${printSql(asColBinds(expr))} as ${name}`, expr: { expr, name } };
  });
  return { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input };
}

/** The opcode vtgate aggregates rows with (not partial results: count(*) counts rows). */
function rowOpcode(a: AggregateExpr): string {
  if (a.args.length > 1) {
    if (a.name === 'group_concat') throw unsupported('group_concat with more than 1 column');
    throw notImplemented(`${printSql(a)} over tables joined at vtgate`);
  }
  if (a.name === 'count') return a.star ? 'count_star' : a.distinct ? 'count_distinct' : 'count';
  if (a.name === 'sum') return a.distinct ? 'sum_distinct' : 'sum';
  if (a.name === 'min' || a.name === 'max' || a.name === 'any_value') return a.name;
  if (a.name === 'avg' && !a.distinct) return 'avg';
  if (a.name === 'group_concat' && !a.distinct && a.orderBy.length === 0 && a.separator === null) return 'group_concat';
  if (a.distinct) throw unsupported(`in scatter query: aggregation function '${printSql(a)}'`);
  // bit_and, bit_or, bit_xor, ... as Vitess names them.
  return a.name;
}

/** A GROUP BY ordinal or alias names a select expression. */
export function groupKey(g: Expr, cols: readonly Aliased[]): Expr {
  if (g.kind === 'literal' && g.type === 'int') return cols[Number(g.value) - 1]?.expr ?? g;
  if (g.kind === 'column' && !g.table) return cols.find((c) => c.as?.toLowerCase() === g.name.toLowerCase())?.expr ?? g;
  return g;
}
