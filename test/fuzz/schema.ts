/**
 * The fuzzer's schema and seeded data: three sharded tables on different vindexes (user and
 * orders both on `hash` of the user id, so their join on it stays on one shard; product on
 * `xxhash` of its own id), a reference table copied to every shard, and an unsharded table in
 * a second keyspace. Some columns have their type declared in the VSchema and some not, so both
 * of the planner's ways of comparing values across shards (known type, weight_string) run.
 */
import type { Random } from './random.js';

export type ColumnClass = 'int' | 'text' | 'decimal' | 'date';
export type Value = string | number | null;

export interface Column {
  readonly name: string;
  readonly cls: ColumnClass;
  readonly ddl: string;
  /** The VSchema type declared for it, if any (Vitess types: INT64, VARCHAR, DECIMAL, ...). */
  readonly declared?: string;
}

export interface Table {
  readonly name: string;
  readonly keyspace: 'ks' | 'main';
  readonly kind: 'sharded' | 'reference' | 'unsharded';
  readonly pk: string;
  /** The primary vindex column (sharded tables). */
  readonly vindexColumn?: string;
  readonly vindex?: 'hash' | 'xxhash';
  readonly columns: readonly Column[];
}

const col = (name: string, cls: ColumnClass, ddl: string, declared?: string): Column => ({ name, cls, ddl, ...(declared ? { declared } : {}) });

export const TABLES: readonly Table[] = [
  {
    name: 'user', keyspace: 'ks', kind: 'sharded', pk: 'id', vindexColumn: 'id', vindex: 'hash',
    columns: [
      col('id', 'int', 'bigint not null', 'INT64'),
      col('name', 'text', 'varchar(40)', 'VARCHAR'),
      col('age', 'int', 'int', 'INT32'),
      col('score', 'decimal', 'decimal(10,2)'),
      col('created', 'date', 'date'),
      col('region_id', 'int', 'int'),
    ],
  },
  {
    name: 'orders', keyspace: 'ks', kind: 'sharded', pk: 'id', vindexColumn: 'user_id', vindex: 'hash',
    columns: [
      col('id', 'int', 'bigint not null'),
      col('user_id', 'int', 'bigint not null', 'INT64'),
      col('product_id', 'int', 'bigint'),
      col('amount', 'decimal', 'decimal(10,2)', 'DECIMAL'),
      col('status', 'text', 'varchar(10)'),
    ],
  },
  {
    name: 'product', keyspace: 'ks', kind: 'sharded', pk: 'pid', vindexColumn: 'pid', vindex: 'xxhash',
    columns: [
      col('pid', 'int', 'bigint not null'),
      col('pname', 'text', 'varchar(30)'),
      col('price', 'int', 'int'),
      col('category', 'text', 'varchar(20)', 'VARCHAR'),
    ],
  },
  {
    name: 'status_ref', keyspace: 'ks', kind: 'reference', pk: 'code',
    columns: [col('code', 'text', 'varchar(10) not null'), col('label', 'text', 'varchar(20)')],
  },
  {
    name: 'region', keyspace: 'main', kind: 'unsharded', pk: 'rid',
    columns: [col('rid', 'int', 'int not null'), col('rname', 'text', 'varchar(20)')],
  },
];

export function table(name: string): Table {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz table ${name}`);
  return t;
}

export function column(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${t.name}.${name}`);
  return c;
}

const quoteId = (name: string): string => '`' + name + '`';

export function createTableSql(t: Table): string {
  const cols = t.columns.map((c) => `${quoteId(c.name)} ${c.ddl}`).join(', ');
  return `create table ${quoteId(t.name)} (${cols}, primary key (${quoteId(t.pk)})) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_general_ci`;
}

export function vschemaFor(): object {
  const keyspaceTables = (ks: 'ks' | 'main'): Record<string, object> =>
    Object.fromEntries(TABLES.filter((t) => t.keyspace === ks).map((t) => {
      const declared = t.columns.filter((c) => c.declared).map((c) => ({ name: c.name, type: c.declared }));
      const spec: Record<string, unknown> = {};
      if (t.kind === 'reference') spec.type = 'reference';
      if (t.vindexColumn) spec.column_vindexes = [{ column: t.vindexColumn, name: t.vindex }];
      if (declared.length > 0) spec.columns = declared;
      return [t.name, spec];
    }));
  return {
    keyspaces: {
      ks: { sharded: true, vindexes: { hash: { type: 'hash' }, xxhash: { type: 'xxhash' } }, tables: keyspaceTables('ks') },
      main: { sharded: false, tables: keyspaceTables('main') },
    },
  };
}

// Names with case variants, accents that utf8mb4_general_ci folds, an empty string, a quote and
// digits (text that must sort as text: '10' < '9').
const NAMES = ['alice', 'Alice', 'ALICE', 'bob', 'Bob', 'émile', 'Emile', 'zoë', 'Zoe', 'a', 'A', 'b', '', "o'hara", 'Ünal', 'unal', '10', '9'];
const STATUSES = ['new', 'paid', 'PAID', 'shipped', 'void', ''];
const CATEGORIES = ['books', 'Books', 'toys', 'tools', 'Éclair'];
const BIG_IDS = ['9007199254740993', '9223372036854775807', '-9223372036854775808'];

export type Row = Readonly<Record<string, Value>>;
export interface Dataset {
  readonly rows: ReadonlyMap<string, readonly Row[]>;
}

function decimal(r: Random, maxWhole: number): string {
  const cents = r.int(-maxWhole * 100, maxWhole * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function date(r: Random): string {
  return `20${r.pick(['19', '20', '21', '24'])}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

/** Seeded rows for every table: NULLs, duplicates, ties, case variants, negatives, huge BIGINTs. */
export function generateData(r: Random, size: { users: number; orders: number; products: number }): Dataset {
  const userIds: Value[] = r.sample([...Array.from({ length: 80 }, (_, i) => i + 1), -3, -7, 0], size.users - 2);
  userIds.push(...r.sample(BIG_IDS, 2));
  const users: Row[] = userIds.map((id) => ({
    id,
    name: r.chance(0.1) ? null : r.pick(NAMES),
    age: r.chance(0.1) ? null : r.pick([r.int(-5, 90), 18, 30, 30, 42]),
    score: r.chance(0.1) ? null : r.chance(0.2) ? r.pick(['0.00', '10.50', '-10.50', '99999999.99']) : decimal(r, 500),
    created: r.chance(0.15) ? null : r.chance(0.3) ? '2020-02-29' : date(r),
    region_id: r.chance(0.15) ? null : r.int(1, 6),
  }));
  const productIds = r.sample(Array.from({ length: 60 }, (_, i) => i + 1), size.products);
  const products: Row[] = productIds.map((pid) => ({
    pid,
    pname: r.chance(0.1) ? null : `${r.pick(['pen', 'Pen', 'ink', 'Ink', 'élan', 'elan', 'box'])}${r.chance(0.5) ? '' : r.int(1, 3)}`,
    price: r.chance(0.1) ? null : r.pick([r.int(0, 500), 10, 10, -1]),
    category: r.chance(0.1) ? null : r.pick(CATEGORIES),
  }));
  const orders: Row[] = Array.from({ length: size.orders }, (_, i) => ({
    id: i + 1,
    user_id: r.chance(0.05) ? 999 : r.pick(userIds),
    product_id: r.chance(0.1) ? null : r.chance(0.05) ? 777 : r.pick(productIds),
    amount: r.chance(0.1) ? null : r.chance(0.2) ? '25.00' : decimal(r, 300),
    status: r.chance(0.1) ? null : r.pick(STATUSES),
  }));
  const statusRef: Row[] = [
    { code: 'new', label: 'New' }, { code: 'paid', label: 'Paid' }, { code: 'shipped', label: null }, { code: 'lost', label: 'Lost' },
  ];
  const regions: Row[] = [1, 2, 3, 4, 5].map((rid) => ({ rid, rname: r.pick(['north', 'North', 'south', 'east', null]) }));
  return { rows: new Map([['user', users], ['orders', orders], ['product', products], ['status_ref', statusRef], ['region', regions]]) };
}

export function literal(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** One multi-row INSERT per table (values as escaped literals). */
export function insertSql(t: Table, rows: readonly Row[]): string {
  const cols = t.columns.map((c) => quoteId(c.name)).join(', ');
  const values = rows.map((row) => `(${t.columns.map((c) => sqlValue(c, row[c.name] ?? null)).join(', ')})`).join(', ');
  return `insert into ${quoteId(t.name)} (${cols}) values ${values}`;
}

/** A value as SQL for its column: numbers of integer columns unquoted (BIGINT text too). */
export function sqlValue(c: Column, v: Value): string {
  if (v !== null && (c.cls === 'int' || c.cls === 'decimal')) return String(v);
  return literal(v);
}
