import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['explain', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vschema-router explain', () => {
  it("prints Vitess's vexplain plan JSON for a point select", async () => {
    const r = await run('--vschema', 'fixtures/demo', 'select * from customer where customer_id = 5');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      Type: 'Passthrough',
      QueryType: 'SELECT',
      Original: 'select * from customer where customer_id = 5',
      Instructions: {
        OperatorType: 'Route',
        Variant: 'EqualUnique',
        Keyspace: { Name: 'customer', Sharded: true },
        Query: 'select * from customer where customer_id = 5',
        Values: ['5'],
        Vindex: 'xxhash',
      },
      TablesUsed: ['customer.customer'],
    });
  });

  it('honours the session target', async () => {
    const r = await run('--vschema', 'fixtures/demo', '--target', 'product@replica', 'select * from product');
    expect(JSON.parse(r.out).Instructions).toMatchObject({ OperatorType: 'Route', Variant: 'Unsharded', Keyspace: { Name: 'product', Sharded: false } });
  });

  it('prints the error and exits 1 for a statement Vitess rejects; 2 for bad usage', async () => {
    const r = await run('--vschema', 'fixtures/demo', 'select * from nope');
    expect(r.code).toBe(1);
    expect(r.err).toBe('TABLE_NOT_FOUND: table nope not found');
    expect((await run('select 1')).code).toBe(2);
    expect((await run('--vschema', 'fixtures/demo')).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });
});
