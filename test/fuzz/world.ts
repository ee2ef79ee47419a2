/**
 * The two sides the fuzzer compares: the router over a sharded keyspace (2 or 4 shards spread
 * over the servers, plus an unsharded keyspace) and one plain database holding every table.
 * Both get the same seeded rows: sharded and unsharded tables are inserted through the router
 * (which splits the rows per shard), the reference table is copied to every shard, and the plain
 * database gets everything directly. Shard row counts are checked before any query runs.
 */
import type { Pool } from 'mysql2/promise';
import { createShardPools } from '../../src/executor/shard-pools.js';
import { trackSchema } from '../../src/executor/schema-tracking.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { uniqueDbName, type DbServer } from '../support/mariadb.js';
import { Random } from './random.js';
import { createTableSql, generateData, insertSql, TABLES, vschemaFor, type Dataset } from './schema.js';

export interface World {
  readonly router: Router;
  readonly single: Pool;
  readonly data: Dataset;
  readonly shards: readonly string[];
}

// MySQL 8's defaults (Vitess's reference behaviour), ONLY_FULL_GROUP_BY included.
const SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
const POOL = { dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, connectionLimit: 4 } as const;
const SHARDS: Record<number, readonly string[]> = { 2: ['-80', '80-'], 4: ['-40', '40-80', '80-c0', 'c0-'] };

export async function openWorld(servers: readonly DbServer[], options: { seed: number; shards?: 2 | 4 }): Promise<World> {
  const shards = SHARDS[options.shards ?? 2]!;
  const data = generateData(new Random(options.seed), { users: 40, orders: 90, products: 20 });
  const open = async (server: DbServer, base: string): Promise<Pool> => {
    const db = uniqueDbName(base);
    await server.createDatabase(db);
    const pool = server.pool(db, POOL);
    pool.on('connection', (conn) => { conn.query(`set sql_mode = '${SQL_MODE}'`); });
    return pool;
  };
  const ksPools: Pool[] = [];
  for (const [i, shard] of shards.entries()) ksPools.push(await open(servers[i % servers.length]!, `fuzz_ks_${shard}`));
  const mainPool = await open(servers[0]!, 'fuzz_main');
  const single = await open(servers[0]!, 'fuzz_single');

  for (const t of TABLES) {
    const ddl = createTableSql(t);
    await single.query(ddl);
    if (t.keyspace === 'main') await mainPool.query(ddl);
    else for (const p of ksPools) await p.query(ddl);
  }
  const vschema = loadVSchema(vschemaFor());
  const spec = {
    ks: Object.fromEntries(shards.map((s, i) => [s, { primary: ksPools[i]! }])),
    main: { '0': { primary: mainPool } },
  };
  const shardPools = createShardPools(spec);
  const router = createRouter({ vschema, topology: shardPools, queryTimeoutMs: 20_000, planner: await trackSchema(shardPools, vschema) });

  for (const t of TABLES) {
    const rows = data.rows.get(t.name) ?? [];
    await single.query(insertSql(t, rows));
    if (t.kind === 'reference') for (const p of ksPools) await p.query(insertSql(t, rows));
    else await router.query(insertSql(t, rows));
    // The router must have put every row somewhere, once.
    const owners = t.kind === 'unsharded' ? [mainPool] : t.kind === 'reference' ? [ksPools[0]!] : ksPools;
    let stored = 0;
    for (const p of owners) stored += Number(((await p.query(`select count(*) as n from \`${t.name}\``))[0] as { n: number }[])[0]!.n);
    if (stored !== rows.length) throw new Error(`fuzz setup: ${t.name} has ${stored} rows on the shards, expected ${rows.length}`);
  }
  return { router, single, data, shards };
}
