/**
 * Every vindex type Vitess registers, in spec §2 order: the functional ones, then the lookups.
 */
import { functionalVindexTypes } from './builtin-functional.js';
import { lookupVindexTypes } from './builtin-lookup.js';
import { defineVindexType } from './define.js';
import type { VindexSource } from './registry.js';
import type { VindexFactory } from './types.js';

/** `source` is the registry being filled (multicol and numeric_static_map build vindexes through it). */
export function builtinVindexTypes(source: VindexSource): readonly (readonly [string, VindexFactory])[] {
  const specs = { ...functionalVindexTypes(source), ...lookupVindexTypes() };
  return Object.entries(specs).map(([type, spec]) => [type, defineVindexType(type, spec)] as const);
}

/** The names of the built-in types, sorted. */
export const BUILTIN_VINDEX_TYPES: readonly string[] = Object.freeze(
  [
    'hash',
    'xxhash',
    'binary',
    'binary_md5',
    'numeric',
    'numeric_static_map',
    'reverse_bits',
    'null',
    'unicode_loose_md5',
    'unicode_loose_xxhash',
    'cfc',
    'region_experimental',
    'region_json',
    'multicol',
    'lookup',
    'lookup_unique',
    'lookup_hash',
    'lookup_hash_unique',
    'lookup_unicodeloosemd5_hash',
    'lookup_unicodeloosemd5_hash_unique',
    'consistent_lookup',
    'consistent_lookup_unique',
    'lookup_cost',
  ].sort(),
);
