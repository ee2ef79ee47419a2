/** LIMIT at vtgate: applied again over the rows the shards returned (each at most count + offset). */
import type { Expr, Limit as LimitClause } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { routableValue } from '../expr/constant.js';
import type { Operator } from '../plan.js';
import { literalValue, type PlanValue } from '../values.js';

export function withLimit(op: Operator, limit: LimitClause | null): Operator {
  if (!limit) return op;
  return { kind: 'Limit', count: limitValue(limit.rowCount), offset: limit.offset ? limitValue(limit.offset) : null, input: op };
}

function limitValue(e: Expr): PlanValue {
  return routableValue(e) ?? literalValue({ kind: 'literal', type: 'int', value: printSql(e), charset: null });
}

