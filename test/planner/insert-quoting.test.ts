/**
 * Identifiers the planner adds to an INSERT (a vindex column missing from the column list) are
 * printed as Vitess prints them: backticked when they are keywords. A vindex column named
 * `CREATE` (as a VSchema generated from `CREATE TABLE ...` text may name it) must reach MySQL as
 * `` `CREATE` `` so that MySQL answers with its own "Unknown column" error as it does behind
 * Vitess, not with a syntax error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Planner } from '../../src/planner/planner.js';
import { routePlan } from '../../src/routing/route.js';
import { createTopology } from '../../src/topology/topology.js';
import { vindexesReady } from '../../src/vindexes/crypto/xxhash64.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { isKeyword } from '../../src/sql/keywords.js';

const vschema = loadVSchema({
  keyspaces: {
    ks: {
      sharded: true,
      vindexes: { xxhash: { type: 'xxhash' } },
      tables: { employees: { column_vindexes: [{ column: 'CREATE', name: 'xxhash' }] } },
    },
  },
});
const topology = createTopology({ ks: ['-80', '80-'] });

beforeAll(async () => {
  await vindexesReady();
});

describe('INSERT: vindex columns the planner adds', () => {
  it('are backticked when they are keywords (create is one of Vitess\'s)', async () => {
    expect(isKeyword('create')).toBe(true);
    const plan = new Planner(vschema).plan("insert into employees (id, name) values (1, 'CEO')", { target: '' });
    const queries = await routePlan(plan, {}, { vschema, topology });
    expect(queries).toHaveLength(1);
    expect(queries[0]!.sql).toBe("insert into employees(id, `name`, `CREATE`) values (1, 'CEO', :_CREATE_0)");
    expect(queries[0]!.bindVars['_CREATE_0']).toMatchObject({ type: 'NULL_TYPE' });
  });
});
