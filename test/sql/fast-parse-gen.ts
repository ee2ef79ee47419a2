/**
 * A seeded generator of random OLTP statements for the fast-parse differential test: mostly the
 * fast parser's subset (src/sql/fast-parse.ts), written with random spacing, case and quoting,
 * names drawn partly from Vitess's keyword list, plus a sprinkle of constructs outside the subset
 * (subqueries, CASE, REGEXP, bitwise operators, variables, ...) that the fast parser must decline.
 */

import { KEYWORDS } from '../../src/sql/keywords.js';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYWORD_LIST = [...KEYWORDS].sort();
const NAMES = ['a', 'b', 'c', 'id', 'col', 'user_id', 'name', 'status', 'tenant', 'x1', 'Foo', '_p', 'created_at'];
const TABLES = ['t', 'u', 'user', 'user_extra', 'music', 'orders', 'T2'];
const FUNCS = ['concat', 'lower', 'UPPER', 'ifnull', 'coalesce', 'length', 'abs', 'round', 'floor', 'unix_timestamp', 'from_unixtime', 'date_format', 'last_insert_id', 'greatest', 'least', 'md5', 'json_extract', 'nullif', 'now', 'NOW', 'curdate', 'isnull', 'hex', 'uuid', 'sleep', 'weight_string', 'database', 'left', 'if', 'char', 'substr', 'trim', 'user', 'version', 'date', 'DATE', 'year', 'database', 'cast', 'extract', 'trim', 'current_date', 'date_add'];
const CLEAN_FUNCS = ['concat', 'lower', 'UPPER', 'ifnull', 'coalesce', 'length', 'abs', 'round', 'unix_timestamp', 'last_insert_id', 'now', 'NOW', 'date', 'json_extract'];
const LITERALS = [
  '0', '1', '42', '-7', '007', '00', '123456789012345', '1234567890123456', '123456789012345678901', '1.5', '1.', '.5',
  '-0', '- 0', '-1.5', '1e3', '1.5E-3', '2e+2', '0x1F', '0xab', "x'1f'", "X''", "b'01'", '0b101', "'it''s'", "'a\\nb'",
  "'a\\\\b'", "'100\\%'", "'x\\_y'", '"dq"', '"d""q"', "N'nat'", "_utf8mb4'intro'", "_binary 'bin'", "''", 'null', 'NULL',
  'true', 'FALSE', "'é'",
];
const OUTSIDE = [
  'case when a = 1 then 2 else 3 end', '(select 1 from dual)', 'exists (select 1 from t)', "a regexp 'x'", 'a & 1', 'a | 1',
  'a ^ 2', 'a << 1', '@v', '@@autocommit', 'cast(a as char)', 'interval 1 day', "a collate utf8mb4_bin", 'a || b', 'a && b',
  'binary a', "date '2020-01-01'", 'a in (select id from t)', 'a = any (select 1)', 'current_timestamp', 'default',
  'count(*) over ()', "group_concat(a separator ',')", 'sum(a, b)', 'count(all a)', 'a sounds like b', 'a is unknown',
  'values(a)', 'row_number() over (order by a)', 'max(distinct a)', 'ks.fn(a)', '`f`(a)', 'a -> "$.x"',
];

export interface GenOptions {
  /**
   * Off: only the fast parser's subset, with names that are no keywords (every statement should be
   * accepted). On: also keywords as names, constructs outside the subset, XOR, chained predicates.
   */
  readonly wild: boolean;
}

export class Gen {
  private readonly r: () => number;

  constructor(
    seed: number,
    private readonly opts: GenOptions = { wild: true },
  ) {
    this.r = rng(seed);
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  /** A separator where a space is optional. */
  private sp(): string {
    return this.chance(0.25) ? '' : this.chance(0.1) ? '  ' : ' ';
  }

  private kw(word: string): string {
    return this.chance(0.15) ? word.toUpperCase() : word;
  }

  name(pool: readonly string[] = NAMES): string {
    const p = this.opts.wild ? this.r() : 1;
    if (p < 0.07) return this.pick(KEYWORD_LIST);
    if (p < 0.12) return `\`${this.pick(['my col', 'select', 'x`y', 'id', 'order', '1a', 'é'])}\``;
    return this.pick(pool);
  }

  table(): string {
    const t = this.name(TABLES);
    return this.chance(0.15) ? `${this.name(['ks', 'main', 'user'])}.${t}` : t;
  }

  column(threePart = true): string {
    threePart &&= this.opts.wild;
    const c = this.name();
    const p = this.r();
    if (p < 0.25) return `${this.name(TABLES)}.${c}`;
    if (p < 0.28 && threePart) return `ks.${this.name(TABLES)}.${c}`;
    return c;
  }

  literal(): string {
    for (;;) {
      const l = this.pick(LITERALS);
      if (this.opts.wild || !/^-?\s*00|\s/.test(l)) return l;
    }
  }

  bind(): string {
    const p = this.r();
    if (p < 0.4) return `:${this.pick(['x', 'id', 'vtg1', 'v2', 'name'])}`;
    if (p < 0.5) return `::${this.pick(['ids', 'vtg3'])}`;
    return '?';
  }

  /** An operand-level expression; `agg` allows aggregates. */
  operand(depth: number, agg: boolean): string {
    const p = this.r();
    if (depth <= 0 || p < 0.3) return this.column();
    if (p < 0.45) return this.literal();
    if (p < 0.55) return this.bind();
    if (p < 0.62) {
      const args = Array.from({ length: this.int(3) }, (_, i) => (i === 0 || this.opts.wild ? this.expr(depth - 1, agg) : this.arith(depth - 1, agg)));
      return `${this.pick(this.opts.wild ? FUNCS : CLEAN_FUNCS)}${this.sp()}(${args.join(`,${this.sp()}`)})`;
    }
    if (p < 0.7 && agg) {
      const f = this.pick(['count', 'sum', 'min', 'max', 'avg', 'COUNT']);
      if (f.toLowerCase() === 'count' && this.chance(0.4)) return `${f}(*)`;
      const distinct = this.chance(0.2) ? this.kw('distinct ') : '';
      return `${f}(${distinct}${this.arith(depth - 1, false)})`;
    }
    if (p < 0.76) return `${this.pick(['-', '+', '!', '~', '- '])}${this.operand(depth - 1, agg)}`;
    if (p < 0.86) return `(${this.expr(depth - 1, agg)})`;
    if (p < 0.9) {
      const item = (): string => (this.opts.wild ? this.expr(depth - 1, agg) : this.predicate(depth - 1, agg));
      return `(${item()},${this.sp()}${item()})`;
    }
    if (p < 0.93 && this.opts.wild) return this.pick(OUTSIDE);
    return this.column();
  }

  arith(depth: number, agg: boolean): string {
    let s = this.operand(depth, agg);
    while (this.chance(0.25)) s += `${this.sp()}${this.pick(['+', '-', '*', '/', '%', this.kw('div'), this.kw('mod')])}${this.sp()}${this.operand(depth - 1, agg)}`.replace(/(div|mod|DIV|MOD)/, ' $1 ');
    return s;
  }

  predicate(depth: number, agg: boolean): string {
    const a = this.arith(depth, agg);
    const p = this.r();
    const not = this.chance(0.3) ? this.kw('not ') : '';
    if (p < 0.4) return `${a}${this.sp()}${this.pick(['=', '!=', '<>', '<', '<=', '>', '>=', '<=>'])}${this.sp()}${this.arith(depth - 1, agg)}`;
    if (p < 0.55) {
      if (this.chance(0.3)) return `${a} ${not}${this.kw('in')} ${this.pick(['::ids', '(::ids)', '((::ids))', '(:x)'])}`;
      const items = Array.from({ length: 1 + this.int(4) }, () => this.arith(depth - 1, agg));
      return `${a} ${not}${this.kw('in')}${this.sp()}(${items.join(`,${this.sp()}`)})`;
    }
    if (p < 0.63) return `${a} ${this.kw('is')} ${not}${this.pick(['null', 'true', 'false', 'NULL'])}`;
    if (p < 0.7) return `${a} ${not}${this.kw('between')} ${this.arith(depth - 1, agg)} ${this.kw('and')} ${this.arith(depth - 1, agg)}`;
    if (p < 0.78) {
      const escape = this.chance(0.2) ? ` ${this.kw('escape')} '!'` : '';
      return `${a} ${not}${this.kw('like')} ${this.pick(["'a%'", ':x', 'b', "'x\\_%'"])}${escape}`;
    }
    if (p < 0.8 && this.opts.wild) return `${a} = ${this.arith(depth - 1, agg)} = ${this.arith(depth - 1, agg)}`;
    return a;
  }

  expr(depth: number, agg = false): string {
    let s = (this.chance(0.1) ? `${this.pick(['not ', 'NOT '])}` : '') + this.predicate(depth, agg);
    const ops = this.opts.wild ? ['and', 'or', 'xor', 'and', 'and not'] : ['and', 'or', 'and', 'and not'];
    while (this.chance(0.3)) s += ` ${this.kw(this.pick(ops))} ${this.predicate(depth - 1, agg)}`;
    return s;
  }

  private alias(): string {
    if (this.chance(0.6)) return '';
    return this.chance(0.5) ? ` ${this.kw('as')} ${this.name()}` : ` ${this.name()}`;
  }

  private from(): string {
    if (this.chance(0.05)) return ` ${this.kw('from')} dual`;
    const chain = (): string => {
      let s = this.table() + this.alias();
      while (this.chance(0.3)) {
        const j = this.pick(['join', 'inner join', 'cross join', 'left join', 'left outer join', 'right join', 'straight_join', 'natural join']);
        if (!this.opts.wild && j === 'natural join') continue;
        s += ` ${this.kw(j)} ${this.table()}${this.alias()}`;
        const p = this.opts.wild || !j.startsWith('left') ? this.r() : 0;
        if (p < 0.7) s += ` ${this.kw('on')} ${this.expr(2)}`;
        else if (p < 0.85) s += ` ${this.kw('using')} (${this.name()}${this.chance(0.3) ? `, ${this.name()}` : ''})`;
      }
      return s;
    };
    let s = ` ${this.kw('from')} ${chain()}`;
    if (this.chance(0.1)) s += `,${this.sp()}${chain()}`;
    return s;
  }

  private where(): string {
    return this.chance(0.7) ? ` ${this.kw('where')} ${this.expr(3)}` : '';
  }

  private orderLimit(): string {
    let s = '';
    if (this.chance(0.3)) {
      const items = Array.from({ length: 1 + this.int(2) }, () => this.arith(1, false) + this.pick(['', '', ' asc', ' DESC']));
      s += ` ${this.kw('order by')} ${items.join(', ')}`;
    }
    if (this.chance(0.3)) {
      const v = (): string => this.pick(this.opts.wild ? ['1', '10', ':n', '?', '0', '1.5', '-1', '007'] : ['1', '10', ':n', '?', '0']);
      const p = this.r();
      s += ` ${this.kw('limit')} ${p < 0.5 ? v() : p < 0.75 ? `${v()}, ${v()}` : `${v()} ${this.kw('offset')} ${v()}`}`;
    }
    return s;
  }

  select(): string {
    const items = Array.from({ length: 1 + this.int(3) }, () => {
      const p = this.r();
      if (p < 0.1) return '*';
      if (p < 0.16) return `${this.name(TABLES)}.*`;
      return this.expr(2, true) + this.alias();
    });
    let s = `${this.kw('select')}${this.chance(0.1) ? ` ${this.kw('distinct')}` : ''} ${items.join(`,${this.sp()}`)}`;
    if (this.chance(0.9)) s += this.from();
    s += this.where();
    if (this.chance(0.15)) s += ` ${this.kw('group by')} ${this.column()}${this.chance(0.3) ? `, ${this.column()}` : ''}`;
    if (this.chance(0.08)) s += ` ${this.kw('having')} ${this.expr(2, true)}`;
    s += this.orderLimit();
    const locks = ['for update', 'FOR SHARE', 'lock in share mode', 'for update nowait', 'for share skip locked'];
    if (this.chance(0.1)) s += ` ${this.pick(this.opts.wild ? [...locks, 'for update of t'] : locks)}`;
    return s;
  }

  private assignments(dup: boolean): string {
    return Array.from({ length: 1 + this.int(3) }, () => {
      const v = dup && this.chance(0.3) ? `${this.pick(['values', 'VALUES'])}${this.sp()}(${this.column(false)})` : this.opts.wild ? this.expr(2) : this.predicate(2, false);
      return `${this.column(false)}${this.sp()}=${this.sp()}${v}`;
    }).join(`,${this.sp()}`);
  }

  insert(): string {
    const verb = this.kw(this.pick(['insert', 'insert', 'replace']));
    const mods = this.chance(0.2) ? ` ${this.kw(this.pick(['ignore', 'low_priority', 'delayed ignore']))}` : '';
    const into = this.chance(0.9) ? ` ${this.kw('into')}` : '';
    const n = 1 + this.int(3);
    const cols = this.chance(0.85) ? `${this.sp()}(${Array.from({ length: n }, () => this.name()).join(`,${this.sp()}`)})` : '';
    const row = (): string => `(${Array.from({ length: n }, () => (this.chance(0.7) ? this.pick([this.literal(), this.bind(), '::vtg1']) : this.opts.wild ? this.expr(1) : this.predicate(1, false))).join(`,${this.sp()}`)})`;
    const rows = Array.from({ length: 1 + this.int(3) }, row).join(`,${this.sp()}`);
    const dup = this.chance(0.3) ? ` ${this.kw('on duplicate key update')} ${this.assignments(true)}` : '';
    return `${verb}${mods}${into} ${this.table()}${cols} ${this.kw(this.pick(['values', 'values', 'value']))}${this.sp()}${rows}${dup}`;
  }

  update(): string {
    const mods = this.chance(0.1) ? ` ${this.kw('ignore')}` : '';
    return `${this.kw('update')}${mods} ${this.table()}${this.alias()} ${this.kw('set')} ${this.assignments(false)}${this.where()}${this.orderLimit()}`;
  }

  delete(): string {
    const mods = this.chance(0.1) ? ` ${this.kw('ignore')}` : '';
    return `${this.kw('delete')}${mods} ${this.kw('from')} ${this.table()}${this.alias()}${this.where()}${this.orderLimit()}`;
  }

  statement(): string {
    const p = this.r();
    if (p < 0.55) return this.select();
    if (p < 0.72) return this.insert();
    if (p < 0.87) return this.update();
    return this.delete();
  }
}
