/**
 * DML with input on a table whose primary key has several columns: the selected keys are bound
 * as a list of row tuples (`(a, b) in ::dml_vals`), routed by the vindex column of each row and
 * printed as `((1, 2), (3, 4))`; and single-table DELETEs with an alias go to the shards in the
 * multi-table form MariaDB accepts.
 */
import { describe, expect, it } from 'vitest';
import { dmlVals } from '../../src/engine/dml.js';
import { compile } from '../../src/engine/eval/compile.js';
import type { Delete } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { evalList, evalSingle } from '../../src/routing/binds.js';
import { routeOperator } from '../../src/routing/route.js';
import { multiTableForm, shardDelete } from '../../src/router/delete-alias.js';
import { driverStatement } from '../../src/router/shard-sql.js';
import { parseSql } from '../../src/sql/parse.js';
import { createTopology } from '../../src/topology/topology.js';
import type { BindVariable } from '../../src/vindexes/types.js';
import { textValue, valueText, type SqlValue } from '../../src/vindexes/value.js';
import { loadVSchema } from '../../src/vschema/load.js';

const int = (n: number): SqlValue => textValue('INT64', String(n));
const str = (s: string): SqlValue => textValue('VARCHAR', s);

describe('::dml_vals of a key of several columns', () => {
  it('is a list of values for one column and a list of row tuples for several', () => {
    const rows = [[int(1), str('a'), int(10)], [int(2), str('b'), int(20)]];
    const single = dmlVals(rows, [2]);
    expect(single).toEqual({ type: 'TUPLE', values: [int(10), int(20)] });
    const multi = dmlVals(rows, [0, 1]);
    expect(multi).toEqual({ type: 'TUPLE', values: [{ type: 'ROW_TUPLE', values: [int(1), str('a')] }, { type: 'ROW_TUPLE', values: [int(2), str('b')] }] });
  });

  it('prints row tuples as nested lists, values as literals', () => {
    const binds = new Map<string, BindVariable>([['dml_vals', dmlVals([[int(1), str("o'k")], [int(2), str('b')]], [0, 1])]]);
    const s = driverStatement('delete from t where (t.a, t.b) in ::dml_vals', binds, new Map());
    expect(s.sql).toBe("delete from t where (t.a, t.b) in ((1, 'o\\'k'), (2, 'b'))");
    expect(s.values).toBeUndefined();
  });

  it('routes by one column of each row (Vitess TupleBindVariable), and rejects mixed shapes', () => {
    const binds = new Map<string, BindVariable>([['dml_vals', dmlVals([[int(1), int(7)], [int(2), int(8)]], [0, 1])]]);
    expect(evalList({ kind: 'tupleColumn', list: 'dml_vals', index: 1 }, binds).map(valueText)).toEqual(['7', '8']);
    expect(() => evalList({ kind: 'tupleColumn', list: 'dml_vals', index: 2 }, binds)).toThrow(expect.objectContaining({ code: 'ROUTING_BIND_INVALID' }));
    expect(() => evalList({ kind: 'listBind', name: 'dml_vals' }, binds)).toThrow(expect.objectContaining({ code: 'ROUTING_BIND_INVALID' }));
    expect(() => evalSingle({ kind: 'tupleColumn', list: 'dml_vals', index: 0 }, binds)).toThrow(expect.objectContaining({ code: 'ROUTING_BIND_INVALID' }));
    const flat = new Map<string, BindVariable>([['dml_vals', { type: 'TUPLE', values: [int(1)] }]]);
    expect(() => evalList({ kind: 'tupleColumn', list: 'dml_vals', index: 0 }, flat)).toThrow(expect.objectContaining({ code: 'ROUTING_BIND_INVALID' }));
  });

  it('a planned child DELETE reaches only the shards of the rows it names', async () => {
    const vschema = loadVSchema({
      keyspaces: {
        ks: {
          sharded: true,
          vindexes: { hash: { type: 'hash' } },
          tables: { o: { column_vindexes: [{ column: 'region_id', name: 'hash' }] } },
        },
      },
    });
    const planner = new Planner(vschema, { primaryKeys: [{ table: { keyspace: 'ks', table: 'o' }, columns: ['oid', 'region_id'] }] });
    const plan = planner.plan('delete from o limit 5');
    const op = plan.instructions as { kind: string; dml: readonly Delete[] };
    expect(op.kind).toBe('DMLWithInput');
    const child = op.dml[0]!;
    expect(child.variant).toBe('MultiEqual');
    const topology = createTopology({ ks: ['-80', '80-'] });
    // hash(1) is in -80, hash(4) in 80- (Vitess's hash vindex).
    const oneShard = new Map<string, BindVariable>([['dml_vals', dmlVals([[int(10), int(1)], [int(11), int(1)]], [0, 1])]]);
    expect((await routeOperator(child, oneShard, { vschema, topology })).map((q) => q.shard)).toEqual(['-80']);
    const both = new Map<string, BindVariable>([['dml_vals', dmlVals([[int(10), int(1)], [int(11), int(4)]], [0, 1])]]);
    expect((await routeOperator(child, both, { vschema, topology })).map((q) => q.shard)).toEqual(['-80', '80-']);
  });

  it('a row tuple never compares with one value in a vtgate filter', () => {
    const stmt = parseSql('select 1 from t where a in ::dml_vals');
    if (stmt.kind !== 'select') throw new Error('not a select');
    const compiled = compile(stmt.where!, [{ name: 'a', type: 'INT64', collation: 63, flags: 0, decimals: 0, length: 20 }]);
    const binds = new Map<string, BindVariable>([['dml_vals', dmlVals([[int(1), int(2)]], [0, 1])]]);
    expect(() => compiled.evaluate([int(1)], binds)).toThrow(expect.objectContaining({ code: 'BIND_INVALID' }));
  });
});

describe('single-table DELETE with an alias', () => {
  it('goes to the shards in multi-table form', () => {
    expect(multiTableForm('delete from oevent_tbl as ev where (ev.oid, ev.ename) in ::dml_vals')).toBe('delete ev from oevent_tbl as ev where (ev.oid, ev.ename) in ::dml_vals');
    expect(multiTableForm('delete /*vt+ X=1 */ ignore from `user` as u where u.id in ::dml_vals')).toBe('delete /*vt+ X=1 */ ignore u from `user` as u where u.id in ::dml_vals');
  });

  it('leaves DELETEs without an alias, multi-table DELETEs and ORDER BY / LIMIT alone', () => {
    expect(multiTableForm('delete from t where id = 1')).toBeNull();
    expect(multiTableForm('delete from t where name = \'as\'')).toBeNull();
    expect(multiTableForm('delete a from t as a join u on a.id = u.id')).toBeNull();
    expect(multiTableForm('delete from t as a where a.id > 1 order by a.id limit 1')).toBeNull();
  });

  it('keeps the plan\'s text (what vexplain prints) and caches the shard form', () => {
    const vschema = loadVSchema({ keyspaces: { ks: { sharded: false, tables: { t: {} } } } });
    const op = new Planner(vschema).plan('delete from t as a where a.id = 1').instructions as Delete;
    expect(op.query).toBe('delete from t as a where a.id = 1');
    const shard = shardDelete(op);
    expect(shard.query).toBe('delete a from t as a where a.id = 1');
    expect(shardDelete(op)).toBe(shard);
    expect(shardDelete(shard)).toBe(shard);
  });
});
