/**
 * The collation data (data/unicode-collation.bin) is read only when a key is first computed:
 * importing the module, or the package, costs nothing. Its own test file, so the module state
 * starts fresh (vitest isolates test files).
 */
import { describe, expect, it } from 'vitest';

import { isCollationDataLoaded, looseCollationKey } from '../../../src/vindexes/unicode/collation-key.js';
import { collationTables, locateDataFile } from '../../../src/vindexes/unicode/data.js';

describe('lazy loading of the collation data', () => {
  it('is not loaded by importing the module or the package index', async () => {
    expect(isCollationDataLoaded()).toBe(false);
    await import('../../../src/index.js');
    expect(isCollationDataLoaded()).toBe(false);
  });

  it('is not needed for empty input', () => {
    expect(looseCollationKey(new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(looseCollationKey(new TextEncoder().encode('   '))).toEqual(new Uint8Array(0));
    expect(isCollationDataLoaded()).toBe(false);
  });

  it('is loaded by the first key, once', () => {
    const key = looseCollationKey(new TextEncoder().encode('Test'));
    expect(Buffer.from(key).toString('hex')).toBe('1816164c17f31816');
    expect(isCollationDataLoaded()).toBe(true);
    const t = collationTables();
    looseCollationKey(new TextEncoder().encode('again'));
    expect(collationTables()).toBe(t);
  });

  it('finds the file in the package data/ directory and records its provenance', () => {
    expect(locateDataFile().replace(/\\/g, '/')).toMatch(/\/data\/unicode-collation\.bin$/);
    const meta = collationTables().meta as { xtext: { cldrVersion: string; unicodeVersion: string; locale: string }; ucd: { version: string } };
    expect(meta.xtext).toMatchObject({ cldrVersion: '23', unicodeVersion: '6.2.0', locale: 'und' });
    expect(meta.ucd.version).toBe('15.0.0');
  });
});
