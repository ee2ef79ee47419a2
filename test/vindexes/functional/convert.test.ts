/** Value conversion (spec §3): ToBytes, ToCastUint64 and the signed path of `hash`. */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/keyrange/keyspace-id.js';
import { goQuoteBytes, parseSignedInt64, toBytes, toCastUint64 } from '../../../src/vindexes/convert.js';
import { NULL_VALUE, bytesValue, textValue, type SqlType } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';

const UINT64_MAX = 18446744073709551615n;

describe('toCastUint64 (fastparse rules)', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['12', 12n],
    [' 12\t', 12n],
    ['\t 7', 7n],
    ['007', 7n],
    ['18446744073709551615', UINT64_MAX],
    ['00000000000000000000000000018446744073709551615', UINT64_MAX],
    ['9007199254740993', 9007199254740993n], // 2^53 + 1: would round through a JS number
    ['999999999999999', 999999999999999n],
    ['1000000000000000', 1000000000000000n],
  ])('%j → %s', (text, expected) => {
    expect(toCastUint64(textValue('VARCHAR', text))).toBe(expected);
  });

  it.each<[string, string]>([
    ['', 'cannot parse uint64 from empty string'],
    ['   ', 'cannot parse uint64 from "   "'],
    ['-1', 'cannot parse uint64 from "-1"'],
    [' -1', 'cannot parse uint64 from " -1"'],
    ['+5', 'cannot parse uint64 from "+5"'],
    ['abc', 'cannot parse uint64 from "abc"'],
    ['aa', 'cannot parse uint64 from "aa"'],
    ['1.1', 'unparsed tail left after parsing uint64 from "1.1": ".1"'],
    ['1e3', 'unparsed tail left after parsing uint64 from "1e3": "e3"'],
    ['0x10', 'unparsed tail left after parsing uint64 from "0x10": "x10"'],
    ['12 x', 'unparsed tail left after parsing uint64 from "12 x": "x"'],
    ['12\n', 'unparsed tail left after parsing uint64 from "12\\n": "\\n"'],
    ['18446744073709551616', 'cannot parse uint64 from "18446744073709551616": overflow'],
    // overflow is reported while reading digits, before the tail is looked at
    ['99999999999999999999x', 'cannot parse uint64 from "99999999999999999999x": overflow'],
    ['"q"\\', 'cannot parse uint64 from "\\"q\\"\\\\"'],
  ])('%j → %s', (text, message) => {
    const err = vindexErrorOf(() => toCastUint64(textValue('VARCHAR', text)));
    expect(err.code).toBe('VINDEX_VALUE_INVALID');
    expect(err.message).toBe(message);
  });

  it('NULL has empty raw bytes, hence the empty-string error', () => {
    expect(vindexErrorOf(() => toCastUint64(NULL_VALUE)).message).toBe('cannot parse uint64 from empty string');
  });

  it('quotes raw bytes like Go %q: invalid UTF-8 as \\x, control characters escaped, printable Unicode kept', () => {
    const raw = new Uint8Array([0xff, 0x41, 0xc3, 0xa9, 0x07, 0x7f, 0xe2, 0x80, 0xa8]);
    expect(vindexErrorOf(() => toCastUint64(bytesValue(raw))).message).toBe('cannot parse uint64 from "\\xffAé\\a\\x7f\\u2028"');
    expect(goQuoteBytes(new TextEncoder().encode('🙂\u00ad\t'))).toBe('"🙂\\u00ad\\t"');
    expect(goQuoteBytes(new Uint8Array([0xed, 0xa0, 0x80]))).toBe('"\\xed\\xa0\\x80"'); // a UTF-8 surrogate is invalid
  });
});

describe('parseSignedInt64 (hash on signed integer types)', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['-1', -1n],
    ['+7', 7n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775807', 9223372036854775807n],
    ['-999999999999999', -999999999999999n],
  ])('%j → %s', (text, expected) => {
    expect(parseSignedInt64(text)).toBe(expected);
    expect(parseSignedInt64(new TextEncoder().encode(text))).toBe(expected);
  });

  it.each<[string, string]>([
    ['', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['-', 'strconv.ParseInt: parsing "-": invalid syntax'],
    [' 1', 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ['1.0', 'strconv.ParseInt: parsing "1.0": invalid syntax'],
    ['9223372036854775808', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['-9223372036854775809', 'strconv.ParseInt: parsing "-9223372036854775809": value out of range'],
  ])('%j → %s', (text, message) => {
    const err = vindexErrorOf(() => parseSignedInt64(text));
    expect(err.code).toBe('VINDEX_VALUE_INVALID');
    expect(err.message).toBe(message);
  });
});

describe('toBytes', () => {
  const hex = (type: SqlType, text: string) => bytesToHex(toBytes(textValue(type, text)));

  it('decodes hex literals', () => {
    expect(hex('HEXVAL', "x'9efa'")).toBe('9efa');
    expect(hex('HEXVAL', "X'9EFA'")).toBe('9efa');
    expect(hex('HEXVAL', "x''")).toBe('');
    expect(hex('HEXNUM', '0x9efa')).toBe('9efa');
    expect(hex('HEXNUM', '0x')).toBe('');
  });

  it('turns BITNUM into the minimal big-endian bytes of its value', () => {
    expect(hex('BITNUM', '0b101')).toBe('05');
    expect(hex('BITNUM', '0b100000000')).toBe('0100');
    expect(hex('BITNUM', '0b0000000000000001')).toBe('01');
    expect(hex('BITNUM', '0b0')).toBe('');
    expect(hex('BITNUM', '0b1_0')).toBe('02');
  });

  it('returns the raw bytes of everything else, integers as decimal text, NULL as empty', () => {
    expect(hex('INT64', '-1')).toBe('2d31');
    expect(hex('VARCHAR', 'ab')).toBe('6162');
    expect(toBytes(NULL_VALUE)).toHaveLength(0);
    const raw = new Uint8Array([1, 2, 3]);
    expect(toBytes(bytesValue(raw))).toBe(raw); // no copy on the hot path
  });

  it.each<[SqlType, string, string]>([
    ['EXPRESSION', 'a+1', 'expression cannot be converted to bytes'],
    ['HEXVAL', "x'9ef'", 'encoding/hex: odd length hex string'],
    ['HEXVAL', "x'9g'", "encoding/hex: invalid byte: U+0067 'g'"],
    ['HEXVAL', "x'9eg'", "encoding/hex: invalid byte: U+0067 'g'"], // invalid byte reported before odd length
    ['HEXNUM', '0x1', 'encoding/hex: odd length hex string'],
    ['HEXNUM', '0x\u0007f', 'encoding/hex: invalid byte: U+0007'],
    ['HEXVAL', '9efa', 'invalid hex value: [57 101 102 97]'],
    ['HEXNUM', '9efa', 'invalid hex number: [57 101 102 97]'],
    ['BITNUM', '0b102', 'invalid bit number: [48 98 49 48 50]'],
  ])('%s %j → %s', (type, text, message) => {
    const err = vindexErrorOf(() => toBytes(textValue(type, text)));
    expect(err.code).toBe('VINDEX_VALUE_INVALID');
    expect(err.message).toBe(message);
  });
});
