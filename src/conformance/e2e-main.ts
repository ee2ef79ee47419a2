/**
 * npm run conformance:e2e -- DIR [DIR...]: replays corpus directories through the router over two
 * throwaway MariaDB servers (started here, on free 127.0.0.1 ports; or the server MYSQL_URL names)
 * and on one plain database, then prints each failing case, the cases it could not run or check,
 * and `N passed, N failed`. Exit status 1 when any case failed.
 */
import { resolve } from 'node:path';
import { startDbCluster } from '../../test/support/mariadb.js';
import { replayDirectory, type ReplayServer } from './e2e/replay.js';

async function main(argv: readonly string[]): Promise<number> {
  const dirs = argv.filter((a) => !a.startsWith('-'));
  const verbose = argv.includes('--verbose');
  if (dirs.length === 0) {
    process.stderr.write('usage: npm run conformance:e2e -- DIR [DIR...] [--verbose]\n');
    return 2;
  }
  const cluster = await startDbCluster({ servers: 2 });
  let passed = 0;
  let failed = 0;
  try {
    for (const dir of dirs) {
      const report = await replayDirectory(resolve(dir), cluster.servers as unknown as ReplayServer[]);
      passed += report.passed;
      failed += report.failed;
      const out: string[] = [`== ${dir}`];
      for (const c of report.cases) {
        if (c.verdict === 'failed') out.push(`FAIL line ${c.index + 1} [${c.test}] ${oneLine(c.sql)}\n     ${c.why ?? ''}`);
      }
      const notRun = report.cases.filter((c) => c.verdict === 'cannot-run');
      const unchecked = report.cases.filter((c) => c.verdict === 'unchecked');
      if (verbose) {
        for (const c of notRun) out.push(`not run  line ${c.index + 1}: ${oneLine(c.sql)} (${c.why})`);
        for (const c of unchecked) out.push(`unchecked line ${c.index + 1}: ${oneLine(c.sql)}`);
      }
      for (const e of report.setupErrors) out.push(`setup error: ${e}`);
      out.push(`${report.passed} passed, ${report.failed} failed; ${notRun.length} cannot run, ${unchecked.length} unchecked (no oracle); agreement ${(report.agreement * 100).toFixed(1)}% of non-Vitess-specific cases${coreNote(report.coreAgreement)}`);
      process.stdout.write(out.join('\n') + '\n');
    }
  } finally {
    await cluster.stop();
  }
  if (dirs.length > 1) process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function coreNote(agreement: number | null): string {
  return agreement === null ? '' : `, ${(agreement * 100).toFixed(1)}% of core cases`;
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  return s.length > 160 ? `${s.slice(0, 160)}...` : s;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 2;
});
