/**
 * The value an INSERT row gives a vindex column. Vitess evaluates it at vtgate, so it may not
 * read a column, and a subquery only when it is a constant (`(select 1)`).
 */
import type { Expr } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { plannerError } from '../errors.js';
import { routableValue } from '../expr/constant.js';
import { NULL_VALUE_PLAN, type PlanValue } from '../values.js';

export function insertValue(e: Expr): PlanValue {
  switch (e.kind) {
    case 'default':
      return NULL_VALUE_PLAN;
    case 'column':
      throw plannerError('COLUMN_ACCESS', `cannot lookup column '${e.name}' (column access not supported here)`);
    case 'subquery': {
      const s = e.select;
      const only = s.kind === 'select' && s.columns.length === 1 ? s.columns[0] : undefined;
      const fromless = s.kind === 'select' && (s.from.length === 0 || (s.from.length === 1 && s.from[0]!.kind === 'table' && s.from[0]!.name.name === 'dual'));
      if (fromless && only?.kind === 'aliased' && s.kind === 'select' && !s.where) return insertValue(only.expr);
      throw plannerError('EXPR_NOT_TRANSLATABLE', `expr cannot be translated, not supported: ${printSql(e)}`);
    }
    default:
      return routableValue(e) ?? { kind: 'expr', expr: e, text: printSql(e) };
  }
}
