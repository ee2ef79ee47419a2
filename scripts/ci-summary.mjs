#!/usr/bin/env node
// Prints the one `N passed, N failed` line that CI reads: it does not parse vitest's own output.
// Usage: node scripts/ci-summary.mjs <vitest-json-report> <exit status of the test command>
import { readFileSync } from 'node:fs';

const [file = '.tmp/vitest.json', statusArg = '0'] = process.argv.slice(2);
const status = Number(statusArg);

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A file that fails before any of its tests run (an import error, the CI database gate) adds no
  // failed test to the totals, so count each such file as one failure.
  for (const result of report.testResults ?? []) {
    const anyTestFailed = (result.assertionResults ?? []).some((a) => a.status === 'failed');
    if (result.status === 'failed' && !anyTestFailed) failed += 1;
  }
} catch {
  // No report: the run stopped before vitest wrote one (build, typecheck, or vitest itself crashed).
  passed = 0;
  failed = 1;
}
// A non-zero exit with no failed test (unhandled error, timeout) must not read as a clean run.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
