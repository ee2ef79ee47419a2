/**
 * Lookup engine behaviour the Vitess vectors do not pin down: read locks inside DML, batching
 * by the first id's type or batch_lookup, ignore_nulls, the create sort, autocommit deletes and
 * upserts, *_hash to-values, error wrapping, planQuery/mapResult.
 */
import { describe, expect, it } from 'vitest';
import { VindexError } from '../../../src/errors.js';
import { bytesToHex, hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import { desHash } from '../../../src/vindexes/crypto/des.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import type { LookupImpl, LookupQuery } from '../../../src/vindexes/types.js';
import { NULL_VALUE, textValue } from '../../../src/vindexes/value.js';
import { mysqlError, RecordingPort, rowsResult, vectorBindVar, vectorDestination } from '../../../src/conformance/vindex-vectors/lookup-port.js';

const registry = new VindexRegistry();
const base = { table: 't', from: 'fromc', to: 'toc' };
const int = (n: number | string) => textValue('INT64', String(n));
const str = (s: string) => textValue('VARCHAR', s);
const ksid = (s: string) => new TextEncoder().encode(s);

function impl(type: string, params: Record<string, string> = {}): LookupImpl {
  const vindex = registry.create(type, `${type}_v`, { ...base, ...params });
  return vindex.impl as LookupImpl;
}

function shape(q: LookupQuery) {
  return {
    sql: q.sql,
    bindVars: Object.fromEntries(Object.entries(q.bindVars).map(([k, v]) => [k, vectorBindVar(v)])),
    commitOrder: q.commitOrder,
    rollbackOnError: q.rollbackOnError,
  };
}

describe('map', () => {
  it.each([
    [{}, ' for update'],
    [{ read_lock: 'exclusive' }, ' for update'],
    [{ read_lock: 'shared' }, ' lock in share mode'],
    [{ read_lock: 'none' }, ''],
  ])('locks the rows it reads inside a DML transaction (%j)', async (params, suffix) => {
    const port = new RecordingPort({ inDmlTransaction: true });
    await impl('lookup', params).map(port, [int(1)]);
    expect(port.queries[0]!.sql).toBe(`select fromc, toc from t where fromc in ::fromc${suffix}`);
    const outside = new RecordingPort({ inDmlTransaction: false });
    await impl('lookup', params).map(outside, [int(1)]);
    expect(outside.queries[0]!.sql).toBe('select fromc, toc from t where fromc in ::fromc');
  });

  it('queries once per id when the first id is not integral, and takes every row for that id', async () => {
    const port = new RecordingPort({ fallback: rowsResult([['whatever', 'k1'], ['other', 'k2']]) });
    const out = await impl('lookup').map(port, [str('a'), int(2)]);
    expect(port.queries.map(shape)).toEqual([
      { sql: 'select fromc, toc from t where fromc in ::fromc', bindVars: { fromc: { type: 'tuple', values: [{ type: 'varchar', value: 'a' }] } }, commitOrder: 'normal', rollbackOnError: false },
      { sql: 'select fromc, toc from t where fromc in ::fromc', bindVars: { fromc: { type: 'tuple', values: [{ type: 'int64', value: '2' }] } }, commitOrder: 'normal', rollbackOnError: false },
    ]);
    expect(out.map(vectorDestination)).toEqual([
      { destination: 'keyspace_ids', keyspace_ids_hex: ['6b31', '6b32'] },
      { destination: 'keyspace_ids', keyspace_ids_hex: ['6b31', '6b32'] },
    ]);
  });

  it('batches string ids with batch_lookup and matches rows to ids by their text', async () => {
    const port = new RecordingPort({ fallback: rowsResult([['b', 'kb'], ['a', 'ka'], ['a', 'ka2'], ['zzz', 'kz']]) });
    const out = await impl('lookup', { batch_lookup: 'true' }).map(port, [str('a'), str('b'), str('c')]);
    expect(port.queries).toHaveLength(1);
    expect(vectorBindVar(port.queries[0]!.bindVars.fromc!)).toEqual({
      type: 'tuple',
      values: [{ type: 'varchar', value: 'a' }, { type: 'varchar', value: 'b' }, { type: 'varchar', value: 'c' }],
    });
    expect(out.map(vectorDestination)).toEqual([
      { destination: 'keyspace_ids', keyspace_ids_hex: ['6b61', '6b6132'] },
      { destination: 'keyspace_ids', keyspace_ids_hex: ['6b62'] },
      { destination: 'none' },
    ]);
  });

  it('sends a lone NULL id to every shard with ignore_nulls (non-unique types only)', async () => {
    for (const type of ['lookup', 'lookup_hash', 'lookup_unicodeloosemd5_hash', 'consistent_lookup']) {
      const port = new RecordingPort();
      const out = await impl(type, { ignore_nulls: 'true' }).map(port, [NULL_VALUE]);
      expect(out.map(vectorDestination), type).toEqual([{ destination: 'key_range', key_range: { start_hex: '', end_hex: '' } }]);
      expect(port.queries, type).toEqual([]);
    }
    for (const type of ['lookup_unique', 'consistent_lookup_unique']) {
      const port = new RecordingPort();
      expect((await impl(type, { ignore_nulls: 'true' }).map(port, [NULL_VALUE])).map(vectorDestination)).toEqual([{ destination: 'none' }]);
      expect(port.queries).toHaveLength(1);
    }
  });

  it('maps no ids to no destinations without a query', async () => {
    const port = new RecordingPort();
    expect(await impl('lookup').map(port, [])).toEqual([]);
    expect(port.queries).toEqual([]);
  });

  it('wraps a failing query as lookup.Map and keeps the MySQL error as the cause', async () => {
    const cause = mysqlError(1146, "Table 'x.t' doesn't exist", 'ER_NO_SUCH_TABLE');
    const port = new RecordingPort({ fallback: { error: cause } });
    const err = await impl('lookup').map(port, [int(1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VindexError);
    expect(err).toMatchObject({ code: 'LOOKUP_QUERY_FAILED', message: "lookup.Map: Table 'x.t' doesn't exist", cause, details: { errno: 1146 } });
  });

  it('rejects a result row without the to-column instead of reading past it', async () => {
    const port = new RecordingPort({ fallback: { rows: [[int(1)]], rowsAffected: 0 } });
    await expect(impl('lookup').map(port, [int(1)])).rejects.toMatchObject({ code: 'LOOKUP_RESULT_INVALID' });
  });
});

describe('create', () => {
  it('sorts rows by the text of each value (so "10" < "9"), then by keyspace id', async () => {
    const port = new RecordingPort();
    await impl('lookup', { from: 'a,b' }).create(
      port,
      [[int(9), int(1)], [int(10), int(2)], [int(9), int(0)], [int(9), int(0)]],
      [ksid('x'), ksid('y'), ksid('z'), ksid('w')],
      { ignoreMode: false },
    );
    const q = port.queries[0]!;
    expect(q.sql).toBe('insert into t(a, b, toc) values(:a_0, :b_0, :toc_0), (:a_1, :b_1, :toc_1), (:a_2, :b_2, :toc_2), (:a_3, :b_3, :toc_3)');
    const row = (i: number) => [q.bindVars[`a_${i}`], q.bindVars[`b_${i}`], q.bindVars[`toc_${i}`]].map((v) => vectorBindVar(v!)).map((v) => ('value' in v ? v.value : null));
    expect([0, 1, 2, 3].map(row)).toEqual([['10', '2', 'y'], ['9', '0', 'w'], ['9', '0', 'z'], ['9', '1', 'x']]);
  });

  it('checks NULLs on every row before the width of the first one', async () => {
    const port = new RecordingPort();
    const err = await impl('lookup', { from: 'a,b' }).create(port, [[int(1)], [int(1), NULL_VALUE]], [ksid('x'), ksid('y')], { ignoreMode: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VT03028', message: "VT03028: Column 'a,b' cannot be null on row 1, col 1" });
    const skipped = await impl('lookup', { from: 'a,b', ignore_nulls: 'true' }).create(port, [[int(1)], [int(1), NULL_VALUE]], [ksid('x'), ksid('y')], { ignoreMode: false }).catch((e: unknown) => e);
    expect(skipped).toMatchObject({ code: 'VT03030', message: 'VT03030: lookup column count does not match value count with the row (columns, count): ([a b], 1)' });
    expect(port.queries).toEqual([]);
  });

  it('runs nothing when ignore_nulls leaves no row', async () => {
    const port = new RecordingPort();
    await impl('lookup', { ignore_nulls: 'true' }).create(port, [[NULL_VALUE]], [ksid('x')], { ignoreMode: false });
    expect(port.queries).toEqual([]);
  });

  it('never upserts for unique types, always for non-unique ones under (multi-shard) autocommit', async () => {
    const sqlOf = async (type: string, params: Record<string, string>) => {
      const port = new RecordingPort();
      await impl(type, params).create(port, [[int(1)]], [desHash(1n)], { ignoreMode: false });
      return [port.queries[0]!.sql, port.queries[0]!.commitOrder];
    };
    const upsert = ' on duplicate key update fromc=values(fromc), toc=values(toc)';
    expect(await sqlOf('lookup_hash', { autocommit: 'true' })).toEqual([`insert into t(fromc, toc) values(:fromc_0, :toc_0)${upsert}`, 'autocommit']);
    expect(await sqlOf('lookup_hash_unique', { autocommit: 'true' })).toEqual(['insert into t(fromc, toc) values(:fromc_0, :toc_0)', 'autocommit']);
    expect(await sqlOf('lookup_unique', { multi_shard_autocommit: 'true' })).toEqual([
      'insert /*vt+ MULTI_SHARD_AUTOCOMMIT=1 */ into t(fromc, toc) values(:fromc_0, :toc_0)',
      'autocommit',
    ]);
    expect(await sqlOf('lookup', {})).toEqual(['insert into t(fromc, toc) values(:fromc_0, :toc_0)', 'normal']);
  });

  it('stores vunhash(keyspace id) as a UINT64 for the *_hash types', async () => {
    const port = new RecordingPort();
    await impl('lookup_hash_unique').create(port, [[int(5)]], [desHash(18446744073709551615n)], { ignoreMode: true });
    expect(port.queries.map(shape)).toEqual([
      {
        sql: 'insert ignore into t(fromc, toc) values(:fromc_0, :toc_0)',
        bindVars: { fromc_0: { type: 'int64', value: '5' }, toc_0: { type: 'uint64', value: '18446744073709551615' } },
        commitOrder: 'normal',
        rollbackOnError: true,
      },
    ]);
  });

  it('lookup_unicodeloosemd5_hash converts NULL from-values to a number and inserts them', async () => {
    const port = new RecordingPort();
    await impl('lookup_unicodeloosemd5_hash', { ignore_nulls: 'true' }).create(port, [[NULL_VALUE]], [desHash(1n)], { ignoreMode: false });
    expect(vectorBindVar(port.queries[0]!.bindVars.fromc_0!)).toEqual({ type: 'uint64', value: '15284527576400310788' });
  });

  it('lookup_unicodeloosemd5_hash wraps conversion errors per operation', async () => {
    const bad = textValue('VARBINARY', 'x');
    const invalid = { type: 'VARBINARY' as const, raw: Uint8Array.of(0xff) };
    const port = new RecordingPort();
    const u = impl('lookup_unicodeloosemd5_hash');
    await expect(u.create(port, [[invalid]], [desHash(1n)], { ignoreMode: false })).rejects.toThrow(
      'lookup.Create.convert: cannot normalize string containing invalid UTF-8: "\\xff"',
    );
    await expect(u.delete(port, [[invalid]], desHash(1n))).rejects.toThrow('lookup.Delete.convert: cannot normalize');
    await expect(u.update(port, [bad], desHash(1n), [invalid])).rejects.toThrow('lookup.Update.convert: cannot normalize');
    await expect(u.verify(port, [invalid], [desHash(1n)])).rejects.toThrow('lookup.Verify.vunhash: cannot normalize');
    await expect(u.map(port, [invalid])).rejects.toThrow(/^cannot normalize string containing invalid UTF-8/);
    await expect(u.update(port, [bad], ksid('short'), [bad])).rejects.toThrow('lookup.Update.vunhash: invalid keyspace id: 73686f7274');
    expect(port.queries).toEqual([]);
  });
});

describe('delete and update', () => {
  it('autocommit vindexes never delete; update then only inserts (upserting)', async () => {
    const port = new RecordingPort();
    const v = impl('lookup', { autocommit: 'true' });
    await v.delete(port, [[int(1)]], ksid('k'));
    expect(port.queries).toEqual([]);
    await v.update(port, [int(1)], ksid('k'), [int(2)]);
    expect(port.queries.map((q) => [q.sql, q.commitOrder])).toEqual([
      ['insert into t(fromc, toc) values(:fromc_0, :toc_0) on duplicate key update fromc=values(fromc), toc=values(toc)', 'autocommit'],
    ]);
  });

  it('checks the width of the rows to delete (VT03030) and deletes nothing for no rows', async () => {
    const port = new RecordingPort();
    await impl('lookup').delete(port, [], ksid('k'));
    await expect(impl('lookup').delete(port, [[int(1), int(2)]], ksid('k'))).rejects.toMatchObject({ code: 'VT03030' });
    expect(port.queries).toEqual([]);
  });

  it('binds multi-column deletes by bare column names', async () => {
    const port = new RecordingPort();
    await impl('lookup_hash', { from: 'a, b' }).delete(port, [[int(1), str('x')]], desHash(7n));
    expect(port.queries.map(shape)).toEqual([
      {
        sql: 'delete from t where a = :a and b = :b and toc = :toc',
        bindVars: { a: { type: 'int64', value: '1' }, b: { type: 'varchar', value: 'x' }, toc: { type: 'uint64', value: '7' } },
        commitOrder: 'normal',
        rollbackOnError: true,
      },
    ]);
  });
});

describe('verify', () => {
  it('is true when the verify query returns a row; *_hash types bind vunhash(keyspace id)', async () => {
    const port = new RecordingPort({ responses: [rowsResult([['1']]), rowsResult([])] });
    expect(await impl('lookup_hash').verify(port, [int(1), int(2)], [desHash(1n), desHash(2n)])).toEqual([true, false]);
    expect(port.queries.map((q) => vectorBindVar(q.bindVars.toc!))).toEqual([{ type: 'uint64', value: '1' }, { type: 'uint64', value: '2' }]);
  });

  it('needs one keyspace id per value', async () => {
    await expect(impl('lookup').verify(new RecordingPort(), [int(1), int(2)], [ksid('a')])).rejects.toMatchObject({ code: 'VINDEX_ARGUMENT_INVALID' });
  });
});

describe('planner hooks', () => {
  it('exposes the plain SELECT, batching and commit order to the planner', () => {
    expect(impl('lookup', { autocommit: 'true', batch_lookup: 'true' }).planQuery!()).toEqual({
      sql: 'select fromc, toc from t where fromc in ::fromc',
      fromColumn: 'fromc',
      allowBatch: true,
      commitOrder: 'autocommit',
    });
    expect(impl('consistent_lookup_unique', { from: 'a,b' }).planQuery!()).toEqual({
      sql: 'select a, toc from t where a in ::a',
      fromColumn: 'a',
      allowBatch: false,
      commitOrder: 'pre',
    });
    expect(impl('lookup_unicodeloosemd5_hash').planQuery).toBeUndefined();
    expect(impl('lookup_unicodeloosemd5_hash_unique').mapResult).toBeUndefined();
  });

  it('mapResult reads column 0: keyspace ids, or uint64s to hash (unparsable skipped / none)', () => {
    const ids = [int(1), int(2), int(3)];
    const results = [rowsResult([['1'], ['junk']]).rows, [], rowsResult([['2']]).rows];
    expect(impl('lookup_hash').mapResult!(ids, results).map(vectorDestination)).toEqual([
      { destination: 'keyspace_ids', keyspace_ids_hex: [bytesToHex(desHash(1n))] },
      { destination: 'none' },
      { destination: 'keyspace_ids', keyspace_ids_hex: [bytesToHex(desHash(2n))] },
    ]);
    expect(impl('lookup_hash_unique').mapResult!(ids, [rowsResult([['junk']]).rows]).map(vectorDestination)).toEqual([{ destination: 'none' }]);
    expect(() => impl('lookup_unique').mapResult!(ids, [[], rowsResult([['a'], ['b']]).rows])).toThrow(
      'Lookup.Map: unexpected multiple results from vindex t: INT64(2)',
    );
    expect(impl('lookup', { write_only: 'true' }).mapResult!(ids, []).map(vectorDestination)).toHaveLength(3);
  });

  it('every lookup type has an engine', () => {
    for (const type of ['lookup', 'lookup_unique', 'lookup_hash', 'lookup_hash_unique', 'lookup_unicodeloosemd5_hash', 'lookup_unicodeloosemd5_hash_unique', 'consistent_lookup', 'consistent_lookup_unique', 'lookup_cost']) {
      const vindex = registry.create(type, 'v', base);
      expect(vindex.impl?.kind, type).toBe('lookup');
      expect(typeof (vindex.impl as LookupImpl).setOwnerInfo === 'function', type).toBe(type.startsWith('consistent'));
      expect(typeof (vindex.impl as LookupImpl).planQuery === 'function', type).toBe(vindex.lookupPlanable);
    }
  });

  it('keyspace ids from the DES hash stay distinct (no shared output buffer)', () => {
    const a = desHash(1n);
    const b = desHash(2n);
    expect(bytesToHex(a)).toBe('166b40b44aba4bd6');
    expect(bytesToHex(b)).toBe('06e7ea22ce92708f');
    expect(hexToBytes('166b40b44aba4bd6')).toEqual(a);
  });
});
