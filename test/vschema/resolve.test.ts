import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TableResolutionError } from '../../src/errors.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { resolveTable } from '../../src/vschema/resolve.js';
import { plannerTestRegistry } from '../support/planner-vindex-types.js';
import { PLANNER_VSCHEMAS } from '../support/shared.js';

const schema = loadVSchema(join(PLANNER_VSCHEMAS, 'schema.json'), { registry: plannerTestRegistry() });
const seed = loadVSchema('fixtures/vschemas/seed-guide');
const routing = loadVSchema('fixtures/vschemas/seed-routing-rules.json');

/** keyspace.table the reference resolves to, or the error code and message. */
function where(v: typeof schema, table: string, target = '', keyspace?: string): string {
  try {
    const r = resolveTable(v, { name: table, keyspace: keyspace ?? null }, target);
    return `${r.table.keyspace}.${r.table.name}`;
  } catch (err) {
    if (err instanceof TableResolutionError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

describe('table resolution (Vitess Database Access Model)', () => {
  it('finds qualified tables in their keyspace', () => {
    expect(where(schema, 'user', '', 'user')).toBe('user.user');
    expect(where(schema, 'unsharded', '', 'main')).toBe('main.unsharded');
    expect(where(seed, 'user', 'lookup', 'user')).toBe('user.user');
  });

  it('finds unqualified tables in the session keyspace only', () => {
    expect(where(schema, 'music', 'user')).toBe('user.music');
    expect(where(schema, 'unsharded', 'user')).toBe('TABLE_NOT_FOUND: table unsharded not found');
    expect(where(seed, 'user_seq', 'lookup')).toBe('lookup.user_seq');
  });

  it('accepts any table in an unsharded keyspace, declared or not', () => {
    const r = resolveTable(schema, { name: 'anything', keyspace: 'main' });
    expect([r.table.keyspace, r.table.name, r.table.declared, r.keyspace.sharded]).toEqual(['main', 'anything', false, false]);
    expect(where(schema, 'nothing_here', 'main')).toBe('main.nothing_here');
    expect(where(schema, 'nothing_here', 'user')).toBe('TABLE_NOT_FOUND: table nothing_here not found');
  });

  it('in unspecified mode, needs a name unique across keyspaces', () => {
    expect(where(schema, 'music')).toBe('user.music');
    expect(where(schema, 'unsharded_tab')).toBe('main_2.unsharded_tab');
    expect(where(schema, 'nouser')).toBe('TABLE_NOT_FOUND: table nouser not found');
    expect(where(schema, 'nouser', '@replica')).toBe('TABLE_NOT_FOUND: table nouser not found');
  });

  it('names the keyspaces of an ambiguous table', () => {
    const v = loadVSchema({ keyspaces: { a: { tables: { t: {} } }, b: { tables: { t: {} } } } });
    let err: unknown;
    try {
      resolveTable(v, { name: 't' }, '@replica');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TableResolutionError);
    expect((err as TableResolutionError).code).toBe('AMBIGUOUS_TABLE');
    expect((err as TableResolutionError).message).toMatch(/^ambiguous table reference: t \(it exists in keyspaces a, b;/);
    expect((err as TableResolutionError).details).toEqual({ table: 't', keyspaces: ['a', 'b'] });
    expect(where(v, 't', 'b')).toBe('b.t');
  });

  it('prefers a reference source over its copies for an unqualified name', () => {
    expect(where(schema, 'ambiguous_ref_with_source')).toBe('main.ambiguous_ref_with_source');
    expect(where(schema, 'ambiguous_ref_with_source', 'user')).toBe('user.ambiguous_ref_with_source');
    expect(where(schema, 'ref')).toBe('user.ref');
  });

  it('skips keyspaces that require explicit routing in unspecified mode', () => {
    const v = loadVSchema({ keyspaces: { a: { tables: { t: {} } }, hidden: { require_explicit_routing: true, tables: { t: {}, u: {} } } } });
    expect(where(v, 't')).toBe('a.t');
    expect(where(v, 'u')).toBe('TABLE_NOT_FOUND: table u not found');
    expect(where(v, 'u', 'hidden')).toBe('hidden.u');
  });

  it('routes any name to a lone unsharded keyspace', () => {
    const v = loadVSchema({ keyspaces: { main: {} } });
    expect(where(v, 'whatever')).toBe('main.whatever');
    const sharded = loadVSchema({ keyspaces: { s: { sharded: true } } });
    expect(where(sharded, 'whatever')).toBe('TABLE_NOT_FOUND: table whatever not found');
  });

  it('resolves dual in the session keyspace, else in the alphabetically first keyspace', () => {
    expect(where(schema, 'dual')).toBe('main.dual');
    expect(where(schema, 'dual', 'user')).toBe('user.dual');
    expect(where(schema, 'dual', '', 'second_user')).toBe('second_user.dual');
    expect(resolveTable(schema, { name: 'dual' }).table.kind).toBe('reference');
    expect(where(schema, 'dual', 'nope')).toBe("VT05003: VT05003: unknown database 'nope' in vschema");
  });

  it('reports an unknown keyspace with VT05003', () => {
    expect(where(schema, 't', '', 'nope')).toBe("VT05003: VT05003: unknown database 'nope' in vschema");
    expect(where(schema, 't', 'nope')).toBe("VT05003: VT05003: unknown database 'nope' in vschema");
  });

  it('applies routing rules first, the most specific winning', () => {
    // seed guide: customer → commerce.customer for unqualified, qualified and @replica references
    expect(where(routing, 'customer')).toBe('commerce.customer');
    expect(where(routing, 'customer', 'customer')).toBe('commerce.customer');
    expect(where(routing, 'customer', 'customer@replica')).toBe('commerce.customer');
    expect(where(routing, 'customer', '', 'customer')).toBe('commerce.customer');
    const rule = resolveTable(routing, { name: 'customer' }, 'customer@replica').routingRule;
    expect(rule).toBe('customer.customer@replica');
    // planner schema: route1 → user.user; second_user.user → user.user; @primary-only rule
    expect(where(schema, 'route1')).toBe('user.user');
    expect(where(schema, 'user', '', 'second_user')).toBe('user.user');
    expect(where(schema, 'primary_redirect')).toBe('user.user');
    expect(where(schema, 'primary_redirect', '@replica')).toBe('TABLE_NOT_FOUND: table primary_redirect not found');
    expect(where(schema, 'rerouted_ref', '', 'user')).toBe('user.ref');
  });

  it('a tablet-type rule wins over the general one', () => {
    const v = loadVSchema({
      keyspaces: { a: { tables: { t: {} } }, b: { tables: { t: {} } }, c: { tables: { t: {} } } },
      routing_rules: { rules: [{ from_table: 'a.t', to_tables: ['b.t'] }, { from_table: 'a.t@replica', to_tables: ['c.t'] }] },
    });
    expect(where(v, 't', 'a')).toBe('b.t');
    expect(where(v, 't', 'a@replica')).toBe('c.t');
    expect(where(v, 't', 'a@rdonly')).toBe('b.t');
    expect(where(v, 't', '@replica', 'a')).toBe('c.t');
    expect(where(v, 't', '', 'a@replica')).toBe('c.t');
  });

  it('fails disabled tables and rules whose target is missing, as Vitess does', () => {
    expect(where(schema, 'disabled')).toBe('TABLE_DISABLED: table disabled has been disabled');
    expect(where(schema, 'bad_table')).toBe("VT05003: VT05003: unknown database 'noks' in vschema");
  });

  it('applies keyspace routing rules', () => {
    const v = loadVSchema({
      keyspaces: { old: { tables: { t: {} } }, new: { tables: { t: {} } }, ro: { tables: { t: {} } } },
      keyspace_routing_rules: { rules: [{ from_keyspace: 'old', to_keyspace: 'new' }, { from_keyspace: 'old@replica', to_keyspace: 'ro' }] },
    });
    expect(where(v, 't', 'old')).toBe('new.t');
    expect(where(v, 't', '', 'old')).toBe('new.t');
    expect(where(v, 't', 'old@replica')).toBe('ro.t');
    expect(v.keyspaceRoutingRules.get('old')).toBe('new');
  });

  it('records shard routing rules', () => {
    const v = loadVSchema({
      keyspaces: { src: { sharded: true }, dst: { sharded: true } },
      shard_routing_rules: { rules: [{ from_keyspace: 'src', to_keyspace: 'dst', shard: '-80' }] },
    });
    expect([...v.shardRoutingRules]).toEqual([['src.-80', 'dst']]);
  });

  it('carries the tablet type and shard destination of the target or qualifier', () => {
    const r = resolveTable(schema, { name: 'user', keyspace: 'user:-80@replica' });
    expect([r.tabletType, r.destination]).toEqual(['replica', { kind: 'shard', shard: '-80' }]);
    const s = resolveTable(schema, { name: 'music' }, 'user@rdonly');
    expect([s.tabletType, s.destination, s.keyspace.name]).toEqual(['rdonly', null, 'user']);
  });
});
