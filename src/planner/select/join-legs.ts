/**
 * The legs of a join at vtgate and the Join operators between them: each route leg receives its
 * own query (its tables, its predicates, the pushed join predicates with bind variables, and
 * just the columns the rest of the plan needs, under their select-list aliases); a derived table
 * vtgate finishes runs its own plan and is read by offset; each Join takes every output column
 * from one side and passes the left columns the right side reads as join variables.
 */
import type { Expr, Select, SelectStatement, TableExpr, With } from '../../sql/ast.js';
import { selectOf } from '../../sql/build.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { ambiguousColumn, notImplemented, vtError } from '../errors.js';
import { exprEquals } from '../expr/rewrite.js';
import { columnsOf, joinAnd, mapExpr, walk } from '../expr/walk.js';
import type { Operator } from '../plan.js';
import type { RouteBuilder } from '../routing/builder.js';
import { leftmost, outputName, type FromNode } from '../semantics/analyze.js';
import { asColBinds, evaluated, offsetRef } from './evaluated.js';
import { depsOf, idsOf, type DerivedNode, type JoinNode } from './join-tree.js';
import { requireRoute } from './planned.js';
import { selectRouteOperator } from './route-op.js';

export interface Built {
  readonly op: Operator;
  /** Offset of each requested expression in the operator's output. */
  readonly offsets: readonly number[];
  /** The number of columns of the operator's rows (columns only a Filter above a LEFT JOIN reads may follow the requested ones). */
  readonly width: number;
}

/**
 * How the legs are finished: pulled-out subqueries wrap the leg reading them; a semi join's
 * subquery route; a derived table vtgate finishes runs its own plan (its columns in order).
 */
export interface LegOps {
  readonly wrapLeg: (op: Operator, ids: ReadonlySet<number>) => Operator;
  readonly semiSubquery: (route: RouteBuilder, sub: SelectStatement) => Operator;
  readonly derived: (n: DerivedNode) => Operator;
}

/** An expression a leg must return, and the name its column gets (a select-list alias), null for its own name. */
export interface Wanted {
  readonly expr: Expr;
  readonly as: string | null;
}

const unnamed = (expr: Expr): Wanted => ({ expr, as: null });

export function build(ctx: PlanContext, n: JoinNode, needed: readonly Wanted[], from: readonly FromNode[], legs: LegOps): Built {
  if (n.kind === 'route') {
    const columns: Wanted[] = [];
    const offsets = needed.map((w) => {
      const i = columns.findIndex((c) => exprEquals(c.expr, w.expr) && c.as === w.as);
      if (i >= 0) return i;
      columns.push(w);
      return columns.length - 1;
    });
    const select: Select = selectOf({
      columns: columns.length > 0 ? columns.map((c) => ({ kind: 'aliased', expr: c.expr, as: c.as })) : [{ kind: 'aliased', expr: { kind: 'literal', type: 'int', value: '1', charset: null }, as: null }],
      from: legFrom(ctx, from, n.route.ids),
      where: joinAnd(n.where),
      with: recursiveCtesOf(ctx, n.route.ids),
    });
    return { op: legs.wrapLeg(selectRouteOperator(ctx, n.route, select), n.route.ids), offsets, width: Math.max(columns.length, 1) };
  }
  if (n.kind === 'concat') throw notImplemented('a UNION joined at vtgate');
  if (n.kind === 'derived') return buildDerived(ctx, n, needed, legs);
  if (n.kind === 'semi') {
    // A semi join returns left rows only: every needed column comes from the left, plus the columns it binds.
    const names = [...n.vars.keys()];
    const left = build(ctx, n.left, [...needed, ...names.map((v) => unnamed(n.vars.get(v)!))], from, legs);
    const vars: Record<string, number> = {};
    names.forEach((v, i) => (vars[v] = left.offsets[needed.length + i]!));
    const right = legs.semiSubquery(requireRoute(n.sub, 'a correlated EXISTS'), n.stmt);
    return { op: { kind: 'SemiJoin', columns: needed.map((_e, i) => left.offsets[i]!), vars, left: left.op, right }, offsets: needed.map((_e, i) => i), width: needed.length };
  }
  const leftIds = idsOf(n.left);
  const allIds = idsOf(n);
  if (n.type === 'LeftJoin') {
    const onRight = (e: Expr): boolean => [...depsOf(ctx, e)].some((id) => allIds.has(id) && !leftIds.has(id));
    const lifted = needed.map((w) => onRight(w.expr) && nullAware(w.expr));
    if (lifted.some((x) => x)) return liftedAbove(ctx, n, needed, lifted, from, legs);
  }
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
  for (const f of n.filters) for (const c of columnsOf(f)) if (![...needed.map((w) => w.expr), ...filterColumns].some((x) => exprEquals(x, c))) filterColumns.push(c);
  const all: Wanted[] = [...needed, ...filterColumns.map(unnamed)];
  const sides = all.map((w) => sideOf(w.expr));
  const rightNeeded = all.flatMap((w, i) => (sides[i] === 'R' ? [w] : sides[i] === 'both' ? [{ ...w, expr: bound(w.expr) }] : []));
  const ownLeft = all.filter((_w, i) => sides[i] === 'L');
  const varNames = [...vars.keys()];
  const left = build(ctx, n.left, [...ownLeft, ...varNames.map((v) => unnamed(vars.get(v)!))], from, legs);
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
      const i = all.findIndex((x) => exprEquals(x.expr, e));
      return i >= 0 ? i : undefined;
    });
    op = { kind: 'Filter', predicate: printSql(predicate), expr, resultColumns: filterColumns.length > 0 ? needed.length : null, input: op };
  }
  return { op, offsets: needed.map((_e, i) => i), width: needed.length };
}

/**
 * An expression that may be non-NULL over NULLs (`coalesce(r.x, 0)`, `r.x is null`, CASE)
 * cannot be computed by the inner side of a LEFT JOIN: for an outer row without a match the
 * join has no inner row to take it from, and would return NULL.
 */
export function nullAware(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === 'case' || n.kind === 'is' || (n.kind === 'binary' && n.op === '<=>')) found = true;
    if (n.kind === 'func' && NULL_AWARE_FUNCTIONS.has(n.name.toLowerCase())) found = true;
    return !found && n.kind !== 'subquery' && n.kind !== 'exists';
  });
  return found;
}

const NULL_AWARE_FUNCTIONS = new Set(['coalesce', 'ifnull', 'if', 'isnull', 'nvl', 'nvl2', 'concat_ws', 'interval', 'json_array', 'json_object']);

/**
 * A LEFT JOIN whose inner side would compute such expressions: the join returns their columns
 * instead, and a Projection above it computes them over the joined (possibly NULL) values.
 */
function liftedAbove(ctx: PlanContext, n: Extract<JoinNode, { kind: 'join' }>, needed: readonly Wanted[], lifted: readonly boolean[], from: readonly FromNode[], legs: LegOps): Built {
  const base: Wanted[] = needed.filter((_w, i) => !lifted[i]);
  for (const [i, w] of needed.entries()) {
    if (!lifted[i]) continue;
    for (const c of columnsOf(w.expr)) if (!base.some((b) => b.as === null && exprEquals(b.expr, c))) base.push(unnamed(c));
  }
  const inner = build(ctx, n, base, from, legs);
  const at = (w: Wanted): number => inner.offsets[base.findIndex((b) => b.as === w.as && exprEquals(b.expr, w.expr))]!;
  const parts = needed.map((w, i) => {
    const name = w.as ?? (w.expr.kind === 'column' ? w.expr.name : printSql(w.expr));
    const expr = lifted[i] ? evaluated(w.expr, (c) => (c.kind === 'column' ? at(unnamed(c)) : undefined)) : offsetRef(at(w), name);
    return { text: `${printSql(asColBinds(expr))} as ${name}`, expr: { expr, name } };
  });
  const op: Operator = { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input: inner.op };
  return { op, offsets: needed.map((_w, i) => i), width: needed.length };
}

/**
 * A derived table vtgate finishes, as a leg: its rows filtered by the predicates it could not
 * take (join variables bound), each requested expression a column of it (read by offset) or
 * computed over its columns by a Projection, which also names a column by its alias.
 */
function buildDerived(ctx: PlanContext, n: DerivedNode, needed: readonly Wanted[], legs: LegOps): Built {
  const names = n.leaf.columns.map((c) => c.name.toLowerCase());
  const byName = (e: Expr): number | undefined => {
    if (e.kind !== 'column') return undefined;
    const b = ctx.bindingOf(e);
    if (b?.kind !== 'leaf' || b.leaf.id !== n.leaf.id) return undefined;
    const i = names.indexOf(e.name.toLowerCase());
    // A `*` in the derived table hides where its other columns are.
    if (i < 0) throw vtError('VT09015', 'schema tracking required');
    return i;
  };
  let op = legs.derived(n);
  if (n.filters.length > 0) {
    const predicate = joinAnd(n.filters)!;
    op = { kind: 'Filter', predicate: printSql(predicate), expr: evaluated(predicate, byName), resultColumns: null, input: op };
  }
  // Subqueries its predicates and requested expressions read (pulled out, at this leg) run first and bind their results for it.
  const wrap = (o: Operator): Operator => legs.wrapLeg(o, new Set([n.leaf.id]));
  // A pulled-out subquery's value reaches the expression as its bind variable.
  const exprs = needed.map((w) => evaluated(mapExpr(w.expr, (x) => ctx.replaced.get(x)), byName));
  // The rows carry the names the derived table's statement gives its columns; the derived
  // table's own column list (`as d(a, b)`) or a select-list alias renames them.
  const src = n.source;
  const own = leftmost(src.kind === 'statement' ? src.stmt : src.seed.stmt).columns.map((c) => (c.kind === 'aliased' ? outputName(c) : ''));
  const nameOf = (w: Wanted, i: number): string | null => {
    const col = n.leaf.columns[i]?.name;
    return w.as ?? (col && !col.startsWith(':expr:') ? col : null);
  };
  const renames = needed.some((w, i) => {
    const e = exprs[i]!;
    const name = e.kind === 'offset' ? nameOf(w, e.index) : null;
    return e.kind === 'offset' && name !== null && name !== own[e.index];
  });
  if (exprs.every((e) => e.kind === 'offset') && !renames) {
    const offsets = exprs.map((e) => (e as { index: number }).index);
    // Aggregation at vtgate writes over the columns it reads: a column requested twice needs two copies.
    if (new Set(offsets).size === offsets.length) return { op: wrap(op), offsets, width: Math.max(names.length, 1) };
    return { op: wrap({ kind: 'SimpleProjection', columns: offsets, input: op }), offsets: offsets.map((_o, i) => i), width: offsets.length };
  }
  const parts = exprs.map((e, i) => {
    const w = needed[i]!;
    // A column keeps its own name (MySQL names a selected column by it), an expression is named as written.
    const name = (e.kind === 'offset' ? nameOf(w, e.index) : w.as) ?? (w.expr.kind === 'column' ? w.expr.name : printSql(w.expr));
    return { text: `${printSql(asColBinds(e))} as ${name}`, expr: { expr: e, name } };
  });
  op = { kind: 'Projection', expressions: parts.map((p) => p.text), exprs: parts.map((p) => p.expr), input: op };
  return { op: wrap(op), offsets: needed.map((_e, i) => i), width: needed.length };
}

/**
 * A leg reading a recursive CTE that runs whole on its route defines it: the CTE is no table
 * on the shard, so the leg's query carries its WITH RECURSIVE (column names given only where
 * the CTE renames its first SELECT's columns).
 */
function recursiveCtesOf(ctx: PlanContext, ids: ReadonlySet<number>): With | null {
  const ctes: With['ctes'][number][] = [];
  for (const id of ids) {
    const leaf = ctx.leaves.get(id);
    const stmt = ctx.derived.get(id);
    const node = ctx.fromNodes.get(id);
    if (leaf?.kind !== 'derived' || !leaf.recursive || !stmt || node?.kind !== 'table') continue;
    const name = node.name.name;
    if (ctes.some((c) => c.name.toLowerCase() === name.toLowerCase())) continue;
    const own = leftmost(stmt).columns.map((c) => (c.kind === 'aliased' ? outputName(c).toLowerCase() : ''));
    const renamed = leaf.columns.some((c, i) => c.name.toLowerCase() !== own[i]);
    ctes.push({ name, columns: renamed ? leaf.columns.map((c) => c.name) : [], select: stmt });
  }
  return ctes.length > 0 ? { recursive: true, ctes } : null;
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
