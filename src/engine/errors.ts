/**
 * Errors of the vtgate-side engine (operators that combine shard rows).
 *
 * Codes:
 *   ENGINE_MEMORY_LIMIT       an in-memory sort, aggregate, join or distinct buffer would hold more
 *                             than the router's maxMemoryRows (`details.operator`, `details.limit`).
 *   EXPRESSION_NOT_SUPPORTED  a Projection / Filter expression uses a construct the evaluator does
 *                             not implement (`details.construct`).
 *   COLUMN_NOT_FOUND          an expression names a column the operator's input does not have.
 *   AGGREGATE_NOT_SUPPORTED   an aggregate opcode the engine does not implement (`details.opcode`).
 *   SUBQUERY_RETURNED_ROWS    a scalar subquery returned more than one row (MySQL error 1242).
 *   OPERAND_COLUMNS           a subquery returned the wrong number of columns (MySQL error 1241).
 *   DATA_OUT_OF_RANGE         arithmetic overflowed BIGINT (MySQL error 1690).
 *   RECURSION_LIMIT           a recursive CTE vtgate runs recursed more than MySQL's default
 *                             cte_max_recursion_depth (1000 rounds).
 *   BIND_MISSING              an expression reads a bind variable the statement did not supply.
 *   BIND_INVALID              a bind variable of the wrong shape (a single value used as a list,
 *                             a LIMIT that is not a non-negative integer).
 */
import { VSchemaRouterError, type ErrorOptions } from '../errors.js';

export class EngineError extends VSchemaRouterError {
  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(code, message, options);
  }
}

export function expressionNotSupported(construct: string): EngineError {
  return new EngineError('EXPRESSION_NOT_SUPPORTED', `the router cannot evaluate ${construct} at vtgate`, { details: { construct } });
}
