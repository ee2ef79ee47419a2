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
  checkImpl(get('impl'), kind, get('multiColumn') === true, bad);
}

const IMPL_METHODS: Readonly<Record<string, readonly string[]>> = {
  single: ['map', 'verify'],
  multi: ['mapRows', 'verifyRows'],
  lookup: ['map', 'verify', 'create', 'delete', 'update'],
};

/** impl is null (properties only) or matches the vindex's kind: single/multi functional, or lookup. */
function checkImpl(impl: unknown, kind: unknown, multiColumn: boolean, bad: (field: string, expected: string) => never): void {
  if (impl === null) return;
  if (typeof impl !== 'object' || impl === undefined) bad('impl', 'must be null or an object');
  const implKind = Reflect.get(impl, 'kind');
  const expected = kind === 'lookup' ? 'lookup' : multiColumn ? 'multi' : 'single';
  if (implKind !== expected) bad('impl.kind', `must be '${expected}' for a ${String(kind)}${multiColumn ? ' multi-column' : ''} vindex`);
  for (const method of IMPL_METHODS[expected]!) {
    if (typeof Reflect.get(impl, method) !== 'function') bad(`impl.${method}`, 'must be a function');
  }
}
