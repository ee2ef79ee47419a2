/**
 * Shrinks a mismatching query while it still mismatches the same way: drops union branches,
 * joins, select items, WHERE/HAVING conjuncts, GROUP BY and ORDER BY keys, LIMIT, DISTINCT,
 * list elements, OR/NOT wrappers and function calls, and shrinks literals. Candidates are tried
 * smallest first; each accepted one must print shorter, so the search ends. A candidate that
 * breaks the query (both sides fail) or changes how it fails does not count as "still failing".
 */
import { isComparable, print, type Query, type Select } from './query.js';
import { runBoth, type RunInput, type Verdict } from './runner.js';
import type { World } from './world.js';

export interface Minimised {
  readonly input: RunInput;
  readonly verdict: Verdict;
  readonly tries: number;
}

// Lists that must keep one element to stay valid SQL.
const MIN_LENGTH: Record<string, number> = { items: 1, list: 1, args: 1 };

export async function minimise(world: World, start: RunInput, signature: string, budget = 300): Promise<Minimised> {
  let best = start;
  let bestVerdict: Verdict | undefined;
  let tries = 0;
  const stillFails = async (input: RunInput): Promise<Verdict | undefined> => {
    tries++;
    const v = await runBoth(world, input);
    return v.kind === 'mismatch' && v.signature === signature ? v : undefined;
  };
  // Plain literals make the shortest reproducer, when the placeholders do not matter.
  if (start.params) {
    const v = await stillFails({ ...start, params: false });
    if (v) { best = { ...start, params: false }; bestVerdict = v; }
  }
  search: while (tries < budget) {
    const size = print(best.q).sql.length;
    const seen = new Set<string>();
    const candidates = shrinkQuery(best.q)
      .filter(isComparable)
      .map((q) => ({ q, sql: print(q).sql }))
      .filter((c) => c.sql.length < size && !seen.has(c.sql) && seen.add(c.sql))
      .sort((a, b) => a.sql.length - b.sql.length);
    for (const c of candidates) {
      if (tries >= budget) break search;
      const v = await stillFails({ ...best, q: c.q });
      if (v) {
        best = { ...best, q: c.q };
        bestVerdict = v;
        continue search;
      }
    }
    break;
  }
  return { input: best, verdict: bestVerdict ?? await runBoth(world, best), tries };
}

/** Every query one shrinking step away. */
export function shrinkQuery(q: Query): Query[] {
  return variants(q, '').filter((v): v is Query => isQueryNode(v));
}

function isQueryNode(v: unknown): v is Query {
  return typeof v === 'object' && v !== null && ((v as { k?: unknown }).k === 'select' || (v as { k?: unknown }).k === 'union');
}

type Node = Record<string, unknown>;

function variants(node: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(node)) {
    if (node.length > (MIN_LENGTH[key] ?? 0)) for (let i = 0; i < node.length; i++) out.push(node.filter((_, j) => j !== i));
    if (key === 'groupBy' && node.length > 0) out.push([]);
    node.forEach((child, i) => {
      for (const v of variants(child, key)) out.push(node.map((x, j) => (j === i ? v : x)));
    });
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const n = node as Node;
  out.push(...ownVariants(n));
  for (const [field, child] of Object.entries(n)) {
    if (field === 'limit' && child !== null) out.push({ ...n, limit: null });
    if (field === 'distinct' && child === true) out.push({ ...n, distinct: false });
    if (typeof child === 'object' && child !== null) for (const v of variants(child, field)) out.push({ ...n, [field]: v });
  }
  return out;
}

/** Replacements of a node by something simpler of the same role. */
function ownVariants(n: Node): unknown[] {
  switch (n.k) {
    case 'union': {
      // Dropping a column must drop it from every branch at once.
      const width = leftmost(n as unknown as Query).items.length;
      const narrower = width > 1 ? Array.from({ length: width }, (_, i) => dropColumn(n as unknown as Query, i)) : [];
      return [n.left, n.right, ...narrower];
    }
    case 'and': case 'or': case 'func': return n.args as unknown[];
    case 'not': return [n.e];
    case 'arith': return [n.l];
    case 'lit': return smallerLiterals(n.v).map((v) => ({ ...n, v }));
    default: break;
  }
  if ('n' in n && 'offset' in n) { // a LIMIT
    const out: unknown[] = [];
    if ((n.offset as number) > 0) out.push({ ...n, offset: 0 });
    if ((n.n as number) > 1) out.push({ ...n, n: 1 });
    return out;
  }
  return [];
}

function smallerLiterals(v: unknown): unknown[] {
  if (typeof v === 'number') return [0, 1, Math.trunc(v / 2)].filter((x) => Math.abs(x) < Math.abs(v) || (x === 0 && v !== 0));
  if (typeof v === 'string') {
    if (/^-?[0-9]+(\.[0-9]+)?$/.test(v)) return v === '0' ? [] : ['0', '1'];
    return v.length > 0 ? ['', v.slice(0, 1)].filter((x) => x !== v) : [];
  }
  return [];
}

function leftmost(q: Query): Select {
  return q.k === 'select' ? q : leftmost(q.left);
}

function dropColumn(q: Query, i: number): Query {
  if (q.k === 'select') return { ...q, items: q.items.filter((_, j) => j !== i) };
  const name = leftmost(q).items[i]?.as;
  return { ...q, left: dropColumn(q.left, i), right: dropColumn(q.right, i), orderBy: q.orderBy.filter((o) => !(o.e.k === 'ref' && o.e.name === name)) };
}
