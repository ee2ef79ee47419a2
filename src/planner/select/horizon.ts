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
import type { AggregateParam, Operator, OrderByParam, SortKey } from '../plan.js';
import type { RouteBuilder } from '../routing/builder.js';
import { distinctArgument, isDistinctAggregate, mergeOpcode, ResultColumns } from './columns.js';
import { groupedByUniqueVindex, hasAggregation, singleShard, udfCall } from './pushdown.js';
import { derivedRootOperator } from './derived-root.js';
import { leftmost } from '../semantics/analyze.js';
import { withLimit } from './limit.js';
import { computedProjection, splitComputed } from './computed-aggregates.js';
import { joinOperator } from './join-op.js';
import type { PlannedRoute, PulledSubquery } from './planned.js';
import type { FromNode } from '../semantics/analyze.js';

/** The FROM tree of an analyzed SELECT. */
export type FromOf = (sel: Select) => readonly FromNode[];
import { selectRouteOperator } from './route-op.js';

const UPPER_LIMIT: LimitClause = { rowCount: { kind: 'bind', name: '__upper_limit', list: false }, offset: null };

type Wrap = (op: Operator) => Operator;

export function statementOperator(ctx: PlanContext, planned: PlannedRoute, stmt: SelectStatement, next: boolean, fromOf: FromOf): Operator {
  const d = planned.derivedRoot;
  if (d) return derivedRootOperator(d.select, d.leaf, statementOperator(ctx, d.inner, d.stmt, false, fromOf));
  const wrap: Wrap = (op) => wrapPulled(ctx, op, planned.pulled ?? [], fromOf);
  if (planned.tree.kind === 'join' || planned.tree.kind === 'semi') {
    if (stmt.kind !== 'select') throw notImplemented('a UNION of tables joined at vtgate');
    // Each pulled-out subquery wraps the join leg that reads its result.
    const pulled = planned.pulled ?? [];
    const wrapLeg = (op: Operator, ids: ReadonlySet<number>): Operator =>
      wrapPulled(ctx, op, pulled.filter((p) => p.leg && [...p.leg].some((id) => ids.has(id))), fromOf);
    const unplaced: Wrap = (op) => wrapPulled(ctx, op, pulled.filter((p) => !p.leg), fromOf);
    return joinOperator(ctx, stmt, fromOf(stmt), planned.tree, unplaced, { wrapLeg, semiSubquery: (route, sub) => semiSubquery(ctx, route, sub) });
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
  if (aggregated && sel.rollup) throw unsupported('GROUP BY WITH ROLLUP not supported for sharded queries');
  for (const e of aggregated ? [...sel.columns.flatMap((c) => (c.kind === 'aliased' ? [c.expr] : [])), ...(sel.having ? [sel.having] : [])] : []) {
    const udf = udfCall(e, ctx.settings.aggregateUdfs);
    if (udf) throw unsupported(`Aggregate UDF '${printSql(udf)}' must be pushed down to MySQL`);
  }
  const cols = new ResultColumns(sel.columns);
  if (cols.hasStar) throw notImplemented('aggregation over `*` across shards');
  if (aggregated && sel.having) checkHaving(sel.having, cols, sel.groupBy);
  const keys = aggregated ? sel.groupBy.map((g) => cols.offsetOf(g, true)) : cols.columns.map((_c, i) => i);
  const aggregates: AggregateParam[] = [];
  const computed = aggregated ? splitComputed(cols) : [];
  const distinctArg = aggregated ? distinctArgument(sel.columns) : null;
  if (aggregated) {
    cols.columns.forEach((c, i) => {
      if (c.kind !== 'aliased') return;
      const opcode = mergeOpcode(c.expr);
      const alias = c.as ?? printSql(c.expr);
      if (opcode) aggregates.push({ opcode, col: i, alias });
      else if (!keys.includes(i)) aggregates.push({ opcode: 'any_value', col: i, alias });
      // A distinct aggregate's column carries the argument itself to vtgate, grouped on the shards.
      if (distinctArg && isDistinctAggregate(c.expr)) cols.columns[i] = { kind: 'aliased', expr: distinctArg, as: null };
    });
  }
  const shardKeys = distinctArg ? [...keys, cols.offsetOf(distinctArg, false)] : keys;
  const ordered = keys.length > 0;
  // The shards group (or deduplicate) and sort by the grouping keys, so vtgate merges groups in one pass.
  const shardOrder: OrderBy[] = shardKeys.map((k) => ({ expr: { kind: 'literal', type: 'int', value: String(k + 1), charset: null }, direction: 'asc' }));
  const shardGroup = distinctArg ? [...sel.groupBy, distinctArg] : sel.groupBy;
  const shard: Select = { ...sel, columns: cols.columns, groupBy: aggregated ? shardGroup : sel.groupBy, having: null, orderBy: shardOrder, limit: null };
  const routeOp = wrap(selectRouteOperator(ctx, route, shard, { orderBy: shardKeys.map((k) => orderParam(k, false)) }));
  let op: Operator = {
    kind: 'Aggregate',
    variant: ordered ? 'Ordered' : 'Scalar',
    aggregates,
    groupBy: aggregated ? keys : keys,
    resultColumns: null,
    input: routeOp,
  };
  if (aggregated && sel.having) op = { kind: 'Filter', predicate: printSql(sel.having), input: op };
  if (computed.some((c) => c !== null)) op = computedProjection(cols, computed, op);
  if (aggregated && sel.distinct) op = { kind: 'Distinct', input: op };
  const sortKeys = sel.orderBy.map((o) => ({ col: cols.offsetOf(o.expr, true), desc: o.direction === 'desc' }));
  if (sortKeys.length > 0 && !sameOrder(sortKeys, keys)) op = { kind: 'Sort', keys: sortKeys, resultColumns: null, input: op };
  if (cols.truncate !== null) op = { kind: 'SimpleProjection', columns: range(cols.truncate), input: op };
  return withLimit(op, sel.limit);
}

/** No vtgate aggregation: the shards sort, vtgate merges their sorted rows and applies the limit. */
function plainOperator(ctx: PlanContext, route: RouteBuilder, sel: Select, wrap: Wrap): Operator {
  const cols = new ResultColumns(sel.columns);
  const keys = sel.orderBy.map((o) => ({ col: cols.offsetOf(o.expr, true), desc: o.direction === 'desc' }));
  const shard: Select = { ...sel, columns: cols.columns, limit: sel.limit ? UPPER_LIMIT : null };
  const routeOp = wrap(selectRouteOperator(ctx, route, shard, { orderBy: keys.map((k) => orderParam(k.col, k.desc)), resultColumns: cols.truncate }));
  return withLimit(routeOp, sel.limit);
}

/** UNION of parts that do not route together: vtgate concatenates them, then removes duplicates, sorts and limits. */
function concatOperator(ctx: PlanContext, u: Union, parts: readonly { planned: PlannedRoute; stmt: SelectStatement }[], fromOf: FromOf): Operator {
  if (u.distinct || parts.some((p) => p.stmt.kind === 'union' && p.stmt.distinct)) requireKnownColumns(u, fromOf);
  let op: Operator = { kind: 'Concatenate', inputs: parts.map((p) => statementOperator(ctx, p.planned, p.stmt, false, fromOf)) };
  if (u.distinct) op = { kind: 'Distinct', input: op };
  if (u.orderBy.length > 0) {
    const first = leftmost(u);
    const cols = new ResultColumns(first.columns);
    op = { kind: 'Sort', keys: u.orderBy.map((o) => ({ col: cols.offsetOf(o.expr, false), desc: o.direction === 'desc' })), resultColumns: null, input: op };
    if ((op as { keys: readonly SortKey[] }).keys.some((k) => k.col < 0)) throw notImplemented('ORDER BY of a UNION by something it does not select');
  }
  return withLimit(op, u.limit);
}

/** UNION across shards: one scatter route for both sides, DISTINCT and LIMIT at vtgate. */
function unionOperator(ctx: PlanContext, route: RouteBuilder, u: Union, wrap: Wrap, fromOf: FromOf): Operator {
  if (u.orderBy.length > 0) throw notImplemented('ORDER BY on a UNION across shards');
  if (u.distinct) requireKnownColumns(u, fromOf);
  const shard: Union = { ...u, limit: u.limit ? UPPER_LIMIT : null };
  let op: Operator = wrap(selectRouteOperator(ctx, route, shard, {}));
  if (u.distinct) op = { kind: 'Distinct', input: op };
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
      mergeOpcode(n);
      return false;
    }
    if (n.kind === 'column' && cols.offsetOf(n, false) < 0 && !groupBy.some((g) => exprEquals(g, n))) {
      throw plannerError('UNKNOWN_COLUMN', `Unknown column '${n.name}' in 'having clause'`);
    }
    return true;
  });
}

function orderParam(col: number, desc: boolean): OrderByParam {
  return { col, weightStringCol: -1, desc, text: `${col} ${desc ? 'DESC' : 'ASC'}` };
}

function sameOrder(keys: readonly SortKey[], group: readonly number[]): boolean {
  return keys.length <= group.length && keys.every((k, i) => !k.desc && group[i] === k.col);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_x, i) => i);
}
