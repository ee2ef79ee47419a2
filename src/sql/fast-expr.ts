/**
 * The expression half of the fast parser (fast-parse.ts): a recursive-descent reader over the
 * lexer's tokens with MySQL's operator precedence, for the expressions OLTP statements use. It
 * builds exactly the nodes the node-sql-parser path builds (convert-expr.ts, convert-logic.ts) and
 * gives up (throws BAIL) on anything else, so the caller can hand the text to that path instead.
 *
 * Given up on purpose, although MySQL reads them: reserved words used as names, bitwise operators,
 * `||` / `&&`, REGEXP, chained predicates (`a = b = c`, `a is null = 1`: node-sql-parser's
 * grouping of these is its own), subqueries, CASE, CAST, INTERVAL, COLLATE, variables, window
 * functions, ints with leading zeros (the other path reads `007` as 7).
 */

import type { AggregateName, BinaryOp, BindVar, ColumnRef, Expr, Literal, TableName } from './ast.js';
import { Cursor, PLAIN_NAME, bail, name } from './fast-cursor.js';
import { RESERVED } from './fast-reserved.js';
import type { Token } from './lexer.js';

const COMPARISONS: Readonly<Record<string, BinaryOp>> = {
  '=': '=', '!=': '!=', '<>': '!=', '<=>': '<=>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
};
const MULTIPLICATIVE: Readonly<Record<string, BinaryOp>> = { '*': '*', '/': '/', '%': '%' };

/** Aggregates read here; the others (group_concat, std, ...) take the other path. */
const AGGREGATES: ReadonlySet<string> = new Set(['count', 'sum', 'min', 'max', 'avg']);
const OTHER_AGGREGATES: ReadonlySet<string> = new Set<AggregateName>(['group_concat', 'bit_and', 'bit_or', 'bit_xor', 'std', 'stddev', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp', 'variance', 'any_value', 'json_arrayagg', 'json_objectagg']);

/** Function names in RESERVED that are plain calls for both paths. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(['now', 'date']);

/** Functions with a syntax or a spelling of their own on the other path (`USER()` comes back upper case). */
const SPECIAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'user', 'session_user', 'system_user', 'extract', 'trim', 'substring', 'substr', 'mid', 'position', 'cast', 'convert',
  'date_add', 'date_sub', 'adddate', 'subdate', 'timestampadd', 'timestampdiff', 'get_format', 'char', 'weight_string',
]);

/** Words that end a predicate: when one follows another predicate, the grouping is node-sql-parser's own. */
const PREDICATE_WORDS: ReadonlySet<string> = new Set(['is', 'in', 'between', 'like', 'not', 'regexp', 'rlike', 'sounds', 'member']);

export interface ExprOptions {
  /** `values(col)` is read (ON DUPLICATE KEY UPDATE). */
  readonly valuesFunc?: boolean;
  /** Three-part column names are read (the other path mangles them outside SELECT). */
  readonly threePart?: boolean;
}

/** Expression parser; one per statement. */
export class ExprReader {
  /** Set while select items are read. */
  inSelectList = false;

  constructor(
    private readonly c: Cursor,
    private readonly opts: ExprOptions = {},
  ) {}

  /**
   * A full expression: OR / AND / NOT, left-associative, NOT tightest (as convert-logic.ts rebuilds it).
   * XOR bails: node-sql-parser rejects it before many predicates (`a xor b like c`).
   */
  expr(): Expr {
    let left = this.and();
    while (this.c.eatWord('or')) left = logical('or', left, this.and());
    if (this.c.word() === 'xor') bail();
    return left;
  }

  list(): Expr[] {
    const out = [this.expr()];
    while (this.c.eatOp(',')) out.push(this.expr());
    return out;
  }

  /**
   * An expression where node-sql-parser takes no top-level AND / OR / XOR (SET and VALUES items,
   * IN lists, tuples, GROUP BY, ORDER BY): one there bails.
   */
  value(): Expr {
    const e = this.not();
    const w = this.c.word();
    if (w === 'and' || w === 'or' || w === 'xor') bail();
    return e;
  }

  values(): Expr[] {
    const out = [this.value()];
    while (this.c.eatOp(',')) out.push(this.value());
    return out;
  }

  private and(): Expr {
    let left = this.not();
    while (this.c.eatWord('and')) left = logical('and', left, this.not());
    return left;
  }

  private not(): Expr {
    if (this.c.eatWord('not')) {
      // rewrite.ts wraps `not (...)`'s operand in parentheses, which an implicit alias then breaks.
      const paren = this.c.op() === '(';
      if (paren && this.inSelectList) bail();
      const expr = this.not();
      // ... and `not ((a), b)` then reads as a call of `not` with two arguments.
      if (paren && expr.kind === 'tuple') bail();
      return { kind: 'unary', op: 'not', expr };
    }
    const p = this.predicate();
    const c = this.c;
    // A second predicate operator after the first one: leave the grouping to the other path.
    if (COMPARISONS[c.op()] !== undefined || PREDICATE_WORDS.has(c.word())) bail();
    return p;
  }

  private predicate(): Expr {
    const c = this.c;
    const left = this.additive();
    const cmp = COMPARISONS[c.op()];
    if (cmp !== undefined) {
      c.i++;
      // `= any (...)`, `= (select ...)`: the reserved words and the query bail further down.
      return binary(cmp, left, this.additive());
    }
    const w = c.word();
    if (w === 'is') {
      c.i++;
      const not = c.eatWord('not');
      const v = c.word();
      if (v !== 'null' && v !== 'true' && v !== 'false') bail();
      c.i++;
      return { kind: 'is', expr: left, not, value: v };
    }
    let not = false;
    if (w === 'not') {
      const next = c.word(1);
      if (next !== 'in' && next !== 'between' && next !== 'like') bail();
      c.i++;
      not = true;
    }
    switch (c.word()) {
      case 'in':
        c.i++;
        return { kind: 'in', expr: left, not, list: this.inList() };
      case 'between': {
        c.i++;
        const low = this.additive();
        c.expectWord('and');
        return { kind: 'between', expr: left, not, low, high: this.additive() };
      }
      case 'like': {
        c.i++;
        const right = this.additive();
        const escape = c.eatWord('escape') ? this.additive() : null;
        return { kind: 'binary', op: not ? 'not like' : 'like', left, right, escape };
      }
      default:
        return left;
    }
  }

  private inList(): readonly Expr[] | BindVar {
    const c = this.c;
    const t = c.tok();
    if (t?.type === 'listbind') {
      c.i++;
      return { kind: 'bind', name: t.value, list: true };
    }
    c.expectOp('(');
    const items = this.values();
    c.expectOp(')');
    // `in (::list)`, `in ((::list))`: the list bind itself, as on the other path.
    const only = items.length === 1 ? items[0] : undefined;
    return only?.kind === 'bind' && only.list ? only : items;
  }

  private additive(): Expr {
    const c = this.c;
    let left = this.multiplicative();
    for (;;) {
      const o = c.op();
      if (o !== '+' && o !== '-') return left;
      c.i++;
      left = binary(o, left, this.multiplicative());
    }
  }

  private multiplicative(): Expr {
    const c = this.c;
    let left = this.unary();
    for (;;) {
      const w = c.word();
      const o = w === 'div' || w === 'mod' ? w : MULTIPLICATIVE[c.op()];
      if (o === undefined) return left;
      c.i++;
      left = binary(o, left, this.unary());
    }
  }

  private unary(): Expr {
    const c = this.c;
    const o = c.op();
    if (o === '-') {
      c.i++;
      const inner = this.unary();
      // Vitess folds a minus sign into a numeric literal (convert-expr.ts does the same).
      if (inner.kind === 'literal' && (inner.type === 'int' || inner.type === 'decimal' || inner.type === 'float') && !inner.value.startsWith('-')) {
        return { ...inner, value: `-${inner.value}` };
      }
      return { kind: 'unary', op: '-', expr: inner };
    }
    if (o === '+' || o === '!' || o === '~') {
      c.i++;
      return { kind: 'unary', op: o, expr: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const c = this.c;
    const t = c.tok();
    if (t === undefined) return bail();
    switch (t.type) {
      case 'number':
        c.i++;
        return numberLiteral(t);
      case 'string':
        c.i++;
        return literal('string', t.value, null);
      case 'bind':
      case 'placeholder':
        c.i++;
        return { kind: 'bind', name: t.value, list: false };
      case 'listbind':
        c.i++;
        return { kind: 'bind', name: t.value, list: true };
      case 'op':
        if (t.value === '(') return this.group();
        return bail();
      case 'ident':
      case 'qident':
        return this.named(t);
      default:
        return bail();
    }
  }

  /** `(expr)` is the expression itself; `(a, b)` a tuple. */
  private group(): Expr {
    const c = this.c;
    c.i++;
    const w = c.word();
    if (w === 'select' || w === 'with') bail();
    const first = this.expr();
    if (c.eatOp(')')) return first;
    if (first.kind === 'binary' && (first.op === 'and' || first.op === 'or' || first.op === 'xor')) bail();
    c.expectOp(',');
    const items = [first, ...this.values()];
    c.expectOp(')');
    return { kind: 'tuple', items };
  }

  private named(t: Token): Expr {
    const c = this.c;
    if (t.type === 'ident') {
      const w = c.word();
      if (w === 'null') {
        c.i++;
        return literal('null', '', null);
      }
      if (w === 'true' || w === 'false') {
        c.i++;
        return literal('bool', w, null);
      }
      if (w.startsWith('_') && c.tok(1)?.type === 'string') {
        // A charset introducer: `_utf8mb4'x'`.
        const s = c.tok(1) as Token;
        c.i += 2;
        return literal('string', s.value, w.slice(1));
      }
      if (c.op(1) === '(') return this.call(w);
    }
    if (c.op(1) === '(') bail(); // a backticked function name
    const first = name(c);
    if (!c.eatOp('.')) return column(null, first);
    const second = name(c);
    if (!c.eatOp('.')) return column({ qualifier: null, name: first }, second);
    if (!this.opts.threePart) bail();
    return column({ qualifier: first, name: second }, name(c));
  }

  /** `name(args)`: an aggregate, `values(col)`, or a plain function. */
  private call(w: string): Expr {
    const c = this.c;
    const t = c.tok() as Token;
    if (w === 'values') {
      if (!this.opts.valuesFunc || c.op(1) !== '(') bail();
      c.i += 2;
      const col = this.named(c.tok() ?? bail());
      if (col.kind !== 'column') bail();
      c.expectOp(')');
      return { kind: 'values_func', column: col };
    }
    if (!PLAIN_NAME.test(t.value) || (RESERVED.has(w) && !FUNCTION_WORDS.has(w)) || OTHER_AGGREGATES.has(w) || SPECIAL_FUNCTIONS.has(w)) {
      bail();
    }
    c.i += 2;
    if (AGGREGATES.has(w)) return this.aggregate(w as AggregateName);
    const args: Expr[] = [];
    if (c.op() !== ')') {
      // node-sql-parser takes AND / OR in the first argument only.
      args.push(this.expr());
      while (c.eatOp(',')) args.push(this.value());
    }
    c.expectOp(')');
    // node-sql-parser spreads a tuple argument into the argument list.
    if (args.some((a) => a.kind === 'tuple')) bail();
    return { kind: 'func', name: t.value, args };
  }

  private aggregate(name: AggregateName): Expr {
    const c = this.c;
    let star = false;
    let distinct = false;
    let args: Expr[];
    if (name === 'count' && c.op() === '*' && c.op(1) === ')') {
      c.i++;
      star = true;
      args = [];
    } else {
      distinct = c.eatWord('distinct');
      args = this.list();
      // node-sql-parser's shape for sum(a, b) / sum(distinct a, b) is not ours to guess.
      if (args.length !== 1 && !(distinct && name === 'count')) bail();
    }
    c.expectOp(')');
    if (args.some((a) => a.kind === 'tuple')) bail();
    return { kind: 'aggregate', name, args, star, distinct, orderBy: [], separator: null };
  }
}

function logical(op: 'and' | 'or', left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, escape: null };
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, escape: null };
}

function column(table: TableName | null, name: string): ColumnRef {
  return { kind: 'column', table, name };
}

function literal(type: Literal['type'], value: string, charset: string | null): Literal {
  return { kind: 'literal', type, value, charset };
}

/** A number token as a literal; ints with leading zeros bail (node-sql-parser reads `007` as 7). */
export function numberLiteral(t: Token): Literal {
  const type = t.literal ?? 'int';
  if (type === 'int' && t.value.length > 1 && t.value.charCodeAt(0) === 48) bail();
  return literal(type, t.value, null);
}
