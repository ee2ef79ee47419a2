/** numeric_static_map (spec §4.7): inline json and json_path files, construction errors, fallback. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vindexesReady } from '../../../src/vindexes/crypto/xxhash64.js';
import { vindexErrorOf } from '../helpers.js';
import { NONE, int64, ksid, mapOne, registry, singleImpl, uint64, varchar } from './support.js';

let dir = '';
beforeAll(async () => {
  await vindexesReady();
  dir = mkdtempSync(join(tmpdir(), 'nsm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('numeric_static_map from json_path', () => {
  it('reads the file once, at construction (later changes do not matter)', () => {
    const path = file('map.json', '{"1":1,"3":2}');
    const impl = singleImpl('numeric_static_map', { json_path: path });
    writeFileSync(path, '{"3":99}');
    expect(mapOne(impl, int64('3'))).toEqual(ksid('0000000000000002'));
    expect(mapOne(impl, int64('4'))).toEqual(ksid('0000000000000004'));
  });

  it('keeps uint64 values exact', () => {
    const impl = singleImpl('numeric_static_map', { json_path: file('big.json', '{"10": 18446744073709551615, "18446744073709551615": 1}') });
    expect(mapOne(impl, int64('10'))).toEqual(ksid('ffffffffffffffff'));
    expect(mapOne(impl, uint64('18446744073709551615'))).toEqual(ksid('0000000000000001'));
    expect(impl.verify([int64('10')], [Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255])])).toEqual([true]);
  });

  it.each<[string, string]>([
    ['{]', "invalid character ']' looking for beginning of object key string"],
    ['{"a":1}', 'strconv.ParseUint: parsing "a": invalid syntax'],
    ['{"1":-1}', 'json: cannot unmarshal number -1 into Go value of type uint64'],
    ['', 'unexpected end of JSON input'],
  ])('file content %j → %s (reported against json_path)', (content, message) => {
    const err = vindexErrorOf(() => registry.create('numeric_static_map', 'n', { json_path: file('bad.json', content) }));
    expect(err.code).toBe('VINDEX_PARAM_INVALID');
    expect(err.message).toBe(message);
    expect(err.details).toMatchObject({ param: 'json_path' });
  });

  it('a missing file is Go’s open error', () => {
    const err = vindexErrorOf(() => registry.create('numeric_static_map', 'n', { json_path: '/path/to/map.json' }));
    expect(err.message).toBe('open /path/to/map.json: no such file or directory');
    expect(err.details).toEqual({ type: 'numeric_static_map', name: 'n', param: 'json_path' });
  });

  it('a directory fails on read, as in Go', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    expect(vindexErrorOf(() => registry.create('numeric_static_map', 'n', { json_path: sub })).message).toBe(`read ${sub}: is a directory`);
  });

  it('reads the file before creating the fallback (Vitess order)', () => {
    const err = vindexErrorOf(() => registry.create('numeric_static_map', 'n', { json_path: '/nope.json', fallback_type: 'nosuchtype' }));
    expect(err.message).toBe('open /nope.json: no such file or directory');
    const err2 = vindexErrorOf(() => registry.create('numeric_static_map', 'n', { json_path: file('ok.json', '{}'), fallback_type: 'nosuchtype' }));
    expect(err2.message).toMatch(/^vindexType "nosuchtype" not found/);
  });
});

describe('numeric_static_map fallback', () => {
  it('a non-Hashing fallback type is accepted and silently never used', () => {
    const impl = singleImpl('numeric_static_map', { json: '{"1":7}', fallback_type: 'null' });
    expect(mapOne(impl, int64('1'))).toEqual(ksid('0000000000000007'));
    expect(mapOne(impl, int64('2'))).toEqual(ksid('0000000000000002'));
  });

  it('hands the ORIGINAL value to the fallback (hash of a signed −1 would differ from its text)', () => {
    const withHash = singleImpl('numeric_static_map', { json: '{}', fallback_type: 'hash' });
    expect(mapOne(withHash, varchar('6'))).toEqual(ksid('f098480ac4c4be71'));
    // ToCastUint64 runs first, so a negative never reaches the fallback even though hash accepts it
    expect(mapOne(withHash, int64('-1'))).toEqual(NONE);
  });

  it('Verify propagates conversion errors; Map routes them nowhere', () => {
    const impl = singleImpl('numeric_static_map', { json: '{}', fallback_type: 'xxhash' });
    expect(mapOne(impl, varchar('1.5'))).toEqual(NONE);
    expect(vindexErrorOf(() => impl.verify([varchar('1.5')], [new Uint8Array(8)])).message).toBe(
      'unparsed tail left after parsing uint64 from "1.5": ".5"',
    );
    expect(vindexErrorOf(() => impl.hash!(varchar(''))).message).toBe('cannot parse uint64 from empty string');
  });
});
