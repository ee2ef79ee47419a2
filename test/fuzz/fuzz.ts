/**
 * One fuzz run: `queries` seeded queries through both sides, counted per outcome and per
 * feature; the first mismatches are minimised and reported with the seed and query number
 * that reproduce them (`npm run fuzz -- --seed S --only N`).
 */
import { featuresOf } from './features.js';
import { QueryGenerator } from './generator.js';
import { minimise } from './minimise.js';
import { print, type Query } from './query.js';
import { Random } from './random.js';
import { runBoth, type RunInput, type Verdict } from './runner.js';
import type { World } from './world.js';

export interface FuzzOptions {
  readonly seed: number;
  readonly queries: number;
  /** Run only this query number (reproducing one report). */
  readonly only?: number;
  /** Mismatches minimised (the rest are listed as found). */
  readonly minimiseFirst?: number;
  readonly log?: (line: string) => void;
}

type Kind = Verdict['kind'];
export type Counts = Record<Kind, number>;

export interface Mismatch {
  readonly index: number;
  readonly sql: string;
  readonly params: readonly unknown[] | null;
  readonly features: readonly string[];
  readonly detail: string;
  readonly minimal?: { readonly sql: string; readonly params: readonly unknown[] | null; readonly detail: string; readonly tries: number };
}

export interface FuzzReport {
  readonly seed: number;
  readonly totals: Counts;
  readonly byFeature: ReadonlyMap<string, Counts>;
  readonly unsupported: ReadonlyMap<string, number>;
  readonly bothErrors: readonly string[];
  readonly mismatches: readonly Mismatch[];
}

const zero = (): Counts => ({ agree: 0, mismatch: 0, unsupported: 0, 'both-error': 0 });

/** The query numbered `index` of a seed: the same on every run, independent of the others. */
export function queryAt(world: World, seed: number, index: number): RunInput {
  const r = new Random((Math.imul(seed, 2654435761) + index) >>> 0);
  const q: Query = new QueryGenerator(r, world.data).query();
  return { q, params: r.chance(0.25) };
}

export async function fuzz(world: World, options: FuzzOptions): Promise<FuzzReport> {
  const totals = zero();
  const byFeature = new Map<string, Counts>();
  const unsupported = new Map<string, number>();
  const bothErrors: string[] = [];
  const mismatches: Mismatch[] = [];
  const minimalSeen = new Set<string>();
  const indexes = options.only !== undefined ? [options.only] : Array.from({ length: options.queries }, (_, i) => i);
  for (const index of indexes) {
    const input = queryAt(world, options.seed, index);
    const verdict = await runBoth(world, input);
    const features = featuresOf(input.q);
    totals[verdict.kind]++;
    for (const f of features) {
      const c = byFeature.get(f) ?? zero();
      c[verdict.kind]++;
      byFeature.set(f, c);
    }
    if (verdict.kind === 'unsupported') unsupported.set(verdict.what, (unsupported.get(verdict.what) ?? 0) + 1);
    if (verdict.kind === 'both-error') bothErrors.push(`#${index} ${print(input.q).sql}\n    ${verdict.detail}`);
    if (verdict.kind !== 'mismatch') continue;
    const printed = print(input.q, input.params);
    let m: Mismatch = { index, sql: printed.sql, params: input.params ? printed.values : null, features, detail: verdict.detail };
    if (mismatches.length < (options.minimiseFirst ?? 10)) {
      const small = await minimise(world, input, verdict.signature);
      const p = print(small.input.q, small.input.params);
      const detail = small.verdict.kind === 'mismatch' ? small.verdict.detail : verdict.detail;
      m = { ...m, minimal: { sql: p.sql, params: small.input.params ? p.values : null, detail, tries: small.tries } };
      if (minimalSeen.has(p.sql)) m = { ...m, detail: `${m.detail}\n  (same minimal reproducer as an earlier mismatch)` };
      minimalSeen.add(p.sql);
    }
    mismatches.push(m);
    options.log?.(formatMismatch(options.seed, m));
  }
  return { seed: options.seed, totals, byFeature, unsupported, bothErrors, mismatches };
}

export function formatMismatch(seed: number, m: Mismatch): string {
  const lines = [`MISMATCH seed ${seed} query #${m.index} [${m.features.join(', ')}]`, `  ${m.sql}`];
  if (m.params) lines.push(`  params: ${showParams(m.params)}`);
  lines.push(`  ${m.detail}`);
  if (m.minimal) {
    lines.push(`  minimal reproducer (${m.minimal.tries} tries):`, `    ${m.minimal.sql}`);
    if (m.minimal.params) lines.push(`    params: ${showParams(m.minimal.params)}`);
    lines.push(`    ${m.minimal.detail.replace(/\n/g, '\n    ')}`);
  }
  return lines.join('\n');
}

export function formatReport(r: FuzzReport): string {
  const t = r.totals;
  const total = t.agree + t.mismatch + t.unsupported + t['both-error'];
  const lines = [
    `fuzz seed ${r.seed}: ${total} queries: ${t.agree} agree, ${t.mismatch} mismatch, ${t.unsupported} unsupported, ${t['both-error']} both-error`,
    'by feature (agree / mismatch / unsupported / both-error):',
  ];
  const width = Math.max(...[...r.byFeature.keys()].map((k) => k.length), 8);
  for (const [f, c] of [...r.byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${f.padEnd(width)}  ${String(c.agree).padStart(5)} ${String(c.mismatch).padStart(5)} ${String(c.unsupported).padStart(5)} ${String(c['both-error']).padStart(5)}`);
  }
  if (r.unsupported.size > 0) {
    lines.push('unsupported by the router:');
    for (const [what, n] of [...r.unsupported].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${what}`);
  }
  if (r.bothErrors.length > 0) lines.push(`both sides failed (${r.bothErrors.length}), first: ${r.bothErrors[0]}`);
  return lines.join('\n');
}

const showParams = (values: readonly unknown[]): string =>
  `[${values.map((v) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v))).join(', ')}]`;
