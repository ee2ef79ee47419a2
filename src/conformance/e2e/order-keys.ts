/**
 * Which result columns a statement's top-level ORDER BY sorts on, so that an ordered comparison
 * can accept rows whose sort keys tie in a different order: MySQL leaves the order of ties
 * undefined, and one server and a merge of several shards break them differently.
 *
 * A key resolves to a result column when it is a column number (`order by 2`), an alias or
 * column name of the select list, or the same expression as a select item. A string literal
 * (`order by 'number'`) is a constant and sorts nothing. Any other key (an expression over
 * columns not in the result, `*` in the select list) makes the order unknowable from the rows
 * alone: then null, and the comparison stays strict.
 */
import type { Expr, SelectExpr, SelectStatement } from '../../sql/ast.js';
import { parseSql } from '../../sql/parse.js';
import { printExpr } from '../../sql/print-expr.js';

/** Zero-based result column indexes of the ORDER BY keys, or null when they can't be known. */
export function orderKeyColumns(sql: string): number[] | null {
  let statement;
  try {
    statement = parseSql(sql);
  } catch {
    return null;
  }
  if (statement.kind !== 'select' && statement.kind !== 'union') return null;
  const columns = selectList(statement);
  if (columns.some((c) => c.kind !== 'aliased')) return null;
  const items = columns as readonly Extract<SelectExpr, { kind: 'aliased' }>[];
  const keys: number[] = [];
  for (const { expr } of statement.orderBy) {
    if (expr.kind === 'literal' && expr.type === 'string') continue;
    const index = keyColumn(expr, items);
    if (index === null) return null;
    keys.push(index);
  }
  return keys;
}

function selectList(s: SelectStatement): readonly SelectExpr[] {
  return s.kind === 'select' ? s.columns : selectList(s.left);
}

function keyColumn(expr: Expr, items: readonly { readonly expr: Expr; readonly as: string | null }[]): number | null {
  if (expr.kind === 'literal' && expr.type === 'int') {
    const n = Number(expr.value);
    return n >= 1 && n <= items.length ? n - 1 : null;
  }
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (expr.kind === 'column' && expr.table === null) {
    const byAlias = items.findIndex((i) => i.as !== null && same(i.as, expr.name));
    if (byAlias >= 0) return byAlias;
  }
  const text = printExpr(expr);
  const byExpr = items.findIndex((i) => same(printExpr(i.expr), text));
  if (byExpr >= 0) return byExpr;
  if (expr.kind === 'column') {
    // `order by t.col` against `select col`: the same column when no other item has that name.
    const byName = items.filter((i) => i.expr.kind === 'column' && same(i.expr.name, expr.name));
    if (byName.length === 1) return items.indexOf(byName[0]!);
  }
  return null;
}
