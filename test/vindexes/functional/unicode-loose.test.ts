/**
 * unicode_loose_md5 / unicode_loose_xxhash through the registry: error wrapping (spec §4.9) and
 * surprise §9.7. The golden paragraphs of Vitess's unicode_hash_golden.json are vectors
 * (unicode_golden), checked by test/conformance/vindex-vectors.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/keyrange/keyspace-id.js';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { bytesValue } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';
import { NULL, hexOf, singleImpl, varbinary, varchar } from './support.js';

beforeAll(() => vindexesReady());

describe('unicode_loose errors', () => {
  const invalid = bytesValue(Uint8Array.of(0x54, 0xff, 0x65));

  it.each([
    ['unicode_loose_md5', 'UnicodeLooseMD5'],
    ['unicode_loose_xxhash', 'UnicodeLooseXXHash'],
  ])('%s wraps invalid UTF-8 as %s.Map / .Verify; Hash does not wrap', (type, vitessName) => {
    const impl = singleImpl(type);
    const inner = 'cannot normalize string containing invalid UTF-8: "T\\xffe"';
    const map = vindexErrorOf(() => impl.map([invalid]));
    expect(map.message).toBe(`${vitessName}.Map: ${inner}`);
    expect(map.code).toBe('VINDEX_VALUE_INVALID');
    expect(vindexErrorOf(() => impl.verify([invalid], [new Uint8Array(0)])).message).toBe(`${vitessName}.Verify: ${inner}`);
    expect(vindexErrorOf(() => impl.hash!(invalid)).message).toBe(inner);
    expect(vindexErrorOf(() => impl.map([{ type: 'EXPRESSION', raw: new Uint8Array(1) }])).message).toBe(
      `${vitessName}.Map: expression cannot be converted to bytes`,
    );
  });
});

describe('spec §9.7: only trailing ASCII spaces are trimmed', () => {
  it.each(['unicode_loose_md5', 'unicode_loose_xxhash'])('%s', (type) => {
    const impl = singleImpl(type);
    const base = hexOf(impl.map([varchar('Test')])[0]);
    for (const same of ['TEST', 'Tést', 'Te\u0301st', 'Test ', 'Test   ']) expect(hexOf(impl.map([varchar(same)])[0]), same).toBe(base);
    for (const differs of [' Test', 'Test\t', 'Test\u00a0', 'Te-st', 'Tests']) expect(hexOf(impl.map([varchar(differs)])[0]), differs).not.toBe(base);
    // NULL and the empty string hash the empty key
    expect(hexOf(impl.map([NULL])[0])).toBe(hexOf(impl.map([varbinary('   ')])[0]));
    expect(bytesToHex(impl.hash!(NULL))).toBe(type === 'unicode_loose_md5' ? 'd41d8cd98f00b204e9800998ecf8427e' : '99e9d85137db46ef');
  });
});
