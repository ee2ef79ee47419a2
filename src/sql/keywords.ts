/**
 * Identifier quoting as Vitess prints it: an identifier is backticked when it is one of Vitess's
 * keywords (reserved or not, compared case-insensitively), or when it holds a character other than
 * letters, `_`, and digits after the first character. The list follows Vitess's sqlparser keyword
 * table; it is checked against the shard queries of the planner conformance data (`user`, `name`,
 * `count`, `table_name`, `found`, `processlist`, ... are backticked; `id`, `col`, `type`, `version`
 * are not).
 */

const WORDS = `
accessible account action active add after against algorithm all alter always analyze and any array as asc
ascii at auto_increment autoextend_size avg avg_row_length before begin between bigint binary bit bit_and
bit_or bit_xor blob bool boolean both by call cancel cascade cascaded case cast catalog_name channel change char
character charset check checksum cleanup clone coalesce code collate collation column column_format column_name
columns comment commit committed compact complete component compressed compression condition connection
constraint constraint_catalog constraint_name constraint_schema continue convert copy count create cross csv cume_dist
current current_date current_time current_timestamp current_user cursor data database databases date date_add
date_sub datetime day day_hour day_microsecond day_minute day_second deallocate dec decimal declare default
definer delay_key_write delayed delete dense_rank desc describe deterministic directory disable discard disk
distinct distinctrow div do double drop dual dumpfile duplicate dynamic each else elseif empty enable enclosed
encryption end enforced engine engine_attribute engines enum error escape escaped event exchange exclusive
execute exists exit expansion explain export extended extract false fetch fields first first_value fixed float
float4 float8 flush following for force foreign format format_bytes format_pico_time found from full fulltext
function general generated geomcollection geometry geometrycollection get get_lock global grant group
group_concat grouping groups gtid_subset gtid_subtract having header high_priority hosts hour
hour_microsecond hour_minute hour_second if ignore import in index indexes infile inout inner inplace insensitive
insert insert_method instant int int1 int2 int3 int4 int8 integer interval into invisible invoker
io_after_gtids is is_free_lock is_used_lock isolation iterate join json json_arrayagg json_objectagg json_table
key key_block_size keys keyspaces kill lag language last last_insert_id last_value lateral lead leading leave
left less level like limit linear lines linestring list load local localtime localtimestamp lock locked logs
long longblob longtext loop low_priority manifest master_bind match max max_rows maxvalue mediumblob mediumint
mediumtext memory merge microsecond middleint min min_rows minute minute_microsecond minute_second mod mode
modifies modify month multilinestring multipoint multipolygon name names natural nchar next no
no_write_to_binlog none not now nowait nth_value ntile null numeric of off offset on only open optimize
optimizer_costs option optionally or order out outer outfile over overwrite pack_keys parser partial partition
partitioning partitions password path percent_rank persist persist_only plan plugins point polygon position
preceding precision prepare primary privileges procedure processlist quarter queries query range rank read
read_write reads real rebuild recursive redundant references regexp regexp_instr regexp_like regexp_replace
regexp_substr relay release release_all_locks release_lock remove rename reorganize repair repeat repeatable
replace require resignal restrict return retry revert revoke right rlike rollback rollup row row_format
row_number rows s3 savepoint schema schema_name schemas second second_microsecond secondary secondary_engine
secondary_engine_attribute secondary_load secondary_unload security select sensitive separator sequence
serializable session set share shared show signal signed simple skip smallint snapshot spatial specific sql
sql_big_result sql_buffer_result sql_cache sql_calc_found_rows sql_no_cache sql_small_result sqlexception
sqlstate sqlwarning ssl start starting stats_auto_recalc stats_persistent stats_sample_pages status std stddev
stddev_pop stddev_samp storage stored straight_join stream subpartition subpartitions substr substring sum table
table_name tables tablespace temporary temptable terminated text than then throttle throttled time timestamp
timestampadd timestampdiff tinyblob tinyint tinytext to trailing transaction tree traditional trigger triggers
trim true truncate uncommitted undefined undo union unique unlock unsigned unthrottle update upgrade usage use
user user_lock using utc_date utc_time utc_timestamp validation value values var_pop var_samp varbinary varchar
varcharacter variables variance varying vexplain vgtid_executed view virtual vindex vindexes visible
vitess vitess_keyspaces vitess_metadata vitess_migration vitess_migrations vitess_replication_status
vitess_shards vitess_tablets vitess_target vitess_throttled_apps vitess_throttler vschema vstream warnings week
weight_string when where while window with without work write xor year year_month zerofill
`;

export const KEYWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));

export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase());
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64 || c >= 0x80;
}

/** Whether Vitess prints `name` backticked. */
export function needsQuoting(name: string): boolean {
  if (name === '' || isKeyword(name)) return true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isLetter(c) && (i === 0 || c < 48 || c > 57)) return true;
  }
  return false;
}

/** An identifier as Vitess prints it: bare, or backticked with inner backticks doubled. */
export function formatIdent(name: string): string {
  return needsQuoting(name) ? '`' + name.replaceAll('`', '``') + '`' : name;
}
