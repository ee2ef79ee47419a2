import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/errors.js';
import { hexToBytes } from '../../src/keyrange/keyspace-id.js';
import { createTopology, evenShardNames, type TopologySpec } from '../../src/topology/topology.js';
import { thrown } from '../support/thrown.js';

const topologyError = (fn: () => unknown): TopologyError => thrown(TopologyError, fn);

describe('createTopology', () => {
  const topology = createTopology({ user: ['80-', '-80'], lookup: ['0'], music: 4 });

  it('builds one shard map per keyspace, N meaning N even shards', () => {
    expect(topology.keyspaces).toEqual(['lookup', 'music', 'user']);
    expect(topology.shardMap('music').shardNames).toEqual(['-40', '40-80', '80-c0', 'c0-']);
    expect(topology.shardMap('user').shardNames).toEqual(['-80', '80-']);
    expect(topology.shardMap('lookup').sharded).toBe(false);
    expect(topology.shardMap('user').shardForKeyspaceId(hexToBytes('9a'))).toBe('80-');
    expect(topology.has('user')).toBe(true);
    expect(topology.has('nope')).toBe(false);
    expect(Object.isFrozen(topology)).toBe(true);
    expect(Object.isFrozen(topology.keyspaces)).toBe(true);
  });

  it('names the known keyspaces for an unknown one', () => {
    const err = topologyError(() => topology.shardMap('nope'));
    expect(err.code).toBe('UNKNOWN_KEYSPACE');
    expect(err.message).toBe('unknown keyspace "nope"; known keyspaces: lookup, music, user');
    expect(err.details).toEqual({ keyspace: 'nope', keyspaces: ['lookup', 'music', 'user'] });
  });

  it('accepts an empty topology', () => {
    expect(createTopology({}).keyspaces).toEqual([]);
  });

  it('collects every problem of every keyspace into one error', () => {
    const spec = {
      good: 2,
      gappy: ['-40', '80-'],
      empty: [],
      zero: 0,
      overlapping: ['-80', '40-'],
      weird: 'x' as unknown as number,
    } satisfies TopologySpec;
    const err = topologyError(() => createTopology(spec));
    expect(err.code).toBe('TOPOLOGY_INVALID');
    const problems = err.details.problems as { keyspace: string; code: string; message: string }[];
    expect(problems.map((p) => [p.keyspace, p.code])).toEqual([
      ['empty', 'TOPOLOGY_INVALID'],
      ['gappy', 'TOPOLOGY_GAP'],
      ['overlapping', 'TOPOLOGY_OVERLAP'],
      ['weird', 'TOPOLOGY_INVALID'],
      ['zero', 'TOPOLOGY_INVALID'],
    ]);
    expect(problems.find((p) => p.keyspace === 'zero')?.message).toBe(
      'keyspace zero: invalid shard count 0: shards must be greater than zero',
    );
    expect(err.details.keyspaces).toEqual(['empty', 'gappy', 'overlapping', 'weird', 'zero']);
    expect(err.message.split('\n')[0]).toBe('invalid topology: 5 problems');
    expect(err.message).toContain('  keyspace gappy: gap between -40 and 80-: keyspace ids 40..80 belong to no shard');
  });

  it('prefixes a single problem without a count', () => {
    const err = topologyError(() => createTopology({ user: ['-80'] }));
    expect(err.message).toBe('invalid topology: keyspace user: gap after -80: keyspace ids from 80 up belong to no shard');
  });

  it('rejects an empty keyspace name and a spec that is not an object', () => {
    expect(topologyError(() => createTopology({ '': 2 })).message).toBe(
      'invalid topology: keyspace names must not be empty',
    );
    expect(topologyError(() => createTopology(null as unknown as TopologySpec)).code).toBe('TOPOLOGY_INVALID');
  });
});

describe('evenShardNames', () => {
  it('is GenerateShardRanges', () => {
    expect(evenShardNames(2)).toEqual(['-80', '80-']);
    expect(evenShardNames(7)).toEqual(['-24', '24-49', '49-6d', '6d-92', '92-b6', 'b6-db', 'db-']);
  });
});
