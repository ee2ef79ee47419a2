/**
 * keyspaceIdFirstByte, the routing fast path of some functional vindexes, must always say what
 * map() says: the first byte of the keyspace id, or -1 when map() gives no keyspace id. Checked
 * on the Vitess vectors' inputs and on many values of every type that reaches a vindex.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { textValue, type SqlType, type SqlValue } from '../../../src/vindexes/value.js';
import { NULL, registry, singleImpl } from './support.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(`${ROOT}fixtures/vitess/vindex_vectors.json`, 'utf8')) as Record<string, unknown>;

const TYPES: readonly SqlType[] = ['INT64', 'INT32', 'INT8', 'UINT64', 'UINT32', 'VARCHAR', 'VARBINARY', 'DECIMAL', 'FLOAT64', 'HEXNUM', 'HEXVAL', 'BITNUM', 'YEAR'];

/** A deterministic pseudo-random generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
}

function values(group: string): SqlValue[] {
  const out: SqlValue[] = [NULL];
  for (const v of (vectors[group] ?? []) as { input: unknown; type: string }[]) {
    if (typeof v.input === 'string' && v.type !== 'null') out.push(textValue(v.type.toUpperCase() as SqlType, v.input));
  }
  const next = rng(11);
  const texts = ['0', '1', '-1', '18446744073709551615', '18446744073709551616', '9223372036854775807', '-9223372036854775808', '12', 'abc', '', '1.5', '0x1f', ' 7', '07'];
  for (let i = 0; i < 300; i++) {
    const n = (BigInt(next()) << 32n) | BigInt(next());
    texts.push(String(next() % 100000), n.toString(), (-n >> 1n).toString());
  }
  for (const type of TYPES) for (const text of texts) out.push(textValue(type, text));
  return out;
}

function expected(impl: ReturnType<typeof singleImpl>, value: SqlValue): number {
  let dest;
  try {
    dest = impl.map([value])[0]!;
  } catch {
    return Number.NaN; // map() throws: the fast path must throw too
  }
  return dest.kind === 'keyspaceId' && dest.keyspaceId.length > 0 ? dest.keyspaceId[0]! : -1;
}

it.each([['hash'], ['numeric']])('%s: keyspaceIdFirstByte agrees with map() on every value', (type) => {
  const impl = singleImpl(type);
  expect(impl.keyspaceIdFirstByte).toBeTypeOf('function');
  let keyspaceIds = 0;
  for (const value of values(type)) {
    const want = expected(impl, value);
    if (Number.isNaN(want)) {
      expect(() => impl.keyspaceIdFirstByte!(value)).toThrow();
      continue;
    }
    expect(impl.keyspaceIdFirstByte!(value), `${value.type} ${new TextDecoder().decode(value.raw)}`).toBe(want);
    if (want >= 0) keyspaceIds++;
  }
  expect(keyspaceIds).toBeGreaterThan(1000);
});

it('hash: the remembered first bytes of small values (below 65536 and just past it), asked twice', () => {
  const impl = singleImpl('hash');
  for (let pass = 0; pass < 2; pass++) {
    for (let n = 0; n < 70000; n += 13) {
      const value = textValue(pass === 0 ? 'INT64' : 'UINT64', String(n));
      expect(impl.keyspaceIdFirstByte!(value)).toBe(expected(impl, value));
    }
  }
});

it('every functional vindex with the fast path agrees with its map()', () => {
  const checked: string[] = [];
  for (const type of registry.types()) {
    let impl;
    try {
      impl = singleImpl(type);
    } catch {
      continue; // needs parameters, or is not single-column
    }
    if (impl.keyspaceIdFirstByte === undefined) continue;
    checked.push(type);
    for (const value of values(type)) {
      const want = expected(impl, value);
      if (!Number.isNaN(want)) expect(impl.keyspaceIdFirstByte(value)).toBe(want);
    }
  }
  expect(checked).toEqual(expect.arrayContaining(['hash', 'numeric']));
});
