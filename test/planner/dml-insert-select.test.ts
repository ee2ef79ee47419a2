/**
 * INSERT ... SELECT column counts once `*` is expanded (columns known by schema tracking), the
 * pass-through statement of an unsharded keyspace without keyspace qualifiers, and the table a
 * multi-table DELETE maintains owned lookup vindexes of.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import type { Delete, Insert } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { thrown } from '../support/thrown.js';

const vschema = loadVSchema({
  keyspaces: {
    uks: { sharded: false, tables: { u: {}, u2: {} } },
    sks: {
      sharded: true,
      vindexes: {
        hash: { type: 'hash' },
        oid_vdx: { type: 'consistent_lookup_unique', params: { table: 'oid_vdx_tbl', from: 'oid', to: 'keyspace_id' }, owner: 'o' },
      },
      tables: {
        // Columns as schema tracking reports them: authoritative.
        j: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'id', type: 'INT64' }, { name: 'jdoc', type: 'JSON' }], column_list_authoritative: true },
        // An INVISIBLE column (MariaDB's EXTRA 'INVISIBLE'): not part of `*`.
        jh: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'id', type: 'INT64' }, { name: 'h', type: 'INT64', invisible: true }, { name: 'jdoc', type: 'JSON' }], column_list_authoritative: true },
        // Columns unknown.
        k: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        o: { column_vindexes: [{ column: 'region_id', name: 'hash' }, { column: 'oid', name: 'oid_vdx' }] },
        ev: { column_vindexes: [{ column: 'oid', name: 'oid_vdx' }] },
        oid_vdx_tbl: { column_vindexes: [{ column: 'oid', name: 'hash' }] },
      },
    },
  },
});
const planner = new Planner(vschema);
const insert = (sql: string): Insert => planner.plan(sql).instructions as Insert;

describe('INSERT ... SELECT *', () => {
  it('counts the columns * stands for when they are known', () => {
    const op = insert('insert into uks.u(id, jdoc) select * from sks.j');
    expect(op.variant).toBe('Select');
    expect(thrown(PlannerError, () => planner.plan('insert into uks.u(id) select * from sks.j'))).toMatchObject({ code: 'VT03006' });
    expect(thrown(PlannerError, () => planner.plan('insert into uks.u(id, a, b) select * from sks.j'))).toMatchObject({ code: 'VT03006' });
  });

  it('leaves INVISIBLE columns out of *', () => {
    expect(insert('insert into uks.u(id, jdoc) select * from sks.jh').variant).toBe('Select');
    const route = planner.plan('select * from sks.jh order by id').instructions as { query?: string; input?: { query?: string } };
    expect(JSON.stringify(route)).toContain('select id, jdoc');
  });

  it('with unknown columns, rejects only a select list longer than the column list', () => {
    expect(insert('insert into uks.u(id, a) select * from sks.k').variant).toBe('Select');
    expect(thrown(PlannerError, () => planner.plan('insert into uks.u(id, a) select id, *, 2 from sks.k'))).toMatchObject({ code: 'VT03006' });
  });
});

describe('INSERT ... SELECT passed through to an unsharded keyspace', () => {
  it('reaches the shard without keyspace qualifiers, subqueries included', () => {
    expect(insert('insert into uks.u(id1) select id1 + 5 from uks.u').query).toBe('insert into u(id1) select id1 + 5 from u');
    expect(insert('insert into uks.u(a) select uks.u2.b from uks.u2 where uks.u2.c in (select d from uks.u)').query)
      .toBe('insert into u(a) select u2.b from u2 where u2.c in (select d from u)');
  });
});

describe('DELETE maintaining owned lookup vindexes', () => {
  it('names the table whose lookup rows it maintains, also for a multi-table DELETE (which prints no Table)', () => {
    const multi = planner.plan('delete o from o join ev on o.oid = ev.oid where ev.ename = 1').instructions as Delete;
    expect(multi).toMatchObject({ kind: 'Delete', table: null, ownerTable: 'o', ksidVindex: 'hash' });
    const single = planner.plan('delete from o where region_id = 1').instructions as Delete;
    expect(single).toMatchObject({ table: 'o', ownerTable: 'o' });
    const plain = planner.plan('delete from ev where oid = 1').instructions as Delete;
    expect(plain.ownerTable).toBeNull();
  });
});
