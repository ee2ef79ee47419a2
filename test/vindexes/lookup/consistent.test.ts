/**
 * consistent_lookup behaviour beyond the Vitess vectors: read order during UPDATE/DELETE,
 * duplicate handling edge cases, owner identifiers, and the Update equality check.
 */
import { describe, expect, it } from 'vitest';
import { VindexError } from '../../../src/errors.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import type { LookupImpl } from '../../../src/vindexes/types.js';
import { NULL_VALUE, textValue } from '../../../src/vindexes/value.js';
import { mysqlError, RecordingPort, rowsResult, vitessMethod } from '../../../src/conformance/vindex-vectors/lookup-port.js';

const registry = new VindexRegistry();
const int = (n: number) => textValue('INT64', String(n));
const ksid = (s: string) => new TextEncoder().encode(s);

function consistent(unique = false, params: Record<string, string> = {}, owner: { table: string; columns: string[] } | null = { table: 't1', columns: ['c1', 'c2'] }): LookupImpl {
  const impl = registry.create(unique ? 'consistent_lookup_unique' : 'consistent_lookup', 'cl', { table: 't', from: 'f1,f2', to: 'toc', ...params }).impl as LookupImpl;
  if (owner) impl.setOwnerInfo!('ks', owner.table, owner.columns);
  return impl;
}

const dup = () => ({ error: mysqlError(1062, "Duplicate entry '1-2' for key 'PRIMARY'") });

describe('consistent lookup map and verify', () => {
  it.each([
    ['select', 'pre'],
    ['insert', 'pre'],
    ['update', 'post'],
    ['delete', 'post'],
  ] as const)('reads with %s statements on %s', async (statement, order) => {
    const port = new RecordingPort({ statement });
    await consistent().map(port, [int(1)]);
    expect(port.queries.map((q) => q.commitOrder)).toEqual([order]);
    await consistent().verify(port, [int(1)], [ksid('k')]);
    expect(port.queries[1]!.commitOrder).toBe('pre');
  });

  it('reports a missing port as VT13001', async () => {
    await expect(consistent().map(null as never, [int(1)])).rejects.toThrow('VT13001: [BUG] cannot perform lookup: no vcursor provided');
  });
});

describe('consistent lookup create', () => {
  it('an identical row twice in one batch returns the original duplicate error', async () => {
    const original = dup();
    const port = new RecordingPort({ responses: [original, rowsResult([]), { rows: [], rowsAffected: 1 }] });
    const err = await consistent().create(port, [[int(1), int(2)], [int(1), int(2)]], [ksid('a'), ksid('b')], { ignoreMode: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VindexError);
    expect((err as VindexError).message).toBe("lookup.Create: Duplicate entry '1-2' for key 'PRIMARY'");
    expect((err as VindexError).cause).toBe(original.error);
    expect(port.queries.map(vitessMethod)).toEqual(['ExecutePre', 'ExecutePre', 'ExecutePre']);
  });

  it('handles every row of a failed batch, in input order', async () => {
    const port = new RecordingPort({
      responses: [dup(), rowsResult([]), { rows: [], rowsAffected: 1 }, rowsResult([['old']]), rowsResult([]), { rows: [], rowsAffected: 1 }],
    });
    await consistent().create(port, [[int(3), int(4)], [int(1), int(2)]], [ksid('a'), ksid('b')], { ignoreMode: false });
    expect(port.queries.map((q) => [vitessMethod(q), q.sql.split(' ')[0], q.bindVars.f1 && new TextDecoder().decode((q.bindVars.f1 as { raw: Uint8Array }).raw)])).toEqual([
      ['ExecutePre', 'insert', undefined],
      ['ExecutePre', 'select', '3'],
      ['ExecutePre', 'insert', '3'],
      ['ExecutePre', 'select', '1'],
      ['ExecuteKeyspaceID', 'select', '1'],
      ['ExecutePre', 'update', '1'],
    ]);
    // The owner row is looked for on the shard of the keyspace id the lookup row points at.
    expect(new TextDecoder().decode(port.queries[4]!.keyspaceId)).toBe('old');
    expect(port.queries[4]!.keyspace).toBe('ks');
  });

  it('recognises 1062 from the message text, and nothing else', async () => {
    const viaText = new RecordingPort({ responses: [{ error: new Error('target: ks.-80: vttablet: Duplicate entry (errno 1062) (sqlstate 23000) during query') }] });
    await consistent().create(viaText, [[int(1), int(2)]], [ksid('a')], { ignoreMode: false });
    // Failed insert, lock of the lookup row (no row), single-row insert.
    expect(viaText.queries.map((q) => [vitessMethod(q), q.sql.split(' ')[0]])).toEqual([
      ['ExecutePre', 'insert'],
      ['ExecutePre', 'select'],
      ['ExecutePre', 'insert'],
    ]);
    for (const message of ['Duplicate entry (errno 0) (sqlstate 23000)', 'Duplicate entry (errno 70000) (sqlstate 23000)', 'Duplicate entry 1062']) {
      const port = new RecordingPort({ responses: [{ error: new Error(message) }] });
      await expect(consistent().create(port, [[int(1), int(2)]], [ksid('a')], { ignoreMode: false })).rejects.toThrow(message);
      expect(port.queries).toHaveLength(1);
    }
  });

  it('returns other MySQL errors, and the partial-DML rollback, without trying to repair', async () => {
    for (const error of [
      mysqlError(1213, 'Deadlock found', 'ER_LOCK_DEADLOCK'),
      new Error('Duplicate entry (errno 1062) (sqlstate 23000): transaction rolled back to reverse changes of partial DML execution'),
    ]) {
      const port = new RecordingPort({ responses: [{ error }] });
      const err = await consistent().create(port, [[int(1), int(2)]], [ksid('a')], { ignoreMode: false }).catch((e: unknown) => e);
      expect((err as Error).cause).toBe(error);
      expect(port.queries).toHaveLength(1);
    }
  });

  it('needs owner info to repair a duplicate', async () => {
    const port = new RecordingPort({ responses: [dup()] });
    await expect(consistent(false, {}, null).create(port, [[int(1), int(2)]], [ksid('a')], { ignoreMode: false })).rejects.toMatchObject({
      code: 'VINDEX_OWNER_MISSING',
    });
  });

  it('quotes owner names that are not plain identifiers', async () => {
    const port = new RecordingPort({ responses: [dup(), rowsResult([['x']]), rowsResult([])] });
    await consistent(false, {}, { table: 'order', columns: ['id', 'my col'] }).create(port, [[int(1), int(2)]], [ksid('a')], { ignoreMode: false });
    expect(port.queries[2]!.sql).toBe('select id from `order` where id = :f1 and `my col` = :f2 lock in share mode');
    expect(port.queries[3]!.sql).toBe('update t set toc=:toc where f1 = :f1 and f2 = :f2');
  });

  it('checks the owner column count (VT03029)', () => {
    expect(() => consistent(false, {}, { table: 't1', columns: ['a'] })).toThrow(
      expect.objectContaining({ code: 'VT03029', message: "VT03029: column count does not match value count with the row for vindex 'cl'" }),
    );
  });
});

describe('consistent lookup update', () => {
  it('does nothing when old and new compare equal (NULL-safe, case- and accent-insensitive)', async () => {
    const port = new RecordingPort();
    const v = consistent();
    await v.update(port, [textValue('VARCHAR', 'Déjà'), NULL_VALUE], ksid('k'), [textValue('VARCHAR', 'deja'), NULL_VALUE]);
    await v.update(port, [int(1), textValue('VARCHAR', '2')], ksid('k'), [textValue('UINT64', '1'), int(2)]);
    expect(port.queries).toEqual([]);
  });

  it('deletes on POST then creates on PRE when a value changed', async () => {
    const port = new RecordingPort();
    await consistent().update(port, [textValue('VARCHAR', 'a'), int(1)], ksid('k'), [textValue('VARCHAR', 'a '), int(1)]);
    expect(port.queries.map(vitessMethod)).toEqual(['ExecutePost', 'ExecutePre']);
  });

  it('lets the port decide equality under its own collation', async () => {
    const port = new RecordingPort();
    port.nullSafeEqual = () => false;
    await consistent().update(port, [int(1), int(2)], ksid('k'), [int(1), int(2)]);
    expect(port.queries.map(vitessMethod)).toEqual(['ExecutePost', 'ExecutePre']);
  });
});
