import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/errors.js';
import type { DriverPool } from '../../src/executor/driver.js';
import { ExecutorError, ShardError } from '../../src/executor/errors.js';
import { createShardPools, type ShardPoolsSpec } from '../../src/executor/shard-pools.js';
import { createTopology } from '../../src/topology/topology.js';

interface FakePool extends DriverPool {
  readonly label: string;
  ended: number;
}

function fakePool(label: string): FakePool {
  const pool: FakePool = {
    label,
    ended: 0,
    query: async () => [[{ label }], []],
    execute: async () => [[{ label }], []],
    getConnection: async () => { throw new Error('not used'); },
    end: async () => { pool.ended++; },
  };
  return pool;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const label = (pool: DriverPool) => (pool as FakePool).label;

describe('createShardPools', () => {
  const spec = () => ({
    user: {
      '-80': { primary: fakePool('p1'), replica: [fakePool('r1a'), fakePool('r1b')], rdonly: [fakePool('o1')] },
      '80-': { primary: fakePool('p2') },
    },
    lookup: { '0': { primary: fakePool('lk') } },
  });

  it('builds the topology from the shard names when none is given', () => {
    const pools = createShardPools(spec());
    expect(pools.topology.keyspaces).toEqual(['lookup', 'user']);
    expect(pools.topology.shardMap('user').shardNames).toEqual(['-80', '80-']);
    expect(pools.topology.shardMap('lookup').sharded).toBe(false);
  });

  it('picks the primary, and round robin over replica and rdonly pools', () => {
    const pools = createShardPools(spec());
    expect(label(pools.pick('user', '-80'))).toBe('p1');
    expect(label(pools.pick('user', '-80', 'primary'))).toBe('p1');
    expect([1, 2, 3, 4, 5].map(() => label(pools.pick('user', '-80', 'replica')))).toEqual(['r1a', 'r1b', 'r1a', 'r1b', 'r1a']);
    expect(label(pools.pick('user', '-80', 'rdonly'))).toBe('o1');
    expect(label(pools.pick('lookup', '0'))).toBe('lk');
    expect(pools.count('user', '-80', 'replica')).toBe(2);
    expect(pools.count('user', '80-', 'replica')).toBe(0);
  });

  it('fails like vtgate when no tablet of the type exists, with no fallback to the primary', () => {
    const pools = createShardPools(spec());
    const err = thrown(() => pools.pick('user', '80-', 'replica'));
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({
      code: 'NO_HEALTHY_TABLET',
      message: "no healthy tablet available for 'user:80-:replica'",
      details: { keyspace: 'user', shard: '80-', tabletType: 'replica' },
    });
  });

  it('rejects unknown keyspaces and shards with the topology errors', () => {
    const pools = createShardPools(spec());
    expect(thrown(() => pools.pick('nope', '0'))).toMatchObject({ code: 'UNKNOWN_KEYSPACE' });
    const err = thrown(() => pools.pick('user', '-40'));
    expect(err).toBeInstanceOf(TopologyError);
    expect(err).toMatchObject({ code: 'UNKNOWN_SHARD', details: { keyspace: 'user', shard: '-40' } });
  });

  it('accepts any spelling of a range shard name', () => {
    const topology = createTopology({ user: ['-80', '80-c0', 'c0-'] });
    const pools = createShardPools({ user: { '-80': { primary: fakePool('a') }, '80-C0': { primary: fakePool('b') }, 'c0-': { primary: fakePool('c') } } }, { topology });
    expect(label(pools.pick('user', '80-c0'))).toBe('b');
    expect(label(pools.pick('user', '80-C0'))).toBe('b');
  });

  it('checks the pools against a given topology and reports every problem with keyspace and shard', () => {
    const topology = createTopology({ user: ['-80', '80-'], lookup: ['0'], music: 2 });
    const err = thrown(() => createShardPools({
      user: { '-80': { primary: fakePool('a') }, '-40': { primary: fakePool('x') } },
      lookup: { '0': { replica: [fakePool('r')] } as never },
      extra: { '0': { primary: fakePool('e') } },
    }, { topology }));
    expect(err).toBeInstanceOf(ExecutorError);
    expect(err).toMatchObject({ code: 'SHARD_POOLS_INVALID' });
    const problems = (err as ExecutorError).details.problems as { keyspace: string; shard?: string; message: string }[];
    expect(problems.map((p) => [p.keyspace, p.shard ?? null])).toEqual([
      ['extra', null],
      ['lookup', '0'],
      ['music', null],
      ['user', '-40'],
      ['user', '80-'],
    ]);
    expect((err as Error).message).toBe([
      'invalid shard pools: 5 problems',
      '  keyspace extra has pools but is not in the topology',
      '  lookup/0: a primary pool is required',
      '  keyspace music has no pools',
      '  user/-40: not a shard of the topology (shards: -80, 80-)',
      '  user/80-: no pools for this shard',
    ].join('\n'));
  });

  it('puts keyspace and shard in the details of a single problem', () => {
    const err = thrown(() => createShardPools({ user: { '-80': { primary: fakePool('a'), replica: [{}] as never }, '80-': { primary: fakePool('b') } } }));
    expect(err).toMatchObject({ code: 'SHARD_POOLS_INVALID', details: { keyspace: 'user', shard: '-80' } });
    expect((err as Error).message).toBe(
      'invalid shard pools: user/-80 replica[0]: expected a mysql2 pool (promise or callback API): missing query, execute, getConnection, end',
    );
  });

  it('reports shapes it cannot use', () => {
    const topology = createTopology({ a: ['0'], b: ['0'], c: ['0'] });
    const err = thrown(() => createShardPools({
      a: { '0': { primary: fakePool('a'), replica: fakePool('r') as never } },
      b: { '0': { primary: fakePool('b'), master: fakePool('m') } as never },
      c: [] as never,
    }, { topology }));
    expect((err as Error).message.split('\n').slice(1)).toEqual([
      '  a/0: replica must be an array of pools',
      '  b/0: unknown tablet type "master" (expected primary, replica, rdonly)',
      '  keyspace c: expected an object of shard → pools',
    ]);
    expect(thrown(() => createShardPools(null as never))).toMatchObject({ code: 'SHARD_POOLS_INVALID' });
  });

  it('reports the same shard given twice under two spellings', () => {
    const topology = createTopology({ user: ['-c0', 'c0-'] });
    const spec: ShardPoolsSpec = { user: { '-c0': { primary: fakePool('a') }, 'c0-': { primary: fakePool('b') }, 'C0-': { primary: fakePool('c') } } };
    const err = thrown(() => createShardPools(spec, { topology }));
    expect(err).toMatchObject({ code: 'SHARD_POOLS_INVALID', details: { keyspace: 'user', shard: 'c0-' } });
    expect((err as Error).message).toBe('invalid shard pools: user/c0-: pools given twice (as c0- and C0-)');
  });

  it('throws the topology error when the shard names do not tile the keyspace', () => {
    const err = thrown(() => createShardPools({ user: { '-80': { primary: fakePool('a') } } }));
    expect(err).toBeInstanceOf(TopologyError);
    expect(err).toMatchObject({ code: 'TOPOLOGY_INVALID' });
  });

  it('never ends the pools the user gave', async () => {
    const given = spec();
    const pools = createShardPools(given);
    await pools.end();
    await pools.end();
    expect([given.user['-80'].primary, ...given.user['-80'].replica, given.lookup['0'].primary].map((p) => p.ended)).toEqual([0, 0, 0, 0]);
  });
});
