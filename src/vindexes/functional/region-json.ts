/**
 * `region_json` (spec §4.12), multi-column [id, country] (the reverse of region_experimental):
 * the country's region from a JSON file `{ "<country>": <uint64> }` (low 16 or 8 bits) followed
 * by the DES hash of the id. Only complete rows route; unknown countries route nowhere.
 * Vitess has no tests for this type; the file is read at construction, as Vitess does.
 */
import { SCAN_OK, scanUint64, scanned } from '../convert.js';
import { desHashWords } from '../crypto/des.js';
import { parseRegionJsonParams, type RegionJsonConfig } from '../functional-params.js';
import { parseJsonText } from '../json-text.js';
import { getParam, type VindexParamContext } from '../params.js';
import type { Destination, MultiColumnImpl } from '../types.js';
import type { SqlValue } from '../value.js';
import { readParamFile } from './numeric-static-map.js';
import { regionKeyspaceId, regionPrefix } from './region-experimental.js';
import { NONE, bytesEqual, checkVerifyLengths, keyspaceIdDestination } from './shared.js';

export interface RegionJsonTable extends RegionJsonConfig {
  /** Country (as a byte string, one char per byte) → the region's low 32 bits. */
  readonly regions: ReadonlyMap<string, number>;
}

const UINT64_MAX = (1n << 64n) - 1n;
const encoder = new TextEncoder();

/** Byte-exact map keys: Go compares the row's raw bytes with the UTF-8 bytes of the JSON key. */
function byteKey(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * Vitess's order: read the file, decode it as map[string]uint64, then check region_bytes. A
 * missing region_map keeps the kinder "missing param" message of parseRegionJsonParams.
 */
export function parseRegionJson(ctx: VindexParamContext): RegionJsonTable {
  const path = getParam(ctx.params, 'region_map') ?? '';
  if (path === '') return { ...parseRegionJsonParams(ctx), regions: new Map() };
  const text = readParamFile(ctx, 'region_map', path);
  const parsed = parseJsonText(text);
  if (!parsed.ok) return ctx.fail('region_map', parsed.message);
  const root = parsed.value;
  const regions = new Map<string, number>();
  if (root.kind === 'object') {
    for (const [country, node] of root.entries) {
      let value = 0n; // Go leaves null as the zero value
      if (node.kind === 'number' && /^[0-9]+$/.test(node.text) && BigInt(node.text) <= UINT64_MAX) value = BigInt(node.text);
      else if (node.kind === 'number') return ctx.fail('region_map', `json: cannot unmarshal number ${node.text} into Go value of type uint64`);
      else if (node.kind !== 'null') return ctx.fail('region_map', `json: cannot unmarshal ${node.kind} into Go value of type uint64`);
      regions.set(byteKey(encoder.encode(country)), Number(value & 0xffffffffn));
    }
  } else if (root.kind !== 'null') {
    return ctx.fail('region_map', `json: cannot unmarshal ${root.kind} into Go value of type map[string]uint64`);
  }
  return { ...parseRegionJsonParams(ctx), regions };
}

export function regionJsonImpl(config: RegionJsonTable): MultiColumnImpl {
  function mapRow(row: readonly SqlValue[]): Destination {
    const [id, country] = row;
    if (row.length !== 2 || id === undefined || country === undefined) return NONE;
    if (scanUint64(id.raw) !== SCAN_OK) return NONE;
    const hash = desHashWords(scanned.hi, scanned.lo);
    const region = config.regions.get(byteKey(country.raw));
    if (region === undefined) return NONE;
    return keyspaceIdDestination(regionKeyspaceId(regionPrefix(region, config.regionBytes), hash));
  }
  return Object.freeze({
    kind: 'multi',
    mapRows: (rows: readonly (readonly SqlValue[])[]): Destination[] => rows.map(mapRow),
    verifyRows(rows: readonly (readonly SqlValue[])[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths('RegionJSON.Verify', rows.length, keyspaceIds.length);
      return rows.map((row, i) => {
        const dest = mapRow(row);
        return dest.kind === 'keyspaceId' && bytesEqual(dest.keyspaceId, keyspaceIds[i]);
      });
    },
  });
}
