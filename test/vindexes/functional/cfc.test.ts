/** cfc (spec §4.10) through the registry: map, verify and LIKE prefixes with a hash. */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/keyrange/keyspace-id.js';
import { md5 } from '../../../src/vindexes/crypto/md5.js';
import { vindexesReady, xxhash64 } from '../../../src/vindexes/crypto/xxhash64.js';
import { vindexErrorOf } from '../helpers.js';
import { ALL, mapOne, range, singleImpl, varbinary, ksid } from './support.js';
import { printable } from '../../../src/conformance/vindex-vectors/values.js';

beforeAll(() => vindexesReady());

const enc = new TextEncoder();
const md5hex = (s: string, n: number) => bytesToHex(md5(enc.encode(s)).subarray(0, n));
/** hex + 1 as a big-endian number of the same width (no test value here is all ff). */
const plusOne = (hex: string) => (BigInt('0x' + hex) + 1n).toString(16).padStart(hex.length, '0');
const xxhex = (s: string, n: number) => bytesToHex(xxhash64(enc.encode(s)).subarray(0, n));

describe('cfc with a hash', () => {
  const impl = () => singleImpl('cfc', { hash: 'md5', offsets: '[2,5]' }, 'my_cfc');

  it('hashes each component, then the tail', () => {
    expect(mapOne(impl(), varbinary('abcdefgh'))).toEqual(ksid(md5hex('ab', 2) + md5hex('cde', 3) + md5hex('fgh', 3)));
    expect(mapOne(impl(), varbinary('abcde'))).toEqual(ksid(md5hex('ab', 2) + md5hex('cde', 3)));
    const xx = singleImpl('cfc', { hash: 'xxhash64', offsets: '[1]' });
    expect(mapOne(xx, varbinary('a0123456789'))).toEqual(ksid(xxhex('a', 1) + xxhex('0123456789', 8)));
  });

  it('a short value is an error in Map and Verify, naming the vindex', () => {
    expect(vindexErrorOf(() => impl().map([varbinary('abcd')])).message).toBe('insufficient size for cfc vindex my_cfc. need 5, got 4');
    expect(vindexErrorOf(() => impl().verify([varbinary('abcd')], [new Uint8Array(0)])).message).toBe('insufficient size for cfc vindex my_cfc. need 5, got 4');
  });

  it('LIKE: hashes only the whole components of the literal prefix', () => {
    const p = impl();
    const map = (pattern: string) => printable(p.prefixMap!([varbinary(pattern)])[0]!);
    const ab = md5hex('ab', 2);
    const abEnd = plusOne(ab);
    expect(map('abc%')).toEqual(range(ab, abEnd));
    expect(map('a%')).toEqual(ALL);
    const escaped = md5hex('a%', 2) + md5hex('cde', 3) + md5hex('fg', 2);
    expect(map('a\\%cdefg%')).toEqual(range(escaped, plusOne(escaped)));
    expect(map('ab_de%')).toEqual(range(ab, abEnd));
  });
});
