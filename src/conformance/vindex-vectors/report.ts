/**
 * The vocabulary of the vindex vector checker: what a vector is, what a check may conclude
 * about it, and the few assertions the checks use. A check states its verdict by throwing:
 * `VectorMismatch` (the implementation disagrees with the vector: failed), `VectorUncheckable`
 * (the vector asks something this checker cannot answer: unchecked). Returning is a pass. No
 * test framework here: the same checks serve `npm run conformance:vindexes` and the tests.
 */
import { bytesToHex } from '../../keyrange/keyspace-id.js';

/** One vector as stored in the file: an object whose fields depend on its group and op. */
export type Vector = Readonly<Record<string, unknown>>;

export type VectorOutcome =
  | { readonly status: 'passed'; readonly group: string; readonly index: number; readonly description: string }
  | {
      readonly status: 'failed' | 'unchecked';
      readonly group: string;
      /** Position in the group's list; -1 when the group itself could not be read as a list. */
      readonly index: number;
      readonly description: string;
      /** One line: expected vs got for a failure, why not for an unchecked vector. */
      readonly reason: string;
    };

export interface GroupCounts {
  readonly passed: number;
  readonly failed: number;
  readonly unchecked: number;
}

export interface VectorReport {
  /** Every vector of the file, in file order. */
  readonly outcomes: readonly VectorOutcome[];
  readonly passed: number;
  readonly failed: number;
  readonly unchecked: number;
  /** Counts per group, in file order. */
  readonly groups: Readonly<Record<string, GroupCounts>>;
}

/** What one vector's check needs: the fields it may read, and the check itself. */
export interface VectorCheck {
  /**
   * Every field the check may read (with the field naming the op), besides DOC_FIELDS. Any other
   * field might change what the vector means, so the vector is reported unchecked, not passed.
   */
  readonly fields: readonly string[];
  /** Returns on a pass; throws VectorMismatch, VectorUncheckable, or anything else (a failure). */
  readonly run: (v: Vector) => void | Promise<void>;
}

/** The checks for some groups of the file (one module per family). */
export interface VectorFamily {
  handles(group: string): boolean;
  /** A short label for reports (op and input, truncated). */
  describe(group: string, v: Vector): string;
  /** The check for this vector; throws VectorUncheckable for an op it does not know. */
  select(group: string, v: Vector): VectorCheck;
}

/** The implementation disagrees with the vector. */
export class VectorMismatch extends Error {
  override readonly name = 'VectorMismatch';
}

/** The vector cannot be checked here (unknown op or field, missing expectation, ...). */
export class VectorUncheckable extends Error {
  override readonly name = 'VectorUncheckable';
}

/** Fields that only document a vector; no check needs to read them. */
export const DOC_FIELDS: ReadonlySet<string> = new Set(['source', 'note', 'derived']);

const MAX_SHOWN = 160;

/** A value on one short line, for reasons. */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (value instanceof Uint8Array) text = `0x${bytesToHex(value)}`;
  else {
    try {
      text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return oneLine(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text);
}

export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

/** Structural equality of JSON-like values (plain objects compare by keys, not key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function expectEqual(what: string, got: unknown, expected: unknown): void {
  if (!sameValue(got, expected)) throw new VectorMismatch(`${what}: expected ${show(expected)}, got ${show(got)}`);
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The thrown error must be an `errorClass` whose message contains `fragment`. */
export function expectErrorLike(what: string, err: unknown, fragment: string, errorClass: ErrorClass = Error): void {
  if (!(err instanceof errorClass)) {
    const got = err instanceof Error ? `${err.name}: ${err.message}` : show(err);
    throw new VectorMismatch(`${what}: expected ${errorClass.name} containing ${show(fragment)}, got ${oneLine(got)}`);
  }
  if (!err.message.includes(fragment)) {
    throw new VectorMismatch(`${what}: expected error containing ${show(fragment)}, got ${show(err.message)}`);
  }
}

/** `run` must throw an `errorClass` whose message contains `fragment`. */
export function expectThrows(what: string, run: () => unknown, fragment: string, errorClass: ErrorClass = Error): void {
  let result: unknown;
  try {
    result = run();
  } catch (err) {
    expectErrorLike(what, err, fragment, errorClass);
    return;
  }
  throw new VectorMismatch(`${what}: expected error containing ${show(fragment)}, got no error (result ${show(result)})`);
}

// Field readers. A missing or mistyped field means the vector cannot be checked as written.

function field(v: Vector, key: string): unknown {
  const value = v[key];
  if (value === undefined) throw new VectorUncheckable(`missing field "${key}"`);
  return value;
}

export function str(v: Vector, key: string): string {
  const value = field(v, key);
  if (typeof value !== 'string') throw new VectorUncheckable(`field "${key}" is not a string: ${show(value)}`);
  return value;
}

export function num(v: Vector, key: string): number {
  const value = field(v, key);
  if (typeof value !== 'number') throw new VectorUncheckable(`field "${key}" is not a number: ${show(value)}`);
  return value;
}

export function bool(v: Vector, key: string): boolean {
  const value = field(v, key);
  if (typeof value !== 'boolean') throw new VectorUncheckable(`field "${key}" is not a boolean: ${show(value)}`);
  return value;
}

export function strList(v: Vector, key: string): string[] {
  const value = field(v, key);
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
    throw new VectorUncheckable(`field "${key}" is not a list of strings: ${show(value)}`);
  }
  return value as string[];
}

/** `v[key]` when present (a string), else undefined. */
export function optStr(v: Vector, key: string): string | undefined {
  return v[key] === undefined ? undefined : str(v, key);
}

/** A nested object of a vector (key range, owner, value) must hold only the keys the checker knows. */
export function onlyKeys(value: Readonly<Record<string, unknown>>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new VectorUncheckable(`${what} has unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}`);
}

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `text` cut to `max` characters on one line, for descriptions. */
export function brief(text: string, max = 80): string {
  const line = oneLine(text);
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
