/**
 * `xxhash` (spec §4.2): XXH64 (seed 0) of the value's bytes (integers as decimal text, NULL as
 * the empty string, hex literals decoded), written little-endian. Only ToBytes can fail, and
 * then Map fails too. Needs `await vindexesReady()` first (the hash is WebAssembly).
 */
import { toBytes } from '../convert.js';
import { xxhash64 } from '../crypto/xxhash64.js';
import type { SqlValue } from '../value.js';
import { bytesHashImpl } from './bytes-hash.js';

export const xxhashImpl = bytesHashImpl('XXHash', (v: SqlValue) => xxhash64(toBytes(v)));
