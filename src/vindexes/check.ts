/**
 * Checks what a factory returned before anything else relies on it: custom factories are
 * user code, and a missing `unique` would otherwise surface much later as a wrong plan or
 * a TypeError deep inside the planner.
 */
import { VindexError } from '../errors.js';
import type { Vindex, VindexProperties } from './types.js';

const BOOLEAN_FIELDS = [
  'unique',
  'reversible',
  'hashing',
  'sequential',
  'prefixable',
  'multiColumn',
  'partial',
  'needsBackingTable',
  'lookupPlanable',
  'backfilling',
  'wantsOwnerInfo',
] as const satisfies readonly (keyof VindexProperties)[];

/** Throws VINDEX_FACTORY_INVALID naming the first bad field, unless `result` is a well-formed Vindex. */
export function checkFactoryResult(type: string, name: string, result: unknown): asserts result is Vindex {
  function bad(field: string, expected: string): never {
    throw new VindexError(
      'VINDEX_FACTORY_INVALID',
      `vindex type ${JSON.stringify(type)} returned an invalid vindex for ${JSON.stringify(name)}: ${field} ${expected}`,
      { details: { type, name, field } },
    );
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    bad('result', `must be an object, got ${result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result}`);
  }
  const get = (field: string): unknown => Reflect.get(result, field);

  const cost = get('cost');
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) bad('cost', 'must be a finite number >= 0');
  const kind = get('kind');
  if (kind !== 'functional' && kind !== 'lookup') bad('kind', "must be 'functional' or 'lookup'");
  for (const field of BOOLEAN_FIELDS) {
    if (typeof get(field) !== 'boolean') bad(field, 'must be a boolean');
  }
  // The factory must echo what it was asked for: a mismatch means it was registered under
  // the wrong type name or builds its instances from stale arguments.
  if (get('name') !== name) bad('name', `must be ${JSON.stringify(name)}`);
  if (get('type') !== type) bad('type', `must be ${JSON.stringify(type)}`);
  const params = get('params');
  if (typeof params !== 'object' || params === null || Array.isArray(params)) bad('params', 'must be an object');
  const unknownParams = get('unknownParams');
  if (!Array.isArray(unknownParams) || !unknownParams.every((p) => typeof p === 'string')) {
    bad('unknownParams', 'must be an array of strings');
  }
}
