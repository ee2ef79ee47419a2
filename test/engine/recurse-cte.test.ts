/** RecurseCTE in the engine: rounds of the term over the previous round's rows, and MySQL's recursion cap. */
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../../src/engine/context.js';
import { runEngine } from '../../src/engine/engine.js';
import { MAX_RECURSION_DEPTH } from '../../src/engine/recurse-cte.js';
import type { Operator } from '../../src/planner/plan.js';
import type { Expr } from '../../src/sql/ast.js';
import { valueText } from '../../src/vindexes/value.js';
import { EngineError } from '../../src/engine/errors.js';

const ctx = (maxMemoryRows = 100_000): EngineContext => ({
  port: { fetchShards: async () => [], write: async () => ({ affectedRows: 0, insertId: 0, changedRows: 0, warningStatus: 0 }), autoIncrementColumn: () => null },
  binds: new Map(),
  maxMemoryRows,
});
const int = (value: string): Expr => ({ kind: 'literal', type: 'int', value, charset: null });
const bind = (name: string): Expr => ({ kind: 'bind', name, list: false });
const plus = (l: Expr, r: Expr): Expr => ({ kind: 'binary', op: '+', left: l, right: r, escape: null });
const lt = (l: Expr, r: Expr): Expr => ({ kind: 'binary', op: '<', left: l, right: r, escape: null });
const offset = (index: number): Expr => ({ kind: 'offset', index, name: `c${index}` });

/** Rows n = 1, 2 (the seed); the term yields n + 10 and n * 1 as a second column while n < limit. */
function counting(limit: number | null): Operator {
  const seed: Operator = { kind: 'Rows', fields: ['n', 'm'], rows: [['1', 'a'], ['2', 'b']] };
  const row: Operator = { kind: 'Projection', expressions: [], exprs: [{ expr: plus(bind('cte_n'), int('10')), name: 'n' }, { expr: bind('cte_m'), name: 'm' }], input: { kind: 'SingleRow' } };
  const term: Operator = limit === null ? row : { kind: 'Filter', predicate: '', expr: lt(offset(0), int(String(limit))), resultColumns: null, input: row };
  return { kind: 'RecurseCTE', vars: { cte_n: 0, cte_m: 1 }, seed, term };
}

describe('RecurseCTE', () => {
  it('returns the seed, then each round of the term run per row of the previous round', async () => {
    const out = await runEngine(ctx(), counting(35));
    expect(out.rows.map((r) => r.map(valueText))).toEqual([
      ['1', 'a'], ['2', 'b'], ['11', 'a'], ['12', 'b'], ['21', 'a'], ['22', 'b'], ['31', 'a'], ['32', 'b'],
    ]);
    expect(out.fields.map((f) => f.name)).toEqual(['n', 'm']);
  });

  it('stops a recursion that never ends after MySQL default depth, and at maxMemoryRows', async () => {
    const err = await runEngine(ctx(), counting(null)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('RECURSION_LIMIT');
    expect((err as EngineError).message).toContain(`after ${MAX_RECURSION_DEPTH + 1} iterations`);
    const mem = await runEngine(ctx(50), counting(null)).catch((e: unknown) => e);
    expect((mem as EngineError).code).toBe('ENGINE_MEMORY_LIMIT');
  });
});
