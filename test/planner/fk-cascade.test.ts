/**
 * Managed foreign keys planned as Vitess plans them: FkCascade (selection, one child statement
 * per key with its bind variable and column offsets, then the statement), FkVerify, and
 * DMLWithInput when the rows must be selected first.
 */
import { describe, expect, it } from 'vitest';
import type { ForeignKey, PlannerSettings } from '../../src/planner/context.js';
import { PlannerError } from '../../src/planner/errors.js';
import type { DmlWithInput, FkCascade, FkVerify, Operator } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { loadVSchema } from '../../src/vschema/load.js';

const vschema = loadVSchema({
  keyspaces: {
    u: {
      foreign_key_mode: 'managed',
      tables: {
        parent: { columns: [{ name: 'pcol', type: 'VARCHAR' }] },
        child: { columns: [{ name: 'ccol', type: 'VARCHAR' }] },
        grandchild: {},
        nullable: {},
        keep: {},
      },
    },
    s: {
      sharded: true,
      foreign_key_mode: 'managed',
      vindexes: { hash: { type: 'hash' } },
      tables: {
        a: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        b: { column_vindexes: [{ column: 'id', name: 'hash' }] },
        c: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      },
    },
  },
});

const fk = (ks: string, table: string, columns: string[], references: string, referencedColumns: string[], onUpdate: ForeignKey['onUpdate'], onDelete: ForeignKey['onDelete']): ForeignKey => ({
  table: { keyspace: ks, table },
  columns,
  references: { keyspace: ks, table: references },
  referencedColumns,
  onUpdate,
  onDelete,
});

const KEYS: ForeignKey[] = [
  fk('u', 'child', ['ccol'], 'parent', ['pcol'], 'CASCADE', 'CASCADE'),
  fk('u', 'grandchild', ['g'], 'child', ['ccol'], 'SET NULL', 'SET NULL'),
  fk('u', 'nullable', ['n'], 'parent', ['pcol'], 'SET NULL', 'SET NULL'),
  fk('u', 'keep', ['k'], 'grandchild', ['gk'], 'SET DEFAULT', 'SET DEFAULT'),
  // b.a_col → a.x crosses shards (b is sharded by its own id).
  fk('s', 'b', ['a_col'], 'a', ['x'], 'RESTRICT', 'RESTRICT'),
];

const SETTINGS: Partial<PlannerSettings> = {
  foreignKeys: KEYS,
  primaryKeys: [
    { table: { keyspace: 'u', table: 'parent' }, columns: ['id'] },
    { table: { keyspace: 's', table: 'a' }, columns: ['id'] },
    { table: { keyspace: 's', table: 'b' }, columns: ['id'] },
    { table: { keyspace: 's', table: 'c' }, columns: ['id'] },
  ],
  uniqueKeys: [{ table: { keyspace: 'u', table: 'nullable' }, columns: ['n'] }],
};

const planner = new Planner(vschema, SETTINGS);
const plan = (sql: string) => planner.plan(sql);
const query = (op: Operator): string => (op.kind === 'Route' || op.kind === 'Update' || op.kind === 'Delete' ? op.query : `<${op.kind}>`);

function error(sql: string): string {
  try {
    planner.plan(sql);
    return 'planned';
  } catch (err) {
    if (err instanceof PlannerError) return err.message;
    throw err;
  }
}

describe('FkCascade for DELETE', () => {
  it('selects the referenced columns, then runs each child statement, then the delete', () => {
    const p = plan('delete from parent where id = 1');
    expect(p.type).toBe('ForeignKey');
    const c = p.instructions as FkCascade;
    expect(c.kind).toBe('FkCascade');
    expect(query(c.selection)).toBe('select parent.pcol from parent where id = 1 for update');
    expect(c.children.map((x) => [x.bvName, x.cols])).toEqual([
      ['fkc_vals', [0]],
      ['fkc_vals2', [0]],
    ]);
    // The cascaded delete of child has its own cascade (grandchild SET NULL), named after it.
    const nested = c.children[0]!.exec as FkCascade;
    expect(nested.kind).toBe('FkCascade');
    expect(query(nested.children[0]!.exec)).toBe('update grandchild set g = null where (g) in ::fkc_vals1');
    expect(query(nested.parent)).toBe('delete from child where (ccol) in ::fkc_vals');
    expect(query(c.children[1]!.exec)).toBe('update nullable set n = null where (n) in ::fkc_vals2');
    expect(query(c.parent)).toBe('delete from parent where id = 1');
    expect(p.tablesUsed).toEqual(['u.child', 'u.grandchild', 'u.nullable', 'u.parent']);
  });

  it('rejects SET DEFAULT (VT09016) and cross-shard restrictions (VT12002)', () => {
    expect(error('delete from grandchild where id = 1')).toBe('VT09016: Cannot delete or update a parent row: a foreign key constraint fails');
    expect(error('delete from a where id = 1')).toBe('VT12002: unsupported: cross-shard foreign keys');
  });

  it('does nothing at the router with foreign_key_checks off', () => {
    expect(plan('delete /*+ SET_VAR(foreign_key_checks=0) */ from parent where id = 1').instructions?.kind).toBe('Delete');
  });
});

describe('FkCascade and FkVerify for UPDATE', () => {
  it('cascades new literal values with checks off in the child, and sets null only where the key changes', () => {
    const c = plan("update parent set pcol = 'x' where id = 1").instructions as FkCascade;
    expect(query(c.selection)).toBe('select parent.pcol from parent where id = 1 for update');
    const cascaded = c.children[0]!.exec as FkCascade;
    expect(query(cascaded.parent)).toBe("update /*+ SET_VAR(foreign_key_checks=OFF) */ child set ccol = 'x' where (ccol) in ::fkc_vals");
    expect(query(c.children[1]!.exec)).toBe("update nullable set n = null where (n) in ::fkc_vals2 and (n) not in ((cast('x' as CHAR)))");
    expect(query(c.parent)).toBe("update parent set pcol = 'x' where id = 1");
  });

  it('computes a non-literal new value in the selection and passes it as :fkc_upd', () => {
    const c = plan('update parent set pcol = concat(pcol, 1) where id = 1').instructions as FkCascade;
    expect(query(c.selection)).toBe('select parent.pcol, pcol <=> cast(concat(pcol, 1) as CHAR), cast(concat(pcol, 1) as CHAR) from parent where id = 1 for update');
    expect(c.children[0]!.nonLiteral).toEqual([{ compExprCol: 1, updateExprCol: 2, updateExprBvName: 'fkc_upd' }]);
    expect(query((c.children[0]!.exec as FkCascade).parent)).toContain('set ccol = :fkc_upd where');
    // The statement itself runs with checks off: the router verifies every key.
    expect(query(c.parent)).toBe('update /*+ SET_VAR(foreign_key_checks=OFF) */ parent set pcol = concat(pcol, 1) where id = 1');
  });

  it('leaves a shard-scoped parent key to MySQL for a literal value', () => {
    expect(plan("update child set ccol = 'y' where id = 3").instructions?.kind).toBe('FkCascade');
  });

  it('verifies that computed new values exist in the parent (VerifyParent), the update running with checks off', () => {
    const v = plan("update child set ccol = concat(other, 'y') where id = 3").instructions as FkVerify;
    expect(v.kind).toBe('FkVerify');
    expect(v.verify.map((x) => x.type)).toEqual(['VerifyParent']);
    expect(query(v.verify[0]!.exec)).toBe(
      "select 1 from child left join parent on parent.pcol = cast(concat(child.other, 'y') as CHAR) where parent.pcol is null and cast(concat(child.other, 'y') as CHAR) is not null and not (child.ccol) <=> (cast(concat(child.other, 'y') as CHAR)) and child.id = 3 limit 1 for share",
    );
    expect(v.exec.kind).toBe('FkCascade');
  });

  it('rejects a key column set from another updated column', () => {
    expect(error('update child set other = 1, ccol = other + 1 where id = 1')).toBe('VT12001: unsupported: other column referenced in foreign key column ccol is itself updated');
  });

  it('needs no parent row for a key set to NULL', () => {
    expect(plan('update child set ccol = null where id = 3').instructions?.kind).toBe('FkCascade');
  });
});

describe('DMLWithInput', () => {
  it('selects the primary keys first for LIMIT across shards', () => {
    const p = plan('delete from s.b where x = 1 limit 2');
    const d = p.instructions as DmlWithInput;
    expect(p.type).toBe('Complex');
    expect(d.kind).toBe('DMLWithInput');
    expect(d.offsets).toEqual([[0]]);
    expect(d.source.kind).toBe('Limit');
    expect(query(d.dml[0]!)).toBe('delete from b where b.id in ::dml_vals');
    expect((d.dml[0] as { variant: string }).variant).toBe('IN');
  });

  it('plans one statement per target of a multi-table delete', () => {
    const d = plan('delete c, b from s.c as c join s.b as b on c.x = b.a_col').instructions as DmlWithInput;
    expect(d.offsets).toEqual([[0], [1]]);
    expect(d.dml.map(query)).toEqual(['delete from c as c where c.id in ::dml_vals', 'delete from b as b where b.id in ::dml_vals']);
    expect(error('delete a, b from s.a as a join s.b as b on a.x = b.a_col')).toBe('VT12002: unsupported: cross-shard foreign keys');
  });

  it('selects the rows of a delete with cascades and LIMIT, and cascades per selected row', () => {
    const d = plan('delete from parent limit 1').instructions as DmlWithInput;
    expect(query(d.source)).toBe('select parent.id from parent limit 1 for update');
    const c = d.dml[0] as FkCascade;
    expect(query(c.selection)).toBe('select parent.pcol from parent where parent.id in ::dml_vals for update');
  });

  it('needs primary keys (VT09015 without them)', () => {
    expect(error('delete k, p from keep as k join parent as p on k.k = p.id')).toBe('VT09015: schema tracking required');
  });
});

describe('REPLACE with managed foreign keys', () => {
  it('deletes the rows with the same primary key (with their cascades), then inserts', () => {
    const p = plan('replace into parent (id, pcol) values (1, 2)');
    expect(p.type).toBe('Complex');
    const seq = p.instructions as { kind: string; inputs: Operator[] };
    expect(seq.kind).toBe('Sequential');
    expect(seq.inputs.map((i) => i.kind)).toEqual(['FkCascade', 'Insert']);
    expect(query((seq.inputs[0] as FkCascade).parent)).toBe('delete from parent where (id) in ((1))');
  });

  it('needs the primary key columns in the column list', () => {
    expect(error('replace into parent (pcol) values (2)')).toBe('VT12001: unsupported: REPLACE with foreign keys must give every primary key column');
  });
});
