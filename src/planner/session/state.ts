/**
 * What planning reads from, and asks to change in, the client's session beyond its target:
 * user-defined variables and prepared statements (PREPARE / EXECUTE / DEALLOCATE PREPARE). The
 * planner stays pure: a plan that changes the session carries the change (`Plan.sessionEffect`),
 * and whoever runs the plan applies it to the session.
 */

export interface PreparedStatementData {
  /** The statement as prepared, `?` placeholders included. */
  readonly sql: string;
  /** How many `?` it has: EXECUTE must pass as many variables. */
  readonly paramCount: number;
}

export interface PlannerSession {
  /** A user-defined variable's value as text (null for SQL NULL), or undefined when it was never set. */
  userVariable(name: string): string | null | undefined;
  /** A statement prepared earlier in this session (names are lower case). */
  preparedStatement(name: string): PreparedStatementData | undefined;
}

export type SessionEffect =
  | { readonly kind: 'prepare'; readonly name: string; readonly statement: PreparedStatementData }
  | { readonly kind: 'deallocate'; readonly name: string };

/** A session with no variables and no prepared statements. */
export const EMPTY_SESSION: PlannerSession = Object.freeze({
  userVariable: () => undefined,
  preparedStatement: () => undefined,
});

/** A session kept in memory: applies the effects of the plans it runs. */
export class MemorySession implements PlannerSession {
  private readonly prepared = new Map<string, PreparedStatementData>();
  private readonly variables = new Map<string, string | null>();

  userVariable(name: string): string | null | undefined {
    return this.variables.get(name.toLowerCase());
  }

  setUserVariable(name: string, value: string | null): void {
    this.variables.set(name.toLowerCase(), value);
  }

  preparedStatement(name: string): PreparedStatementData | undefined {
    return this.prepared.get(name.toLowerCase());
  }

  apply(effect: SessionEffect | undefined): void {
    if (effect?.kind === 'prepare') this.prepared.set(effect.name, effect.statement);
    else if (effect?.kind === 'deallocate') this.prepared.delete(effect.name);
  }
}
