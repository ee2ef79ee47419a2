/**
 * Shard pools, shard errors, timeouts and scatter against two real MariaDB servers: user/-80
 * and lookup/0 live on server 0, user/80- on server 1.
 */
import { createPool as createCallbackPool } from 'mysql2';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverPool } from '../../src/executor/driver.js';
import { ShardError, type ShardTarget } from '../../src/executor/errors.js';
import { shardPoolsFromUrls } from '../../src/executor/from-urls.js';
import { scatter, scatterPartial } from '../../src/executor/scatter.js';
import { createShardPools, type ShardPools } from '../../src/executor/shard-pools.js';
import { queryShard } from '../../src/executor/shard-query.js';
import { skipWithoutDatabase, startDbCluster, uniqueDbName, type DbCluster, type DbServer } from '../support/mariadb.js';

const external = !!process.env.MYSQL_URL;
const primary = (keyspace: string, shard: string): ShardTarget => ({ keyspace, shard, tabletType: 'primary' });

async function port(pool: DriverPool): Promise<number> {
  const [rows] = await pool.query('select @@port as port');
  return (rows as RowDataPacket[])[0]!.port as number;
}

describe.skipIf(skipWithoutDatabase())('executor shard pools on MariaDB', () => {
  let cluster: DbCluster;
  let s0: DbServer;
  let s1: DbServer;
  const dbs = { low: uniqueDbName('user__80'), high: uniqueDbName('user_80_'), lookup: uniqueDbName('lookup_0') };
  let pools: ShardPools;
  let userPools: Pool[];
  const callbackPool = () => createCallbackPool({ host: s1.host, port: s1.port, user: s1.user, password: s1.password, database: dbs.high, connectionLimit: 2 });
  let callback: ReturnType<typeof callbackPool>;

  beforeAll(async () => {
    cluster = await startDbCluster({ servers: 2 });
    [s0, s1] = cluster.servers as [DbServer, DbServer];
    await s0.createDatabase(dbs.low);
    await s1.createDatabase(dbs.high);
    await s0.createDatabase(dbs.lookup);
    callback = callbackPool();
    userPools = [s0.pool(dbs.low), s0.pool(dbs.low), s1.pool(dbs.high), s0.pool(dbs.lookup)];
    pools = createShardPools({
      user: {
        '-80': { primary: userPools[0]!, replica: [userPools[1]!, s1.pool(dbs.high)] },
        '80-': { primary: userPools[2]!, rdonly: [callback] },
      },
      lookup: { '0': { primary: userPools[3]! } },
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => callback?.end(() => resolve()));
    await cluster?.stop();
  });

  it('sends each shard to its own server and database', async () => {
    expect(await port(pools.pick('user', '-80'))).toBe(s0.port);
    expect(await port(pools.pick('user', '80-'))).toBe(s1.port);
    const [rows] = await pools.pick('lookup', '0').query('select database() as db');
    expect(rows).toEqual([{ db: dbs.lookup }]);
  });

  it.skipIf(external)('round-robins replica reads over two pools', async () => {
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await port(pools.pick('user', '-80', 'replica')));
    expect(seen).toEqual([s0.port, s1.port, s0.port, s1.port]);
  });

  it('wraps a user callback pool in its promise API', async () => {
    const [rows] = await pools.pick('user', '80-', 'rdonly').query('select database() as db, ? as v', [7]);
    expect(rows).toEqual([{ db: dbs.high, v: 7 }]);
  });

  it('turns a real MySQL error into a ShardError naming the shard', async () => {
    const target = primary('user', '80-');
    const err = await queryShard(pools.pick('user', '80-'), target, 'select * from no_such_table where id = ?', ['s3cret']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardError);
    const e = err as ShardError;
    expect(e).toMatchObject({ code: 'SHARD_QUERY_FAILED', keyspace: 'user', shard: '80-', tabletType: 'primary' });
    expect(e.mysql).toMatchObject({ code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02' });
    expect(e.message).toBe(`target: user.80-.primary: ER_NO_SUCH_TABLE: Table '${dbs.high}.no_such_table' doesn't exist (errno 1146) (sqlstate 42S02)`);
    expect(e.cause).toMatchObject({ code: 'ER_NO_SUCH_TABLE', errno: 1146 });
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('s3cret');
  });

  it('times out a slow statement, kills it on the server and keeps the pool usable', async () => {
    const pool = pools.pick('user', '-80');
    const started = Date.now();
    const err = await queryShard(pool, primary('user', '-80'), 'select sleep(2) as slept', undefined, { timeoutMs: 200 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(ShardError);
    expect(err).toMatchObject({ code: 'SHARD_TIMEOUT', message: 'target: user.-80.primary: query timed out after 200 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    // The KILL reaches the server: the sleep does not run on for its 2 s.
    await expect.poll(async () => {
      const [rows] = await pool.query("select count(*) as n from information_schema.processlist where info = 'select sleep(2) as slept'");
      return Number((rows as RowDataPacket[])[0]!.n);
    }, { timeout: 1500, interval: 50 }).toBe(0);
    expect(await port(pool)).toBe(s0.port);
  });

  it('scatters over both shards with partial results when one times out', async () => {
    const task = (shard: string, sql: string) => ({
      ...primary('user', shard),
      run: async ({ signal }: { signal: AbortSignal }) => (await queryShard(pools.pick('user', shard), primary('user', shard), sql, undefined, { signal }))[0],
    });
    expect(await scatter([task('-80', 'select @@port as p'), task('80-', 'select @@port as p')])).toEqual([[{ p: s0.port }], [{ p: s1.port }]]);
    const { results, failures } = await scatterPartial([task('-80', 'select sleep(2) as s'), task('80-', 'select 1 as one')], { timeoutMs: 200 });
    expect(results.map((r) => [r.target.shard, r.value])).toEqual([['80-', [{ one: 1 }]]]);
    expect(failures.map((f) => [f.shard, f.code])).toEqual([['-80', 'SHARD_TIMEOUT']]);
  });

  it('reports a server that is down, or a pool that was ended, as SHARD_UNAVAILABLE', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const nowhere = createPool({ host: '127.0.0.1', port: free, user: 'root', connectTimeout: 1000 });
    try {
      const down = createShardPools({ k: { '0': { primary: nowhere } } });
      const err = await queryShard(down.pick('k', '0'), primary('k', '0'), 'select 1', undefined).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SHARD_UNAVAILABLE', keyspace: 'k', shard: '0', mysql: { code: 'ECONNREFUSED' } });
    } finally {
      await nowhere.end();
    }
    const closed = s0.pool(dbs.low);
    await closed.end();
    await expect(queryShard(closed, primary('k', '0'), 'select 1', undefined)).rejects.toMatchObject({ code: 'SHARD_UNAVAILABLE' });
  });

  it('never ends the user’s pools; pools built from URLs are its own and end with it', async () => {
    await pools.end();
    expect(await port(pools.pick('user', '80-'))).toBe(s1.port);

    const owned = await shardPoolsFromUrls({ user: { '-80': s0.url(dbs.low), '80-': { primary: s1.url(dbs.high), replica: [s1.url(dbs.high)] } } }, { poolOptions: { connectionLimit: 2, database: 'ignored' } });
    expect(await port(owned.pick('user', '-80'))).toBe(s0.port);
    const [rows] = await owned.pick('user', '80-', 'replica').query('select database() as db');
    expect(rows).toEqual([{ db: dbs.high }]);
    await owned.end();
    await expect(queryShard(owned.pick('user', '-80'), primary('user', '-80'), 'select 1', undefined)).rejects.toMatchObject({ code: 'SHARD_UNAVAILABLE' });
  });
});
