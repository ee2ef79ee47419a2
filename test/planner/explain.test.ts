/** explain(): Vitess's `vexplain plan` JSON, field for field. */
import { describe, expect, it } from 'vitest';
import { explain, plan } from './helpers.js';

describe('explain', () => {
  it('prints a route as vexplain does', () => {
    expect(explain('select id from user where id = 5')).toEqual({
      Type: 'Passthrough',
      QueryType: 'SELECT',
      Original: 'select id from user where id = 5',
      Instructions: {
        OperatorType: 'Route',
        Variant: 'EqualUnique',
        Keyspace: { Name: 'user', Sharded: true },
        Query: 'select id from `user` where id = 5',
        Values: ['5'],
        Vindex: 'user_index',
      },
      TablesUsed: ['user.user'],
    });
  });

  it('nests the lookup route and the ByDestination route under a VindexLookup', () => {
    const e = explain("select id from user where name = 'aa'");
    expect(e['Instructions']).toMatchObject({
      OperatorType: 'VindexLookup',
      Variant: 'Equal',
      Vindex: 'name_user_map',
      Values: ["'aa'"],
      Inputs: [
        { OperatorType: 'Route', Variant: 'IN', Vindex: 'user_index', Values: ['::name'], Query: 'select `name`, keyspace_id from name_user_vdx where `name` in ::__vals' },
        { OperatorType: 'Route', Variant: 'ByDestination', Query: "select id from `user` where `name` = 'aa'" },
      ],
    });
  });

  it('prints an insert with its vindex values and sequence', () => {
    expect(explain('insert into user_extra(nonid) values (2)')['Instructions']).toMatchObject({
      OperatorType: 'Insert',
      Variant: 'Sharded',
      AutoIncrement: 'select next :n /* INT64 */ values from seq:Values::(null)',
      TableName: 'user_extra',
      VindexValues: { user_index: 'null' },
    });
  });

  it('returns frozen plans', () => {
    const p = plan('select id from user where id in (1, 2)');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.instructions)).toBe(true);
  });
});
