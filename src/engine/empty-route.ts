/**
 * A SELECT route that reaches no shard (its vindex maps the values nowhere: `id is null`, a
 * lookup miss, `id in (null)`): what its answer still is, read from the route's query once per
 * plan.
 *
 *   - Rows: none, unless the query answers rows over no input, a scalar aggregate
 *     (`select count(*) ...` is one row, count 0), also inside a derived table. Such a route runs
 *     on any one shard, as Vitess's NoRoutesSpecialHandling does: its predicate matches no rows
 *     there either (a matching row would have routed there), so that shard computes the empty
 *     aggregate with MySQL's own types.
 *   - Columns: the route's field query, or one made as Vitess makes it (the WHERE of each SELECT
 *     replaced by `1 != 1`), so an empty answer still names and types its columns.
 */
import type { Route } from '../planner/plan.js';
import { containsAggregate } from '../planner/expr/walk.js';
import type { Expr, Select, SelectStatement, TableExpr } from '../sql/ast.js';
import { parseSql } from '../sql/parse.js';
import { printSql } from '../sql/print.js';

interface EmptyAnswer {
  /** The query yields rows even when no table row matches: run it on any one shard. */
  readonly answersWithoutRows: boolean;
  /** The `where 1 != 1` query that only reports the columns; null when the query cannot be read back. */
  readonly fieldQuery: string | null;
}

const answers = new WeakMap<Route, EmptyAnswer>();

export function emptyAnswerOf(route: Route): EmptyAnswer {
  let known = answers.get(route);
  if (known === undefined) {
    known = analyse(route);
    answers.set(route, known);
  }
  return known;
}

function analyse(route: Route): EmptyAnswer {
  let stmt;
  try {
    stmt = parseSql(route.query);
  } catch {
    // A query the parser cannot read back: no special handling, as before.
    return { answersWithoutRows: false, fieldQuery: route.fieldQuery };
  }
  if (stmt.kind !== 'select' && stmt.kind !== 'union') return { answersWithoutRows: false, fieldQuery: route.fieldQuery };
  return { answersWithoutRows: yieldsRowsOnEmpty(stmt), fieldQuery: route.fieldQuery ?? printSql(withoutRows(stmt)) };
}

/** A scalar aggregate (no GROUP BY) at the top, or as the only source of a SELECT without a filter of its own. */
function yieldsRowsOnEmpty(s: SelectStatement): boolean {
  if (s.kind === 'union') return yieldsRowsOnEmpty(s.left) || yieldsRowsOnEmpty(s.right);
  if (s.groupBy.length > 0) return false;
  if (s.columns.some((c) => c.kind === 'aliased' && containsAggregate(c.expr))) return true;
  if (s.where !== null || s.having !== null) return false;
  return s.from.length > 0 && s.from.every(derivedYieldsRows);
}

function derivedYieldsRows(t: TableExpr): boolean {
  if (t.kind === 'derived') return yieldsRowsOnEmpty(t.select);
  if (t.kind === 'join') return t.on === null && derivedYieldsRows(t.left) && derivedYieldsRows(t.right);
  return false;
}

const NEVER: Expr = { kind: 'binary', op: '!=', left: one(), right: one(), escape: null };

function one(): Expr {
  const s = parseSql('select 1') as Select;
  const c = s.columns[0]!;
  if (c.kind !== 'aliased') throw new Error('unreachable');
  return c.expr;
}

function withoutRows(s: SelectStatement): SelectStatement {
  if (s.kind === 'union') return { ...s, left: withoutRows(s.left), right: withoutRows(s.right) };
  return { ...s, where: NEVER, lock: null };
}
