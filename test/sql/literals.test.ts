import { describe, expect, it } from 'vitest';
import { numericLiteralType, quoteString, unescapeString, unescapeStringBody } from '../../src/sql/literals.js';
import { formatIdent, isKeyword, needsQuoting } from '../../src/sql/keywords.js';

describe('unescapeString', () => {
  it('removes the quotes, doubled quotes and MySQL backslash escapes', () => {
    expect(unescapeString("'it''s'")).toBe("it's");
    expect(unescapeString('"say ""hi"""')).toBe('say "hi"');
    expect(unescapeString("'a\\'b\\\"c'")).toBe('a\'b"c');
    expect(unescapeString("'\\0\\b\\n\\r\\t\\Z\\\\'")).toBe('\0\b\n\r\t\x1a\\');
    // Any other escaped character stands for itself; \% and \_ keep their backslash (MySQL).
    expect(unescapeString("'\\q\\%\\_'")).toBe('q\\%\\_');
    expect(unescapeString("''")).toBe('');
    expect(unescapeStringBody("it''s", "'")).toBe("it's");
  });

  it('rejects text that is not a quoted literal', () => {
    expect(() => unescapeString('abc')).toThrow(RangeError);
    expect(() => unescapeString("'abc")).toThrow(RangeError);
  });
});

describe('quoteString', () => {
  it('single-quotes and escapes as Vitess prints (a double quote stays as is)', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('"abc"')).toBe('\'"abc"\'');
    expect(quoteString('a\\b\n\0\x1a')).toBe("'a\\\\b\\n\\0\\Z'");
  });

  it('round-trips through unescapeString', () => {
    for (const v of ["it's", 'a\\%b', 'tab\there', '"', '', '\0\b\r']) expect(unescapeString(quoteString(v))).toBe(v);
  });
});

describe('numericLiteralType', () => {
  it('classifies numbers as written', () => {
    expect(['1', '1.5', '.5', '1.', '1e3', '1.5E-3', '0x1F', "x'1f'", "X''", '0b101', "b'10'", 'abc', '1e', '0x'].map(numericLiteralType)).toEqual([
      'int', 'decimal', 'decimal', 'decimal', 'float', 'float', 'hexnum', 'hexval', 'hexval', 'bitnum', 'bitnum', null, null, null,
    ]);
  });
});

describe('identifier quoting', () => {
  it("backticks Vitess's keywords and names with other characters, as the planner's expected queries show", () => {
    for (const w of ['user', 'USER', 'name', 'Name', 'count', 'order', 'table_name', 'COLUMN_NAME', 'found', 'processlist', 'tables', 'value', 'engine', 'auto_increment']) {
      expect(needsQuoting(w)).toBe(true);
    }
    for (const w of ['id', 'col', 'type', 'version', 'table_schema', 'user_id', 'views', 'a1', 'ks@replica', 'gtid_executed']) {
      expect(needsQuoting(w)).toBe(false);
    }
    expect(isKeyword('SELECT')).toBe(true);
    expect(formatIdent('1')).toBe('`1`');
    expect(formatIdent('weird`name')).toBe('`weird``name`');
    expect(formatIdent('b*c')).toBe('`b*c`');
    expect(formatIdent('ks:-80')).toBe('`ks:-80`');
    expect(formatIdent('')).toBe('``');
  });
});
