/**
 * Param parsing shared by the built-in vindex types and by custom types made with
 * defineVindexType. Vitess hands every vindex a map[string]string, so every helper here
 * reads strings and reproduces the Go parsing rules (and error texts) Vitess relies on.
 */
import { VindexError } from '../errors.js';
import type { VindexParams } from './types.js';

/** What a type's `validate` hook gets: where it is, its params, and a way to reject one. */
export interface VindexParamContext {
  /** The registered type name. */
  readonly type: string;
  /** The vindex name (the key in the VSchema `vindexes` map). */
  readonly name: string;
  readonly params: VindexParams;
  /** Throws a VindexError VINDEX_PARAM_INVALID with details {type, name, param}. */
  fail(param: string, message: string, cause?: unknown): never;
}

export function paramContext(type: string, name: string, params: VindexParams): VindexParamContext {
  return {
    type,
    name,
    params,
    fail(param: string, message: string, cause?: unknown): never {
      throw new VindexError('VINDEX_PARAM_INVALID', message, { details: { type, name, param }, cause });
    },
  };
}

/**
 * Reads a param the way a Go map lookup does, but only own keys: a plain object would
 * otherwise "have" `constructor` or `toString` params inherited from Object.prototype.
 */
export function getParam(params: VindexParams, key: string): string | undefined {
  return Object.hasOwn(params, key) ? params[key] : undefined;
}

/** The param keys a type does not know, sorted ascending (Vitess's FindUnknownParams). */
export function findUnknownParams(params: VindexParams, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  return Object.keys(params)
    .filter((key) => !knownSet.has(key))
    .sort(compareStrings);
}

/** Code-unit order, like Go's sort.Strings on ASCII keys (not locale order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Vitess's boolFromMap: absent is false; present must be exactly "true" or "false"
 * (not "1", not "TRUE", not ""), anything else is a construction error.
 */
export function boolParam(ctx: VindexParamContext, key: string): boolean {
  const value = getParam(ctx.params, key);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return ctx.fail(key, `${key} value must be 'true' or 'false': '${value}'`);
}

export type GoIntResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Go's strconv.Atoi on a 64-bit platform: optional sign, decimal digits only (no spaces,
 * no underscores), int64 range. The error text is Go's, because Vitess returns it as is.
 * Values beyond Number.MAX_SAFE_INTEGER are returned rounded; callers that care range-check.
 */
export function goAtoi(text: string): GoIntResult {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return { ok: false, message: `strconv.Atoi: parsing ${goQuote(text)}: invalid syntax` };
  }
  const big = BigInt(text.startsWith('+') ? text.slice(1) : text);
  if (big < INT64_MIN || big > INT64_MAX) {
    return { ok: false, message: `strconv.Atoi: parsing ${goQuote(text)}: value out of range` };
  }
  return { ok: true, value: Number(big) };
}

/**
 * An integer param with Go Atoi rules; absent gives `fallback` (or fails when there is none).
 * Handy for custom types such as the planner's `unq_lkp_test` (cost from a param).
 */
export function intParam(ctx: VindexParamContext, key: string, fallback?: number): number {
  const value = getParam(ctx.params, key);
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    return ctx.fail(key, `missing ${key} param`);
  }
  const parsed = goAtoi(value);
  return parsed.ok ? parsed.value : ctx.fail(key, parsed.message);
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Go's %q for the strings that show up in Vitess messages (type names, param values):
 * backslash escapes for quotes and control characters, printable Unicode kept as is.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const escaped = GO_ESCAPES[ch];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
