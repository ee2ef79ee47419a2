/**
 * The SQL a shard receives, as Vitess rewrites it: tables named by their physical name without
 * keyspace qualifier (a routing rule's source name stays as an alias, a reference table may be
 * its copy in the route's keyspace), columns without keyspace qualifier, and the IN list that
 * routes the statement replaced by `::__vals` so each shard receives only its own values.
 */
import type { AliasedTable, ColumnRef, Expr, SelectStatement, TableExpr } from '../../sql/ast.js';
import { mapExpr } from '../expr/walk.js';
import type { TableLeaf } from '../semantics/leaves.js';

export interface ShardRewrite {
  /** The leaves of the route, by the FROM node that introduced them. */
  readonly tables: ReadonlyMap<AliasedTable, TableLeaf>;
  /** The predicate node that routes an IN, replaced by `col in ::__vals` (`::__valsN` for column N of a multi-column vindex). */
  readonly inPredicate: { readonly node: Expr; readonly list: string } | null;
  /** Expressions to print differently (a pulled-out subquery's bind variables). */
  readonly replaced: ReadonlyMap<Expr, Expr>;
}

export function rewriteTableName(t: AliasedTable, rw: ShardRewrite): AliasedTable {
  const leaf = rw.tables.get(t);
  // A system table is read from its schema on the shard (the shard's own database is not it),
  // also when the session's `use information_schema` left it unqualified.
  if (leaf?.system) return t.name.qualifier ? t : { ...t, name: { qualifier: leaf.system, name: t.name.name } };
  if (!leaf || leaf.table.name === 'dual') return t.name.qualifier ? { ...t, name: { qualifier: null, name: t.name.name } } : t;
  const physical = leaf.table.name;
  const as = t.as ?? (physical !== t.name.name ? t.name.name : null);
  return { ...t, name: { qualifier: null, name: physical }, as };
}

export function rewriteExpr(e: Expr, rw: ShardRewrite): Expr {
  return mapExpr(e, (n) => {
    const r = rw.replaced.get(n);
    if (r) return rewriteExpr(r, rw);
    if (rw.inPredicate && n === rw.inPredicate.node && n.kind === 'in') {
      return { ...n, expr: rewriteExpr(n.expr, rw), list: { kind: 'bind', name: rw.inPredicate.list, list: true } };
    }
    if (n.kind === 'column') return unqualified(n);
    if (n.kind === 'subquery' || n.kind === 'exists') return { ...n, select: rewriteShardStatement(n.select, rw) };
    if (n.kind === 'in' && !Array.isArray(n.list) && (n.list as Expr).kind === 'subquery') {
      const sq = n.list as Extract<Expr, { kind: 'subquery' }>;
      return { ...n, expr: rewriteExpr(n.expr, rw), list: { ...sq, select: rewriteShardStatement(sq.select, rw) } };
    }
    return undefined;
  });
}

function unqualified(c: ColumnRef): ColumnRef {
  return c.table?.qualifier ? { ...c, table: { qualifier: null, name: c.table.name } } : c;
}

export function rewriteTableExprForShard(t: TableExpr, rw: ShardRewrite): TableExpr {
  switch (t.kind) {
    case 'table':
      return rewriteTableName(t, rw);
    case 'derived':
      return { ...t, select: rewriteShardStatement(t.select, rw) };
    case 'join':
      return { ...t, left: rewriteTableExprForShard(t.left, rw), right: rewriteTableExprForShard(t.right, rw), on: t.on ? rewriteExpr(t.on, rw) : null };
  }
}

export function rewriteShardStatement(s: SelectStatement, rw: ShardRewrite): SelectStatement {
  const w = s.with ? { ...s.with, ctes: s.with.ctes.map((c) => ({ ...c, select: rewriteShardStatement(c.select, rw) })) } : null;
  if (s.kind === 'union') return { ...s, with: w, left: rewriteShardStatement(s.left, rw), right: rewriteShardStatement(s.right, rw) };
  const ex = (e: Expr): Expr => rewriteExpr(e, rw);
  return {
    ...s,
    with: w,
    columns: s.columns.map((c) => (c.kind === 'aliased' ? { ...c, expr: ex(c.expr) } : c.kind === 'star' && c.table?.qualifier ? { ...c, table: { qualifier: null, name: c.table.name } } : c)),
    from: s.from.map((t) => rewriteTableExprForShard(t, rw)),
    where: s.where ? ex(s.where) : null,
    groupBy: s.groupBy.map(ex),
    having: s.having ? ex(s.having) : null,
    orderBy: s.orderBy.map((o) => ({ ...o, expr: ex(o.expr) })),
  };
}
