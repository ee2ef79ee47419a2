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
import type { CompareColumn, Operator } from '../plan.js';
import { asColBinds, evaluated, offsetRef } from './evaluated.js';
import { exprEquals } from '../expr/rewrite.js';
import { ONE, planAggregation } from './vtgate-aggregate.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import { hasAggregation } from './pushdown.js';
import { containsAggregate } from '../expr/walk.js';
import { outputName } from '../semantics/analyze.js';
import { withLimit } from './limit.js';
import { selectsCompares, sortKey, unionSelects } from './compare.js';
import { nullAware } from './join-legs.js';

export function derivedRootOperator(ctx: PlanContext, outer: Select, leaf: DerivedLeaf, inner: SelectStatement, planInner: () => Operator): Operator {
  const names = leaf.columns.map((c) => c.name.toLowerCase());
  const offset = (e: Expr): number => {
    const i = e.kind === 'column' ? names.indexOf(e.name.toLowerCase()) : -1;
    if (i < 0) throw notImplemented(`vtgate evaluation of ${printSql(e)} over a derived table`);
    return i;
  };
  const aggregated = hasAggregation(outer);
  // The derived table's aggregates are finished by vtgate (its plan needs vtgate), and what is
  // not NULL over NULLs is computed above a LEFT JOIN (nullAware): their weight strings cannot be asked of a shard.
  const atVtgate = { computedAtVtgate: (e: Expr) => containsAggregate(e) || nullAware(e) };
  const exprs = outer.columns.flatMap((c) => (c.kind === 'aliased' ? [c] : []));
  const plain = exprs.every((c) => c.expr.kind === 'column' && names.includes(c.expr.name.toLowerCase()));
  const offsets = plain ? exprs.map((c) => offset(c.expr)) : [];
  // The rows carry the names the derived table's statement gives its columns: a select-list
  // alias, or the derived table's own column list (`as d(a, b)`), renames them (a Projection).
  const innerColumns = unionSelects(inner)[0]!.columns;
  const fieldName = (i: number): string => {
    const c = innerColumns[i];
    if (c?.kind !== 'aliased') return '';
    const name = outputName(c);
    return name.startsWith(':expr:') ? printSql(c.expr) : name;
  };
  const wanted = (i: number, as: string | null): string | null => {
    const own = leaf.columns[i]?.name;
    return as ?? (own && !own.startsWith(':expr:') ? own : null);
  };
  const renames = plain && exprs.some((c, j) => {
    const want = wanted(offsets[j]!, c.as);
    return want !== null && want !== fieldName(offsets[j]!);
  });
  // Selecting every column of the derived table in order (an expanded `*`) reads its rows as they are.
  const identity = !aggregated && plain && !renames && offsets.length === names.length && offsets.every((o, i) => o === i);
  const byName = (e: Expr): number | undefined => {
    const i = e.kind === 'column' ? names.indexOf(e.name.toLowerCase()) : -1;
    return i >= 0 ? i : undefined;
  };
  const where = (op: Operator): Operator => (outer.where ? { kind: 'Filter', predicate: printSql(outer.where), expr: evaluated(outer.where, byName), resultColumns: null, input: op } : op);
  if (aggregated) {
    if (outer.columns.some((c) => c.kind !== 'aliased')) throw notImplemented('aggregation over `*` of a derived table');
    // The aggregation reads slots: columns of the derived table, laid out (and repeated) by a
    // SimpleProjection, or expressions over them (`sum(a + b)`) a Projection computes.
    // A grouping key keeps the alias of the selected column it is (the Aggregate keeps its name).
    const slots: Expr[] = [];
    const slotNames: (string | null)[] = [];
    const slotOf = (source: Expr, fresh: boolean, as: string | null = null): number => {
      const i = fresh ? -1 : slots.findIndex((x, j) => exprEquals(x, source) && slotNames[j] === as);
      if (i >= 0) return i;
      slots.push(source);
      slotNames.push(as);
      return slots.length - 1;
    };
    const aliasOf = (e: Expr): string | null => exprs.find((c) => c.as && !containsAggregate(c.expr) && exprEquals(c.expr, e))?.as ?? null;
    const finish = planAggregation(ctx, outer, exprs, {
      // count(*) writes over a copy of any column.
      slot: (e, fresh) => slotOf(fresh && e === ONE ? offsetRef(0, names[0] ?? '1') : evaluated(e, byName), fresh, fresh ? null : aliasOf(e)),
      weightString: (_e, slot) => {
        const source = slots[slot]!;
        // A value vtgate computes has no weight string from the shards: it compares as it is.
        if (source.kind !== 'offset') return -1;
        const ws = selectsCompares(ctx, unionSelects(inner), [source.index], atVtgate).get(source.index)!.weightStringCol;
        return ws < 0 ? -1 : slotOf(offsetRef(ws, 'weight_string'), false);
      },
    });
    let op = where(planInner());
    const innerWidth = unionSelects(inner)[0]!.columns.length;
    const slotName = (x: Expr, j: number): string => (x.kind === 'offset' ? (wanted(x.index, slotNames[j]!) ?? fieldName(x.index)) : printSql(x));
    if (slots.some((x, j) => x.kind !== 'offset' || slotName(x, j) !== fieldName(x.index))) {
      const parts = slots.map((x, j) => ({ text: `${printSql(asColBinds(x))} as ${slotName(x, j)}`, expr: { expr: x, name: slotName(x, j) } }));
      op = { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input: op };
    } else {
      const columns = slots.map((x) => (x as { index: number }).index);
      if (columns.length !== innerWidth || columns.some((c, i) => c !== i)) op = { kind: 'SimpleProjection', columns, input: op };
    }
    return finish(op, (slot) => slot, slots.length);
  }
  const distinctCols = outer.distinct ? (identity ? names.map((_n, i) => i) : plain ? offsets : []) : [];
  const sortCols = outer.orderBy.map((o) => offset(o.expr));
  // The derived table's columns vtgate compares, with their weight strings added to it before it is planned.
  const compares = selectsCompares(ctx, unionSelects(inner), [...distinctCols, ...sortCols], atVtgate);
  const compare = (k: number): CompareColumn => compares.get(k)!;
  let op = where(planInner());
  const width = names.length;
  // The weight strings the derived table returns past its own columns are dropped once compared.
  const truncate = unionSelects(inner)[0]!.columns.length > width ? width : null;
  if (!outer.columns.some((c) => c.kind === 'star')) {
    if (identity) {
      const sorting = sortCols.length > 0;
      if (outer.distinct) op = { kind: 'Distinct', columns: distinctCols.map(compare), resultColumns: sorting ? null : truncate, input: op };
      return withLimit(sorted(outer, sortCols, compare, op, truncate), outer.limit);
    }
    // The projection keeps the compared weight strings after the selected columns.
    const carried = [...new Set([...distinctCols, ...sortCols].map((k) => compare(k).weightStringCol).filter((w) => w >= 0))];
    const projected = plain ? [...offsets, ...carried] : [];
    if (plain && !renames) op = { kind: 'SimpleProjection', columns: projected, input: op };
    else if (plain) {
      const parts = projected.map((k, j) => {
        const name = j < exprs.length ? (wanted(k, exprs[j]!.as) ?? fieldName(k)) : fieldName(k);
        return { text: `:__col${k} as ${name}`, expr: { expr: offsetRef(k, name), name } };
      });
      op = { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input: op };
    } else {
      const projected = exprs.map((c) => ({ expr: evaluated(c.expr, byName), name: c.as ?? (c.expr.kind === 'column' ? c.expr.name : printSql(c.expr)) }));
      op = { kind: 'Projection', expressions: exprs.map((c) => `${printSql(c.expr)}${c.as ? ` as ${c.as}` : ''}`), exprs: projected, input: op };
    }
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

function sorted(outer: Select, cols: readonly number[], compare: (k: number) => CompareColumn, op: Operator, resultColumns: number | null): Operator {
  if (outer.orderBy.length === 0) return op;
  return { kind: 'Sort', keys: outer.orderBy.map((o, i) => sortKey(compare(cols[i]!), o.direction === 'desc')), resultColumns, input: op };
}
