/**
 * A small JSON reader that keeps number literals as their source text. JSON.parse turns
 * 18446744073709551615 into 18446744073709552000, but numeric_static_map values are uint64
 * keyspace ids and cfc offsets are Go ints, so the exact text has to reach the checks.
 * Syntax errors use the texts of Go's encoding/json scanner, because Vitess shows them to
 * the user unchanged (e.g. `invalid character ']' looking for beginning of object key string`).
 */

export type JsonNode =
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

export type JsonResult = { readonly ok: true; readonly value: JsonNode } | { readonly ok: false; readonly message: string };

class JsonSyntaxError extends Error {}

const UNEXPECTED_END = 'unexpected end of JSON input';

/** Go's quoteChar: the offending character in single quotes, escaped like strconv.Quote. */
function quoteChar(ch: string): string {
  if (ch === "'") return `'\\''`;
  if (ch === '"') return `'"'`;
  const cp = ch.codePointAt(0) ?? 0;
  const named: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 92: '\\\\' };
  const esc = named[cp];
  if (esc !== undefined) return `'${esc}'`;
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp < 0x80) return `'${ch}'`;
  // Go's scanner works on bytes and reports only the first byte of a multi-byte character.
  const first = cp < 0x800 ? 0xc0 | (cp >> 6) : cp < 0x10000 ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18);
  return `'\\x${first.toString(16)}'`;
}

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('after top-level value');
    return value;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private fail(context: string): never {
    const ch = this.text.codePointAt(this.pos);
    if (ch === undefined) throw new JsonSyntaxError(UNEXPECTED_END);
    throw new JsonSyntaxError(`invalid character ${quoteChar(String.fromCodePoint(ch))} ${context}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] ?? '')) this.pos++;
  }

  private value(): JsonNode {
    this.skipSpace();
    const ch = this.peek();
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return { kind: 'string', value: this.string() };
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return { kind: 'number', text: this.number() };
    if (ch === 't') return this.literal('true', { kind: 'bool', value: true });
    if (ch === 'f') return this.literal('false', { kind: 'bool', value: false });
    if (ch === 'n') return this.literal('null', { kind: 'null' });
    return this.fail('looking for beginning of value');
  }

  private object(): JsonNode {
    this.pos++; // '{'
    const entries: (readonly [string, JsonNode])[] = [];
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.peek() !== ':') this.fail('after object key');
      this.pos++;
      entries.push([key, this.value()]);
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === '}') return { kind: 'object', entries };
      if (next !== ',') {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  private array(): JsonNode {
    this.pos++; // '['
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === ']') return { kind: 'array', items };
      if (next !== ',') {
        this.pos--;
        this.fail('after array element');
      }
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new JsonSyntaxError(UNEXPECTED_END);
      if (ch === '"') break;
      if (ch === '\\') {
        this.pos++;
        const esc = this.peek();
        if (esc === 'u') {
          for (let i = 0; i < 4; i++) {
            this.pos++;
            if (!/^[0-9a-fA-F]$/.test(this.peek() ?? '')) this.fail('in \\u hexadecimal character escape');
          }
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          this.fail('in string escape code');
        }
      } else if (ch < ' ') {
        this.fail('in string literal');
      }
      this.pos++;
    }
    this.pos++; // closing quote
    // The literal is now known to be valid JSON, so JSON.parse decodes its escapes exactly.
    const decoded: unknown = JSON.parse(this.text.slice(start, this.pos));
    return typeof decoded === 'string' ? decoded : '';
  }

  private digits(context: string): void {
    if (!/[0-9]/.test(this.peek() ?? '')) this.fail(context);
    while (/[0-9]/.test(this.peek() ?? '')) this.pos++;
  }

  private number(): string {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    if (this.peek() === '0') this.pos++;
    else this.digits('in numeric literal');
    if (this.peek() === '.') {
      this.pos++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      if (this.peek() === '+' || this.peek() === '-') this.pos++;
      this.digits('in exponent of numeric literal');
    }
    return this.text.slice(start, this.pos);
  }

  private literal(word: string, node: JsonNode): JsonNode {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word[i]) this.fail(`in literal ${word} (expecting '${word[i] ?? ''}')`);
      this.pos++;
    }
    return node;
  }
}

/** Parses JSON text, numbers kept as text; syntax errors carry Go's encoding/json message. */
export function parseJsonText(text: string): JsonResult {
  try {
    return { ok: true, value: new Reader(text).parseDocument() };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { ok: false, message: err.message };
    throw err;
  }
}

