/** A tiny argv parser: `--flag`, `--key value`, `--key=value`, repeated keys, positionals. */
import { VSchemaRouterError } from '../errors.js';

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

export interface ArgSpec {
  /** Options that take a value. */
  readonly options: readonly string[];
  /** Options that take no value. */
  readonly flags: readonly string[];
}

/** A usage mistake: the CLI prints it with the command's help and exits 2. */
export class UsageError extends VSchemaRouterError {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.flags.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (spec.options.includes(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, options, flags };
}

export function lastOption(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}
