/**
 * The features a query uses, read from its tree, so the report can say which constructs agree,
 * mismatch or are not supported yet. A query counts under every feature it has.
 */
import { walkExprs, type Expr, type Query, type Select, type Source } from './query.js';
import { table } from './schema.js';

export function featuresOf(q: Query): string[] {
  const out = new Set<string>();
  visit(q, out);
  return [...out].sort();
}

function visit(q: Query, out: Set<string>): void {
  if (q.k === 'union') {
    out.add(q.all ? 'union-all' : 'union');
    if (q.orderBy.length > 0) out.add('order-by');
    if (q.limit) out.add(q.limit.offset > 0 ? 'limit-offset' : 'limit');
    visit(q.left, out);
    visit(q.right, out);
    return;
  }
  selectFeatures(q, out);
}

function selectFeatures(s: Select, out: Set<string>): void {
  const sources = [s.from, ...s.joins.map((j) => j.src)];
  for (const src of sources) {
    if (src.k === 'derived') {
      out.add('derived');
      visit(src.q, out);
    } else {
      const t = table(src.name);
      if (t.kind !== 'sharded') out.add(t.kind);
    }
  }
  if (s.joins.length === 0 && s.from.k === 'table' && table(s.from.name).kind === 'sharded') out.add(routing(s));
  const tables = new Map(sources.flatMap((src) => (src.k === 'table' ? [[src.as, src.name] as const] : [])));
  for (const j of s.joins) {
    out.add(j.kind === 'left' ? 'left-join' : 'join');
    out.add(joinKind(j.src, j.on, tables));
  }
  if (s.distinct) out.add('distinct');
  if (s.groupBy.length > 0) out.add('group-by');
  if (s.having.length > 0) out.add('having');
  if (s.orderBy.length > 0) out.add('order-by');
  if (s.limit) out.add(s.limit.offset > 0 ? 'limit-offset' : 'limit');
  for (const e of walkExprs({ ...s, from: { k: 'table', name: 'user', as: '_', pk: 'id' }, joins: [] })) {
    if (e.k === 'agg') out.add(e.distinct ? `${e.fn}-distinct` : e.fn === 'count' && !e.arg ? 'count-star' : e.fn);
    if (e.k === 'insub') out.add(e.not ? 'not-in-subquery' : 'in-subquery');
    if (e.k === 'exists') out.add(e.not ? 'not-exists' : 'exists');
  }
}

/** How a single sharded table is reached: one shard by its vindex, an IN list, or every shard. */
function routing(s: Select): string {
  const vindexPreds = s.where.filter((e) => (e.k === 'cmp' && e.op === '=' && isVindex(e.l) && e.r.k === 'lit') || (e.k === 'in' && !e.not && isVindex(e.e)));
  if (vindexPreds.some((e) => e.k === 'cmp')) return 'point';
  if (vindexPreds.length > 0) return 'in-list';
  return 'scatter';
}

const isVindex = (e: Expr): boolean => e.k === 'col' && e.key === 'vindex';

function joinKind(right: Source, on: readonly Expr[], tables: ReadonlyMap<string, string>): string {
  if (right.k === 'derived') return 'join-derived';
  const rt = table(right.name);
  if (rt.kind === 'reference') return 'join-reference';
  if (rt.kind === 'unsharded') return 'join-unsharded';
  // Same shard when the ON clause equates two primary vindex columns of the same vindex.
  const vindexOf = (e: Expr): string | undefined => {
    if (!isVindex(e) || e.k !== 'col') return undefined;
    const name = tables.get(e.t);
    return name === undefined ? undefined : table(name).vindex;
  };
  const sameShard = on.some((e) => e.k === 'cmp' && e.op === '=' && vindexOf(e.l) !== undefined && vindexOf(e.l) === vindexOf(e.r));
  return sameShard ? 'join-same-shard' : 'join-cross-shard';
}
