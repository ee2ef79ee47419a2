/**
 * `vschema-router validate PATH`: load a VSchema (file, directory or SrvVSchema JSON) and
 * print a one-line summary per keyspace, or every problem as `pointer: message`.
 * Exit 0 valid, 1 invalid, 2 usage error.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { VSchemaError, formatProblem } from '../errors.js';
import type { Keyspace } from '../vschema/model.js';
import { loadVSchema } from '../vschema/load.js';
import { VindexRegistry } from '../vindexes/registry.js';
import { lastOption, parseArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';

export const VALIDATE_HELP = `Usage: vschema-router validate [options] PATH

Loads a VSchema and checks it the way Vitess does. PATH is one of:
  - a JSON file shaped like a SrvVSchema: {"keyspaces": {...}, "routing_rules": {...}}
  - a JSON file holding one keyspace's VSchema (named by --keyspace or the file name)
  - a directory: <dir>/<keyspace>/vschema.json or <dir>/<keyspace>.vschema.json,
    plus optional routing_rules.json, keyspace_routing_rules.json,
    shard_routing_rules.json and mirror_rules.json

Prints one summary line per keyspace, or every problem as "pointer: message".

Options:
  --strict            unknown vindex params and missing owners are errors, not warnings
  --keyspace NAME     keyspace name for a single-keyspace file
  --vindexes MODULE   an ES module whose default export (or "registerVindexes" export)
                      is a function (registry) => void that registers custom vindex types
  --help              show this help

Exit status: 0 valid, 1 invalid, 2 usage error.`;

export async function validateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { options: ['keyspace', 'vindexes'], flags: ['strict', 'help'] });
  if (args.flags.has('help') || argv.includes('-h')) {
    io.out(VALIDATE_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('validate needs exactly one PATH');
  const registry = new VindexRegistry();
  for (const module of args.options.get('vindexes') ?? []) await registerFromModule(registry, module);
  const keyspace = lastOption(args, 'keyspace');
  try {
    const vschema = loadVSchema(args.positionals[0]!, { registry, strict: args.flags.has('strict'), ...(keyspace ? { keyspace } : {}) });
    for (const ks of vschema.keyspaces.values()) io.out(summarize(ks));
    for (const w of vschema.warnings) io.err(`warning: ${formatProblem(w)}`);
    return 0;
  } catch (err) {
    if (!(err instanceof VSchemaError)) throw err;
    for (const p of err.problems) io.out(formatProblem(p));
    for (const w of err.warnings) io.err(`warning: ${formatProblem(w)}`);
    io.err(`invalid VSchema: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`);
    return 1;
  }
}

function summarize(ks: Keyspace): string {
  const tables = [...ks.tables.values()];
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `${ks.name}: ${ks.sharded ? 'sharded' : 'unsharded'}`,
    count(tables.filter((t) => t.kind === 'table').length, 'table'),
    count(ks.vindexes.size, 'vindex').replace('vindexs', 'vindexes'),
    count(tables.filter((t) => t.kind === 'sequence').length, 'sequence'),
    count(tables.filter((t) => t.kind === 'reference').length, 'reference table'),
  ].join(', ');
}

async function registerFromModule(registry: VindexRegistry, module: string): Promise<void> {
  const url = /^[a-z]+:/i.test(module) ? module : pathToFileURL(resolve(module)).href;
  let mod: { default?: unknown; registerVindexes?: unknown };
  try {
    mod = (await import(url)) as typeof mod;
  } catch (err) {
    throw new UsageError(`--vindexes ${module}: cannot load the module: ${(err as Error).message}`);
  }
  const fn = mod.registerVindexes ?? mod.default;
  if (typeof fn !== 'function') throw new UsageError(`--vindexes ${module}: the module must export a function registerVindexes(registry) or a default function`);
  await (fn as (r: VindexRegistry) => unknown)(registry);
}
