/**
 * DML in foreign_key_mode `managed` keyspaces: planned when MySQL can do the foreign key work
 * (or there is none), rejected — never planned without Vitess's cascades — otherwise.
 */
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../src/planner/errors.js';
import { Planner } from '../../src/planner/planner.js';
import type { ForeignKey } from '../../src/planner/context.js';
import { loadVSchema } from '../../src/vschema/load.js';

const vschema = loadVSchema({
  keyspaces: {
    shop: {
      sharded: true,
      foreign_key_mode: 'managed',
      vindexes: { hash: { type: 'hash' } },
      tables: {
        customer: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        orders: { column_vindexes: [{ column: 'customer_id', name: 'hash' }] },
        note: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        audit: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      },
    },
  },
});

const fk = (table: string, columns: string[], references: string, referencedColumns: string[], onDelete: ForeignKey['onDelete'] = null): ForeignKey => ({
  table: { keyspace: 'shop', table },
  columns,
  references: { keyspace: 'shop', table: references },
  referencedColumns,
  onUpdate: null,
  onDelete,
});

// orders.customer_id → customer.id is shard-scoped (both rows on hash(customer id));
// note.order_id → orders.id is not (note is sharded by its own id); audit is in no key.
const KEYS = [fk('orders', ['customer_id'], 'customer', ['id']), fk('note', ['order_id'], 'orders', ['id'], 'CASCADE')];

function outcome(sql: string, settings: ConstructorParameters<typeof Planner>[1] = { foreignKeys: KEYS }): string {
  try {
    return new Planner(vschema, settings).plan(sql, { target: 'shop' }).instructions?.kind ?? 'no instructions';
  } catch (err) {
    if (err instanceof PlannerError) return err.message;
    throw err;
  }
}

describe('foreign_key_mode managed', () => {
  it('rejects DML when the foreign keys are not known', () => {
    expect(outcome('delete from audit where id = 1', {})).toMatch(/^VT12001: unsupported: DML in keyspace shop with foreign_key_mode 'managed' needs the schema's foreign keys/);
  });

  it('plans DML on tables in no foreign key', () => {
    expect(outcome('delete from audit where id = 1')).toBe('Delete');
    expect(outcome('update audit set x = 1 where id = 1')).toBe('Update');
  });

  it('leaves shard-scoped checks to MySQL, rejects cross-shard ones with VT12002', () => {
    expect(outcome('insert into orders(id, customer_id) values (1, 2)')).toBe('Insert');
    expect(outcome('insert into note(id, order_id) values (1, 2)')).toBe('VT12002: unsupported: cross-shard foreign keys');
  });

  it('plans an update that changes no foreign key column, cascades at the router, rejects cross-shard restrictions', () => {
    expect(outcome('update orders set total = 5 where customer_id = 1')).toBe('Update');
    expect(outcome('delete from customer where id = 1')).toBe('Delete'); // RESTRICT, shard-scoped: MySQL enforces it
    expect(outcome('delete from orders where customer_id = 1')).toBe('FkCascade'); // note.order_id ON DELETE CASCADE
    // note.order_id has no ON UPDATE clause (RESTRICT) and crosses shards.
    expect(outcome('update orders set id = 9 where customer_id = 1')).toBe('VT12002: unsupported: cross-shard foreign keys');
  });

  it('does no foreign key work with foreign_key_checks off (session or SET_VAR hint)', () => {
    expect(outcome('delete from orders where customer_id = 1', { foreignKeys: KEYS, foreignKeyChecks: false })).toBe('Delete');
    expect(outcome('delete /*+ SET_VAR(foreign_key_checks=off) */ from orders where customer_id = 1')).toBe('Delete');
  });
});
