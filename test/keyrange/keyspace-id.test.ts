import { describe, expect, it } from 'vitest';
import { KeyRangeError } from '../../src/errors.js';
import {
  bytesToHex,
  compareKeyspaceIds,
  hexToBytes,
  isEmptyKeyspaceId,
  keyspaceIdLess,
  keyspaceIdsEqual,
  normalizeKeyspaceId,
  uint64Key,
} from '../../src/keyrange/keyspace-id.js';
import { thrown } from '../support/thrown.js';

const keyRangeError = (fn: () => unknown): KeyRangeError => thrown(KeyRangeError, fn);

describe('hexToBytes / bytesToHex', () => {
  it('decodes either case and encodes lower case', () => {
    expect([...hexToBytes('AbCd09')]).toEqual([0xab, 0xcd, 0x09]);
    expect(bytesToHex(new Uint8Array([0xab, 0xcd, 0x09, 0x00]))).toBe('abcd0900');
    expect(hexToBytes('')).toHaveLength(0);
  });

  it('returns a Uint8Array (not a Buffer) so it works outside Node', () => {
    const bytes = hexToBytes('80');
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
  });

  it.each([
    ['abc', 'encoding/hex: odd length hex string'],
    ['zz', "encoding/hex: invalid byte: U+007A 'z'"],
    ['0g', "encoding/hex: invalid byte: U+0067 'g'"],
    // Go reports the invalid trailing byte before the odd length.
    ['00g', "encoding/hex: invalid byte: U+0067 'g'"],
    ['0\n', 'encoding/hex: invalid byte: U+000A'],
    // Go decodes UTF-8 bytes: the first byte of "é" is 0xC3.
    ['é0', "encoding/hex: invalid byte: U+00C3 'Ã'"],
  ])('rejects %j like Go encoding/hex', (input, message) => {
    const err = keyRangeError(() => hexToBytes(input));
    expect(err.message).toBe(message);
    expect(err.code).toBe('KEY_RANGE_INVALID');
  });
});

describe('normalisation and comparison', () => {
  it('strips trailing zero bytes only, and returns a copy', () => {
    const id = hexToBytes('00110000');
    const normal = normalizeKeyspaceId(id);
    expect(bytesToHex(normal)).toBe('0011');
    normal[0] = 0xff;
    expect(id[0]).toBe(0);
  });

  it('orders the empty id first and a shorter prefix before a longer id', () => {
    expect(compareKeyspaceIds(new Uint8Array(0), hexToBytes('00'))).toBe(0);
    expect(compareKeyspaceIds(new Uint8Array(0), hexToBytes('01'))).toBe(-1);
    expect(compareKeyspaceIds(hexToBytes('80'), hexToBytes('8001'))).toBe(-1);
    expect(compareKeyspaceIds(hexToBytes('81'), hexToBytes('80ff'))).toBe(1);
    expect(keyspaceIdsEqual(hexToBytes('80'), hexToBytes('8000000000000000'))).toBe(true);
    expect(keyspaceIdLess(hexToBytes('7fff'), hexToBytes('80'))).toBe(true);
    expect(isEmptyKeyspaceId(hexToBytes('0000'))).toBe(true);
    expect(isEmptyKeyspaceId(hexToBytes('0001'))).toBe(false);
  });
});

describe('uint64Key', () => {
  it('writes 8 bytes big-endian', () => {
    expect(bytesToHex(uint64Key(0x0102030405060708n))).toBe('0102030405060708');
    expect(bytesToHex(uint64Key(0n))).toBe('0000000000000000');
  });

  it.each([-1n, 1n << 64n])('rejects %s without echoing the value', (value) => {
    const err = keyRangeError(() => uint64Key(value));
    expect(err.message).toMatch(/out of range/);
    expect(err.message).not.toContain(value.toString());
  });

  it('rejects a number passed where a bigint is required', () => {
    expect(() => uint64Key(5 as unknown as bigint)).toThrow(KeyRangeError);
  });
});
