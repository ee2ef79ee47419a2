import { VSchemaRouterError, type ErrorOptions } from '../errors.js';

/** Where in the SQL text a syntax error was found. */
export interface SyntaxErrorLocation {
  /** Vitess's position: the 1-based offset just past the offending token (as `syntax error at position N`). */
  readonly position: number;
  /** 1-based line and column of the offending token's first character. */
  readonly line: number;
  readonly column: number;
  /** The offending token as written ('' at the end of the text). */
  readonly near: string;
}

/**
 * SQL text that cannot be read. The message is Vitess's: `syntax error at position N near 'x'`
 * (or `... at position N` alone when the text ends early, as Vitess prints it).
 */
export class SqlSyntaxError extends VSchemaRouterError {
  readonly location: SyntaxErrorLocation;

  constructor(location: SyntaxErrorLocation, options: ErrorOptions = {}) {
    const near = location.near === '' ? '' : ` near '${location.near}'`;
    super('SQL_SYNTAX', `syntax error at position ${location.position}${near}`, {
      ...options,
      details: { ...options.details, ...location },
    });
    this.location = location;
  }
}

/** Builds the error for the text `sql` with the offending token at [start, end). */
export function syntaxErrorAt(sql: string, start: number, end: number, options: ErrorOptions = {}): SqlSyntaxError {
  const s = Math.max(0, Math.min(start, sql.length));
  const e = Math.max(s, Math.min(end, sql.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < s; i++) {
    if (sql.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  // Vitess quotes at most a short stretch of the offending token.
  const near = sql.slice(s, e).slice(0, 64);
  return new SqlSyntaxError({ position: e + 1, line, column: s - lineStart + 1, near }, options);
}
