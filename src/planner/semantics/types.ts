/**
 * The SQL type of an expression, as far as the VSchema tells it (Vitess's semantic typer plus the
 * evalengine's type inference): a column has the type its VSchema `columns` entry gives; literals,
 * aggregates and arithmetic over typed operands derive theirs; anything reading a column of unknown
 * type, a bind variable or a subquery is unknown.
 *
 * vtgate needs it where it compares values from several shards (merge-sort, grouping, DISTINCT,
 * MIN/MAX): numbers and dates compare as they are, text compares by its collation when vtgate
 * implements that collation, and everything else compares by the `weight_string(expr)` MySQL
 * sends alongside (Vitess's NeedsWeightString).
 */
import type { Expr, FuncExpr } from '../../sql/ast.js';
import type { PlanContext } from '../context.js';

export interface SqlType {
  /** Vitess's type name (querypb.Type): INT64, DECIMAL, VARCHAR, ... */
  readonly type: string;
  /** Text only: the collation name; null when the name is not a MySQL collation (Vitess's Unknown). */
  readonly collation: string | null;
}

/** The connection collation Vitess gives string literals and text results (MySQL 8's default). */
export const CONNECTION_COLLATION = 'utf8mb4_0900_ai_ci';
/**
 * The collation Vitess gives a text column whose VSchema entry names none (its latin1 default:
 * Vitess plans `order by textcol` as `COLLATE latin1_swedish_ci`).
 */
export const DEFAULT_COLUMN_COLLATION = 'latin1_swedish_ci';

const TEXT = new Set(['VARCHAR', 'CHAR', 'TEXT']);
const INTEGRAL = new Set(['INT8', 'UINT8', 'INT16', 'UINT16', 'INT24', 'UINT24', 'INT32', 'UINT32', 'INT64', 'UINT64', 'YEAR', 'BIT']);
const FLOAT = new Set(['FLOAT32', 'FLOAT64']);
const NUMERIC = new Set([...INTEGRAL, ...FLOAT, 'DECIMAL']);

/** MySQL character sets vtgate has no collation implementation for (Vitess's unsupported collations). */
const UNSUPPORTED_CHARSETS = ['big5', 'gbk', 'gb2312', 'gb18030', 'sjis', 'cp932', 'ujis', 'eucjpms', 'euckr'];
/** MySQL character sets: a collation name starts with one of them (`utf8mb4_bin`, `latin1_swedish_ci`). */
const CHARSETS = [
  'utf8mb4', 'utf8mb3', 'utf8', 'utf16le', 'utf16', 'utf32', 'ucs2', 'latin1', 'latin2', 'latin5', 'latin7', 'ascii', 'binary',
  'cp1250', 'cp1251', 'cp1256', 'cp1257', 'cp850', 'cp852', 'cp866', 'dec8', 'greek', 'hebrew', 'hp8', 'keybcs2', 'koi8r',
  'koi8u', 'macce', 'macroman', 'swe7', 'armscii8', 'geostd8', 'tis620', ...UNSUPPORTED_CHARSETS,
];

export function isText(t: SqlType): boolean {
  return TEXT.has(t.type);
}

/** A collation vtgate can compare with itself. */
export function isSupportedCollation(name: string | null): boolean {
  if (!name) return false;
  const charset = charsetOf(name);
  return charset !== null && !UNSUPPORTED_CHARSETS.includes(charset);
}

function charsetOf(collation: string): string | null {
  const lower = collation.toLowerCase();
  if (lower === 'binary') return 'binary';
  return CHARSETS.find((c) => lower.startsWith(`${c}_`)) ?? null;
}

function text(type: string, collation: string | null): SqlType {
  return { type, collation: collation && charsetOf(collation) ? collation.toLowerCase() : null };
}

/** The type of `e`, or null when it cannot be known without the database's schema. */
export function typeOf(ctx: PlanContext, e: Expr, seen: ReadonlySet<Expr> = new Set()): SqlType | null {
  const of = (x: Expr): SqlType | null => typeOf(ctx, x, seen);
  switch (e.kind) {
    case 'literal':
      return literalType(e.type, e.charset);
    case 'column':
      return columnType(ctx, e, seen);
    case 'aggregate':
      return aggregateType(e.name, !e.star && e.args.length === 1 ? of(e.args[0]!) : null);
    case 'binary':
      return binaryType(e.op, of(e.left), of(e.right));
    case 'unary':
      if (e.op === 'not' || e.op === '!') return known(of(e.expr), { type: 'INT64', collation: null });
      if (e.op === '-' || e.op === '+') return numericOnly(of(e.expr));
      return null;
    case 'is':
      return known(of(e.expr), { type: 'INT64', collation: null });
    case 'between':
      return known(all([of(e.expr), of(e.low), of(e.high)]), { type: 'INT64', collation: null });
    case 'in':
      if (!Array.isArray(e.list)) return null;
      return known(all([of(e.expr), ...(e.list as readonly Expr[]).map(of)]), { type: 'INT64', collation: null });
    case 'collate': {
      const inner = of(e.expr);
      return inner && isText(inner) ? text(inner.type, e.collation) : null;
    }
    case 'func':
      return funcType(e, of);
    default:
      return null;
  }
}

/**
 * vtgate compares `e` by its weight string (Vitess's NeedsWeightString): literals and weight
 * strings themselves never; an unknown type always; text when vtgate lacks its collation.
 */
export function needsWeightString(ctx: PlanContext, e: Expr): boolean {
  if (e.kind === 'literal') return false;
  if (e.kind === 'func' && e.name.toLowerCase() === 'weight_string') return false;
  const t = typeOf(ctx, e);
  if (!t) return true;
  return isText(t) && !isSupportedCollation(t.collation);
}

/**
 * The collation vtgate compares a text value with, as its plans print it after `COLLATE`
 * ('' for a MySQL collation it does not implement); null for values that are not text.
 */
export function comparisonCollation(ctx: PlanContext, e: Expr): string | null {
  const t = typeOf(ctx, e);
  if (!t || !isText(t) || t.collation === null) return null;
  return isSupportedCollation(t.collation) ? t.collation : '';
}

/** `weight_string(e)`: the column MySQL returns for vtgate to compare `e` by. */
export function weightStringOf(e: Expr): FuncExpr {
  return { kind: 'func', name: 'weight_string', args: [e] };
}

function literalType(type: string, charset: string | null): SqlType | null {
  switch (type) {
    case 'int':
    case 'bool':
      return { type: 'INT64', collation: null };
    case 'decimal':
      return { type: 'DECIMAL', collation: null };
    case 'float':
      return { type: 'FLOAT64', collation: null };
    case 'string':
      return charset === 'binary' ? { type: 'VARBINARY', collation: null } : text('VARCHAR', charset ? defaultCollation(charset) : CONNECTION_COLLATION);
    case 'hexnum':
    case 'hexval':
    case 'bitnum':
      return { type: 'VARBINARY', collation: null };
    case 'date':
      return { type: 'DATE', collation: null };
    case 'time':
      return { type: 'TIME', collation: null };
    case 'timestamp':
      return { type: 'DATETIME', collation: null };
    case 'null':
      return { type: 'NULL_TYPE', collation: null };
    default:
      return null;
  }
}

function defaultCollation(charset: string): string {
  if (charset === 'utf8mb4') return CONNECTION_COLLATION;
  if (charset === 'latin1') return 'latin1_swedish_ci';
  return `${charset}_general_ci`;
}

function columnType(ctx: PlanContext, e: Extract<Expr, { kind: 'column' }>, seen: ReadonlySet<Expr>): SqlType | null {
  const b = ctx.bindingOf(e);
  if (b?.kind !== 'leaf') return null;
  const leaf = b.leaf;
  const lower = e.name.toLowerCase();
  if (leaf.kind === 'derived') {
    // A derived table's column has the type of the expression it selects.
    const inner = leaf.columns.find((c) => c.name.toLowerCase() === lower)?.expr;
    if (!inner || seen.has(inner)) return null;
    return typeOf(ctx, inner, new Set([...seen, inner]));
  }
  if (leaf.system) return leaf.system.toLowerCase() === 'information_schema' ? informationSchemaType(lower) : null;
  const col = leaf.table.columns.find((c) => c.name.toLowerCase() === lower);
  if (!col?.type) return null;
  const type = col.type.toUpperCase();
  return TEXT.has(type) ? text(type, col.collationName ?? DEFAULT_COLUMN_COLLATION) : { type, collation: null };
}

/** information_schema columns that hold numbers or times; the others are MySQL 8's utf8mb3 text. */
const INFORMATION_SCHEMA_NUMBERS = new Set([
  'ordinal_position', 'position_in_unique_constraint', 'character_maximum_length', 'character_octet_length', 'numeric_precision',
  'numeric_scale', 'datetime_precision', 'table_rows', 'avg_row_length', 'data_length', 'max_data_length', 'index_length', 'data_free',
  'auto_increment', 'version', 'checksum', 'seq_in_index', 'cardinality', 'sub_part', 'maxlen', 'id', 'time', 'srs_id',
]);
const INFORMATION_SCHEMA_TIMES = new Set(['create_time', 'update_time', 'check_time', 'created', 'last_altered', 'starts', 'ends', 'last_executed']);

function informationSchemaType(column: string): SqlType {
  if (INFORMATION_SCHEMA_NUMBERS.has(column)) return { type: 'UINT64', collation: null };
  if (INFORMATION_SCHEMA_TIMES.has(column)) return { type: 'DATETIME', collation: null };
  return { type: 'VARCHAR', collation: 'utf8mb3_general_ci' };
}

/** Vitess's AggregateOpcode.SQLType: what each aggregate returns for its argument's type. */
function aggregateType(name: string, arg: SqlType | null): SqlType | null {
  switch (name) {
    case 'count':
      return { type: 'INT64', collation: null };
    case 'sum':
    case 'avg':
      if (!arg) return null;
      return INTEGRAL.has(arg.type) || arg.type === 'DECIMAL' ? { type: 'DECIMAL', collation: null } : { type: 'FLOAT64', collation: null };
    case 'min':
    case 'max':
    case 'any_value':
      // The merged value keeps its type; text is compared in the connection collation.
      if (!arg) return null;
      return isText(arg) ? text(arg.type, CONNECTION_COLLATION) : arg;
    case 'group_concat':
      if (!arg) return null;
      return arg.type === 'VARBINARY' || arg.type === 'BLOB' ? { type: 'BLOB', collation: null } : text('TEXT', CONNECTION_COLLATION);
    case 'bit_and':
    case 'bit_or':
    case 'bit_xor':
      return { type: 'UINT64', collation: null };
    default:
      return null;
  }
}

const COMPARISON = new Set(['=', '!=', '<>', '<', '<=', '>', '>=', '<=>', 'and', 'or', 'xor', 'like', 'not like', 'regexp', 'not regexp']);

function binaryType(op: string, l: SqlType | null, r: SqlType | null): SqlType | null {
  if (!l || !r) return null;
  if (COMPARISON.has(op)) return { type: 'INT64', collation: null };
  if (!NUMERIC.has(l.type) || !NUMERIC.has(r.type)) return null;
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '%':
    case 'mod':
      if (FLOAT.has(l.type) || FLOAT.has(r.type)) return { type: 'FLOAT64', collation: null };
      if (l.type === 'DECIMAL' || r.type === 'DECIMAL') return { type: 'DECIMAL', collation: null };
      return { type: l.type.startsWith('U') && r.type.startsWith('U') ? 'UINT64' : 'INT64', collation: null };
    case '/':
      return FLOAT.has(l.type) || FLOAT.has(r.type) ? { type: 'FLOAT64', collation: null } : { type: 'DECIMAL', collation: null };
    case 'div':
      return { type: 'INT64', collation: null };
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      return { type: 'UINT64', collation: null };
    default:
      return null;
  }
}

/** Functions whose result type follows from their arguments' (a small, certain subset of MySQL's). */
function funcType(e: FuncExpr, of: (x: Expr) => SqlType | null): SqlType | null {
  const args = e.args.map(of);
  if (args.some((a) => a === null)) return null;
  const first = args[0] ?? null;
  switch (e.name.toLowerCase()) {
    case 'lower':
    case 'upper':
    case 'lcase':
    case 'ucase':
    case 'trim':
    case 'ltrim':
    case 'rtrim':
    case 'reverse':
      return first && isText(first) ? first : null;
    case 'ascii':
    case 'length':
    case 'char_length':
    case 'character_length':
    case 'bit_length':
      return args.length === 1 ? { type: 'INT64', collation: null } : null;
    case 'abs':
    case 'ceil':
    case 'ceiling':
    case 'floor':
      return first && NUMERIC.has(first.type) ? first : null;
    case 'weight_string':
      return { type: 'VARBINARY', collation: null };
    default:
      return null;
  }
}

function known(t: SqlType | null, result: SqlType): SqlType | null {
  return t ? result : null;
}

function numericOnly(t: SqlType | null): SqlType | null {
  return t && NUMERIC.has(t.type) ? t : null;
}

function all(ts: readonly (SqlType | null)[]): SqlType | null {
  return ts.every((t) => t !== null) ? ts[0]! : null;
}
