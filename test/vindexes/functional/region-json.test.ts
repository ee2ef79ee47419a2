/** region_json (spec §4.12): no Vitess tests exist, so these follow the spec text. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textValue } from '../../../src/vindexes/value.js';
import { vindexErrorOf } from '../helpers.js';
import { NONE, int64, ksid, mapRow, multiImpl, registry, varchar } from './support.js';

let dir = '';
let regions = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'region-json-'));
  regions = join(dir, 'regions.json');
  writeFileSync(regions, '{"us": 1, "eu": 256, "big": 65537, "ü": 2, "null": null}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('region_json', () => {
  it('maps [id, country] to region bytes ++ DES(id)', () => {
    const two = multiImpl('region_json', { region_map: regions, region_bytes: '2' });
    expect(mapRow(two, [int64('1'), varchar('us')])).toEqual(ksid('0001166b40b44aba4bd6'));
    expect(mapRow(two, [int64('1'), varchar('eu')])).toEqual(ksid('0100166b40b44aba4bd6'));
    expect(mapRow(two, [int64('1'), varchar('big')])).toEqual(ksid('0001166b40b44aba4bd6'));
    expect(mapRow(two, [int64('1'), varchar('ü')])).toEqual(ksid('0002166b40b44aba4bd6'));
    expect(mapRow(two, [int64('1'), varchar('null')])).toEqual(ksid('0000166b40b44aba4bd6'));
    const one = multiImpl('region_json', { region_map: regions, region_bytes: '1' });
    expect(mapRow(one, [int64('1'), varchar('eu')])).toEqual(ksid('00166b40b44aba4bd6'));
  });

  it('routes nowhere for partial rows, unknown countries and unparsable ids', () => {
    const impl = multiImpl('region_json', { region_map: regions, region_bytes: '1' });
    expect(mapRow(impl, [int64('1')])).toEqual(NONE);
    expect(mapRow(impl, [int64('1'), varchar('us'), varchar('x')])).toEqual(NONE);
    expect(mapRow(impl, [int64('1'), varchar('US')])).toEqual(NONE);
    expect(mapRow(impl, [int64('-1'), varchar('us')])).toEqual(NONE);
    expect(mapRow(impl, [varchar('us'), int64('1')])).toEqual(NONE); // [id, country], not [country, id]
    expect(impl.verifyRows([[int64('1'), varchar('us')], [int64('1')]], [Uint8Array.from(Buffer.from('01166b40b44aba4bd6', 'hex')), new Uint8Array(0)])).toEqual([
      true,
      false,
    ]);
  });

  it('reads the file before checking region_bytes, with Go error texts', () => {
    expect(vindexErrorOf(() => registry.create('region_json', 'r', { region_map: join(dir, 'none.json'), region_bytes: '9' })).message).toBe(
      `open ${join(dir, 'none.json')}: no such file or directory`,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"us": "1"}');
    expect(vindexErrorOf(() => registry.create('region_json', 'r', { region_map: bad, region_bytes: '1' })).message).toBe(
      'json: cannot unmarshal string into Go value of type uint64',
    );
    writeFileSync(bad, '[1]');
    expect(vindexErrorOf(() => registry.create('region_json', 'r', { region_map: bad, region_bytes: '1' })).message).toBe(
      'json: cannot unmarshal array into Go value of type map[string]uint64',
    );
    expect(vindexErrorOf(() => registry.create('region_json', 'r', { region_map: regions, region_bytes: '3' })).message).toBe(
      'region_bytes must be 1 or 2: 3',
    );
  });

  it('compares the country byte for byte (invalid UTF-8 does not match U+FFFD)', () => {
    const file = join(dir, 'fffd.json');
    writeFileSync(file, '{"\\ufffd": 5}');
    const impl = multiImpl('region_json', { region_map: file, region_bytes: '1' });
    expect(mapRow(impl, [int64('1'), textValue('VARBINARY', '\ufffd')])).toEqual(ksid('05166b40b44aba4bd6'));
    expect(mapRow(impl, [int64('1'), { type: 'VARBINARY', raw: Uint8Array.of(0xff) }])).toEqual(NONE);
  });
});
