/**
 * The engine's rows and fields as the caller's mysql2 pool would have returned them from one
 * server: mysql2's text-protocol conversions (lib/parsers/text_parser.js readCodeFor) applied
 * with the pool's options (supportBigNumbers, bigNumberStrings, decimalNumbers, dateStrings,
 * timezone, jsonStrings, typeCast) and the query's (rowsAsArray, nestTables, ...). A column that
 * passed through from a shard keeps the shard's column definition object.
 */
import type { DriverResult } from '../executor/driver.js';
import { valueText, type SqlValue } from '../vindexes/value.js';
import { BINARY_COLLATION, driverTypeCode, type DriverField } from './fields.js';
import type { EngineField, EngineResult } from './result.js';

/** The mysql2 options that shape rows (pool config merged with the query's options). */
export interface DriverRowOptions {
  readonly supportBigNumbers?: boolean;
  readonly bigNumberStrings?: boolean;
  readonly decimalNumbers?: boolean;
  readonly dateStrings?: boolean | readonly string[];
  readonly timezone?: string;
  readonly jsonStrings?: boolean;
  readonly typeCast?: unknown;
  readonly rowsAsArray?: boolean;
  readonly nestTables?: boolean | string;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'DECIMAL', 1: 'TINY', 2: 'SHORT', 3: 'LONG', 4: 'FLOAT', 5: 'DOUBLE', 6: 'NULL', 7: 'TIMESTAMP', 8: 'LONGLONG', 9: 'INT24',
  10: 'DATE', 11: 'TIME', 12: 'DATETIME', 13: 'YEAR', 14: 'NEWDATE', 15: 'VARCHAR', 16: 'BIT', 245: 'JSON', 246: 'NEWDECIMAL',
  247: 'ENUM', 248: 'SET', 249: 'TINY_BLOB', 250: 'MEDIUM_BLOB', 251: 'LONG_BLOB', 252: 'BLOB', 253: 'VAR_STRING', 254: 'STRING', 255: 'GEOMETRY',
};

interface OutField extends DriverField {
  readonly name: string;
  readonly columnType: number;
  readonly characterSet: number;
  readonly encoding?: string;
  readonly table?: string;
  readonly schema?: string;
}

export function toDriverResult(result: EngineResult, options: DriverRowOptions): DriverResult {
  const fields = result.fields.map(outField);
  const convert = fields.map((f) => converter(f, options));
  const typeCast = options.typeCast;
  const rows: unknown[] = new Array(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const row = result.rows[r]!;
    const values = fields.map((f, i) => {
      const v = row[i]!;
      if (typeCast === false) return v.type === 'NULL_TYPE' ? null : Buffer.from(v.raw);
      if (typeof typeCast === 'function') return (typeCast as (f: unknown, next: () => unknown) => unknown)(wrapField(f, v), () => convert[i]!(v));
      return convert[i]!(v);
    });
    rows[r] = shapeRow(values, fields, options);
  }
  return [rows, fields];
}

function shapeRow(values: unknown[], fields: readonly OutField[], options: DriverRowOptions): unknown {
  if (options.nestTables === true) {
    const out: Record<string, Record<string, unknown>> = {};
    fields.forEach((f, i) => ((out[f.table ?? ''] ??= {})[f.name] = values[i]));
    return out;
  }
  if (typeof options.nestTables === 'string') {
    const out: Record<string, unknown> = {};
    fields.forEach((f, i) => (out[`${f.table ?? ''}${options.nestTables as string}${f.name}`] = values[i]));
    return out;
  }
  if (options.rowsAsArray) return values;
  const out: Record<string, unknown> = {};
  fields.forEach((f, i) => (out[f.name] = values[i]));
  return out;
}

function outField(f: EngineField): OutField {
  const source = f.source as OutField | undefined;
  if (source && source.name === f.name) return source;
  const columnType = driverTypeCode(f.type);
  return {
    catalog: 'def', schema: '', name: f.name, orgName: f.name, table: '', orgTable: '',
    characterSet: f.collation, encoding: f.collation === BINARY_COLLATION ? 'binary' : 'utf8', columnLength: f.length,
    columnType, type: columnType, flags: f.flags, decimals: f.decimals,
  } as OutField;
}

type Convert = (v: SqlValue) => unknown;

function converter(f: OutField, o: DriverRowOptions): Convert {
  // MariaDB sends JSON as LONGTEXT marked `json` in its extended metadata; mysql2 parses it as JSON.
  const type = f.extendedFormat === 'json' ? 245 : f.columnType;
  const big = o.supportBigNumbers === true;
  const bigStrings = o.bigNumberStrings === true;
  const nullable = (fn: Convert): Convert => (v) => (v.type === 'NULL_TYPE' ? null : fn(v));
  switch (type) {
    case 1: case 2: case 3: case 9: case 13:
      return nullable((v) => Number(valueText(v)));
    case 8:
      if (big && bigStrings) return nullable(valueText);
      return nullable((v) => {
        const text = valueText(v);
        const n = Number(text);
        return big && !Number.isSafeInteger(n) ? text : n;
      });
    case 4: case 5:
      return nullable((v) => Number.parseFloat(valueText(v)));
    case 6:
      return () => null;
    case 0: case 246:
      return o.decimalNumbers ? nullable((v) => Number.parseFloat(valueText(v))) : nullable(valueText);
    case 10: case 7: case 12: case 14:
      if (dateAsString(TYPE_NAMES[type] ?? '', o.dateStrings)) return nullable(valueText);
      return nullable((v) => parseDate(valueText(v), o.timezone, type === 10 || type === 14));
    case 11:
      return nullable(valueText);
    case 245:
      return o.jsonStrings ? nullable(valueText) : nullable((v) => JSON.parse(valueText(v)) as unknown);
    default:
      if (f.characterSet === BINARY_COLLATION) return nullable((v) => Buffer.from(v.raw));
      return nullable(valueText);
  }
}

function dateAsString(typeName: string, dateStrings: DriverRowOptions['dateStrings']): boolean {
  if (Array.isArray(dateStrings)) return dateStrings.includes(typeName);
  return Boolean(dateStrings);
}

/** mysql2's parseDate / parseDateTime. */
function parseDate(text: string, timezone: string | undefined, dateOnly: boolean): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?$/.exec(text);
  if (!m) return new Date(timezone && timezone !== 'local' ? `${text}${timezone}` : text);
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (!dateOnly && (mo === 0 || d === 0 || mo > 12 || d > 31)) return new Date(NaN);
  if (!timezone || timezone === 'local') {
    const date = new Date(y, mo - 1, d, h, mi, s, ms);
    if (y < 100) date.setFullYear(y);
    return date;
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (timezone === 'Z') return new Date(utc);
  const off = /^([+-])(\d{2}):?(\d{2})$/.exec(timezone);
  if (off) return new Date(utc - (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60000);
  return new Date(`${text}${timezone}`);
}

/** The field object mysql2 hands a typeCast function. */
function wrapField(f: OutField, v: SqlValue): object {
  return {
    type: TYPE_NAMES[f.columnType],
    length: f.columnLength,
    db: f.schema,
    table: f.table,
    name: f.name,
    string: (): string | null => (v.type === 'NULL_TYPE' ? null : valueText(v)),
    buffer: (): Buffer | null => (v.type === 'NULL_TYPE' ? null : Buffer.from(v.raw)),
    geometry: (): Buffer | null => (v.type === 'NULL_TYPE' ? null : Buffer.from(v.raw)),
  };
}
