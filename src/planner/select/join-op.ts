/**
 * Operators for a SELECT whose routes vtgate joins (the legs and Joins: join-legs.ts): what the
 * shards cannot do across legs (ORDER BY, LIMIT, aggregation, DISTINCT, HAVING, expressions over
 * several legs) vtgate does on top of the join's rows.
 */
import type { Expr, Select, SelectExpr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { notImplemented, vtError } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { columnsOf, containsAggregate, mapExpr } from '../expr/walk.js';
import type { CompareColumn, Operator } from '../plan.js';
import type { FromNode } from '../semantics/analyze.js';
import { comparisonCollation, needsWeightString, weightStringOf } from '../semantics/types.js';
import { asColBinds, evaluated, offsetRef } from './evaluated.js';
import { build, nullAware, type LegOps } from './join-legs.js';
import { depsOf, derivedLegsOf, idsOf, legsOf, type JoinNode } from './join-tree.js';
import { withLimit } from './limit.js';
import { hasAggregation } from './pushdown.js';
import { planAggregation } from './vtgate-aggregate.js';

export type { LegOps };

export function joinOperator(ctx: PlanContext, sel: Select, from: readonly FromNode[], tree: JoinNode, wrap: (op: Operator) => Operator, legs: LegOps): Operator {
  // A `*` left after expansion covers a table whose columns are unknown: vtgate cannot split it between the legs.
  if (sel.columns.some((c) => c.kind !== 'aliased')) throw vtError('VT09015', 'schema tracking required');
  const cols = sel.columns as readonly Extract<SelectExpr, { kind: 'aliased' }>[];
  const aggregated = hasAggregation(sel, ctx.settings.aggregateUdfs);
  // The expressions vtgate needs from the join: the select list, then ORDER BY keys it lacks.
  // A selected column keeps its alias (the legs select `expr as alias`): the result columns are named by it.
  const needed: Expr[] = [];
  const names: (string | null)[] = [];
  // A selected column (`named`) reuses a slot of its own name only; anything else (sort keys, weight strings) any slot.
  const need = (e: Expr, as: string | null = null, named = false): number => {
    const exact = needed.findIndex((n, j) => exprEquals(n, e) && names[j] === as);
    const i = exact >= 0 || named ? exact : needed.findIndex((n) => exprEquals(n, e));
    if (i >= 0) return i;
    needed.push(e);
    names.push(as);
    return needed.length - 1;
  };
  // A grouping key aggregation reads is a selected column: named by its alias.
  const aliasOf = (e: Expr): string | null => cols.find((c) => c.as && !containsAggregate(c.expr) && exprEquals(c.expr, e))?.as ?? null;
  let select: number[] = [];
  const computed: (Extract<SelectExpr, { kind: 'aliased' }> | undefined)[] = [];
  /** `needed` offset of a compared expression → `needed` offset of its weight string (Vitess's NeedsWeightString). */
  const weightStrings = new Map<number, number>();
  // A derived table vtgate finishes cannot compute a weight string for vtgate: its values are compared as they are.
  const derivedIds = new Set(derivedLegsOf(tree).map((d) => d.leaf.id));
  const readsDerived = (e: Expr): boolean => [...depsOf(ctx, e)].some((id) => derivedIds.has(id));
  // Nor can vtgate compute the weight string of what it computes above a LEFT JOIN (see nullAware).
  const wantsWeightString = (e: Expr): boolean => needsWeightString(ctx, e) && !readsDerived(e) && !nullAware(e);
  const compared = (k: number): number => {
    const e = needed[k]!;
    if (!weightStrings.has(k) && wantsWeightString(e)) weightStrings.set(k, need(weightStringOf(e)));
    return k;
  };
  let finishAggregation: ReturnType<typeof planAggregation> | null = null;
  if (aggregated) {
    finishAggregation = planAggregation(ctx, sel, cols, {
      slot: (e, fresh) => {
        if (!fresh) return need(e, aliasOf(e), true);
        needed.push(e);
        names.push(null);
        return needed.length - 1;
      },
      weightString: (e) => (wantsWeightString(e) ? need(weightStringOf(e)) : -1),
    });
  } else {
    // An expression over columns of several legs is computed at vtgate from the legs' columns.
    const all = idsOf(tree);
    const legs = legsOf(tree);
    const fits = (e: Expr): boolean => {
      const deps = [...depsOf(ctx, e)].filter((id) => all.has(id));
      return legs.some((ids) => deps.every((id) => ids.has(id)));
    };
    select = cols.map((c, i) => {
      if (fits(c.expr)) return need(c.expr, c.as, true);
      computed[i] = c;
      for (const col of columnsOf(c.expr)) need(col);
      return -1;
    });
  }
  const orderOffsets = aggregated ? [] : sel.orderBy.map((o) => orderOffset(o.expr, cols, select, need));
  // ORDER BY a column vtgate computes: sorted after the Projection, by select-list position.
  const sortComputed = orderOffsets.some((k) => k < 0);
  const orderKeys = sortComputed ? [] : orderOffsets.map((k, i) => ({ col: compared(k), desc: sel.orderBy[i]!.direction === 'desc' }));
  // DISTINCT compares the selected columns (by weight string where the legs provide one); a computed one after the Projection.
  const computes = computed.some((c) => c);
  const distinctKeys = sel.distinct && !aggregated && !computes ? select.map(compared) : [];
  const built = build(ctx, tree, needed.map((expr, i) => ({ expr, as: names[i]! })), from, legs);
  let op = wrap(built.op);
  const at = (i: number): number => built.offsets[i]!;
  // A compared column of the join output: its weight string's offset, and the collation of text.
  const compare = (k: number): CompareColumn => {
    const ws = weightStrings.get(k);
    return { col: at(k), weightStringCol: ws === undefined ? -1 : at(ws), collation: comparisonCollation(ctx, needed[k]!) };
  };
  if (finishAggregation) return finishAggregation(op, at, built.width);
  // When the join returns the selected columns first and only weight strings after them, the last operator comparing them drops those.
  const selectedFirst = !computes && select.every((s, i) => at(s) === i);
  const extras = needed.flatMap((e, k) => (select.includes(k) ? [] : [e]));
  const onlyWeightStrings = selectedFirst && extras.length > 0 && extras.every((e) => e.kind === 'func' && e.name === 'weight_string');
  const sortTruncates = orderKeys.length > 0 && onlyWeightStrings;
  const distinctTruncates = distinctKeys.length > 0 && orderKeys.length === 0 && onlyWeightStrings;
  if (distinctKeys.length > 0) op = { kind: 'Distinct', columns: distinctKeys.map(compare), resultColumns: distinctTruncates ? select.length : null, input: op };
  if (orderKeys.length > 0) op = { kind: 'Sort', keys: orderKeys.map((k) => ({ ...compare(k.col), desc: k.desc })), resultColumns: sortTruncates ? select.length : null, input: op };
  if (computes) {
    // Each column reads the join output by offset (printed as `:__colN`, the join output's column N).
    const column = (e: Expr): Expr => evaluated(e, (n) => (n.kind === 'column' ? at(needed.findIndex((x) => exprEquals(x, n))) : undefined));
    const parts = cols.map((c, i) => {
      const alias = c.as ?? printSql(c.expr);
      const comp = computed[i];
      const expr = comp ? column(comp.expr) : offsetRef(at(select[i]!), c.expr);
      return { text: `${printSql(asColBinds(expr))} as ${alias}`, expr: { expr, name: alias } };
    });
    op = { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input: op };
  } else {
    const identity = select.every((s, i) => at(s) === i) && built.width === select.length;
    if (!identity && !sortTruncates && !distinctTruncates) op = { kind: 'SimpleProjection', columns: select.map(at), input: op };
  }
  if (sel.distinct && computes) {
    op = { kind: 'Distinct', columns: cols.map((c, i) => ({ col: i, weightStringCol: -1, collation: comparisonCollation(ctx, c.expr) })), resultColumns: null, input: op };
  }
  if (sortComputed) {
    const keys = sel.orderBy.map((o, j) => {
      const i = orderOffsets[j]! < 0 ? cols.findIndex((_c, x) => computed[x] && selectedBy(o.expr, cols, x)) : select.indexOf(orderOffsets[j]!);
      if (i < 0) throw notImplemented('ORDER BY a computed column and a column the select list lacks, over tables joined at vtgate');
      return { col: i, weightStringCol: -1, desc: o.direction === 'desc', collation: comparisonCollation(ctx, cols[i]!.expr) };
    });
    op = { kind: 'Sort', keys, resultColumns: null, input: op };
  }
  return withLimit(op, sel.limit);
}

/** Whether an ORDER BY key names select-list column `i` (ordinal, alias or the expression itself). */
function selectedBy(e: Expr, cols: readonly Extract<SelectExpr, { kind: 'aliased' }>[], i: number): boolean {
  if (e.kind === 'literal' && e.type === 'int') return Number(e.value) - 1 === i;
  if (e.kind === 'column' && !e.table && cols[i]!.as?.toLowerCase() === e.name.toLowerCase()) return true;
  return exprEquals(cols[i]!.expr, e);
}

function orderOffset(written: Expr, cols: readonly Extract<SelectExpr, { kind: 'aliased' }>[], select: readonly number[], need: (e: Expr) => number): number {
  // MySQL resolves an unqualified name in ORDER BY to the select-list column of that name first.
  const named = (name: string): Expr | undefined => {
    const found = cols.filter((c) => (c.as ?? (c.expr.kind === 'column' ? c.expr.name : '')).toLowerCase() === name.toLowerCase());
    return found.length === 1 ? found[0]!.expr : undefined;
  };
  const e = written.kind === 'column' ? written : mapExpr(written, (n) => (n.kind === 'column' && !n.table ? named(n.name) : undefined));
  if (e.kind === 'column' && !e.table) {
    const i = cols.findIndex((c) => c.expr === named(e.name));
    if (i >= 0) return select[i]!;
  }
  if (e.kind === 'literal' && e.type === 'int') {
    const s = select[Number(e.value) - 1];
    if (s !== undefined) return s;
  }
  if (e.kind === 'column' && !e.table) {
    const i = cols.findIndex((c) => c.as?.toLowerCase() === e.name.toLowerCase());
    if (i >= 0) return select[i]!;
  }
  return need(e);
}
