#!/usr/bin/env node
// The npm mirror this project is developed against serves rollup's native packages for
// linux-x64 only, so `npm install` writes a lock file without the other platforms'
// optional packages and `npm ci` then refuses it ("Missing: @rollup/rollup-darwin-x64").
// This adds those entries (os/cpu/libc as rollup publishes them, derived from the names);
// npm skips them on other platforms and fetches them normally where they apply.
// Run it after any `npm install` that changes the lock file.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
const CPU = { 'arm-eabi': 'arm', arm: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };
let added = 0;
for (const [name, version] of Object.entries(rollup?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+(?:-eabi)?)(?:-(gnu|musl|gnueabihf|musleabihf|msvc))?$/.exec(name);
  if (!m || (lock.packages[key] && lock.packages[key].integrity)) continue;
  const [, os, cpuName, abi] = m;
  const entry = { version, cpu: [CPU[cpuName] ?? cpuName], dev: true, license: 'MIT', optional: true, os: [os] };
  if (abi && abi.startsWith('gnu')) entry.libc = ['glibc'];
  if (abi && abi.startsWith('musl')) entry.libc = ['musl'];
  // npm's own order: version first, then the other keys alphabetically (so `npm install` leaves the file as is).
  const { version: v, ...rest } = entry;
  lock.packages[key] = { version: v, ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))) };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries to package-lock.json`);
