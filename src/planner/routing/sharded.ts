/**
 * Sharded routing (Vitess operators.ShardedRouting): every vindex of every table of the route
 * collects options from the predicates (`=`, IN, tuple IN, LIKE on prefix vindexes, BETWEEN on
 * sequential ones, IS NULL); a multi-column vindex's option is ready once every column has a
 * value. The cheapest ready option routes the statement; with none the route scatters.
 * Backfilling (write_only) vindexes never route: their lookup rows may be incomplete.
 */
import type { ColumnRef, Expr } from '../../sql/ast.js';
import type { ColumnVindex, Keyspace } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { routableValue } from '../expr/constant.js';
import { extractInFromOr } from '../expr/extract-in.js';
import type { RouteVariant } from '../plan.js';
import type { TableLeaf } from '../semantics/leaves.js';
import { NULL_VALUE_PLAN, tupleColumnValue, tupleValue, type PlanValue } from '../values.js';
import { lessCost, opcodeRank, type Cost } from './cost.js';

export interface VindexOption {
  readonly colVindex: ColumnVindex;
  readonly leafId: number;
  /** Per vindex column (null until that column has a value). */
  readonly values: (PlanValue | null)[];
  /** The expressions the values came from, per column (compared when merging routes). */
  readonly valueExprs: (Expr | null)[];
  /** The predicate that gave each column its value (an IN routed with is rewritten to `::__vals`). */
  readonly predicates: (Expr | null)[];
  readonly seen: Set<string>;
  opcode: RouteVariant;
  ready: boolean;
}

interface VindexPreds {
  readonly colVindex: ColumnVindex;
  readonly leafId: number;
  readonly options: VindexOption[];
}

export interface ShardedRouting {
  readonly kind: 'sharded';
  readonly keyspace: Keyspace;
  readonly selected: VindexOption | null;
  readonly opcode: RouteVariant;
}

type OpcodeFor = (cv: ColumnVindex) => RouteVariant | null;

export function costOf(o: VindexOption): Cost {
  return { opcode: o.opcode, vindexCost: o.colVindex.cost, unique: o.colVindex.vindex.unique && !o.colVindex.partial };
}

const equalOrUnique: OpcodeFor = (cv) => (cv.partial ? 'SubShard' : cv.vindex.unique ? 'EqualUnique' : 'Equal');

export class ShardedRoutingBuilder {
  private readonly preds: VindexPreds[] = [];
  /** The predicate being added: options record it. */
  private current: Expr | null = null;

  constructor(
    private readonly ctx: PlanContext,
    readonly keyspace: Keyspace,
    tables: readonly TableLeaf[],
  ) {
    for (const t of tables) {
      for (const cv of t.table.columnVindexes) {
        if (cv.vindex.backfilling) continue;
        this.preds.push({ colVindex: cv, leafId: t.id, options: [] });
      }
    }
  }

  add(e: Expr): void {
    this.current = e;
    switch (e.kind) {
      case 'binary':
        if (e.op === '=') this.planEqual(e.left, e.right);
        else if (e.op === 'like') this.planLike(e.left, e.right);
        else if (e.op === 'or') {
          const tupleIn = extractInFromOr(e);
          if (tupleIn) this.planIn(tupleIn.expr, tupleIn.list);
        }
        return;
      case 'in':
        if (!e.not) this.planIn(e.expr, e.list);
        return;
      case 'between':
        if (!e.not && e.expr.kind === 'column') this.planBetween(e.expr, e.low, e.high);
        return;
      case 'is':
        if (e.value === 'null' && !e.not && e.expr.kind === 'column') {
          // Lookup vindexes have no row for NULL: IS NULL cannot route through them.
          this.match(e.expr, NULL_VALUE_PLAN, null, (cv) => (cv.vindex.kind === 'lookup' ? null : equalOrUnique(cv)));
        }
        return;
      default:
        return;
    }
  }

  finish(): ShardedRouting {
    let selected: VindexOption | null = null;
    for (const p of this.preds) {
      let best: VindexOption | null = null;
      for (const o of p.options) if (o.ready && (best === null || lessCost(costOf(o), costOf(best)))) best = o;
      if (best && (selected === null || lessCost(costOf(best), costOf(selected)))) selected = best;
    }
    return { kind: 'sharded', keyspace: this.keyspace, selected, opcode: selected ? selected.opcode : 'Scatter' };
  }

  private planEqual(left: Expr, right: Expr): void {
    if (left.kind === 'tuple' && right.kind === 'tuple' && left.items.length === right.items.length) {
      left.items.forEach((l, i) => this.planEqual(l, right.items[i]!));
      return;
    }
    const [col, other] = left.kind === 'column' ? [left, right] : right.kind === 'column' ? [right, left] : [null, null];
    if (!col || !other) return;
    const value = routableValue(other);
    if (value) this.match(col, value, other, equalOrUnique);
  }

  private planLike(left: Expr, right: Expr): void {
    if (left.kind !== 'column') return;
    const value = routableValue(right);
    // Only prefix vindexes (cfc) route a LIKE pattern, to the key ranges of its prefix.
    if (value) this.match(left, value, right, (cv) => (cv.vindex.prefixable ? 'Equal' : null));
  }

  private planBetween(col: ColumnRef, low: Expr, high: Expr): void {
    const lo = routableValue(low);
    const hi = routableValue(high);
    if (lo && hi) this.match(col, tupleValue([lo, hi]), null, (cv) => (cv.vindex.sequential ? 'Between' : null));
  }

  private planIn(left: Expr, list: readonly Expr[] | Expr): void {
    if (left.kind === 'column') {
      if (Array.isArray(list)) {
        const items = list as readonly Expr[];
        if (items.length === 1) return this.planEqual(left, items[0]!);
        const values = items.map(routableValue);
        if (values.every((v): v is PlanValue => v !== null)) this.match(left, tupleValue(values), null, () => 'IN');
        return;
      }
      const l = list as Expr;
      if (l.kind === 'bind' && l.list) this.match(left, { kind: 'listBind', name: l.name }, null, () => 'IN');
      return;
    }
    if (left.kind !== 'tuple') return;
    if (Array.isArray(list)) return this.planTupleIn(left.items, list as readonly Expr[]);
    const l = list as Expr;
    if (l.kind === 'bind' && l.list) {
      left.items.forEach((item, i) => {
        if (item.kind === 'column') this.match(item, tupleColumnValue(l.name, i), null, () => 'MultiEqual');
      });
    }
  }

  /** `(a, b) in ((1, 2), (3, 4))`: column a routes MultiEqual with (1, 3), b with (2, 4). */
  private planTupleIn(columns: readonly Expr[], rows: readonly Expr[]): void {
    columns.forEach((c, i) => {
      const values: PlanValue[] = [];
      for (const row of rows) {
        if (row.kind !== 'tuple' || row.items.length !== columns.length) return;
        values.push(...[routableValue(row.items[i]!)].filter((v): v is PlanValue => v !== null));
      }
      if (values.length !== rows.length) return;
      if (c.kind === 'column') this.match(c, tupleValue(values), null, () => 'MultiEqual');
      else if (c.kind === 'tuple') {
        const inner = rows.map((r) => (r.kind === 'tuple' ? r.items[i]! : r));
        if (inner.every((r) => r.kind === 'tuple')) this.planTupleIn(c.items, inner);
      }
    });
  }

  private match(col: ColumnRef, value: PlanValue, valueExpr: Expr | null, opcodeFor: OpcodeFor): void {
    const binding = this.ctx.bindingOf(col);
    if (binding?.kind !== 'leaf') return;
    const name = col.name.toLowerCase();
    for (const p of this.preds) {
      if (p.leafId !== binding.leaf.id) continue;
      const index = p.colVindex.columns.findIndex((c) => c.toLowerCase() === name);
      if (index < 0) continue;
      const opcode = opcodeFor(p.colVindex);
      if (opcode === null) continue;
      // Only multi-column vindex types take several columns; a lookup over `from: a,b` routes with its first column.
      const multi = p.colVindex.vindex.multiColumn;
      if (!multi && index > 0) continue;
      if (!multi) {
        p.options.push({
          colVindex: p.colVindex,
          leafId: p.leafId,
          values: [value],
          valueExprs: [valueExpr],
          predicates: [this.current],
          seen: new Set([name]),
          opcode,
          ready: true,
        });
        continue;
      }
      // A multi-column vindex: extend every unfinished option lacking this column, and start a new one.
      const extended = p.options.filter((o) => !o.ready && !o.seen.has(name)).map((o) => copyOption(o));
      const fresh: VindexOption = {
        colVindex: p.colVindex,
        leafId: p.leafId,
        values: p.colVindex.columns.map(() => null),
        valueExprs: p.colVindex.columns.map(() => null),
        predicates: p.colVindex.columns.map(() => null),
        seen: new Set(),
        opcode: 'EqualUnique',
        ready: false,
      };
      for (const o of [...extended, fresh]) {
        o.seen.add(name);
        o.values[index] = value;
        o.valueExprs[index] = valueExpr;
        o.predicates[index] = this.current;
        o.ready = o.seen.size === p.colVindex.columns.length;
        if (opcodeRank(o.opcode) < opcodeRank(opcode) || o.seen.size === 1) o.opcode = opcode;
      }
      p.options.push(...extended, fresh);
    }
  }
}

function copyOption(o: VindexOption): VindexOption {
  return { ...o, values: [...o.values], valueExprs: [...o.valueExprs], predicates: [...o.predicates], seen: new Set(o.seen) };
}
