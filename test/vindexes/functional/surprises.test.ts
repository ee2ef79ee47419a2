/** Spec §9, the surprises that concern functional vindexes (1–8, 12), one test each. */
import { beforeAll, describe, expect, it } from 'vitest';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { bytesValue, textValue } from '../../../src/vindexes/value.js';
import { printable } from '../../../src/conformance/vindex-vectors/values.js';
import { vindexErrorOf } from '../helpers.js';
import { ALL, NONE, NULL, int64, ksid, mapOne, range, singleImpl, uint64, varbinary, varchar } from './support.js';

beforeAll(() => vindexesReady());

describe('spec §9 surprises', () => {
  it('1. hash Map accepts negative signed integers, hash Verify rejects them; digit strings hash like integers', () => {
    const hash = singleImpl('hash');
    expect(mapOne(hash, int64('-1'))).toEqual(ksid('355550b2150e2451'));
    expect(mapOne(hash, uint64('18446744073709551615'))).toEqual(ksid('355550b2150e2451'));
    const err = vindexErrorOf(() => hash.verify([int64('-1')], [new Uint8Array(8)]));
    expect(err.message).toBe('cannot parse uint64 from "-1"');
    expect(mapOne(hash, varchar('12'))).toEqual(mapOne(hash, int64('12')));
    expect(mapOne(hash, varchar(' 12\t'))).toEqual(mapOne(hash, int64('12')));
    for (const bad of ['+12', '12.0', '0x0c']) expect(mapOne(hash, varchar(bad))).toEqual(NONE);
    // a VARCHAR '-1' is not a signed type: it goes through ToCastUint64 and routes nowhere
    expect(mapOne(hash, varchar('-1'))).toEqual(NONE);
    // Hash() (used by multicol) follows Map's conversion and throws instead of returning none
    expect(vindexErrorOf(() => hash.hash!(varchar('x'))).message).toBe('cannot parse uint64 from "x"');
    expect(hash.hash!(int64('-1'))).toEqual(hash.hash!(uint64('18446744073709551615')));
  });

  it('2. the zero DES key is weak: reverseMap(map(x)) = x, and negatives come back as uint64', () => {
    const hash = singleImpl('hash');
    const [d] = hash.map([int64('-9223372036854775808')]);
    if (d?.kind !== 'keyspaceId') throw new Error('expected a keyspace id');
    expect(hash.reverseMap!([d.keyspaceId])).toEqual([textValue('UINT64', '9223372036854775808')]);
  });

  it('3. unparsable input routes nowhere for hash, numeric, reverse_bits, numeric_static_map; errors for xxhash, binary, binary_md5, cfc; null maps everything', () => {
    const expr = textValue('EXPRESSION', 'a + 1');
    for (const type of ['hash', 'numeric', 'reverse_bits']) expect(mapOne(singleImpl(type), varchar('abc'))).toEqual(NONE);
    expect(mapOne(singleImpl('numeric_static_map', { json: '{}' }), varchar('abc'))).toEqual(NONE);
    for (const type of ['xxhash', 'binary', 'binary_md5', 'cfc']) {
      const err = vindexErrorOf(() => singleImpl(type).map([expr]));
      expect(err.message).toBe('expression cannot be converted to bytes');
    }
    const nul = singleImpl('null');
    for (const v of [expr, NULL, varchar('x'), int64('-1')]) expect(mapOne(nul, v)).toEqual(ksid('00'));
  });

  it('4. byte order: hash/numeric/reverse_bits big-endian, xxhash little-endian', () => {
    expect(mapOne(singleImpl('numeric'), int64('1'))).toEqual(ksid('0000000000000001'));
    expect(mapOne(singleImpl('reverse_bits'), int64('1'))).toEqual(ksid('8000000000000000'));
    expect(mapOne(singleImpl('reverse_bits'), int64('3'))).toEqual(ksid('c000000000000000'));
    // XXH64("") = 0xef46db3751d8e999, written least-significant byte first
    expect(mapOne(singleImpl('xxhash'), NULL)).toEqual(ksid('99e9d85137db46ef'));
  });

  it('5. NULL: binary → empty keyspace id, xxhash/binary_md5 hash "", numeric/hash → none', () => {
    expect(mapOne(singleImpl('binary'), NULL)).toEqual(ksid(''));
    expect(mapOne(singleImpl('xxhash'), NULL)).toEqual(ksid('99e9d85137db46ef'));
    expect(mapOne(singleImpl('binary_md5'), NULL)).toEqual(ksid('d41d8cd98f00b204e9800998ecf8427e'));
    expect(mapOne(singleImpl('numeric'), NULL)).toEqual(NONE);
    expect(mapOne(singleImpl('hash'), NULL)).toEqual(NONE);
  });

  it('6. integers are hashed as decimal text by xxhash, binary_md5 and binary', () => {
    for (const type of ['xxhash', 'binary_md5', 'binary']) {
      const impl = singleImpl(type);
      expect(mapOne(impl, int64('42'))).toEqual(mapOne(impl, varbinary('42')));
      expect(mapOne(impl, int64('42'))).toEqual(mapOne(impl, uint64('42')));
    }
    expect(mapOne(singleImpl('binary'), int64('-1'))).toEqual(ksid('2d31'));
  });

  it('8. numeric_static_map parses uint64 exactly and strings never reach the fallback', () => {
    const impl = singleImpl('numeric_static_map', { json: '{"18446744073709551615":18446744073709551615,"1":9007199254740993}', fallback_type: 'xxhash' });
    expect(mapOne(impl, uint64('18446744073709551615'))).toEqual(ksid('ffffffffffffffff'));
    expect(mapOne(impl, int64('1'))).toEqual(ksid('0020000000000001'));
    expect(mapOne(impl, varchar('test1'))).toEqual(NONE);
    expect(mapOne(impl, int64('2'))).toEqual(ksid('8b59801662b52160'));
  });

  it('12. rangeMap (BETWEEN) is end-exclusive at Hash(end)', () => {
    expect(singleImpl('binary').rangeMap!(varbinary('a'), varbinary('c'))).toMatchObject({ kind: 'keyRange' });
    const numeric = singleImpl('numeric');
    const d = numeric.rangeMap!(int64('1'), int64('10'));
    expect(d.kind === 'keyRange' && [Buffer.from(d.keyRange.start).toString('hex'), Buffer.from(d.keyRange.end).toString('hex')]).toEqual([
      '0000000000000001',
      '000000000000000a',
    ]);
    expect(vindexErrorOf(() => numeric.rangeMap!(int64('1'), varchar('x'))).message).toBe('cannot parse uint64 from "x"');
  });

  it('prefix key ranges: all shards for an empty prefix, open end after ff…', () => {
    const cfc = singleImpl('cfc');
    expect(cfc.prefixMap!([varbinary('%')]).map(printable)).toEqual([ALL]);
    expect(cfc.prefixMap!([bytesValue(Uint8Array.of(0xff, 0xff, 0x25))]).map(printable)).toEqual([range('ffff', '')]);
  });
});
