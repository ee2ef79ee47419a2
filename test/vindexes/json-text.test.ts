import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../src/vindexes/json-text.js';
import { parseNumericStaticMapJson } from '../../src/vindexes/functional-params.js';

describe('parseJsonText', () => {
  it('keeps number literals as their exact text', () => {
    const result = parseJsonText('{"a": [18446744073709551615, -1.5e+10, 0], "b": {"c": null, "d": true, "e": "x\\u00e9\\n"}}');
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'object',
        entries: [
          ['a', { kind: 'array', items: [{ kind: 'number', text: '18446744073709551615' }, { kind: 'number', text: '-1.5e+10' }, { kind: 'number', text: '0' }] }],
          ['b', { kind: 'object', entries: [['c', { kind: 'null' }], ['d', { kind: 'bool', value: true }], ['e', { kind: 'string', value: 'xé\n' }]] }],
        ],
      },
    });
  });

  // Texts of Go's encoding/json scanner, which Vitess passes through.
  it.each([
    ['', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['"abc', 'unexpected end of JSON input'],
    ['{]', "invalid character ']' looking for beginning of object key string"],
    ['{"1":a}', "invalid character 'a' looking for beginning of value"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['-a', "invalid character 'a' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1e+', 'unexpected end of JSON input'],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['tru', 'unexpected end of JSON input'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['nul!', "invalid character '!' in literal null (expecting 'l')"],
    ['"a\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['\u00e9', "invalid character '\\xc3' looking for beginning of value"],
    ['\u0001', "invalid character '\\x01' looking for beginning of value"],
  ])('%j → %s', (text, message) => {
    expect(parseJsonText(text)).toEqual({ ok: false, message });
  });
});

describe('parseNumericStaticMapJson', () => {
  it('parses uint64 keys and values exactly, which JSON.parse cannot', () => {
    const result = parseNumericStaticMapJson('{"1":2,"10":18446744073709551615,"18446744073709551615":9007199254740993}');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.table]).toEqual([
      [1n, 2n],
      [10n, 18446744073709551615n],
      [18446744073709551615n, 9007199254740993n],
    ]);
    // what the exact reading avoids: JSON.parse rounds to the nearest double
    expect(BigInt(JSON.parse('18446744073709551615') as number)).toBe(18446744073709551616n);
  });

  it('treats keys as decimals (leading zeros allowed, later duplicates win) and null values as 0, like Go', () => {
    const result = parseNumericStaticMapJson('{"07":1,"7":2,"8":null}');
    expect(result).toEqual({ ok: true, table: new Map([[7n, 2n], [8n, 0n]]) });
  });
});
