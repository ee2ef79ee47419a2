/**
 * The cached way into the planner, for executing statements: SQL text → the plan of its
 * normalised form plus the bind variables taken out of the text, with no parse on a cache hit.
 *
 * normalizeSql (src/sql/normalize.ts) turns literals into `:vtgN` binds, IN lists into one
 * `::vtgN` list bind, and same-shaped multi-row VALUES into one template row of column binds, so
 * statements that differ only in values, IN-list length or row count share one key. On a miss the
 * key itself is parsed and planned: the plan's Values and shard queries read the binds, like
 * Vitess's plans of normalised queries. The key is VSchema version + session target + normalised
 * SQL (planCacheKey), so a new VSchema or another target never sees a stale plan.
 *
 * A collapsed multi-row INSERT is planned once as its template row; each execution instantiates
 * the template for its row count (a plain Insert whose row r reads `:vtgK_r`, `:_col_r` and
 * `:__seqr`), memoised per row count, so the executor only ever sees ordinary plans.
 *
 * A hit costs about a microsecond, so it allocates little: NormalizeMemo re-reads a text of a
 * known shape and hands each literal to StatementBinds, which types it straight into the
 * PreparedBinds (a read-only Map over two arrays) that becomes bindVars; routing copies those
 * arrays into each shard query's record.
 *
 * `plan()` on the Planner stays the uncached, literal-preserving path that explain and the
 * conformance runner use (Vitess's planner tests plan text as written).
 */
import { deliverBinds, NormalizeMemo, normalizeSql, type BindSink, type NormalizedSql, type NormalizedValue, type NormalizedValueType } from '../sql/normalize.js';
import type { BindVariable } from '../vindexes/types.js';
import { NULL_VALUE, sqlValue, statementTextValue, type JsValue, type SqlValue } from '../vindexes/value.js';
import { plannerError } from './errors.js';
import { typedSqlValue } from './literal-value.js';
import type { Insert, Plan } from './plan.js';
import { PlanCache, planCacheKey } from './plan-cache.js';
import { PreparedBinds } from './prepared-binds.js';
import { bindValue, type PlanValue } from './values.js';

/** The caller's values: an array for `?` placeholders (they become `:v1`, `:v2`, ...), or named values for `:name`. */
export type CallerValues = readonly JsValue[] | Readonly<Record<string, JsValue | readonly JsValue[]>>;

export interface PreparedStatement {
  /** The plan of the normalised statement (shared and immutable): its Values and queries read the binds below. */
  readonly plan: Plan;
  /**
   * The literals taken out of the text (`vtgN`, `vtgN_r` for VALUES rows), then the caller's
   * values (`v1`.., or by name). A read-only Map (a PreparedBinds); its values are made per call
   * and not frozen: treat them as read-only.
   */
  readonly bindVars: ReadonlyMap<string, BindVariable>;
  /** Whether the plan came from the cache. */
  readonly cached: boolean;
  /** `/*vt+ ... *\/` directives of the statement. */
  readonly directives: Readonly<Record<string, string | true>>;
}

/** What the cache holds per key: a plan, or for a collapsed INSERT the template row's plan. */
export interface CacheEntry {
  readonly plan: Plan;
  readonly template: InsertTemplate | null;
}

interface InsertTemplate {
  readonly op: Insert;
  /** Instantiated plans by row count (a few batch sizes repeat in practice). */
  readonly byRows: Map<number, Plan>;
}

const MAX_MEMO_ROW_COUNTS = 8;

/** Plans SQL text as written for a target (the Planner's uncached plan()). */
export type PlanText = (sql: string, target: string) => Plan;

/** Texts remembered with their normalised form (placeholder-only statements), at most this many. */
const MAX_TEXTS = 1000;

export class PreparedPlans {
  /**
   * A statement with no literal (only `?` or `:name` placeholders, the way mysql2 users write
   * them) normalises to the same result every time: remember it by text and skip the scan.
   */
  readonly #byText = new Map<string, NormalizedSql>();
  readonly #remember: boolean;
  /** Texts that differ from a normalised one only in literal values re-use its key (no scan). */
  readonly #memo: NormalizeMemo | null;
  /** planCacheKey(version, target, '') of the last target: most callers use one target. */
  #lastTarget: string | null = null;
  #lastPrefix = '';

  constructor(
    readonly cache: PlanCache<CacheEntry>,
    private readonly planText: PlanText,
    private readonly version: string | number,
  ) {
    this.#remember = cache.stats().maxEntries > 0;
    this.#memo = this.#remember ? new NormalizeMemo(MAX_TEXTS) : null;
  }

  prepare(sql: string, target: string, values: CallerValues | undefined): PreparedStatement {
    const binds = new StatementBinds(values);
    const n = this.#normalized(sql, binds);
    // Unterminated text: plan it as written so the parser reports where it breaks.
    if (n.unterminated) return this.uncached(sql, target, n, values);
    const key = this.#cacheKey(target, n);
    let entry = this.cache.get(key);
    let cached = true;
    if (entry === undefined) {
      cached = false;
      const made = this.#entryFor(n, target);
      if (made === null) return this.uncached(sql, target, n, values);
      entry = made;
      // Size estimate for the byte bound: the key, plus the plan's query text (about 3 copies:
      // shard query, field query, original) and a fixed overhead for its objects.
      this.cache.set(key, entry, 8 * key.length + 1024);
    }
    const plan = entry.template ? instantiate(entry.template, n.insertRows ?? 1, entry.plan) : entry.plan;
    if (binds.error !== null) throw binds.error;
    return { plan, bindVars: callerBinds(binds.out === NO_BINDS ? new PreparedBinds() : binds.out, values), cached, directives: n.directives };
  }

  #keyPrefix(target: string): string {
    if (target !== this.#lastTarget) {
      this.#lastPrefix = planCacheKey(this.version, target, '');
      this.#lastTarget = target;
    }
    return this.#lastPrefix;
  }

  /** The plan cache key of n; a remembered text's key is built once per target and kept in its slot. */
  #cacheKey(target: string, n: NormalizedSql): string {
    const prefix = this.#keyPrefix(target);
    const slot = n.slot;
    if (slot === undefined) return prefix + n.key;
    if (slot.prefix !== prefix) {
      slot.value = prefix + n.key;
      slot.prefix = prefix;
    }
    return slot.value;
  }

  /** The normalised text; its binds go to sink (typed as they are read). */
  #normalized(sql: string, sink: StatementBinds): NormalizedSql {
    const known = this.#byText.get(sql);
    if (known !== undefined) return known;
    let n: NormalizedSql;
    if (this.#memo !== null) {
      n = this.#memo.normalizeInto(sql, sink);
    } else {
      n = normalizeSql(sql);
      deliverBinds(n.binds, sink);
    }
    if (this.#remember && sink.received === 0 && !n.unterminated) {
      if (this.#byText.size >= MAX_TEXTS) this.#byText.clear();
      this.#byText.set(sql, n);
    }
    return n;
  }

  #entryFor(n: NormalizedSql, target: string): CacheEntry | null {
    const plan = this.planText(n.key, target);
    if (n.insertRows === null) return { plan, template: null };
    const op = plan.instructions;
    // Only an INSERT plan knows how to repeat its row; anything else (a shard-targeted Send, say)
    // is planned from the text as written, every time.
    if (op?.kind !== 'Insert' || op.queryParts === null || op.queryParts.rows.length !== 1 || !instantiable(op)) return null;
    return { plan, template: { op, byRows: new Map() } };
  }

  private uncached(sql: string, target: string, n: NormalizedSql, values: CallerValues | undefined): PreparedStatement {
    return { plan: this.planText(sql, target), bindVars: callerBinds(new PreparedBinds(), values), cached: false, directives: n.directives };
  }
}

// ---------------------------------------------------------------------------------------------
// Bind variables

/** StatementBinds.out before start(): never handed out (callerBinds gets a fresh one instead). */
const NO_BINDS = new PreparedBinds(0);

/**
 * The normaliser's binds as typed bind variables, made as they are read (a BindSink): literals
 * typed like literalSqlValue, a `:name` in an IN list or VALUES row replaced by the caller's
 * value. Errors (a `:name` with no value) are kept and raised once normalising is done.
 */
class StatementBinds implements BindSink {
  /** The binds so far (made by start(); empty until then). */
  out: PreparedBinds = NO_BINDS;
  /** Binds received since the last start(). */
  received = 0;
  error: Error | null = null;
  readonly #named: Readonly<Record<string, JsValue | readonly JsValue[]>> | undefined;
  /** Room kept for the caller's `?` values (added after the normaliser's binds). */
  readonly #extra: number;
  #columnAt = 0;
  #rows = 0;
  #rowNames: (readonly string[])[] = [];

  constructor(values: CallerValues | undefined) {
    this.#named = values !== undefined && !Array.isArray(values) ? (values as Readonly<Record<string, JsValue | readonly JsValue[]>>) : undefined;
    this.#extra = Array.isArray(values) ? values.length : 0;
  }

  start(count: number): void {
    this.out = new PreparedBinds(count + this.#extra);
    this.received = 0;
    this.error = null;
  }

  scalar(name: string, type: NormalizedValueType, value: string): void {
    this.received++;
    this.out.push(name, this.#value(type, value));
  }

  list(name: string, values: readonly NormalizedValue[]): void {
    this.received++;
    const items = new Array<SqlValue>(values.length);
    for (let j = 0; j < items.length; j++) {
      const v = values[j]!;
      const b = this.#value(v.type, v.value);
      if (b.type === 'TUPLE') this.error ??= plannerError('BIND_INVALID', `bind variable :${v.value} is a list inside an IN list`);
      items[j] = b as SqlValue;
    }
    this.out.push(name, { type: 'TUPLE', values: items });
  }

  columns(names: readonly string[], rows: number): void {
    this.received += names.length;
    // Column c's row r goes to vtgK_r at columnAt + c * rows + r: column by column, as a column
    // bind's values are listed (the rows arrive one by one).
    this.#columnAt = this.out.size;
    this.#rows = rows;
    this.#rowNames = names.map((name) => rowBindNames(name, rows));
    this.out.reserve(names.length * rows);
  }

  columnValue(column: number, row: number, value: NormalizedValue): void {
    this.out.setAt(this.#columnAt + column * this.#rows + row, this.#rowNames[column]![row]!, this.#value(value.type, value.value));
  }

  #value(type: NormalizedValueType, value: string): BindVariable {
    switch (type) {
      case 'int':
        // Up to 18 digits always fits INT64; longer ones are sorted out by typedSqlValue.
        return value.length <= 18 ? statementTextValue('INT64', value) : typedSqlValue('int', value, false);
      case 'string':
        return statementTextValue('VARCHAR', value);
      case 'decimal':
        return statementTextValue('DECIMAL', value);
      case 'float':
        return statementTextValue('FLOAT64', value);
      case 'null':
        return NULL_VALUE;
      case 'bindvar': {
        const given = this.#named?.[value];
        if (given === undefined) {
          this.error ??= plannerError('BIND_MISSING', `missing bind variable :${value}`);
          return NULL_VALUE;
        }
        try {
          return toBindVariable(value, given);
        } catch (err) {
          this.error ??= err as Error;
          return NULL_VALUE;
        }
      }
      default:
        return typedSqlValue(type, value, false);
    }
  }
}

/** `vtgK_0`, `vtgK_1`, ...: a column bind's per-row names, built once per column bind name. */
const rowNames = new Map<string, string[]>();
const MAX_ROW_NAMES = 4096;

function rowBindNames(name: string, rows: number): readonly string[] {
  let names = rowNames.get(name);
  if (names === undefined) {
    if (rowNames.size >= MAX_ROW_NAMES) rowNames.clear();
    names = [];
    rowNames.set(name, names);
  }
  for (let r = names.length; r < rows; r++) names.push(`${name}_${r}`);
  return names;
}



function callerBinds(out: PreparedBinds, values: CallerValues | undefined): PreparedBinds {
  if (values === undefined) return out;
  if (Array.isArray(values)) {
    const list = values as readonly JsValue[];
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (v === undefined && !(i in list)) continue; // a hole: that `?` has no value
      out.push(positionalName(i), toBindVariable(`?${i + 1}`, v));
    }
  } else {
    for (const [name, v] of Object.entries(values)) if (!out.has(name)) out.push(name, toBindVariable(name, v as JsValue | readonly JsValue[]));
  }
  return out;
}

const POSITIONAL = Array.from({ length: 64 }, (_, i) => `v${i + 1}`);

/** `v1`, `v2`, ...: the name of the i-th `?` (0-based). */
function positionalName(i: number): string {
  return POSITIONAL[i] ?? `v${i + 1}`;
}

function toBindVariable(name: string, v: JsValue | readonly JsValue[]): BindVariable {
  // The usual caller values (safe integers, strings) are built unfrozen, like the literals.
  if (typeof v === 'string') return statementTextValue('VARCHAR', v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return statementTextValue('INT64', String(v));
  try {
    return Array.isArray(v) ? { type: 'TUPLE', values: (v as readonly JsValue[]).map((x) => sqlValue(x)) } : sqlValue(v as JsValue);
  } catch (err) {
    throw plannerError('BIND_INVALID', `bind variable ${name}: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Collapsed INSERT rows

/** Every row value the template holds must be renamable per row: literals, binds and list binds. */
function instantiable(op: Insert): boolean {
  const simple = (v: PlanValue): boolean => v.kind === 'literal' || v.kind === 'bind' || v.kind === 'listBind';
  return op.vindexValues.every((vv) => vv.columns.every((col) => col.every(simple))) && (op.autoIncrement?.values.every(simple) ?? true);
}

function instantiate(t: InsertTemplate, rows: number, templatePlan: Plan): Plan {
  const memo = t.byRows.get(rows);
  if (memo !== undefined) return memo;
  const parts = t.op.queryParts!;
  const rowTexts = Array.from({ length: rows }, (_, r) => renameRowBinds(parts.rows[0]!, r));
  const perRow = (v: PlanValue): PlanValue[] => Array.from({ length: rows }, (_, r) => renamedValue(v, r));
  const op: Insert = Object.freeze({
    ...t.op,
    query: parts.prefix + rowTexts.join(', ') + parts.suffix,
    queryParts: Object.freeze({ prefix: parts.prefix, rows: Object.freeze(rowTexts), suffix: parts.suffix }),
    vindexValues: Object.freeze(
      t.op.vindexValues.map((vv) => Object.freeze({ vindex: vv.vindex, columns: Object.freeze(vv.columns.map((col) => Object.freeze(perRow(col[0]!)))) })),
    ),
    autoIncrement: t.op.autoIncrement
      ? Object.freeze({ ...t.op.autoIncrement, values: Object.freeze(t.op.autoIncrement.values.length > 0 ? perRow(t.op.autoIncrement.values[0]!) : []) })
      : null,
  });
  const plan: Plan = Object.freeze({ ...templatePlan, instructions: op });
  if (t.byRows.size >= MAX_MEMO_ROW_COUNTS) t.byRows.delete(t.byRows.keys().next().value!);
  t.byRows.set(rows, plan);
  return plan;
}

/** A template value for row r: a column bind `::vtgK` reads `:vtgK_r`, `:__seq0` reads `:__seqr`. */
function renamedValue(v: PlanValue, r: number): PlanValue {
  // The same name strings as the statement's binds (rowBindNames): routing finds them by identity.
  if (v.kind === 'listBind') return bindValue(rowBindNames(v.name, r + 1)[r]!);
  if (v.kind === 'bind') return bindValue(rowBindName(v.name, r));
  return v;
}

function rowBindName(name: string, r: number): string {
  // Names the insert planner generates for row 0: `_col_0` and `__seq0`.
  if (name.endsWith('_0') && name.startsWith('_')) return `${name.slice(0, -1)}${r}`;
  if (name === '__seq0') return `__seq${r}`;
  return name;
}

/**
 * The template row's text for row r. Outside quotes, `::vtgK` becomes `:vtgK_r` and the planner's
 * row-0 binds (`:_col_0`, `:__seq0`) take row r's number; quoted text is copied as is.
 */
export function renameRowBinds(text: string, r: number): string {
  let out = '';
  let from = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      i = skipQuoted(text, i, c);
      continue;
    }
    if (c !== 58 /* : */) {
      i++;
      continue;
    }
    const list = text.charCodeAt(i + 1) === 58;
    const start = i + (list ? 2 : 1);
    let end = start;
    while (end < n && isNameChar(text.charCodeAt(end))) end++;
    if (end === start) {
      i = start;
      continue;
    }
    const name = text.slice(start, end);
    const renamed = list ? `${name}_${r}` : rowBindName(name, r);
    out += `${text.slice(from, i)}:${renamed}`;
    from = end;
    i = end;
  }
  return out + text.slice(from);
}

function skipQuoted(text: string, i: number, quote: number): number {
  let j = i + 1;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 92 && quote !== 96) j += 2;
    else if (d === quote) {
      if (text.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
