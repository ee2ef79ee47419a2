/** Building AST nodes in code (the planner writes shard and lookup queries this way). */
import type { Comments, Select } from './ast.js';

export const NO_COMMENTS: Comments = Object.freeze({ directives: Object.freeze({}), raw: Object.freeze([]) });

/** A plain SELECT: every clause not given is empty. */
export function selectOf(parts: Partial<Omit<Select, 'kind'>> & Pick<Select, 'columns' | 'from'>): Select {
  return {
    kind: 'select',
    with: null,
    distinct: false,
    sqlCalcFoundRows: false,
    where: null,
    groupBy: [],
    having: null,
    orderBy: [],
    limit: null,
    lock: null,
    comments: NO_COMMENTS,
    ...parts,
  };
}
