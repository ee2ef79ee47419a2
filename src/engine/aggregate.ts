/**
 * Aggregate: vtgate merges the shards' partial aggregates (Vitess engine OrderedAggregate and
 * ScalarAggregate). Ordered: the input is sorted on the GROUP BY columns, so a group ends where
 * a key changes (compared under the column's collation); Scalar: all rows form one group, and
 * an empty input still gives one row (counts 0, everything else NULL). Each output row is the
 * group's first row with the aggregate columns replaced; sums are exact (DECIMAL / BIGINT),
 * counts BIGINT.
 */
import type { Aggregate, AggregateParam } from '../planner/plan.js';
import { NULL_VALUE, textValue, valueText, type SqlType, type SqlValue } from '../vindexes/value.js';
import { columnKeys, compareOn, compareValues, exactOf, toDouble, valueKey } from './compare.js';
import { checkMemory, type EngineContext } from './context.js';
import { addDecimal, divDecimal, type Decimal } from './decimal.js';
import { EngineError } from './errors.js';
import { decimalValue, floatValue, intValue } from './eval/values.js';
import { computedField, displayName, renamed, typeClass } from './fields.js';
import { checkOffsets, type EngineField, type EngineResult, type Row } from './result.js';
import { truncate } from './route.js';

interface Accumulator {
  add(v: SqlValue): void;
  result(): SqlValue;
}

type Factory = () => Accumulator;

export function aggregate(ctx: EngineContext, op: Aggregate, input: EngineResult): EngineResult {
  const agg = aggregator(op, input.fields);
  const rows: Row[] = [];
  const keep = (done: readonly Row[]): void => {
    for (const r of done) rows.push(r);
    checkMemory(ctx, rows.length, 'Aggregate');
  };
  for (const row of input.rows) keep(agg.add(row));
  keep(agg.finish());
  return { fields: agg.fields, rows };
}

/** An aggregation fed one row at a time: ordered groups are emitted as soon as their key changes. */
export interface Aggregator {
  /** The output columns (resultColumns applied). */
  readonly fields: readonly EngineField[];
  /** Adds a row; returns the groups this row closed (at most one). */
  add(row: Row): readonly Row[];
  /** Ends the input; returns the last group (a Scalar aggregate over no rows gives its one row). */
  finish(): readonly Row[];
}

export function aggregator(op: Aggregate, inputFields: readonly EngineField[]): Aggregator {
  const fields = inputFields.slice();
  const factories = new Map<number, Factory>();
  // count_star reads no column: over a join that selects none it writes past the input's columns.
  const width = Math.max(inputFields.length, ...op.aggregates.filter((a) => a.opcode === 'count_star').map((a) => a.col + 1));
  for (let i = inputFields.length; i < width; i++) fields.push(computedField('count(*)', 'INT64'));
  for (const a of op.aggregates) {
    const field = fields[a.col];
    if (!field) throw new EngineError('COLUMN_NOT_FOUND', `aggregate ${a.opcode}(${a.col}) reads a column past the input's ${inputFields.length}`);
    const { factory, type } = accumulatorFor(a, field);
    factories.set(a.col, factory);
    // The output column carries the aggregate's name as the user wrote it (Vitess convertFields).
    fields[a.col] = a.col >= inputFields.length ? computedField(displayName(a.alias), type) : type === field.type && a.opcode !== 'count' && a.opcode !== 'count_star' && a.opcode !== 'count_distinct'
      ? renamed(field, displayName(a.alias))
      : computedField(displayName(a.alias), type, { collation: field.collation, decimals: type === 'DECIMAL' ? field.decimals + (a.opcode === 'avg' ? 4 : 0) : undefined });
  }
  checkOffsets('Aggregate', op.groupBy.flatMap((g) => (g.weightStringCol >= 0 ? [g.col, g.weightStringCol] : [g.col])), inputFields.length);
  const groupBy = columnKeys(op.groupBy, inputFields);
  const columns = op.resultColumns;
  const cut = (row: Row): Row => (columns === null || row.length <= columns ? row : row.slice(0, columns));
  let first: Row | undefined;
  let accs: Map<number, Accumulator> | undefined;
  const flush = (): Row[] => {
    if (!first || !accs) return [];
    const out = first.length < width ? [...first, ...new Array<SqlValue>(width - first.length).fill(NULL_VALUE)] : first.slice();
    for (const [col, acc] of accs) out[col] = acc.result();
    return [cut(out)];
  };
  const start = (row: Row): void => {
    first = row;
    accs = new Map([...factories].map(([col, f]) => [col, f()]));
  };
  let finished = false;
  return {
    fields: truncate({ fields, rows: [] }, columns).fields,
    add(row) {
      let done: Row[] = [];
      if (first === undefined || (op.variant === 'Ordered' && groupBy.some((g) => compareOn(first!, row, g) !== 0))) {
        done = flush();
        start(row);
      }
      for (const [col, acc] of accs!) acc.add(row[col]!);
      return done;
    },
    finish() {
      if (finished) return [];
      finished = true;
      if (first === undefined && op.variant === 'Scalar') start(fields.map(() => NULL_VALUE));
      return flush();
    },
  };
}

function accumulatorFor(a: AggregateParam, field: EngineField): { factory: Factory; type: SqlType } {
  const sumType: SqlType = typeClass(field.type) === 'float' || typeClass(field.type) === 'text' || typeClass(field.type) === 'binary' ? 'FLOAT64' : 'DECIMAL';
  switch (a.opcode) {
    case 'sum_count':
    case 'sum_count_star':
    case 'sum_count_distinct':
      return { factory: () => sum(true), type: 'INT64' };
    case 'count':
      return { factory: () => counter((v) => v.type !== 'NULL_TYPE'), type: 'INT64' };
    case 'count_star':
      return { factory: () => counter(() => true), type: 'INT64' };
    case 'count_distinct':
      return { factory: () => distinctCounter(field.collation), type: 'INT64' };
    case 'sum':
    case 'sum_sum_distinct':
      return { factory: () => sum(false), type: sumType };
    case 'sum_distinct':
      return { factory: () => distinct(field.collation, sum(false)), type: sumType };
    case 'min':
    case 'max':
      return { factory: () => extreme(a.opcode === 'max', field.collation), type: field.type };
    case 'any_value':
      return { factory: anyValue, type: field.type };
    case 'group_concat':
      return { factory: groupConcat, type: typeClass(field.type) === 'binary' ? 'BLOB' : 'TEXT' };
    case 'avg':
      return { factory: avg, type: sumType };
    default:
      throw new EngineError('AGGREGATE_NOT_SUPPORTED', `the router does not compute the ${a.opcode} aggregate at vtgate`, { details: { opcode: a.opcode } });
  }
}

function counter(counts: (v: SqlValue) => boolean): Accumulator {
  let n = 0n;
  return { add: (v) => { if (counts(v)) n++; }, result: () => intValue(n) };
}

/** Sums exactly while every value is exact, in doubles once one is not; `counts`: partial counts, 0 when empty. */
function sum(counts: boolean): Accumulator {
  let exact: Decimal | undefined;
  let float: number | undefined;
  let any = false;
  let integral = true;
  return {
    add(v) {
      if (v.type === 'NULL_TYPE') return;
      any = true;
      const d = float === undefined ? exactOf(v) : undefined;
      if (d) {
        if (typeClass(v.type) === 'decimal') integral = false;
        exact = exact ? addDecimal(exact, d) : d;
      } else {
        float = (float ?? (exact ? Number(valueText(decimalValue(exact))) : 0)) + toDouble(v);
      }
    },
    result() {
      if (counts) return intValue(exact?.units ?? 0n);
      if (!any) return NULL_VALUE;
      if (float !== undefined) return floatValue(float);
      return integral ? textValue('DECIMAL', exact!.units.toString()) : decimalValue(exact!);
    },
  };
}

function distinct(collation: number, inner: Accumulator): Accumulator {
  const seen = new Set<string>();
  return {
    add(v) {
      if (v.type === 'NULL_TYPE') return;
      const key = valueKey(v, collation);
      if (seen.has(key)) return;
      seen.add(key);
      inner.add(v);
    },
    result: () => inner.result(),
  };
}

function distinctCounter(collation: number): Accumulator {
  const seen = new Set<string>();
  return { add: (v) => { if (v.type !== 'NULL_TYPE') seen.add(valueKey(v, collation)); }, result: () => intValue(BigInt(seen.size)) };
}

function extreme(max: boolean, collation: number): Accumulator {
  let best: SqlValue = NULL_VALUE;
  return {
    add(v) {
      if (v.type === 'NULL_TYPE') return;
      if (best.type === 'NULL_TYPE') best = v;
      else {
        const c = compareValues(v, best, collation);
        if (max ? c > 0 : c < 0) best = v;
      }
    },
    result: () => best,
  };
}

function anyValue(): Accumulator {
  let value: SqlValue | undefined;
  return { add: (v) => { value ??= v; }, result: () => value ?? NULL_VALUE };
}

/** Partial group_concat results joined with MySQL's default separator. */
function groupConcat(): Accumulator {
  const parts: string[] = [];
  let binary = false;
  return {
    add(v) {
      if (v.type === 'NULL_TYPE') return;
      binary ||= typeClass(v.type) === 'binary';
      parts.push(valueText(v));
    },
    result: () => (parts.length === 0 ? NULL_VALUE : textValue(binary ? 'BLOB' : 'TEXT', parts.join(','))),
  };
}

/** avg computed at vtgate over rows (no partial sums): exact sum / count with 4 more decimals. */
function avg(): Accumulator {
  const total = sum(false);
  let n = 0n;
  return {
    add(v) {
      if (v.type === 'NULL_TYPE') return;
      n++;
      total.add(v);
    },
    result() {
      const s = total.result();
      if (n === 0n || s.type === 'NULL_TYPE') return NULL_VALUE;
      if (s.type === 'FLOAT64') return floatValue(toDouble(s) / Number(n));
      const q = divDecimal(exactOf(s)!, { units: n, scale: 0 });
      return q ? decimalValue(q) : NULL_VALUE;
    },
  };
}
