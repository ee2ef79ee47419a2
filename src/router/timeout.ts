/**
 * A statement's query timeout, as vtgate picks it: the statement's `/*vt+ QUERY_TIMEOUT_MS=N *\/`
 * directive first (0: no timeout at all, whatever else is set), then the session's
 * `query_timeout` variable (`set query_timeout = N`, milliseconds; 0: unset), then the router's
 * queryTimeoutMs option. The timeout bounds the whole statement: it becomes a deadline, and each
 * shard query gets the time that remains (Vitess's context deadline), so a join's later queries
 * cannot each take the full timeout again.
 */
import { RouterError } from './errors.js';

const DIRECTIVE = /\/\*vt\+[^*]*\bQUERY_TIMEOUT_MS\s*=\s*([^\s*]+)/i;

/** The directive's value: undefined when the statement has none (or a value that is no integer, which vtgate ignores). */
export function timeoutDirective(sql: string): number | undefined {
  if (!sql.includes('/*vt+')) return undefined;
  const m = DIRECTIVE.exec(sql);
  if (m === null || !/^[0-9]+$/.test(m[1]!)) return undefined;
  const ms = Number(m[1]);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The statement's deadline (epoch ms); null when it has none. `sessionMs` is the session's
 * query_timeout (0 when unset), `defaultMs` the router's option.
 */
export function statementDeadline(sql: string, sessionMs: number, defaultMs: number | undefined, now: () => number = Date.now): number | null {
  const directive = timeoutDirective(sql);
  const ms = directive !== undefined ? directive : sessionMs > 0 ? sessionMs : defaultMs ?? 0;
  return ms > 0 ? now() + ms : null;
}

/** The time left until `deadline` for one shard query: at least 1 ms, so a spent deadline fails at once. */
export function remainingMs(deadline: number, now: () => number = Date.now): number {
  return Math.max(1, Math.ceil(deadline - now()));
}

/** A timeout value of a directive or `set query_timeout`: a non-negative integer of milliseconds. */
export function milliseconds(text: string, name: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new RouterError('OPTION_INVALID', `${name} must be a non-negative integer of milliseconds, got ${text}`, { details: { option: name } });
  }
  return Number(text);
}
