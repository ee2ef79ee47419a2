import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['keyspace-id', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('vschema-router keyspace-id', () => {
  it('prints one keyspace id per value, as Vitess computes it', async () => {
    // hash: the DES null-key vectors from Vitess's hash_test.go; -1 and 2^64-1 are the same uint64
    expect(await run('--type', 'hash', '1', '-1', '18446744073709551615')).toEqual({
      code: 0,
      out: ['166b40b44aba4bd6', '355550b2150e2451', '355550b2150e2451'],
      err: [],
    });
    // xxhash is little-endian over the value's text
    expect((await run('--type', 'xxhash', 'test1', '1')).out).toEqual(['d01ab7e4d6978f0b', 'd46405367612b4b7']);
  });

  it('adds the shard with --shards or --shard-count', async () => {
    expect((await run('--type', 'hash', '--shards', '-80,80-', '1', '2')).out).toEqual(['166b40b44aba4bd6 -80', '06e7ea22ce92708f -80']);
    expect((await run('--type', 'hash', '--shard-count', '4', '3')).out).toEqual(['4eb190c9a2fa169c 40-80']);
  });

  it('reads values by --sql-type', async () => {
    // binary_md5 of the bytes "test" given as hex; a varchar "12" hashes like int 12 for hash
    expect((await run('--type', 'binary_md5', '--sql-type', 'varbinary', '0x74657374')).out).toEqual(['098f6bcd4621d373cade4e832627b4f6']);
    expect((await run('--type', 'hash', '--sql-type', 'varchar', '12')).out).toEqual((await run('--type', 'hash', '12')).out);
  });

  it('prints non-single destinations in Vitess form, and multi-column rows', async () => {
    expect((await run('--type', 'hash', 'abc')).out).toEqual(['DestinationNone()']);
    expect((await run('--type', 'region_experimental', '--param', 'region_bytes=1', '255,1', '1', '--shards=-80,80-')).out).toEqual([
      'ff166b40b44aba4bd6 80-',
      'DestinationKeyRange(01-02) -80',
    ]);
  });

  it('takes the vindex from a VSchema', async () => {
    expect((await run('--vschema', 'fixtures/demo', '--vindex', 'customer.xxhash', '--shard-count', '2', '1')).out).toEqual(['d46405367612b4b7 80-']);
  });

  it('names the value and the reason when a value fails, and goes on', async () => {
    const r = await run('--type', 'xxhash', '--sql-type', 'varbinary', 'zz', '74');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
    expect(r.err).toEqual([expect.stringMatching(/^value "zz": /)]);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await run('--type', 'hash')).code).toBe(2);
    expect((await run('1')).code).toBe(2);
    expect((await run('--type', 'lookup', '1')).code).toBe(2);
    expect((await run('--type', 'hash', '--sql-type', 'float', '1')).code).toBe(2);
    expect((await run('--type', 'hash', '--param', 'novalue', '1')).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });

  it('reports an unknown vindex type with the known ones', async () => {
    const r = await run('--type', 'hsah', '1');
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('vindexType "hsah" not found; known types: binary');
  });
});
