/**
 * `vschema-router explain --vschema PATH [--target T] "SQL"`: the route plan of a statement in the
 * JSON shape of Vitess's `vexplain plan`, with no database.
 */
import { explainPlan } from '../planner/explain.js';
import { Planner } from '../planner/planner.js';
import { loadVSchema } from '../vschema/load.js';
import { lastOption, parseArgs, UsageError } from './args.js';
import type { CliIO } from './io.js';

export const EXPLAIN_HELP = `Usage: vschema-router explain --vschema PATH [--target TARGET] [--keyspace NAME] "SQL"

Prints the plan of SQL as Vitess's \`vexplain plan\` prints it (JSON): which keyspace and shards,
by which vindex and values, and the query each shard receives. No database is needed.

Options:
  --vschema PATH    the VSchema (file or directory, as for validate)
  --target TARGET   the session target: ks, ks@replica, @rdonly, ks:-80 (default: none selected)
  --keyspace NAME   keyspace name for a single-keyspace VSchema file
  --help            show this help

Exit status: 0 planned, 1 the statement or the VSchema is rejected (the error is printed), 2 usage error.`;

export async function explainCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { options: ['vschema', 'target', 'keyspace'], flags: ['help'] });
  if (args.flags.has('help') || argv.includes('-h')) {
    io.out(EXPLAIN_HELP);
    return 0;
  }
  const path = lastOption(args, 'vschema');
  if (path === undefined) throw new UsageError('explain needs --vschema PATH');
  if (args.positionals.length !== 1) throw new UsageError('explain needs exactly one SQL statement (quote it)');
  const keyspace = lastOption(args, 'keyspace');
  const vschema = loadVSchema(path, keyspace ? { keyspace } : {});
  const plan = new Planner(vschema).plan(args.positionals[0]!, { target: lastOption(args, 'target') ?? '' });
  io.out(JSON.stringify(explainPlan(plan), null, 2));
  return 0;
}
