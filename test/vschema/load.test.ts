/**
 * loadVSchema: input spellings, proto JSON leniency, the source forms (object, file,
 * directory), where problems are reported, warnings, immutability, robustness against
 * garbage, and custom vindex types. Fixture files are written to a temp dir per test.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TableResolutionError, VSchemaError, type Problem } from '../../src/errors.js';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import { loadVSchema } from '../../src/vschema/load.js';
import type { VSchema } from '../../src/vschema/model.js';
import { resolveTable } from '../../src/vschema/resolve.js';
import { useTempFiles } from '../support/temp-files.js';

// ---------------------------------------------------------------------------------------
// helpers

const { tempDir, write } = useTempFiles('vschema-load-');

/** Runs `fn`, which must throw a VSchemaError (any other error is rethrown and fails the test). */
function loadError(fn: () => unknown): VSchemaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VSchemaError) return err;
    throw err;
  }
  throw new Error('expected a VSchemaError, but the VSchema loaded');
}

/** The problems as `file? path: message` lines, for readable failures. */
function lines(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.file ? `${p.file} ` : ''}${p.path}: ${p.message}`);
}

/** Everything the model says, in plain data, so two loads can be compared with toEqual. */
function summary(v: VSchema): unknown {
  return {
    keyspaces: [...v.keyspaces.values()].map((ks) => ({
      name: ks.name,
      sharded: ks.sharded,
      requireExplicitRouting: ks.requireExplicitRouting,
      foreignKeyMode: ks.foreignKeyMode,
      multiTenant: ks.multiTenant,
      vindexes: [...ks.vindexes].map(([name, kv]) => ({ name, type: kv.vindex.type, params: { ...kv.vindex.params }, owner: kv.owner })),
      tables: [...ks.tables.values()].map((t) => ({
        name: t.name,
        kind: t.kind,
        columnVindexes: t.columnVindexes.map((cv) => ({ name: cv.name, columns: cv.columns, primary: cv.primary, owned: cv.owned, cost: cv.cost })),
        autoIncrement: t.autoIncrement,
        columns: t.columns,
        columnListAuthoritative: t.columnListAuthoritative,
        pinned: t.pinned ? Buffer.from(t.pinned).toString('hex') : null,
        source: t.source,
        referencedBy: [...t.referencedBy],
      })),
    })),
    routingRules: [...v.routingRules],
    keyspaceRoutingRules: [...v.keyspaceRoutingRules],
    shardRoutingRules: [...v.shardRoutingRules],
    mirrorRules: v.mirrorRules,
    globalTables: [...v.globalTables.keys()].sort(),
    warnings: v.warnings,
  };
}

/** One VSchema using every message type, written with proto field names (snake_case). */
function snakeDoc(): Record<string, unknown> {
  return {
    keyspaces: {
      main: {
        sharded: false,
        tables: {
          user_seq: { type: 'sequence' },
          my_table: { column_list_authoritative: true, columns: [{ name: 'id', type: 'INT64', nullable: false }] },
          name_user_idx: {},
        },
      },
      user: {
        sharded: true,
        require_explicit_routing: false,
        foreign_key_mode: 'managed',
        multi_tenant_spec: { tenant_id_column_name: 'tenant_id', tenant_id_column_type: 'INT64' },
        vindexes: {
          hash: { type: 'hash' },
          name_user_idx: {
            type: 'consistent_lookup',
            params: { table: 'main.name_user_idx', from: 'name,user_id', to: 'keyspace_id', ignore_nulls: 'true' },
            owner: 'user',
          },
        },
        tables: {
          user: {
            column_vindexes: [
              { column: 'user_id', name: 'hash' },
              { columns: ['name', 'user_id'], name: 'name_user_idx' },
            ],
            auto_increment: { column: 'user_id', sequence: 'main.user_seq' },
            columns: [{ name: 'name', type: 'VARCHAR', collation_name: 'utf8mb4_bin', size: 64 }],
            column_list_authoritative: true,
          },
          pinned_t: { pinned: '80' },
          my_table_ref: { type: 'reference', source: 'main.my_table' },
        },
      },
    },
    routing_rules: { rules: [{ from_table: 'old_user', to_tables: ['user.user'] }] },
    keyspace_routing_rules: { rules: [{ from_keyspace: 'legacy', to_keyspace: 'user' }] },
    shard_routing_rules: { rules: [{ from_keyspace: 'main', to_keyspace: 'user', shard: '-80' }] },
    mirror_rules: { rules: [{ from_table: 'main.my_table', to_table: 'user.user', percent: 10 }] },
  };
}

/** The same VSchema with proto JSON names (lowerCamelCase); map keys are data and keep their spelling. */
function camelDoc(): Record<string, unknown> {
  return {
    keyspaces: {
      main: {
        sharded: false,
        tables: {
          user_seq: { type: 'sequence' },
          my_table: { columnListAuthoritative: true, columns: [{ name: 'id', type: 'INT64', nullable: false }] },
          name_user_idx: {},
        },
      },
      user: {
        sharded: true,
        requireExplicitRouting: false,
        foreignKeyMode: 'managed',
        multiTenantSpec: { tenantIdColumnName: 'tenant_id', tenantIdColumnType: 'INT64' },
        vindexes: {
          hash: { type: 'hash' },
          name_user_idx: {
            type: 'consistent_lookup',
            params: { table: 'main.name_user_idx', from: 'name,user_id', to: 'keyspace_id', ignore_nulls: 'true' },
            owner: 'user',
          },
        },
        tables: {
          user: {
            columnVindexes: [
              { column: 'user_id', name: 'hash' },
              { columns: ['name', 'user_id'], name: 'name_user_idx' },
            ],
            autoIncrement: { column: 'user_id', sequence: 'main.user_seq' },
            columns: [{ name: 'name', type: 'VARCHAR', collationName: 'utf8mb4_bin', size: 64 }],
            columnListAuthoritative: true,
          },
          pinned_t: { pinned: '80' },
          my_table_ref: { type: 'reference', source: 'main.my_table' },
        },
      },
    },
    routingRules: { rules: [{ fromTable: 'old_user', toTables: ['user.user'] }] },
    keyspaceRoutingRules: { rules: [{ fromKeyspace: 'legacy', toKeyspace: 'user' }] },
    shardRoutingRules: { rules: [{ fromKeyspace: 'main', toKeyspace: 'user', shard: '-80' }] },
    mirrorRules: { rules: [{ fromTable: 'main.my_table', toTable: 'user.user', percent: 10 }] },
  };
}

/** A sharded keyspace `ks` with one vindex `h` of `type` and one table `t` routed by it. */
function oneVindex(type: string, params?: Record<string, unknown>): Record<string, unknown> {
  return {
    keyspaces: {
      ks: {
        sharded: true,
        vindexes: { h: params ? { type, params } : { type } },
        tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }] } },
      },
    },
  };
}

/** `value` as JSON text, or null when JSON cannot represent it exactly (undefined, bigint, Infinity). */
function asJson(value: unknown): string | null {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && isDeepStrictEqual(JSON.parse(text), value) ? text : null;
  } catch {
    return null;
  }
}

function table(v: VSchema, keyspace: string, name: string) {
  const t = v.keyspaces.get(keyspace)?.tables.get(name);
  if (!t) throw new Error(`no table ${keyspace}.${name}`);
  return t;
}

// ---------------------------------------------------------------------------------------

describe('snake_case and camelCase field names', () => {
  it('load to equal models', () => {
    const snake = loadVSchema(snakeDoc());
    const camel = loadVSchema(camelDoc());
    expect(summary(camel)).toEqual(summary(snake));
    expect(camel.spec).toEqual(snake.spec);
  });

  it('both give the values written, not just the same ones', () => {
    for (const v of [loadVSchema(snakeDoc()), loadVSchema(camelDoc())]) {
      const user = table(v, 'user', 'user');
      expect(user.columnVindexes.map((cv) => [cv.name, cv.columns, cv.primary, cv.owned])).toEqual([
        ['hash', ['user_id'], true, false],
        ['name_user_idx', ['name', 'user_id'], false, true],
      ]);
      expect(user.autoIncrement).toEqual({ column: 'user_id', sequence: { keyspace: 'main', table: 'user_seq' } });
      expect(user.columnListAuthoritative).toBe(true);
      expect(user.columns[0]).toMatchObject({ name: 'name', type: 'VARCHAR', collationName: 'utf8mb4_bin', size: 64 });
      expect(table(v, 'main', 'my_table').columnListAuthoritative).toBe(true);
      expect(table(v, 'user', 'my_table_ref').source).toEqual({ keyspace: 'main', table: 'my_table' });
      expect([...table(v, 'user', 'pinned_t').pinned!]).toEqual([0x80]);

      const ks = v.keyspaces.get('user')!;
      expect([ks.sharded, ks.requireExplicitRouting, ks.foreignKeyMode]).toEqual([true, false, 'managed']);
      expect(ks.multiTenant).toEqual({ tenantIdColumnName: 'tenant_id', tenantIdColumnType: 'INT64' });

      expect(v.routingRules.get('old_user')).toEqual({ from: 'old_user', target: { keyspace: 'user', table: 'user' }, error: null });
      expect([...v.keyspaceRoutingRules]).toEqual([['legacy', 'user']]);
      expect([...v.shardRoutingRules]).toEqual([['main.-80', 'user']]);
      expect(v.mirrorRules).toEqual([{ from: 'main.my_table', to: { keyspace: 'user', table: 'user' }, percent: 10, error: null }]);
      expect(v.warnings).toEqual([]);
    }
  });

  it('may be mixed within one document and within one object', () => {
    const mixed = {
      keyspaces: {
        main: {
          sharded: false,
          tables: {
            user_seq: { type: 'sequence' },
            my_table: { column_list_authoritative: true, columns: [{ name: 'id', type: 'INT64', nullable: false }] },
            name_user_idx: {},
          },
        },
        user: {
          sharded: true,
          require_explicit_routing: false,
          foreignKeyMode: 'managed',
          multi_tenant_spec: { tenantIdColumnName: 'tenant_id', tenant_id_column_type: 'INT64' },
          vindexes: {
            hash: { type: 'hash' },
            name_user_idx: {
              type: 'consistent_lookup',
              params: { table: 'main.name_user_idx', from: 'name,user_id', to: 'keyspace_id', ignore_nulls: 'true' },
              owner: 'user',
            },
          },
          tables: {
            user: {
              columnVindexes: [
                { column: 'user_id', name: 'hash' },
                { columns: ['name', 'user_id'], name: 'name_user_idx' },
              ],
              auto_increment: { column: 'user_id', sequence: 'main.user_seq' },
              columns: [{ name: 'name', type: 'VARCHAR', collationName: 'utf8mb4_bin', size: 64 }],
              column_list_authoritative: true,
            },
            pinned_t: { pinned: '80' },
            my_table_ref: { type: 'reference', source: 'main.my_table' },
          },
        },
      },
      routingRules: { rules: [{ from_table: 'old_user', toTables: ['user.user'] }] },
      keyspace_routing_rules: { rules: [{ fromKeyspace: 'legacy', to_keyspace: 'user' }] },
      shardRoutingRules: { rules: [{ from_keyspace: 'main', toKeyspace: 'user', shard: '-80' }] },
      mirror_rules: { rules: [{ fromTable: 'main.my_table', to_table: 'user.user', percent: 10 }] },
    };
    expect(summary(loadVSchema(mixed))).toEqual(summary(loadVSchema(snakeDoc())));
  });

  it('normalises the exposed spec to snake_case', () => {
    const v = loadVSchema(camelDoc());
    const user = v.spec.keyspaces!['user']!;
    expect(Object.keys(user).sort()).toEqual(['foreign_key_mode', 'multi_tenant_spec', 'require_explicit_routing', 'sharded', 'tables', 'vindexes']);
    expect(Object.keys(v.spec).sort()).toEqual(['keyspace_routing_rules', 'keyspaces', 'mirror_rules', 'routing_rules', 'shard_routing_rules']);
  });

  it('never renames map keys: table, vindex, keyspace and param names', () => {
    const v = loadVSchema({
      keyspaces: {
        my_ks: {
          sharded: true,
          vindexes: {
            name_user_idx: {
              type: 'lookup',
              params: { table: 'my_ks.lookup_tbl', from: 'name', to: 'keyspace_id', ignore_nulls: 'true', ignoreNulls: 'true' },
            },
            my_hash: { type: 'hash' },
          },
          tables: {
            my_table: { columnVindexes: [{ column: 'id', name: 'my_hash' }, { column: 'name', name: 'name_user_idx' }] },
            // Table names that look like field names are still just table names.
            column_vindexes: { column_vindexes: [{ column: 'id', name: 'my_hash' }] },
            autoIncrement: { columnVindexes: [{ column: 'id', name: 'my_hash' }] },
          },
        },
      },
    });
    const ks = v.keyspaces.get('my_ks')!;
    expect([...v.keyspaces.keys()]).toEqual(['my_ks']);
    expect([...ks.tables.keys()]).toEqual(['my_table', 'column_vindexes', 'autoIncrement']);
    expect([...ks.vindexes.keys()]).toEqual(['name_user_idx', 'my_hash']);
    expect(Object.keys(ks.vindexes.get('name_user_idx')!.vindex.params).sort()).toEqual(['from', 'ignoreNulls', 'ignore_nulls', 'table', 'to']);
    // ignore_nulls is a lookup param; ignoreNulls is not, and is reported under its own name.
    expect(v.warnings).toEqual([{ path: '/keyspaces/my_ks/vindexes', message: 'unknown vindex params: name_user_idx (ignoreNulls)' }]);
  });

  it('rejects one field given under both spellings in the same object', () => {
    const err = loadError(() =>
      loadVSchema({ keyspaces: { ks: { tables: { t: { columnListAuthoritative: true, column_list_authoritative: true } } } } }),
    );
    expect(lines(err.problems)).toEqual([
      '/keyspaces/ks/tables/t/column_list_authoritative: field "column_list_authoritative" is given twice (as "columnListAuthoritative" and "column_list_authoritative")',
    ]);
  });
});

describe('proto JSON leniency', () => {
  it('treats null fields as absent', () => {
    const v = loadVSchema({
      keyspaces: {
        ks: {
          sharded: null,
          require_explicit_routing: null,
          foreign_key_mode: null,
          multi_tenant_spec: null,
          vindexes: null,
          tables: {
            t: { type: null, column_vindexes: null, auto_increment: null, columns: null, pinned: null, source: null, column_list_authoritative: null },
            u: { columns: [{ name: 'c', type: null, size: null, nullable: null, values: null }] },
          },
        },
      },
      routing_rules: null,
      keyspace_routing_rules: { rules: null },
      shard_routing_rules: null,
      mirror_rules: { rules: null },
    });
    const ks = v.keyspaces.get('ks')!;
    expect([ks.sharded, ks.requireExplicitRouting, ks.foreignKeyMode, ks.multiTenant, ks.vindexes.size]).toEqual([false, false, 'unspecified', null, 0]);
    expect(table(v, 'ks', 't')).toMatchObject({ kind: 'table', columnVindexes: [], autoIncrement: null, columns: [], pinned: null, source: null, columnListAuthoritative: false });
    expect(table(v, 'ks', 'u').columns).toEqual([
      { name: 'c', type: null, invisible: false, default: null, collationName: null, size: null, scale: null, nullable: null, values: [] },
    ]);
    expect(v.spec).toEqual({ keyspaces: { ks: { tables: { t: {}, u: { columns: [{ name: 'c' }] } } } }, keyspace_routing_rules: {}, mirror_rules: {} });
    expect([v.routingRules.size, v.keyspaceRoutingRules.size, v.shardRoutingRules.size, v.mirrorRules.length]).toEqual([0, 0, 0, 0]);
  });

  it('a null table still declares the table; a null keyspace declares an empty keyspace', () => {
    const v = loadVSchema({ keyspaces: { ks: { tables: { t: null } }, empty: null } });
    expect(table(v, 'ks', 't')).toMatchObject({ name: 't', keyspace: 'ks', kind: 'table', declared: true });
    expect(v.globalTables.get('t')).toMatchObject({ kind: 'table' });
    expect(v.keyspaces.get('empty')).toMatchObject({ name: 'empty', sharded: false });
    // …and in a sharded keyspace, that declared table needs a primary vindex like any other.
    const err = loadError(() => loadVSchema({ keyspaces: { ks: { sharded: true, tables: { t: null } } } }));
    expect(lines(err.problems)).toEqual(['/keyspaces/ks/tables/t: missing primary col vindex for table: t']);
  });

  it('reads integers written as strings for column size and scale', () => {
    const v = loadVSchema({ keyspaces: { ks: { tables: { t: { columns: [{ name: 'price', type: 'DECIMAL', size: '10', scale: '2' }, { name: 'n', size: '-1' }] } } } } });
    const [price, n] = table(v, 'ks', 't').columns;
    expect([price!.size, price!.scale, n!.size]).toEqual([10, 2, -1]);
    expect(typeof price!.size).toBe('number');
  });

  it('rejects strings that are not integers, and non-integral numbers', () => {
    const err = loadError(() =>
      loadVSchema({ keyspaces: { ks: { tables: { t: { columns: [{ name: 'a', size: '1.5' }, { name: 'b', scale: 'ten' }, { name: 'c', size: 2.5 }] } } } } }),
    );
    expect(lines(err.problems)).toEqual([
      '/keyspaces/ks/tables/t/columns/0/size: must be an integer',
      '/keyspaces/ks/tables/t/columns/1/scale: must be an integer',
      '/keyspaces/ks/tables/t/columns/2/size: must be an integer',
    ]);
  });

  it('reads enum values given as numbers', () => {
    const v = loadVSchema({
      keyspaces: {
        ks: {
          foreign_key_mode: 3,
          multi_tenant_spec: { tenant_id_column_name: 'tid', tenant_id_column_type: 6165 },
          tables: { t: { columns: [{ name: 'id', type: 265 }, { name: 'b', type: 10262 }, { name: 'n', type: 0 }] } },
        },
        other: { foreignKeyMode: 1 },
      },
    });
    expect(v.keyspaces.get('ks')!.foreignKeyMode).toBe('managed');
    expect(v.keyspaces.get('other')!.foreignKeyMode).toBe('disallow');
    expect(v.keyspaces.get('ks')!.multiTenant).toEqual({ tenantIdColumnName: 'tid', tenantIdColumnType: 'VARCHAR' });
    expect(table(v, 'ks', 't').columns.map((c) => c.type)).toEqual(['INT64', 'VARBINARY', 'NULL_TYPE']);
  });

  it('rejects enum numbers that name no value', () => {
    const err = loadError(() => loadVSchema({ keyspaces: { ks: { foreign_key_mode: 9, tables: { t: { columns: [{ name: 'id', type: 266 }] } } } } }));
    expect(err.problems.map((p) => p.path).sort()).toEqual(['/keyspaces/ks/foreign_key_mode', '/keyspaces/ks/tables/t/columns/0/type']);
    expect(err.problems.find((p) => p.path === '/keyspaces/ks/foreign_key_mode')!.message).toBe('must be one of unspecified, disallow, unmanaged, managed');
  });

  it('reads a mirror percent written as a string', () => {
    const doc = (percent: unknown) => ({
      keyspaces: { a: { tables: { t: {} } }, b: { tables: { t: {} } } },
      mirror_rules: { rules: [{ from_table: 'a.t', to_table: 'b.t', percent }] },
    });
    expect(loadVSchema(doc('12.5')).mirrorRules[0]!.percent).toBe(12.5);
    expect(loadVSchema(doc('50')).mirrorRules[0]!.percent).toBe(50);
    expect(lines(loadError(() => loadVSchema(doc('half'))).problems)).toEqual(['/mirror_rules/rules/0/percent: must be a number']);
    expect(lines(loadError(() => loadVSchema(doc('150'))).problems)).toEqual(['/mirror_rules/rules/0/percent: mirror percent must be between 0 and 100, got 150']);
  });
});

describe('source forms', () => {
  it('an SrvVSchema-shaped JSON file loads like the same object', () => {
    const file = write(tempDir(), 'srv.json', snakeDoc());
    const v = loadVSchema(file);
    expect(summary(v)).toEqual(summary(loadVSchema(snakeDoc())));
    expect([...v.keyspaces.keys()]).toEqual(['main', 'user']);
  });

  it('a file holding one keyspace is named by options.keyspace', () => {
    const file = write(tempDir(), 'whatever.json', { sharded: false, tables: { t: {} } });
    const v = loadVSchema(file, { keyspace: 'customer' });
    expect([...v.keyspaces.keys()]).toEqual(['customer']);
    expect(table(v, 'customer', 't').keyspace).toBe('customer');
  });

  it('a file holding one keyspace is named by <name>.vschema.json, <name>.json or its <ks>/vschema.json directory', () => {
    const dir = tempDir();
    const ks = { sharded: false, tables: { t: {} } };
    expect([...loadVSchema(write(dir, 'customer.vschema.json', ks)).keyspaces.keys()]).toEqual(['customer']);
    expect([...loadVSchema(write(dir, 'product.json', ks)).keyspaces.keys()]).toEqual(['product']);
    expect([...loadVSchema(write(dir, 'commerce/vschema.json', ks)).keyspaces.keys()]).toEqual(['commerce']);
    // camelCase keyspace fields are recognised too.
    expect([...loadVSchema(write(dir, 'camel.vschema.json', { requireExplicitRouting: true })).keyspaces.keys()]).toEqual(['camel']);
  });

  it('a directory of <ks>/vschema.json with every rules file', () => {
    const dir = tempDir();
    write(dir, 'lookup/vschema.json', { sharded: false, tables: { user_seq: { type: 'sequence' }, name_user_idx: {} } });
    write(dir, 'user/vschema.json', {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: { user: { column_vindexes: [{ column: 'user_id', name: 'hash' }], auto_increment: { column: 'user_id', sequence: 'lookup.user_seq' } } },
    });
    write(dir, 'routing_rules.json', { rules: [{ from_table: 'users', to_tables: ['user.user'] }] });
    write(dir, 'keyspace_routing_rules.json', { rules: [{ from_keyspace: 'old', to_keyspace: 'user' }] });
    write(dir, 'shard_routing_rules.json', { rules: [{ from_keyspace: 'lookup', to_keyspace: 'user', shard: '80-' }] });
    write(dir, 'mirror_rules.json', { rules: [{ from_table: 'lookup.name_user_idx', to_table: 'user.user', percent: 5 }] });
    // Not VSchema files: ignored.
    write(dir, 'README.md', '# notes');
    write(dir, 'user/schema.sql', 'create table user (user_id bigint);');
    write(dir, 'scratch/notes.json', { not: 'a keyspace' });

    const v = loadVSchema(dir);
    expect([...v.keyspaces.keys()]).toEqual(['lookup', 'user']);
    expect(table(v, 'user', 'user').autoIncrement).toEqual({ column: 'user_id', sequence: { keyspace: 'lookup', table: 'user_seq' } });
    expect(v.routingRules.get('users')!.target).toEqual({ keyspace: 'user', table: 'user' });
    expect([...v.keyspaceRoutingRules]).toEqual([['old', 'user']]);
    expect([...v.shardRoutingRules]).toEqual([['lookup.80-', 'user']]);
    expect(v.mirrorRules).toEqual([{ from: 'lookup.name_user_idx', to: { keyspace: 'user', table: 'user' }, percent: 5, error: null }]);
    expect(resolveTable(v, { name: 'users' }).table.name).toBe('user');
  });

  it('a directory of <ks>.vschema.json files', () => {
    const dir = tempDir();
    write(dir, 'b.vschema.json', { sharded: true, vindexes: { x: { type: 'xxhash' } }, tables: { bt: { columnVindexes: [{ column: 'id', name: 'x' }] } } });
    write(dir, 'a.vschema.json', { tables: { at: {} } });
    write(dir, 'other.json', { tables: { ignored: {} } });
    const v = loadVSchema(dir);
    expect([...v.keyspaces.keys()]).toEqual(['a', 'b']);
    expect(table(v, 'b', 'bt').columnVindexes[0]!.type).toBe('xxhash');
  });

  it('an empty directory is a problem naming the directory', () => {
    const dir = tempDir();
    const err = loadError(() => loadVSchema(dir));
    expect(err.problems).toEqual([
      { path: '', file: dir, message: 'no keyspaces found: expected <dir>/<keyspace>/vschema.json or <dir>/<keyspace>.vschema.json' },
    ]);
  });

  it('a missing path is a problem naming the path', () => {
    const missing = join(tempDir(), 'nope', 'vschema.json');
    const err = loadError(() => loadVSchema(missing));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: '', file: missing });
    expect(err.problems[0]!.message).toMatch(/^cannot read VSchema: ENOENT/);
    expect(err.code).toBe('VSCHEMA_INVALID');
  });
});

describe('where problems are reported', () => {
  it('a keyspace file of a directory: that file, and a pointer into it', () => {
    const dir = tempDir();
    write(dir, 'lookup/vschema.json', { tables: { t: {} } });
    const userFile = write(dir, 'user/vschema.json', {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'nope' }] }, u: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'x', size: 'big' }] } },
    });
    const err = loadError(() => loadVSchema(dir));
    expect(err.problems).toEqual([
      { file: userFile, path: '/tables/u/columns/0/size', message: 'must be an integer' },
    ]);
    // Structural problems stop the load before the semantic ones; fix it and see the next one.
    write(dir, 'user/vschema.json', {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'nope' }] } },
    });
    expect(loadError(() => loadVSchema(dir)).problems).toEqual([
      { file: userFile, path: '/tables/t/column_vindexes/0/name', message: 'vindex nope not found for table t' },
    ]);
  });

  it('a <ks>.vschema.json file of a directory', () => {
    const dir = tempDir();
    const file = write(dir, 'ks.vschema.json', { sharded: true, tables: { t: {} } });
    expect(loadError(() => loadVSchema(dir)).problems).toEqual([{ file, path: '/tables/t', message: 'missing primary col vindex for table: t' }]);
  });

  it('the rules files, each with a pointer into it', () => {
    const dir = tempDir();
    write(dir, 'ks/vschema.json', { tables: { t: {} } });
    const routing = write(dir, 'routing_rules.json', { rules: [{ from_table: 't', to_tables: ['ks.t'] }, { from_table: 'u', to_tables: ['t'] }] });
    const mirror = write(dir, 'mirror_rules.json', { rules: [{ from_table: 'ks.t', to_table: 'ks.t', percent: 101 }] });
    const shard = write(dir, 'shard_routing_rules.json', { rules: [{ from_keyspace: 'ks', to_keyspace: 'gone', shard: '0' }] });
    const ksRules = write(dir, 'keyspace_routing_rules.json', { rules: [{ from_keyspace: '', to_keyspace: 'ks' }] });
    const err = loadError(() => loadVSchema(dir));
    expect(err.problems).toEqual([
      { file: routing, path: '/rules/1/to_tables/0', message: 'table t must be qualified' },
      { file: ksRules, path: '/rules/0/from_keyspace', message: 'keyspace routing rule needs a from_keyspace' },
      { file: shard, path: '/rules/0/to_keyspace', message: "shard routing rule targets unknown keyspace 'gone'" },
      { file: mirror, path: '/rules/0/percent', message: 'mirror percent must be between 0 and 100, got 101' },
    ]);
  });

  it('a single-keyspace file: pointers relative to the file', () => {
    const file = write(tempDir(), 'customer.vschema.json', { sharded: true, vindexes: { v: {} }, tables: {} });
    expect(loadError(() => loadVSchema(file)).problems).toEqual([
      { file, path: '/vindexes/v/type', message: expect.stringMatching(/^vindex v has no type; known types: .*\bhash\b/) as unknown as string },
    ]);
  });

  it('an SrvVSchema file: pointers from the document root', () => {
    const file = write(tempDir(), 'srv.json', { keyspaces: { ks: { sharded: 'yes' } } });
    expect(loadError(() => loadVSchema(file)).problems).toEqual([{ file, path: '/keyspaces/ks/sharded', message: 'must be true or false' }]);
  });

  it('escapes keyspace names in pointers (RFC 6901)', () => {
    const err = loadError(() => loadVSchema({ keyspaces: { 'a/b~c': { sharded: true, tables: { 'x/y': {} } } } }));
    expect(err.problems.map((p) => p.path)).toEqual(['/keyspaces/a~1b~0c/tables/x~1y']);
  });

  it('warnings of a failed directory load are located in their files too', () => {
    const dir = tempDir();
    const file = write(dir, 'ks/vschema.json', { sharded: true, vindexes: { h: { type: 'hash', params: { bogus: '1' } } }, tables: { t: {} } });
    const err = loadError(() => loadVSchema(dir));
    expect(err.warnings).toEqual([{ file, path: '/vindexes', message: 'unknown vindex params: h (bogus)' }]);
  });

  it('warnings of a successful directory load are located in their files', () => {
    const dir = tempDir();
    const ksFile = write(dir, 'ks/vschema.json', { sharded: true, vindexes: { h: { type: 'hash', params: { bogus: '1' } } }, tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }] } } });
    const rules = write(dir, 'routing_rules.json', { rules: [{ from_table: 'x', to_tables: ['gone.t'] }] });
    const v = loadVSchema(dir);
    expect(v.warnings.map((w) => [w.file, w.path])).toEqual([
      [ksFile, '/vindexes'],
      [rules, '/rules/0/to_tables/0'],
    ]);
  });
});

describe('invalid JSON', () => {
  it('reports the file, line and column', () => {
    const file = write(tempDir(), 'bad.json', '{\n  "keyspaces": {\n    "ks": {,\n  }\n}\n');
    const err = loadError(() => loadVSchema(file));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: '', file });
    expect(err.problems[0]!.message).toMatch(/^invalid JSON: .*\(line 3, column 12\)$/);
  });

  it('reports the line and column in a directory keyspace file', () => {
    const dir = tempDir();
    write(dir, 'a/vschema.json', { tables: {} });
    const file = write(dir, 'b/vschema.json', '{"tables": {}}\n\n  x');
    const err = loadError(() => loadVSchema(dir));
    expect(err.problems).toEqual([{ path: '', file, message: expect.stringMatching(/\(line 3, column 3\)$/) as unknown as string }]);
  });

  it('reports a line and column for a file that ends too early, and for an empty file', () => {
    // V8 says only "Unexpected end of JSON input" here, with no position: the end of the text is where it is.
    const file = write(tempDir(), 'truncated.json', '{\n  "keyspaces": {\n    "ks": ');
    const err = loadError(() => loadVSchema(file));
    expect(err.problems[0]!.file).toBe(file);
    expect(err.problems[0]!.message).toMatch(/^invalid JSON: .*\(line 3, column 11\)$/);
    const empty = write(tempDir(), 'empty.json', '');
    expect(loadError(() => loadVSchema(empty)).problems[0]!.message).toMatch(/^invalid JSON: .*\(line 1, column 1\)$/);
  });
});

describe('warnings', () => {
  it('unknown vindex params are warnings without strict and errors with it', () => {
    const doc = oneVindex('hash', { bogus: '1', also_bogus: 'x' });
    const v = loadVSchema(doc);
    const expected = { path: '/keyspaces/ks/vindexes', message: 'unknown vindex params: h (also_bogus, bogus)' };
    expect(v.warnings).toEqual([expected]);
    expect(table(v, 'ks', 't').columnVindexes[0]!.vindex.unknownParams).toEqual(['also_bogus', 'bogus']);
    const err = loadError(() => loadVSchema(doc, { strict: true }));
    expect(err.problems).toEqual([expected]);
    expect(err.warnings).toEqual([]);
  });

  it('a rule whose target keyspace is missing loads with a warning and fails when used', () => {
    const v = loadVSchema({
      keyspaces: { ks: { tables: { t: {} } } },
      routing_rules: { rules: [{ from_table: 't', to_tables: ['gone.t'] }] },
      mirror_rules: { rules: [{ from_table: 'ks.t', to_table: 'gone.t', percent: 1 }] },
    });
    expect(lines(v.warnings)).toEqual([
      "/routing_rules/rules/0/to_tables/0: target gone.t cannot be resolved: VT05003: unknown database 'gone' in vschema; queries that use this rule will fail",
      "/mirror_rules/rules/0/to_table: target gone.t cannot be resolved: VT05003: unknown database 'gone' in vschema; queries that use this rule will fail",
    ]);
    expect(v.routingRules.get('t')).toEqual({ from: 't', target: null, error: { code: 'VT05003', message: "VT05003: unknown database 'gone' in vschema" } });
    expect(v.mirrorRules[0]).toMatchObject({ to: null, error: { code: 'VT05003' } });
    expect(() => resolveTable(v, { name: 't' })).toThrow(TableResolutionError);
  });

  it('an owner that names no table is a warning, and an error with strict', () => {
    const doc = {
      keyspaces: {
        ks: {
          sharded: true,
          vindexes: { h: { type: 'hash' }, l: { type: 'lookup_unique', params: { table: 'ks.l', from: 'c', to: 'keyspace_id' }, owner: 'missing' } },
          tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }, { column: 'c', name: 'l' }] } },
        },
      },
    };
    const message = 'owner table missing of vindex l not found in keyspace ks; no table maintains its lookup rows';
    expect(loadVSchema(doc).warnings).toEqual([{ path: '/keyspaces/ks/vindexes/l/owner', message }]);
    expect(loadError(() => loadVSchema(doc, { strict: true })).problems).toEqual([{ path: '/keyspaces/ks/vindexes/l/owner', message }]);
  });

  it('a valid VSchema has no warnings', () => {
    expect(loadVSchema(snakeDoc()).warnings).toEqual([]);
  });
});

describe('immutability', () => {
  const v = loadVSchema(snakeDoc());
  const user = v.keyspaces.get('user')!;
  const userTable = user.tables.get('user')!;

  it('freezes the VSchema, its keyspaces, tables and arrays', () => {
    for (const value of [v, v.spec, v.warnings, v.mirrorRules, v.mirrorRules[0], user, user.multiTenant, userTable, userTable.columnVindexes, userTable.columnVindexes[0], userTable.ordered, userTable.owned, userTable.columns, userTable.columns[0], userTable.autoIncrement]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => {
      (userTable.columnVindexes as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (v as { version: number }).version = 0;
    }).toThrow(TypeError);
  });

  it('its Maps refuse set, delete and clear', () => {
    const maps: ReadonlyMap<string, unknown>[] = [v.keyspaces, user.tables, user.vindexes, v.routingRules, v.keyspaceRoutingRules, v.shardRoutingRules, v.globalTables, table(v, 'main', 'my_table').referencedBy];
    for (const m of maps) {
      const map = m as Map<string, unknown>;
      const size = map.size;
      expect(() => map.set('x', 1)).toThrow(TypeError);
      expect(() => map.delete([...map.keys()][0] ?? 'x')).toThrow(TypeError);
      expect(() => map.clear()).toThrow(TypeError);
      expect(map.size).toBe(size);
    }
  });

  it('every value reachable through its Maps is frozen too', () => {
    const unfrozen: string[] = [];
    const check = (where: string, value: unknown): void => {
      if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) unfrozen.push(where);
    };
    for (const [name, kv] of user.vindexes) check(`keyspaces.user.vindexes.${name}`, kv);
    for (const [name, rule] of v.routingRules) {
      check(`routingRules.${name}`, rule);
      check(`routingRules.${name}.target`, rule.target);
    }
    for (const [name, g] of v.globalTables) check(`globalTables.${name}`, g);
    expect(unfrozen).toEqual([]);
  });

  it('does not mutate or freeze the input object', () => {
    const input = snakeDoc();
    const before = structuredClone(input);
    loadVSchema(input);
    expect(input).toEqual(before);
    const keyspaces = input['keyspaces'] as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(keyspaces['user']!['vindexes'])).toBe(false);
    const camel = camelDoc();
    const camelBefore = structuredClone(camel);
    loadVSchema(camel);
    expect(camel).toEqual(camelBefore);
  });

  it('a failed load leaves an earlier VSchema and the registry unchanged and usable', () => {
    const registry = new VindexRegistry().define('my_hash', { unique: true, cost: 1, kind: 'functional' });
    const good = loadVSchema(snakeDoc(), { registry });
    const version = good.version;
    const summaryBefore = summary(good);
    const types = [...registry.types()];

    const broken = snakeDoc();
    (broken['keyspaces'] as Record<string, unknown>)['bad'] = { sharded: true, vindexes: { v: { type: 'nope' } }, tables: { x: {} } };
    loadError(() => loadVSchema(broken, { registry }));
    loadError(() => loadVSchema({ keyspaces: 5 }, { registry }));

    expect(good.version).toBe(version);
    expect(summary(good)).toEqual(summaryBefore);
    expect([...registry.types()]).toEqual(types);
    const r = resolveTable(good, { name: 'user', keyspace: 'user' });
    expect([r.table.keyspace, r.table.name, r.table.columnVindexes[0]!.name]).toEqual(['user', 'user', 'hash']);
    expect(resolveTable(good, { name: 'old_user' }).routingRule).toBe('old_user');
  });

  it('every successful load gets a larger version; failed loads do not', () => {
    const a = loadVSchema(snakeDoc());
    loadError(() => loadVSchema({ keyspaces: { ks: { sharded: true, tables: { t: {} } } } }));
    const b = loadVSchema(camelDoc());
    const c = loadVSchema(write(tempDir(), 'srv.json', snakeDoc()));
    expect(Number.isInteger(a.version)).toBe(true);
    expect(b.version).toBeGreaterThan(a.version);
    expect(c.version).toBeGreaterThan(b.version);
  });
});

describe('never a TypeError', () => {
  const sharded = (tables: unknown, vindexes: unknown = { h: { type: 'hash' } }) => ({ keyspaces: { a: { sharded: true, vindexes, tables } } });
  const unsharded = (tables: unknown) => ({ keyspaces: { a: { tables } } });

  /** [description, input, a pointer some problem must be at or under] */
  const garbage: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a number', 5, ''],
    ['null', null, ''],
    ['true', true, ''],
    ['undefined', undefined, ''],
    ['an array', [], ''],
    ['an array of SrvVSchemas', [{ keyspaces: {} }], ''],
    ['a string that is no path', 'no such file \u0000 here', ''],
    ['keyspaces is a number', { keyspaces: 5 }, '/keyspaces'],
    ['keyspaces is an array', { keyspaces: [] }, '/keyspaces'],
    ['keyspaces is a string', { keyspaces: 'ks' }, '/keyspaces'],
    ['a keyspace is an array', { keyspaces: { a: [] } }, '/keyspaces/a'],
    ['a keyspace is a number', { keyspaces: { a: 1 } }, '/keyspaces/a'],
    ['an empty keyspace name', { keyspaces: { '': {} } }, '/keyspaces/'],
    ['sharded is a string', { keyspaces: { a: { sharded: 'true' } } }, '/keyspaces/a/sharded'],
    ['tables is an array', unsharded([]), '/keyspaces/a/tables'],
    ['a table is a number', unsharded({ t: 1 }), '/keyspaces/a/tables/t'],
    ['a table is an array', unsharded({ t: [{}] }), '/keyspaces/a/tables/t'],
    ['column_vindexes holds null', unsharded({ t: { column_vindexes: [null] } }), '/keyspaces/a/tables/t/column_vindexes/0'],
    ['column_vindexes holds null (sharded)', sharded({ t: { column_vindexes: [{ column: 'id', name: 'h' }, null] } }), '/keyspaces/a/tables/t/column_vindexes/1'],
    ['column_vindexes holds a string', sharded({ t: { column_vindexes: ['h'] } }), '/keyspaces/a/tables/t/column_vindexes/0'],
    ['column_vindexes is an object', sharded({ t: { column_vindexes: { 0: { column: 'id', name: 'h' } } } }), '/keyspaces/a/tables/t/column_vindexes'],
    ['a column vindex columns list holds null', sharded({ t: { column_vindexes: [{ columns: ['id', null], name: 'h' }] } }), '/keyspaces/a/tables/t/column_vindexes/0/columns/1'],
    ['a column vindex without name', sharded({ t: { column_vindexes: [{ column: 'id' }] } }), '/keyspaces/a/tables/t/column_vindexes/0'],
    ['a column vindex without columns', sharded({ t: { column_vindexes: [{ name: 'h' }] } }), '/keyspaces/a/tables/t/column_vindexes/0'],
    ['a column vindex column is a number', sharded({ t: { column_vindexes: [{ column: 5, name: 'h' }] } }), '/keyspaces/a/tables/t/column_vindexes/0/column'],
    ['columns holds null', unsharded({ t: { columns: [null] } }), '/keyspaces/a/tables/t/columns/0'],
    ['columns holds nested arrays', unsharded({ t: { columns: [[[]]] } }), '/keyspaces/a/tables/t/columns/0'],
    ['a column without name', unsharded({ t: { columns: [{ type: 'INT64' }] } }), '/keyspaces/a/tables/t/columns/0/name'],
    ['column values hold null', unsharded({ t: { columns: [{ name: 'e', type: 'ENUM', values: ['a', null] }] } }), '/keyspaces/a/tables/t/columns/0/values/1'],
    ['a column size of Infinity', unsharded({ t: { columns: [{ name: 'c', size: Infinity }] } }), '/keyspaces/a/tables/t/columns/0/size'],
    ['a column size that is a bigint', unsharded({ t: { columns: [{ name: 'c', size: 10n }] } }), '/keyspaces/a/tables/t/columns/0/size'],
    ['auto_increment is a string', unsharded({ t: { auto_increment: 'id' } }), '/keyspaces/a/tables/t/auto_increment'],
    ['auto_increment without a sequence', unsharded({ t: { auto_increment: { column: 'id' } } }), '/keyspaces/a/tables/t/auto_increment/sequence'],
    ['pinned is a number', sharded({ t: { pinned: 80 } }), '/keyspaces/a/tables/t/pinned'],
    ['a vindex is a string', sharded({}, { h: 'hash' }), '/keyspaces/a/vindexes/h'],
    ['a vindex with no type', sharded({ t: { column_vindexes: [{ column: 'id', name: 'h' }] } }, { h: {} }), '/keyspaces/a/vindexes/h/type'],
    ['a vindex type is a number', sharded({}, { h: { type: 5 } }), '/keyspaces/a/vindexes/h/type'],
    ['a vindex type that is empty', sharded({}, { h: { type: '' } }), '/keyspaces/a/vindexes/h/type'],
    ['params is a string', sharded({}, { h: { type: 'hash', params: 'x' } }), '/keyspaces/a/vindexes/h/params'],
    ['params is an array', sharded({}, { h: { type: 'hash', params: ['a'] } }), '/keyspaces/a/vindexes/h/params'],
    ['a param value is an object', sharded({}, { h: { type: 'hash', params: { a: {} } } }), '/keyspaces/a/vindexes/h/params/a'],
    ['a param value is a number', sharded({}, { h: { type: 'lookup', params: { table: 'a.l', from: 'c', to: 'k', batch_lookup: 1 } } }), '/keyspaces/a/vindexes/h/params/batch_lookup'],
    ['a bad lookup param', sharded({}, { h: { type: 'lookup', params: { table: 'a.l', from: 'c', to: 'k', write_only: 'yes' } } }), '/keyspaces/a/vindexes/h/params/write_only'],
    ['owner is an object', sharded({}, { h: { type: 'hash', owner: {} } }), '/keyspaces/a/vindexes/h/owner'],
    ['foreign_key_mode is unknown', { keyspaces: { a: { foreign_key_mode: 'sometimes' } } }, '/keyspaces/a/foreign_key_mode'],
    ['multi_tenant_spec without a column', { keyspaces: { a: { multi_tenant_spec: {} } } }, '/keyspaces/a/multi_tenant_spec/tenant_id_column_name'],
    ['an unknown top-level field', { keySpaces: {} }, '/keySpaces'],
    ['routing_rules is an array', { routing_rules: [] }, '/routing_rules'],
    ['routing rules is an object', { routing_rules: { rules: { 0: {} } } }, '/routing_rules/rules'],
    ['routing rules hold null', { routing_rules: { rules: [null] } }, '/routing_rules/rules/0'],
    ['to_tables holds null', { keyspaces: { a: {} }, routing_rules: { rules: [{ from_table: 't', to_tables: [null] }] } }, '/routing_rules/rules/0/to_tables/0'],
    ['to_tables is a string', { routing_rules: { rules: [{ from_table: 't', to_tables: 'a.t' }] } }, '/routing_rules/rules/0/to_tables'],
    ['a routing rule without from_table', { routing_rules: { rules: [{ to_tables: ['a.t'] }] } }, '/routing_rules/rules/0/from_table'],
    ['keyspace routing rules hold null', { keyspace_routing_rules: { rules: [null] } }, '/keyspace_routing_rules/rules/0'],
    ['shard routing rules hold null', { shard_routing_rules: { rules: [null] } }, '/shard_routing_rules/rules/0'],
    ['a shard that is a number', { keyspaces: { a: {} }, shard_routing_rules: { rules: [{ from_keyspace: 'b', to_keyspace: 'a', shard: 80 }] } }, '/shard_routing_rules/rules/0/shard'],
    ['a shard that is no shard', { keyspaces: { a: {} }, shard_routing_rules: { rules: [{ from_keyspace: 'b', to_keyspace: 'a', shard: 'zz-' }] } }, '/shard_routing_rules/rules/0/shard'],
    ['mirror rules hold null', { mirror_rules: { rules: [null] } }, '/mirror_rules/rules/0'],
    ['a mirror rule without to_table', { keyspaces: { a: { tables: { t: {} } } }, mirror_rules: { rules: [{ from_table: 'a.t', percent: 1 }] } }, '/mirror_rules/rules/0/to_table'],
    ['a sequence name that is not a table name', unsharded({ t: { auto_increment: { column: 'id', sequence: 'a.b.c' } } }), '/keyspaces/a/tables/t/auto_increment/sequence'],
  ];

  it.each(garbage)('%s: a VSchemaError with JSON pointers', (_, input, at) => {
    const err = loadError(() => loadVSchema(input as object));
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) expect(p.path).toMatch(/^(\/.*)?$/);
    expect(err.problems.some((p) => p.path === at || p.path.startsWith(at + '/')), lines(err.problems).join('\n')).toBe(true);
  });

  it.each(garbage.filter(([, input]) => asJson(input) !== null))(
    '%s, written to a file: a VSchemaError naming the file',
    (_, input) => {
      const file = write(tempDir(), 'garbage.json', asJson(input));
      const err = loadError(() => loadVSchema(file));
      expect(err.problems.length).toBeGreaterThan(0);
      for (const p of err.problems) expect(p.file).toBe(file);
    },
  );

  it('loads inputs that are odd but valid', () => {
    expect(loadVSchema({}).keyspaces.size).toBe(0);
    expect(loadVSchema({ keyspaces: {} }).keyspaces.size).toBe(0);
    expect(loadVSchema({ keyspaces: { a: {} } }).keyspaces.get('a')!.sharded).toBe(false);
    expect(loadVSchema({ keyspaces: { a: { tables: {}, vindexes: {} } }, routing_rules: { rules: [] } }).keyspaces.size).toBe(1);
    // A param whose value is null is absent (proto JSON); the vindex loads without it.
    const v = loadVSchema(oneVindex('hash', { bogus: null }));
    expect(v.keyspaces.get('ks')!.vindexes.get('h')!.vindex.params).toEqual({});
  });
});

describe('names that are Object.prototype members', () => {
  it('__proto__, constructor and toString are ordinary table names', () => {
    const v = loadVSchema(JSON.parse('{"keyspaces":{"ks":{"tables":{"__proto__":{},"constructor":{},"toString":{"column_list_authoritative":true}}}}}') as object);
    const ks = v.keyspaces.get('ks')!;
    expect([...ks.tables.keys()].sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(ks.tables.get('toString')!.columnListAuthoritative).toBe(true);
    expect(resolveTable(v, { name: '__proto__' }).table.declared).toBe(true);
  });

  it('__proto__ and constructor are ordinary vindex names', () => {
    const v = loadVSchema(
      JSON.parse(
        '{"keyspaces":{"ks":{"sharded":true,' +
          '"vindexes":{"__proto__":{"type":"hash"},"constructor":{"type":"xxhash"}},' +
          '"tables":{"t":{"column_vindexes":[{"column":"id","name":"__proto__"}]},"u":{"column_vindexes":[{"column":"id","name":"constructor"}]}}}}}',
      ) as object,
    );
    const ks = v.keyspaces.get('ks')!;
    expect([...ks.vindexes.keys()].sort()).toEqual(['__proto__', 'constructor']);
    expect(ks.tables.get('t')!.columnVindexes.map((cv) => [cv.name, cv.type])).toEqual([['__proto__', 'hash']]);
    expect(ks.tables.get('u')!.columnVindexes.map((cv) => [cv.name, cv.type])).toEqual([['constructor', 'xxhash']]);
  });

  it('a column vindex naming an undefined constructor or toString vindex is not found', () => {
    const err = loadError(() =>
      loadVSchema(
        sharded3({
          t: { column_vindexes: [{ column: 'id', name: 'constructor' }] },
          u: { column_vindexes: [{ column: 'id', name: 'h' }, { column: 'x', name: 'toString' }] },
        }),
      ),
    );
    expect(lines(err.problems)).toEqual([
      '/keyspaces/ks/tables/t/column_vindexes/0/name: vindex constructor not found for table t',
      '/keyspaces/ks/tables/u/column_vindexes/1/name: vindex toString not found for table u',
    ]);
  });

  it('an owner named like an Object.prototype member is still not found', () => {
    const v = loadVSchema({
      keyspaces: {
        ks: {
          sharded: true,
          vindexes: { h: { type: 'hash' }, l: { type: 'lookup_unique', params: { table: 'ks.l', from: 'c', to: 'keyspace_id' }, owner: 'toString' } },
          tables: { t: { column_vindexes: [{ column: 'id', name: 'h' }] } },
        },
      },
    });
    expect(v.warnings.map((w) => w.path)).toEqual(['/keyspaces/ks/vindexes/l/owner']);
  });

  it('__proto__ is an ordinary keyspace name and param name', () => {
    const v = loadVSchema(
      JSON.parse('{"keyspaces":{"__proto__":{"tables":{"t":{}}},"ks":{"sharded":true,"vindexes":{"h":{"type":"hash","params":{"__proto__":"x"}}},"tables":{"t":{"column_vindexes":[{"column":"id","name":"h"}]}}}}}') as object,
    );
    expect([...v.keyspaces.keys()].sort()).toEqual(['__proto__', 'ks']);
    expect(v.warnings).toEqual([{ path: '/keyspaces/ks/vindexes', message: 'unknown vindex params: h (__proto__)' }]);
  });

  /** A sharded keyspace `ks` with a hash vindex `h` and the given tables. */
  function sharded3(tables: Record<string, unknown>): object {
    return { keyspaces: { ks: { sharded: true, vindexes: { h: { type: 'hash' } }, tables } } };
  }
});

describe('custom vindex types', () => {
  const doc = oneVindex('my_hash');

  it('a registry with the type lets a VSchema use it', () => {
    const registry = new VindexRegistry().define('my_hash', { unique: true, cost: 1, kind: 'functional' });
    const v = loadVSchema(doc, { registry });
    const cv = table(v, 'ks', 't').columnVindexes[0]!;
    expect([cv.name, cv.type, cv.primary, cv.cost, cv.vindex.unique, cv.vindex.kind]).toEqual(['h', 'my_hash', true, 1, true, 'functional']);
  });

  it('without it, the load fails naming the type and listing the known types', () => {
    const registry = new VindexRegistry();
    const err = loadError(() => loadVSchema(doc, { registry }));
    expect(err.problems).toEqual([{ path: '/keyspaces/ks/vindexes/h/type', message: `vindexType "my_hash" not found; known types: ${registry.types().join(', ')}` }]);
    expect(err.problems[0]!.message).toContain('hash, ');
    // The default registry is a fresh one each time: another registry's types never leak into it.
    new VindexRegistry().define('my_hash', { unique: true, cost: 1, kind: 'functional' });
    loadError(() => loadVSchema(doc));
  });

  it('an empty registry says none are registered', () => {
    const err = loadError(() => loadVSchema(oneVindex('hash'), { registry: new VindexRegistry({ builtins: false }) }));
    expect(lines(err.problems)).toEqual(['/keyspaces/ks/vindexes/h/type: vindexType "hash" not found; none are registered']);
  });

  it('a custom type checks its params; a rejected param is a problem at that param', () => {
    const registry = new VindexRegistry().define('ranged', {
      unique: true,
      cost: 1,
      kind: 'functional',
      knownParams: ['max'],
      validate: (ctx) => {
        if (!/^\d+$/.test(ctx.params['max'] ?? '')) ctx.fail('max', `max must be a number: '${ctx.params['max'] ?? ''}'`);
      },
    });
    expect(table(loadVSchema(oneVindex('ranged', { max: '10' }), { registry }), 'ks', 't').columnVindexes[0]!.vindex.params).toEqual({ max: '10' });
    expect(lines(loadError(() => loadVSchema(oneVindex('ranged', { max: 'ten' }), { registry })).problems)).toEqual([
      "/keyspaces/ks/vindexes/h/params/max: max must be a number: 'ten'",
    ]);
    expect(loadVSchema(oneVindex('ranged', { max: '1', min: '0' }), { registry }).warnings).toEqual([
      { path: '/keyspaces/ks/vindexes', message: 'unknown vindex params: h (min)' },
    ]);
  });

  it('a custom non-unique type cannot be a primary vindex', () => {
    const registry = new VindexRegistry().define('loose', { unique: false, cost: 1, kind: 'functional' });
    expect(lines(loadError(() => loadVSchema(oneVindex('loose'), { registry })).problems)).toEqual([
      '/keyspaces/ks/tables/t/column_vindexes/0/name: primary vindex h is not Unique for table t',
    ]);
  });
});
