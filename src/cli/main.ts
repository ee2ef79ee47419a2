#!/usr/bin/env node
/**
 * vschema-router CLI: thin — argv in, public API calls, text out. Exit 0 ok, 1 the input is
 * invalid, 2 usage error (unknown command or option).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { VSchemaRouterError } from '../errors.js';
import { UsageError } from './args.js';
import { processIO, type CliIO } from './io.js';
import { EXPLAIN_HELP, explainCommand } from './explain.js';
import { KEYSPACE_ID_HELP, keyspaceIdCommand } from './keyspace-id.js';
import { VALIDATE_HELP, validateCommand } from './validate.js';

const HELP = `Usage: vschema-router <command> [options]

Commands:
  validate PATH     check a VSchema (file or directory) and summarise its keyspaces
  keyspace-id       compute keyspace ids (and shards) of values with a vindex, as Vitess does
  explain           print a statement's route plan as Vitess's vexplain plan (JSON)

Run "vschema-router <command> --help" for a command's options.`;

const COMMANDS: Record<string, { run: (argv: readonly string[], io: CliIO) => Promise<number>; help: string }> = {
  validate: { run: validateCommand, help: VALIDATE_HELP },
  'keyspace-id': { run: keyspaceIdCommand, help: KEYSPACE_ID_HELP },
  explain: { run: explainCommand, help: EXPLAIN_HELP },
};

export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.help}`);
      return 2;
    }
    if (err instanceof VSchemaRouterError) {
      io.err(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

// Run when executed as the bin (through npm's symlink too), not when imported by a test.
if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}
