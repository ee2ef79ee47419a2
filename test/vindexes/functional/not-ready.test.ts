/**
 * xxhash-wasm loads asynchronously, maps are synchronous: before `vindexesReady()` resolves,
 * anything that needs XXH64 throws VINDEX_NOT_READY. This file must not load it up front.
 */
import { describe, expect, it } from 'vitest';
import { vindexesAreReady, vindexesReady, xxhash64 } from '../../../src/vindexes/crypto/xxhash64.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import { textValue } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';

const registry = new VindexRegistry();

describe('before vindexesReady()', () => {
  it('xxhash64 and every xxhash-based map throw VINDEX_NOT_READY; other vindexes work', () => {
    expect(vindexesAreReady()).toBe(false);
    const direct = vindexErrorOf(() => xxhash64(new Uint8Array(1)));
    expect(direct.code).toBe('VINDEX_NOT_READY');
    expect(direct.message).toContain('await vindexesReady()');

    const xx = registry.create('xxhash', 'xx').impl;
    if (xx?.kind !== 'single') throw new Error('no impl');
    expect(vindexErrorOf(() => xx.map([textValue('INT64', '1')])).code).toBe('VINDEX_NOT_READY');

    const cfc = registry.create('cfc', 'c', { hash: 'xxhash64', offsets: '[2]' }).impl;
    if (cfc?.kind !== 'single') throw new Error('no impl');
    expect(vindexErrorOf(() => cfc.map([textValue('VARBINARY', 'abcd')])).code).toBe('VINDEX_NOT_READY');

    // A fallback that cannot hash yet must not be mistaken for "routes nowhere".
    const nsm = registry.create('numeric_static_map', 'n', { json: '{}', fallback_type: 'xxhash' }).impl;
    if (nsm?.kind !== 'single') throw new Error('no impl');
    expect(vindexErrorOf(() => nsm.map([textValue('INT64', '2')])).code).toBe('VINDEX_NOT_READY');
    const mc = registry.create('multicol', 'm', { column_count: '1', column_vindex: 'xxhash' }).impl;
    if (mc?.kind !== 'multi') throw new Error('no impl');
    expect(vindexErrorOf(() => mc.mapRows([[textValue('INT64', '2')]])).code).toBe('VINDEX_NOT_READY');

    const hash = registry.create('hash', 'h').impl;
    if (hash?.kind !== 'single') throw new Error('no impl');
    expect(hash.map([textValue('INT64', '1')])[0]?.kind).toBe('keyspaceId');
  });

  it('vindexesReady is idempotent and safe to call concurrently', async () => {
    const a = vindexesReady();
    const b = vindexesReady();
    expect(a).toBe(b);
    await Promise.all([a, b, vindexesReady()]);
    expect(vindexesAreReady()).toBe(true);
    await vindexesReady();
    const xx = registry.create('xxhash', 'xx').impl;
    if (xx?.kind !== 'single') throw new Error('no impl');
    expect(xx.map([textValue('INT64', '1')])[0]?.kind).toBe('keyspaceId');
  });
});
