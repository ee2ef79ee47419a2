/**
 * Select expressions vtgate computes after merging the shards' partial aggregates (Vitess's
 * aggregation pushing): `avg(x)` is split into `sum(x)` and `count(x)`, which merge across
 * shards, and vtgate divides them; an expression over aggregates (`avg(id) + count(foo) + bar`)
 * has each aggregate and column fetched as its own column, then is evaluated at vtgate by a
 * Projection reading them as `:__colN` (the merged row's column N).
 */
import type { AggregateExpr, Expr, SelectExpr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { containsAggregate, mapExpr, walk } from '../expr/walk.js';
import type { Operator, ProjectedExpr } from '../plan.js';
import { asColBinds, colBindsToOffsets, offsetRef } from './evaluated.js';
import { resultName, type ResultColumns } from './columns.js';

type Aliased = Extract<SelectExpr, { kind: 'aliased' }>;

/** Whether vtgate computes the select expression itself over the merged aggregates. */
export function isComputedAggregate(e: Expr): boolean {
  if (e.kind === 'aggregate') return e.name === 'avg' && !e.distinct && e.args.length === 1;
  if (!containsAggregate(e)) return false;
  let ok = true;
  walk(e, (n) => {
    if (n.kind === 'subquery' || n.kind === 'exists') ok = false;
    if (n.kind === 'aggregate') {
      if (n.distinct || n.name === 'group_concat') ok = false;
      return false;
    }
    return ok;
  });
  return ok;
}

/**
 * Rewrites the computed columns of `cols` in place (those at offsets `from` to `to`, by default
 * the select list): the column's slot fetches its first part, the other parts become helper
 * columns. Returns the Projection expression of each slot (null for the columns vtgate passes
 * through).
 */
export function splitComputed(cols: ResultColumns, from = 0, to = cols.visible): (ProjectedExpr | null)[] {
  const computed: (ProjectedExpr | null)[] = cols.columns.map(() => null);
  for (let i = from; i < to; i++) {
    const c = cols.columns[i]!;
    if (c.kind !== 'aliased' || !isComputedAggregate(c.expr)) continue;
    const alias = c.as ?? printSql(c.expr);
    let first = true;
    // The slot's own column carries the first part, so the visible offsets stay in place.
    const column = (part: Expr): Expr => {
      if (first) {
        first = false;
        cols.columns[i] = { kind: 'aliased', expr: part, as: c.as } satisfies Aliased;
        return bindCol(i);
      }
      return bindCol(cols.offsetOf(part, true));
    };
    const expr = mapExpr(c.expr, (n) => {
      if (n.kind === 'aggregate') {
        if (n.name !== 'avg') return column(n);
        const arg = n.args[0]!;
        const sum = column(aggregate('sum', arg));
        const count = column(aggregate('count', arg));
        return { kind: 'binary', op: '/', left: sum, right: count, escape: null };
      }
      if (n.kind === 'column') return column(n);
      return undefined;
    });
    computed[i] = { expr: colBindsToOffsets(expr), name: alias };
  }
  return computed;
}

/** The Projection vtgate evaluates over the merged rows: computed columns, the others passed through. */
export function computedProjection(cols: ResultColumns, computed: readonly (ProjectedExpr | null)[], input: Operator): Operator {
  const exprs = cols.columns.map((c, j): ProjectedExpr => computed[j] ?? { expr: offsetRef(j, c.kind === 'aliased' ? c.expr : '*'), name: c.kind === 'aliased' ? (c.as ?? resultName(c.expr)) : '*' });
  const expressions = exprs.map((p) => `${printSql(asColBinds(p.expr))} as ${p.name}`);
  return { kind: 'Projection', expressions, exprs, input };
}

function bindCol(offset: number): Expr {
  return { kind: 'bind', name: `__col${offset}`, list: false };
}

function aggregate(name: 'sum' | 'count', arg: Expr): AggregateExpr {
  return { kind: 'aggregate', name, args: [arg], star: false, distinct: false, orderBy: [], separator: null };
}
