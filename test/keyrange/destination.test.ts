import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/errors.js';
import {
  resolveExactKeyRange,
  resolveKeyRange,
  resolveKeyspaceId,
  resolveKeyspaceIds,
  type ShardRef,
} from '../../src/keyrange/destination.js';
import { parseKeyRange } from '../../src/keyrange/key-range.js';
import { hexToBytes } from '../../src/keyrange/keyspace-id.js';
import { thrown } from '../support/thrown.js';

const shard = (name: string): ShardRef => ({ name, keyRange: name === '0' ? null : parseKeyRange(name) });
const FOUR = ['-40', '40-80', '80-c0', 'c0-'].map(shard);

const topologyError = (fn: () => unknown): TopologyError => thrown(TopologyError, fn);

describe('resolveKeyspaceId', () => {
  it('returns the first shard in list order that contains the id', () => {
    const overlapping = [shard('-80'), shard('40-c0')];
    expect(resolveKeyspaceId(overlapping, hexToBytes('50'))).toBe('-80');
    expect(resolveKeyspaceId([...overlapping].reverse(), hexToBytes('50'))).toBe('40-c0');
    expect(resolveKeyspaceId([shard('0')], hexToBytes('ff'))).toBe('0');
  });

  it('reports an id no shard holds with a code and the keyspace when given', () => {
    const err = topologyError(() => resolveKeyspaceId([shard('60-80')], hexToBytes('59'), { keyspace: 'user' }));
    expect(err.code).toBe('KEYSPACE_ID_NO_SHARD');
    expect(err.message).toBe("KeyspaceId 59 didn't match any shards");
    expect(err.details).toEqual({ keyspace: 'user', keyspaceId: '59', shards: ['60-80'] });
  });

  it('reports an empty shard list', () => {
    const err = topologyError(() => resolveKeyspaceId([], hexToBytes('10')));
    expect([err.code, err.message]).toEqual(['NO_SHARDS', 'no shard in keyspace']);
  });

  it('resolves several ids one by one', () => {
    expect(resolveKeyspaceIds(FOUR, ['c0', '00', '7fff'].map(hexToBytes))).toEqual(['c0-', '-40', '40-80']);
    expect(() => resolveKeyspaceIds([shard('-40')], ['10', '50'].map(hexToBytes))).toThrow("KeyspaceId 50 didn't");
  });
});

describe('resolveKeyRange', () => {
  it('returns the intersecting shards in list order', () => {
    expect(resolveKeyRange(FOUR, parseKeyRange('40-c0'))).toEqual(['40-80', '80-c0']);
    expect(resolveKeyRange([...FOUR].reverse(), parseKeyRange('3f-41'))).toEqual(['40-80', '-40']);
    expect(resolveKeyRange(FOUR, null)).toEqual(['-40', '40-80', '80-c0', 'c0-']);
    expect(resolveKeyRange([shard('60-80')], parseKeyRange('-60'))).toEqual([]);
  });
});

describe('resolveExactKeyRange', () => {
  it('sorts a copy of the list and leaves the input order alone', () => {
    const shuffled = [FOUR[2]!, FOUR[0]!, FOUR[3]!, FOUR[1]!];
    expect(resolveExactKeyRange(shuffled, parseKeyRange('40-'))).toEqual(['40-80', '80-c0', 'c0-']);
    expect(shuffled.map((s) => s.name)).toEqual(['80-c0', '-40', 'c0-', '40-80']);
  });

  it('rejects a range whose end falls inside a shard', () => {
    const err = topologyError(() => resolveExactKeyRange(FOUR, parseKeyRange('40-a0'), { keyspace: 'user' }));
    expect(err.code).toBe('KEY_RANGE_NOT_EXACT');
    expect(err.message).toBe('keyrange 40-a0 does not exactly match shards');
    expect(err.details.keyspace).toBe('user');
  });

  it('like Vitess, checks only the first start and the last end, not gaps in between', () => {
    const gappy = ['-40', '80-'].map(shard);
    expect(resolveExactKeyRange(gappy, null)).toEqual(['-40', '80-']);
    expect(resolveExactKeyRange(gappy, parseKeyRange('80-'))).toEqual(['80-']);
    expect(() => resolveExactKeyRange(gappy, parseKeyRange('40-'))).toThrow('keyrange 40- does not exactly');
  });
});
