/**
 * Construction-time params of the functional types that take any: cfc, region_experimental,
 * region_json and numeric_static_map (spec §4.7, §4.10–4.12). multicol is in multicol-params.ts.
 * The parsed configs are exported so the mapping code can reuse them instead of re-parsing.
 */
import { parseJsonText } from './json-text.js';
import { getParam, goAtoi, goQuote, type VindexParamContext } from './params.js';
import type { VindexSource } from './registry.js';
import type { Vindex } from './types.js';
import { VSchemaRouterError } from '../errors.js';

export interface CfcConfig {
  /** Absent: cfc behaves like binary and the offsets are ignored (not even validated). */
  readonly hash: 'md5' | 'xxhash64' | undefined;
  readonly offsets: readonly number[];
}

export function parseCfcParams(ctx: VindexParamContext): CfcConfig {
  const hash = getParam(ctx.params, 'hash') ?? '';
  if (hash === '') return { hash: undefined, offsets: [] };
  if (hash !== 'md5' && hash !== 'xxhash64') return ctx.fail('hash', `invalid hash ${hash} to CFC vindex ${ctx.name}`);
  const text = getParam(ctx.params, 'offsets') ?? '';
  if (text === '') return ctx.fail('offsets', 'CFC vindex requires offsets when hash is defined');
  const offsets = parseOffsets(text);
  if (offsets === undefined) {
    return ctx.fail('offsets', `invalid offsets ${text} to CFC vindex ${ctx.name}. expected sorted positive ints in brackets`);
  }
  return { hash, offsets };
}

/** Go's json.Unmarshal into []int, then "non-empty, positive, strictly increasing". */
function parseOffsets(text: string): number[] | undefined {
  const parsed = parseJsonText(text);
  if (!parsed.ok || parsed.value.kind !== 'array') return undefined;
  const offsets: number[] = [];
  for (const item of parsed.value.items) {
    // Go's int rejects fractions and exponents; null would decode as 0, which is not positive.
    // Offsets past 2^53 cannot be reached by any value, so refusing them keeps numbers exact.
    if (item.kind !== 'number' || !/^-?[0-9]+$/.test(item.text)) return undefined;
    const value = Number(item.text);
    if (!Number.isSafeInteger(value) || value <= 0 || value <= (offsets.at(-1) ?? 0)) return undefined;
    offsets.push(value);
  }
  return offsets.length > 0 ? offsets : undefined;
}

export function parseRegionExperimentalParams(ctx: VindexParamContext): { readonly regionBytes: 1 | 2 } {
  const value = getParam(ctx.params, 'region_bytes');
  if (value === undefined) return ctx.fail('region_bytes', 'region_experimental missing region_bytes param');
  // Exactly the strings "1" and "2": unlike region_json, no integer parsing ("01" fails).
  if (value === '1' || value === '2') return { regionBytes: value === '1' ? 1 : 2 };
  return ctx.fail('region_bytes', `region_bytes must be 1 or 2: ${value}`);
}

export interface RegionJsonConfig {
  /** The JSON file of `{ "<country>": <uint64> }`; read when the mapping code loads it. */
  readonly regionMap: string;
  readonly regionBytes: 1 | 2;
}

export function parseRegionJsonParams(ctx: VindexParamContext): RegionJsonConfig {
  const regionMap = getParam(ctx.params, 'region_map') ?? '';
  // Vitess only fails when reading the empty path; saying which param is missing is kinder.
  if (regionMap === '') return ctx.fail('region_map', 'region_json missing region_map param');
  // region_json parses with strconv.Atoi (so "+2" and "02" are 2), then range-checks the int.
  const parsed = goAtoi(getParam(ctx.params, 'region_bytes') ?? '');
  if (!parsed.ok) return ctx.fail('region_bytes', parsed.message);
  if (parsed.value !== 1 && parsed.value !== 2) return ctx.fail('region_bytes', `region_bytes must be 1 or 2: ${parsed.value}`);
  return { regionMap, regionBytes: parsed.value };
}

export type NumericStaticMapTable = ReadonlyMap<bigint, bigint>;

export interface NumericStaticMapConfig {
  /** The inline `json` table, or the `json_path` file that the mapping code reads. */
  readonly source: { readonly kind: 'json'; readonly table: NumericStaticMapTable } | { readonly kind: 'json_path'; readonly path: string };
  /** The `fallback_type` vindex (named `<name>_hash`), only if that type is Hashing. */
  readonly fallback: Vindex | undefined;
}

export function parseNumericStaticMapParams(ctx: VindexParamContext, source: VindexSource): NumericStaticMapConfig {
  const json = getParam(ctx.params, 'json');
  const jsonPath = getParam(ctx.params, 'json_path');
  if (json === undefined && jsonPath === undefined) {
    return ctx.fail('json', 'NumericStaticMap: Could not find either `json_path` or `json` params in vschema');
  }
  if (json !== undefined && jsonPath !== undefined) {
    return ctx.fail('json', 'NumericStaticMap: Found both `json` and `json_path` params in vschema');
  }
  let tableSource: NumericStaticMapConfig['source'];
  if (json !== undefined) {
    const table = parseNumericStaticMapJson(json);
    if (!table.ok) return ctx.fail('json', table.message);
    tableSource = { kind: 'json', table: table.table };
  } else {
    // Reading the file is the mapping code's job; Vitess would fail here with `open : ...`.
    if (jsonPath === '' || jsonPath === undefined) return ctx.fail('json_path', 'NumericStaticMap: `json_path` must not be empty');
    tableSource = { kind: 'json_path', path: jsonPath };
  }
  return { source: tableSource, fallback: createFallback(ctx, source) };
}

function createFallback(ctx: VindexParamContext, source: VindexSource): Vindex | undefined {
  const fallbackType = getParam(ctx.params, 'fallback_type');
  if (fallbackType === undefined) return undefined;
  let fallback: Vindex;
  try {
    fallback = source.create(fallbackType, `${ctx.name}_hash`, {});
  } catch (err) {
    if (err instanceof VSchemaRouterError) return ctx.fail('fallback_type', err.message, err);
    throw err;
  }
  // Vitess keeps the fallback only through a Hashing type assertion: a non-hashing type is
  // accepted and then silently never used.
  return fallback.hashing ? fallback : undefined;
}

export type NumericStaticMapJsonResult =
  | { readonly ok: true; readonly table: NumericStaticMapTable }
  | { readonly ok: false; readonly message: string };

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Vitess decodes the text into a Go map[string]uint64 and then ParseUints each key. Values are
 * checked on their exact text (uint64 keyspace ids exceed 2^53), with Go's error messages.
 */
export function parseNumericStaticMapJson(text: string): NumericStaticMapJsonResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  // Go leaves the map nil for a top-level null: an empty table, not an error.
  if (root.kind === 'null') return { ok: true, table: new Map() };
  if (root.kind !== 'object') {
    return { ok: false, message: `json: cannot unmarshal ${root.kind} into Go value of type map[string]uint64` };
  }
  // Go decodes the whole document and reports the first type error; key parsing comes after.
  const entries: [string, bigint][] = [];
  for (const [key, node] of root.entries) {
    if (node.kind === 'null') {
      // Go ignores null for a uint64 element and stores the zero value.
      entries.push([key, 0n]);
    } else if (node.kind !== 'number') {
      return { ok: false, message: `json: cannot unmarshal ${node.kind} into Go value of type uint64` };
    } else if (!/^[0-9]+$/.test(node.text) || BigInt(node.text) > UINT64_MAX) {
      return { ok: false, message: `json: cannot unmarshal number ${node.text} into Go value of type uint64` };
    } else {
      entries.push([key, BigInt(node.text)]);
    }
  }
  const table = new Map<bigint, bigint>();
  for (const [key, value] of entries) {
    if (!/^[0-9]+$/.test(key)) return { ok: false, message: `strconv.ParseUint: parsing ${goQuote(key)}: invalid syntax` };
    const id = BigInt(key);
    if (id > UINT64_MAX) return { ok: false, message: `strconv.ParseUint: parsing ${goQuote(key)}: value out of range` };
    table.set(id, value);
  }
  return { ok: true, table };
}
