/** Paths into ../shared (read-only conformance data that CI has next to the repo). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(process.env['VSCHEMA_ROUTER_SHARED'] ?? join(import.meta.dirname, '../../../shared'));
export const PLANNER_VSCHEMAS = join(SHARED, 'conformance/planner/vschemas');
export const E2E = join(SHARED, 'conformance/e2e');

export function e2eDirectories(): string[] {
  return readdirSync(E2E, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(E2E, d.name, 'meta.json')))
    .map((d) => d.name)
    .sort();
}

interface E2EMeta {
  readonly keyspaces: ReadonlyArray<{ readonly name: string; readonly vschema: string }>;
}

/** An e2e directory's keyspaces assembled into one SrvVSchema object, as the replay runner will. */
export function e2eSrvVSchema(dir: string): Record<string, unknown> {
  const base = join(E2E, dir);
  const meta = JSON.parse(readFileSync(join(base, 'meta.json'), 'utf8')) as E2EMeta;
  const keyspaces: Record<string, unknown> = {};
  for (const ks of meta.keyspaces) keyspaces[ks.name] = JSON.parse(readFileSync(join(base, ks.vschema), 'utf8'));
  const doc: Record<string, unknown> = { keyspaces };
  const rules = join(base, 'routing_rules.json');
  if (existsSync(rules)) doc['routing_rules'] = JSON.parse(readFileSync(rules, 'utf8'));
  return doc;
}
