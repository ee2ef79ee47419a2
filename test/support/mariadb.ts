// Throwaway MariaDB servers for integration tests, so shards really live on different servers.
// Each test process installs one template datadir and copies it per server (cp -a is far cheaper
// than mariadb-install-db) and starts mariadbd on free 127.0.0.1 ports. stop() is the normal way
// out; ./processes.ts kills whatever a crashed or killed test process leaves behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { createConnection, createPool, type Pool, type PoolOptions, type RowDataPacket } from 'mysql2/promise';
import { exitText, freePort, readTail, run, scratchRoot, sleep, terminate, track } from './processes.js';

export interface DbServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** OS pid of the mariadbd we started; undefined when MYSQL_URL points at an existing server. */
  readonly pid: number | undefined;
  url(database?: string): string;
  /** A promise pool; the harness ends it on stop(). */
  pool(database?: string, options?: Omit<PoolOptions, 'host' | 'port' | 'user' | 'password' | 'database'>): Pool;
  /** Creates the database; with MYSQL_URL it is dropped again on stop(). */
  createDatabase(name: string): Promise<void>;
}
export interface DbCluster {
  readonly servers: readonly DbServer[];
  /** True when every "server" is the one MYSQL_URL names (ports and pids are then not distinct). */
  readonly external: boolean;
  stop(): Promise<void>;
}
export interface StartOptions {
  servers: number;
  /** Extra mariadbd options, appended last so they win (ignored with MYSQL_URL). */
  serverArgs?: readonly string[];
  readyTimeoutMs?: number;
}
export type Availability = { available: true } | { available: false; reason: string };

/** A start failure; the message ends with the tail of the server's error log. */
export class DbHarnessError extends Error {
  override readonly name = 'DbHarnessError';
  constructor(message: string, readonly logTail = '') {
    super(logTail ? `${message}\n--- error log tail ---\n${logTail}` : message);
  }
}

// /usr/sbin is not on every PATH, and Debian ships `mysqld` as a link to mariadbd.
const SEARCH_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];
const SERVER_NAMES = ['mariadbd', 'mysqld'];
const INSTALL_NAMES = ['mariadb-install-db', 'mysql_install_db'];
// Small and fast rather than durable: the datadir is thrown away anyway. Without an explicit
// charset, --no-defaults leaves the server on latin1.
const SERVER_OPTIONS = [
  '--skip-log-bin', '--skip-name-resolve', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci',
  '--innodb-buffer-pool-size=16M', '--innodb-log-file-size=8M', '--innodb-temp-data-file-path=ibtmp1:1M:autoextend',
  '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--innodb-buffer-pool-dump-at-shutdown=0',
  '--innodb-buffer-pool-load-at-startup=0', '--loose-performance-schema=OFF', '--loose-feedback=OFF',
];

function findBinary(names: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SEARCH_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch { /* try the next place */ }
    }
  }
  return undefined;
}

function binaries(): { server: string; installer: string } | { missing: string } {
  const server = findBinary(SERVER_NAMES);
  const installer = findBinary(INSTALL_NAMES);
  if (server && installer) return { server, installer };
  const what = [server ? '' : 'mariadbd (or mysqld)', installer ? '' : 'mariadb-install-db'].filter(Boolean).join(' and ');
  return { missing: `${what} not found on PATH or in ${SEARCH_DIRS.join(', ')}; install mariadb-server or set MYSQL_URL` };
}

export function databaseAvailability(): Availability {
  if (process.env.MYSQL_URL) return { available: true };
  const bins = binaries();
  return 'missing' in bins ? { available: false, reason: bins.missing } : { available: true };
}

const isCI = (): boolean => !!process.env.CI && !['false', '0'].includes(process.env.CI.toLowerCase());
let warned = false;
/** For `describe.skipIf(skipWithoutDatabase())`: skips visibly locally, throws (failing the file) under CI. */
export function skipWithoutDatabase(): boolean {
  const a = databaseAvailability();
  if (a.available) return false;
  if (isCI()) throw new DbHarnessError(`CI is set but integration tests cannot run: ${a.reason}`);
  if (!warned) console.warn(`[mariadb harness] SKIPPING integration tests: ${a.reason}`);
  warned = true;
  return true;
}

let counter = 0;
/** Database names unique across processes, so tests can share one MYSQL_URL server. */
export function uniqueDbName(base: string): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 36);
  return `${clean}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
}

const quoteId = (name: string): string => '`' + name.replace(/`/g, '``') + '`';
interface LocalProcess { readonly child: ChildProcess; readonly dir: string; readonly exited: Promise<void> }

class Server implements DbServer {
  readonly #pools = new Set<Pool>();
  readonly #created: string[] = [];
  readonly #proc: LocalProcess | undefined;
  constructor(readonly host: string, readonly port: number, readonly user: string, readonly password: string, proc?: LocalProcess) {
    this.#proc = proc;
  }

  get pid(): number | undefined { return this.#proc?.child.pid; }
  url(database = ''): string {
    const auth = encodeURIComponent(this.user) + (this.password ? `:${encodeURIComponent(this.password)}` : '');
    return `mysql://${auth}@${this.host}:${this.port}/${encodeURIComponent(database)}`;
  }
  pool(database?: string, options: Omit<PoolOptions, 'host' | 'port' | 'user' | 'password' | 'database'> = {}): Pool {
    const { host, port, user, password } = this;
    const pool = createPool({ connectionLimit: 4, ...options, host, port, user, password, database });
    this.#pools.add(pool);
    return pool;
  }
  async createDatabase(name: string): Promise<void> {
    await this.#admin([`CREATE DATABASE ${quoteId(name)} CHARACTER SET utf8mb4`]);
    this.#created.push(name);
  }
  async stop(): Promise<void> {
    await Promise.allSettled([...this.#pools].map((p) => p.end())); // a test may have ended one already
    this.#pools.clear();
    if (!this.#proc) {
      await this.#admin(this.#created.splice(0).map((db) => `DROP DATABASE IF EXISTS ${quoteId(db)}`));
      return;
    }
    await terminate(this.#proc.child, this.#proc.exited);
    rmSync(this.#proc.dir, { recursive: true, force: true });
  }
  async #admin(statements: string[]): Promise<void> {
    if (statements.length === 0) return;
    const conn = await createConnection({ host: this.host, port: this.port, user: this.user, password: this.password });
    try { for (const sql of statements) await conn.query(sql); } finally { await conn.end(); }
  }
}

/** Set by the global setup (test/support/global-setup.ts): one template datadir for the whole run. */
export const TEMPLATE_ENV = 'VSCHEMA_ROUTER_MARIADB_TEMPLATE';
const INSTALL_ATTEMPTS = 3;

let template: { root: string; dir: Promise<string> } | undefined;
function templateDir(rootDir: string, installer: string): Promise<string> {
  const shared = process.env[TEMPLATE_ENV];
  if (shared && existsSync(join(shared, 'mysql'))) return Promise.resolve(shared);
  if (template?.root !== rootDir) {
    const installed = installTemplate(join(rootDir, 'template'), installer).catch((e: unknown) => {
      template = undefined;
      throw e;
    });
    template = { root: rootDir, dir: installed };
  }
  return template.dir;
}

/**
 * Runs mariadb-install-db into dir. Its bootstrap server can fail on a loaded machine (seen when
 * several test workers installed at once): a failed attempt is removed and retried.
 */
export async function installTemplate(dir: string, installer: string): Promise<string> {
  let last: unknown;
  for (let attempt = 1; attempt <= INSTALL_ATTEMPTS; attempt++) {
    rmSync(dir, { recursive: true, force: true });
    try {
      await run(installer, ['--no-defaults', `--user=${userInfo().username}`, `--datadir=${dir}`,
        '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve',
        '--innodb-log-file-size=8M', '--innodb-buffer-pool-size=16M']);
      return dir;
    } catch (e) {
      last = e;
      await sleep(500 * attempt);
    }
  }
  throw new DbHarnessError(`mariadb-install-db failed ${INSTALL_ATTEMPTS} times`, String(last));
}

/** The installer binary, or undefined when MariaDB is not installed. */
export function installerBinary(): string | undefined {
  const bins = binaries();
  return 'missing' in bins ? undefined : bins.installer;
}

async function startLocal(rootDir: string, tpl: string, serverBin: string, opts: StartOptions): Promise<Server> {
  const dir = mkdtempSync(join(rootDir, 's'));
  const data = join(dir, 'data');
  try {
    await run('cp', ['-a', tpl, data]);
    // The free port may be taken between our probe and mariadbd's bind: retry on EADDRINUSE.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Option errors can reach stderr before --log-error applies, so keep both.
      const logs = [join(dir, `err-${attempt}.log`), join(dir, `out-${attempt}.log`)] as const;
      const fd = openSync(logs[1], 'a');
      const child = spawn(serverBin, ['--no-defaults', `--user=${userInfo().username}`, `--datadir=${data}`, `--port=${port}`,
        '--bind-address=127.0.0.1', `--socket=${join(dir, 'sock')}`, `--pid-file=${join(dir, 'pid')}`, `--log-error=${logs[0]}`,
        ...SERVER_OPTIONS, ...(opts.serverArgs ?? [])], { stdio: ['ignore', fd, fd] });
      closeSync(fd);
      const { exited, spawnError } = track(child);
      const server = new Server('127.0.0.1', port, 'root', '', { child, dir, exited });
      const problem = await waitReady(server, data, () => spawnError()?.message ?? exitText(child), opts.readyTimeoutMs ?? 30_000);
      if (!problem) return server;
      await terminate(child, exited);
      const logTail = readTail(...logs);
      if (attempt < 5 && /Address already in use/.test(logTail)) continue;
      throw new DbHarnessError(`${serverBin} on port ${port}: ${problem}`, logTail);
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Polls with mysql2 until the server answers; returns why it never did, or undefined when ready. */
async function waitReady(server: Server, datadir: string, exited: () => string | undefined, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const how = exited();
    if (how) return `exited before accepting connections (${how})`;
    try {
      const conn = await createConnection({ host: server.host, port: server.port, user: server.user, connectTimeout: 2_000 });
      try {
        // A port race could put someone else's server here; only our own datadir counts as ready.
        const [rows] = await conn.query<RowDataPacket[]>('SELECT @@datadir AS d');
        if (String(rows[0]?.d).replace(/\/$/, '') === datadir) return undefined;
      } finally { await conn.end(); }
    } catch { /* not accepting connections yet */ }
    if (Date.now() > deadline) return `did not accept connections within ${timeoutMs} ms`;
    await sleep(50);
  }
}

export async function startDbCluster(opts: StartOptions): Promise<DbCluster> {
  const url = process.env.MYSQL_URL;
  if (url) {
    const u = new URL(url);
    // URL keeps IPv6 brackets in hostname; mysql2 wants the bare address.
    const shared = new Server(u.hostname.replace(/^\[|\]$/g, ''), Number(u.port || 3306), decodeURIComponent(u.username) || 'root', decodeURIComponent(u.password));
    return { servers: Array.from({ length: opts.servers }, () => shared), external: true, stop: () => shared.stop() };
  }
  const bins = binaries();
  if ('missing' in bins) throw new DbHarnessError(bins.missing);
  const rootDir = scratchRoot();
  const tpl = await templateDir(rootDir, bins.installer);
  const results = await Promise.allSettled(Array.from({ length: opts.servers }, () => startLocal(rootDir, tpl, bins.server, opts)));
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => { await Promise.all(servers.map((s) => s.stop())); };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) { await stop(); throw failed.reason; }
  return { servers, external: false, stop };
}
