/**
 * Plans every case of a cases file (visible.jsonl's format) with its VSchema and harness
 * settings and returns the `{"id", "actual": E}` lines compare.py reads. A statement the
 * planner rejects becomes `{"error": message}`; an unexpected crash is reported the same way
 * (prefixed `internal error:`) and counted, so one bad case never stops a run.
 */
import { readFileSync } from 'node:fs';
import { VSchemaRouterError } from '../../errors.js';
import { Planner } from '../../planner/planner.js';
import { toE } from './e-format.js';
import { caseSettings, caseTarget, HARNESS_SESSION, VSchemaCache, type HarnessFile, type PlannerCase } from './harness.js';

export interface ActualLine {
  readonly id: string;
  readonly actual: Readonly<Record<string, unknown>>;
}

export interface RunResult {
  readonly lines: readonly ActualLine[];
  /** Cases whose planning threw something other than a planner error (a bug). */
  readonly internalErrors: number;
}

export function readCases(path: string): PlannerCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as PlannerCase);
}

export function runPlannerCases(cases: readonly PlannerCase[], vschemaDir: string, harness: HarnessFile): RunResult {
  const vschemas = new VSchemaCache(vschemaDir, harness);
  const planners = new Map<string, Planner>();
  const lines: ActualLine[] = [];
  let internalErrors = 0;
  for (const c of cases) {
    try {
      const settings = caseSettings(c, harness);
      const key = `${c.vschema}|${JSON.stringify(settings)}`;
      let planner = planners.get(key);
      if (!planner) {
        planner = new Planner(vschemas.get(c.vschema), settings);
        planners.set(key, planner);
      }
      lines.push({ id: c.id, actual: toE(planner.explain(c.query, { target: caseTarget(c, harness), session: HARNESS_SESSION })) });
    } catch (err) {
      if (!(err instanceof VSchemaRouterError)) internalErrors++;
      const message = err instanceof VSchemaRouterError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
      lines.push({ id: c.id, actual: { error: message } });
    }
  }
  return { lines, internalErrors };
}

export function toJsonl(lines: readonly ActualLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
