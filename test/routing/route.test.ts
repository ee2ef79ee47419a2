import { beforeAll, describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes } from '../../src/keyrange/keyspace-id.js';
import { routePlan, shardsFor, RoutingError, type ShardQuery } from '../../src/routing/route.js';
import { createTopology } from '../../src/topology/topology.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import type { LookupPort, LookupQuery, LookupResult, SingleColumnImpl } from '../../src/vindexes/types.js';
import { bytesValue, sqlValue, valueText, type SqlValue } from '../../src/vindexes/value.js';
import { plan, planner, schema } from '../planner/helpers.js';

const topology = createTopology({
  user: ['-80', '80-'],
  second_user: ['-80', '80-'],
  zlookup_unique: ['-80', '80-'],
  main: ['0'],
  main_2: ['0'],
  sharded_fk_allow: ['-80', '80-'],
  unsharded_fk_allow: ['0'],
  ordering: ['-80', '80-'],
});
const env = { vschema: schema, topology };

function userHash(v: number): string {
  const impl = schema.keyspaces.get('user')!.vindexes.get('user_index')!.vindex.impl as SingleColumnImpl;
  const d = impl.map([sqlValue(v)])[0]!;
  if (d.kind !== 'keyspaceId') throw new Error('expected a keyspace id');
  return bytesToHex(d.keyspaceId);
}

const shardsOf = (qs: ShardQuery[]): string[] => qs.map((q) => `${q.keyspace}/${q.shard}`);
const vals = (q: ShardQuery | undefined): string[] => {
  const b = q?.bindVars['__vals'];
  if (!b || b.type !== 'TUPLE') throw new Error('no __vals');
  return (b as { values: readonly SqlValue[] }).values.map(valueText);
};

async function rejection(p: Promise<unknown>): Promise<RoutingError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RoutingError);
    return err as RoutingError;
  }
  throw new Error('expected a RoutingError');
}

beforeAll(async () => {
  await vindexesReady();
});

describe('routePlan: single routes', () => {
  test('the cross-check values of the hash vindex', () => {
    expect(userHash(1)).toBe('166b40b44aba4bd6');
    expect(userHash(4)).toBe('d2fd8867d50d2dfe');
  });

  test('point selects land on the shard of hash(id), literal or bind', async () => {
    const one = await routePlan(plan('select * from user where id = 1'), {}, env);
    expect(one).toEqual([{ keyspace: 'user', shard: '-80', sql: 'select * from `user` where id = 1', bindVars: {} }]);
    const four = await routePlan(plan('select * from user where id = :id'), { id: 4 }, env);
    expect(shardsOf(four)).toEqual(['user/80-']);
    expect(four[0]!.sql).toBe('select * from `user` where id = :id');
    expect(valueText(four[0]!.bindVars['id'] as SqlValue)).toBe('4');
    expect(await shardsFor(planner, 'select * from user where id = :id', { id: 1 }, { topology })).toEqual([{ keyspace: 'user', shard: '-80' }]);
  });

  test('IN lists are pruned: each shard receives only its own values in ::__vals', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    const expected = new Map<string, string[]>();
    for (const id of ids) {
      const shard = hexToBytes(userHash(id))[0]! < 0x80 ? '-80' : '80-';
      expected.set(shard, [...(expected.get(shard) ?? []), String(id)]);
    }
    const qs = await routePlan(plan(`select * from user where id in (${ids.join(', ')})`), {}, env);
    expect(qs.map((q) => q.sql)).toEqual(qs.map(() => 'select * from `user` where id in ::__vals'));
    expect(new Map(qs.map((q) => [q.shard, vals(q)]))).toEqual(expected);
    // Two values on one side only: the other shard receives nothing.
    const left = await routePlan(plan('select * from user where id in (1, 1)'), {}, env);
    expect(shardsOf(left)).toEqual(['user/-80']);
    expect(vals(left[0])).toEqual(['1', '1']);
  });

  test('an IN list from a list bind routes by its values', async () => {
    const qs = await shardsFor(planner, 'select * from user where id in ::ids', { ids: [4] }, { topology });
    expect(qs).toEqual([{ keyspace: 'user', shard: '80-' }]);
    const both = await routePlan(plan('select * from user where id in ::ids'), { ids: [1, 4] }, env);
    expect(shardsOf(both)).toEqual(['user/-80', 'user/80-']);
  });

  test('= null routes nowhere', async () => {
    expect(await routePlan(plan('select * from user where id = null'), {}, env)).toEqual([]);
  });

  test('scatter goes to all shards, unsharded to its only shard', async () => {
    expect(shardsOf(await routePlan(plan('select * from user'), {}, env))).toEqual(['user/-80', 'user/80-']);
    const un = await routePlan(plan('select * from unsharded'), {}, env);
    expect(un).toEqual([{ keyspace: 'main', shard: '0', sql: 'select * from unsharded', bindVars: {} }]);
  });

  test('a tuple IN (MultiEqual) goes to the shards of its values, query unchanged', async () => {
    const qs = await routePlan(plan("select * from user where (id, name) in ((1, 'a'), (4, 'b'))"), {}, env);
    expect(shardsOf(qs)).toEqual(['user/-80', 'user/80-']);
    expect(qs[0]!.bindVars['__vals']).toBeUndefined();
  });

  test('a shard-targeted session sends to that shard', async () => {
    expect(await shardsFor(planner, 'select * from user', {}, { topology, target: 'user:80-' })).toEqual([{ keyspace: 'user', shard: '80-' }]);
  });

  test('bind values are never spliced into the SQL', async () => {
    const evil = "x' or 1=1 -- ";
    const qs = await routePlan(plan('select * from user where id = 1 and name = :n'), { n: evil }, env);
    expect(qs[0]!.sql).not.toContain(evil);
    expect(valueText(qs[0]!.bindVars['n'] as SqlValue)).toBe(evil);
  });

  test('missing or wrongly shaped binds fail with a code', async () => {
    expect((await rejection(routePlan(plan('select * from user where id = :id'), {}, env))).code).toBe('ROUTING_BIND_MISSING');
    expect((await rejection(routePlan(plan('select * from user where id in ::ids'), { ids: 1 }, env))).code).toBe('ROUTING_BIND_INVALID');
  });
});

/** Answers lookup SELECTs from a table: from-value text → keyspace ids (hex). */
class FakeLookupPort implements LookupPort {
  readonly inDmlTransaction = false;
  readonly statement = 'select' as const;
  readonly queries: LookupQuery[] = [];
  constructor(private readonly table: Record<string, string[]>) {}
  async execute(query: LookupQuery): Promise<LookupResult> {
    this.queries.push(query);
    const rows: SqlValue[][] = [];
    for (const b of Object.values(query.bindVars)) {
      const ids = b.type === 'TUPLE' ? (b as { values: readonly SqlValue[] }).values : [b as SqlValue];
      for (const id of ids) {
        for (const ksid of this.table[valueText(id)] ?? []) rows.push([id, bytesValue(hexToBytes(ksid))]);
      }
    }
    return { rows, rowsAffected: 0 };
  }
}

describe('routePlan: lookup-backed routes', () => {
  test('a non-unique lookup asks the port and routes to every shard it names', async () => {
    const port = new FakeLookupPort({ alice: [userHash(1)], bob: [userHash(1), userHash(4)] });
    const alice = await routePlan(plan('select * from user where name = :n'), { n: 'alice' }, { ...env, lookupPort: port });
    expect(alice).toEqual([{ keyspace: 'user', shard: '-80', sql: 'select * from `user` where `name` = :n', bindVars: { n: sqlValue('alice') } }]);
    expect(port.queries).toHaveLength(1);
    const bob = await shardsFor(planner, 'select * from user where name = :n', { n: 'bob' }, { topology, lookupPort: port });
    expect(bob).toEqual([{ keyspace: 'user', shard: '-80' }, { keyspace: 'user', shard: '80-' }]);
    expect(await shardsFor(planner, 'select * from user where name = :n', { n: 'nobody' }, { topology, lookupPort: port })).toEqual([]);
  });

  test('an IN lookup gives each shard only the values the lookup placed there', async () => {
    const port = new FakeLookupPort({ a: [userHash(1)], b: [userHash(4)], c: [userHash(4)] });
    const qs = await routePlan(plan("select * from user where name in ('a', 'b', 'c', 'zz')"), {}, { ...env, lookupPort: port });
    expect(qs.map((q) => [q.shard, q.sql, vals(q)])).toEqual([
      ['-80', 'select * from `user` where `name` in ::__vals', ['a']],
      ['80-', 'select * from `user` where `name` in ::__vals', ['b', 'c']],
    ]);
  });

  test('a unique lookup on an integral id (batched query)', async () => {
    const port = new FakeLookupPort({ '5': [userHash(4)] });
    expect(await shardsFor(planner, 'select * from music where id = 5', {}, { topology, lookupPort: port })).toEqual([{ keyspace: 'user', shard: '80-' }]);
  });

  test('without a lookup port: ROUTING_LOOKUP_PORT_REQUIRED', async () => {
    const err = await rejection(routePlan(plan('select * from user where name = :n'), { n: 'alice' }, env));
    expect(err.code).toBe('ROUTING_LOOKUP_PORT_REQUIRED');
  });
});

describe('routePlan: what is not routed yet', () => {
  test('post-processing above one route reaches that route\'s shards; a join is not routable alone', async () => {
    expect(await shardsFor(planner, 'select count(*) from user', {}, { topology })).toEqual([
      { keyspace: 'user', shard: '-80' },
      { keyspace: 'user', shard: '80-' },
    ]);
    expect(await shardsFor(planner, 'select id from user where id in (1, 2) order by id limit 1', {}, { topology })).toEqual(
      await shardsFor(planner, 'select id from user where id in (1, 2)', {}, { topology }),
    );
    const err = await rejection(routePlan(plan('select u.id from user u join user_extra e on u.col = e.col'), {}, env));
    expect(err.code).toBe('ROUTING_NOT_SUPPORTED');
    expect(err.details['operator']).toBe('Join');
  });

  test('UPDATE/DELETE without owned lookups route like a SELECT; with them: ROUTING_NOT_SUPPORTED', async () => {
    expect(await shardsFor(planner, 'update user_extra set val = 1 where user_id = 4', {}, { topology })).toEqual([{ keyspace: 'user', shard: '80-' }]);
    expect(await shardsFor(planner, 'delete from unsharded where id = 1', {}, { topology })).toEqual([{ keyspace: 'main', shard: '0' }]);
    const err = await rejection(routePlan(plan('delete from user where id = 1'), {}, env));
    expect(err.code).toBe('ROUTING_NOT_SUPPORTED');
    expect(err.details['operator']).toBe('Delete');
  });

  test('an unsharded INSERT goes to the keyspace\'s one shard', async () => {
    expect(await shardsFor(planner, 'insert into unsharded (id) values (1)', {}, { topology })).toEqual([{ keyspace: 'main', shard: '0' }]);
  });
});

describe('routePlan: shards that split inside a byte', () => {
  // Boundaries inside a first byte: the first-byte fast path cannot name the shard of ids
  // starting 0x3f or 0xd2, so those values go through map() and the shard map's search.
  const split = createTopology({ user: ['-3f80', '3f80-d2fe', 'd2fe-'] });
  const splitEnv = { vschema: schema, topology: split };
  const shardOf = (id: number): string => {
    const hex = userHash(id);
    return hex < '3f80' ? '-3f80' : hex < 'd2fe' ? '3f80-d2fe' : 'd2fe-';
  };
  const ids = Array.from({ length: 400 }, (_, i) => i + 1);

  test('ids whose keyspace id starts with a split byte exist among the values', () => {
    const firsts = new Set(ids.map((id) => userHash(id).slice(0, 2)));
    expect(firsts.has('3f') || firsts.has('d2')).toBe(true);
  });

  test('point selects, IN lists and INSERT rows land where the keyspace id says', async () => {
    for (const id of ids) {
      const qs = await routePlan(plan('select * from user where id = :id'), { id }, splitEnv);
      expect(qs.map((q) => q.shard)).toEqual([shardOf(id)]);
    }
    const inList = await routePlan(plan(`select * from user where id in (${ids.join(', ')})`), {}, splitEnv);
    for (const q of inList) expect(vals(q).every((v) => shardOf(Number(v)) === q.shard)).toBe(true);
    expect(inList.flatMap(vals).length).toBe(ids.length);
    const insert = await routePlan(plan(`insert into user_extra(user_id, extra_id) values ${ids.slice(0, 60).map((id) => `(${id}, 1)`).join(', ')}`), {}, splitEnv);
    for (const q of insert) {
      const rows = [...q.sql.matchAll(/:_user_id_(\d+)/g)].map((m) => Number(m[1]));
      expect(rows.every((r) => shardOf(ids[r]!) === q.shard)).toBe(true);
    }
  });
});

describe('routePlan: INSERT', () => {
  test('each shard gets only its rows, with their vindex binds; the rows go where point selects find them', async () => {
    const sql = "insert into user_extra(user_id, extra_id, col) values (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd')";
    const queries = await routePlan(plan(sql), {}, env);
    const expected = new Map<string, number[]>();
    for (const id of [1, 2, 3, 4]) {
      const [{ shard }] = (await shardsFor(planner, 'select * from user_extra where user_id = :id', { id }, { topology })) as unknown as [{ shard: string }];
      expected.set(shard, [...(expected.get(shard) ?? []), id]);
    }
    expect(queries.map((q) => q.shard)).toEqual([...expected.keys()].sort());
    for (const q of queries) {
      const rows = [...q.sql.matchAll(/:_user_id_(\d+)/g)].map((m) => Number(m[1]));
      expect(rows.map((r) => r + 1)).toEqual(expected.get(q.shard));
      for (const r of rows) expect(valueText(q.bindVars[`_user_id_${r}`] as SqlValue)).toBe(String(r + 1));
    }
  });

  test('many rows (beyond the remembered row subsets), and the same plan routed again, give each shard its rows', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i * 7 + 1);
    const sql = `insert into user_extra(user_id, extra_id, col) values ${ids.map((id) => `(${id}, ${id * 10}, 'c${id}')`).join(', ')}`;
    const p = plan(sql);
    const queries = await routePlan(p, {}, env);
    const expected = new Map<string, number[]>();
    for (const id of ids) {
      const [{ shard }] = (await shardsFor(planner, 'select * from user_extra where user_id = :id', { id }, { topology })) as unknown as [{ shard: string }];
      expected.set(shard, [...(expected.get(shard) ?? []), id]);
    }
    expect(queries.map((q) => q.shard)).toEqual([...expected.keys()].sort());
    for (const q of queries) {
      const rows = [...q.sql.matchAll(/:_user_id_(\d+)/g)].map((m) => Number(m[1]));
      expect(rows.map((r) => ids[r])).toEqual(expected.get(q.shard));
      expect(q.sql).toContain(`'c${ids[rows[0]!]}'`);
    }
    expect((await routePlan(p, {}, env)).map((q) => q.sql)).toEqual(queries.map((q) => q.sql));
  });

  test('rows that need sequence ids are left to the executor', async () => {
    const err = await rejection(routePlan(plan("insert into user(name) values ('x')"), {}, env));
    expect(err.code).toBe('ROUTING_NOT_SUPPORTED');
  });
});

describe('routePlan: DBA routes (information_schema)', () => {
  const bind = (q: ShardQuery, name: string): string | undefined => {
    const b = q.bindVars[name];
    return b && b.type !== 'TUPLE' ? valueText(b as SqlValue) : undefined;
  };

  test('a keyspace named as schema: one of its shards, the name read as the shard database', async () => {
    const [q, ...rest] = await routePlan(plan("select table_name from information_schema.tables where table_schema = 'user' and table_name = 'music'"), {}, env);
    expect(rest).toEqual([]);
    expect(`${q!.keyspace}/${q!.shard}`).toBe('user/-80');
    expect(q!.sql).toBe('select `table_name` from information_schema.`tables` where table_schema = database() and `table_name` = :table_name');
    expect(bind(q!, 'table_name')).toBe('music');
  });

  test('no schema, a system schema or an unknown one: a shard of the route keyspace, values as given', async () => {
    const [none] = await routePlan(plan('select table_name from information_schema.tables'), {}, env);
    expect(shardsOf([none!])).toEqual(['main/0']);
    const [sys] = await routePlan(plan("select table_name from information_schema.tables where table_schema = 'performance_schema'"), {}, env);
    expect(shardsOf([sys!])).toEqual(['main/0']);
    expect(sys!.sql).toContain('table_schema = :__vtschemaname');
    expect(bind(sys!, '__vtschemaname')).toBe('performance_schema');
    const [other] = await routePlan(plan("select table_name from information_schema.tables where table_schema = 'vt_user'"), {}, env);
    expect(shardsOf([other!])).toEqual(['main/0']);
    expect(bind(other!, '__vtschemaname')).toBe('vt_user');
    // database() is the shard's own: left to it.
    const [db] = await routePlan(plan('select table_name from information_schema.tables where table_schema = database()'), {}, env);
    expect(db!.sql).toContain('table_schema = database()');
  });

  test('a table a routing rule sends elsewhere: a shard of its keyspace, under its physical name', async () => {
    const [q] = await routePlan(plan("select column_name from information_schema.columns where table_schema = 'second_user' and table_name = 'bar'"), {}, env);
    expect(shardsOf([q!])).toEqual(['user/-80']);
    expect(bind(q!, 'table_name')).toBe('music');
    expect(q!.sql).toContain('table_schema = database()');
  });

  test('two different schemas in one query are refused, as in Vitess', async () => {
    const sql = "select c.table_name from information_schema.columns c where c.table_schema = 'user' and c.table_schema = 'main'";
    const err = await rejection(routePlan(plan(sql), {}, env));
    expect([err.code, err.message]).toEqual(['DBA_SCHEMA_CONFLICT', 'specifying two different database in the query is not supported']);
    const same = await routePlan(plan(sql.replace("'main'", "'user'")), {}, env);
    expect(shardsOf(same)).toEqual(['user/-80']);
  });
});

describe('routePlan: vindex values that are expressions over bind variables', () => {
  test('`:a + 1` is evaluated with MySQL arithmetic and routes to hash(a + 1)', async () => {
    const p = plan('select * from user where id = :a + 1');
    const three = await routePlan(p, { a: 3 }, env);
    expect(shardsOf(three)).toEqual(shardsOf(await routePlan(plan('select * from user where id = 4'), {}, env)));
    expect(userHash(4)).toBe('d2fd8867d50d2dfe');
    expect(shardsOf(three)).toEqual(['user/80-']);
    // A string operand is converted as MySQL does ('0' + 1 = 1 → -80).
    expect(shardsOf(await routePlan(p, { a: '0' }, env))).toEqual(['user/-80']);
  });

  test('a NULL result routes to no shard; a missing bind variable is ROUTING_BIND_MISSING', async () => {
    const p = plan('select * from user where id = :a + 1');
    expect(await routePlan(p, { a: null }, env)).toEqual([]);
    // Decimal arithmetic: 1.5 + 1 = 2.5 is no integer, so the hash vindex maps it nowhere.
    expect(await routePlan(p, { a: 1.5 }, env)).toEqual([]);
    expect(shardsOf(await routePlan(p, { a: 2.0 }, env))).toEqual(['user/-80']);
    const err = await rejection(routePlan(p, {}, env));
    expect(err.code).toBe('ROUTING_BIND_MISSING');
  });
});
