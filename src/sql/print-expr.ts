/**
 * Expressions in Vitess's output style: lower-case keywords, identifiers backticked only when Vitess
 * does (keywords.ts), strings single-quoted, numbers as written, and parentheses only where the
 * operator precedence needs them (Vitess's precedence table: a child binding more loosely than its
 * parent is wrapped; on the right side, an equally binding child is wrapped too).
 */

import type { ColumnRef, Expr, OrderBy, Over, SelectStatement, TableName } from './ast.js';
import { formatIdent } from './keywords.js';
import { quoteString } from './literals.js';

/** Set by print.ts (statements print expressions and expressions print subqueries). */
export const hooks: { printQuery: (s: SelectStatement) => string } = {
  printQuery: () => {
    throw new Error('printQuery hook not set');
  },
};

// Larger binds more loosely (Vitess's precedence.go).
function precedence(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      switch (e.op) {
        case ':=':
          return 17;
        case 'or':
          return 16;
        case 'xor':
          return 15;
        case 'and':
          return 14;
        case '=': case '!=': case '<>': case '<': case '<=': case '>': case '>=': case '<=>':
        case 'like': case 'not like': case 'regexp': case 'not regexp':
          return 11;
        case '|':
          return 10;
        case '&':
          return 9;
        case '<<': case '>>':
          return 8;
        case '+': case '-':
          return 7;
        case '*': case '/': case 'div': case '%': case 'mod':
          return 6;
        case '^':
          return 5;
        case '->': case '->>':
          return 0;
      }
      return 0;
    case 'unary':
      return e.op === 'not' ? 13 : e.op === '!' ? 3 : e.op === 'binary' ? 2 : 4;
    case 'in':
    case 'is':
      return 11;
    case 'between':
      return 12;
    case 'collate':
      return 2;
    case 'interval':
      return 1;
    default:
      return 0;
  }
}

/** `child` printed as an operand of `parent`, parenthesised when precedence requires. */
function operand(parent: Expr, child: Expr, left: boolean): string {
  const text = printExpr(child);
  const p = precedence(parent);
  const c = precedence(child);
  if (p === 0 || c === 0) return text;
  if (parent.kind === 'is' && child.kind === 'is') return `(${text})`;
  return (left ? c > p : c >= p) ? `(${text})` : text;
}

export function printTableName(t: TableName): string {
  if (t.qualifier === null && t.name.toLowerCase() === 'dual') return t.name;
  return t.qualifier === null ? formatIdent(t.name) : `${formatIdent(t.qualifier)}.${formatIdent(t.name)}`;
}

export function printColumn(c: ColumnRef): string {
  return c.table === null ? formatIdent(c.name) : `${printTableName(c.table)}.${formatIdent(c.name)}`;
}

export function printOrderBy(items: readonly OrderBy[]): string {
  // Vitess writes every direction out (its AST defaults to ascending), except after `null` and `rand()`.
  return items.map((o) => {
    const e = o.expr;
    const bare = (e.kind === 'literal' && e.type === 'null') || (e.kind === 'func' && e.name.toLowerCase() === 'rand');
    return bare && o.direction === null ? printExpr(e) : `${printExpr(e)} ${o.direction ?? 'asc'}`;
  }).join(', ');
}

function list(items: readonly Expr[]): string {
  return items.map(printExpr).join(', ');
}

function printOver(o: Over | null | undefined): string {
  if (!o) return '';
  if (o.name !== null) return ` over ${formatIdent(o.name)}`;
  const parts: string[] = [];
  if (o.partitionBy.length > 0) parts.push(`partition by ${list(o.partitionBy)}`);
  if (o.orderBy.length > 0) parts.push(`order by ${printOrderBy(o.orderBy)}`);
  if (o.frame !== null) parts.push(o.frame);
  return ` over (${parts.join(' ')})`;
}

// Functions Vitess parses into dedicated nodes and prints in lower case; others keep their case.
const LOWER_FUNCS = new Set(
  `now current_timestamp current_date current_time utc_timestamp utc_time utc_date localtime localtimestamp curdate
  curtime sysdate timestampadd timestampdiff date_add date_sub adddate subdate extract substr substring char trim ltrim
  rtrim weight_string convert cast locate regexp_instr regexp_like regexp_replace regexp_substr get_lock release_lock
  release_all_locks is_free_lock is_used_lock lag lead first_value last_value nth_value ntile row_number rank dense_rank
  cume_dist percent_rank json_array json_object json_quote json_contains json_contains_path json_extract json_unquote
  json_keys json_overlaps json_search json_value json_depth json_length json_type json_valid json_array_append
  json_array_insert json_insert json_replace json_set json_merge json_merge_patch json_merge_preserve json_remove
  json_pretty json_storage_free json_storage_size json_schema_valid json_schema_validation_report json_attributes
  gtid_subset gtid_subtract wait_for_executed_gtid_set wait_until_sql_thread_after_gtids point linestring polygon
  multipoint multilinestring multipolygon geometrycollection st_astext st_aswkt st_asbinary st_aswkb st_geomfromtext
  st_geomfromwkb st_x st_y st_latitude st_longitude st_srid st_dimension st_envelope st_isempty st_issimple
  st_geometrytype st_length st_area st_centroid st_exteriorring st_numpoints st_pointn st_startpoint st_endpoint
  st_isclosed st_numinteriorrings st_interiorringn st_numgeometries st_geometryn st_pointfromtext st_linestringfromtext
  st_polygonfromtext st_asgeojson st_geomfromgeojson last_insert_id`.split(/\s+/),
);

export function printFuncName(name: string): string {
  return LOWER_FUNCS.has(name.toLowerCase()) ? name.toLowerCase() : name;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return printColumn(e);
    case 'literal':
      switch (e.type) {
        case 'string':
          return (e.charset === null ? '' : `_${e.charset} `) + quoteString(e.value);
        case 'null':
          return 'null';
        case 'date':
        case 'time':
        case 'timestamp':
          return `${e.type}${quoteString(e.value)}`;
        default:
          return (e.charset === null ? '' : `_${e.charset} `) + e.value;
      }
    case 'bind':
      return (e.list ? '::' : ':') + e.name;
    case 'offset':
      // As Vitess prints an evaluated column (sqlparser.Offset).
      return `:${e.index}`;
    case 'binary': {
      const right = e.quantifier ? `${e.quantifier} ${printExpr(e.right)}` : operand(e, e.right, false);
      const escape = e.escape === null ? '' : ` escape ${printExpr(e.escape)}`;
      return `${operand(e, e.left, true)} ${e.op} ${right}${escape}`;
    }
    case 'unary':
      if (e.op === 'not' || e.op === 'binary') return `${e.op} ${operand(e, e.expr, true)}`;
      // Vitess separates stacked signs (`- -a`) so that they do not read as a comment.
      return e.expr.kind === 'unary' || (e.expr.kind === 'literal' && e.expr.value.startsWith('-'))
        ? `${e.op} ${operand(e, e.expr, true)}`
        : `${e.op}${operand(e, e.expr, true)}`;
    case 'in': {
      const l = e.list;
      const right = Array.isArray(l) ? `(${list(l)})` : printExpr(l as Expr);
      return `${operand(e, e.expr, true)} ${e.not ? 'not in' : 'in'} ${right}`;
    }
    case 'between':
      return `${operand(e, e.expr, true)} ${e.not ? 'not between' : 'between'} ${operand(e, e.low, true)} and ${operand(e, e.high, false)}`;
    case 'is':
      return `${operand(e, e.expr, true)} is ${e.not ? 'not ' : ''}${e.value}`;
    case 'tuple':
      return `(${list(e.items)})`;
    case 'func':
      if (e.name.toLowerCase() === 'extract' && e.args.length === 1 && e.args[0]?.kind === 'interval') {
        return `extract(${e.args[0].unit} from ${printExpr(e.args[0].expr)})`;
      }
      return `${printFuncName(e.name)}(${list(e.args)})${printOver(e.over)}`;
    case 'aggregate': {
      const distinct = e.distinct ? 'distinct ' : '';
      const args = e.star ? '*' : list(e.args);
      const order = e.orderBy.length > 0 ? ` order by ${printOrderBy(e.orderBy)}` : '';
      const sep = e.separator === null ? '' : ` separator ${quoteString(e.separator)}`;
      return `${e.name}(${distinct}${args}${order}${sep})${printOver(e.over)}`;
    }
    case 'case': {
      const operandText = e.operand === null ? '' : ` ${printExpr(e.operand)}`;
      const whens = e.whens.map((w) => ` when ${printExpr(w.when)} then ${printExpr(w.then)}`).join('');
      const otherwise = e.else === null ? '' : ` else ${printExpr(e.else)}`;
      return `case${operandText}${whens}${otherwise} end`;
    }
    case 'subquery':
      return `(${hooks.printQuery(e.select)})`;
    case 'exists':
      return `exists (${hooks.printQuery(e.select)})`;
    case 'variable':
      return printVariable(e);
    case 'cast':
      if (e.style === 'cast') return `cast(${printExpr(e.expr)} as ${e.type})`;
      if (e.style === 'convert') return `convert(${printExpr(e.expr)}, ${e.type})`;
      return `convert(${printExpr(e.expr)} using ${e.type})`;
    case 'interval':
      return `interval ${printExpr(e.expr)} ${e.unit}`;
    case 'collate':
      return `${operand(e, e.expr, true)} collate ${e.collation}`;
    case 'default':
      return e.column === null ? 'default' : `default(${formatIdent(e.column)})`;
    case 'values_func':
      return `values(${printColumn(e.column)})`;
    case 'match': {
      const mod = e.modifier === null ? '' : ` ${e.modifier}`;
      return `match(${e.columns.map(printColumn).join(', ')}) against (${printExpr(e.against)}${mod})`;
    }
  }
}

// Variable names are not keyword-quoted (`@@session.autocommit`), only quoted when they hold other characters.
function varName(name: string): string {
  return /^[A-Za-z0-9_$\u0080-\uffff]+$/.test(name) ? name : '`' + name.replaceAll('`', '``') + '`';
}

export function printVariable(v: { scope: 'user' | 'session' | 'global'; name: string; explicitScope: boolean }): string {
  if (v.scope === 'user') return `@${varName(v.name)}`;
  const name = v.name.split('.').map(varName).join('.');
  if (v.scope === 'global') return `@@global.${name}`;
  return v.explicitScope ? `@@session.${name}` : `@@${name}`;
}
