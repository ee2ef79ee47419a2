/**
 * ORDER BY over grouped rows across shards: a value the select list lacks is carried from the
 * shards as one value of the group, asked so that MariaDB's ONLY_FULL_GROUP_BY accepts it
 * (`min(col)`, `min(weight_string(...))`); an expression over aggregates is computed at vtgate
 * after the merge, then sorted on, then dropped.
 */
import { describe, expect, it } from 'vitest';
import type { Operator } from '../../src/planner/plan.js';
import { Planner } from '../../src/planner/planner.js';
import { loadVSchema } from '../../src/vschema/load.js';
import { acceptedWhenGrouped } from '../../src/planner/select/group-safe.js';
import { parseSql } from '../../src/sql/parse.js';
import type { Expr } from '../../src/sql/ast.js';

const typed = new Planner(loadVSchema({
  keyspaces: {
    ks: {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: {
        user: {
          column_vindexes: [{ column: 'id', name: 'hash' }],
          columns: [{ name: 'id', type: 'INT64' }, { name: 'col', type: 'INT64' }, { name: 'email', type: 'VARCHAR', collation_name: 'utf8mb4_general_ci' }, { name: 'created', type: 'DATE' }],
          column_list_authoritative: true,
        },
        untyped: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      },
    },
  },
}));

const plan = (sql: string): Operator => typed.plan(sql, { target: 'ks' }).instructions!;
const routeQuery = (op: Operator): string => {
  let found = '';
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object' || found) return;
    const r = o as Record<string, unknown>;
    if (r['kind'] === 'Route') found = String(r['query']);
    for (const [k, v] of Object.entries(r)) if (k !== 'keyspace') visit(v);
  };
  visit(op);
  return found;
};

describe('ORDER BY a value the grouping does not fix', () => {
  it('asks the shards for one value of the group with min()', () => {
    const op = plan('select email, max(col) from user group by email order by col');
    expect(routeQuery(op)).toBe('select email, max(col), min(col) from `user` group by email order by email asc');
    expect(op).toMatchObject({ kind: 'SimpleProjection', columns: [0, 1], input: { kind: 'Sort', keys: [{ col: 2 }], input: { kind: 'Aggregate' } } });
    expect(routeQuery(plan('select email, max(col) from user group by email order by email, abs(col)'))).toBe(
      'select email, max(col), min(abs(col)) from `user` group by email order by email asc',
    );
  });

  it('keeps helpers that read grouped columns only as they are', () => {
    expect(routeQuery(plan('select max(col) from user group by email order by email'))).toBe('select max(col), email from `user` group by email order by email asc');
    expect(routeQuery(plan('select max(id) from user group by email, col order by lower(email), col + 1'))).toBe(
      'select max(id), email, col, lower(email), col + 1 from `user` group by email, col order by email asc, col asc',
    );
  });

  it('wraps grouped expressions and their weight strings, which MariaDB does not always match with their GROUP BY twin', () => {
    expect(routeQuery(plan("select count(*) from user group by concat(email, 'x')"))).toBe(
      "select count(*), min(concat(email, 'x')), min(weight_string(concat(email, 'x'))) from `user` group by concat(email, 'x'), weight_string(concat(email, 'x')) order by concat(email, 'x') asc",
    );
    expect(routeQuery(plan('select count(*) k from untyped group by a + b order by k'))).toBe(
      'select count(*) as k, min(a + b), min(weight_string(a + b)) from untyped group by a + b, weight_string(a + b) order by a + b asc',
    );
  });

  it('sends a select-list column as written, so a statement MariaDB rejects stays rejected', () => {
    expect(routeQuery(plan('select email, col, max(col) from user group by email'))).toContain('select email, col, max(col)');
  });
});

describe('SELECT DISTINCT ... ORDER BY across shards (a grouping at vtgate)', () => {
  it('asks the shards for their distinct rows sorted, not for a GROUP BY MariaDB may reject', () => {
    const op = plan("select distinct concat(email, 'x') as e, col from untyped order by e");
    expect(op).toMatchObject({ kind: 'Aggregate', variant: 'Ordered', resultColumns: 2 });
    expect(routeQuery(op)).toBe("select distinct concat(email, 'x') as e, col, weight_string(concat(email, 'x')), weight_string(col) from untyped order by concat(email, 'x') asc, col asc");
  });
});

describe('ORDER BY a constant', () => {
  it('orders nothing: vtgate neither sorts nor asks for it (an integer is an ordinal)', () => {
    const op = plan("select email, count(*) as n from user group by email order by 'n', null");
    expect(op).toMatchObject({ kind: 'Aggregate', variant: 'Ordered' });
    expect(routeQuery(op)).toBe('select email, count(*) as n from `user` group by email order by email asc');
    expect(plan('select email, count(*) as n from user group by email order by 2')).toMatchObject({ kind: 'Sort', keys: [{ col: 1 }] });
  });
});

describe('ORDER BY an expression over aggregates', () => {
  it('computes it at vtgate after merging, sorts on it, then drops it', () => {
    const op = plan('select email, max(col) from user group by email order by max(col) + 1');
    expect(op).toMatchObject({
      kind: 'SimpleProjection',
      columns: [0, 1],
      input: { kind: 'Sort', keys: [{ col: 2, weightStringCol: -1 }], input: { kind: 'Projection', input: { kind: 'Aggregate', variant: 'Ordered' } } },
    });
    const projection = (op as unknown as { input: { input: { expressions: string[] } } }).input.input;
    expect(projection.expressions[2]).toBe(':__col2 + 1 as max(col) + 1');
  });

  it('reads grouped columns and aggregates of the select list in it', () => {
    const op = plan('select email, max(col) as m from user group by email order by email + max(col) desc');
    expect(routeQuery(op)).toBe('select email, max(col) as m, email from `user` group by email order by email asc');
    expect((op as unknown as { input: { keys: { desc: boolean }[] } }).input.keys).toEqual([expect.objectContaining({ col: 2, desc: true })]);
  });
});

describe('HAVING over a computed column', () => {
  it('reads the alias of avg() as the merged sum divided by the merged count', () => {
    const op = plan('select email, avg(col) as a from user group by email having a > 2');
    const filter = (op as unknown as { input: { input: { kind: string; expr: unknown } } }).input.input;
    expect(filter.kind).toBe('Filter');
    expect(filter.expr).toMatchObject({ kind: 'binary', op: '>', left: { kind: 'binary', op: '/', left: { kind: 'offset', index: 1 }, right: { kind: 'offset', index: 2 } } });
  });
});

describe('DISTINCT aggregates over a unique vindex column', () => {
  it('run on the shards as written, vtgate adding the shards\' results (Vitess\'s pushed distinct aggregation)', () => {
    const op = plan('select count(distinct email, id) from user');
    expect(op).toMatchObject({ kind: 'Aggregate', variant: 'Scalar', aggregates: [{ opcode: 'sum_count_distinct', col: 0 }] });
    expect(routeQuery(op)).toBe('select count(distinct email, id) from `user`');
    const grouped = plan('select email, count(distinct id), sum(distinct id) from user group by email');
    expect(grouped).toMatchObject({ kind: 'Aggregate', aggregates: [{ opcode: 'sum_count_distinct' }, { opcode: 'sum_sum_distinct' }] });
    expect(routeQuery(grouped)).toBe('select email, count(distinct id), sum(distinct id) from `user` group by email order by email asc');
  });
  it('needs every DISTINCT aggregate to read one, else vtgate deduplicates (one argument only)', () => {
    expect(routeQuery(plan('select count(distinct col) from user'))).toBe('select col from `user` group by col order by col asc');
    expect(() => plan('select count(distinct col), count(distinct id) from user')).toThrow('VT12001: unsupported: only one DISTINCT aggregation is allowed in a SELECT');
    expect(() => plan('select count(distinct email, col) from user')).toThrow('VT12001: unsupported: distinct aggregation function with multiple expressions');
  });
});

describe('SELECT DISTINCT over tables joined at vtgate', () => {
  it('removes duplicate joined rows at vtgate (a Distinct over the join, as Vitess plans it)', () => {
    const op = typed.plan('select distinct u.email from user u join untyped x on u.col = x.col', { target: 'ks' }).instructions!;
    expect(op).toMatchObject({ kind: 'Distinct', columns: [{ col: 0 }], input: { kind: 'Join' } });
  });
});

describe('ORDER BY on a UNION across shards', () => {
  it('sorts at vtgate after removing duplicates; with a LIMIT the shards sort and limit their part', () => {
    const op = plan('select email from user union select email from untyped order by email desc limit 3');
    expect(op).toMatchObject({ kind: 'Limit', input: { kind: 'Sort', keys: [{ col: 0, desc: true }], resultColumns: 1, input: { kind: 'Distinct', input: { kind: 'Route', variant: 'Scatter' } } } });
    // untyped.email has no known type: both SELECTs return its weight string, at the same offset.
    expect(routeQuery(op)).toBe('select email, weight_string(email) from `user` union select email, weight_string(email) from untyped order by email desc limit :__upper_limit');
    // A column of dates and text is text in the union: compared as values, no weight strings (a
    // date's weight string would not compare with a text's).
    const mixed = plan("select created from user union select 'x' from user order by 1");
    expect(mixed).toMatchObject({ kind: 'Sort', keys: [{ col: 0, weightStringCol: -1 }], input: { kind: 'Distinct', columns: [{ col: 0, weightStringCol: -1 }] } });
    expect(routeQuery(mixed)).toBe("select created from `user` union select 'x' from `user`");
    // Also when the other SELECT's value is a bind variable (a normalised literal) of unknown type.
    expect(plan('select created from user union select :v1 from user order by 1')).toMatchObject({ kind: 'Sort', keys: [{ col: 0, weightStringCol: -1 }] });
    const all = plan('select id, email from user union all select id, email from user order by 2');
    expect(all).toMatchObject({ kind: 'Sort', keys: [{ col: 1 }], input: { kind: 'Route' } });
    expect(routeQuery(all)).toBe('select id, email from `user` union all select id, email from `user`');
  });
});

describe('acceptedWhenGrouped (MariaDB ONLY_FULL_GROUP_BY)', () => {
  const expr = (sql: string): Expr => {
    const s = parseSql(`select ${sql} from t`) as unknown as { columns: { expr: Expr }[] };
    return s.columns[0]!.expr;
  };
  const groups = (...sql: string[]): Expr[] => sql.map(expr);
  it('needs every column read outside aggregates grouped as a column', () => {
    expect(acceptedWhenGrouped(expr('a + b'), groups('a + b'))).toBe(false);
    expect(acceptedWhenGrouped(expr('a + b'), groups('b', 'a'))).toBe(true);
    expect(acceptedWhenGrouped(expr('weight_string(a + b)'), groups('a + b'))).toBe(false);
    expect(acceptedWhenGrouped(expr('weight_string(a)'), groups('a'))).toBe(true);
    expect(acceptedWhenGrouped(expr('abs(t.a) + max(c)'), groups('a'))).toBe(true);
    expect(acceptedWhenGrouped(expr('c'), groups('a'))).toBe(false);
  });
});
