/**
 * The first-byte shard table must always name the shard the shard map itself names, whatever
 * the layout: even splits, boundaries inside a byte, a single shard, custom names.
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/keyrange/keyspace-id.js';
import { shardIndexFor, shardIndexOf, shardNameFor } from '../../src/routing/shard-index.js';
import { createShardMap } from '../../src/topology/shard-map.js';
import { evenShardNames } from '../../src/topology/topology.js';

/** A deterministic pseudo-random generator (xorshift32), so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function ids(): Uint8Array[] {
  const next = rng(7);
  const out: Uint8Array[] = [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0xff), Uint8Array.of(0xff, 0xff, 0xff)];
  for (let b = 0; b < 256; b++) {
    out.push(Uint8Array.of(b), Uint8Array.of(b, 0), Uint8Array.of(b, 0x40), Uint8Array.of(b, 0x80, 0), Uint8Array.of(b, 0xff, 0xff));
  }
  for (let i = 0; i < 2000; i++) out.push(Uint8Array.from({ length: 1 + Math.floor(next() * 9) }, () => Math.floor(next() * 256)));
  return out;
}

const LAYOUTS: readonly (readonly string[])[] = [
  ['0'],
  ['-'],
  ['main'],
  evenShardNames(2),
  evenShardNames(4),
  evenShardNames(8),
  evenShardNames(256),
  ['-40', '40-80', '80-c0', 'c0-'],
  ['-4080', '4080-80', '80-8001', '8001-ff', 'ff-'],
  ['-0001', '0001-00ff01', '00ff01-01', '01-'],
  ['-80', '80-80ff', '80ff-'],
];

describe('shard index', () => {
  it.each(LAYOUTS.map((l) => [l.join(',')]))('agrees with the shard map on every id: %s', (layout) => {
    const shardMap = createShardMap('ks', layout.split(','));
    const index = shardIndexOf(shardMap);
    for (const id of ids()) {
      const want = shardMap.shardForKeyspaceId(id);
      expect(shardNameFor(index, id)).toBe(want);
      expect(shardMap.shardNames[shardIndexFor(index, id)]).toBe(want);
    }
  });

  it('answers whole-byte layouts from the table, and asks the shard map inside a split byte', () => {
    const even = shardIndexOf(createShardMap('ks', ['-40', '40-80', '80-c0', 'c0-']));
    expect([...even.byFirstByte].every((i) => i >= 0)).toBe(true);
    const split = shardIndexOf(createShardMap('ks', ['-4080', '4080-']));
    expect(split.byFirstByte[0x3f]).toBe(0);
    expect(split.byFirstByte[0x40]).toBe(-1);
    expect(split.byFirstByte[0x41]).toBe(1);
    expect(shardNameFor(split, hexToBytes('407f'))).toBe('-4080');
    expect(shardNameFor(split, hexToBytes('4080'))).toBe('4080-');
  });

  it('is built once per shard map', () => {
    const shardMap = createShardMap('ks', evenShardNames(4));
    expect(shardIndexOf(shardMap)).toBe(shardIndexOf(shardMap));
  });
});
