/**
 * What vtgate does with a multi-shard route's rows (Vitess's horizon planning): aggregation the
 * shards cannot finish (Aggregate Ordered over shard results sorted by the GROUP BY, or Scalar),
 * HAVING as a Filter, DISTINCT as an Ordered Aggregate over every column, ORDER BY as a merge of
 * the shards' sorted results (Route OrderBy) or an in-memory Sort after aggregation, and LIMIT
 * applied again at vtgate while each shard returns at most `:__upper_limit` rows.
 * A single-shard route runs the whole statement on its shard.
 */
import type { Expr, Limit as LimitClause, OrderBy, Select, SelectStatement, Union } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { notImplemented, plannerError, unsupported, vtError } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { walk } from '../expr/walk.js';
import type { AggregateParam, CompareColumn, Operator, ProjectedExpr, SortKey } from '../plan.js';
import { comparisonCollation, needsWeightString, weightStringOf } from '../semantics/types.js';
import { compareColumn, exprAt, orderByParam, plainCompare, selectsCompares, sortKey, unionSelects, weightStringColumn } from './compare.js';
import type { RouteBuilder } from '../routing/builder.js';
import { distinctArgument, isDistinctAggregate, mergeOpcode, ResultColumns } from './columns.js';
import { distinctPushable, groupedByUniqueVindex, hasAggregation, singleShard, udfCall } from './pushdown.js';
import { derivedRootOperator } from './derived-root.js';
import { leftmost } from '../semantics/analyze.js';
import { withLimit } from './limit.js';
import { evaluated, offsetRef } from './evaluated.js';
import { computedProjection, splitComputed } from './computed-aggregates.js';
import { groupSafeHelpers } from './group-safe.js';
import { joinOperator } from './join-op.js';
import { derivedSourceOperator, type DerivedNode } from './derived-node.js';
import type { PlannedRoute, PulledSubquery } from './planned.js';
import type { FromNode } from '../semantics/analyze.js';

/** The FROM tree of an analyzed SELECT. */
export type FromOf = (sel: Select) => readonly FromNode[];
import { selectRouteOperator } from './route-op.js';

const UPPER_LIMIT: LimitClause = { rowCount: { kind: 'bind', name: '__upper_limit', list: false }, offset: null };

type Wrap = (op: Operator) => Operator;

export function statementOperator(ctx: PlanContext, planned: PlannedRoute, stmt: SelectStatement, next: boolean, fromOf: FromOf): Operator {
  const d = planned.derivedRoot;
  if (d) return derivedRootOperator(ctx, d.select, d.leaf, d.stmt, () => statementOperator(ctx, d.inner, d.stmt, false, fromOf));
  const wrap: Wrap = (op) => wrapPulled(ctx, op, planned.pulled ?? [], fromOf);
  if (planned.tree.kind === 'join' || planned.tree.kind === 'semi' || planned.tree.kind === 'derived') {
    if (stmt.kind !== 'select') throw notImplemented('a UNION of tables joined at vtgate');
    // Each pulled-out subquery wraps the join leg that reads its result.
    const pulled = planned.pulled ?? [];
    const wrapLeg = (op: Operator, ids: ReadonlySet<number>): Operator =>
      wrapPulled(ctx, op, pulled.filter((p) => p.leg && [...p.leg].some((id) => ids.has(id))), fromOf);
    const unplaced: Wrap = (op) => wrapPulled(ctx, op, pulled.filter((p) => !p.leg), fromOf);
    const derived = (n: DerivedNode): Operator => derivedSourceOperator(n, (p, s) => statementOperator(ctx, p, s, false, fromOf));
    return joinOperator(ctx, stmt, fromOf(stmt), planned.tree, unplaced, { wrapLeg, semiSubquery: (route, sub) => semiSubquery(ctx, route, sub), derived });
  }
  if (planned.tree.kind === 'concat') {
    if (stmt.kind !== 'union') throw new Error('concatenated parts outside a UNION');
    return concatOperator(ctx, stmt, planned.tree.parts, fromOf);
  }
  const route = planned.tree.route;
  if (next || singleShard(route.routing)) return wrap(selectRouteOperator(ctx, route, stmt, { next }));
  return stmt.kind === 'union' ? unionOperator(ctx, route, stmt, wrap, fromOf) : selectOperator(ctx, route, stmt, wrap);
}

/**
 * Pulled-out subqueries wrap the operator that reads their results, the first one innermost;
 * an EXISTS subquery needs one row at most.
 */
export function wrapPulled(ctx: PlanContext, op: Operator, pulled: readonly PulledSubquery[], fromOf: FromOf): Operator {
  for (const p of pulled) {
    let sub = statementOperator(ctx, p.planned, p.stmt, false, fromOf);
    if (p.variant === 'PulloutExists') sub = withLimit(sub, { rowCount: { kind: 'literal', type: 'int', value: '1', charset: null }, offset: null });
    op = { kind: 'UncorrelatedSubquery', variant: p.variant, vars: p.hasValues ? [p.hasValues, p.name] : [p.name], subquery: sub, outer: op };
  }
  return op;
}

/** The right side of a semi join: one row at most is enough (Vitess adds `limit 1`, and a Limit over several shards). */
function semiSubquery(ctx: PlanContext, route: RouteBuilder, sub: SelectStatement): Operator {
  const one: LimitClause = { rowCount: { kind: 'literal', type: 'int', value: '1', charset: null }, offset: null };
  // EXISTS reads no column: Vitess selects 1 (unless the select list groups or aggregates).
  const plain = sub.kind === 'select' && sub.groupBy.length === 0 && !sub.having && !sub.distinct && !hasAggregation(sub, ctx.settings.aggregateUdfs);
  const selected: SelectStatement = plain ? { ...sub, columns: [{ kind: 'aliased', expr: one.rowCount, as: null }] } : sub;
  const limited: SelectStatement = selected.limit ? selected : { ...selected, limit: one };
  const op = selectRouteOperator(ctx, route, limited);
  return singleShard(route.routing) ? op : withLimit(op, one);
}

function selectOperator(ctx: PlanContext, route: RouteBuilder, sel: Select, wrap: Wrap): Operator {
  const byUnique = groupedByUniqueVindex(ctx, sel, route);
  const aggregated = hasAggregation(sel, ctx.settings.aggregateUdfs) && !byUnique;
  const distinct = sel.distinct && !byUnique;
  if (!aggregated && !distinct) return plainOperator(ctx, route, sel, wrap);
  // Keys that order nothing (a constant such as `order by 'name'`, NULL, RAND()) are left out of what vtgate sorts.
  if (sel.orderBy.some((o) => unordered(o.expr))) sel = { ...sel, orderBy: sel.orderBy.filter((o) => !unordered(o.expr)) };
  if (aggregated && sel.rollup) throw unsupported('GROUP BY WITH ROLLUP not supported for sharded queries');
  for (const e of aggregated ? [...sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...(sel.having ? [sel.having] : [])] : []) {
    const udf = udfCall(e, ctx.settings.aggregateUdfs);
    if (udf) throw unsupported(`Aggregate UDF '${printSql(udf)}' must be pushed down to MySQL`);
  }
  const cols = new ResultColumns(sel.columns);
  if (cols.hasStar) throw notImplemented('aggregation over `*` across shards');
  // DISTINCT is a grouping on every column when ORDER BY reads only selected columns; else vtgate deduplicates.
  const groupedDistinct = !aggregated && sel.orderBy.length > 0 && sel.orderBy.every((o) => inRange(cols.offsetOf(o.expr, false), cols.visible));
  if (!aggregated && !groupedDistinct) return distinctOperator(ctx, route, sel, cols, wrap);
  if (aggregated && sel.having) checkHaving(sel.having, cols, sel.groupBy);
  const keys = aggregated ? sel.groupBy.map((g) => cols.offsetOf(g, true)) : orderFirst(sel, cols);
  const aggregates: AggregateParam[] = [];
  const beforeSplit = cols.columns.length;
  const computed = aggregated ? splitComputed(cols) : [];
  /** Parts of the select list's computed columns: sent as written (see group-safe.ts). */
  const splitParts = range(cols.columns.length).filter((i) => i >= beforeSplit);
  // HAVING reads aggregates the select list may lack: the shards return those too, after the select list.
  const helpersBefore = cols.columns.length;
  const having = aggregated && sel.having ? havingOverColumns(sel.having, cols, keys, computed) : null;
  const havingHelpers = cols.columns.length - helpersBefore;
  // ORDER BY keys are found (or added, to be carried as any_value) before distinct aggregates give their columns to their argument.
  const beforeOrder = cols.columns.length;
  const sortOffsets = sel.orderBy.map((o) => cols.offsetOf(o.expr, true));
  // An ORDER BY expression over aggregates (`order by max(col) + 1`) is computed at vtgate like a select-list one.
  if (aggregated) splitComputed(cols, beforeOrder, cols.columns.length).forEach((c, i) => { if (c) computed[i] = c; });
  // DISTINCT aggregates over a unique vindex column run on the shards as written (summed at vtgate).
  const pushedDistinct = aggregated && distinctPushable(ctx, sel, route);
  const distinctArg = aggregated && !pushedDistinct ? distinctArgument(sel.columns) : null;
  /** Select-list offset → the argument of the aggregate there. */
  const argOf = new Map<number, Expr>();
  if (aggregated) {
    cols.columns.forEach((c, i) => {
      if (c.kind !== 'aliased') return;
      const opcode = pushedDistinct && isDistinctAggregate(c.expr) ? `sum_${mergeOpcode(c.expr, { pushed: true })}` : mergeOpcode(c.expr);
      const alias = c.as ?? printSql(c.expr);
      if (opcode) aggregates.push({ opcode, col: i, alias, weightStringCol: -1, collation: null });
      else if (!keys.includes(i)) aggregates.push({ opcode: 'any_value', col: i, alias, weightStringCol: -1, collation: null });
      if (c.expr.kind === 'aggregate' && c.expr.args.length === 1) argOf.set(i, c.expr.args[0]!);
      // MIN/MAX ignore DISTINCT: the shards compute the plain aggregate, named as written.
      if (c.expr.kind === 'aggregate' && c.expr.distinct && (c.expr.name === 'min' || c.expr.name === 'max')) {
        cols.columns[i] = { kind: 'aliased', expr: { ...c.expr, distinct: false }, as: alias };
      }
      // A distinct aggregate's column carries the argument itself to vtgate, grouped on the shards.
      if (distinctArg && isDistinctAggregate(c.expr)) cols.columns[i] = { kind: 'aliased', expr: distinctArg, as: null };
    });
  }
  // The shards group by the GROUP BY (the select list for DISTINCT), the distinct argument, then the weight strings.
  // Ordinals and aliases are sent as the expressions they name, as Vitess prints them.
  const groupExprs: Expr[] = aggregated ? keys.map((k) => exprAt(cols, k)!) : cols.columns.slice(0, cols.visible).flatMap((c) => (c.kind === 'aliased' ? [c.expr] : []));
  if (distinctArg) groupExprs.push(distinctArg);
  const wsGroup: Expr[] = [];
  const grouped = (c: CompareColumn): CompareColumn => {
    if (c.weightStringCol >= 0) wsGroup.push(weightStringOf(exprAt(cols, c.col)!));
    return c;
  };
  const keyCompares = keys.map((k) => grouped(compareColumn(ctx, cols, k)));
  // MIN/MAX compare values and DISTINCT aggregates compare arguments: by weight string when needed, in select order.
  let distinctCompare: CompareColumn | null = null;
  for (let j = 0; j < aggregates.length; j++) {
    const a = aggregates[j]!;
    const arg = argOf.get(a.col);
    if ((a.opcode === 'min' || a.opcode === 'max') && arg) {
      const e = exprAt(cols, a.col)!;
      const ws = needsWeightString(ctx, arg) ? cols.offsetOf(weightStringOf(e), true) : -1;
      aggregates[j] = { ...a, weightStringCol: ws, collation: comparisonCollation(ctx, e) };
    } else if (a.opcode === 'count_distinct' || a.opcode === 'sum_distinct') {
      distinctCompare ??= grouped(compareColumn(ctx, cols, cols.offsetOf(distinctArg!, false)));
      aggregates[j] = { ...a, weightStringCol: distinctCompare.weightStringCol, collation: distinctCompare.collation };
    }
  }
  const shardKeys = distinctCompare ? [...keyCompares, distinctCompare] : keyCompares;
  // What vtgate compares after aggregating: a grouping key, an aggregate, or a computed column (a number).
  const outputCompare = (i: number): CompareColumn => {
    const k = keyCompares.find((c) => c.col === i);
    if (k) return k;
    if (computed[i]) return plainCompare(i);
    const a = aggregates.find((x) => x.col === i);
    if (a?.opcode === 'min' || a?.opcode === 'max') return { col: i, weightStringCol: a.weightStringCol, collation: a.collation };
    // Counts and sums are numbers.
    if (a && a.opcode !== 'any_value') return plainCompare(i);
    // Any other column compares by a weight string computed on the shards and carried as any_value.
    const e = exprAt(cols, i)!;
    const before = cols.columns.length;
    const ws = weightStringColumn(ctx, cols, e);
    if (cols.columns.length > before) aggregates.push({ opcode: 'any_value', col: ws, alias: printSql(weightStringOf(e)), weightStringCol: -1, collation: null });
    return { col: i, weightStringCol: ws, collation: comparisonCollation(ctx, e) };
  };
  const distinctColumns = aggregated && sel.distinct ? range(cols.visible).map(outputCompare) : [];
  const sortKeys = sel.orderBy.map((o, i) => sortKey(outputCompare(sortOffsets[i]!), o.direction === 'desc'));
  // The shards group (or deduplicate) and sort by the grouping keys, so vtgate merges groups in one pass.
  const shardOrder: OrderBy[] = shardKeys.map((k) => ({ expr: exprAt(cols, k.col)!, direction: 'asc' }));
  const shardColumns = aggregated ? groupSafeHelpers(cols, groupExprs, (i) => splitParts.includes(i)) : cols.columns;
  // A DISTINCT planned as a grouping asks the shards for their distinct rows: MariaDB rejects some
  // selected expressions (`concat(a, 'x')`) and weight strings under the equivalent GROUP BY.
  const shard: Select = aggregated
    ? { ...sel, distinct: sel.distinct, columns: shardColumns, groupBy: [...groupExprs, ...wsGroup], having: null, orderBy: shardOrder, limit: null }
    : { ...sel, distinct: true, columns: cols.columns, groupBy: [], having: null, orderBy: shardOrder, limit: null };
  const routeOp = wrap(selectRouteOperator(ctx, route, shard, { orderBy: shardKeys.map((k) => orderByParam(sortKey(k, false))) }));
  const needsSort = sortKeys.length > 0 && !sameOrder(sortKeys, keys);
  const hasComputed = computed.some((c) => c !== null);
  // Weight strings past the selected columns are dropped by the last operator that compares them
  // (Vitess's ResultColumns); other helper columns, or a computed projection, need a SimpleProjection.
  const added = (j: number): boolean => j >= helpersBefore && j < helpersBefore + havingHelpers;
  const onlyWeightStrings = cols.columns.every((c, j) => j < cols.visible || added(j) || (c.kind === 'aliased' && isWeightString(c.expr)));
  const truncateBy = cols.truncate === null ? null : hasComputed || !onlyWeightStrings ? 'projection' : needsSort ? 'sort' : distinctColumns.length > 0 ? 'distinct' : having ? 'filter' : 'aggregate';
  const resultColumns = (at: typeof truncateBy): number | null => (truncateBy === at ? cols.truncate : null);
  let op: Operator = {
    kind: 'Aggregate',
    variant: keys.length > 0 ? 'Ordered' : 'Scalar',
    aggregates,
    groupBy: keyCompares,
    resultColumns: resultColumns('aggregate'),
    input: routeOp,
  };
  if (having && sel.having) op = { kind: 'Filter', predicate: printSql(sel.having), expr: having, resultColumns: resultColumns('filter'), input: op };
  if (hasComputed) op = computedProjection(cols, computed, op);
  if (distinctColumns.length > 0) op = { kind: 'Distinct', columns: distinctColumns, resultColumns: resultColumns('distinct'), input: op };
  if (needsSort) op = { kind: 'Sort', keys: sortKeys, resultColumns: resultColumns('sort'), input: op };
  if (truncateBy === 'projection') op = { kind: 'SimpleProjection', columns: range(cols.truncate!), input: op };
  return withLimit(op, sel.limit);
}

/** DISTINCT by every selected column, ORDER BY columns first (a DISTINCT planned as grouping). */
function orderFirst(sel: Select, cols: ResultColumns): number[] {
  const keys: number[] = [];
  for (const o of sel.orderBy) {
    const k = cols.offsetOf(o.expr, false);
    if (!keys.includes(k)) keys.push(k);
  }
  for (let i = 0; i < cols.visible; i++) if (!keys.includes(i)) keys.push(i);
  return keys;
}

/**
 * SELECT DISTINCT across shards (Vitess's Distinct): each shard returns its distinct rows with the
 * weight strings of the columns vtgate compares, vtgate drops the duplicates, then sorts.
 */
function distinctOperator(ctx: PlanContext, route: RouteBuilder, sel: Select, cols: ResultColumns, wrap: Wrap): Operator {
  const sortOffsets = sel.orderBy.map((o) => cols.offsetOf(o.expr, true));
  const checks = range(cols.visible).map((i) => compareColumn(ctx, cols, i));
  const sortKeys = sel.orderBy.map((o, i) => sortKey(compareColumn(ctx, cols, sortOffsets[i]!), o.direction === 'desc'));
  const shard: Select = { ...sel, columns: cols.columns, orderBy: [], limit: null };
  const routeOp = wrap(selectRouteOperator(ctx, route, shard, {}));
  const sorted = sortKeys.length > 0;
  let op: Operator = { kind: 'Distinct', columns: checks, resultColumns: sorted ? null : cols.truncate, input: routeOp };
  if (sorted) op = { kind: 'Sort', keys: sortKeys, resultColumns: cols.truncate, input: op };
  return withLimit(op, sel.limit);
}

/** No vtgate aggregation: the shards sort, vtgate merges their sorted rows and applies the limit. */
function plainOperator(ctx: PlanContext, route: RouteBuilder, sel: Select, wrap: Wrap): Operator {
  const cols = new ResultColumns(sel.columns);
  // Past a `*` of unknown columns, vtgate cannot know where a sort key sits in the shard rows.
  if (cols.hasStar && sel.orderBy.length > 0) throw vtError('VT09015', 'schema tracking required');
  // ORDER BY NULL / RAND() asks for no order: the shards' rows are not merged by it (Vitess's isSpecialOrderBy).
  const keys = sel.orderBy.filter((o) => !unordered(o.expr)).map((o) => sortKey(compareColumn(ctx, cols, cols.offsetOf(o.expr, true)), o.direction === 'desc'));
  const shard: Select = { ...sel, columns: cols.columns, limit: sel.limit ? UPPER_LIMIT : null };
  const routeOp = wrap(selectRouteOperator(ctx, route, shard, { orderBy: keys.map(orderByParam), resultColumns: cols.truncate }));
  return withLimit(routeOp, sel.limit);
}

/** UNION of parts that do not route together: vtgate concatenates them, then removes duplicates, sorts and limits. */
function concatOperator(ctx: PlanContext, u: Union, parts: readonly { planned: PlannedRoute; stmt: SelectStatement }[], fromOf: FromOf): Operator {
  if (u.distinct || parts.some((p) => p.stmt.kind === 'union' && p.stmt.distinct)) requireKnownColumns(u, fromOf);
  const width = leftmost(u).columns.length;
  const first = new ResultColumns(leftmost(u).columns);
  const orderOffsets = u.orderBy.map((o) => first.offsetOf(o.expr, false));
  if (orderOffsets.some((k) => k < 0)) throw notImplemented('ORDER BY of a UNION by something it does not select');
  // The weight strings go into every SELECT before the parts are planned, so each part returns them.
  const compares = selectsCompares(ctx, unionSelects(u), [...(u.distinct ? range(width) : []), ...orderOffsets]);
  const truncate = leftmost(u).columns.length > width ? width : null;
  let op: Operator = { kind: 'Concatenate', inputs: parts.map((p) => statementOperator(ctx, p.planned, p.stmt, false, fromOf)) };
  const sorted = u.orderBy.length > 0;
  if (u.distinct) op = { kind: 'Distinct', columns: range(width).map((i) => compares.get(i)!), resultColumns: sorted ? null : truncate, input: op };
  if (sorted) op = { kind: 'Sort', keys: u.orderBy.map((o, i) => sortKey(compares.get(orderOffsets[i]!)!, o.direction === 'desc')), resultColumns: truncate, input: op };
  return withLimit(op, u.limit);
}

/**
 * UNION across shards: one scatter route for both sides; DISTINCT, ORDER BY and LIMIT at vtgate.
 * With a LIMIT each shard sorts and limits its own part first (the rows vtgate keeps are among
 * every shard's first ones).
 */
function unionOperator(ctx: PlanContext, route: RouteBuilder, u: Union, wrap: Wrap, fromOf: FromOf): Operator {
  if (u.distinct) requireKnownColumns(u, fromOf);
  const width = leftmost(u).columns.length;
  const first = new ResultColumns(leftmost(u).columns);
  const order = u.orderBy.filter((o) => !unordered(o.expr));
  const orderOffsets = order.map((o) => first.offsetOf(o.expr, false));
  if (orderOffsets.some((k) => k < 0)) throw notImplemented('ORDER BY of a UNION by something it does not select');
  // The weight strings go into every SELECT of the union, at the same offsets.
  const compares = selectsCompares(ctx, unionSelects(u), [...(u.distinct ? range(width) : []), ...orderOffsets]);
  const shard: Union = { ...u, orderBy: u.limit ? u.orderBy : [], limit: u.limit ? UPPER_LIMIT : null };
  let op: Operator = wrap(selectRouteOperator(ctx, route, shard, {}));
  const truncate = leftmost(u).columns.length > width ? width : null;
  const sorted = order.length > 0;
  if (u.distinct) op = { kind: 'Distinct', columns: range(width).map((i) => compares.get(i)!), resultColumns: sorted ? null : truncate, input: op };
  if (sorted) op = { kind: 'Sort', keys: order.map((o, i) => sortKey(compares.get(orderOffsets[i]!)!, o.direction === 'desc')), resultColumns: truncate, input: op };
  return withLimit(op, u.limit);
}

/**
 * vtgate removes a UNION's duplicates by comparing every column (with its weight string): a `*`
 * over a table whose columns are unknown (information_schema's are known) cannot be compared.
 */
function requireKnownColumns(u: SelectStatement, fromOf: FromOf): void {
  if (u.kind === 'union') return (requireKnownColumns(u.left, fromOf), requireKnownColumns(u.right, fromOf));
  if (!u.columns.some((c) => c.kind === 'star')) return;
  const system = (n: FromNode): boolean => (n.kind === 'leaf' ? n.leaf.kind === 'table' && !!n.leaf.system : system(n.left) && system(n.right));
  if (!fromOf(u).every(system)) throw vtError('VT09015', 'schema tracking required');
}

/** HAVING at vtgate reads the grouped rows: plain columns must be grouped or selected, aggregates mergeable. */
function checkHaving(having: Expr, cols: ResultColumns, groupBy: readonly Expr[]): void {
  walk(having, (n) => {
    if (n.kind === 'aggregate') {
      // avg merges as its sum divided by its count (havingOverColumns).
      if (!(n.name === 'avg' && !n.distinct && n.args.length === 1)) mergeOpcode(n);
      return false;
    }
    if (n.kind === 'column' && cols.offsetOf(n, false) < 0 && !groupBy.some((g) => exprEquals(g, n))) {
      throw plannerError('UNKNOWN_COLUMN', `Unknown column '${n.name}' in 'having clause'`);
    }
    return true;
  });
}

/**
 * HAVING over the merged rows, its columns and aggregates as offsets: a select-list alias or
 * column, a grouping key, or an aggregate the shards are asked to return as a helper column
 * (avg as the division of its sum and count, as in the select list).
 */
function havingOverColumns(having: Expr, cols: ResultColumns, keys: readonly number[], computed: readonly (ProjectedExpr | null)[]): Expr {
  return evaluated(having, (n) => {
    if (n.kind === 'aggregate') {
      const i = cols.offsetOf(n, false);
      if (i >= 0) return i;
      // A DISTINCT aggregate needs the shards to group by its argument, which only the select list sets up.
      if (isDistinctAggregate(n)) throw notImplemented(`${printSql(n)} in HAVING but not in the select list, across shards`);
      if (n.name === 'avg') return undefined;
      return cols.offsetOf(n, true);
    }
    if (n.kind === 'column') {
      const i = cols.offsetOf(n, false);
      // An alias of a column vtgate computes (`avg(x) as a ... having a > 1`): its slot holds only a part.
      return i >= 0 && !computed[i] ? i : undefined;
    }
    // A grouping expression (`group by a + b ... having a + b > 1`); a literal is a value, never an ordinal here.
    if (n.kind === 'literal') return undefined;
    const i = cols.offsetOf(n, false);
    return keys.includes(i) ? i : undefined;
  }, (n) => {
    if (n.kind === 'column') {
      const i = cols.offsetOf(n, false);
      return i >= 0 ? computed[i]?.expr : undefined;
    }
    // avg(x): the merged sum(x) divided by the merged count(x).
    if (n.kind !== 'aggregate' || n.name !== 'avg' || n.distinct || n.args.length !== 1) return undefined;
    const part = (name: 'sum' | 'count'): Expr => offsetRef(cols.offsetOf({ ...n, name }, true), { ...n, name });
    return { kind: 'binary', op: '/', left: part('sum'), right: part('count'), escape: null };
  });
}

function sameOrder(keys: readonly SortKey[], group: readonly number[]): boolean {
  return keys.length <= group.length && keys.every((k, i) => !k.desc && group[i] === k.col);
}

/**
 * An ORDER BY key that orders nothing: NULL and RAND() (Vitess's isSpecialOrderBy), and any other
 * constant but an integer (a select-list ordinal): `order by 'name'` sorts every row by the same
 * string, so MySQL leaves them in the order it has.
 */
function unordered(e: Expr): boolean {
  return (e.kind === 'literal' && e.type !== 'int') || (e.kind === 'func' && e.name.toLowerCase() === 'rand' && e.args.length === 0);
}

function isWeightString(e: Expr): boolean {
  return e.kind === 'func' && e.name.toLowerCase() === 'weight_string';
}

function inRange(i: number, n: number): boolean {
  return i >= 0 && i < n;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_x, i) => i);
}
