/**
 * Router errors: using the router (options, sessions, transactions) and executing plans. Shard
 * failures stay ShardErrors (keyspace, shard, MySQL's code and message, the driver error as
 * `cause`); planning errors stay PlannerErrors with Vitess's VTxxxxx codes.
 *
 * Codes:
 *   OPTION_INVALID            createRouter options that cannot work (`details.option`).
 *   BIND_MISSING / BIND_INVALID   a placeholder without a value, or a value of the wrong shape.
 *   OPERATOR_NOT_SUPPORTED    the plan needs an operator the router does not execute yet
 *                             (`details.operator`: Join, Aggregate, ...).
 *   SCATTER_REJECTED          the `noScatter` option is on and the statement would go to every shard.
 *   MULTI_DB_TRANSACTION      transaction mode `single` and the transaction touches a second shard.
 *   COMMIT_PARTIAL            mode `multi`: a shard failed to commit after earlier shards committed
 *                             (`details.committed`, `details.rolledBack`).
 *   PARTIAL_DML_ROLLED_BACK   a DML failed on some shards after others applied it; the transaction
 *                             was rolled back everywhere so no half-applied statement survives.
 *   SESSION_RELEASED          a session used after release().
 *   NEEDS_CONNECTION          BEGIN / USE / SET on the pool itself: they need getConnection().
 *   VINDEX_VERIFY_FAILED      an inserted value of an unowned vindex does not map to the row's shard.
 *   VINDEX_VALUE_MISSING      an insert gives no value for a vindex column it must route or fill.
 *   ROUTER_ENDED              the router was ended.
 */
import { VSchemaRouterError } from '../errors.js';

export class RouterError extends VSchemaRouterError {}

export function operatorNotSupported(operator: string): RouterError {
  return new RouterError('OPERATOR_NOT_SUPPORTED',
    `the router does not execute plans with the ${operator} operator yet (multi-operator plans: joins, aggregation, sorting and limits across shards)`,
    { details: { operator } });
}
