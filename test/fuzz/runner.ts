/**
 * Runs one query on both sides and classifies the outcome:
 *   agree        same rows (in order when the query fixes one, else as multisets);
 *   mismatch     rows differ, or exactly one side fails;
 *   unsupported  the router refused with a typed "not supported" error (its own
 *                OPERATOR_NOT_SUPPORTED, naming the operator, or the planner's VT12001 /
 *                PLANNER_NOT_IMPLEMENTED): counted apart, never as agreement;
 *   both-error   both sides failed (a query the generator should not have made).
 * Rows are compared with the e2e comparison (src/conformance/e2e/compare.ts).
 */
import { outcomeOf, sameRows, show, type Outcome } from '../../src/conformance/e2e/compare.js';
import { VSchemaRouterError } from '../../src/errors.js';
import { fold, isTotalOrder, mustFold, print, type Query } from './query.js';
import type { World } from './world.js';

export type Verdict =
  | { readonly kind: 'agree' }
  | { readonly kind: 'both-error'; readonly detail: string }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'mismatch'; readonly signature: string; readonly detail: string };

export interface RunInput {
  readonly q: Query;
  /** Literals in WHERE as `?` placeholders with values. */
  readonly params: boolean;
}

const UNSUPPORTED_CODES = new Set(['VT12001', 'PLANNER_NOT_IMPLEMENTED']);

export async function runBoth(world: World, input: RunInput): Promise<Verdict> {
  const { sql, values } = print(input.q, input.params);
  const args = input.params ? [values] : [];
  const [viaRouter, viaSingle] = await Promise.all([
    attempt(() => world.router.query(sql, ...args)),
    attempt(() => world.single.query(sql, ...args)),
  ]);
  if ('error' in viaRouter) {
    const err = viaRouter.error;
    if (err instanceof VSchemaRouterError && err.code === 'OPERATOR_NOT_SUPPORTED') {
      return { kind: 'unsupported', what: `operator ${String(err.details.operator ?? err.message)}` };
    }
    if (err instanceof VSchemaRouterError && UNSUPPORTED_CODES.has(err.code)) {
      return { kind: 'unsupported', what: err.message.replace(/\s+/g, ' ').slice(0, 100) };
    }
  }
  const a = outcome(viaRouter);
  const b = outcome(viaSingle);
  if (!a.ok && !b.ok) return { kind: 'both-error', detail: `router: ${a.error.split('\n')[0]} | single: ${b.error.split('\n')[0]}` };
  if (!a.ok) return { kind: 'mismatch', signature: `router-error:${codeOf(viaRouter)}`, detail: `router fails, MariaDB does not.\n  router: ${show(a)}\n  single: ${show(b)}` };
  if (!b.ok) return { kind: 'mismatch', signature: 'single-error', detail: `MariaDB fails, the router does not.\n  router: ${show(a)}\n  single: ${show(b)}` };
  const folding = mustFold(input.q);
  const rows = (o: Outcome): string[][] => (o.ok ? (o.rows ?? []).map((r) => r.map((v) => (folding ? fold(v) : v))) : []);
  const ordered = isTotalOrder(input.q);
  if (sameRows(rows(a), rows(b), ordered)) return { kind: 'agree' };
  return {
    kind: 'mismatch',
    signature: `rows:${shapeOf(rows(a), rows(b), ordered)}`,
    detail: `rows differ (${ordered ? 'ordered' : 'unordered'}${folding ? ', collation-folded' : ''}): ${difference(rows(a), rows(b), ordered)}\n  router: ${show(a)}\n  single: ${show(b)}`,
  };
}

/** How rows differ, so minimising keeps the same kind of difference: columns, extra, missing, both, order. */
function shapeOf(router: readonly string[][], single: readonly string[][], ordered: boolean): string {
  const width = (rows: readonly string[][]): number => rows[0]?.length ?? -1;
  if (router.length > 0 && single.length > 0 && width(router) !== width(single)) return 'columns';
  const d = difference(router, single, ordered);
  if (d.startsWith('same rows')) return 'order';
  const extra = !d.includes('only the router has none');
  const missing = !d.includes('only MariaDB has none');
  return extra && missing ? 'both' : extra ? 'extra' : 'missing';
}

/** What differs, briefly: the first differing position, or the rows only one side has. */
export function difference(router: readonly string[][], single: readonly string[][], ordered: boolean): string {
  const key = (r: readonly string[]): string => JSON.stringify(r);
  const remaining = new Map<string, number>();
  for (const r of single) remaining.set(key(r), (remaining.get(key(r)) ?? 0) + 1);
  const extra: string[] = [];
  for (const r of router) {
    const n = remaining.get(key(r)) ?? 0;
    if (n > 0) remaining.set(key(r), n - 1);
    else extra.push(key(r));
  }
  const missing = [...remaining].flatMap(([k, n]) => Array<string>(n).fill(k));
  const few = (list: string[]): string => `${list.slice(0, 4).join(' ')}${list.length > 4 ? ` (+${list.length - 4})` : ''}`;
  if (extra.length === 0 && missing.length === 0 && ordered) {
    const at = router.findIndex((r, i) => key(r) !== key(single[i]!));
    return `same rows, different order from row ${at}: router ${key(router[at]!)}, single ${key(single[at]!)}`;
  }
  return `${router.length} vs ${single.length} rows; only the router has ${extra.length ? few(extra) : 'none'}; only MariaDB has ${missing.length ? few(missing) : 'none'}`;
}

type Attempt = { readonly result: [unknown, unknown] } | { readonly error: unknown };

async function attempt(run: () => Promise<unknown>): Promise<Attempt> {
  try {
    return { result: (await run()) as [unknown, unknown] };
  } catch (error) {
    return { error };
  }
}

function outcome(a: Attempt): Outcome {
  if ('error' in a) {
    const e = a.error as { code?: unknown; message?: unknown };
    return { ok: false, error: `${String(e?.code ?? 'ERROR')}: ${String(e?.message ?? e)}` };
  }
  return outcomeOf(a.result);
}

function codeOf(a: Attempt): string {
  return 'error' in a ? String((a.error as { code?: unknown })?.code ?? 'ERROR') : '';
}
