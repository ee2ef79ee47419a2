/** multicol (spec §4.13) beyond the Vitess vectors: partial rows, padding, errors. */
import { beforeAll, describe, expect, it } from 'vitest';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { textValue } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';
import { ALL, NONE, NULL, int64, ksid, mapRow, multiImpl, range, registry, varchar } from './support.js';

beforeAll(() => vindexesReady());

describe('multicol', () => {
  const threeHash = () => multiImpl('multicol', { column_count: '3' });

  it('maps leading columns to the key range of their prefix (spec example)', () => {
    const impl = threeHash();
    expect(mapRow(impl, [int64('1'), int64('1'), int64('1')])).toEqual(ksid('166b40166b40166b'));
    expect(mapRow(impl, [int64('1')])).toEqual(range('166b40', '166b41'));
    expect(mapRow(impl, [int64('1'), int64('1')])).toEqual(range('166b40166b40', '166b40166b41'));
    expect(mapRow(impl, [])).toEqual(ALL);
  });

  it('too many values: none in Map, VT13001 in Verify', () => {
    const impl = threeHash();
    const row = [int64('1'), int64('1'), int64('1'), int64('1')];
    expect(mapRow(impl, row)).toEqual(NONE);
    const err = vindexErrorOf(() => impl.verifyRows([row], [new Uint8Array(8)]));
    expect(err.code).toBe('VT13001');
    expect(err.message).toBe('VT13001: [BUG] wrong number of column values were passed: maximum allowed 3, got 4');
  });

  it('a column hash error: none in Map, the error in Verify', () => {
    const impl = threeHash();
    expect(mapRow(impl, [int64('1'), varchar('x')])).toEqual(NONE);
    expect(vindexErrorOf(() => impl.verifyRows([[int64('1'), varchar('x')]], [new Uint8Array(8)])).message).toBe('cannot parse uint64 from "x"');
  });

  it('pads short column hashes with zero bytes up to the next column', () => {
    const impl = multiImpl('multicol', { column_count: '2', column_vindex: 'binary,hash', column_bytes: '4,4' });
    expect(mapRow(impl, [textValue('HEXNUM', '0x01'), int64('1')])).toEqual(ksid('01000000166b40b4'));
    // the last column is not padded: a short last hash gives a short keyspace id
    const short = multiImpl('multicol', { column_count: '2', column_vindex: 'hash,binary', column_bytes: '4,4' });
    expect(mapRow(short, [int64('1'), textValue('HEXNUM', '0x0102')])).toEqual(ksid('166b40b40102'));
    expect(mapRow(short, [int64('1'), NULL])).toEqual(ksid('166b40b4'));
  });

  it('uses each column vindex’s own hash and forwards the remaining params', () => {
    const impl = multiImpl('multicol', { column_count: '2', column_vindex: 'numeric_static_map, xxhash', json: '{"1":2}' });
    expect(mapRow(impl, [int64('1'), int64('1')])).toEqual(ksid('00000000d4640536'));
    expect(registry.create('multicol', 'm', { column_count: '2', column_vindex: 'numeric_static_map, xxhash', json: '{"1":2}' }).cost).toBe(2);
    expect(impl.verifyRows([[int64('1'), int64('1')]], [Buffer.from('00000000d4640536', 'hex')])).toEqual([true]);
  });

  it('a custom Hashing column type without an impl validates but cannot route', () => {
    registry.define('hash_props_only', { cost: 1, unique: true, kind: 'functional', hashing: true });
    const impl = multiImpl('multicol', { column_count: '1', column_vindex: 'hash_props_only' });
    expect(vindexErrorOf(() => impl.mapRows([[int64('1')]])).code).toBe('VINDEX_NOT_IMPLEMENTED');
  });
});
