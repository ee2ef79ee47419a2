/**
 * One error base with stable codes. Every error the library throws on purpose is a
 * VSchemaRouterError (or a subclass): `code` is stable and machine-readable, `details`
 * says where the problem came from (JSON pointer, keyspace, shard, SQL position), and
 * `cause` keeps the underlying error. Messages never contain bind-variable values.
 *
 * Where Vitess defines an error code (VT05003, VT12001, ...) the code is Vitess's and
 * the message starts with it, exactly as Vitess prints it.
 */

export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface ErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

export class VSchemaRouterError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** One problem found in a VSchema: where (a JSON pointer into the input) and what. */
export interface Problem {
  /** RFC 6901 JSON pointer into the loaded document ("" = the whole document). */
  readonly path: string;
  readonly message: string;
  /** The file the problem was found in, when the VSchema was loaded from disk. */
  readonly file?: string;
}

/** A VSchema failed to load: every problem found, all at once. */
export class VSchemaError extends VSchemaRouterError {
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];

  constructor(problems: readonly Problem[], warnings: readonly Problem[] = [], options: ErrorOptions = {}) {
    const first = problems[0];
    const summary =
      problems.length === 1 && first
        ? `invalid VSchema: ${formatProblem(first)}`
        : `invalid VSchema: ${problems.length} problems\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
    super('VSCHEMA_INVALID', summary, { ...options, details: { ...options.details, problemCount: problems.length } });
    this.problems = Object.freeze([...problems]);
    this.warnings = Object.freeze([...warnings]);
  }
}

export function formatProblem(p: Problem): string {
  const where = p.path === '' ? '/' : p.path;
  return p.file ? `${p.file}: ${where}: ${p.message}` : `${where}: ${p.message}`;
}

/** A malformed key range, shard name, sharding spec or keyspace id. */
export class KeyRangeError extends VSchemaRouterError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('KEY_RANGE_INVALID', message, options);
  }
}

/** A topology whose shards do not cover the keyspace-id space exactly, or a lookup in it that fails. */
export class TopologyError extends VSchemaRouterError {}

/** A session target (`ks@replica`, `ks:-80`, ...) that cannot be parsed. */
export class TargetError extends VSchemaRouterError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('TARGET_INVALID', message, options);
  }
}

/** A table reference that does not resolve (unknown keyspace, unknown or ambiguous table, disabled rule). */
export class TableResolutionError extends VSchemaRouterError {}

/** Vindex registry and vindex construction errors. */
export class VindexError extends VSchemaRouterError {}
