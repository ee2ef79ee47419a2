/**
 * The lookup vindexes against real MariaDB servers: every statement they build is expanded and
 * executed, and the lookup tables are then read back with plain SELECTs. Server 0 holds the
 * lookup tables, server 1 the owner table of the consistent lookup (so the owner-row lock goes
 * to another server, as ExecuteKeyspaceID would send it to the owner's shard).
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/keyrange/keyspace-id.js';
import { desHash } from '../../src/vindexes/crypto/des.js';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import type { Destination, LookupImpl } from '../../src/vindexes/types.js';
import { NULL_VALUE, textValue } from '../../src/vindexes/value.js';
import { MysqlLookupSession } from '../support/lookup-port.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster } from '../support/mariadb.js';

const registry = new VindexRegistry();
const int = (n: number | bigint) => textValue('INT64', String(n));
const str = (s: string) => textValue('VARCHAR', s);
const ksid = (s: string) => new TextEncoder().encode(s);

function lookup(type: string, params: Record<string, string>): LookupImpl {
  return registry.create(type, `${type}_vdx`, params).impl as LookupImpl;
}

/** Destinations printed compactly: `none`, `ks:<hex>`, `ids:<hex>,<hex>`, `range:-`. */
function show(d: Destination): string {
  switch (d.kind) {
    case 'none': return 'none';
    case 'keyspaceId': return `ks:${bytesToHex(d.keyspaceId)}`;
    case 'keyspaceIds': return `ids:${d.keyspaceIds.map(bytesToHex).sort().join(',')}`;
    case 'keyRange': return `range:${bytesToHex(d.keyRange.start)}-${bytesToHex(d.keyRange.end)}`;
    case 'allShards': return 'all';
  }
}
const hex = (s: string) => bytesToHex(ksid(s));

describe.skipIf(skipWithoutDatabase())('lookup vindexes on MariaDB', () => {
  let cluster: DbCluster;
  let lookupPool: Pool;
  let ownerPool: Pool;
  let session: MysqlLookupSession;

  async function rows(sql: string, pool: Pool = lookupPool): Promise<unknown[][]> {
    const [result] = await pool.query<RowDataPacket[]>({ sql, rowsAsArray: true });
    return result as unknown as unknown[][];
  }

  beforeAll(async () => {
    // A lock conflict should fail a test in seconds, not after InnoDB's default 50 s.
    cluster = await startDbCluster({ servers: 2, serverArgs: ['--innodb-lock-wait-timeout=5'] });
    const [a, b] = cluster.servers;
    const lookupDb = uniqueDbName('lookup_ks');
    const ownerDb = uniqueDbName('user_ks');
    await a!.createDatabase(lookupDb);
    await b!.createDatabase(ownerDb);
    lookupPool = a!.pool(lookupDb, { connectionLimit: 8 });
    ownerPool = b!.pool(ownerDb, { connectionLimit: 4 });
    for (const ddl of [
      'CREATE TABLE name_idx (name VARCHAR(64) NOT NULL, ksid VARBINARY(32) NOT NULL, PRIMARY KEY (name, ksid))',
      'CREATE TABLE uid_idx (user_id BIGINT NOT NULL, ksid VARBINARY(32) NOT NULL, PRIMARY KEY (user_id, ksid))',
      'CREATE TABLE pair_idx (a BIGINT NULL, b VARCHAR(32) NULL, ksid VARBINARY(32) NOT NULL)',
      'CREATE TABLE phone_idx (phone BIGINT NOT NULL PRIMARY KEY, ksid VARBINARY(32) NOT NULL)',
      'CREATE TABLE email_idx (email VARCHAR(64) NOT NULL PRIMARY KEY, ksid VARBINARY(32) NOT NULL)',
      'CREATE TABLE loose_idx (email VARCHAR(64) NOT NULL, ksid VARBINARY(32) NOT NULL)',
      'CREATE TABLE order_idx (order_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL)',
      'CREATE TABLE cl_idx (email VARCHAR(64) NOT NULL PRIMARY KEY, ksid VARBINARY(32) NOT NULL)',
    ]) {
      await lookupPool.query(ddl);
    }
    await ownerPool.query('CREATE TABLE users (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(64) NOT NULL, KEY (email))');
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  beforeEach(() => {
    session = new MysqlLookupSession({
      lookup: lookupPool,
      owner: (keyspace) => {
        expect(keyspace).toBe('user_ks');
        return ownerPool;
      },
    });
  });

  describe('lookup (non-unique)', () => {
    const byName = () => lookup('lookup', { table: 'name_idx', from: 'name', to: 'ksid' });

    it('creates sorted rows, maps strings one query per id, verifies, ignores duplicates in ignore mode', async () => {
      const v = byName();
      await session.begin();
      await v.create(session.port({ statement: 'insert' }), [[str('bob')], [str('alice')], [str('bob')]], [ksid('k2'), ksid('k1'), ksid('k3')], { ignoreMode: false });
      await session.commit();
      expect(session.log.map((s) => [s.session, s.sql])).toEqual([
        ['normal', "insert into name_idx(name, ksid) values('alice', X'6b31'), ('bob', X'6b32'), ('bob', X'6b33')"],
      ]);
      expect(await rows('SELECT name, HEX(ksid) FROM name_idx ORDER BY name, ksid')).toEqual([
        ['alice', '6B31'],
        ['bob', '6B32'],
        ['bob', '6B33'],
      ]);

      session.log.length = 0;
      const out = await v.map(session.port(), [str('bob'), str('alice'), str('nobody')]);
      expect(out.map(show)).toEqual([`ids:${hex('k2')},${hex('k3')}`, `ids:${hex('k1')}`, 'none']);
      expect(session.log).toHaveLength(3);
      expect(session.log[0]!.sql).toBe("select name, ksid from name_idx where name in ('bob')");

      expect(await v.verify(session.port(), [str('bob'), str('bob'), str('alice')], [ksid('k3'), ksid('k1'), ksid('k1')])).toEqual([true, false, true]);

      // ignore mode: the existing (bob, k2) is skipped, (carol, k4) is added.
      await v.create(session.port(), [[str('bob')], [str('carol')]], [ksid('k2'), ksid('k4')], { ignoreMode: true });
      expect(await rows("SELECT COUNT(*), SUM(name = 'carol') FROM name_idx")).toEqual([[4, '1']]);
      // Not in ignore mode the same duplicate is MySQL error 1062, wrapped, nothing inserted.
      const err = await v.create(session.port(), [[str('bob')], [str('dave')]], [ksid('k2'), ksid('k5')], { ignoreMode: false }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'LOOKUP_QUERY_FAILED', details: { errno: 1062 } });
      expect((err as Error).message).toMatch(/^lookup\.Create: Duplicate entry 'bob-k2'/);
      expect(await rows("SELECT COUNT(*) FROM name_idx WHERE name = 'dave'")).toEqual([[0]]);
    });

    it('batches integer ids in one IN query, locks them inside a DML transaction, deletes and updates', async () => {
      const v = lookup('lookup', { table: 'uid_idx', from: 'user_id', to: 'ksid' });
      await v.create(session.port(), [[int(9)], [int(10)], [int(11)]], [ksid('a'), ksid('b'), ksid('c')], { ignoreMode: false });
      // Sorted as text: "10" < "11" < "9".
      expect(session.log[0]!.sql).toBe("insert into uid_idx(user_id, ksid) values(10, X'62'), (11, X'63'), (9, X'61')");

      session.log.length = 0;
      await session.begin();
      const out = await v.map(session.port({ statement: 'update' }), [int(9), int(10), int(12)]);
      expect(out.map(show)).toEqual([`ids:${hex('a')}`, `ids:${hex('b')}`, 'none']);
      expect(session.log.map((s) => [s.session, s.sql])).toEqual([['normal', 'select user_id, ksid from uid_idx where user_id in (9, 10, 12) for update']]);
      await v.delete(session.port({ statement: 'delete' }), [[int(9)], [int(10)]], ksid('a'));
      await v.update(session.port({ statement: 'update' }), [int(11)], ksid('c'), [int(12)]);
      await session.commit();
      // (10, b) survives: the delete names the keyspace id as well.
      expect(await rows('SELECT user_id, HEX(ksid) FROM uid_idx ORDER BY user_id')).toEqual([
        [10, '62'],
        [12, '63'],
      ]);
    });

    it('multi-column from: creates with ignore_nulls, refuses NULLs without it, maps by the first column', async () => {
      const params = { table: 'pair_idx', from: 'a, b', to: 'ksid' };
      const strict = lookup('lookup', params);
      const err = await strict.create(session.port(), [[int(1), str('x')], [int(2), NULL_VALUE]], [ksid('p'), ksid('q')], { ignoreMode: false }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'VT03028', message: "VT03028: Column 'a,b' cannot be null on row 1, col 1" });
      expect(await rows('SELECT COUNT(*) FROM pair_idx')).toEqual([[0]]);

      const lenient = lookup('lookup', { ...params, ignore_nulls: 'true' });
      await lenient.create(session.port(), [[int(1), str('x')], [int(2), NULL_VALUE], [int(3), str('z')]], [ksid('p'), ksid('q'), ksid('r')], { ignoreMode: false });
      expect(session.log.at(-1)!.sql).toBe("insert into pair_idx(a, b, ksid) values(1, 'x', X'70'), (3, 'z', X'72')");
      expect(await rows('SELECT a, b, HEX(ksid) FROM pair_idx ORDER BY a')).toEqual([
        [1, 'x', '70'],
        [3, 'z', '72'],
      ]);
      expect((await lenient.map(session.port(), [int(3), int(2)])).map(show)).toEqual([`ids:${hex('r')}`, 'none']);
      // A lone NULL id with ignore_nulls may be anywhere: all shards, no query.
      const before = session.log.length;
      expect((await lenient.map(session.port(), [NULL_VALUE])).map(show)).toEqual(['range:-']);
      expect(session.log).toHaveLength(before);

      await lenient.delete(session.port(), [[int(1), str('x')]], ksid('p'));
      expect(session.log.at(-1)!.sql).toBe("delete from pair_idx where a = 1 and b = 'x' and ksid = X'70'");
      expect(await rows('SELECT a FROM pair_idx')).toEqual([[3]]);
    });

    it('autocommit upserts outside the transaction and never deletes', async () => {
      const v = lookup('lookup', { table: 'phone_idx', from: 'phone', to: 'ksid', autocommit: 'true' });
      await session.begin();
      await v.create(session.port({ statement: 'insert' }), [[int(5551234)]], [ksid('old')], { ignoreMode: false });
      await v.create(session.port({ statement: 'insert' }), [[int(5551234)]], [ksid('new')], { ignoreMode: false });
      await v.delete(session.port({ statement: 'delete' }), [[int(5551234)]], ksid('new'));
      await session.rollback();
      expect(session.log.map((s) => s.session)).toEqual(['autocommit', 'autocommit']);
      expect(session.log[1]!.sql).toBe("insert into phone_idx(phone, ksid) values(5551234, X'6e6577') on duplicate key update phone=values(phone), ksid=values(ksid)");
      // Committed on its own: the rollback did not undo it, the upsert repointed the row, the delete never ran.
      expect(await rows('SELECT phone, HEX(ksid) FROM phone_idx')).toEqual([[5551234, '6E6577']]);

      const multi = lookup('lookup', { table: 'phone_idx', from: 'phone', to: 'ksid', multi_shard_autocommit: 'true' });
      await multi.create(session.port(), [[int(5551234)], [int(5550000)]], [ksid('m1'), ksid('m2')], { ignoreMode: false });
      expect(session.log.at(-1)!.sql).toMatch(/^insert \/\*vt\+ MULTI_SHARD_AUTOCOMMIT=1 \*\/ into phone_idx/);
      expect(await rows('SELECT phone, HEX(ksid) FROM phone_idx ORDER BY phone')).toEqual([
        [5550000, '6D32'],
        [5551234, '6D31'],
      ]);
    });
  });

  describe('lookup_unique', () => {
    it('maps to one keyspace id, never upserts, and rejects two rows for one value', async () => {
      const v = lookup('lookup_unique', { table: 'email_idx', from: 'email', to: 'ksid', autocommit: 'true' });
      await v.create(session.port(), [[str('a@x')], [str('b@x')]], [ksid('u1'), ksid('u2')], { ignoreMode: false });
      expect((await v.map(session.port(), [str('b@x'), str('zz@x')])).map(show)).toEqual([`ks:${hex('u2')}`, 'none']);
      const dup = await v.create(session.port(), [[str('a@x')]], [ksid('u9')], { ignoreMode: false }).catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 'LOOKUP_QUERY_FAILED', details: { errno: 1062 } });
      expect(await rows('SELECT email, HEX(ksid) FROM email_idx ORDER BY email')).toEqual([
        ['a@x', '7531'],
        ['b@x', '7532'],
      ]);

      const loose = lookup('lookup_unique', { table: 'loose_idx', from: 'email', to: 'ksid' });
      await loose.create(session.port(), [[str('d@x')], [str('d@x')]], [ksid('u1'), ksid('u2')], { ignoreMode: false });
      await expect(loose.map(session.port(), [str('d@x')])).rejects.toThrow('Lookup.Map: unexpected multiple results from vindex loose_idx: VARCHAR("d@x")');
    });
  });

  describe('lookup_hash_unique', () => {
    it('stores vunhash(keyspace id) as a uint64 and maps back through the DES hash', async () => {
      const v = lookup('lookup_hash_unique', { table: 'order_idx', from: 'order_id', to: 'user_id' });
      const big = 18446744073709551557n; // beyond 2^63: must travel as an exact unsigned literal
      await v.create(session.port(), [[int(100)], [textValue('UINT64', '101')]], [desHash(42n), desHash(big)], { ignoreMode: false });
      expect(await rows('SELECT order_id, CAST(user_id AS CHAR) FROM order_idx ORDER BY order_id')).toEqual([
        [100, '42'],
        [101, '18446744073709551557'],
      ]);
      const out = await v.map(session.port(), [int(101), int(100), int(7)]);
      expect(out.map(show)).toEqual([`ks:${bytesToHex(desHash(big))}`, `ks:${bytesToHex(desHash(42n))}`, 'none']);
      expect(await v.verify(session.port(), [int(100), int(100)], [desHash(42n), desHash(43n)])).toEqual([true, false]);
      await v.update(session.port(), [int(100)], desHash(42n), [int(102)]);
      await v.delete(session.port(), [[int(101)]], desHash(big));
      expect(await rows('SELECT order_id, user_id FROM order_idx')).toEqual([[102, 42]]);
    });
  });

  describe('consistent_lookup_unique', () => {
    const ksA = ksid('ksA');
    const ksB = ksid('ksB');
    function consistent(): LookupImpl {
      const v = lookup('consistent_lookup_unique', { table: 'cl_idx', from: 'email', to: 'ksid' });
      v.setOwnerInfo!('user_ks', 'users', ['email']);
      return v;
    }

    beforeEach(async () => {
      await lookupPool.query('DELETE FROM cl_idx');
      await ownerPool.query('DELETE FROM users');
    });

    it('inserts on PRE, deletes on POST (after the main transaction), skips unchanged updates', async () => {
      const v = consistent();
      await session.begin();
      await v.create(session.port({ statement: 'insert' }), [[str('new@x')]], [ksA], { ignoreMode: false });
      await session.commit();
      expect(session.log.map((s) => s.session)).toEqual(['pre']);
      expect(await rows('SELECT email, HEX(ksid) FROM cl_idx')).toEqual([['new@x', bytesToHex(ksA).toUpperCase()]]);

      // Case-only change: equal under the connection collation, so nothing is sent.
      session.log.length = 0;
      await v.update(session.port({ statement: 'update' }), [str('NEW@x')], ksA, [str('new@x')]);
      expect(session.log).toEqual([]);

      await session.begin();
      const mapped = await v.map(session.port({ statement: 'delete' }), [str('new@x')]);
      expect(mapped.map(show)).toEqual([`ks:${bytesToHex(ksA)}`]);
      await v.delete(session.port({ statement: 'delete' }), [[str('new@x')]], ksA);
      expect(session.log.map((s) => [s.session, s.sql])).toEqual([
        ['post', "select email, ksid from cl_idx where email in ('new@x') for update"],
        ['post', `delete from cl_idx where email = 'new@x' and ksid = X'${bytesToHex(ksA)}'`],
      ]);
      // Not committed yet: other connections still see the lookup row.
      expect(await rows('SELECT COUNT(*) FROM cl_idx')).toEqual([[1]]);
      await session.commit();
      expect(await rows('SELECT COUNT(*) FROM cl_idx')).toEqual([[0]]);
    });

    it('repoints a stale lookup row whose owner row no longer exists', async () => {
      await lookupPool.query("INSERT INTO cl_idx VALUES ('stale@x', ?)", [Buffer.from(ksB)]);
      const v = consistent();
      await session.begin();
      await v.create(session.port({ statement: 'insert' }), [[str('stale@x')]], [ksA], { ignoreMode: false });
      // The owner insert the router runs next, in the main transaction that holds the owner lock.
      await session.mainStatement(ownerPool, "INSERT INTO users VALUES (1, 'stale@x')");
      await session.commit();
      expect(session.log.map((s) => [s.session, s.sql])).toEqual([
        ['pre', `insert into cl_idx(email, ksid) values('stale@x', X'${bytesToHex(ksA)}')`],
        ['pre', "select ksid from cl_idx where email = 'stale@x' for update"],
        ['owner', "select email from users where email = 'stale@x' lock in share mode"],
        ['pre', `update cl_idx set ksid=X'${bytesToHex(ksA)}' where email = 'stale@x'`],
      ]);
      // The owner lock went to the shard of the keyspace id the stale row pointed at.
      expect(session.log[2]!.query.keyspaceId).toEqual(ksB);
      expect(await rows('SELECT email, HEX(ksid) FROM cl_idx')).toEqual([['stale@x', bytesToHex(ksA).toUpperCase()]]);
    });

    it('leaves a stale row alone when it already points at the new keyspace id', async () => {
      await lookupPool.query("INSERT INTO cl_idx VALUES ('same@x', ?)", [Buffer.from(ksA)]);
      const v = consistent();
      await session.begin();
      await v.create(session.port({ statement: 'insert' }), [[str('same@x')]], [ksA], { ignoreMode: false });
      await session.commit();
      expect(session.log.map((s) => s.session)).toEqual(['pre', 'pre', 'owner']);
      expect(await rows('SELECT email, HEX(ksid) FROM cl_idx')).toEqual([['same@x', bytesToHex(ksA).toUpperCase()]]);
    });

    it('a live owner row makes the duplicate real: the original MySQL error, nothing changed', async () => {
      await lookupPool.query("INSERT INTO cl_idx VALUES ('live@x', ?)", [Buffer.from(ksB)]);
      await ownerPool.query("INSERT INTO users VALUES (7, 'live@x')");
      const v = consistent();
      await session.begin();
      const err = await v.create(session.port({ statement: 'insert' }), [[str('live@x')]], [ksA], { ignoreMode: false }).catch((e: unknown) => e);
      await session.rollback();
      expect(err).toMatchObject({ code: 'LOOKUP_QUERY_FAILED', details: { errno: 1062 } });
      expect((err as Error).message).toMatch(/^lookup\.Create: Duplicate entry 'live@x'/);
      expect(session.log.map((s) => s.session)).toEqual(['pre', 'pre', 'owner']);
      expect(await rows('SELECT email, HEX(ksid) FROM cl_idx')).toEqual([['live@x', bytesToHex(ksB).toUpperCase()]]);
    });

    it('update moves the lookup row: old deleted on POST, new created on PRE', async () => {
      const v = consistent();
      await v.create(session.port(), [[str('old@x')]], [ksA], { ignoreMode: false });
      session.log.length = 0;
      await session.begin();
      await v.update(session.port({ statement: 'update' }), [str('old@x')], ksA, [str('renamed@x')]);
      expect(session.log.map((s) => s.session)).toEqual(['post', 'pre']);
      await session.commit();
      expect(await rows('SELECT email, HEX(ksid) FROM cl_idx')).toEqual([['renamed@x', bytesToHex(ksA).toUpperCase()]]);
    });
  });
});
