/**
 * PREPARE / EXECUTE / DEALLOCATE PREPARE at vtgate (Vitess's prepared statements over the text
 * protocol): PREPARE plans the statement once to check it and remembers it in the session;
 * EXECUTE plans it again and runs it with the variables it is given; DEALLOCATE forgets it.
 */
import type { OtherStatement } from '../../sql/ast.js';
import { countPlaceholders } from '../../sql/parse.js';
import { vtError } from '../errors.js';
import type { Plan } from '../plan.js';
import { EMPTY_ROWS, plan, vtgate } from './build.js';
import type { PlannerSession, SessionEffect } from './state.js';

/** Plans a statement given as SQL text, with the same session and target. */
export type PlanText = (sql: string) => Plan;

export function planPrepared(stmt: OtherStatement, original: string, session: PlannerSession, planText: PlanText): Plan {
  const p = stmt.prepared!;
  switch (stmt.type) {
    case 'prepare': {
      const source = p.source!;
      let sql: string;
      if (source.kind === 'text') {
        sql = source.sql;
      } else {
        const value = session.userVariable(source.name);
        if (value === undefined || value === null) throw vtError('VT03024', `'${source.name}' user defined variable does not exists`);
        sql = value;
      }
      const inner = planText(sql);
      const effect: SessionEffect = { kind: 'prepare', name: p.name, statement: { sql, paramCount: countPlaceholders(sql) } };
      return withEffect(plan('Passthrough', 'PREPARE', original, EMPTY_ROWS, inner.tablesUsed), effect);
    }
    case 'execute': {
      const prepared = session.preparedStatement(p.name);
      if (!prepared) throw vtError('VT09011', `Unknown prepared statement handler (${p.name}) given to EXECUTE`);
      const using = p.using ?? [];
      if (prepared.paramCount !== using.length) throw vtError('VT03025', 'Incorrect arguments to EXECUTE');
      const inner = planText(prepared.sql);
      const op = vtgate('EXECUTE', { Parameters: using.map((u) => `@${u}`) }, inner.instructions ? [inner.instructions] : []);
      return plan('Complex', 'EXECUTE', original, op, inner.tablesUsed);
    }
    default: {
      if (!session.preparedStatement(p.name)) throw vtError('VT09011', `Unknown prepared statement handler (${p.name}) given to DEALLOCATE PREPARE`);
      return withEffect(plan('Passthrough', 'DEALLOCATE_PREPARE', original, EMPTY_ROWS), { kind: 'deallocate', name: p.name });
    }
  }
}

function withEffect(p: Plan, sessionEffect: SessionEffect): Plan {
  return Object.freeze({ ...p, sessionEffect: Object.freeze(sessionEffect) });
}
