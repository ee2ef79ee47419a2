/**
 * A session targeting a shard or key range (`use ks:-80`, `use ks[-]`) bypasses routing: every
 * statement is sent as written to that destination (Vitess's Send), except an INSERT into a
 * key range, which Vitess cannot place.
 */
import type { Statement } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import type { PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import type { Plan, Send } from '../plan.js';
import { destinationString } from '../select/destination.js';
import { queryTypeOf } from './query-type.js';

export function planSend(ctx: PlanContext, stmt: Statement, original: string): Plan {
  const dest = ctx.target.destination!;
  if (stmt.kind === 'insert' && dest.kind === 'exactKeyRange') throw vtError('VT03023', 'INSERT not supported when targeting a key range: targetString');
  const ks = ctx.vschema.keyspaces.get(ctx.target.keyspace);
  if (!ks) throw vtError('VT05003', `unknown database '${ctx.target.keyspace}' in vschema`);
  const isDml = stmt.kind === 'insert' || stmt.kind === 'update' || stmt.kind === 'delete' || (stmt.kind === 'other' && stmt.type === 'load');
  const op: Send = Object.freeze({
    kind: 'Send',
    keyspace: { name: ks.name, sharded: ks.sharded },
    targetDestination: destinationString(dest),
    query: printSql(stmt),
    isDml,
    singleShardOnly: false,
  });
  return Object.freeze({
    type: dest.kind === 'shard' ? 'Passthrough' : 'MultiShard',
    queryType: queryTypeOf(stmt),
    original,
    instructions: op,
    tablesUsed: Object.freeze([]),
  });
}
