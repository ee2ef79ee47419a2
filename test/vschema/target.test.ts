import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { bytesToHex } from '../../src/keyrange/keyspace-id.js';
import { keyRangeString } from '../../src/keyrange/key-range.js';
import { formatTarget, parseTarget } from '../../src/vschema/target.js';

describe('parseTarget', () => {
  it.each([
    ['', '', 'primary'],
    ['ks', 'ks', 'primary'],
    ['ks@replica', 'ks', 'replica'],
    ['ks@rdonly', 'ks', 'rdonly'],
    ['ks@RDONLY', 'ks', 'rdonly'],
    ['ks@master', 'ks', 'primary'],
    ['ks@batch', 'ks', 'rdonly'],
    ['@replica', '', 'replica'],
    ['@primary', '', 'primary'],
  ] as const)('%j → keyspace %j, %s', (text, keyspace, tabletType) => {
    expect(parseTarget(text)).toEqual({ keyspace, tabletType, destination: null });
  });

  it('parses shard targets', () => {
    expect(parseTarget('ks:-80')).toEqual({ keyspace: 'ks', tabletType: 'primary', destination: { kind: 'shard', shard: '-80' } });
    expect(parseTarget('ks:0@replica')).toEqual({ keyspace: 'ks', tabletType: 'replica', destination: { kind: 'shard', shard: '0' } });
    expect(parseTarget('ks/80-')).toEqual({ keyspace: 'ks', tabletType: 'primary', destination: { kind: 'shard', shard: '80-' } });
  });

  it('parses key range and keyspace id targets', () => {
    const kr = parseTarget('user[-80]@replica');
    expect(kr.keyspace).toBe('user');
    expect(kr.tabletType).toBe('replica');
    expect(kr.destination?.kind === 'exactKeyRange' && keyRangeString(kr.destination.keyRange)).toBe('-80');
    const all = parseTarget('user[-]');
    expect(all.destination?.kind === 'exactKeyRange' && keyRangeString(all.destination.keyRange)).toBe('-');
    const id = parseTarget('user[80a0]');
    expect(id.destination?.kind === 'keyspaceId' && bytesToHex(id.destination.keyspaceId)).toBe('80a0');
  });

  it('uses the session tablet type as the default', () => {
    expect(parseTarget('ks', 'replica').tabletType).toBe('replica');
    expect(parseTarget('ks@primary', 'replica').tabletType).toBe('primary');
  });

  it.each([
    ['ks@spare', 'invalid tablet type'],
    ['ks[-80', "Couldn't find range end ']'"],
    ['ks[zz]', 'invalid key range or keyspace id'],
    ['ks[-40-80]', 'single keyrange expected'],
    ['ks:a/b:c*d', 'invalid shard'],
  ])('%j is rejected (%s)', (text, message) => {
    expect(() => parseTarget(text)).toThrow(TargetError);
    expect(() => parseTarget(text)).toThrow(message);
  });

  it('formats targets back', () => {
    for (const t of ['', 'ks', 'ks@replica', '@rdonly', 'ks:-80', 'ks:-80@replica', 'ks[40-80]', 'ks[80a0]@rdonly']) {
      expect(formatTarget(parseTarget(t))).toBe(t);
    }
  });
});
