/**
 * looseCollationKey: the behaviour of spec section 4.9 and reference keys computed by
 * golang.org/x/text itself. The unicode vectors of fixtures/vitess/vindex_vectors.json
 * (collation keys, golden paragraphs) are checked by test/conformance/vindex-vectors.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { VindexError } from '../../../src/errors.js';
import { looseCollationKey } from '../../../src/vindexes/unicode/collation-key.js';
import { goQuoteBytes, isValidUtf8 } from '../../../src/vindexes/unicode/utf8.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const keyHex = (s: string): string => hex(looseCollationKey(utf8(s)));
const md5 = (b: Uint8Array): Uint8Array => createHash('md5').update(b).digest();

describe('behaviour (spec 4.9 and 5)', () => {
  it('ignores case, accents (precomposed or combining) and trailing ASCII spaces', () => {
    const k = keyHex('Test');
    expect(k).toBe('1816164c17f31816');
    for (const s of ['TEST', 'TEst', 'test', 'Tést', 'Te\u0301st', 'Test ', 'Test    ', 'TÉST  ']) expect(keyHex(s), JSON.stringify(s)).toBe(k);
  });

  it('keeps leading spaces, tabs, other trailing whitespace and punctuation', () => {
    expect(keyHex(' Test')).toBe('0109' + keyHex('Test'));
    expect(keyHex('Test\t')).toBe(keyHex('Test') + '0100');
    expect(keyHex('Test\u00a0')).not.toBe(keyHex('Test'));
    expect(keyHex('Test\n')).not.toBe(keyHex('Test'));
    expect(keyHex('a-b')).toBe('15ef010d1605');
    expect(keyHex('a b')).toBe('15ef01091605');
    expect(keyHex('  a  ')).toBe('0109010915ef');
  });

  it('maps empty input and all-space input to the empty key', () => {
    expect(looseCollationKey(new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(looseCollationKey(utf8('   '))).toEqual(new Uint8Array(0));
    expect(hex(md5(looseCollationKey(new Uint8Array(0))))).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('does not modify its input and returns a fresh array each time', () => {
    const input = utf8('Tést ');
    const copy = input.slice();
    const a = looseCollationKey(input);
    const b = looseCollationKey(input);
    expect(input).toEqual(copy);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    a[0] = 0;
    expect(looseCollationKey(input)).toEqual(b);
  });

  it('handles long input (buffers grow and shrink back)', () => {
    const long = 'Tést '.repeat(40000);
    const key = looseCollationKey(utf8(long));
    expect(key.length).toBe(40000 * 10 - 2); // 4 letters + space per repeat, last space trimmed
    expect(hex(key.subarray(0, 10))).toBe('1816164c17f318160109');
    expect(keyHex('Test')).toBe('1816164c17f31816');
  });

  it('works on a subarray view', () => {
    const whole = utf8('xxTéstyy');
    expect(hex(looseCollationKey(whole.subarray(2, 7)))).toBe(keyHex('Tést'));
  });

  it('encodes primaries above 0x7FFF in 3 bytes (implicit weights)', () => {
    expect(keyHex('日')).toBe('8165e5'); // U+65E5 + 0x10000
    expect(keyHex('\u3400')).toBe('823400'); // rare ideograph: + 0x20000
    expect(keyHex('\u{20000}')).toBe('840000');
    expect(keyHex('\ue000')).toBe('85e000'); // not ideographic: + 0x50000
    expect(keyHex('\u{10ffff}')).toBe('95ffff');
  });

  it('rejects invalid UTF-8 with Go %q of the bytes', () => {
    const cases: [number[], string][] = [
      [[0x54, 0x65, 0xff, 0x73, 0x74], '"Te\\xffst"'],
      [[0xc0, 0x80], '"\\xc0\\x80"'], // overlong
      [[0xed, 0xa0, 0x80], '"\\xed\\xa0\\x80"'], // surrogate
      [[0xf4, 0x90, 0x80, 0x80], '"\\xf4\\x90\\x80\\x80"'], // above U+10FFFF
      [[0x6f, 0x6b, 0x20, 0xf0, 0x9f, 0x98], '"ok \\xf0\\x9f\\x98"'], // truncated, trailing space kept in the message
      [[0xc3, 0xa9, 0x09, 0x22, 0x5c, 0xc2, 0xa0, 0xe6, 0x97], '"é\\t\\"\\\\\\u00a0\\xe6\\x97"'],
    ];
    for (const [bytes, quoted] of cases) {
      let err: unknown;
      try {
        looseCollationKey(Uint8Array.from(bytes));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VindexError);
      expect((err as VindexError).code).toBe('VINDEX_VALUE_INVALID');
      expect((err as VindexError).message).toBe(`cannot normalize string containing invalid UTF-8: ${quoted}`);
    }
  });
});

describe('reference keys from golang.org/x/text', () => {
  // Computed with golang.org/x/text v0.7.0 (Debian golang-golang-x-text-dev), Go 1.19:
  // collate.New(language.English, collate.Loose).Key(buf, bytes.TrimRight(in, " ")).
  // They exercise expansions, contractions (also discontiguous), NFKD "decompose" elements,
  // Hangul, implicit weights and the reordering of combining marks.
  const REFERENCE: [string, string][] = [
    ['ﬁ', '168416cd'],
    ['fi', '168416cd'],
    ['ß', '17f317f3'],
    ['ss', '17f317f3'],
    ['Æ', '15ef164c'],
    ['Å', '15ef'],
    ['A\u030a', '15ef'],
    ['й', '1a1f'],
    ['и\u0306', '1a1f'],
    ['и\u0323\u0306', '1a1f'],
    ['и\u0306\u0323', '1a1f'],
    ['ё', '19d9'],
    ['한국어', '316831d43235315631e13232316131d8'],
    ['日本語', '8165e581672c818a9e'],
    ['😀', '1297'],
    ['a\u0301\u0323', '15ef'],
    ['a\u0323\u0301', '15ef'],
    ['ཀྵ', '253b257c'],
    ['ཀ\u0fb5', '253b257c'],
    ['เก', '248824c2'],
    ['ແກ', '24c924f4'],
    ['①', '14e7'],
    ['Ａ', '15ef'],
    ['㎏', '16ff1691'],
    ['Ⅻ', '187b16cd16cd'],
    ['½', '14e704ac14e8'],
    ['x' + '\u0301'.repeat(35) + '\u0323', '187b'],
    ['\u0301abc', '15ef1605161d'],
    ['ǆ', '16311895'],
    ['ﷺ', '1cee1d201d4701091c9c1d201d201d3401091cf71d201d481d3401091d3a1ce31d201d27'],
    ['Ω', '1951'],
    ['Ω', '1951'],
    ['ᄀ각', '3156315631d43232'],
    ['\u00a0', '0109'],
    ['-', '010d'],
    ['\t', '0100'],
  ];
  it.each(REFERENCE.map(([s, k], i) => [i, JSON.stringify(s), s, k] as const))('#%i %s', (_i, _name, s, k) => {
    expect(keyHex(s)).toBe(k);
  });
});

describe('utf8 helpers', () => {
  it('validates like Go utf8.Valid', () => {
    expect(isValidUtf8(utf8('héllo 日本 😀'))).toBe(true);
    expect(isValidUtf8(Uint8Array.from([0xef, 0xbf, 0xbd]))).toBe(true); // U+FFFD itself is valid
    for (const bad of [[0x80], [0xc1, 0xbf], [0xe0, 0x9f, 0xbf], [0xed, 0xbf, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
      expect(isValidUtf8(Uint8Array.from(bad)), bad.join(',')).toBe(false);
    }
  });

  it('quotes like Go %q', () => {
    expect(goQuoteBytes(utf8('tab\there\nnl\r\x07\x08\x0c\x0b\x00\x7f'))).toBe('"tab\\there\\nnl\\r\\a\\b\\f\\v\\x00\\x7f"');
    expect(goQuoteBytes(utf8('é日本\u00a0\u00ad\ue000😀\u{10ffff}\u2028\u0301'))).toBe('"é日本\\u00a0\\u00ad\\ue000😀\\U0010ffff\\u2028\u0301"');
    expect(goQuoteBytes(Uint8Array.from([0x61, 0x22, 0x62, 0x5c]))).toBe('"a\\"b\\\\"');
  });
});
