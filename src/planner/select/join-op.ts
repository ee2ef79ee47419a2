/**
 * Operators for a SELECT whose routes vtgate joins: each route (join leg) receives its own query
 * (its tables, its predicates, the pushed join predicates with bind variables, and just the
 * columns the rest of the plan needs), each Join takes every output column from one side and
 * passes the left columns the right side's predicates read as join variables. What the shards
 * cannot do across legs (ORDER BY, LIMIT, aggregation, DISTINCT, HAVING) vtgate does on top.
 */
import type { Expr, Select, SelectExpr, SelectStatement, TableExpr } from '../../sql/ast.js';
import type { RouteBuilder } from '../routing/builder.js';
import { requireRoute } from './planned.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { ambiguousColumn, notImplemented, vtError } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { columnsOf, joinAnd, mapExpr } from '../expr/walk.js';
import { selectOf } from '../../sql/build.js';
import type { CompareColumn, Operator } from '../plan.js';
import { comparisonCollation, needsWeightString, weightStringOf } from '../semantics/types.js';
import type { FromNode } from '../semantics/analyze.js';
import { depsOf, idsOf, routesOf, type JoinNode } from './join-tree.js';
import { withLimit } from './limit.js';
import { asColBinds, evaluated, offsetRef } from './evaluated.js';
import { planAggregation } from './vtgate-aggregate.js';
import { hasAggregation } from './pushdown.js';
import { selectRouteOperator } from './route-op.js';

interface Built {
  readonly op: Operator;
  /** Offset of each requested expression in the operator's output. */
  readonly offsets: readonly number[];
  /** The number of columns of the operator's rows (columns only a Filter above a LEFT JOIN reads may follow the requested ones). */
  readonly width: number;
}

/** How the legs are finished: pulled-out subqueries wrap the leg reading them; a semi join's subquery route. */
export interface LegOps {
  readonly wrapLeg: (op: Operator, ids: ReadonlySet<number>) => Operator;
  readonly semiSubquery: (route: RouteBuilder, sub: SelectStatement) => Operator;
}

export function joinOperator(ctx: PlanContext, sel: Select, from: readonly FromNode[], tree: JoinNode, wrap: (op: Operator) => Operator, legs: LegOps): Operator {
  // A `*` left after expansion covers a table whose columns are unknown: vtgate cannot split it between the legs.
  if (sel.columns.some((c) => c.kind !== 'aliased')) throw vtError('VT09015', 'schema tracking required');
  const cols = sel.columns as readonly Extract<SelectExpr, { kind: 'aliased' }>[];
  // SELECT DISTINCT over joined rows is a grouping on every selected column, as Vitess plans it.
  if (sel.distinct && !hasAggregation(sel, ctx.settings.aggregateUdfs)) sel = { ...sel, distinct: false, groupBy: cols.map((c) => c.expr) };
  const aggregated = hasAggregation(sel, ctx.settings.aggregateUdfs);
  // The expressions vtgate needs from the join: the select list, then ORDER BY keys it lacks.
  const needed: Expr[] = [];
  const need = (e: Expr): number => {
    const i = needed.findIndex((n) => exprEquals(n, e));
    if (i >= 0) return i;
    needed.push(e);
    return needed.length - 1;
  };
  let select: number[] = [];
  const computed: (Extract<SelectExpr, { kind: 'aliased' }> | undefined)[] = [];
  /** `needed` offset of a compared expression → `needed` offset of its weight string (Vitess's NeedsWeightString). */
  const weightStrings = new Map<number, number>();
  const compared = (k: number): number => {
    const e = needed[k]!;
    if (!weightStrings.has(k) && needsWeightString(ctx, e)) weightStrings.set(k, need(weightStringOf(e)));
    return k;
  };
  let finishAggregation: ReturnType<typeof planAggregation> | null = null;
  if (aggregated) {
    finishAggregation = planAggregation(ctx, sel, cols, {
      slot: (e, fresh) => {
        if (!fresh) return need(e);
        needed.push(e);
        return needed.length - 1;
      },
      weightString: (e) => (needsWeightString(ctx, e) ? need(weightStringOf(e)) : -1),
    });
  } else {
    // An expression over columns of several legs is computed at vtgate from the legs' columns.
    const all = idsOf(tree);
    const legs = routesOf(tree);
    const fits = (e: Expr): boolean => {
      const deps = [...depsOf(ctx, e)].filter((id) => all.has(id));
      return legs.some((r) => deps.every((id) => r.route.ids.has(id)));
    };
    select = cols.map((c, i) => {
      if (fits(c.expr)) return need(c.expr);
      computed[i] = c;
      for (const col of columnsOf(c.expr)) need(col);
      return -1;
    });
  }
  const orderOffsets = aggregated ? [] : sel.orderBy.map((o) => orderOffset(o.expr, cols, select, need));
  // ORDER BY a column vtgate computes: sorted after the Projection, by select-list position.
  const sortComputed = orderOffsets.some((k) => k < 0);
  const orderKeys = sortComputed ? [] : orderOffsets.map((k, i) => ({ col: compared(k), desc: sel.orderBy[i]!.direction === 'desc' }));
  const built = build(ctx, tree, needed, from, legs);
  let op = wrap(built.op);
  const at = (i: number): number => built.offsets[i]!;
  // A compared column of the join output: its weight string's offset, and the collation of text.
  const compare = (k: number): CompareColumn => {
    const ws = weightStrings.get(k);
    return { col: at(k), weightStringCol: ws === undefined ? -1 : at(ws), collation: comparisonCollation(ctx, needed[k]!) };
  };
  if (finishAggregation) return finishAggregation(op, at, built.width);
  if (sel.distinct) throw notImplemented('DISTINCT over tables joined at vtgate');
  // When the join returns the selected columns first and only weight strings after them, the Sort drops those.
  const selectedFirst = !computed.some((c) => c) && select.every((s, i) => at(s) === i);
  const extras = needed.flatMap((e, k) => (select.includes(k) ? [] : [e]));
  const sortTruncates = orderKeys.length > 0 && selectedFirst && extras.length > 0 && extras.every((e) => e.kind === 'func' && e.name === 'weight_string');
  if (orderKeys.length > 0) op = { kind: 'Sort', keys: orderKeys.map((k) => ({ ...compare(k.col), desc: k.desc })), resultColumns: sortTruncates ? select.length : null, input: op };
  if (computed.some((c) => c)) {
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
    if (!identity && !sortTruncates) op = { kind: 'SimpleProjection', columns: select.map(at), input: op };
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

function build(ctx: PlanContext, n: JoinNode, needed: readonly Expr[], from: readonly FromNode[], legs: LegOps): Built {
  if (n.kind === 'route') {
    const columns: Expr[] = [];
    const offsets = needed.map((e) => {
      const i = columns.findIndex((c) => exprEquals(c, e));
      if (i >= 0) return i;
      columns.push(e);
      return columns.length - 1;
    });
    const select: Select = selectOf({
      columns: columns.length > 0 ? columns.map((expr) => ({ kind: 'aliased', expr, as: null })) : [{ kind: 'aliased', expr: { kind: 'literal', type: 'int', value: '1', charset: null }, as: null }],
      from: legFrom(ctx, from, n.route.ids),
      where: joinAnd(n.where),
    });
    return { op: legs.wrapLeg(selectRouteOperator(ctx, n.route, select), n.route.ids), offsets, width: Math.max(columns.length, 1) };
  }
  if (n.kind === 'concat') throw notImplemented('a UNION joined at vtgate');
  if (n.kind === 'semi') {
    // A semi join returns left rows only: every needed column comes from the left, plus the columns it binds.
    const names = [...n.vars.keys()];
    const left = build(ctx, n.left, [...needed, ...names.map((v) => n.vars.get(v)!)], from, legs);
    const vars: Record<string, number> = {};
    names.forEach((v, i) => (vars[v] = left.offsets[needed.length + i]!));
    const right = legs.semiSubquery(requireRoute(n.sub, 'a correlated EXISTS'), n.stmt);
    return { op: { kind: 'SemiJoin', columns: needed.map((_e, i) => left.offsets[i]!), vars, left: left.op, right }, offsets: needed.map((_e, i) => i), width: needed.length };
  }
  const leftIds = idsOf(n.left);
  const allIds = idsOf(n);
  // Vitess's ApplyJoin columns: from the left, from the right, or computed on the right with the
  // left-side columns it reads passed as join variables (`:u_foo * ue.bar`).
  const sideOf = (e: Expr): 'L' | 'R' | 'both' => {
    const deps = [...depsOf(ctx, e)].filter((id) => allIds.has(id));
    if (deps.every((id) => leftIds.has(id))) return 'L';
    return deps.some((id) => leftIds.has(id)) ? 'both' : 'R';
  };
  const vars = new Map(n.vars);
  const bound = (e: Expr): Expr =>
    mapExpr(e, (c) => {
      if (c.kind !== 'column') return undefined;
      const b = ctx.bindingOf(c);
      // A column several tables may have is ambiguous once those tables are on different legs.
      if (b?.kind === 'uncertain') throw ambiguousColumn(c.name);
      if (b?.kind !== 'leaf' || !leftIds.has(b.leaf.id)) return undefined;
      const name = ctx.joinVarFor(c, b.leaf.id);
      vars.set(name, c);
      return { kind: 'bind', name, list: false };
    });
  // WHERE predicates on the inner side of a LEFT JOIN are evaluated over the joined rows: their columns follow the requested ones.
  const filterColumns: Expr[] = [];
  for (const f of n.filters) for (const c of columnsOf(f)) if (![...needed, ...filterColumns].some((x) => exprEquals(x, c))) filterColumns.push(c);
  const all = [...needed, ...filterColumns];
  const sides = all.map(sideOf);
  const rightNeeded = all.flatMap((e, i) => (sides[i] === 'R' ? [e] : sides[i] === 'both' ? [bound(e)] : []));
  const ownLeft = all.filter((_e, i) => sides[i] === 'L');
  const varNames = [...vars.keys()];
  const left = build(ctx, n.left, [...ownLeft, ...varNames.map((v) => vars.get(v)!)], from, legs);
  const right = build(ctx, n.right, rightNeeded, from, legs);
  const columns: { side: 'L' | 'R'; index: number }[] = [];
  let li = 0;
  let ri = 0;
  for (const s of sides) columns.push(s === 'L' ? { side: 'L', index: left.offsets[li++]! } : { side: 'R', index: right.offsets[ri++]! });
  const varOffsets: Record<string, number> = {};
  varNames.forEach((v, i) => (varOffsets[v] = left.offsets[ownLeft.length + i]!));
  let op: Operator = { kind: 'Join', variant: n.type, columns, vars: varOffsets, left: left.op, right: right.op };
  if (n.filters.length > 0) {
    const predicate = joinAnd(n.filters)!;
    const expr = evaluated(predicate, (e) => {
      const i = all.findIndex((x) => exprEquals(x, e));
      return i >= 0 ? i : undefined;
    });
    op = { kind: 'Filter', predicate: printSql(predicate), expr, resultColumns: filterColumns.length > 0 ? needed.length : null, input: op };
  }
  return { op, offsets: needed.map((_e, i) => i), width: needed.length };
}

/** The FROM clause of one join leg: its tables, keeping outer joins that lie wholly inside it. */
function legFrom(ctx: PlanContext, from: readonly FromNode[], ids: ReadonlySet<number>): TableExpr[] {
  const leaves = (n: FromNode): number[] => (n.kind === 'leaf' ? [n.leaf.id] : [...leaves(n.left), ...leaves(n.right)]);
  const collect = (n: FromNode): TableExpr[] => {
    if (n.kind === 'leaf') {
      const t = ids.has(n.leaf.id) ? ctx.fromNodes.get(n.leaf.id) : undefined;
      return t ? [t] : [];
    }
    const all = leaves(n).every((id) => ids.has(id));
    if (all && n.type !== 'join' && n.type !== 'straight_join') return [n.node];
    return [...collect(n.left), ...collect(n.right)];
  };
  return from.flatMap(collect);
}
