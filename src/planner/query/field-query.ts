/**
 * A route's field query (Vitess's FormatImpossibleQuery): the shard query with `where 1 != 1`,
 * which returns no rows but still tells vtgate the result columns. vtgate runs it when the route
 * reaches no shard (an equality on NULL, an IN list that maps nowhere), so an operator above the
 * route (a join's right side, a projection) still sees as many columns as the plan promised.
 */
import type { Comments, Expr, SelectStatement, TableExpr } from '../../sql/ast.js';
import { containsAggregate } from '../expr/walk.js';

const ONE: Expr = { kind: 'literal', type: 'int', value: '1', charset: null };
const IMPOSSIBLE: Expr = { kind: 'binary', op: '!=', left: ONE, right: ONE, escape: null };
const NO_COMMENTS: Comments = { directives: {}, raw: [] };

/**
 * The statement that returns `s`'s columns and no row: WHERE replaced (derived tables' too, as
 * Vitess prints them), GROUP BY kept, the rest dropped.
 */
export function impossibleQuery(s: SelectStatement): SelectStatement {
  if (s.kind === 'union') {
    return { ...s, left: impossibleQuery(s.left), right: impossibleQuery(s.right), orderBy: [], limit: null, comments: NO_COMMENTS };
  }
  return {
    ...s,
    distinct: false,
    sqlCalcFoundRows: false,
    from: s.from.map(impossibleFrom),
    where: IMPOSSIBLE,
    having: null,
    orderBy: [],
    limit: null,
    lock: null,
    into: null,
    comments: NO_COMMENTS,
  };
}

function impossibleFrom(t: TableExpr): TableExpr {
  switch (t.kind) {
    case 'table':
      return t;
    case 'derived':
      return { ...t, select: impossibleQuery(t.select) };
    case 'join':
      return { ...t, left: impossibleFrom(t.left), right: impossibleFrom(t.right) };
  }
}

/**
 * Whether the query yields a row when no table row matches: a scalar aggregate (no GROUP BY) at
 * the top, or the only source of a SELECT without a filter of its own (a derived table).
 */
export function answersOnNoRows(s: SelectStatement): boolean {
  if (s.kind === 'union') return answersOnNoRows(s.left) || answersOnNoRows(s.right);
  if (s.groupBy.length > 0) return false;
  if (s.columns.some((c) => c.kind === 'aliased' && containsAggregate(c.expr))) return true;
  if (s.where !== null || s.having !== null) return false;
  return s.from.length > 0 && s.from.every(sourceAnswersOnNoRows);
}

function sourceAnswersOnNoRows(t: TableExpr): boolean {
  if (t.kind === 'derived') return answersOnNoRows(t.select);
  if (t.kind === 'join') return t.on === null && sourceAnswersOnNoRows(t.left) && sourceAnswersOnNoRows(t.right);
  return false;
}
