import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/errors.js';
import { resolveKeyspaceId } from '../../src/keyrange/destination.js';
import { keyRangeString, parseKeyRange } from '../../src/keyrange/key-range.js';
import { hexToBytes } from '../../src/keyrange/keyspace-id.js';
import { createShardMap } from '../../src/topology/shard-map.js';
import { evenShardNames } from '../../src/topology/topology.js';
import { thrown } from '../support/thrown.js';

const topologyError = (fn: () => unknown): TopologyError => thrown(TopologyError, fn);

describe('createShardMap: valid layouts', () => {
  it('sorts shards by key range and freezes everything', () => {
    const map = createShardMap('user', ['c0-', '-40', '80-C0', '40-80']);
    expect(map.shardNames).toEqual(['-40', '40-80', '80-c0', 'c0-']);
    expect(map.shards.map((s) => keyRangeString(s.keyRange))).toEqual(['-40', '40-80', '80-c0', 'c0-']);
    expect(map.keyspace).toBe('user');
    expect(map.sharded).toBe(true);
    expect(Object.isFrozen(map)).toBe(true);
    expect(Object.isFrozen(map.shards)).toBe(true);
    expect(Object.isFrozen(map.shardNames)).toBe(true);
    expect(Object.isFrozen(map.shards[0])).toBe(true);
  });

  it.each([
    ['0', false, null],
    ['main', false, null],
    ['-', true, '-'],
  ])('accepts the single shard %j (sharded: %s)', (name, sharded, range) => {
    const map = createShardMap('ks', [name]);
    expect(map.sharded).toBe(sharded);
    expect(map.shards[0]?.keyRange === null ? null : keyRangeString(map.shards[0]!.keyRange)).toBe(range);
    expect(map.shardForKeyspaceId(hexToBytes('ffffffffffffffff'))).toBe(name);
    expect(map.shardForKeyspaceId(new Uint8Array(0))).toBe(name);
  });

  it('lets the caller say a one-shard "0" keyspace is sharded', () => {
    expect(createShardMap('ks', ['0'], { sharded: true }).sharded).toBe(true);
  });

  it('accepts N even shards for every N up to 300', () => {
    for (let n = 1; n <= 300; n++) {
      expect(createShardMap('ks', evenShardNames(n)).shardNames).toHaveLength(n);
    }
  });

  it.each([322, 1000, 65536])('accepts %d even shards (four-digit names)', (n) => {
    const map = createShardMap('ks', evenShardNames(n));
    expect(map.shardNames).toHaveLength(n);
    expect(map.shardForKeyspaceId(hexToBytes('ffff'))).toBe(map.shardNames.at(-1));
  });
});

describe('createShardMap: routing', () => {
  const map = createShardMap('user', evenShardNames(7));

  it('maps a keyspace id to the shard whose range holds it', () => {
    expect(map.shardForKeyspaceId(new Uint8Array(0))).toBe('-24');
    expect(map.shardForKeyspaceId(hexToBytes('24'))).toBe('24-49');
    expect(map.shardForKeyspaceId(hexToBytes('23ffffffffffffff'))).toBe('-24');
    expect(map.shardForKeyspaceId(hexToBytes('db00000000000000'))).toBe('db-');
    expect(map.shardsForKeyspaceIds(['6d', '6c'].map(hexToBytes))).toEqual(['6d-92', '49-6d']);
  });

  it('agrees with the linear Vitess resolver for every one- and two-byte id', () => {
    for (let v = 0; v < 0x10000; v += 7) {
      const id = new Uint8Array([v >> 8, v & 0xff]);
      expect(map.shardForKeyspaceId(id)).toBe(resolveKeyspaceId(map.shards, id));
      expect(map.shardForKeyspaceId(id.subarray(0, 1))).toBe(resolveKeyspaceId(map.shards, id.subarray(0, 1)));
    }
  });

  it('maps key ranges to intersecting or exactly matching shards', () => {
    expect(map.shardsForKeyRange(parseKeyRange('30-70'))).toEqual(['24-49', '49-6d', '6d-92']);
    expect(map.shardsForKeyRange(null)).toEqual(map.shardNames);
    expect(map.exactShardsForKeyRange(parseKeyRange('24-6d'))).toEqual(['24-49', '49-6d']);
    const err = topologyError(() => map.exactShardsForKeyRange(parseKeyRange('24-70')));
    expect(err.code).toBe('KEY_RANGE_NOT_EXACT');
    expect(err.details.keyspace).toBe('user');
  });

  it('finds shards by name, case-insensitively for range names only', () => {
    const hex = createShardMap('user', ['-c0', 'c0-']);
    expect(hex.has('C0-')).toBe(true);
    expect(hex.shard('C0-').name).toBe('c0-');
    expect(createShardMap('ks', ['Main']).has('main')).toBe(false);
    const err = topologyError(() => hex.shard('80-'));
    expect(err.code).toBe('UNKNOWN_SHARD');
    expect(err.message).toBe('keyspace user: unknown shard "80-"; shards: -c0, c0-');
    expect(err.details).toMatchObject({ keyspace: 'user', shard: '80-', shards: ['-c0', 'c0-'] });
  });

  it('reports, without crashing, an id outside the one shard of an unsharded keyspace', () => {
    const odd = createShardMap('legacy', ['-80'], { sharded: false });
    expect(odd.shardForKeyspaceId(hexToBytes('10'))).toBe('-80');
    const err = topologyError(() => odd.shardForKeyspaceId(hexToBytes('c0')));
    expect(err.code).toBe('KEYSPACE_ID_NO_SHARD');
    expect(err.details).toMatchObject({ keyspace: 'legacy', keyspaceId: 'c0' });
  });
});

describe('createShardMap: invalid layouts', () => {
  it.each([
    [['-40', '80-'], 'TOPOLOGY_GAP', 'keyspace user: gap between -40 and 80-: keyspace ids 40..80 belong to no shard', ['-40', '80-']],
    [['40-'], 'TOPOLOGY_GAP', 'keyspace user: gap before 40-: keyspace ids below 40 belong to no shard', ['40-']],
    [['-40', '40-80'], 'TOPOLOGY_GAP', 'keyspace user: gap after 40-80: keyspace ids from 80 up belong to no shard', ['40-80']],
    [['-80', '40-'], 'TOPOLOGY_OVERLAP', 'keyspace user: overlap between -80 and 40-: keyspace ids 40..80 belong to both shards', ['-80', '40-']],
    [['-80', '-8000', '80-'], 'TOPOLOGY_OVERLAP', 'keyspace user: overlap between -80 and -8000: keyspace ids below 80 belong to both shards', ['-80', '-8000']],
    [['-', '80-'], 'TOPOLOGY_OVERLAP', 'keyspace user: overlap between - and 80-: keyspace ids from 80 up belong to both shards', ['-', '80-']],
    [[], 'TOPOLOGY_INVALID', 'keyspace user: no shards', []],
    [['-80', '80-', '80-'], 'TOPOLOGY_INVALID', 'keyspace user: duplicate shard 80-', ['80-']],
    [['-c0', 'C0-', 'c0-'], 'TOPOLOGY_INVALID', 'keyspace user: duplicate shard c0- (given as C0- and c0-)', ['c0-']],
    [['-80', '8-'], 'TOPOLOGY_INVALID', 'keyspace user: invalid shard name "8-": encoding/hex: odd length hex string', ['8-']],
    [['-80', '80-8000', '80-'], 'TOPOLOGY_INVALID', 'keyspace user: shard 80-8000 holds no keyspace ids: its start and end are equal', ['80-8000']],
  ])('%j → %s', (names, code, message, shards) => {
    const err = topologyError(() => createShardMap('user', names));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.details.keyspace).toBe('user');
    expect(err.details.shards).toEqual(shards);
  });

  it('reports overlaps between shards that are not neighbours', () => {
    const err = topologyError(() => createShardMap('user', ['-80', '20-40', '40-c0', 'c0-']));
    expect(err.code).toBe('TOPOLOGY_OVERLAP');
    expect(err.message).toBe(
      [
        'keyspace user: 2 problems',
        '  keyspace user: overlap between -80 and 20-40: keyspace ids 20..40 belong to both shards',
        '  keyspace user: overlap between -80 and 40-c0: keyspace ids 40..80 belong to both shards',
      ].join('\n'),
    );
  });

  it('uses TOPOLOGY_INVALID and lists every problem when they differ in kind', () => {
    const err = topologyError(() => createShardMap('user', ['-40', '30-60', '80-']));
    expect(err.code).toBe('TOPOLOGY_INVALID');
    const problems = err.details.problems as { code: string; shards: string[] }[];
    expect(problems.map((p) => [p.code, p.shards])).toEqual([
      ['TOPOLOGY_OVERLAP', ['-40', '30-60']],
      ['TOPOLOGY_GAP', ['30-60', '80-']],
    ]);
  });

  it('rejects non-range names among several shards', () => {
    const err = topologyError(() => createShardMap('user', ['0', '1']));
    expect(err.code).toBe('TOPOLOGY_INVALID');
    expect(err.details.shards).toEqual(['0', '1']);
    expect(err.message).toContain('shard 0 is not range based');
    expect(err.message).toContain('shard 1 is not range based');
  });

  it('rejects several shards for an unsharded keyspace', () => {
    const err = topologyError(() => createShardMap('user', ['-80', '80-'], { sharded: false }));
    expect(err.message).toBe('keyspace user: an unsharded keyspace has exactly one shard, got 2');
  });

  it('rejects a shard list that is not an array of strings', () => {
    expect(topologyError(() => createShardMap('user', 'x' as unknown as string[])).code).toBe('TOPOLOGY_INVALID');
    const err = topologyError(() => createShardMap('user', ['-80', 80 as unknown as string]));
    expect(err.message).toBe('keyspace user: invalid shard name 80: shard names must be strings');
  });
});
