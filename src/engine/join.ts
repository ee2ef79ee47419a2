/**
 * Join / LeftJoin (Vitess ApplyJoin) and SemiJoin as nested loops: the right side runs once per
 * left row with that row's join variables bound (`vars`: name → left column). A LeftJoin keeps
 * a left row without matches, NULLs on the right. When the left side is empty, the right side
 * still runs once with NULL variables so the result knows its columns (Vitess GetFields).
 */
import type { Join, Operator } from '../planner/plan.js';
import type { SemiJoin } from '../planner/plan-vtgate.js';
import type { BindVariable } from '../vindexes/types.js';
import { NULL_VALUE } from '../vindexes/value.js';
import { checkMemory, withBinds, type EngineContext } from './context.js';
import { checkOffsets, type EngineField, type EngineResult, type Row } from './result.js';

export type RunOperator = (ctx: EngineContext, op: Operator) => Promise<EngineResult>;

function joinVars(vars: Readonly<Record<string, number>>, row: Row | null): Map<string, BindVariable> {
  const out = new Map<string, BindVariable>();
  for (const [name, col] of Object.entries(vars)) out.set(name, row === null ? NULL_VALUE : (row[col] ?? NULL_VALUE));
  return out;
}

export async function join(ctx: EngineContext, op: Join, run: RunOperator): Promise<EngineResult> {
  const left = await run(ctx, op.left);
  checkOffsets('Join', [...op.columns.filter((c) => c.side === 'L').map((c) => c.index), ...Object.values(op.vars)], left.fields.length);
  const rows: Row[] = [];
  let rightFields: readonly EngineField[] | undefined;
  for (const l of left.rows) {
    const right = await run(withBinds(ctx, joinVars(op.vars, l)), op.right);
    rightFields ??= right.fields;
    if (right.rows.length === 0) {
      if (op.variant === 'LeftJoin') rows.push(op.columns.map((c) => (c.side === 'L' ? l[c.index]! : NULL_VALUE)));
    } else {
      for (const r of right.rows) rows.push(op.columns.map((c) => (c.side === 'L' ? l[c.index]! : r[c.index]!)));
    }
    checkMemory(ctx, rows.length, 'Join');
  }
  if (rightFields === undefined && op.columns.some((c) => c.side === 'R')) {
    rightFields = (await run(withBinds(ctx, joinVars(op.vars, null)), op.right)).fields;
  }
  checkOffsets('Join', op.columns.filter((c) => c.side === 'R').map((c) => c.index), rightFields?.length ?? 0);
  const fields = op.columns.map((c) => (c.side === 'L' ? left.fields[c.index]! : rightFields![c.index]!));
  return { fields, rows };
}

export async function semiJoin(ctx: EngineContext, op: SemiJoin, run: RunOperator): Promise<EngineResult> {
  const left = await run(ctx, op.left);
  checkOffsets('SemiJoin', [...op.columns, ...Object.values(op.vars)], left.fields.length);
  const rows: Row[] = [];
  for (const l of left.rows) {
    const right = await run(withBinds(ctx, joinVars(op.vars, l)), op.right);
    if (right.rows.length > 0) rows.push(op.columns.map((c) => l[c]!));
  }
  return { fields: op.columns.map((c) => left.fields[c]!), rows };
}
