/**
 * The planner: VSchema + session target + SQL → an immutable plan (which keyspace and shards,
 * by which vindex and values, what SQL each shard receives), and `explain` in the JSON shape of
 * Vitess's `vexplain plan`. Planning is pure and synchronous: no I/O, no database.
 */
import type { Statement } from '../sql/ast.js';
import { parseSql } from '../sql/parse.js';
import { printSql } from '../sql/print.js';
import type { VSchema } from '../vschema/model.js';
import { parseTarget } from '../vschema/target.js';
import { DEFAULT_SETTINGS, PlanContext, type PlannerSettings } from './context.js';
import { planDelete } from './dml/delete.js';
import { planInsert } from './dml/insert.js';
import { planUpdate } from './dml/update.js';
import { explainPlan, type ExplainJson } from './explain.js';
import type { Plan } from './plan.js';
import { PlanCache, type PlanCacheOptions, type PlanCacheStats } from './plan-cache.js';
import { PreparedPlans, type CacheEntry, type CallerValues, type PreparedStatement } from './prepare.js';
import { planSelectStatement } from './select/plan-statement.js';
import { withTrackedColumns } from '../vschema/tracked-columns.js';
import { checkNoAssignment } from './semantics/checks.js';
import { planOther, planSet, planTransaction, planUse } from './session/admin.js';
import { planExplain } from './session/explain-stmt.js';
import { planPrepared } from './session/prepared.js';
import { queryTypeOf } from './session/query-type.js';
import { planSend } from './session/send.js';
import { planShow } from './session/show.js';
import { EMPTY_SESSION, type PlannerSession } from './session/state.js';
import { planVindexSelect } from './vindex-func/plan-vindex-func.js';

export interface PlanOptions {
  /** The session target: `ks`, `ks@replica`, `ks:-80`, `ks[-80]`, or '' (no keyspace selected). */
  readonly target?: string;
  /** User-defined variables and prepared statements, for PREPARE / EXECUTE / DEALLOCATE PREPARE. */
  readonly session?: PlannerSession;
}

export interface PrepareOptions extends PlanOptions {
  /** Values for `?` placeholders (an array) or `:name` placeholders (an object). */
  readonly values?: CallerValues;
}

export interface PlannerOptions {
  /** The plan cache behind prepare(): its bounds, or false for none (default: 10 000 plans, 32 MiB). */
  readonly planCache?: PlanCacheOptions | false;
}

const SESSION_BOUND = /^\s*(?:\/\*[^]*?\*\/\s*)*(?:prepare|execute|deallocate|drop\s+prepare)\b/i;

/**
 * Whether SESSION_BOUND can match: the text starts (after ASCII spaces) with `pre`, `exe`, `dea`,
 * `dro` (any case), a comment, or a non-ASCII character. Saves running the pattern on every call.
 */
function mayBeSessionBound(sql: string): boolean {
  let i = 0;
  while (i < sql.length && sql.charCodeAt(i) <= 32) i++;
  const c = sql.charCodeAt(i) | 0x20;
  if (c === 0x2f || c >= 0x80) return true;
  const c1 = sql.charCodeAt(i + 1) | 0x20;
  const c2 = sql.charCodeAt(i + 2) | 0x20;
  if (c === 0x70) return c1 === 0x72 && c2 === 0x65; // pre
  if (c === 0x65) return c1 === 0x78 && c2 === 0x65; // exe
  if (c === 0x64) return (c1 === 0x65 && c2 === 0x61) || (c1 === 0x72 && c2 === 0x6f); // dea, dro
  return false;
}

export class Planner {
  private readonly settings: PlannerSettings;
  /** The VSchema plans are built against: the one given, with the tracked columns merged in. */
  readonly vschema: VSchema;
  readonly #prepared: PreparedPlans;

  constructor(
    vschema: VSchema,
    settings: Partial<PlannerSettings> = {},
    options: PlannerOptions = {},
  ) {
    this.settings = Object.freeze({ ...DEFAULT_SETTINGS, ...settings });
    this.vschema = withTrackedColumns(vschema, this.settings.trackedColumns);
    const cache = new PlanCache<CacheEntry>(options.planCache === false ? { maxEntries: 0 } : options.planCache);
    this.#prepared = new PreparedPlans(cache, (text, target) => this.plan(text, { target }), vschema.version);
  }

  /** Plans SQL as written (literals stay in the plan, as in Vitess's planner tests and explain). No cache. */
  plan(sql: string, options: PlanOptions = {}): Plan {
    return this.planStatement(parseSql(sql), sql, options);
  }

  /**
   * Plans SQL for execution through the plan cache: the plan of its normalised form (literals as
   * bind variables) and the bind variables to run it with. A cache hit parses nothing.
   */
  prepare(sql: string, options: PrepareOptions = {}): PreparedStatement {
    // PREPARE / EXECUTE / DEALLOCATE read or change the session's prepared statements: their plan
    // depends on more than the text, so they are planned every time, with the session.
    if (mayBeSessionBound(sql) && SESSION_BOUND.test(sql)) return { plan: this.plan(sql, options), bindVars: new Map(), cached: false, directives: {} };
    return this.#prepared.prepare(sql, options.target ?? '', options.values);
  }

  /** Hits, misses, evictions and size of the plan cache behind prepare(). */
  planCacheStats(): PlanCacheStats {
    return this.#prepared.cache.stats();
  }

  /** Plans an already parsed statement (`original` is the SQL text the plan reports). */
  planStatement(stmt: Statement, original: string, options: PlanOptions = {}): Plan {
    const ctx = new PlanContext(this.vschema, parseTarget(options.target ?? ''), this.settings);
    const nested: Nested = {
      statement: (inner) => this.planStatement(inner, printSql(inner), options),
      text: (sql) => this.plan(sql, options),
      session: options.session ?? EMPTY_SESSION,
    };
    return planStatement(ctx, stmt, original, nested);
  }

  explain(sql: string, options: PlanOptions = {}): ExplainJson {
    return explainPlan(this.plan(sql, options));
  }
}

/** Planning a statement inside another one (VEXPLAIN, EXECUTE) with the same session. */
interface Nested {
  readonly statement: (stmt: Statement) => Plan;
  readonly text: (sql: string) => Plan;
  readonly session: PlannerSession;
}

function planStatement(ctx: PlanContext, stmt: Statement, original: string, nested: Nested): Plan {
  checkNoAssignment(stmt);
  // A shard- or key-range-targeted session bypasses routing (transactions still belong to the session).
  if (ctx.target.destination && !['begin', 'commit', 'rollback', 'savepoint', 'release_savepoint', 'rollback_to_savepoint', 'use'].includes(stmt.kind)) {
    return planSend(ctx, stmt, original);
  }
  switch (stmt.kind) {
    case 'select':
    case 'union':
      return (
        planVindexSelect(ctx, stmt, original, (s) => planSelectStatement(new PlanContext(ctx.vschema, ctx.target, ctx.settings), s, printSql(s))) ??
        planSelectStatement(ctx, stmt, original)
      );
    case 'insert':
      return planInsert(ctx, stmt, original);
    case 'update':
      return planUpdate(ctx, stmt, original);
    case 'delete':
      return planDelete(ctx, stmt, original);
    case 'set':
      return planSet(ctx, stmt, original);
    case 'use':
      return planUse(ctx, stmt, original);
    case 'begin':
    case 'commit':
    case 'rollback':
    case 'savepoint':
    case 'release_savepoint':
    case 'rollback_to_savepoint':
      return planTransaction(queryTypeOf(stmt), original);
    case 'other':
      if (stmt.prepared) return planPrepared(stmt, original, nested.session, nested.text);
      return planOther(ctx, stmt, original);
    case 'show':
      return planShow(ctx, stmt, original);
    case 'explain':
      return planExplain(ctx, stmt, original, nested.statement);
  }
}
