/**
 * Word tables for the normaliser (src/sql/normalize.ts). Lower-case keys.
 *
 * Only MySQL *reserved* words are lower-cased unconditionally in a normalised key: a reserved word
 * can never be an unquoted identifier, so folding its case can never merge two different tables.
 * Non-reserved keywords (`offset`, `duplicate`, `share`, `mode`, interval units, ...) are folded
 * only in the grammatical positions the normaliser recognises; everywhere else a word is kept as
 * written, because table names and aliases are case-sensitive in MySQL on Linux.
 */

/** A MySQL reserved word (lower-cased in the key). */
export const KW_RESERVED = 1;
/** A reserved word that is written like a function, `char(10)`, `if(a, b, c)`: no space before `(` in the key. */
export const KW_FUNC = 2;
/** A reserved word that is itself an operand (`current_date`, `null` after `is`): a `-` after it is binary. */
export const KW_VALUE = 4;
/** Ends an ORDER BY / GROUP BY clause at the same parenthesis depth. */
export const KW_BY_END = 8;

const RESERVED = `accessible add all alter analyze and as asc asensitive before between bigint binary blob both by
call cascade case change char character check collate column condition constraint continue convert create cross
database databases day_hour day_microsecond day_minute day_second dec decimal declare default delayed delete desc
describe deterministic distinct distinctrow div double drop dual each else elseif enclosed escaped except exists exit
explain fetch float float4 float8 for force foreign from fulltext generated get grant group having high_priority
hour_microsecond hour_minute hour_second ignore in index infile inner inout insensitive insert int int1 int2 int3
int4 int8 integer intersect interval into is iterate join key keys kill lateral leading leave left like limit linear
lines load lock long longblob longtext loop low_priority match maxvalue mediumblob mediumint mediumtext middleint
minute_microsecond minute_second mod modifies natural not no_write_to_binlog numeric of on optimize option optionally
or order out outer outfile over partition precision primary procedure purge range read reads read_write real
recursive references regexp release rename repeat replace require resignal restrict return revoke right rlike row
rows schema schemas second_microsecond select sensitive separator set show signal smallint spatial specific sql
sqlexception sqlstate sqlwarning sql_big_result sql_calc_found_rows sql_small_result ssl starting stored
straight_join table terminated then tinyblob tinyint tinytext to trailing trigger undo union unique unlock unsigned
update usage use using values varbinary varchar varcharacter varying virtual when where while window with write xor
year_month zerofill if`;

/** Reserved words that are operands on their own. null/true/false are bound unless they follow IS. */
const VALUE_WORDS = `current_date current_time current_timestamp current_user localtime localtimestamp utc_date
utc_time utc_timestamp null true false default dual`;

/** Reserved words written like functions (no space before their parenthesis in the key). */
const FUNC_WORDS = `char if left right insert replace repeat mod match convert database schema row default
current_date current_time current_timestamp current_user localtime localtimestamp utc_date utc_time utc_timestamp`;

const BY_END_WORDS = 'limit having window union except intersect for lock into procedure';

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w !== '');
}

export const KEYWORDS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const add = (list: string, flag: number): void => {
    for (const w of words(list)) m.set(w, (m.get(w) ?? 0) | flag);
  };
  add(RESERVED, KW_RESERVED);
  add(VALUE_WORDS, KW_RESERVED | KW_VALUE);
  add(FUNC_WORDS, KW_RESERVED | KW_FUNC);
  add(BY_END_WORDS, KW_RESERVED | KW_BY_END);
  return m;
})();

/**
 * Non-reserved words the normaliser treats as keywords in some positions (see plainWord in
 * normalize.ts); they are in the word table so that recognising them needs no string slice.
 */
export const CONTEXT_WORDS: readonly string[] = words(
  `offset escape next value duplicate share mode nowait skip wait locked rollup unknown dumpfile cast
weight_string microsecond second minute hour day week month quarter year`,
);

/** Non-reserved interval units (the reserved compound units such as `day_hour` are in KEYWORDS). */
export const INTERVAL_UNITS: ReadonlySet<string> = new Set(
  words('microsecond second minute hour day week month quarter year'),
);

/** Character sets that can introduce a string literal (`_utf8mb4'..'`, `_binary'..'`), without the underscore. */
export const CHARSETS: ReadonlySet<string> = new Set(
  words(`armscii8 ascii big5 binary cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866 cp932 dec8 eucjpms euckr
gb18030 gb2312 gbk geostd8 greek hebrew hp8 keybcs2 koi8r koi8u latin1 latin2 latin5 latin7 macce macroman sjis
swe7 tis620 ucs2 ujis utf16 utf16le utf32 utf8 utf8mb3 utf8mb4`),
);
