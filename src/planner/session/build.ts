/**
 * Building blocks of the plans for statements vtgate handles by kind (SHOW, FLUSH, DDL, SET, ...):
 * the plan record, vtgate-side operators, Send, and the keyspace choices Vitess's VCursor makes
 * for them (DefaultKeyspace, AnyKeyspace, TargetDestination).
 */
import type { Keyspace } from '../../vschema/model.js';
import { parseTarget } from '../../vschema/target.js';
import type { PlanContext } from '../context.js';
import { vtError } from '../errors.js';
import type { Operator, Plan, PlanType, Rows, Send } from '../plan.js';
import { destinationString } from '../select/destination.js';

export const NO_DB = 'no database selected: use keyspace<:shard><@type> or keyspace<[range]><@type> (<> are optional)';

export function plan(type: PlanType, queryType: string, original: string, instructions: Operator | null, tablesUsed: readonly string[] = []): Plan {
  return Object.freeze({ type, queryType, original, instructions, tablesUsed: Object.freeze([...new Set(tablesUsed)].sort()) });
}

/** An operator vtgate runs itself, named as vexplain names it. */
export function vtgate(operatorType: string, fields: Record<string, unknown> = {}, inputs: readonly Operator[] = [], variant: string | null = null): Operator {
  return Object.freeze({ kind: 'Vtgate', operatorType, variant, fields: Object.freeze(fields), inputs: Object.freeze([...inputs]) });
}

export function rows(fields: readonly string[], values: readonly (readonly (string | null)[])[] = []): Rows {
  return Object.freeze({ kind: 'Rows', fields: Object.freeze([...fields]), rows: Object.freeze(values.map((r) => Object.freeze([...r]))) });
}

/** No rows, no columns: what vtgate answers for a statement it accepts and ignores. */
export const EMPTY_ROWS: Rows = rows([]);

export interface SendOptions {
  readonly destination?: string;
  readonly isDml?: boolean;
  readonly singleShardOnly?: boolean;
  readonly shardNameNeeded?: boolean;
}

export function send(ks: Keyspace, query: string, options: SendOptions = {}): Send {
  const op: Send = {
    kind: 'Send',
    keyspace: { name: ks.name, sharded: ks.sharded },
    targetDestination: options.destination ?? 'AnyShard()',
    query,
    isDml: options.isDml ?? false,
    singleShardOnly: options.singleShardOnly ?? false,
  };
  return Object.freeze(options.shardNameNeeded ? { ...op, shardNameNeeded: true } : op);
}

/** Vitess's plan type of a Send: every shard is a scatter, one shard (or any) a passthrough. */
export function sendPlanType(op: Send): PlanType {
  if (op.targetDestination === 'AllShards()') return 'Scatter';
  if (op.targetDestination === 'AnyShard()' || op.targetDestination.startsWith('Shard(')) return 'Passthrough';
  return 'MultiShard';
}

/** The session's keyspace (VCursor.DefaultKeyspace): required. */
export function defaultKeyspace(ctx: PlanContext): Keyspace {
  const name = ctx.target.keyspace;
  if (name === '') throw vtError('VT09005', NO_DB);
  return keyspaceNamed(ctx, name);
}

/**
 * A keyspace for statements every keyspace can answer (VCursor.AnyKeyspace): the session's, else
 * the alphabetically first one, as Vitess's planner tests pick it (`main` in their VSchema).
 */
export function anyKeyspace(ctx: PlanContext): Keyspace {
  if (ctx.target.keyspace !== '') return keyspaceNamed(ctx, ctx.target.keyspace);
  const first = [...ctx.vschema.keyspaces.keys()].sort()[0];
  if (first === undefined) throw vtError('VT09005', NO_DB);
  return keyspaceNamed(ctx, first);
}

/**
 * VCursor.TargetDestination: the keyspace a statement names (`show tables from ks`), else the
 * session's; and the shard or key range the session targets, if it does.
 */
export function targetDestination(ctx: PlanContext, qualifier: string): { keyspace: Keyspace; destination: string | null } {
  const dest = ctx.target.destination;
  const name = dest === null && qualifier !== '' ? parseTarget(qualifier).keyspace : ctx.target.keyspace;
  if (name === '') throw vtError('VT09005', NO_DB);
  return { keyspace: keyspaceNamed(ctx, name), destination: dest === null ? null : destinationString(dest) };
}

export function keyspaceNamed(ctx: PlanContext, name: string): Keyspace {
  const ks = ctx.vschema.keyspaces.get(name);
  if (!ks) throw vtError('VT05003', `unknown database '${name}' in vschema`);
  return ks;
}

/** MySQL's system schemas: every shard has them, so any keyspace answers for them. */
export function isSystemSchema(name: string | null): boolean {
  if (name === null) return false;
  return ['information_schema', 'performance_schema', 'sys', 'mysql'].includes(name.toLowerCase());
}
