// Child processes that must not outlive the test process, and the scratch directory they live in.
// Normal shutdown is the caller's job (terminate()); this module adds the safety nets for when it
// never happens: 'exit'/signal handlers for crashes and a detached shell watchdog for a SIGKILLed
// test worker, where no JavaScript runs at all.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const live = new Set<ChildProcess>();
let root: string | undefined;
let watchdog: ChildProcess | undefined;

// Polls for our pid once a second; when it is gone, kills whatever the pids file lists and removes the root.
const WATCHDOG = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; [ -s "$2/pids" ] && kill -9 $(cat "$2/pids") 2>/dev/null; rm -rf "$2"';

/** This process's scratch directory, created (with the safety nets) on first use. */
export function scratchRoot(): string {
  if (root) return root;
  // realpath: servers report their datadir resolved, and readiness compares against it.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `vschema-mariadb-${process.pid}-`)));
  root = dir;
  watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', String(process.pid), dir], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  process.once('exit', killAllSync);
  for (const sig of SIGNALS) process.once(sig, onSignal);
  return dir;
}

function onSignal(sig: NodeJS.Signals): void {
  killAllSync();
  // Our listener replaced the default action; re-raise so the process still dies unless someone else handles it.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function killAllSync(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
  if (root) rmSync(root, { recursive: true, force: true });
  watchdog?.kill();
  // Start from scratch should the process live on (a signal someone else handles).
  root = watchdog = undefined;
  process.off('exit', killAllSync);
  for (const sig of SIGNALS) process.off(sig, onSignal);
}

function writePids(): void {
  if (root && existsSync(root)) writeFileSync(join(root, 'pids'), [...live].map((c) => c.pid).join(' '));
}

/** Registers a child the safety nets must kill; returns a promise that settles when it has exited. */
export function track(child: ChildProcess): { exited: Promise<void>; spawnError: () => Error | undefined } {
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => { spawnError = e; resolve(); });
  });
  live.add(child);
  writePids();
  return { exited, spawnError: () => spawnError };
}

export const exitText = (c: ChildProcess): string | undefined =>
  c.exitCode !== null ? `exit code ${c.exitCode}` : c.signalCode !== null ? `signal ${c.signalCode}` : undefined;

/** SIGTERM for a clean shutdown, SIGKILL if that takes longer than `graceMs`. */
export async function terminate(child: ChildProcess, exited: Promise<void>, graceMs = 15_000): Promise<void> {
  if (!exitText(child)) {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((r) => { timer = setTimeout(() => r(true), graceMs); });
    if (await Promise.race([exited.then(() => false), late])) { child.kill('SIGKILL'); await exited; }
    clearTimeout(timer);
  }
  live.delete(child);
  writePids();
}

/** Runs a short command; rejects with the tail of its output. */
export function run(cmd: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d) => { out += d; });
    child.stderr?.on('data', (d) => { out += d; });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}:\n${tail(out)}`))));
  });
}

const tail = (text: string, lines = 25): string => text.trimEnd().split('\n').slice(-lines).join('\n');
export const readTail = (...files: string[]): string =>
  tail(files.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')).join('\n'));

/** A port that was free a moment ago; callers must retry if someone takes it first. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port assigned'))));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
