/**
 * SELECT SQL_CALC_FOUND_ROWS ... LIMIT, as Vitess plans it: the statement itself (without the
 * option) gives the rows, and a second statement counts the rows it would give without ORDER BY
 * and LIMIT — `select count(*)` over the same FROM and WHERE, or, when the statement groups,
 * `select count(*) from (<statement>) as t` — whose one value becomes the session's FOUND_ROWS().
 * Without LIMIT the option is dropped: the router then counts the rows it returns.
 */
import type { Select } from '../../sql/ast.js';
import { selectOf } from '../../sql/build.js';
import type { Plan } from '../plan.js';

const COUNT_STAR = { kind: 'aggregate', name: 'count', args: [], star: true, distinct: false, orderBy: [], separator: null } as const;

/**
 * The plan of `sel` when it asks for found rows with a LIMIT; null otherwise. `plan` plans a
 * statement in a context of its own.
 */
export function planCalcFoundRows(sel: Select, original: string, plan: (s: Select, original: string) => Plan): Plan | null {
  if (!sel.sqlCalcFoundRows || !sel.limit) return null;
  const limited = plan({ ...sel, sqlCalcFoundRows: false }, original);
  const unlimited: Select = { ...sel, sqlCalcFoundRows: false, orderBy: [], limit: null };
  const grouped = unlimited.groupBy.length > 0 || unlimited.having !== null;
  const countSel: Select = grouped
    ? selectOf({ columns: [{ kind: 'aliased', expr: COUNT_STAR, as: null }], from: [{ kind: 'derived', select: unlimited, as: 't', columns: [], lateral: false }] })
    : { ...unlimited, columns: [{ kind: 'aliased', expr: COUNT_STAR, as: null }] };
  const counted = plan(countSel, original);
  return Object.freeze({
    type: 'Complex',
    queryType: 'SELECT',
    original,
    instructions: Object.freeze({ kind: 'SQL_CALC_FOUND_ROWS', limit: limited.instructions!, count: counted.instructions! }),
    tablesUsed: mergeTables(limited.tablesUsed, counted.tablesUsed),
  });
}

function mergeTables(a: readonly string[], b: readonly string[]): readonly string[] {
  return Object.freeze([...new Set([...a, ...b])].sort());
}
