/** SELECT, UNION, WITH and table expressions in Vitess's output style. */

import type { Comments, Limit, Select, SelectExpr, SelectStatement, TableExpr, Union, With } from './ast.js';
import { formatIdent } from './keywords.js';
import { printExpr, printOrderBy, printTableName } from './print-expr.js';

export function printComments(c: Comments): string {
  return c.raw.map((r) => `${r} `).join('');
}

export function printLimit(l: Limit | null): string {
  if (l === null) return '';
  return l.offset === null ? ` limit ${printExpr(l.rowCount)}` : ` limit ${printExpr(l.offset)}, ${printExpr(l.rowCount)}`;
}

export function printWith(w: With): string {
  // Vitess ends each CTE with a space, so a second one reads `) , b as (`.
  const ctes = w.ctes.map((c) => {
    const cols = c.columns.length === 0 ? '' : `(${c.columns.map(formatIdent).join(', ')})`;
    return `${formatIdent(c.name)}${cols} as (${printQuery(c.select)}) `;
  });
  return `with ${w.recursive ? 'recursive ' : ''}${ctes.join(', ')}`;
}

export function printQuery(q: SelectStatement): string {
  const w = q.with === null ? '' : printWith(q.with);
  return w + (q.kind === 'select' ? printSelect(q, q.comments) : printUnion(q, q.comments));
}

// A union side needs parentheses only when it has its own ORDER BY, LIMIT, lock or INTO (as in Vitess).
function needsParens(q: SelectStatement): boolean {
  return q.with !== null || q.orderBy.length > 0 || q.limit !== null || (q.kind === 'select' && (q.lock !== null || (q.into ?? null) !== null));
}

/** A union side; `c` are the comments of the whole union, printed after its first SELECT keyword. */
function side(q: SelectStatement, c: Comments): string {
  if (needsParens(q)) return `(${printQuery(q)})`;
  return q.kind === 'select' ? printSelect(q, c) : printUnion(q, c);
}

const NONE: Comments = { directives: {}, raw: [] };

function printUnion(u: Union, c: Comments): string {
  const order = u.orderBy.length === 0 ? '' : ` order by ${printOrderBy(u.orderBy)}`;
  return `${side(u.left, c)} ${u.distinct ? 'union' : 'union all'} ${side(u.right, NONE)}${order}${printLimit(u.limit)}`;
}

function printSelect(s: Select, c: Comments): string {
  const head = `select ${printComments(c.raw.length > 0 ? c : s.comments)}${s.distinct ? 'distinct ' : ''}${s.sqlCalcFoundRows ? 'sql_calc_found_rows ' : ''}`;
  const from = s.from.length === 0 ? 'dual' : s.from.map(printTableExpr).join(', ');
  let out = `${head}${s.columns.map(printSelectExpr).join(', ')} from ${from}`;
  if (s.where !== null) out += ` where ${printExpr(s.where)}`;
  if (s.groupBy.length > 0) out += ` group by ${s.groupBy.map(printExpr).join(', ')}${s.rollup ? ' with rollup' : ''}`;
  if (s.having !== null) out += ` having ${printExpr(s.having)}`;
  if (s.orderBy.length > 0) out += ` order by ${printOrderBy(s.orderBy)}`;
  out += printLimit(s.limit);
  if (s.lock !== null) out += ` ${s.lock}`;
  if (s.into !== undefined && s.into !== null) out += ` ${s.into}`;
  return out;
}

export function printSelectExpr(e: SelectExpr): string {
  switch (e.kind) {
    case 'star':
      return e.table === null ? '*' : `${printTableName(e.table)}.*`;
    case 'aliased':
      return e.as === null ? printExpr(e.expr) : `${printExpr(e.expr)} as ${formatIdent(e.as)}`;
    case 'next':
      return `next ${printExpr(e.count)} values`;
  }
}

export function printTableExpr(t: TableExpr): string {
  switch (t.kind) {
    case 'table': {
      const as = t.as === null ? '' : ` as ${formatIdent(t.as)}`;
      return `${printTableName(t.name)}${as}${t.hints.map((h) => ` ${h}`).join('')}`;
    }
    case 'derived': {
      const cols = t.columns.length === 0 ? '' : `(${t.columns.map(formatIdent).join(', ')})`;
      const as = t.as === '' ? '' : ` as ${formatIdent(t.as)}${cols}`;
      return `${t.lateral ? 'lateral ' : ''}(${printQuery(t.select)})${as}`;
    }
    case 'join': {
      const right = t.right.kind === 'join' ? `(${printTableExpr(t.right)})` : printTableExpr(t.right);
      const cond = t.on !== null ? ` on ${printExpr(t.on)}` : t.using !== null ? ` using (${t.using.map(formatIdent).join(', ')})` : '';
      return `${printTableExpr(t.left)} ${t.type} ${right}${cond}`;
    }
  }
}
