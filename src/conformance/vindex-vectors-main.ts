/**
 * `node dist/conformance-vindexes.js FILE [--verbose]` (npm run conformance:vindexes -- FILE):
 * checks every vector of a file in the format of vindex_vectors.json. Prints one FAIL line per
 * failed vector, one UNCHECKED line per vector it could not check, and ends with exactly
 * `N passed, N failed`. Exit 0 all checked vectors passed, 1 some failed, 2 usage error or
 * unreadable file. A development tool: built into dist as a file, not exported by the package.
 */
import { readFileSync } from 'node:fs';
import { checkVectorFile } from './vindex-vectors/check-file.js';
import type { VectorOutcome, VectorReport } from './vindex-vectors/report.js';
import { vindexesReady } from '../vindexes/crypto/xxhash64.js';

const USAGE = 'usage: conformance-vindexes FILE [--verbose]\n  FILE: vectors in the format of vindex_vectors.json (see its _meta.conventions)';

export interface MainIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export async function main(argv: readonly string[], io: MainIO): Promise<number> {
  const verbose = argv.includes('--verbose');
  const rest = argv.filter((a) => a !== '--verbose');
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    io.err(rest.some((a) => a === '--help' || a === '-h') ? USAGE : `expected one FILE argument\n${USAGE}`);
    return 2;
  }
  const file = rest[0]!;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    io.err(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    io.err(`cannot read ${file}: not a JSON object of vector groups`);
    return 2;
  }
  await vindexesReady();
  const report = await checkVectorFile(json);
  print(report, verbose, io);
  return report.failed > 0 ? 1 : 0;
}

const label = (o: VectorOutcome): string => (o.index < 0 ? o.group : `${o.group}#${o.index}`);

function print(report: VectorReport, verbose: boolean, io: MainIO): void {
  if (verbose) {
    for (const o of report.outcomes) if (o.status === 'passed') io.out(`ok ${label(o)} ${o.description}`);
  }
  for (const o of report.outcomes) if (o.status === 'failed') io.out(`FAIL ${label(o)} ${o.description}: ${o.reason}`);
  for (const o of report.outcomes) if (o.status === 'unchecked') io.out(`UNCHECKED ${label(o)}: ${o.reason}`);
  if (verbose) {
    for (const [group, c] of Object.entries(report.groups)) io.out(`${group}: ${c.passed} passed, ${c.failed} failed, ${c.unchecked} not checked`);
  }
  if (report.unchecked > 0) io.out(`${report.unchecked} not checked (listed above)`);
  io.out(`${report.passed} passed, ${report.failed} failed`);
}

main(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
