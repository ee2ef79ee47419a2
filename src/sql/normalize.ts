/**
 * The one-pass SQL normaliser in front of the plan cache: SQL text → a cache key plus the bind
 * values taken out of it, with no parse. A hand-written scanner walks the text once (charCodeAt,
 * no regular expressions, no backtracking); two statements that differ only in literal values,
 * whitespace, comments, keyword case, IN-list length or the number of VALUES rows get the same key,
 * so they share one plan. Like Vitess's normaliser, literals become bind variables named `:vtg1`,
 * `:vtg2`, ... in order of appearance. The only re-reading: an IN list or a VALUES row is looked
 * ahead once (to see whether it is all literals), and the whole text is scanned a second time only
 * when VALUES rows turn out not to share one shape, or when the statement already uses `:vtgN`.
 *
 * THE KEY
 * - Tokens are re-emitted with canonical spacing: one space between tokens; none after `(` or `.`;
 *   none before `)`, `,`, `.` or `;`; none between a name, a literal or a type name and its `(`
 *   (`count(*)`, `t(a, b)`, `decimal(10, 2)`); a space between other reserved words and `(`
 *   (`in (`, `exists (`) except for those written like functions (`char(`, `if(`, `left(`, ...).
 *   A trailing `;` is dropped. The key is a cache key, not SQL to send to MySQL (MySQL's "no space
 *   after a built-in function name" rule is not kept), but it reads back the same: normalising a
 *   key gives the key again. src/sql/parse.ts reads it (`::name` included); keyToParserSql() turns
 *   the `::name` list binds into text node-sql-parser itself accepts.
 * - MySQL reserved words are lower-cased (they can never be unquoted identifiers). Identifiers
 *   (plain and `backtick`-quoted), function names and other non-reserved words are kept exactly as
 *   written, because table names and aliases are case-sensitive in MySQL. A few non-reserved
 *   keywords are lower-cased where the grammar makes them unambiguous: `offset` after a LIMIT value,
 *   `next`/`value` in `select next N values`, `duplicate` in `on duplicate key`, `share`/`mode`/
 *   `nowait`/`skip`/`locked`/`wait` in locking clauses, `rollup` in `group by ... with rollup`,
 *   `escape` after a LIKE pattern, `unknown` after IS, an interval unit after `interval <value>`,
 *   and every word of a CAST/CONVERT target type. So `COUNT(*)` and `count(*)` are different keys
 *   (only a missed cache hit, never a wrong plan).
 * - Comments (`/* *\/`, `-- `, `#`, and `/*+ optimizer hints *\/`) are removed from the key and
 *   returned in `comments`, as written, for re-attaching to shard queries. `/*vt+ KEY=value FLAG *\/`
 *   comments are also parsed into `directives` (names upper-cased, quotes around values removed)
 *   and, because some Vitess directives change the plan, appended to the key in a canonical form
 *   (sorted, values quoted): ` /*vt+ A="1" B *\/`. MySQL executable comments `/*! ... *\/` are
 *   code, not comments: they stay in the key verbatim (their content is not normalised).
 *
 * BIND VARIABLES (statements whose first keyword is SELECT, INSERT, REPLACE, UPDATE, DELETE or WITH;
 * every other statement (SET, SHOW, DDL, BEGIN, EXPLAIN, ...) keeps its literals verbatim in the
 * key: kind 'other', no binds)
 * - A literal becomes a scalar bind `:vtgN` whose value is typed (NormalizedValue): `int` (exact
 *   text, never through a JS number: 18446744073709551615 stays that string), `decimal` (`1.5`,
 *   `.5`, `5.`), `float` (with an exponent), `string` (SQL escapes removed, see below), `hexnum`
 *   (`0x1F` as written), `hexval` (`x'1f'` as written), `bitnum` (`0b101` and `b'101'`, as written),
 *   `null` (value ''), `bool` ('true' / 'false').
 * - A minus sign in front of a number, where a minus can only be unary (after an operator, `(`,
 *   `,`, or a keyword), is part of the literal: `a = -5` binds the int '-5', as Vitess does.
 *   `a -5` (a minus five) binds '5'. `-0x10` binds the hexnum and keeps the `-` in the key.
 * - Adjacent string literals are one string, as in MySQL: `'a' 'b'` binds 'ab'.
 * - String escapes follow MySQL's default sql_mode: a doubled quote is one quote; `\0 \' \" \b \n
 *   \r \t \Z \\` are NUL, quote, double quote, backspace, newline, return, tab, 0x1A and backslash;
 *   `\%` and `\_` keep their backslash (LIKE); any other `\x` is `x` (the same rules as
 *   src/sql/literals.ts). NOT HANDLED: sql_mode NO_BACKSLASH_ESCAPES (backslash is then an ordinary
 *   character) and ANSI_QUOTES (`"x"` is then an identifier): here `"x"` is always a string and
 *   backslashes always escape.
 * - `?` placeholders stay `?` in the key: the k-th `?` of the key is always the caller's k-th
 *   value (`positional` counts them). `:name` and `::name` are kept as written.
 * - IN lists: `in (1, 2, 3)` / `not in (...)` whose items are all literals or `:name` binds become
 *   ONE list bind `in ::vtgN` (kind 'list', values in order; a `:name` item is a value of type
 *   'bindvar' holding the name), so every list length shares one key. A list holding `?` is not
 *   collapsed (that would shift the positions of later `?`s); its literals are scalar binds, as are
 *   those of any list with an expression, a subquery or tuples (`(a, b) in ((1, 2), (3, 4))`).
 * - Multi-row VALUES (INSERT/REPLACE): when every row has the same shape, the rows collapse into
 *   ONE row in the key whose literal (or `:name`) slots are list binds holding a column each:
 *   `insert into t(a, b, c) values (1, 'x', now()), (2, 'y', now())` →
 *   key `insert into t(a, b, c) values (::vtg1, ::vtg2, now())`, binds vtg1 = [1, 2] and
 *   vtg2 = ['x', 'y'] (kind 'column'), and `insertRows` = 2. Row r's value in slot i is
 *   column i's values[r]; a 1-row and a 50-row insert of the same shape share the key (which also
 *   encodes the number of values per row). Rows of different shapes, rows holding `?`, or rows with
 *   a LIMIT inside are not collapsed: their literals are scalar binds and `insertRows` is null.
 *
 * LITERALS THAT STAY IN THE KEY (they change the plan, or the grammar requires a literal there)
 * - Everything in an ORDER BY or GROUP BY clause (ordinals `order by 1`, and, as in Vitess, any
 *   literal inside them, including `group_concat(... order by ...)` and window `over (order by ...)`).
 * - `select next 5 values from seq`: the sequence count.
 * - CAST / CONVERT / WEIGHT_STRING target types: `cast(x as char(10))`, `convert(x, decimal(10, 2))`,
 *   `convert(x using utf8mb4)`, `weight_string(x as binary(8))`.
 * - A literal right after `collate`, `separator` (GROUP_CONCAT), `escape` (LIKE ... ESCAPE '!'),
 *   `as` (a quoted alias, `select a as 'x'`), `character set`, `->` / `->>` (JSON paths), and
 *   `wait N` in a locking clause.
 * - A literal after a charset introducer (`_binary'abc'`, `_utf8mb4 x'41'`) and a national string
 *   (`N'abc'`): the introducer changes the value's character set and collation, and
 *   `_binary :vtg1` is not valid SQL, so the pair stays as written.
 * - A string right after a name, `)` or number is an alias or a typed literal, not a value:
 *   `select a 'x'`, `date '2024-01-01'`, `timestamp '...'` stay as written.
 * - Everything after `into outfile` / `into dumpfile`.
 * - NULL / TRUE / FALSE / UNKNOWN after IS / IS NOT are keywords (`is null`), not binds.
 * - No special case is needed for `lock in share mode`, `for update`, interval units (`interval 1
 *   day` binds the 1; the unit is a keyword) or `select 1 from dual` (select-list literals ARE bound,
 *   as in Vitess: a shard query receives the values back, so result column names are unchanged).
 * LIMIT values ARE bound (as in Vitess) and the bind records `role: 'limit'` or `'offset'`
 * (`limit 10 offset 5`, `limit 5, 10`). Each literal gets its own bind: unlike Vitess, equal
 * literals are not merged into one bind var, so `a = 1 and b = 1` and `a = 1 and b = 2` share a key.
 * Bind names never collide with the caller's: if the statement itself uses `:vtgN`, those names are
 * skipped.
 *
 * KIND AND FAILURE
 * `kind` comes from the first keyword after comments and opening parentheses: select, insert
 * (also REPLACE), update, delete; WITH takes the kind of the statement after its CTEs; anything
 * else is 'other'. For several statements (`a; b`) it is the first one's kind.
 * normalizeSql never throws. An unterminated string, quoted identifier or comment gives
 * `{ kind: 'other', unterminated: true, key: <the input>, binds: [] }`: do not cache it, parse the
 * text to get a proper syntax error. Unbalanced parentheses and other syntax errors are not
 * detected here: the key is still produced and the parse on the cache miss reports the error.
 *
 * The result is not frozen (freezing costs more than the rest of a cache hit); treat it as
 * read-only, as its types say.
 */

import type { LiteralType } from './ast.js';
import {
  CHARSETS,
  CONTEXT_WORDS,
  INTERVAL_UNITS,
  KEYWORDS,
  KW_BY_END,
  KW_FUNC,
  KW_RESERVED,
  KW_VALUE,
} from './normalize-keywords.js';

export type NormalizedValueType = LiteralType | 'bindvar';

/** One literal value taken out of the SQL text (or, type 'bindvar', a reference to the caller's `:name`). */
export interface NormalizedValue {
  readonly type: NormalizedValueType;
  /** See the file comment; '' for null, the bind name (no colon) for 'bindvar'. */
  readonly value: string;
}

export type BindRole = 'value' | 'limit' | 'offset';

/** `:vtgN` in the key. */
export interface ScalarBind {
  readonly kind: 'scalar';
  readonly name: string;
  readonly value: NormalizedValue;
  /** 'limit' / 'offset' for a LIMIT row count / offset, else 'value'. */
  readonly role: BindRole;
}

/** `in ::vtgN` in the key: the collapsed IN list, items in order. */
export interface ListBind {
  readonly kind: 'list';
  readonly name: string;
  readonly values: readonly NormalizedValue[];
}

/** `::vtgN` inside the collapsed VALUES row: one column, values[r] is row r's value. */
export interface ColumnBind {
  readonly kind: 'column';
  readonly name: string;
  readonly values: readonly NormalizedValue[];
}

export type NormalizedBind = ScalarBind | ListBind | ColumnBind;

export type NormalizedKind = 'select' | 'insert' | 'update' | 'delete' | 'other';

export interface NormalizedSql {
  /** The cache key: normalised SQL (plus canonical `/*vt+ *\/` directives). */
  readonly key: string;
  /** Bind values in order of their names (vtg1, vtg2, ...). */
  readonly binds: readonly NormalizedBind[];
  readonly directives: Readonly<Record<string, string | true>>;
  /** Every comment, as written (without the newline ending a `--`/`#` comment). */
  readonly comments: readonly string[];
  readonly kind: NormalizedKind;
  /** True when a string, quoted identifier or comment never ends: fall back to a full parse. */
  readonly unterminated: boolean;
  /** Number of VALUES rows when they were collapsed into column binds; null otherwise. */
  readonly insertRows: number | null;
  /** Number of `?` placeholders in the key. */
  readonly positional: number;
  /**
   * Only on NormalizeMemo's results: one slot per remembered text, shared by every text it
   * matches, where the caller may keep something derived from `key` (the plan cache keeps its
   * full cache key there, so a hit builds and hashes no new string).
   */
  readonly slot?: KeySlot;
}

/** See NormalizedSql.slot. */
export interface KeySlot {
  prefix: string | null;
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Character classes

const C_IDENT = 1; // [A-Za-z0-9_$] (and every code unit >= 0x80, handled in isIdent)
const C_DIGIT = 2;
const C_WS = 4;
const C_HEX = 8;

const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = C_IDENT | C_DIGIT | C_HEX;
for (let c = 65; c <= 90; c++) CLASS[c] = C_IDENT;
for (let c = 97; c <= 122; c++) CLASS[c] = C_IDENT;
for (let c = 65; c <= 70; c++) CLASS[c] = C_IDENT | C_HEX;
for (let c = 97; c <= 102; c++) CLASS[c] = C_IDENT | C_HEX;
CLASS[95] = C_IDENT; // _
CLASS[36] = C_IDENT; // $
for (const c of [9, 10, 11, 12, 13, 32]) CLASS[c] = C_WS;

/** NaN (past the end of the text) is in no class. */
function isIdent(c: number): boolean {
  return c < 128 ? (CLASS[c]! & C_IDENT) !== 0 : c >= 128;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWs(c: number): boolean {
  return c < 128 && (CLASS[c]! & C_WS) !== 0;
}
function isHex(c: number): boolean {
  return c < 128 && (CLASS[c]! & C_HEX) !== 0;
}

// The word table: reserved words (flags != 0) and contextual keywords (flags 0), found by a hash of
// the length and three characters (| 0x20 folds ASCII case), so a plain name costs no slice.
// Word ids: the words the scanner reacts to (every other word has id 0). Switching on a small
// integer is cheaper than comparing strings.
const W_NULL = 1;
const W_TRUE = 2;
const W_FALSE = 3;
const W_IS = 4;
const W_NOT = 5;
const W_LIKE = 6;
const W_INTERVAL = 7;
const W_LIMIT = 8;
const W_BY = 9;
const W_AS = 10;
const W_USING = 11;
const W_COLLATE = 12;
const W_SEPARATOR = 13;
const W_SET = 14;
const W_OUTFILE = 15;
const W_CONVERT = 16;
const W_VALUES = 17;
const W_OFFSET = 18;
const W_ESCAPE = 19;
const W_NEXT = 20;
const W_VALUE = 21;
const W_DUPLICATE = 22;
const W_SHARE = 23;
const W_MODE = 24;
const W_NOWAIT = 25;
const W_SKIP = 26;
const W_WAIT = 27;
const W_LOCKED = 28;
const W_ROLLUP = 29;
const W_UNKNOWN = 30;
const W_DUMPFILE = 31;
const W_CAST = 32;
const W_WEIGHT_STRING = 33;
const W_SELECT = 34;
const W_INSERT = 35;
const W_REPLACE = 36;
const W_UPDATE = 37;
const W_DELETE = 38;
const W_WITH = 39;
const W_ORDER = 40;
const W_GROUP = 41;
const W_CHARACTER = 42;
const W_INTO = 43;
const W_ON = 44;
const W_FOR = 45;
const W_IN = 46;
const W_LOCK = 47;
const WORD_IDS: Readonly<Record<string, number>> = {
  null: W_NULL,
  true: W_TRUE,
  false: W_FALSE,
  is: W_IS,
  not: W_NOT,
  like: W_LIKE,
  interval: W_INTERVAL,
  limit: W_LIMIT,
  by: W_BY,
  as: W_AS,
  using: W_USING,
  collate: W_COLLATE,
  separator: W_SEPARATOR,
  set: W_SET,
  outfile: W_OUTFILE,
  convert: W_CONVERT,
  values: W_VALUES,
  offset: W_OFFSET,
  escape: W_ESCAPE,
  next: W_NEXT,
  value: W_VALUE,
  duplicate: W_DUPLICATE,
  share: W_SHARE,
  mode: W_MODE,
  nowait: W_NOWAIT,
  skip: W_SKIP,
  wait: W_WAIT,
  locked: W_LOCKED,
  rollup: W_ROLLUP,
  unknown: W_UNKNOWN,
  dumpfile: W_DUMPFILE,
  cast: W_CAST,
  weight_string: W_WEIGHT_STRING,
  select: W_SELECT,
  insert: W_INSERT,
  replace: W_REPLACE,
  update: W_UPDATE,
  delete: W_DELETE,
  with: W_WITH,
  order: W_ORDER,
  group: W_GROUP,
  character: W_CHARACTER,
  into: W_INTO,
  on: W_ON,
  for: W_FOR,
  in: W_IN,
  lock: W_LOCK,
};

interface WordEntry {
  readonly word: string;
  readonly flags: number;
  readonly id: number;
  readonly next: WordEntry | null;
}
const WORD_BUCKETS = 4096; // a power of two
/** c1 is NaN for a one-letter word (and NaN | 0x20 is 0x20 on both sides). */
function wordBucket(len: number, c0: number, c1: number, last: number): number {
  return (len * 613 + (c0 | 0x20) * 1031 + (c1 | 0x20) * 37 + (last | 0x20) * 5) & (WORD_BUCKETS - 1);
}
const WORDS: (WordEntry | null)[] = new Array<WordEntry | null>(WORD_BUCKETS).fill(null);
let MAX_WORD = 0;
function addWord(text: string, flags: number): void {
  // An internalised copy (property keys are), so `switch (word)` on it compares pointers.
  const word = Object.keys({ [text]: 0 })[0]!;
  const b = wordBucket(word.length, word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(word.length - 1));
  WORDS[b] = { word, flags, id: WORD_IDS[word] ?? 0, next: WORDS[b] ?? null };
  if (word.length > MAX_WORD) MAX_WORD = word.length;
}
for (const [word, flags] of KEYWORDS) addWord(word, flags);
for (const word of CONTEXT_WORDS) if (!KEYWORDS.has(word)) addWord(word, 0);

// Token types (what the previous token was decides spacing, unary minus and aliases).
const T_NONE = 0;
const T_KW = 1; // a keyword (reserved, or non-reserved in a recognised position)
const T_VALKW = 2; // a keyword that is an operand (current_date, null after IS)
const T_IDENT = 3; // a name, `quoted`, @var, ?, :name, ::name
const T_NUM = 4; // a number literal (bound or kept)
const T_STR = 5; // a string literal (bound or kept)
const T_LIT = 6; // any other literal or a list bind
const T_OP = 7;
const T_LP = 8;
const T_RP = 9;
const T_COMMA = 10;
const T_DOT = 11;
const T_SEMI = 12;
const T_EXEC = 13; // /*! ... */
const T_KEPTNUM = 14; // a number kept as written (a space keeps it apart from a following `.`)

// Number scan results.
const N_WORD = 0;
const N_INT = 1;
const N_DEC = 2;
const N_FLOAT = 3;
const N_HEX = 4;
const N_BIT = 5;
const NUM_TYPES: readonly LiteralType[] = ['int', 'int', 'decimal', 'float', 'hexnum', 'bitnum'];

// Literal classes of a memo's bound places: N_INT..N_BIT for numbers, L_NEGATIVE + N_* for a
// number with its unary minus, then quoted literals and a collapsed IN list.
const L_NEGATIVE = 8;
const L_STRING1 = 16; // '...'
const L_STRING2 = 17; // "..."
const L_XQUOTED = 18; // x'..'
const L_BQUOTED = 19; // b'..'
const L_LIST = 20; // (item, item, ...) of an IN list bind
const L_ROW = 21; // (item, item, ...) of a collapsed VALUES row (one value per column bind)

// Statement kinds.
const K_UNSET = 0;
const K_SELECT = 1;
const K_INSERT = 2;
const K_UPDATE = 3;
const K_DELETE = 4;
const K_WITH = 5;
const K_OTHER = 6;
const KIND_NAMES: readonly NormalizedKind[] = ['other', 'select', 'insert', 'update', 'delete', 'other', 'other'];

function verbKind(id: number): number {
  switch (id) {
    case W_SELECT:
      return K_SELECT;
    case W_INSERT:
    case W_REPLACE:
      return K_INSERT;
    case W_UPDATE:
      return K_UPDATE;
    case W_DELETE:
      return K_DELETE;
    case W_WITH:
      return K_WITH;
    default:
      return K_OTHER;
  }
}

// Bind names: vtg1, :vtg1, ::vtg1 (and the last two with a leading space), cached for the first
// NAME_CACHE numbers (a statement with more literals builds the rest on the fly).
const NAME_CACHE = 2048;
const NAMES: string[] = [];
const SCALAR_TEXT: string[] = [];
const LIST_TEXT: string[] = [];
const SPACED: Map<string, string> = new Map();
for (let n = 1; n < NAME_CACHE; n++) {
  NAMES[n] = `vtg${n}`;
  SCALAR_TEXT[n] = `:vtg${n}`;
  LIST_TEXT[n] = `::vtg${n}`;
  SPACED.set(scalarText(n), ` :vtg${n}`);
  SPACED.set(listText(n), ` ::vtg${n}`);
}
function bindName(n: number): string {
  return NAMES[n] ?? `vtg${n}`;
}
function scalarText(n: number): string {
  return SCALAR_TEXT[n] ?? `:vtg${n}`;
}
function listText(n: number): string {
  return LIST_TEXT[n] ?? `::vtg${n}`;
}

interface MutableValue {
  type: NormalizedValueType;
  value: string;
}
interface MutableScalar {
  kind: 'scalar';
  name: string;
  value: MutableValue;
  role: BindRole;
}
interface MutableListish {
  kind: 'list' | 'column';
  name: string;
  values: MutableValue[];
}
type MutableBind = MutableScalar | MutableListish;

function mkValue(type: NormalizedValueType, value: string): MutableValue {
  return { type, value };
}

/** Removes MySQL string escapes from src[start, end) (the text between the quotes). */
function unescapeString(src: string, start: number, end: number, quote: number): string {
  let out = '';
  let chunk = start;
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 92 && i + 1 < end) {
      out += src.slice(chunk, i);
      const e = src.charCodeAt(i + 1);
      switch (e) {
        case 48: out += '\0'; break; // \0
        case 98: out += '\b'; break; // \b
        case 110: out += '\n'; break; // \n
        case 114: out += '\r'; break; // \r
        case 116: out += '\t'; break; // \t
        case 90: out += '\x1a'; break; // \Z
        case 37: out += '\\%'; break; // \% kept for LIKE
        case 95: out += '\\_'; break; // \_ kept for LIKE
        default: out += src[i + 1]; // \\ \' \" and any other \x → x
      }
      i += 2;
      chunk = i;
    } else if (c === quote) {
      // A doubled quote inside the string (the scanner only lets doubled quotes through).
      out += src.slice(chunk, i + 1);
      i += 2;
      chunk = i;
    } else {
      i++;
    }
  }
  return out + src.slice(chunk, end);
}

const EMPTY_DIRECTIVES: Readonly<Record<string, string | true>> = Object.freeze({});
const EMPTY_STRINGS: readonly string[] = Object.freeze([]);
const EMPTY_BINDS: readonly NormalizedBind[] = Object.freeze([]);

/** Parses the inside of a `/*vt+ ... *\/` comment into `into`. */
function parseDirectives(text: string, into: Record<string, string | true>): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const ks = i;
    while (i < n && !isWs(text.charCodeAt(i)) && text.charCodeAt(i) !== 61) i++;
    const name = text.slice(ks, i).toUpperCase();
    if (i < n && text.charCodeAt(i) === 61) {
      i++;
      const q = text.charCodeAt(i);
      let value: string;
      if (q === 39 || q === 34) {
        const close = text.indexOf(text[i]!, i + 1);
        const end = close < 0 ? n : close;
        value = text.slice(i + 1, end);
        i = close < 0 ? n : close + 1;
      } else {
        const vs = i;
        while (i < n && !isWs(text.charCodeAt(i))) i++;
        value = text.slice(vs, i);
      }
      if (name !== '') into[name] = value;
    } else if (name !== '') {
      into[name] = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The scanner

class Normalizer {
  private src: string;
  private len: number;
  private readonly collapseRows: boolean;
  private readonly reserved: ReadonlySet<string> | null;

  // Output: `out` plus the pending source range [copyStart, copyEnd) not yet appended.
  private out = '';
  private copyStart = -1;
  private copyEnd = -1;
  /** Source end of the last token emitted from the source (-1 after synthetic text). */
  private lastEnd = -1;

  private prevTok = T_NONE;
  /** Word ids of the previous token and the one before (0 unless it was a keyword with an id). */
  private prevId = 0;
  private prev2Id = 0;
  private prevFlags = 0;
  /** The next token is written without a space before it (`ks@replica`). */
  private glue = false;
  /** Index of the next token to emit; the one-token states below compare against it. */
  private tokIdx = 0;
  private depth = 0;

  readonly binds: MutableBind[] = [];
  private comments: string[] | null = null;
  private directives: Record<string, string | true> | null = null;
  private nextBind = 0;
  seenVtg: Set<string> | null = null;
  positional = 0;
  aborted = false;
  unterminated = false;

  private kind = K_UNSET;
  private stmtKind = K_UNSET;
  private stmtStart = true;
  private binding = false;
  private pendingSemi = false;

  // Keep-literal contexts.
  private keepNextAt = -1;
  private keepRest = false;
  private byDepth = -1;
  private castDepths: number[] | null = null;
  private castKinds: number[] | null = null; // 1 cast/weight_string, 2 convert; +4 once in the type part
  private castAt = -1;
  private castKind = 0;

  // One-token states.
  private isAt = -1;
  private likeAt = -1;
  private escapeAt = -1;
  private intervalAt = -1;
  private unitAt = -1;
  private limitValAt = -1;
  private limitSecondAt = -1;
  private limitVal2At = -1;
  private limitRole2: BindRole = 'limit';
  private limitFirst: MutableScalar | null = null;
  private strAt = -1;
  private strValue: MutableValue | null = null;
  private keptStrAt = -1;

  // Scratch results of the scanning helpers.
  private numType = N_WORD;
  private strVal = '';
  private hasUpper = false;
  private wordAscii = true;
  private peekSawComment = false;
  private listEnd = 0;
  /** backslashFrom's last answer, and the position it searched from (none yet: an empty range). */
  private backslashAt = -1;
  private backslashSearched = 0;

  // Multi-row VALUES collapse.
  private valuesDone = false;
  /** 0 off; 1 expecting a row's `(`; 2 inside a row; 3 after a row's `)`. */
  private rowsState = 0;
  private rowsDepth = 0;
  private rowIndex = 0;
  private rowSlot = 0;
  /** The column binds and their `::vtgN` texts, one per slot of the first row (null until rows start). */
  private rowCols: MutableListish[] | null = null;
  private rowTexts: string[] | null = null;
  private rowShape = '';
  /** The key text before the first row (which is rendered into a fresh `out`). */
  private outBeforeRow = '';
  /** Rows after the first are not rendered: their text is compared with rowShape as it is emitted. */
  private verifying = false;
  /** The first row was only literals (the fast path); later rows try that path first. */
  private rowSimple = false;
  private vpos = 0;
  insertRows: number | null = null;

  /**
   * Memo recording (NormalizeMemo): for each scalar or list bind, its source range and literal
   * class (start, end, class triples); null when not recording. memoable turns false when a bind
   * is not one plain literal token (adjacent strings merged into one value).
   */
  spans: number[] | null = null;
  memoable = true;
  /** Every VALUES row was read by the literal-row fast path (recorded as one L_ROW span each). */
  private rowsMemoable = true;

  constructor(src: string, collapseRows: boolean, reserved: ReadonlySet<string> | null) {
    this.src = src;
    this.len = src.length;
    this.collapseRows = collapseRows;
    this.reserved = reserved;
  }

  // ----- output

  private flush(): void {
    const start = this.copyStart;
    const end = this.copyEnd;
    if (end > start) {
      if (this.verifying) this.verifyRange(start, end);
      else this.out += this.src.slice(start, end);
    }
    this.copyStart = -1;
    this.copyEnd = -1;
  }

  private append(text: string): void {
    if (!this.verifying) {
      this.out += text;
      return;
    }
    const shape = this.rowShape;
    const n = text.length;
    let v = this.vpos;
    if (v + n > shape.length) {
      this.aborted = true;
      return;
    }
    for (let i = 0; i < n; i++, v++) {
      if (text.charCodeAt(i) !== shape.charCodeAt(v)) {
        this.aborted = true;
        return;
      }
    }
    this.vpos = v;
  }

  /** In a VALUES row after the first: src[start, end) must be the next text of the first row's shape. */
  private verifyRange(start: number, end: number): void {
    const shape = this.rowShape;
    const src = this.src;
    let v = this.vpos;
    if (v + (end - start) > shape.length) {
      this.aborted = true;
      return;
    }
    for (let i = start; i < end; i++, v++) {
      if (src.charCodeAt(i) !== shape.charCodeAt(v)) {
        this.aborted = true;
        return;
      }
    }
    this.vpos = v;
  }

  private sep(type: number): boolean {
    if (this.glue) return false;
    const p = this.prevTok;
    if (p === T_NONE || p === T_LP || p === T_DOT) return false;
    if (type === T_COMMA || type === T_RP || type === T_SEMI) return false;
    if (type === T_DOT) return p === T_KEPTNUM; // `2 .a`, not `2.a` (which reads as 2. a)
    if (type === T_LP) {
      if (p === T_IDENT || p === T_NUM || p === T_STR || p === T_LIT || p === T_KEPTNUM) return false;
      if (p === T_KW || p === T_VALKW) return (this.prevFlags & KW_FUNC) === 0;
    }
    return true;
  }

  /** Emits src[start, end) as written. */
  private emitSrc(start: number, end: number, type: number): void {
    const space = this.sep(type);
    const last = this.lastEnd;
    if (
      last >= 0 &&
      this.copyEnd === last &&
      (space ? start === last + 1 && this.src.charCodeAt(last) === 32 : start === last)
    ) {
      this.copyEnd = end;
    } else {
      this.flush();
      if (space) {
        if (start > 0 && this.src.charCodeAt(start - 1) === 32) {
          this.copyStart = start - 1;
        } else {
          this.append(' ');
          this.copyStart = start;
        }
      } else {
        this.copyStart = start;
      }
      this.copyEnd = end;
    }
    this.lastEnd = end;
    this.prevTok = type;
    this.prev2Id = this.prevId;
    this.prevId = 0;
    this.tokIdx++;
    this.glue = false;
  }

  /** Emits synthetic text (a bind name, a lower-cased keyword). */
  private emitText(text: string, type: number): void {
    const space = this.sep(type);
    this.flush();
    if (space) this.append(SPACED.get(text) ?? ' ' + text);
    else this.append(text);
    this.lastEnd = -1;
    this.prevTok = type;
    this.prev2Id = this.prevId;
    this.prevId = 0;
    this.tokIdx++;
  }

  private emitKeyword(start: number, end: number, lower: string, type: number, flags: number, id: number): void {
    if (this.hasUpper) this.emitText(lower, type);
    else this.emitSrc(start, end, type);
    this.prevId = id;
    this.prevFlags = flags;
  }

  // ----- trivia

  /**
   * Skips whitespace and comments from p; returns the next significant position (len at the end),
   * or -1 for an unterminated comment. With collect, comments and directives are recorded;
   * without, peekSawComment says whether one was skipped. `/*!` is significant (code).
   */
  private skipTrivia(p: number, collect: boolean): number {
    const src = this.src;
    const len = this.len;
    while (p < len) {
      const c = src.charCodeAt(p);
      if (c === 32 || isWs(c)) {
        p++;
        continue;
      }
      let end: number;
      let next: number;
      if (c === 47 && src.charCodeAt(p + 1) === 42) {
        // /* ... */
        if (src.charCodeAt(p + 2) === 33) return p; // /*! executable comment
        const close = src.indexOf('*/', p + 2);
        if (close < 0) return -1;
        end = close + 2;
        next = end;
      } else if (c === 35 || (c === 45 && src.charCodeAt(p + 1) === 45 && (p + 2 >= len || src.charCodeAt(p + 2) <= 32))) {
        // # ... or -- ... up to the end of the line
        const nl = src.indexOf('\n', p);
        end = nl < 0 ? len : nl;
        next = end;
        if (end > p && src.charCodeAt(end - 1) === 13) end--;
      } else {
        return p;
      }
      if (collect) this.addComment(p, end);
      else this.peekSawComment = true;
      p = next;
    }
    return p;
  }

  private addComment(start: number, end: number): void {
    const text = this.src.slice(start, end);
    (this.comments ??= []).push(text);
    if (text.startsWith('/*vt+')) parseDirectives(text.slice(5, text.length - 2), (this.directives ??= {}));
  }

  // ----- the main loop

  run(): void {
    const src = this.src;
    const len = this.len;
    let pos = 0;
    for (;;) {
      if (pos >= len) break;
      let c = src.charCodeAt(pos);
      if (c <= 32 || c === 47 || c === 35 || c === 45) {
        // Whitespace or a possible comment (/ # -): the full trivia skip.
        pos = this.skipTrivia(pos, true);
        if (pos < 0) {
          this.unterminated = true;
          return;
        }
        if (pos >= len) break;
        c = src.charCodeAt(pos);
      }
      if (this.rowsState === 1 || this.rowsState === 3) {
        if (!(this.rowsState === 1 ? c === 40 : c === 44)) this.finishRows();
      }
      if (this.pendingSemi) {
        this.pendingSemi = false;
        this.emitText(';', T_SEMI);
      }
      pos = this.token(pos, c);
      if (this.aborted) return;
      if (pos < 0) {
        this.unterminated = true;
        return;
      }
    }
    if (this.rowsState !== 0) this.finishRows();
    this.flush();
  }

  private token(pos: number, c: number): number {
    const src = this.src;
    if (isDigit(c)) return this.numberOrWord(pos);
    if (isIdent(c)) {
      if (src.charCodeAt(pos + 1) === 39) {
        const l = c | 0x20;
        if (l === 0x78) return this.quotedBinary(pos, 'hexval'); // x'..'
        if (l === 0x62) return this.quotedBinary(pos, 'bitnum'); // b'..'
        if (l === 0x6e) return this.stringLiteral(pos + 1, 39, pos); // N'..'
      }
      return this.word(pos);
    }
    switch (c) {
      case 39: // '
      case 34: // "
        return this.stringLiteral(pos, c, -1);
      case 96: // `
        return this.backtick(pos);
      case 40:
        return this.lparen(pos);
      case 41:
        return this.rparen(pos);
      case 44:
        return this.comma(pos);
      case 59:
        return this.semicolon(pos);
      case 46: // .
        if (isDigit(src.charCodeAt(pos + 1)) && !this.afterName()) {
          return this.numberOrWord(pos);
        }
        this.emitSrc(pos, pos + 1, T_DOT);
        return pos + 1;
      case 63: // ?
        return this.positionalBind(pos);
      case 58: // :
        return this.colon(pos);
      case 64: // @
        return this.variable(pos);
      case 47: // /
        if (src.charCodeAt(pos + 1) === 42) {
          // /*! ... */ (skipTrivia consumed every other comment)
          const close = src.indexOf('*/', pos + 3);
          if (close < 0) return -1;
          this.emitSrc(pos, close + 2, T_EXEC);
          return close + 2;
        }
        return this.operator(pos, c);
      default:
        return this.operator(pos, c);
    }
  }

  // ----- words

  /** Scans a name from p; sets hasUpper and wordAscii. */
  private scanWord(p: number): number {
    const src = this.src;
    const len = this.len;
    let upper = false;
    let ascii = true;
    while (p < len) {
      const c = src.charCodeAt(p);
      if (c >= 97) {
        // a-z, or { | } ~ DEL (not name characters), or >= 0x80 (always name characters)
        if (c > 122) {
          if (c < 128) break;
          ascii = false;
        }
      } else if (c >= 65 ? c <= 90 || c === 95 : (c >= 48 && c <= 57) || c === 36) {
        if (c <= 90 && c >= 65) upper = true;
      } else {
        break;
      }
      p++;
    }
    this.hasUpper = upper;
    this.wordAscii = ascii;
    return p;
  }

  /** The word table entry for src[start, end) (just scanned), or null for a plain name. */
  private lookupWord(start: number, end: number): WordEntry | null {
    const n = end - start;
    if (n > MAX_WORD || !this.wordAscii) return null;
    const src = this.src;
    const b = wordBucket(n, src.charCodeAt(start), n > 1 ? src.charCodeAt(start + 1) : NaN, src.charCodeAt(end - 1));
    for (let e = WORDS[b] ?? null; e !== null; e = e.next) {
      const w = e.word;
      if (w.length !== n) continue;
      let i = 0;
      for (; i < n; i++) {
        let c = src.charCodeAt(start + i);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== w.charCodeAt(i)) break;
      }
      if (i === n) return e;
    }
    return null;
  }

  private word(start: number): number {
    const end = this.scanWord(start);
    if (this.prevTok === T_DOT) {
      // The part after a qualifier's dot is always a name, even when it is a reserved word.
      this.emitIdent(start, end);
      return end;
    }
    const entry = this.lookupWord(start, end);
    const id = entry === null ? 0 : entry.id;
    if (this.stmtStart) {
      this.stmtStart = false;
      const k = verbKind(id);
      this.stmtKind = k;
      this.binding = k !== K_OTHER;
      if (this.kind === K_UNSET) this.kind = k;
    } else if (this.stmtKind === K_WITH && this.depth === 0 && id !== 0) {
      const k = verbKind(id);
      if (k !== K_OTHER && k !== K_WITH) {
        this.stmtKind = k;
        if (this.kind === K_WITH) this.kind = k;
      }
    }
    if (entry !== null && entry.flags !== 0) this.reservedWord(start, end, entry);
    else this.plainWord(start, end, entry);
    return end;
  }

  private reservedWord(start: number, end: number, entry: WordEntry): void {
    const lower = entry.word;
    const id = entry.id;
    let flags = entry.flags;
    const idx = this.tokIdx;
    let type = (flags & KW_VALUE) !== 0 ? T_VALKW : T_KW;
    switch (id) {
      case W_NULL:
      case W_TRUE:
      case W_FALSE:
        // Only inside collapsed VALUES rows (and IN lists, read by the lookahead) do NULL/TRUE/FALSE
        // become values; elsewhere they stay keywords, as in Vitess, whose normaliser binds only
        // literals: `id = null` must plan to None, not to a route on a bound NULL.
        if (this.isAt !== idx && this.binding && this.rowsState === 2) {
          this.literal(start, end, id === W_NULL ? 'null' : 'bool', id === W_NULL ? '' : lower);
          return;
        }
        break;
      case W_IS:
        this.isAt = idx + 1;
        break;
      case W_NOT:
        if (this.isAt === idx) this.isAt = idx + 1;
        break;
      case W_LIKE:
        this.likeAt = idx + 1;
        break;
      case W_INTERVAL:
        this.intervalAt = idx + 1;
        break;
      case W_LIMIT:
        if (this.rowsState === 2) {
          this.aborted = true;
          return;
        }
        this.limitValAt = idx + 1;
        this.limitFirst = null;
        break;
      case W_BY:
        if (this.byDepth < 0 && (this.prevId === W_ORDER || this.prevId === W_GROUP)) this.byDepth = this.depth;
        break;
      case W_AS:
        this.keepNextAt = idx + 1;
        this.castTypePart(1);
        break;
      case W_USING:
        this.castTypePart(2);
        break;
      case W_COLLATE:
      case W_SEPARATOR:
        this.keepNextAt = idx + 1;
        break;
      case W_SET:
        if (this.prevId === W_CHARACTER) this.keepNextAt = idx + 1;
        break;
      case W_OUTFILE:
        if (this.prevId === W_INTO) this.keepRest = true;
        break;
      case W_CONVERT:
        this.castAt = idx + 1;
        this.castKind = 2;
        break;
      case W_VALUES:
        if (this.startsRows(end)) {
          this.emitKeyword(start, end, lower, T_KW, flags, id);
          this.rowsState = 1;
          this.rowsDepth = this.depth;
          return;
        }
        break;
    }
    if ((flags & KW_BY_END) !== 0 && this.byDepth === this.depth) this.byDepth = -1;
    if (this.inCastType()) {
      // A type name: `decimal(10, 2)`, written like a function.
      type = T_KW;
      flags |= KW_FUNC;
    }
    this.emitKeyword(start, end, lower, type, flags, id);
  }

  /** A word that is not reserved: a contextual keyword (entry not null) or a name. */
  private plainWord(start: number, end: number, entry: WordEntry | null): void {
    const idx = this.tokIdx;
    if (entry === null) {
      if (this.inCastType()) {
        // Every word of a CAST/CONVERT target type is a type or charset name: case-insensitive.
        this.emitKeyword(start, end, this.src.slice(start, end).toLowerCase(), T_KW, KW_FUNC, 0);
        return;
      }
      if (this.src.charCodeAt(start) === 95 && CHARSETS.has(this.src.slice(start + 1, end).toLowerCase())) {
        // A charset introducer: the literal it introduces stays as written.
        this.keepNextAt = idx + 1;
      }
      this.emitIdent(start, end);
      return;
    }
    const id = entry.id;
    const prev = this.prevId;
    const prev2 = this.prev2Id;
    let kw = false;
    let type = T_KW;
    switch (id) {
      case W_OFFSET:
        if (this.limitSecondAt === idx) {
          kw = true;
          this.limitVal2At = idx + 1;
          this.limitRole2 = 'offset';
        }
        break;
      case W_ESCAPE:
        if (this.escapeAt === idx) {
          kw = true;
          this.keepNextAt = idx + 1;
        }
        break;
      case W_NEXT:
        if (prev === W_SELECT && this.peekNextIsSequenceCount(end)) {
          kw = true;
          this.keepNextAt = idx + 1;
        }
        break;
      case W_VALUE:
        if (prev === W_NEXT) kw = true;
        else if (this.startsRows(end)) {
          this.emitKeyword(start, end, entry.word, T_KW, 0, id);
          this.rowsState = 1;
          this.rowsDepth = this.depth;
          return;
        }
        break;
      case W_DUPLICATE:
        if (prev === W_ON && this.peekWordIs(end, 'key')) kw = true;
        break;
      case W_SHARE:
        if (prev === W_FOR || (prev === W_IN && prev2 === W_LOCK)) kw = true;
        break;
      case W_MODE:
        if (prev === W_SHARE) kw = true;
        break;
      case W_NOWAIT:
      case W_SKIP:
      case W_WAIT:
        if (((prev === W_UPDATE || prev === W_SHARE) && prev2 === W_FOR) || (prev === W_MODE && prev2 === W_SHARE)) {
          kw = true;
          if (id === W_WAIT) this.keepNextAt = idx + 1;
        }
        break;
      case W_LOCKED:
        if (prev === W_SKIP) kw = true;
        break;
      case W_ROLLUP:
        if (prev === W_WITH && this.byDepth >= 0) kw = true;
        break;
      case W_UNKNOWN:
        if (this.isAt === idx) {
          kw = true;
          type = T_VALKW;
        }
        break;
      case W_DUMPFILE:
        if (prev === W_INTO) {
          kw = true;
          this.keepRest = true;
        }
        break;
      case W_CAST:
      case W_WEIGHT_STRING:
        this.castAt = idx + 1;
        this.castKind = 1;
        break;
    }
    if (kw || (this.unitAt === idx && INTERVAL_UNITS.has(entry.word)) || this.inCastType()) {
      this.emitKeyword(start, end, entry.word, type, 0, id);
      return;
    }
    this.emitIdent(start, end);
  }

  private emitIdent(start: number, end: number): void {
    const idx = this.tokIdx;
    this.emitSrc(start, end, T_IDENT);
    this.afterOperand(idx);
  }

  /** A one-token operand was emitted at idx: advance the states that wait for one. */
  private afterOperand(idx: number): void {
    if (this.likeAt === idx) this.escapeAt = idx + 1;
    if (this.intervalAt === idx) this.unitAt = idx + 1;
    if (this.limitValAt === idx) this.limitSecondAt = idx + 1;
  }

  private peekNextIsSequenceCount(end: number): boolean {
    const p = this.skipTrivia(end, false);
    if (p < 0 || p >= this.len) return false;
    if (isDigit(this.src.charCodeAt(p))) return true;
    return this.peekWordIs(end, 'value') || this.peekWordIs(end, 'values');
  }

  private peekWordIs(end: number, lowerWord: string): boolean {
    const p = this.skipTrivia(end, false);
    if (p < 0) return false;
    const e = p + lowerWord.length;
    if (e > this.len || isIdent(this.src.charCodeAt(e))) return false;
    return this.src.slice(p, e).toLowerCase() === lowerWord;
  }

  // ----- CAST / CONVERT target types

  private inCastType(): boolean {
    const kinds = this.castKinds;
    return kinds !== null && kinds.length > 0 && kinds[kinds.length - 1]! >= 4;
  }

  /** `as` (how = 1) or `using` (how = 2) at the depth of the innermost cast-like call. */
  private castTypePart(how: number): void {
    const kinds = this.castKinds;
    const depths = this.castDepths;
    if (kinds === null || depths === null || kinds.length === 0) return;
    const top = kinds.length - 1;
    if (depths[top] !== this.depth || kinds[top]! >= 4) return;
    if (how === 1 ? kinds[top] === 1 : kinds[top] === 2) kinds[top] = kinds[top]! + 4;
  }

  // ----- punctuation

  private lparen(pos: number): number {
    const idx = this.tokIdx;
    if (this.rowsState === 1) return this.rowStart(pos);
    if (this.prevTok === T_KW && this.prevId === W_IN && this.binding && this.rowsState === 0 && !this.keepLiteral(idx)) {
      const end = this.tryInList(pos + 1);
      if (end >= 0) return end;
    }
    this.emitSrc(pos, pos + 1, T_LP);
    this.depth++;
    if (this.castAt === idx) {
      (this.castDepths ??= []).push(this.depth);
      (this.castKinds ??= []).push(this.castKind);
    }
    return pos + 1;
  }

  private rparen(pos: number): number {
    this.emitSrc(pos, pos + 1, T_RP);
    if (this.depth > 0) this.depth--;
    const depths = this.castDepths;
    if (depths !== null) {
      while (depths.length > 0 && depths[depths.length - 1]! > this.depth) {
        depths.pop();
        this.castKinds!.pop();
      }
    }
    if (this.byDepth > this.depth) this.byDepth = -1;
    if (this.rowsState === 2 && this.depth === this.rowsDepth) this.rowEnd();
    return pos + 1;
  }

  private comma(pos: number): number {
    if (this.rowsState === 3) {
      this.rowsState = 1;
      return pos + 1;
    }
    const idx = this.tokIdx;
    if (this.limitSecondAt === idx) {
      // `limit 5, 10`: the first value was the offset.
      if (this.limitFirst !== null) this.limitFirst.role = 'offset';
      this.limitVal2At = idx + 1;
      this.limitRole2 = 'limit';
    }
    const kinds = this.castKinds;
    if (kinds !== null && kinds.length > 0) {
      const top = kinds.length - 1;
      if (kinds[top] === 2 && this.castDepths![top] === this.depth) kinds[top] = 6;
    }
    this.emitSrc(pos, pos + 1, T_COMMA);
    return pos + 1;
  }

  private semicolon(pos: number): number {
    if (this.rowsState !== 0) this.finishRows();
    this.pendingSemi = this.prevTok !== T_NONE;
    this.stmtStart = true;
    this.stmtKind = K_UNSET;
    this.binding = false;
    this.depth = 0;
    this.keepRest = false;
    this.byDepth = -1;
    this.valuesDone = false;
    if (this.castDepths !== null) {
      this.castDepths.length = 0;
      this.castKinds!.length = 0;
    }
    return pos + 1;
  }

  private operator(pos: number, c: number): number {
    const src = this.src;
    const c1 = src.charCodeAt(pos + 1);
    let end = pos + 1;
    let json = false;
    switch (c) {
      case 60: // <
        if (c1 === 61) end = src.charCodeAt(pos + 2) === 62 ? pos + 3 : pos + 2; // <= <=>
        else if (c1 === 62 || c1 === 60) end = pos + 2; // <> <<
        break;
      case 62: // >
        if (c1 === 61 || c1 === 62) end = pos + 2;
        break;
      case 33: // !
        if (c1 === 61) end = pos + 2;
        break;
      case 38: // &
        if (c1 === 38) end = pos + 2;
        break;
      case 124: // |
        if (c1 === 124) end = pos + 2;
        break;
      case 45: // -
        if (c1 === 62) {
          end = src.charCodeAt(pos + 2) === 62 ? pos + 3 : pos + 2; // -> ->>
          json = true;
        } else {
          const folded = this.negativeNumber(pos);
          if (folded >= 0) return folded;
        }
        break;
    }
    const idx = this.tokIdx;
    this.emitSrc(pos, end, T_OP);
    if (json) this.keepNextAt = idx + 1;
    return end;
  }

  /** `-` in unary position followed by a decimal number: one negative literal. */
  private negativeNumber(pos: number): number {
    const p = this.prevTok;
    if (!(p === T_OP || p === T_LP || p === T_COMMA || p === T_KW || p === T_NONE)) return -1;
    if (!this.binding || this.keepLiteral(this.tokIdx)) return -1;
    const src = this.src;
    let q = pos + 1;
    while (q < this.len && isWs(src.charCodeAt(q))) q++;
    const c = src.charCodeAt(q);
    if (!(isDigit(c) || (c === 46 && isDigit(src.charCodeAt(q + 1))))) return -1;
    const end = this.scanNumber(q);
    const t = this.numType;
    if (t !== N_INT && t !== N_DEC && t !== N_FLOAT) return -1;
    this.literal(pos, end, NUM_TYPES[t]!, '-' + src.slice(q, end));
    return end;
  }

  // ----- literals

  /** Scans a number at p; numType says which (N_WORD: it is a name such as `1abc`). */
  private scanNumber(p: number): number {
    const src = this.src;
    const len = this.len;
    const start = p;
    let c = src.charCodeAt(p);
    if (c === 48) {
      const x = src.charCodeAt(p + 1) | 0x20;
      if (x === 0x78 || x === 0x62) {
        let q = p + 2;
        if (x === 0x78) while (q < len && isHex(src.charCodeAt(q))) q++;
        else while (q < len && (src.charCodeAt(q) === 48 || src.charCodeAt(q) === 49)) q++;
        if (q > p + 2 && !isIdent(src.charCodeAt(q))) {
          this.numType = x === 0x78 ? N_HEX : N_BIT;
          return q;
        }
        this.numType = N_WORD;
        return start;
      }
    }
    // Each character is read once (c is the one at p; -1 past the end, where reading would
    // leave the optimised code).
    let type = N_INT;
    while (c >= 48 && c <= 57) c = ++p < len ? src.charCodeAt(p) : -1;
    if (c === 46) {
      type = N_DEC;
      c = ++p < len ? src.charCodeAt(p) : -1;
      while (c >= 48 && c <= 57) c = ++p < len ? src.charCodeAt(p) : -1;
    }
    if ((c | 0x20) === 0x65) {
      let q = p + 1;
      const s = src.charCodeAt(q);
      if (s === 43 || s === 45) q++;
      if (isDigit(src.charCodeAt(q))) {
        q++;
        while (q < len && isDigit(src.charCodeAt(q))) q++;
        type = N_FLOAT;
        p = q;
      } else if (type === N_INT) {
        this.numType = N_WORD;
        return start;
      }
    } else if (type === N_INT && isIdent(c)) {
      this.numType = N_WORD;
      return start;
    }
    this.numType = type;
    return p;
  }

  private numberOrWord(pos: number): number {
    if (this.prevTok === T_DOT) {
      // `t.1col`: a name part.
      const end = this.scanWord(pos);
      this.emitIdent(pos, end);
      return end;
    }
    const end = this.scanNumber(pos);
    const t = this.numType;
    if (t === N_WORD) return this.word(pos);
    this.literal(pos, end, NUM_TYPES[t]!, this.src.slice(pos, end));
    return end;
  }

  /** Scans a quoted string whose opening quote is at p; sets strVal; returns the end or -1. */
  private scanString(p: number, quote: number): number {
    const src = this.src;
    const len = this.len;
    const start = p + 1;
    // Most strings hold no backslash and no doubled quote: two native searches find the end.
    const close = src.indexOf(quote === 39 ? "'" : '"', start);
    if (close >= 0 && this.backslashFrom(start) > close && (close + 1 >= len || src.charCodeAt(close + 1) !== quote)) {
      this.strVal = src.slice(start, close);
      return close + 1;
    }
    let i = start;
    let escaped = false;
    while (i < len) {
      const c = src.charCodeAt(i);
      if (c === quote) {
        if (src.charCodeAt(i + 1) === quote) {
          escaped = true;
          i += 2;
          continue;
        }
        this.strVal = escaped ? unescapeString(src, start, i, quote) : src.slice(start, i);
        return i + 1;
      }
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
    }
    return -1;
  }

  /**
   * The position of the first backslash at or after from (len when there is none). The last
   * answer is kept with the position it was searched from: it holds for any from between the two
   * (the scan looks ahead and comes back, so from does not only grow).
   */
  private backslashFrom(from: number): number {
    if (from >= this.backslashSearched && from <= this.backslashAt) return this.backslashAt;
    let at = this.src.indexOf('\\', from);
    if (at < 0) at = this.len;
    this.backslashSearched = from;
    this.backslashAt = at;
    return at;
  }

  /** A string literal with its quote at pos; national: the position of its N prefix, or -1. */
  private stringLiteral(pos: number, quote: number, national: number): number {
    const end = this.scanString(pos, quote);
    if (end < 0) return -1;
    if (national >= 0) {
      // N'x' (a national-charset string, like an introducer): kept as written.
      this.keepNextAt = this.tokIdx;
      this.literal(national, end, 'string', this.strVal);
    } else {
      this.literal(pos, end, 'string', this.strVal);
    }
    return end;
  }

  /** x'..' / b'..' (kept as written). */
  private quotedBinary(pos: number, type: LiteralType): number {
    const close = this.src.indexOf("'", pos + 2);
    if (close < 0) return -1;
    this.literal(pos, close + 1, type, this.src.slice(pos, close + 1));
    return close + 1;
  }

  /** After a name, `)` or `.`, a `.` is a qualifier's dot, not the start of `.5`. */
  private afterName(): boolean {
    const p = this.prevTok;
    return p === T_IDENT || p === T_RP || p === T_DOT;
  }

  private keepLiteral(idx: number): boolean {
    return !this.binding || this.keepRest || this.byDepth >= 0 || this.keepNextAt === idx || this.inCastType();
  }

  /** A string here is an alias or a typed literal (`date '..'`), never a value. */
  private isAliasPosition(): boolean {
    const p = this.prevTok;
    return p === T_IDENT || p === T_RP || p === T_NUM || p === T_KEPTNUM;
  }

  /** Every literal goes through here: kept as written, or turned into a bind. */
  private literal(start: number, end: number, type: LiteralType, value: string): void {
    const idx = this.tokIdx;
    const isString = type === 'string';
    if (isString) {
      if (this.strAt === idx && this.strValue !== null) {
        // 'a' 'b': one string. No token is emitted, so the one-token states still line up.
        this.strValue.value += value;
        this.memoable = false;
        return;
      }
      if (this.keptStrAt === idx) {
        this.emitSrc(start, end, T_STR);
        this.keptStrAt = idx + 1;
        return;
      }
    }
    const tokType = isString ? T_STR : type === 'int' || type === 'decimal' || type === 'float' ? T_NUM : T_LIT;
    if (this.keepLiteral(idx) || (isString && this.isAliasPosition())) {
      if (type === 'null' || type === 'bool') {
        this.emitKeyword(start, end, value === '' ? 'null' : value, T_VALKW, KW_RESERVED | KW_VALUE, 0);
      }
      else this.emitSrc(start, end, tokType === T_NUM ? T_KEPTNUM : tokType);
      if (isString) this.keptStrAt = idx + 1;
      this.afterOperand(idx);
      return;
    }
    const v = mkValue(type, value);
    if (this.rowsState === 2) {
      const text = this.slot(v);
      if (this.aborted) return;
      this.emitText(text, tokType);
    } else {
      const n = this.allocBind();
      const role: BindRole = this.limitValAt === idx ? 'limit' : this.limitVal2At === idx ? this.limitRole2 : 'value';
      const bind: MutableScalar = { kind: 'scalar', name: bindName(n), value: v, role };
      this.binds.push(bind);
      if (this.spans !== null) this.spans.push(start, end, this.literalClass(start, type));
      if (this.limitValAt === idx) this.limitFirst = bind;
      this.emitText(scalarText(n), tokType);
    }
    if (isString) {
      this.strAt = idx + 1;
      this.strValue = v;
    }
    this.afterOperand(idx);
  }

  private allocBind(): number {
    let n = ++this.nextBind;
    const reserved = this.reserved;
    if (reserved !== null) while (reserved.has(bindName(n))) n = ++this.nextBind;
    return n;
  }

  // ----- binds and names

  private positionalBind(pos: number): number {
    if (this.rowsState === 2) {
      this.aborted = true;
      return pos + 1;
    }
    this.positional++;
    this.emitIdent(pos, pos + 1);
    return pos + 1;
  }

  private noteName(name: string): void {
    if (name.startsWith('vtg')) (this.seenVtg ??= new Set()).add(name);
  }

  private colon(pos: number): number {
    const src = this.src;
    const c1 = src.charCodeAt(pos + 1);
    if (c1 === 58 && isIdent(src.charCodeAt(pos + 2))) {
      // ::name
      const end = this.scanWord(pos + 2);
      this.noteName(src.slice(pos + 2, end));
      this.emitIdent(pos, end);
      return end;
    }
    if (isIdent(c1)) {
      // :name
      const end = this.scanWord(pos + 1);
      const name = src.slice(pos + 1, end);
      this.noteName(name);
      if (this.rowsState === 2) {
        const idx = this.tokIdx;
        const text = this.slot(mkValue('bindvar', name));
        if (this.aborted) return end;
        this.emitText(text, T_IDENT);
        this.afterOperand(idx);
      } else {
        this.emitIdent(pos, end);
      }
      return end;
    }
    this.emitSrc(pos, c1 === 61 ? pos + 2 : pos + 1, T_OP); // := or :
    return c1 === 61 ? pos + 2 : pos + 1;
  }

  private backtick(pos: number): number {
    const src = this.src;
    let i = pos + 1;
    for (;;) {
      const close = src.indexOf('`', i);
      if (close < 0) return -1;
      if (src.charCodeAt(close + 1) === 96) {
        i = close + 2;
        continue;
      }
      this.emitIdent(pos, close + 1);
      return close + 1;
    }
  }

  /** @var, @@var, @@session.var, @'quoted', @`quoted`. */
  private variable(pos: number): number {
    const src = this.src;
    let p = pos + 1;
    if (src.charCodeAt(p) === 64) p++;
    const c = src.charCodeAt(p);
    if (c === 39 || c === 34) {
      p = this.scanString(p, c);
      if (p < 0) return -1;
    } else if (c === 96) {
      let i = p + 1;
      for (;;) {
        const close = src.indexOf('`', i);
        if (close < 0) return -1;
        if (src.charCodeAt(close + 1) === 96) {
          i = close + 2;
          continue;
        }
        p = close + 1;
        break;
      }
    } else {
      while (p < this.len && (isIdent(src.charCodeAt(p)) || src.charCodeAt(p) === 46)) p++;
    }
    // `ks@replica` (a target in USE / SHOW): the @ part stays attached to the name before it.
    if (this.prevTok === T_IDENT && this.lastEnd === pos) this.glue = true;
    this.emitIdent(pos, p);
    return p;
  }

  // ----- IN lists

  /**
   * Looks ahead from just after `in (`: when every item is a literal or a `:name`, emits one list
   * bind and returns the position after `)`. Otherwise returns -1 and nothing was consumed.
   */
  private tryInList(start: number): number {
    const items = this.scanValueList(start);
    if (items === null) return -1;
    if (this.peekSawComment) this.collectComments(start, this.listEnd);
    const idx = this.tokIdx;
    const n = this.allocBind();
    this.binds.push({ kind: 'list', name: bindName(n), values: items });
    if (this.spans !== null) this.spans.push(start - 1, this.listEnd, L_LIST);
    this.emitText(listText(n), T_LIT);
    this.afterOperand(idx);
    return this.listEnd;
  }

  /**
   * Scans `item, item, ...)` from start, where every item is a literal (a number with an optional
   * unary minus, a string without introducer, x'..', b'..', NULL, TRUE, FALSE) or a `:name`.
   * Returns the values and sets listEnd (after the `)`), or returns null. Consumes nothing: the
   * caller collects the comments inside (peekSawComment) once it commits. expected > 0: a VALUES
   * row that must have that many items (null otherwise; the array is made at that length).
   */
  private scanValueList(start: number, expected = 0): MutableValue[] | null {
    const src = this.src;
    const len = this.len;
    const items: MutableValue[] = expected > 0 ? new Array<MutableValue>(expected) : [];
    let count = 0;
    this.peekSawComment = false;
    let p = start;
    for (;;) {
      // Lists are mostly written `a, b, c`: one space is stepped over here, anything that may be
      // trivia (more whitespace, a comment, a `-` that may start `-- `) goes through skipTrivia.
      let c = src.charCodeAt(p);
      if (c === 32) c = src.charCodeAt(++p);
      if (c <= 32 || c === 47 || c === 35 || c === 45 || p >= len) {
        p = this.skipTrivia(p, false);
        if (p < 0 || p >= len) return null;
        c = src.charCodeAt(p);
      }
      let v: MutableValue | null = null;
      if (c === 45) {
        let q = p + 1;
        while (q < len && isWs(src.charCodeAt(q))) q++;
        const d = src.charCodeAt(q);
        if (isDigit(d) || (d === 46 && isDigit(src.charCodeAt(q + 1)))) {
          const end = this.scanNumber(q);
          const t = this.numType;
          if (t === N_INT || t === N_DEC || t === N_FLOAT) {
            v = mkValue(NUM_TYPES[t]!, '-' + src.slice(q, end));
            p = end;
          }
        }
      } else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(p + 1)))) {
        const end = this.scanNumber(p);
        const t = this.numType;
        if (t !== N_WORD) {
          v = mkValue(NUM_TYPES[t]!, src.slice(p, end));
          p = end;
        }
      } else if (c === 39 || c === 34) {
        let end = this.scanString(p, c);
        if (end < 0) return null;
        let text = this.strVal;
        // Adjacent strings are one string ('a' 'b'), as in the main scan.
        for (;;) {
          const e = src.charCodeAt(end);
          if (e === 44 || e === 41) break; // `,` or `)`: no string follows
          const q = this.skipTrivia(end, false);
          if (q < 0) return null;
          const d = src.charCodeAt(q);
          if (d !== 39 && d !== 34) break;
          end = this.scanString(q, d);
          if (end < 0) return null;
          text += this.strVal;
        }
        v = mkValue('string', text);
        p = end;
      } else if (c === 58) {
        if (isIdent(src.charCodeAt(p + 1))) {
          const end = this.scanWord(p + 1);
          const name = src.slice(p + 1, end);
          this.noteName(name);
          v = mkValue('bindvar', name);
          p = end;
        }
      } else if (isIdent(c)) {
        const l = c | 0x20;
        if (src.charCodeAt(p + 1) === 39 && (l === 0x78 || l === 0x62)) {
          const close = src.indexOf("'", p + 2);
          if (close < 0) return null;
          v = mkValue(l === 0x78 ? 'hexval' : 'bitnum', src.slice(p, close + 1));
          p = close + 1;
        } else {
          const end = this.scanWord(p);
          const w = end - p === 4 || end - p === 5 ? src.slice(p, end).toLowerCase() : '';
          if (w === 'null') v = mkValue('null', '');
          else if (w === 'true' || w === 'false') v = mkValue('bool', w);
          p = end;
        }
      }
      if (v === null) return null;
      if (count === expected && expected > 0) return null;
      items[count++] = v;
      let d = src.charCodeAt(p);
      if (d !== 44 && d !== 41) {
        p = this.skipTrivia(p, false);
        if (p < 0) return null;
        d = src.charCodeAt(p);
      }
      if (d === 44) {
        p++;
        continue;
      }
      if (d !== 41) return null;
      p++;
      break;
    }
    if (count !== expected && expected > 0) return null;
    this.listEnd = p;
    return items;
  }

  /** Records the comments between start and end (a range already known to be well formed). */
  private collectComments(start: number, end: number): void {
    const src = this.src;
    let p = start;
    while (p < end) {
      const c = src.charCodeAt(p);
      if (c === 39 || c === 34) {
        p = this.scanString(p, c);
        if (p < 0) return;
        continue;
      }
      const q = this.skipTrivia(p, true);
      if (q < 0) return;
      p = q > p ? q : p + 1;
    }
  }

  // ----- multi-row VALUES

  /** At `values`/`value` of an INSERT: do its rows start a collapsible VALUES list? */
  private startsRows(end: number): boolean {
    if (this.stmtKind !== K_INSERT || this.depth !== 0 || this.valuesDone) return false;
    if (this.prevTok !== T_IDENT && this.prevTok !== T_RP) return false;
    this.valuesDone = true;
    // Only the first statement of a text collapses its rows (insertRows describes one VALUES list).
    if (!this.collapseRows || !this.binding || this.keepRest || this.rowCols !== null) return false;
    const p = this.skipTrivia(end, false);
    if (p < 0 || this.src.charCodeAt(p) !== 40) return false;
    this.rowCols = [];
    this.rowTexts = [];
    return true;
  }

  private rowStart(pos: number): number {
    if (this.rowIndex === 0) {
      this.emitSrc(pos, pos + 1, T_LP);
      const items = this.scanValueList(pos + 1);
      if (items !== null) {
        // Fast path: a row of plain literals. Its shape is `::vtgA, ::vtgB, ...)`.
        if (this.peekSawComment) this.collectComments(pos + 1, this.listEnd);
        let text = '';
        for (let i = 0; i < items.length; i++) {
          const n = this.allocBind();
          const bind: MutableListish = { kind: 'column', name: bindName(n), values: [items[i]!] };
          this.binds.push(bind);
          this.rowCols!.push(bind);
          this.rowTexts!.push(listText(n));
          text += i === 0 ? listText(n) : ', ' + listText(n);
        }
        this.rowShape = text + ')';
        this.emitText(this.rowShape, T_RP);
        if (this.spans !== null) this.spans.push(pos, this.listEnd, L_ROW);
        this.rowSimple = true;
        this.rowIndex = 1;
        this.rowsState = 3;
        return this.listEnd;
      }
      this.flush();
      this.outBeforeRow = this.out;
      this.out = '';
      this.rowsMemoable = false;
    } else {
      if (this.rowSimple) {
        const items = this.scanValueList(pos + 1, this.rowCols!.length);
        if (items !== null) {
          if (this.peekSawComment) this.collectComments(pos + 1, this.listEnd);
          for (let i = 0; i < items.length; i++) this.rowCols![i]!.values.push(items[i]!);
          if (this.spans !== null) this.spans.push(pos, this.listEnd, L_ROW);
          this.rowIndex++;
          this.rowsState = 3;
          return this.listEnd;
        }
      }
      // Rows after the first: continue as if the first row's `(` had just been emitted, and
      // check the text they would produce against the first row's.
      this.rowsMemoable = false;
      this.flush();
      this.prevTok = T_LP;
      this.lastEnd = -1;
      this.tokIdx++;
      this.verifying = true;
      this.vpos = 0;
    }
    this.depth++;
    this.rowSlot = 0;
    this.rowsState = 2;
    return pos + 1;
  }

  private slot(v: MutableValue): string {
    const i = this.rowSlot++;
    if (this.rowIndex === 0) {
      const n = this.allocBind();
      const bind: MutableListish = { kind: 'column', name: bindName(n), values: [v] };
      this.binds.push(bind);
      this.rowCols!.push(bind);
      this.rowTexts!.push(listText(n));
      return listText(n);
    }
    const b = this.rowCols![i];
    if (b === undefined) {
      this.aborted = true;
      return '';
    }
    b.values.push(v);
    return this.rowTexts![i]!;
  }

  private rowEnd(): void {
    this.flush();
    if (this.rowIndex === 0) {
      this.rowShape = this.out;
      this.out = this.outBeforeRow + this.rowShape;
    } else {
      this.verifying = false;
      if (this.vpos !== this.rowShape.length || this.rowSlot !== this.rowCols!.length) {
        this.aborted = true;
        return;
      }
    }
    this.lastEnd = -1;
    this.rowIndex++;
    this.rowsState = 3;
  }

  private finishRows(): void {
    // A dangling `,` or an unclosed row: do not collapse, so the key stays faithful to the text.
    if (this.rowsState === 2 || (this.rowsState === 1 && this.rowIndex > 0)) this.aborted = true;
    else if (this.rowIndex > 0) this.insertRows = this.rowIndex;
    this.rowsState = 0;
  }

  // ----- memo

  /** The class of a bound literal at src[start] (see L_*); numType is still the scanner's. */
  private literalClass(start: number, type: LiteralType): number {
    const c = this.src.charCodeAt(start);
    if (type === 'string') return c === 39 ? L_STRING1 : L_STRING2;
    if ((type === 'hexval' || type === 'bitnum') && this.src.charCodeAt(start + 1) === 39) return (c | 0x20) === 0x78 ? L_XQUOTED : L_BQUOTED;
    return c === 45 ? L_NEGATIVE + this.numType : this.numType;
  }

  /**
   * Points this scanner at another text, for matchMemo only (NormalizeMemo keeps one scanner and
   * re-reads every candidate text with it instead of building a Normalizer per text).
   */
  reread(src: string): this {
    this.src = src;
    this.len = src.length;
    this.backslashAt = -1;
    this.backslashSearched = 0;
    this.seenVtg = null;
    this.peekSawComment = false;
    return this;
  }

  /**
   * Whether src is the memo's text with other literals of the same classes in the bound places;
   * if so, the binds for src (the memo's names and roles, src's values), else null. Each literal
   * is read by the same scanner methods as in run(), so its value and extent are what a full
   * scan would give; everything between literals must be the memo's text exactly. A VALUES row
   * (L_ROW) is read like an IN list: any literals (or `:name`s), as many as the row has columns.
   * The binds go to sink as they are read (started over for every text; false: no match).
   * textKnown: src is a text this entry matched before (found by the text itself), so the text
   * between literals is known to be the memo's and is not compared again; the literals are read.
   */
  matchMemo(m: MemoEntry, sink: BindSink, textKnown = false): boolean {
    const src = this.src;
    const segs = m.segments;
    const classes = m.classes;
    let p = 0;
    let row = 0;
    sink.start(m.result.binds.length);
    for (let i = 0; i < classes.length; i++) {
      const seg = segs[i]!;
      if (!textKnown && !segmentAt(src, seg, p)) return false;
      p += seg.length;
      const cls = classes[i]!;
      let end: number;
      if (cls === L_LIST || cls === L_ROW) {
        if (src.charCodeAt(p) !== 40) return false;
        const items = this.scanValueList(p + 1, cls === L_ROW ? m.columns.length : 0);
        if (items === null || this.peekSawComment || this.seenVtg !== null) return false;
        p = this.listEnd;
        if (cls === L_LIST) {
          sink.list(m.names[i]!, items);
          continue;
        }
        if (row === 0) sink.columns(m.columns, m.result.insertRows!);
        for (let c = 0; c < items.length; c++) sink.columnValue(c, row, items[c]!);
        row++;
        continue;
      }
      let type: NormalizedValueType;
      let text: string;
      if (cls === L_STRING1 || cls === L_STRING2) {
        const quote = cls === L_STRING1 ? 39 : 34;
        if (src.charCodeAt(p) !== quote) return false;
        end = this.scanString(p, quote);
        if (end < 0) return false;
        type = 'string';
        text = this.strVal;
      } else if (cls === L_XQUOTED || cls === L_BQUOTED) {
        if ((src.charCodeAt(p) | 0x20) !== (cls === L_XQUOTED ? 0x78 : 0x62) || src.charCodeAt(p + 1) !== 39) return false;
        const close = src.indexOf("'", p + 2);
        if (close < 0) return false;
        end = close + 1;
        type = cls === L_XQUOTED ? 'hexval' : 'bitnum';
        text = src.slice(p, end);
      } else if (cls >= L_NEGATIVE) {
        if (src.charCodeAt(p) !== 45) return false;
        let q = p + 1;
        while (q < this.len && isWs(src.charCodeAt(q))) q++;
        const c = src.charCodeAt(q);
        if (!(isDigit(c) || (c === 46 && isDigit(src.charCodeAt(q + 1))))) return false;
        end = this.scanNumber(q);
        if (this.numType !== cls - L_NEGATIVE) return false;
        type = NUM_TYPES[this.numType]!;
        text = '-' + src.slice(q, end);
      } else {
        const c = src.charCodeAt(p);
        if (!(isDigit(c) || (c === 46 && isDigit(src.charCodeAt(p + 1))))) return false;
        end = this.scanNumber(p);
        if (this.numType !== cls) return false;
        type = NUM_TYPES[cls]!;
        text = src.slice(p, end);
      }
      sink.scalar(m.names[i]!, type, text, m.roles[i]!);
      p = end;
    }
    const last = segs[classes.length]!;
    return p + last.length === this.len && (textKnown || segmentAt(src, last, p));
  }

  /** After run(): the memo entry of this scan, or null when the result cannot be reused that way. */
  memoEntry(result: NormalizedSql): MemoEntry | null {
    const spans = this.spans;
    const binds = this.binds;
    if (
      spans === null || !this.memoable || this.seenVtg !== null || this.comments !== null || this.directives !== null ||
      binds.length === 0 || (this.rowCols !== null && (!this.rowsMemoable || this.insertRows === null))
    ) {
      return null;
    }
    const segments: string[] = [];
    const classes: number[] = [];
    const names: string[] = [];
    const roles: BindRole[] = [];
    const columns = this.rowCols?.map((c) => c.name) ?? EMPTY_STRINGS;
    let rows = 0;
    let from = 0;
    // Spans and binds are both in text order: a literal's span is one scalar bind, an IN list's
    // one list bind, and the first VALUES row's span stands for all the column binds.
    let b = 0;
    for (let i = 0; i < spans.length; i += 3) {
      const cls = spans[i + 2]!;
      segments.push(this.src.slice(from, spans[i]!));
      classes.push(cls);
      from = spans[i + 1]!;
      if (cls === L_ROW) {
        if (rows++ === 0) {
          for (let c = 0; c < columns.length; c++) if (binds[b + c]?.name !== columns[c]) return null;
          b += columns.length;
        }
        names.push('');
        roles.push('value');
        continue;
      }
      const bind = binds[b++];
      if (bind === undefined || bind.kind !== (cls === L_LIST ? 'list' : 'scalar')) return null;
      names.push(bind.name);
      roles.push(bind.kind === 'scalar' ? bind.role : 'value');
    }
    if (b !== binds.length || rows !== (this.insertRows ?? 0)) return null;
    segments.push(this.src.slice(from));
    return { segments, classes, names, roles, columns, result, slot: { prefix: null, value: '' }, next: null };
  }

  // ----- result

  collides(): boolean {
    const seen = this.seenVtg;
    if (seen === null) return false;
    for (const name of seen) {
      if (name.length < 4 || name.charCodeAt(3) === 48) continue;
      let n = 0;
      for (let i = 3; i < name.length && n >= 0; i++) {
        const c = name.charCodeAt(i);
        n = isDigit(c) ? n * 10 + (c - 48) : -1;
      }
      if (n < 0) continue;
      if (n <= this.nextBind && (this.reserved === null || !this.reserved.has(name))) return true;
    }
    return false;
  }

  result(): NormalizedSql {
    let key = this.out;
    const directives = this.directives;
    if (directives !== null) {
      const names = Object.keys(directives).sort();
      if (names.length > 0) {
        const parts = names.map((k) => {
          const v = directives[k]!;
          if (v === true) return k;
          // Quoted so that the suffix reads back the same (the directive syntax has no escapes).
          return !v.includes('"') ? `${k}="${v}"` : !v.includes("'") ? `${k}='${v}'` : `${k}=${JSON.stringify(v)}`;
        });
        key += ` /*vt+ ${parts.join(' ')} */`;
      }
    }
    return {
      key,
      binds: this.binds,
      directives: directives ?? EMPTY_DIRECTIVES,
      comments: this.comments ?? EMPTY_STRINGS,
      kind: KIND_NAMES[this.kind]!,
      unterminated: false,
      insertRows: this.insertRows,
      positional: this.positional,
    };
  }
}

function fallback(sql: string): NormalizedSql {
  return {
    key: sql,
    binds: EMPTY_BINDS,
    directives: EMPTY_DIRECTIVES,
    comments: EMPTY_STRINGS,
    kind: 'other',
    unterminated: true,
    insertRows: null,
    positional: 0,
  };
}

/**
 * How to re-read a text that differs from an already normalised one only in the values of its
 * bound literals: the text between them (segments[i] before literal i, the last one after the
 * last literal), each literal's class (L_*), and the normalised result they share (key, kind...).
 */
interface MemoEntry {
  readonly segments: readonly string[];
  readonly classes: readonly number[];
  readonly names: readonly string[];
  readonly roles: readonly BindRole[];
  /** The column binds of collapsed VALUES rows (each L_ROW span gives one value to each). */
  readonly columns: readonly string[];
  readonly result: NormalizedSql;
  readonly slot: KeySlot;
  /** Another entry with the same shape hash. */
  next: MemoEntry | null;
}

/** The mark of a shape hash whose texts are not remembered (see NormalizeMemo). */
const NOT_REMEMBERED: MemoEntry = Object.freeze({
  segments: [],
  classes: [],
  names: [],
  roles: [],
  columns: [],
  result: fallback(''),
  slot: { prefix: null, value: '' },
  next: null,
});

/**
 * Whether src holds seg at p. A short segment is compared character by character; a longer one
 * by indexOf, one native search that stops at once when seg is at p (a mismatch, rare here,
 * searches on natively). startsWith and a slice compared with `===` cost more than either.
 */
function segmentAt(src: string, seg: string, p: number): boolean {
  const n = seg.length;
  if (n > 6) return src.indexOf(seg, p) === p;
  if (p + n > src.length) return false;
  for (let i = 0; i < n; i++) if (src.charCodeAt(p + i) !== seg.charCodeAt(i)) return false;
  return true;
}

/** Entries tried per shape hash (texts of different shapes whose hashes collide). */
const MEMO_CHAIN = 4;

/**
 * A hash of the text with every run of digits and the content of every quoted string left out,
 * so texts that differ only in numbers and strings hash alike (the memo's candidates). It need
 * not be exact: NormalizeMemo verifies every candidate against the text.
 */
function shapeHash(sql: string): number {
  let h = 0x811c9dc5 | 0;
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      h = Math.imul(h ^ 48, 0x01000193);
      i++;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      continue;
    }
    h = Math.imul(h ^ c, 0x01000193);
    i++;
    if (c === 39 || c === 34) {
      // Skip to the closing quote (doubled quotes and backslash escapes inside).
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c) {
          if (sql.charCodeAt(i + 1) !== c) break;
          i += 2;
        } else i++;
      }
      i++;
    } else if (c === 96) {
      // A quoted identifier is part of the shape: hash it whole.
      while (i < n) {
        const d = sql.charCodeAt(i++);
        h = Math.imul(h ^ d, 0x01000193);
        if (d === 96) break;
      }
    }
  }
  return h & 0x3fffffff;
}

/**
 * Receives the binds of a text in bind order, as NormalizeMemo.normalizeInto reads them, so a
 * caller that turns them into its own values builds no NormalizedBind objects. A re-read that
 * turns out not to match is started over: start() forgets everything received since the last one.
 * The methods must not throw (keep an error and raise it after normalizeInto returns).
 */
export interface BindSink {
  /** A text is (re-)read from its start; count: how many binds it has (a column bind counts once). */
  start(count: number): void;
  scalar(name: string, type: NormalizedValueType, value: string, role: BindRole): void;
  list(name: string, values: readonly NormalizedValue[]): void;
  /** Collapsed VALUES rows: the column binds (names) and the row count; columnValue() fills them. */
  columns(names: readonly string[], rows: number): void;
  columnValue(column: number, row: number, value: NormalizedValue): void;
}

/** Gives a normalised result's binds to a sink, as a re-read would. */
export function deliverBinds(binds: readonly NormalizedBind[], sink: BindSink): void {
  sink.start(binds.length);
  for (let i = 0; i < binds.length; i++) {
    const b = binds[i]!;
    if (b.kind === 'scalar') {
      sink.scalar(b.name, b.value.type, b.value.value, b.role);
    } else if (b.kind === 'list') {
      sink.list(b.name, b.values);
    } else {
      // Column binds are contiguous: hand them over together, row by row like a re-read.
      let j = i;
      while (j < binds.length && binds[j]!.kind === 'column') j++;
      const group = binds.slice(i, j) as ColumnBind[];
      const rows = group[0]!.values.length;
      sink.columns(group.map((c) => c.name), rows);
      for (let r = 0; r < rows; r++) for (let c = 0; c < group.length; c++) sink.columnValue(c, r, group[c]!.values[r]!);
      i = j - 1;
    }
  }
}

/** The sink behind NormalizeMemo.normalize(): builds the NormalizedBind objects. */
class BindCollector implements BindSink {
  binds: NormalizedBind[] = [];
  #at = 0;
  #columns: MutableListish[] = [];

  start(count: number): void {
    this.binds = new Array<NormalizedBind>(count);
    this.#at = 0;
  }

  scalar(name: string, type: NormalizedValueType, value: string, role: BindRole): void {
    this.binds[this.#at++] = { kind: 'scalar', name, value: mkValue(type, value), role };
  }

  list(name: string, values: readonly NormalizedValue[]): void {
    this.binds[this.#at++] = { kind: 'list', name, values };
  }

  columns(names: readonly string[], rows: number): void {
    this.#columns = new Array<MutableListish>(names.length);
    for (let c = 0; c < names.length; c++) {
      const column: MutableListish = { kind: 'column', name: names[c]!, values: new Array<MutableValue>(rows) };
      this.#columns[c] = column;
      this.binds[this.#at++] = column;
    }
  }

  columnValue(column: number, row: number, value: NormalizedValue): void {
    this.#columns[column]!.values[row] = value as MutableValue;
  }
}

/**
 * normalizeSql with a memory of the texts it normalised: a text that is a remembered one with
 * other values in its bound literals (same text between them, literals of the same kinds: an int
 * where there was an int, a '..' string where there was one, an IN list of literals where there
 * was one, as many collapsed VALUES rows of literals as there were) gets the remembered key, kind
 * and bind names, and the values read from its own literals by the scanner's own methods, without
 * the token-by-token scan. The result is exactly normalizeSql's. Texts with comments, `/*vt+`
 * directives, VALUES rows holding more than literals (`now()`), adjacent strings outside lists
 * and rows, or `:vtgN` names of their own are not remembered (they always take the full scan).
 */
export class NormalizeMemo {
  readonly #byShape = new Map<number, MemoEntry>();
  /**
   * Texts already re-read or remembered, with their entry: a text seen before finds its entry by
   * a Map lookup (V8 hashes a string natively, once) instead of the shape hash, a loop over every
   * character. Its values are still read from it, every time, like any other text's.
   */
  readonly #byText = new Map<string, MemoEntry>();
  readonly #maxEntries: number;
  /** The scanner that re-reads candidate texts (matchMemo only touches its scanning state). */
  readonly #reader = new Normalizer('', true, null);

  constructor(maxEntries = 1000) {
    this.#maxEntries = maxEntries;
  }

  normalize(sql: string): NormalizedSql {
    if (typeof sql !== 'string') return fallback('');
    const collector = new BindCollector();
    const e = this.#reread(sql, collector);
    return e !== null ? rereadResult(e, collector.binds) : this.#scan(sql);
  }

  /**
   * normalize(), with the binds handed to sink (in bind order) instead of built into objects, for
   * callers that turn them into values of their own at once. Use the sink's binds, not the
   * result's (empty after a re-read).
   */
  normalizeInto(sql: string, sink: BindSink): NormalizedSql {
    if (typeof sql !== 'string') return fallback('');
    const e = this.#reread(sql, sink);
    if (e !== null) return rereadResult(e, EMPTY_BINDS);
    const n = this.#scan(sql);
    deliverBinds(n.binds, sink);
    return n;
  }

  /** The shape hash of the text #reread could not re-read, and the entries under it (for #scan). */
  #hash = 0;
  #head: MemoEntry | undefined = undefined;

  /** The entry sql re-reads with (its binds given to sink), or null. */
  #reread(sql: string, sink: BindSink): MemoEntry | null {
    try {
      // Found by the text itself: the Map compared it whole with the remembered one.
      const seen = this.#byText.get(sql);
      if (seen !== undefined && this.#reader.reread(sql).matchMemo(seen, sink, true)) return seen;
    } catch {
      // Not expected: the shape hash path below decides.
    }
    const h = shapeHash(sql);
    this.#hash = h;
    this.#head = undefined;
    try {
      const head = this.#byShape.get(h);
      this.#head = head;
      if (head === NOT_REMEMBERED) return null;
      for (let e = head ?? null; e !== null; e = e.next) {
        if (this.#reader.reread(sql).matchMemo(e, sink)) {
          this.#rememberText(sql, e);
          return e;
        }
      }
    } catch {
      // Not expected: scanned instead.
    }
    return null;
  }

  /** The full scan of a text #reread could not re-read (it must be the last one tried); remembered when it can be re-read. */
  #scan(sql: string): NormalizedSql {
    const h = this.#hash;
    const head = this.#head;
    if (head === NOT_REMEMBERED) return normalizeSql(sql);
    try {
      const s = new Normalizer(sql, true, null);
      s.spans = [];
      s.run();
      if (!s.unterminated && !s.aborted && !s.collides()) {
        const result = s.result();
        const entry = s.memoEntry(result);
        if (this.#maxEntries > 0 && this.#byShape.size >= this.#maxEntries) this.#byShape.clear();
        // A shape that cannot be re-read (comments, VALUES rows, ...) is marked so that its next
        // texts take the plain scan at once (a shape whose hash collides with it is then never
        // remembered: only slower, never wrong).
        if (entry === null && this.#maxEntries > 0 && head === undefined) this.#byShape.set(h, NOT_REMEMBERED);
        if (entry !== null && this.#maxEntries > 0) {
          let depth = 1;
          for (let e = head ?? null; e !== null && depth < MEMO_CHAIN; e = e.next) depth++;
          entry.next = depth < MEMO_CHAIN ? (head ?? null) : null;
          this.#byShape.set(h, entry);
          this.#rememberText(sql, entry);
        }
        return result;
      }
    } catch {
      // Not expected: fall through to the plain path, which has its own guard.
    }
    // Unterminated text, rows of different shapes, `:vtgN` in the text: the usual passes.
    return normalizeSql(sql);
  }

  #rememberText(sql: string, entry: MemoEntry): void {
    if (this.#maxEntries === 0 || sql.length > MAX_TEXT_LENGTH) return;
    if (this.#byText.size >= this.#maxEntries) this.#byText.clear();
    this.#byText.set(sql, entry);
  }
}

/** Texts longer than this are not kept by text (the memo holds at most maxEntries of them). */
const MAX_TEXT_LENGTH = 2048;

/** The result of re-reading a text with a remembered entry: the entry's key, kind..., the text's binds. */
function rereadResult(e: MemoEntry, binds: readonly NormalizedBind[]): NormalizedSql {
  const r = e.result;
  return {
    key: r.key,
    binds,
    directives: r.directives,
    comments: r.comments,
    kind: r.kind,
    unterminated: false,
    insertRows: r.insertRows,
    positional: r.positional,
    slot: e.slot,
  };
}

/**
 * Normalises one SQL text in a single scan (see the file comment for every rule). Never throws.
 */
export function normalizeSql(sql: string): NormalizedSql {
  if (typeof sql !== 'string') return fallback('');
  try {
    let collapse = true;
    let s = new Normalizer(sql, collapse, null);
    s.run();
    if (s.unterminated) return fallback(sql);
    if (s.aborted) {
      // Rows that do not share one shape: scan again without collapsing them.
      collapse = false;
      s = new Normalizer(sql, collapse, null);
      s.run();
    }
    if (s.collides()) {
      // The statement uses :vtgN itself: scan again, skipping those names.
      s = new Normalizer(sql, collapse, s.seenVtg);
      s.run();
    }
    if (s.unterminated || s.aborted) return fallback(sql);
    return s.result();
  } catch {
    // Not expected: a scanner bug must not take the query down; the full parse decides.
    return fallback(sql);
  }
}

/**
 * Turns a normalised key into SQL that node-sql-parser accepts: `::name` list binds (which it
 * cannot parse) become `(:name)` after IN and `:name` elsewhere. Quoted text is left alone.
 */
export function keyToParserSql(key: string): string {
  let out = '';
  let chunk = 0;
  const n = key.length;
  let i = 0;
  while (i < n) {
    const c = key.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      // Skip quoted text ('..', "..", `..`), with doubled quotes and backslash escapes.
      i++;
      while (i < n) {
        const d = key.charCodeAt(i);
        if (d === 92 && c !== 96) i += 2;
        else if (d === c) {
          if (key.charCodeAt(i + 1) === c) i += 2;
          else break;
        } else i++;
      }
      i++;
      continue;
    }
    if (c === 47 && key.charCodeAt(i + 1) === 42) {
      const close = key.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === 58 && key.charCodeAt(i + 1) === 58 && isIdent(key.charCodeAt(i + 2))) {
      let e = i + 2;
      while (e < n && isIdent(key.charCodeAt(e))) e++;
      const name = key.slice(i + 2, e);
      const afterIn = i >= 3 && key.slice(i - 3, i).toLowerCase() === 'in ' && !isIdent(key.charCodeAt(i - 4));
      out += key.slice(chunk, i) + (afterIn ? `(:${name})` : `:${name}`);
      chunk = e;
      i = e;
      continue;
    }
    i++;
  }
  return chunk === 0 ? key : out + key.slice(chunk);
}
