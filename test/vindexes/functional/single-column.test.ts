/** Single-column details the vectors do not pin down: reverse maps, verify, hash facets. */
import { beforeAll, describe, expect, it } from 'vitest';
import { VSchemaRouterError } from '../../../src/errors.js';
import { bytesToHex, hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { textValue, valueText } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';
import { NONE, NULL, int64, ksid, mapOne, registry, singleImpl, uint64, varbinary, varchar } from './support.js';

beforeAll(() => vindexesReady());

describe('hash', () => {
  it('uint64 2^64−1 round-trips exactly through map and reverseMap', () => {
    const hash = singleImpl('hash');
    expect(mapOne(hash, uint64('18446744073709551615'))).toEqual(ksid('355550b2150e2451'));
    expect(mapOne(hash, uint64('18446744073709551616'))).toEqual(NONE);
    const [v] = hash.reverseMap!([hexToBytes('355550b2150e2451')]);
    expect(v).toEqual(textValue('UINT64', '18446744073709551615'));
    expect(hash.verify([uint64('18446744073709551615')], [hexToBytes('355550b2150e2451')])).toEqual([true]);
  });

  it('maps many values in one call, each to its own keyspace id', () => {
    const hash = singleImpl('hash');
    const out = hash.map(['1', '2', 'x', '3'].map(varchar));
    expect(out.map((d) => (d.kind === 'keyspaceId' ? bytesToHex(d.keyspaceId) : d.kind))).toEqual([
      '166b40b44aba4bd6',
      '06e7ea22ce92708f',
      'none',
      '4eb190c9a2fa169c',
    ]);
  });

  it('verify needs one keyspace id per value', () => {
    expect(vindexErrorOf(() => singleImpl('hash').verify([int64('1')], [])).code).toBe('VINDEX_ARGUMENT_INVALID');
  });
});

describe('reverse maps', () => {
  it('binary: a nil keyspace id errors, an empty one is fine', () => {
    const binary = singleImpl('binary');
    expect(binary.reverseMap!([new Uint8Array(0)])).toEqual([textValue('VARBINARY', '')]);
    expect(vindexErrorOf(() => binary.reverseMap!([undefined as unknown as Uint8Array])).message).toBe('Binary.ReverseMap: keyspaceId is nil');
  });

  it('numeric: 8 bytes only', () => {
    const numeric = singleImpl('numeric');
    expect(numeric.reverseMap!([hexToBytes('ffffffffffffffff')]).map(valueText)).toEqual(['18446744073709551615']);
    const err = vindexErrorOf(() => numeric.reverseMap!([hexToBytes('0102')]));
    expect(err.message).toBe('Numeric.ReverseMap: length of keyspaceId is not 8: 2');
  });

  it('reverse_bits: mirror round trip, 8 bytes only', () => {
    const rb = singleImpl('reverse_bits');
    for (const n of ['0', '1', '12345678901234567', '18446744073709551615', '9223372036854775808']) {
      const [d] = rb.map([uint64(n)]);
      if (d?.kind !== 'keyspaceId') throw new Error('expected a keyspace id');
      expect(rb.reverseMap!([d.keyspaceId]).map(valueText)).toEqual([n]);
    }
    expect(mapOne(rb, uint64('12345678901234567'))).toEqual(ksid(BigInt('0b' + (12345678901234567n).toString(2).padStart(64, '0').split('').reverse().join('')).toString(16).padStart(16, '0')));
    expect(vindexErrorOf(() => rb.reverseMap!([hexToBytes('80')])).message).toBe('invalid keyspace id: 80');
  });
});

describe('hash facet', () => {
  it('every Hashing built-in exposes impl.hash, and only those', () => {
    const params: Record<string, Record<string, string>> = { numeric_static_map: { json: '{}' } };
    for (const type of ['hash', 'xxhash', 'binary', 'binary_md5', 'numeric', 'numeric_static_map', 'reverse_bits', 'null', 'cfc']) {
      const vindex = registry.create(type, type, params[type] ?? {});
      const impl = vindex.impl;
      if (impl?.kind !== 'single') throw new Error(`${type}: no impl`);
      expect(typeof impl.hash === 'function', type).toBe(vindex.hashing);
      expect(typeof impl.reverseMap === 'function', type).toBe(vindex.reversible);
      expect(typeof impl.rangeMap === 'function', type).toBe(vindex.sequential);
      expect(typeof impl.prefixMap === 'function', type).toBe(vindex.prefixable);
    }
  });

  it('binary_md5 is case sensitive and errors only on conversion', () => {
    const impl = singleImpl('binary_md5');
    expect(mapOne(impl, varbinary('Test'))).not.toEqual(mapOne(impl, varbinary('TEST')));
    const err = vindexErrorOf(() => impl.map([textValue('HEXNUM', '0x1')]));
    expect(err).toBeInstanceOf(VSchemaRouterError);
    expect(err.message).toBe('encoding/hex: odd length hex string');
  });

  it('null verify compares against 00', () => {
    expect(singleImpl('null').verify([NULL, int64('5')], [hexToBytes('00'), hexToBytes('0000')])).toEqual([true, false]);
  });
});
