/**
 * Vitest global setup: installs one MariaDB template datadir for the whole test run (each server a
 * test starts is a copy of it), instead of one mariadb-install-db per test worker — several
 * bootstraps at once were the one flaky step on a loaded machine. Without MariaDB binaries, or
 * with MYSQL_URL, there is nothing to install; the harness then reports or uses what it finds.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installerBinary, installTemplate, TEMPLATE_ENV } from './mariadb.js';

export default async function setup(): Promise<() => void> {
  const installer = installerBinary();
  if (installer === undefined || process.env['MYSQL_URL']) return () => undefined;
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'vschema-mariadb-template-')));
  process.env[TEMPLATE_ENV] = await installTemplate(join(root, 'template'), installer);
  return () => rmSync(root, { recursive: true, force: true });
}
