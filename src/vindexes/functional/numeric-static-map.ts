/**
 * `numeric_static_map` (spec §4.7): a JSON table of uint64 → uint64 keyspace ids. A value in
 * the table maps to its entry as 8 bytes big-endian; any other number goes to the fallback
 * vindex's Hash of the ORIGINAL value when there is one, else to itself (numeric behaviour).
 * ToCastUint64 failures are errors before any fallback is consulted, so strings like `test1`
 * route nowhere even with an xxhash fallback (spec §9.8).
 *
 * The table comes from the `json` param or from the `json_path` file, which is read
 * synchronously here, at construction, like Vitess does.
 */
import { readFileSync } from 'node:fs';
import { VindexError, VSchemaRouterError } from '../../errors.js';
import { SCAN_OK, scanUint64, scannedBigint, uint64ScanError } from '../convert.js';
import { parseNumericStaticMapParams, type NumericStaticMapConfig } from '../functional-params.js';
import { getParam, type VindexParamContext } from '../params.js';
import type { VindexSource } from '../registry.js';
import type { Destination, SingleColumnImpl, Vindex } from '../types.js';
import type { SqlValue } from '../value.js';
import { NONE, bytesEqual, checkVerifyLengths, keyspaceIdDestination, scannedUint64Key } from './shared.js';

/**
 * The params, parsed in Vitess's order: `json`/`json_path` presence, then the file read, then
 * JSON decoding and key parsing, then the fallback type. Returns an inline table either way.
 */
export function parseNumericStaticMap(ctx: VindexParamContext, source: VindexSource): NumericStaticMapConfig {
  const path = getParam(ctx.params, 'json_path');
  if (path === undefined || path === '' || getParam(ctx.params, 'json') !== undefined) {
    return parseNumericStaticMapParams(ctx, source);
  }
  const text = readParamFile(ctx, 'json_path', path);
  // Parse the file's content as if it were the inline param; errors still name json_path.
  const { json_path: _omitted, ...rest } = ctx.params;
  const inline: VindexParamContext = {
    ...ctx,
    params: { ...rest, json: text },
    fail: (param, message, cause) => ctx.fail(param === 'json' ? 'json_path' : param, message, cause),
  };
  return parseNumericStaticMapParams(inline, source);
}

/** Reads a param-named file as os.ReadFile would, failing with Go's error text. */
export function readParamFile(ctx: VindexParamContext, param: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return ctx.fail(param, goFileError(path, err), err);
  }
}

const GO_ERRNO: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
};

/** Go's *PathError text: `open /path/to/map.json: no such file or directory`. */
function goFileError(path: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  // Go opens a directory fine and fails on the read.
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  const text = typeof code === 'string' ? GO_ERRNO[code] : undefined;
  if (text !== undefined) return `open ${path}: ${text}`;
  return `open ${path}: ${err instanceof Error ? err.message : String(err)}`;
}

function fallbackHash(fallback: Vindex | undefined): ((value: SqlValue) => Uint8Array) | undefined {
  if (fallback === undefined) return undefined;
  const impl = fallback.impl;
  const hash = impl !== null && impl.kind === 'single' ? impl.hash : undefined;
  if (hash !== undefined) return hash;
  // A custom Hashing type declared with properties only: it validates, but cannot hash.
  return () => {
    throw new VindexError('VINDEX_NOT_IMPLEMENTED', `fallback vindex ${fallback.name} of type ${fallback.type} has no hash implementation`);
  };
}

export function numericStaticMapImpl(config: NumericStaticMapConfig): SingleColumnImpl {
  if (config.source.kind !== 'json') {
    throw new VindexError('VINDEX_PARAM_INVALID', 'numeric_static_map: the json_path table must be loaded before the vindex is built');
  }
  // Keyspace ids precomputed: the map path only looks up and copies.
  const table = new Map<bigint, Uint8Array>();
  for (const [id, ksid] of config.source.table) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, ksid);
    table.set(id, bytes);
  }
  const fallback = fallbackHash(config.fallback);

  /** Vitess NumericStaticMap.Hash; `undefined` instead of a ToCastUint64 error when `strict` is off. */
  function hashOf(value: SqlValue, strict: boolean): Uint8Array | undefined {
    const status = scanUint64(value.raw);
    if (status !== SCAN_OK) {
      if (strict) throw uint64ScanError(value.raw, status);
      return undefined;
    }
    const mapped = table.size === 0 ? undefined : table.get(scannedBigint());
    if (mapped !== undefined) return mapped.slice();
    return fallback !== undefined ? fallback(value) : scannedUint64Key();
  }

  return Object.freeze({
    kind: 'single',
    map(values: readonly SqlValue[]): Destination[] {
      const out = new Array<Destination>(values.length);
      for (let i = 0; i < values.length; i++) {
        let ksid: Uint8Array | undefined;
        try {
          ksid = hashOf(values[i]!, false);
        } catch (err) {
          // A fallback Hash error routes nowhere too (Map turns every Hash error into none).
          if (!(err instanceof VSchemaRouterError) || err.code === 'VINDEX_NOT_READY' || err.code === 'VINDEX_NOT_IMPLEMENTED') throw err;
        }
        out[i] = ksid === undefined ? NONE : keyspaceIdDestination(ksid);
      }
      return out;
    },
    verify(values: readonly SqlValue[], keyspaceIds: readonly Uint8Array[]): boolean[] {
      checkVerifyLengths('NumericStaticMap.Verify', values.length, keyspaceIds.length);
      return values.map((v, i) => bytesEqual(hashOf(v, true), keyspaceIds[i]));
    },
    hash: (value: SqlValue) => hashOf(value, true)!,
  });
}
