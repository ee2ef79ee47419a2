import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VSchemaError } from '../../src/errors.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { plannerTestRegistry } from '../support/planner-vindex-types.js';
import { E2E, PLANNER_VSCHEMAS, e2eDirectories, e2eSrvVSchema } from '../support/shared.js';

const plannerFiles = readdirSync(PLANNER_VSCHEMAS).filter((f) => f.endsWith('.json')).sort();

describe('the Vitess planner VSchemas', () => {
  it('are all there', () => expect(plannerFiles.length).toBeGreaterThanOrEqual(7));

  it.each(plannerFiles)('%s loads with the test-only vindex types registered', (file) => {
    const vschema = loadVSchema(join(PLANNER_VSCHEMAS, file), { registry: plannerTestRegistry() });
    expect(vschema.keyspaces.size).toBeGreaterThan(0);
  });

  it('schema.json needs the test-only types, and says which types exist', () => {
    const err = (() => {
      try {
        loadVSchema(join(PLANNER_VSCHEMAS, 'schema.json'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VSchemaError);
    const problems = (err as VSchemaError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      '/keyspaces/second_user/vindexes/hash_dup/type',
      '/keyspaces/sharded_fk_allow/vindexes/hash_vin/type',
    ]);
    expect(problems[0]!.message).toContain('vindexType "hash_test" not found; known types: binary, binary_md5');
  });

  it('schema.json is modelled as Vitess builds it', () => {
    const v = loadVSchema(join(PLANNER_VSCHEMAS, 'schema.json'), { registry: plannerTestRegistry() });
    const user = v.keyspaces.get('user')!;
    expect(user.sharded).toBe(true);
    const t = user.tables.get('user')!;
    expect(t.columnVindexes.map((cv) => [cv.name, cv.columns.join(','), cv.primary, cv.owned])).toEqual([
      ['user_index', 'Id', true, false],
      ['name_user_map', 'Name', false, true],
      ['costly_map', 'Costly', false, true],
    ]);
    expect(t.ordered.map((cv) => cv.name)).toEqual(['user_index', 'name_user_map', 'costly_map']);
    expect(t.autoIncrement).toEqual({ column: 'id', sequence: { keyspace: 'main', table: 'seq' } });
    // multicol is partial: its leading-column subset is added with cost + 1
    const mc = user.tables.get('multicol_tbl')!;
    expect(mc.columnVindexes.filter((cv) => cv.name === 'multicolIdx').map((cv) => [cv.columns.join(','), cv.cost, cv.partial])).toEqual([
      ['cola,colb', 2, false],
      ['cola', 3, true],
    ]);
    expect(user.tables.get('pin_test')!.pinned).toEqual(new Uint8Array([0x80]));
    // reference sources, qualified and unqualified (resolved through the other keyspaces)
    expect(user.tables.get('ref_with_source')!.source).toEqual({ keyspace: 'main', table: 'source_of_ref' });
    expect(user.tables.get('global_ref')!.source).toEqual({ keyspace: 'main', table: 'global_ref' });
    expect([...v.keyspaces.get('main')!.tables.get('source_of_ref')!.referencedBy]).toEqual([['user', 'ref_with_source']]);
    // a source wins the global name over its reference copies
    const g = v.globalTables.get('ambiguous_ref_with_source');
    expect(g?.kind === 'table' && g.table.keyspace).toBe('main');
    // the rule to a missing keyspace loads, with a warning, and carries Vitess's error
    expect(v.routingRules.get('bad_table')!.error).toEqual({ code: 'VT05003', message: "VT05003: unknown database 'noks' in vschema" });
    expect(v.routingRules.get('disabled')).toEqual({ from: 'disabled', target: null, error: null });
    expect(v.warnings.map((w) => w.path)).toEqual(['/keyspaces/user/vindexes', '/routing_rules/rules/6/to_tables/0']);
    expect(v.keyspaces.get('sharded_fk_allow')!.foreignKeyMode).toBe('managed');
  });
});

describe('the Vitess end-to-end VSchemas', () => {
  const dirs = e2eDirectories();
  it('are all there', () => expect(dirs.length).toBeGreaterThanOrEqual(17));

  it.each(dirs)('%s loads (keyspaces assembled into one SrvVSchema)', (dir) => {
    const vschema = loadVSchema(e2eSrvVSchema(dir));
    expect(vschema.keyspaces.size).toBeGreaterThan(0);
  });

  it('the demo directory loads as a directory of <keyspace>.vschema.json files', () => {
    const v = loadVSchema(join(E2E, 'demo'));
    expect([...v.keyspaces.keys()].sort()).toEqual(['customer', 'product']);
    const corder = v.keyspaces.get('customer')!.tables.get('corder')!;
    expect(corder.owned.map((cv) => cv.name)).toEqual(['corder_keyspace_idx', 'oname_keyspace_idx']);
    expect(corder.autoIncrement?.sequence).toEqual({ keyspace: 'product', table: 'corder_seq' });
  });
});
