/**
 * XXH64 (seed 0) for xxhash, cfc and unicode_loose_xxhash. xxhash-wasm only offers an async
 * factory (it instantiates WebAssembly), while vindex maps are synchronous (a cached plan routes
 * with no I/O). So the module is loaded once by `vindexesReady()`, which a router awaits at
 * start-up; after that `xxhash64` is synchronous.
 */
import xxhashFactory from 'xxhash-wasm';
import { VindexError } from '../../errors.js';

type H64Raw = (input: Uint8Array, seed?: bigint) => bigint;

let h64Raw: H64Raw | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads what the vindexes need asynchronously (the xxhash WebAssembly module). Idempotent and
 * safe to call concurrently: every caller gets the same promise; a failed load can be retried.
 */
export function vindexesReady(): Promise<void> {
  if (h64Raw !== undefined) return Promise.resolve();
  loading ??= loadFactory().then(
    (api) => {
      h64Raw = api.h64Raw;
    },
    (err: unknown) => {
      loading = undefined;
      throw new VindexError('VINDEX_NOT_READY', `could not load xxhash-wasm: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    },
  );
  return loading;
}

/** True once `vindexesReady()` has resolved. */
export function vindexesAreReady(): boolean {
  return h64Raw !== undefined;
}

async function loadFactory(): Promise<{ h64Raw: H64Raw }> {
  // The default export is the factory in both the ESM and the CJS build of xxhash-wasm; a
  // bundler's interop may still hand us the namespace, so unwrap one `default` if needed.
  const factory = (typeof xxhashFactory === 'function' ? xxhashFactory : (xxhashFactory as unknown as { default: typeof xxhashFactory }).default);
  return factory();
}

/** XXH64 of `bytes` with seed 0, as 8 bytes LITTLE-endian (Vitess writes the uint64 least-significant byte first). */
export function xxhash64(bytes: Uint8Array): Uint8Array {
  if (h64Raw === undefined) {
    throw new VindexError('VINDEX_NOT_READY', 'xxhash is not loaded yet: `await vindexesReady()` once before mapping values');
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, h64Raw(bytes, 0n), true);
  return out;
}
