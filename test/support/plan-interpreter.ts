/**
 * A deliberately small, slow interpreter of planner output, for checking that a cross-shard
 * plan returns the rows one MySQL returns: it runs each Route's query on every shard database
 * (bind variables substituted as escaped literals), and runs vtgate's operators in JavaScript
 * by their executable fields only (offsets, opcodes, and Filter.expr / Projection.exprs, whose
 * offsets it replaces by the row's values and asks MySQL to evaluate). It is not the engine:
 * no weight strings, collations as MySQL's default case-insensitive comparison.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { escape } from 'mysql2';
import type { Expr } from '../../src/sql/ast.js';
import { printSql } from '../../src/sql/print.js';
import { mapExpr } from '../../src/planner/expr/walk.js';
import type { AggregateParam, CompareColumn, Operator } from '../../src/planner/plan.js';
import type { PlanValue } from '../../src/planner/values.js';

export type Value = string | number | null;
export type Row = Value[];
type Binds = ReadonlyMap<string, Value | readonly Value[]>;

export class PlanInterpreter {
  constructor(private readonly shards: readonly Pool[]) {}

  async run(op: Operator, binds: Binds = new Map()): Promise<Row[]> {
    switch (op.kind) {
      case 'Route': {
        // A sharded route runs on every shard (its query carries all of its filters); a reference,
        // dual or unsharded route on one; a None route on none.
        const pools = op.variant === 'None' ? [] : op.keyspace.sharded && op.variant !== 'Reference' ? this.shards : this.shards.slice(0, 1);
        const sql = substitute(op.query, binds);
        let rows: Row[] = [];
        for (const p of pools) rows.push(...(await query(p, sql)));
        if (op.orderBy.length > 0) rows = sortRows(rows, op.orderBy);
        return op.resultColumns === null ? rows : rows.map((r) => r.slice(0, op.resultColumns!));
      }
      case 'Join': {
        const out: Row[] = [];
        for (const l of await this.run(op.left, binds)) {
          const inner = new Map(binds);
          for (const [name, i] of Object.entries(op.vars)) inner.set(name, l[i]!);
          const rights = await this.run(op.right, inner);
          if (rights.length === 0 && op.variant === 'LeftJoin') out.push(op.columns.map((c) => (c.side === 'L' ? l[c.index]! : null)));
          for (const r of rights) out.push(op.columns.map((c) => (c.side === 'L' ? l[c.index]! : r[c.index]!)));
        }
        return out;
      }
      case 'SemiJoin': {
        const out: Row[] = [];
        for (const l of await this.run(op.left, binds)) {
          const inner = new Map(binds);
          for (const [name, i] of Object.entries(op.vars)) inner.set(name, l[i]!);
          if ((await this.run(op.right, inner)).length > 0) out.push(op.columns.map((c) => l[c]!));
        }
        return out;
      }
      case 'Filter': {
        const out: Row[] = [];
        for (const r of await this.run(op.input, binds)) if (truthy(await this.evaluate(op.expr, r, binds))) out.push(r);
        return op.resultColumns === null ? out : out.map((r) => r.slice(0, op.resultColumns!));
      }
      case 'Projection': {
        const out: Row[] = [];
        for (const r of await this.run(op.input, binds)) {
          const row: Row = [];
          for (const p of op.exprs) row.push(await this.evaluate(p.expr, r, binds));
          out.push(row);
        }
        return out;
      }
      case 'SimpleProjection':
        return (await this.run(op.input, binds)).map((r) => op.columns.map((c) => r[c]!));
      case 'Sort': {
        const rows = sortRows(await this.run(op.input, binds), op.keys);
        return op.resultColumns === null ? rows : rows.map((r) => r.slice(0, op.resultColumns!));
      }
      case 'Aggregate':
        return aggregate(op.variant, op.aggregates, op.groupBy, await this.run(op.input, binds), op.resultColumns);
      case 'Distinct': {
        const seen = new Set<string>();
        const out: Row[] = [];
        for (const r of await this.run(op.input, binds)) {
          const key = JSON.stringify(op.columns.map((c) => norm(r[c.col]!)));
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(op.resultColumns === null ? r : r.slice(0, op.resultColumns));
        }
        return out;
      }
      case 'Limit': {
        const count = Number(planValue(op.count, binds));
        const offset = op.offset ? Number(planValue(op.offset, binds)) : 0;
        return (await this.run(op.input, binds)).slice(offset, offset + count);
      }
      case 'UncorrelatedSubquery': {
        const rows = await this.run(op.subquery, binds);
        const inner = new Map(binds);
        const values = rows.map((r) => r[0]!);
        if (op.variant === 'PulloutValue') inner.set(op.vars[0]!, values[0] ?? null);
        else {
          inner.set(op.vars[0]!, values.length > 0 ? 1 : 0);
          if (op.vars[1]) inner.set(op.vars[1], values.length > 0 ? values : [null]);
        }
        return this.run(op.outer, inner);
      }
      case 'Concatenate': {
        const out: Row[] = [];
        for (const i of op.inputs) out.push(...(await this.run(i, binds)));
        return out;
      }
      case 'RecurseCTE': {
        const out = await this.run(op.seed, binds);
        for (let round = out; round.length > 0; ) {
          const next: Row[] = [];
          for (const r of round) {
            const inner = new Map(binds);
            for (const [name, i] of Object.entries(op.vars)) inner.set(name, r[i]!);
            next.push(...(await this.run(op.term, inner)));
          }
          out.push(...next);
          round = next;
        }
        return out;
      }
      default:
        throw new Error(`the test interpreter does not run ${op.kind}`);
    }
  }

  /** MySQL evaluates the expression with the row's values (offsets) and the binds in place. */
  private async evaluate(e: Expr, row: Row, binds: Binds): Promise<Value> {
    const literal = mapExpr(e, (n) => {
      if (n.kind === 'offset') return raw(escape(row[n.index] ?? null));
      if (n.kind === 'bind') return raw(escapeBind(binds, n.name));
      return undefined;
    });
    const rows = await query(this.shards[0]!, `select ${printSql(literal)}`);
    return rows[0]![0]!;
  }
}

/** A value already escaped as SQL, printed as it is. */
function raw(sql: string): Expr {
  return { kind: 'literal', type: 'decimal', value: sql, charset: null };
}

function escapeBind(binds: Binds, name: string): string {
  if (!binds.has(name)) throw new Error(`missing bind variable ${name}`);
  const v = binds.get(name)!;
  if (Array.isArray(v)) return `(${(v as readonly Value[]).map((x) => escape(x)).join(', ')})`;
  return escape(v as Value);
}

function substitute(sql: string, binds: Binds): string {
  return sql.replace(/::?([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => (name === '__upper_limit' ? '1000000' : escapeBind(binds, name)));
}

function planValue(v: PlanValue, binds: Binds): Value {
  if (v.kind === 'literal') return v.literal.value;
  if (v.kind === 'bind') return binds.get(v.name) as Value;
  throw new Error(`plan value ${v.kind}`);
}

async function query(pool: Pool, sql: string): Promise<Row[]> {
  const [rows] = await pool.query<RowDataPacket[]>({ sql, rowsAsArray: true });
  return rows as unknown as Row[];
}

function truthy(v: Value): boolean {
  return v !== null && Number(v) !== 0;
}

/** Values compared as MySQL's default collation does (case-insensitive), numbers as numbers. */
export function norm(v: Value): Value {
  if (v === null) return null;
  const n = typeof v === 'number' ? v : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!Number.isNaN(n)) return Math.round(n * 1e6) / 1e6;
  return String(v).toLowerCase().trimEnd();
}

function compare(a: Value, b: Value): number {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : 1;
}

function sortRows(rows: Row[], keys: readonly (CompareColumn & { desc: boolean })[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = compare(a[k.col]!, b[k.col]!);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

function aggregate(variant: 'Ordered' | 'Scalar', params: readonly AggregateParam[], groupBy: readonly CompareColumn[], rows: readonly Row[], resultColumns: number | null): Row[] {
  const groups: Row[][] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && (variant === 'Scalar' || groupBy.every((g) => compare(last[0]![g.col]!, r[g.col]!) === 0))) last.push(r);
    else groups.push([r]);
  }
  if (groups.length === 0 && variant === 'Scalar') groups.push([]);
  const width = Math.max(rows[0]?.length ?? 0, ...params.map((p) => p.col + 1));
  const out = groups.map((g) => {
    const row: Row = g[0] ? [...g[0]] : new Array<Value>(width).fill(null);
    while (row.length < width) row.push(null);
    for (const p of params) row[p.col] = aggregateValue(p.opcode, g.map((r) => r[p.col] ?? null));
    return row;
  });
  return resultColumns === null ? out : out.map((r) => r.slice(0, resultColumns));
}

function aggregateValue(opcode: string, values: readonly Value[]): Value {
  const present = values.filter((v) => v !== null);
  const distinct = [...new Map(present.map((v) => [JSON.stringify(norm(v)), v])).values()];
  const sum = (vs: readonly Value[]): Value => (vs.length === 0 ? null : vs.reduce<number>((s, v) => s + Number(v), 0));
  switch (opcode) {
    case 'count_star':
      return values.length;
    case 'count':
      return present.length;
    case 'count_distinct':
      return distinct.length;
    case 'sum_count':
    case 'sum_count_star':
      return sum(present) ?? 0;
    case 'sum':
      return sum(present);
    case 'sum_distinct':
      return sum(distinct);
    case 'avg':
      return present.length === 0 ? null : Number(sum(present)) / present.length;
    case 'min':
    case 'max': {
      const sorted = [...present].sort(compare);
      return (opcode === 'min' ? sorted[0] : sorted[sorted.length - 1]) ?? null;
    }
    case 'any_value':
      return values[0] ?? null;
    case 'group_concat':
      return present.length === 0 ? null : present.join(',');
    default:
      throw new Error(`the test interpreter does not aggregate ${opcode}`);
  }
}
