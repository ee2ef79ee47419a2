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
    signature: 'rows',
    detail: `rows differ (${ordered ? 'ordered' : 'unordered'}${folding ? ', collation-folded' : ''}).\n  router: ${show(a)}\n  single: ${show(b)}`,
  };
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
