import { describe, expect, it } from 'vitest';
import { callerBinds } from '../../src/router/binds.js';
import { Planner } from '../../src/planner/planner.js';
import type { Insert } from '../../src/planner/plan.js';
import { createRouter } from '../../src/router/router.js';
import { driverStatement, sqlLiteral } from '../../src/router/shard-sql.js';
import { textValue, bytesValue, NULL_VALUE } from '../../src/vindexes/value.js';
import { loadVSchema } from '../../src/vschema/load.js';

describe('shard statements for mysql2', () => {
  it('hands caller values over as `?` and prints other values as literals', () => {
    const { binds, origins } = callerBinds([5, 'x']);
    binds.set('__vals', { type: 'TUPLE', values: [textValue('INT64', '1'), textValue('VARCHAR', "o'k")] });
    const s = driverStatement('select * from t where id = :v1 and a = :v2 and b in ::__vals and c = \':v1\'', binds, origins);
    expect(s.sql).toBe("select * from t where id = ? and a = ? and b in (1, 'o\\'k') and c = ':v1'");
    expect(s.values).toEqual([5, 'x']);
  });

  it('passes SQL without placeholders through and fails clearly on a missing value', () => {
    expect(driverStatement('select 1', new Map(), new Map())).toEqual({ sql: 'select 1', values: undefined });
    expect(() => driverStatement('select :nope', new Map(), new Map())).toThrow(expect.objectContaining({ code: 'BIND_MISSING' }));
  });

  it('prints exact literals', () => {
    expect(sqlLiteral(textValue('UINT64', '18446744073709551615'))).toBe('18446744073709551615');
    expect(sqlLiteral(bytesValue(new Uint8Array([0x16, 0x6b])))).toBe("X'166b'");
    expect(sqlLiteral(NULL_VALUE)).toBe('null');
    expect(() => sqlLiteral(textValue('INT64', '1; drop table t'))).toThrow(expect.objectContaining({ code: 'BIND_INVALID' }));
  });
});

describe('insert rows', () => {
  it('the planned INSERT splits into prefix, rows and suffix (each shard gets only its rows)', () => {
    const vs = loadVSchema({ keyspaces: { ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'a', name: 'hash' }] } } } } });
    const op = new Planner(vs).plan("insert into t(a, b) values (1, 'x,)'), (2, f(1, 2)) on duplicate key update b = values(b)").instructions as Insert;
    expect(op.queryParts).toEqual({
      prefix: 'insert into t(a, b) values ',
      rows: ["(:_a_0, 'x,)')", '(:_a_1, f(1, 2))'],
      suffix: ' on duplicate key update b = values(b)',
    });
    expect(op.queryParts!.prefix + op.queryParts!.rows.join(', ') + op.queryParts!.suffix).toBe(op.query);
  });
});

describe('router with fake pools', () => {
  const vschema = loadVSchema({ keyspaces: { ks: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }] } } } } });
  function shard(name: string, log: string[], failCommit = false) {
    const run = async (sql: unknown) => { log.push(`${name}: ${String(sql)}`); return [{ affectedRows: 1 }, undefined] as [unknown, unknown]; };
    const conn = {
      query: run, execute: run, release() {},
      beginTransaction: async () => { log.push(`${name}: BEGIN`); },
      commit: async () => { if (failCommit) throw Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST' }); log.push(`${name}: COMMIT`); },
      rollback: async () => { log.push(`${name}: ROLLBACK`); },
    };
    return { query: run, execute: run, getConnection: async () => conn, end: async () => {} };
  }

  it('multi mode commits shards in order and reports a partial commit', async () => {
    const log: string[] = [];
    const router = createRouter({ vschema, topology: { ks: { '-80': { primary: shard('-80', log) }, '80-': { primary: shard('80-', log, true) } } } });
    const conn = await router.getConnection();
    await conn.beginTransaction();
    await conn.query('update t set v = 1 where id = 1');
    await conn.query('update t set v = 1 where id = 4');
    const err = await conn.commit().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'COMMIT_PARTIAL', details: { committed: ['ks/-80'], rolledBack: ['ks/80-'] } });
    expect(log).toContain('-80: COMMIT');
    expect(log).toContain('80-: ROLLBACK');
  });

  it('closes the connections a SET reserved when the session ends, so no pooled connection keeps the SET', async () => {
    const log: string[] = [];
    const ended: string[] = [];
    const withEnd = (name: string) => {
      const pool = shard(name, log);
      return {
        ...pool,
        getConnection: async () => ({ ...(await pool.getConnection()), release: () => ended.push(`${name} released`), destroy: () => ended.push(`${name} destroyed`) }),
      };
    };
    const router = createRouter({ vschema, topology: { ks: { '-80': { primary: withEnd('-80') }, '80-': { primary: withEnd('80-') } } } });
    const plain = await router.getConnection();
    await plain.beginTransaction();
    await plain.query('update t set v = 1 where id = 1');
    await plain.rollback();
    await plain.close();
    expect(ended).toEqual(['-80 released']);
    ended.length = 0;
    const conn = await router.getConnection();
    await conn.query("set sql_mode = ''");
    await conn.query('update t set v = 1 where id = 1');
    expect(log).toContain("-80: set sql_mode = ''");
    await conn.close();
    await new Promise((r) => setImmediate(r));
    expect(ended).toEqual(['-80 destroyed']);
  });

  it('rejects session statements on the pool and bad options', async () => {
    const router = createRouter({ vschema, topology: { ks: { '-80': { primary: shard('-80', []) }, '80-': { primary: shard('80-', []) } } } });
    await expect(router.query('begin')).rejects.toMatchObject({ code: 'NEEDS_CONNECTION' });
    // Aggregation runs in the engine; these fake shards answer a SELECT without columns, a typed error.
    await expect(router.query('select count(*) from t')).rejects.toMatchObject({ code: 'COLUMN_NOT_FOUND' });
    expect(() => createRouter({ vschema, topology: { ks: {} }, transactionMode: 'twopc' as never })).toThrow();
  });
});
