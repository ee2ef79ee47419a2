/**
 * `node dist/conformance-planner.js CASES.jsonl [VSCHEMAS_DIR] [HARNESS.json] [OUT.jsonl]`
 * (also `--vschemas DIR`, `--harness FILE`, `--out FILE`; npm run conformance:planner -- ...):
 * plans every case of a cases file in visible.jsonl's format and writes compare.py's input
 * (default: .tmp/planner-actual.jsonl, kept out of the repository). VSCHEMAS_DIR and HARNESS default to `vschemas/` and `harness.json`
 * next to CASES. When python3 and compare.py (next to CASES) exist, prints compare.py's summary.
 * A development tool: built into dist as a file, not exported by the package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readHarness } from './planner/harness.js';
import { readCases, runPlannerCases, toJsonl } from './planner/run.js';

const USAGE = 'usage: conformance-planner CASES.jsonl [VSCHEMAS_DIR] [HARNESS.json] [OUT.jsonl] [--vschemas DIR] [--harness FILE] [--out FILE]';

export function main(argv: readonly string[]): number {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (a.startsWith('--')) {
      const v = argv[++i];
      if (v === undefined) return usage(`${a} needs a value`);
      flags.set(a.slice(2), v);
    } else positional.push(a);
  }
  const cases = positional[0];
  if (!cases) return usage('expected CASES.jsonl');
  const base = dirname(cases);
  const vschemas = flags.get('vschemas') ?? positional[1] ?? join(base, 'vschemas');
  const harnessPath = flags.get('harness') ?? positional[2] ?? join(base, 'harness.json');
  const out = flags.get('out') ?? positional[3] ?? '.tmp/planner-actual.jsonl';
  mkdirSync(dirname(out), { recursive: true });
  const result = runPlannerCases(readCases(cases), vschemas, existsSync(harnessPath) ? readHarness(harnessPath) : {});
  writeFileSync(out, toJsonl(result.lines));
  process.stdout.write(`wrote ${result.lines.length} plans to ${out}${result.internalErrors ? ` (${result.internalErrors} internal errors)` : ''}\n`);
  const compare = join(base, 'compare.py');
  if (existsSync(compare)) {
    const r = spawnSync('python3', [compare, cases, out], { stdio: 'inherit' });
    if (r.error) process.stdout.write('python3 not found: run compare.py yourself to score the output\n');
  }
  return result.internalErrors > 0 ? 1 : 0;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
