import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/sql/ast.js';
import { PlanContext } from '../../../src/planner/context.js';
import { isSupportedCollation, needsWeightString, typeOf } from '../../../src/planner/semantics/types.js';
import { schema } from '../helpers.js';

const ctx = new PlanContext(schema, { keyspace: '', tabletType: 'primary', destination: null } as never);
const lit = (type: Extract<Expr, { kind: 'literal' }>['type'], value: string, charset: string | null = null): Expr => ({ kind: 'literal', type, value, charset });

describe('expression types', () => {
  it('types literals, arithmetic over numbers and aggregates', () => {
    expect(typeOf(ctx, lit('int', '1'))).toEqual({ type: 'INT64', collation: null });
    expect(typeOf(ctx, lit('string', 'a'))).toEqual({ type: 'VARCHAR', collation: 'utf8mb4_0900_ai_ci' });
    expect(typeOf(ctx, { kind: 'binary', op: '+', left: lit('int', '1'), right: lit('decimal', '1.5'), escape: null })).toEqual({ type: 'DECIMAL', collation: null });
    expect(typeOf(ctx, { kind: 'aggregate', name: 'count', args: [], star: true, distinct: false, orderBy: [], separator: null })).toEqual({ type: 'INT64', collation: null });
  });

  it('knows nothing of bind variables, unknown functions and columns it cannot bind', () => {
    expect(typeOf(ctx, { kind: 'bind', name: 'x', list: false })).toBeNull();
    expect(typeOf(ctx, { kind: 'func', name: 'rand', args: [] })).toBeNull();
    expect(needsWeightString(ctx, { kind: 'bind', name: 'x', list: false })).toBe(true);
    expect(needsWeightString(ctx, lit('string', 'a'))).toBe(false);
  });

  it('supports the collations vtgate implements', () => {
    expect(isSupportedCollation('utf8mb4_0900_ai_ci')).toBe(true);
    expect(isSupportedCollation('latin1_swedish_ci')).toBe(true);
    expect(isSupportedCollation('big5_bin')).toBe(false);
    expect(isSupportedCollation('no_such_collation')).toBe(false);
    expect(isSupportedCollation(null)).toBe(false);
  });
});
