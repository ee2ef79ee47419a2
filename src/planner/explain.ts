/**
 * A plan in the JSON shape of Vitess's `vexplain plan`: Type, QueryType, Original,
 * Instructions ({OperatorType, Variant, Keyspace {Name, Sharded}, Vindex, Values, Query,
 * FieldQuery, Inputs, ...}) and TablesUsed, with Vitess's field names and value notation.
 */
import { VINDEX_FUNC_COLUMNS, type AggregateParam, type AutoIncrementPlan, type CompareColumn, type DmlCommon, type Insert, type KeyspaceRef, type Operator, type Plan, type Route, type SortKey } from './plan.js';
import { printValue } from './values.js';

export type ExplainJson = { readonly [key: string]: unknown };

export function explainPlan(plan: Plan): ExplainJson {
  const out: Record<string, unknown> = { Type: plan.type, QueryType: plan.queryType, Original: plan.original };
  if (plan.instructions) out['Instructions'] = explainOperator(plan.instructions);
  out['TablesUsed'] = [...plan.tablesUsed];
  return out;
}

const ks = (k: KeyspaceRef): ExplainJson => ({ Name: k.name, Sharded: k.sharded });

export function explainOperator(op: Operator): ExplainJson {
  switch (op.kind) {
    case 'Route':
      return explainRoute(op);
    case 'VindexLookup':
      return {
        OperatorType: 'VindexLookup',
        Variant: op.variant,
        Keyspace: ks(op.keyspace),
        Values: op.values.map(printValue),
        Vindex: op.vindex,
        Inputs: [explainOperator(op.lookup), explainOperator(op.route)],
      };
    case 'Insert':
      return explainInsert(op);
    case 'Update': {
      const o = explainDml('Update', op);
      if (op.changedVindexes.length > 0) o['ChangedVindexValues'] = op.changedVindexes.map((c) => `${c.vindex}:${c.offset}`);
      return o;
    }
    case 'Delete':
      return explainDml('Delete', op);
    case 'Aggregate': {
      const o: Record<string, unknown> = { OperatorType: 'Aggregate', Variant: op.variant };
      if (op.aggregates.length > 0) o['Aggregates'] = op.aggregates.map(aggregateText).join(', ');
      if (op.groupBy.length > 0) o['GroupBy'] = op.groupBy.map(groupByText).join(', ');
      if (op.resultColumns !== null) o['ResultColumns'] = op.resultColumns;
      return withInputs(o, op.input);
    }
    case 'Filter':
      return withInputs({ OperatorType: 'Filter', Predicate: op.predicate }, op.input);
    case 'Sort': {
      const o: Record<string, unknown> = { OperatorType: 'Sort', Variant: 'Memory', OrderBy: sortKeys(op.keys) };
      if (op.resultColumns !== null) o['ResultColumns'] = op.resultColumns;
      return withInputs(o, op.input);
    }
    case 'Limit': {
      const o: Record<string, unknown> = { OperatorType: 'Limit', Count: printValue(op.count) };
      if (op.offset) o['Offset'] = printValue(op.offset);
      return withInputs(o, op.input);
    }
    case 'Distinct': {
      const o: Record<string, unknown> = { OperatorType: 'Distinct' };
      if (op.columns.length > 0) o['Collations'] = op.columns.map(checkColText);
      if (op.resultColumns !== null) o['ResultColumns'] = op.resultColumns;
      return withInputs(o, op.input);
    }
    case 'SimpleProjection':
      return withInputs({ OperatorType: 'SimpleProjection', Columns: op.columns.join(',') }, op.input);
    case 'Projection':
      return withInputs({ OperatorType: 'Projection', Expressions: [...op.expressions] }, op.input);
    case 'SingleRow':
      return { OperatorType: 'SingleRow' };
    case 'Rows':
      return { OperatorType: 'Rows' };
    case 'VindexFunc':
      return {
        OperatorType: 'VindexFunc',
        Variant: op.variant,
        Columns: [...op.columns],
        Fields: Object.fromEntries(VINDEX_FUNC_COLUMNS.map((c) => [c, 'VARBINARY'])),
        Value: printValue(op.value),
        Vindex: op.vindex,
      };
    case 'Vtgate': {
      const o: Record<string, unknown> = { OperatorType: op.operatorType };
      if (op.variant) o['Variant'] = op.variant;
      Object.assign(o, op.fields);
      if (op.inputs.length > 0) o['Inputs'] = op.inputs.map(explainOperator);
      return o;
    }
    case 'Concatenate':
      return { OperatorType: 'Concatenate', Inputs: op.inputs.map(explainOperator) };
    case 'SQL_CALC_FOUND_ROWS':
      return { OperatorType: 'SQL_CALC_FOUND_ROWS', Inputs: [explainOperator(op.limit), explainOperator(op.count)] };
    case 'UncorrelatedSubquery':
      return { OperatorType: 'UncorrelatedSubquery', Variant: op.variant, PulloutVars: [...op.vars], Inputs: [explainOperator(op.subquery), explainOperator(op.outer)] };
    case 'Join': {
      const o: Record<string, unknown> = { OperatorType: 'Join', Variant: op.variant, JoinColumnIndexes: op.columns.map((c) => `${c.side}:${c.index}`).join(',') };
      if (Object.keys(op.vars).length > 0) o['JoinVars'] = { ...op.vars };
      return { ...o, Inputs: [explainOperator(op.left), explainOperator(op.right)] };
    }
    case 'SemiJoin': {
      // Vitess prints the left side's columns as negative, 1-based indexes.
      const o: Record<string, unknown> = { OperatorType: 'SemiJoin', ProjectedIndexes: op.columns.map((c) => `-${c + 1}`).join(',') };
      if (Object.keys(op.vars).length > 0) o['JoinVars'] = { ...op.vars };
      return { ...o, Inputs: [explainOperator(op.left), explainOperator(op.right)] };
    }
    case 'RecurseCTE':
      return { OperatorType: 'RecurseCTE', JoinVars: { ...op.vars }, Inputs: [explainOperator(op.seed), explainOperator(op.term)] };
    case 'FkCascade':
      return {
        OperatorType: 'FkCascade',
        Inputs: [
          named('Selection', op.selection),
          ...op.children.map((c, i) => {
            const o: Record<string, unknown> = { InputName: `CascadeChild-${i + 1}`, ...explainOperator(c.exec), BvName: c.bvName, Cols: [...c.cols] };
            if (c.nonLiteral.length > 0) {
              o['NonLiteralUpdateInfo'] = c.nonLiteral.map((n) => ({ CompExprCol: n.compExprCol, UpdateExprCol: n.updateExprCol, UpdateExprBvName: n.updateExprBvName }));
            }
            return o;
          }),
          named('Parent', op.parent),
        ],
      };
    case 'FkVerify':
      return { OperatorType: 'FKVerify', Inputs: [...op.verify.map((v, i) => named(`${v.type}-${i + 1}`, v.exec)), named('PostVerify', op.exec)] };
    case 'DMLWithInput': {
      const o: Record<string, unknown> = { OperatorType: 'DMLWithInput', TargetTabletType: 'PRIMARY' };
      if (op.bindVars.some((b) => Object.keys(b).length > 0)) {
        o['BindVars'] = op.bindVars.map((b, i) => `${i}:[${Object.entries(b).map(([k, v]) => `${k}:${v}`).join(' ')}]`);
      }
      o['Offset'] = op.offsets.map((cols, i) => `${i}:[${cols.join(' ')}]`);
      return { ...o, Inputs: [explainOperator(op.source), ...op.dml.map(explainOperator)] };
    }
    case 'Sequential':
      return { OperatorType: 'Sequential', Inputs: op.inputs.map(explainOperator) };
    case 'Upsert':
      return {
        OperatorType: 'Upsert',
        TargetTabletType: 'PRIMARY',
        Inputs: op.pairs.flatMap((p, i) => [named(`Insert-${i + 1}`, p.insert), named(`Update-${i + 1}`, p.update)]),
      };
    case 'Send': {
      const o: Record<string, unknown> = { OperatorType: 'Send', Keyspace: ks(op.keyspace), TargetDestination: op.targetDestination };
      if (op.isDml) o['IsDML'] = true;
      o['Query'] = op.query;
      if (op.shardNameNeeded) o['ShardNameNeeded'] = true;
      if (op.singleShardOnly) o['SingleShardOnly'] = true;
      return o;
    }
  }
}

function named(name: string, op: Operator): ExplainJson {
  return { InputName: name, ...explainOperator(op) };
}

function withInputs(o: Record<string, unknown>, input: Operator): ExplainJson {
  return { ...o, Inputs: [explainOperator(input)] };
}

export function sortKeys(keys: readonly SortKey[]): string {
  return keys.map(sortKeyText).join(', ');
}

/** Vitess's OrderByParams: `0 ASC`, `(1|3) DESC`, `1 ASC COLLATE latin1_swedish_ci`. */
export function sortKeyText(k: SortKey): string {
  return `${pairText(k, '|')} ${k.desc ? 'DESC' : 'ASC'}${collateText(k)}`;
}

/** Vitess's GroupByParams: `0`, `(0|2)`, `1 COLLATE latin1_swedish_ci`. */
function groupByText(k: CompareColumn): string {
  return `${pairText(k, '|')}${collateText(k)}`;
}

/** Vitess's AggregateParams: `sum_count_star(1) AS count(*)`, `min(1|3) AS min(x)`. */
function aggregateText(a: AggregateParam): string {
  const col = a.weightStringCol >= 0 ? `${a.col}|${a.weightStringCol}` : `${a.col}`;
  // Vitess prints the collation of aggregated text only when it implements it.
  const collate = a.collation ? ` COLLATE ${a.collation}` : '';
  return `${a.opcode}(${col}${collate}) AS ${a.alias}`;
}

/** Vitess's CheckCol (Distinct): `0`, `(0:2)`, `1: utf8mb4_0900_ai_ci`. */
function checkColText(k: CompareColumn): string {
  return `${pairText(k, ':')}${k.collation !== null ? `: ${k.collation}` : ''}`;
}

function pairText(k: CompareColumn, sep: string): string {
  return k.weightStringCol >= 0 && k.weightStringCol !== k.col ? `(${k.col}${sep}${k.weightStringCol})` : `${k.col}`;
}

function collateText(k: CompareColumn): string {
  return k.collation !== null ? ` COLLATE ${k.collation}` : '';
}

function explainRoute(r: Route): ExplainJson {
  const o: Record<string, unknown> = { OperatorType: 'Route', Variant: r.variant, Keyspace: ks(r.keyspace) };
  if (r.targetDestination) o['TargetDestination'] = r.targetDestination;
  // FieldQuery (vexplain prints it) is left out for now: the documented explain output predates it.
  if (r.orderBy.length > 0) o['OrderBy'] = r.orderBy.map((x) => x.text).join(', ');
  o['Query'] = r.query;
  if (r.sysTableSchema) o['SysTableTableSchema'] = r.sysTableSchema;
  if (r.sysTableName) o['SysTableTableName'] = r.sysTableName;
  if (r.table) o['Table'] = r.table;
  if (r.values.length > 0) o['Values'] = r.values.map(printValue);
  if (r.vindex) o['Vindex'] = r.vindex;
  if (r.resultColumns !== null) o['ResultColumns'] = r.resultColumns;
  return o;
}

export function autoIncrementText(a: AutoIncrementPlan): string {
  const source = a.offset !== null ? `Offset(${a.offset})` : `Values::(${a.values.map(printValue).join(', ')})`;
  return `select next :n /* INT64 */ values from ${a.sequence}:${source}`;
}

function explainInsert(op: Insert): ExplainJson {
  const o: Record<string, unknown> = { OperatorType: 'Insert', Variant: op.variant, Keyspace: ks(op.keyspace) };
  if (op.autoIncrement) o['AutoIncrement'] = autoIncrementText(op.autoIncrement);
  if (op.ignore) o['InsertIgnore'] = true;
  o['Query'] = op.query;
  o['TableName'] = op.table;
  if (op.vindexValues.length > 0) {
    const vv: Record<string, string> = {};
    for (const v of op.vindexValues) vv[v.vindex] = v.columns.flatMap((rows) => rows.map(printValue)).join(', ');
    o['VindexValues'] = vv;
  }
  if (op.vindexOffsets.length > 0) {
    const vo: Record<string, string> = {};
    for (const v of op.vindexOffsets) vo[v.vindex] = `[${v.offsets.join(', ')}]`;
    o['VindexOffsetFromSelect'] = vo;
  }
  if (op.input) o['Inputs'] = [explainOperator(op.input)];
  return o;
}

function explainDml(kind: 'Update' | 'Delete', op: DmlCommon): Record<string, unknown> {
  const o: Record<string, unknown> = { OperatorType: kind, Variant: op.variant, Keyspace: ks(op.keyspace) };
  if (op.targetDestination) o['TargetDestination'] = op.targetDestination;
  if (op.ksidVindex) {
    o['KsidLength'] = op.ksidLength;
    o['KsidVindex'] = op.ksidVindex;
    if (op.ownedVindexQuery) o['OwnedVindexQuery'] = op.ownedVindexQuery;
  }
  o['Query'] = op.query;
  if (op.table) o['Table'] = op.table;
  if (op.values.length > 0) o['Values'] = op.values.map(printValue);
  if (op.vindex) o['Vindex'] = op.vindex;
  return o;
}
