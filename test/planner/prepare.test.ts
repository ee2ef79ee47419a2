import { beforeAll, describe, expect, it } from 'vitest';
import { Planner } from '../../src/planner/planner.js';
import { renameRowBinds } from '../../src/planner/prepare.js';
import { explainPlan } from '../../src/planner/explain.js';
import type { Insert } from '../../src/planner/plan.js';
import { printValue } from '../../src/planner/values.js';
import { routePlan, routePrepared, type ShardQuery } from '../../src/routing/route.js';
import { createTopology } from '../../src/topology/topology.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import { valueText } from '../../src/vindexes/value.js';
import { schema } from './helpers.js';
import { thrown } from '../support/thrown.js';
import { PlannerError } from '../../src/planner/errors.js';
import { SqlSyntaxError } from '../../src/sql/errors.js';
import { normalizeSql, type NormalizedValue } from '../../src/sql/normalize.js';

const topology = createTopology({ user: ['-40', '40-80', '80-c0', 'c0-'], main: ['0'] });
const env = { vschema: schema, topology };
const shards = (qs: ShardQuery[]): string[] => qs.map((q) => `${q.keyspace}/${q.shard}`);

/** The bind variables normalizeSql's binds stand for, as `name=TYPE:text`, in order (row binds column by column). */
function expectedBinds(sql: string): string[] {
  const types: Record<string, string> = { int: 'INT64', string: 'VARCHAR', decimal: 'DECIMAL', float: 'FLOAT64', null: 'NULL_TYPE', hexval: 'HEXVAL', hexnum: 'HEXNUM', bitnum: 'BITNUM' };
  const one = (v: NormalizedValue): string => `${types[v.type]}:${v.value}`;
  return normalizeSql(sql).binds.flatMap((b) =>
    b.kind === 'scalar' ? [`${b.name}=${one(b.value)}`] : b.kind === 'column' ? b.values.map((v, r) => `${b.name}_${r}=${one(v)}`) : [`${b.name}=TUPLE:${b.values.map(one).join('|')}`],
  );
}

beforeAll(async () => {
  await vindexesReady();
});

describe('Planner.prepare: the cached path', () => {
  it('shares one plan between statements that differ only in literals, and parses nothing on a hit', () => {
    const p = new Planner(schema);
    const a = p.prepare('select id, name from user where id = 5');
    const b = p.prepare('SELECT id, name FROM user WHERE id = 17');
    expect(a.cached).toBe(false);
    expect(b.cached).toBe(true);
    expect(b.plan).toBe(a.plan);
    expect(Object.isFrozen(a.plan)).toBe(true);
    const route = explainPlan(a.plan).Instructions as Record<string, unknown>;
    expect(route).toMatchObject({ OperatorType: 'Route', Variant: 'EqualUnique', Values: [':vtg1'], Query: 'select id, `name` from `user` where id = :vtg1' });
    expect(valueText(a.bindVars.get('vtg1') as never)).toBe('5');
    expect(valueText(b.bindVars.get('vtg1') as never)).toBe('17');
    expect(p.planCacheStats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('keys on the target and the VSchema version', () => {
    const p = new Planner(schema);
    p.prepare('select * from music where id = 1', { target: 'user' });
    expect(p.prepare('select * from music where id = 2', { target: 'user@replica' }).cached).toBe(false);
    expect(p.prepare('select * from music where id = 3', { target: 'user' }).cached).toBe(true);
  });

  it('collapses IN lists of every length into one plan and prunes them per shard', async () => {
    const p = new Planner(schema);
    const two = p.prepare('select * from user where id in (1, 2)');
    const five = p.prepare('select * from user where id in (1, 2, 3, 4, 5)');
    expect(five.plan).toBe(two.plan);
    const byShard = await routePrepared(five, env);
    const literal = await routePlan(p.plan('select * from user where id in (1, 2, 3, 4, 5)'), {}, env);
    expect(shards(byShard)).toEqual(shards(literal));
    const vals = (q: ShardQuery): string[] => ((q.bindVars['__vals'] as unknown as { values: never[] }).values ?? []).map((v) => valueText(v));
    expect(byShard.map(vals)).toEqual(literal.map(vals));
  });

  it('routes exactly like the literal plan, for random values', async () => {
    const p = new Planner(schema);
    const statements = (i: number): string[] => [
      `select * from user where id = ${i}`,
      `select * from user where id = '${i}' and name = 'x${i}'`,
      `update user set val = ${i} where id = ${i * 7}`,
      `delete from music where user_id = ${i * 13} limit 1`,
      `select * from user where id = ${i} or id = ${i + 1000}`,
      `select * from user where id = ${-i}`,
      `select * from user where id = 18446744073709551${String(i % 1000).padStart(3, '0')}`,
    ];
    for (let i = 1; i < 60; i++) {
      for (const sql of statements(i)) {
        let literal: string[];
        try {
          literal = shards(await routePlan(p.plan(sql), {}, env));
        } catch {
          continue; // statements the router does not route yet are compared elsewhere
        }
        expect(shards(await routePrepared(p.prepare(sql), env)), sql).toEqual(literal);
      }
    }
    expect(p.planCacheStats().entries).toBeLessThanOrEqual(7);
  });

  it('keeps `= null` out of the binds: it plans to no shard', async () => {
    const p = new Planner(schema);
    const s = p.prepare('select * from user where id = null');
    expect(explainPlan(s.plan).Instructions).toMatchObject({ Variant: 'None' });
    expect(await routePrepared(s, env)).toEqual([]);
  });

  it('binds ? placeholders as v1, v2, ... and named values by name', async () => {
    const p = new Planner(schema);
    const s = p.prepare('select * from user where id = ? and name = ?', { values: [42, 'bob'] });
    expect(explainPlan(s.plan).Instructions).toMatchObject({ Variant: 'EqualUnique', Values: [':v1'] });
    expect(valueText(s.bindVars.get('v1') as never)).toBe('42');
    expect(shards(await routePrepared(s, env))).toEqual(shards(await routePlan(p.plan('select * from user where id = 42'), {}, env)));
    const n = p.prepare('select * from user where id in (:a, 7)', { values: { a: 3 } });
    expect((n.bindVars.get('vtg1') as unknown as { values: unknown[] }).values.map((v) => valueText(v as never))).toEqual(['3', '7']);
    expect(thrown(PlannerError, () => p.prepare('select * from user where id in (:missing, 7)'))).toMatchObject({ code: 'BIND_MISSING' });
  });

  it('plans a multi-row INSERT once, whatever its row count, and instantiates it per row count', () => {
    const p = new Planner(schema);
    const one = p.prepare("insert into user(id, name) values (1, 'a')");
    const three = p.prepare("insert into user(id, name) values (2, 'b'), (3, 'c'), (4, now())");
    expect(three.cached).toBe(false); // a different row shape (now()) is a different key
    const again = p.prepare("insert into user(id, name) values (5, 'x'), (6, 'y'), (7, 'z')");
    expect(again.cached).toBe(true);
    const op = again.plan.instructions as Insert;
    expect(op.queryParts?.rows).toHaveLength(3);
    expect(op.query).toBe(
      'insert into `user`(id, `name`, Costly) values (:_id_0, :_name_0, :_Costly_0), (:_id_1, :_name_1, :_Costly_1), (:_id_2, :_name_2, :_Costly_2)',
    );
    expect(op.vindexValues.map((v) => v.columns.map((c) => c.map(printValue)))).toEqual(
      (p.plan('insert into user(id, name) values (:vtg1_0, :vtg2_0), (:vtg1_1, :vtg2_1), (:vtg1_2, :vtg2_2)').instructions as Insert).vindexValues.map((v) =>
        v.columns.map((c) => c.map(printValue)),
      ),
    );
    expect(['vtg1_0', 'vtg1_1', 'vtg1_2', 'vtg2_2'].map((n) => valueText(again.bindVars.get(n) as never))).toEqual(['5', '6', '7', 'z']);
    expect(one.plan.instructions).toMatchObject({ queryParts: { rows: ['(:_id_0, :_name_0, :_Costly_0)'] } });
    // The same row count reuses the instantiated plan.
    expect(p.prepare("insert into user(id, name) values (8, 'x'), (9, 'y'), (10, 'z')").plan).toBe(again.plan);
  });

  it('re-reads multi-row INSERTs of every literal kind exactly like a full normalisation, and routes each row to its shard', async () => {
    const cached = new Planner(schema);
    const uncached = new Planner(schema, {}, { planCache: false });
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const kinds: readonly ((r: number) => string)[] = [
      (r) => `'it''s \\n ${r}'`,
      (r) => `-${r}.5`,
      () => 'NULL',
      (r) => `x'${(r % 16).toString(16)}f'`,
      (r) => `0x${r + 10}`,
      (r) => `"dq${r}"`,
      (r) => `${r}e-2`,
    ];
    const entries = (b: ReadonlyMap<string, unknown>): string[] =>
      [...b].map(([k, v]) => `${k}=${(v as { type: string }).type}:${'raw' in (v as object) ? valueText(v as never) : JSON.stringify(v)}`);
    const texts = (qs: ShardQuery[]): string[] => qs.map((q) => `${q.shard} ${q.sql} ${Object.entries(q.bindVars).map(([k, v]) => `${k}=${valueText(v as never)}`).join(',')}`);
    let rereads = 0;
    for (let round = 0; round < 120; round++) {
      const rows = 1 + (round % 8);
      const ids = Array.from({ length: rows }, () => 1 + (next() % 5000));
      const kind = kinds[round % kinds.length]!;
      const sql = `insert into user_extra(user_id, extra_id, col) values ${ids.map((id, r) => `(${id}, ${r + 1}, ${kind(r)})`).join(', ')}`;
      const a = cached.prepare(sql);
      const b = uncached.prepare(sql);
      if (a.cached) rereads++;
      expect(entries(a.bindVars), sql).toEqual(expectedBinds(sql));
      expect(entries(b.bindVars), sql).toEqual(expectedBinds(sql));
      expect(a.plan).toBe(cached.prepare(sql).plan);
      const qa = await routePrepared(a, env);
      expect(texts(qa), sql).toEqual(texts(await routePrepared(b, env)));
      // Each shard holds the rows whose user_id routes there (as the literal statement's route says).
      const literal = await routePlan(uncached.plan(sql), {}, env);
      expect(qa.map((q) => q.shard)).toEqual(literal.map((q) => q.shard));
      for (const q of qa) {
        const rowsHere = [...q.sql.matchAll(/:_user_id_(\d+)/g)].map((m) => ids[Number(m[1])]);
        const literalRows = [...literal.find((l) => l.shard === q.shard)!.sql.matchAll(/:_user_id_(\d+)/g)].map((m) => ids[Number(m[1])]);
        expect(rowsHere, sql).toEqual(literalRows);
      }
    }
    expect(rereads).toBeGreaterThan(100);
  });

  it('numbers sequence binds per row', () => {
    const p = new Planner(schema);
    const s = p.prepare("insert into user(name) values ('a'), ('b')");
    const op = s.plan.instructions as Insert;
    expect(op.autoIncrement?.values.map(printValue)).toEqual(['null', 'null']);
    expect(op.vindexValues[0]!.columns[0]!.map(printValue)).toEqual([':__seq0', ':__seq1']);
  });

  it('leaves quoted text alone when renaming row binds', () => {
    expect(renameRowBinds("(::vtg1, :_id_0, ':vtg2 ::x', `a::b`, :__seq0)", 4)).toBe("(:vtg1_4, :_id_4, ':vtg2 ::x', `a::b`, :__seq4)");
  });

  it('reports a syntax error for unterminated text, and caches nothing for it', () => {
    const p = new Planner(schema);
    thrown(SqlSyntaxError, () => p.prepare("select * from user where name = 'x"));
    expect(p.planCacheStats().entries).toBe(0);
  });

  it('remembers placeholder-only texts without re-normalising, and still binds each call\'s values', async () => {
    const p = new Planner(schema);
    const sql = 'select * from user where id = ?';
    const first = p.prepare(sql, { values: [1] });
    const second = p.prepare(sql, { values: [2] });
    expect(second.plan).toBe(first.plan);
    expect(valueText(second.bindVars.get('v1') as never)).toBe('2');
    expect(shards(await routePrepared(second, env))).toEqual(shards(await routePlan(p.plan('select * from user where id = 2'), {}, env)));
  });

  it('can run without a cache', () => {
    const p = new Planner(schema, {}, { planCache: false });
    p.prepare('select * from user where id = 1');
    expect(p.prepare('select * from user where id = 2').cached).toBe(false);
  });
});

describe('Planner.prepare: session-bound statements', () => {
  it('plans PREPARE / EXECUTE with the session every time, never from the cache', () => {
    const p = new Planner(schema);
    const prep = p.prepare("prepare s1 from 'select * from user where id = ?'", { target: 'user' });
    expect(prep.cached).toBe(false);
    expect(prep.plan.sessionEffect).toBeDefined();
    expect(p.prepare("prepare s1 from 'select * from user where id = ?'", { target: 'user' }).cached).toBe(false);
    expect(p.planCacheStats().entries).toBe(0);
  });

  it('recognises them in any case, after spaces and comments, and nothing else', () => {
    const p = new Planner(schema);
    // Planned with the (empty) session: PREPARE succeeds, the others find no statement s1.
    const viaSession = (sql: string): boolean => {
      try {
        return p.prepare(sql, { target: 'user' }).plan.sessionEffect !== undefined;
      } catch (err) {
        return /VT09011/.test((err as Error).message);
      }
    };
    for (const sql of ["PREPARE s1 FROM 'select 1'", '  \n\tExecute s1', '/* c */ deallocate prepare s1', 'DROP   prepare s1']) {
      expect(viaSession(sql), sql).toBe(true);
    }
    // The cache was never consulted for them.
    expect(p.planCacheStats().misses).toBe(0);
    expect(p.planCacheStats().entries).toBe(0);
    // Everything else goes through the cache (a miss is counted before planning, even one that fails).
    const others = ['delete from user where id = 1', 'explain select 1', 'describe user', 'drop table t1', 'preparex', 'executes'];
    for (const sql of others) {
      try {
        p.prepare(sql, { target: 'user' });
      } catch {
        // planning errors do not matter here
      }
    }
    expect(p.planCacheStats().misses).toBe(others.length);
  });
});
