import { describe, expect, it } from 'vitest';
import { KeyRangeError } from '../../src/errors.js';
import {
  COMPLETE_KEY_RANGE,
  keyRangeAdd,
  keyRangeContains,
  keyRangeContainsKeyRange,
  keyRangeContiguous,
  keyRangeEqual,
  keyRangeIntersect,
  keyRangeIsComplete,
  keyRangeString,
  makeKeyRange,
  parseKeyRange,
} from '../../src/keyrange/key-range.js';
import { bytesToHex, hexToBytes } from '../../src/keyrange/keyspace-id.js';

const kr = parseKeyRange;
const id = hexToBytes;

describe('parseKeyRange and keyRangeString', () => {
  it('parses both halves as hex and prints them as stored', () => {
    const range = kr('8000-C0');
    expect(bytesToHex(range.start)).toBe('8000');
    expect(bytesToHex(range.end)).toBe('c0');
    expect(keyRangeString(range)).toBe('8000-c0');
    expect(Object.isFrozen(range)).toBe(true);
  });

  it('prints the complete range (missing, "-" or all-zero ends) as "-"', () => {
    expect(keyRangeString(null)).toBe('-');
    expect(keyRangeString(kr('-'))).toBe('-');
    expect(keyRangeString(kr('00-'))).toBe('-');
    expect(keyRangeIsComplete(kr('00-'))).toBe(true);
    expect(keyRangeIsComplete(COMPLETE_KEY_RANGE)).toBe(true);
    expect(keyRangeIsComplete(kr('-80'))).toBe(false);
  });

  it.each([
    ['40', 'invalid key range "40": expected <start>-<end> in hex'],
    ['40-80-c0', 'invalid key range "40-80-c0": expected <start>-<end> in hex'],
    ['80-40', 'out of order keys: 80 is not strictly smaller than 40'],
    ['80-80', 'out of order keys: 80 is not strictly smaller than 80'],
    ['8-', 'encoding/hex: odd length hex string'],
  ])('rejects %j', (text, message) => {
    expect(() => kr(text)).toThrow(KeyRangeError);
    expect(() => kr(text)).toThrow(message);
  });

  it('accepts 80-8000, as Vitess does, because the order check uses raw bytes', () => {
    expect(keyRangeString(kr('80-8000'))).toBe('80-8000');
  });
});

describe('keyRangeContains', () => {
  it('includes the start and excludes the end', () => {
    const range = kr('40-80');
    expect(keyRangeContains(range, id('40'))).toBe(true);
    expect(keyRangeContains(range, id('7fffffffffffffff'))).toBe(true);
    expect(keyRangeContains(range, id('80'))).toBe(false);
    expect(keyRangeContains(range, id('8000000000000000'))).toBe(false);
    expect(keyRangeContains(range, id('3fff'))).toBe(false);
  });

  it('treats open ends as infinities and a missing range as everything', () => {
    expect(keyRangeContains(kr('-80'), new Uint8Array(0))).toBe(true);
    expect(keyRangeContains(kr('80-'), id('ffffffffffffffff'))).toBe(true);
    expect(keyRangeContains(null, id('12'))).toBe(true);
  });
});

describe('pairwise functions', () => {
  it('intersect: touching ranges do not intersect', () => {
    expect(keyRangeIntersect(kr('-40'), kr('40-80'))).toBe(false);
    expect(keyRangeIntersect(kr('-41'), kr('40-80'))).toBe(true);
    expect(keyRangeIntersect(null, kr('40-80'))).toBe(true);
  });

  it('containsKeyRange: a complete range is only contained by a complete range', () => {
    expect(keyRangeContainsKeyRange(kr('40-80'), kr('40-80'))).toBe(true);
    expect(keyRangeContainsKeyRange(kr('40-80'), kr('3f-80'))).toBe(false);
    expect(keyRangeContainsKeyRange(kr('-80'), null)).toBe(false);
    expect(keyRangeContainsKeyRange(null, null)).toBe(true);
  });

  it('add: merges adjacent ranges in either order, null otherwise', () => {
    const merged = keyRangeAdd(kr('80-c0'), kr('40-80'));
    expect(merged === null ? null : keyRangeString(merged)).toBe('40-c0');
    expect(merged !== null && Object.isFrozen(merged)).toBe(true);
    expect(keyRangeAdd(kr('40-80'), kr('c0-'))).toBeNull();
    expect(keyRangeAdd(null, kr('-80'))).toBeNull();
  });

  it('contiguous keeps the Vitess byte test, so an open end meets an open start', () => {
    expect(keyRangeContiguous(kr('40-80'), kr('8000-c0'))).toBe(true);
    expect(keyRangeContiguous(kr('80-'), kr('-40'))).toBe(true);
    expect(keyRangeContiguous(null, kr('-40'))).toBe(false);
  });

  it('equal ignores trailing zero bytes and treats null as "-"', () => {
    expect(keyRangeEqual(kr('40-8000'), kr('4000-80'))).toBe(true);
    expect(keyRangeEqual(null, kr('-'))).toBe(true);
    expect(keyRangeEqual(kr('40-80'), kr('40-81'))).toBe(false);
    expect(keyRangeEqual(makeKeyRange(new Uint8Array(0), id('80')), kr('-80'))).toBe(true);
  });
});
