/**
 * System variables a session SET cannot change through vtgate (Vitess's sysvars lists): those MySQL
 * makes read only, and those Vitess refuses because a setting per connection would break its
 * connection pooling or replication guarantees.
 */
import type { VariableExpr } from '../../sql/ast.js';
import { unsupported, vtError } from '../errors.js';

const READ_ONLY: ReadonlySet<string> = new Set([
  'basedir',
  'datadir',
  'default_authentication_plugin',
  'hostname',
  'lower_case_table_names',
  'port',
  'query_cache_size',
  'server_uuid',
  'socket',
  'transaction_prealloc_size',
  'version',
  'version_comment',
  'version_compile_machine',
  'version_compile_os',
]);

const NOT_SUPPORTED: ReadonlySet<string> = new Set([
  'audit_log_read_buffer_size',
  'auto_increment_increment',
  'auto_increment_offset',
  'binlog_direct_non_transactional_updates',
  'binlog_row_image',
  'binlog_rows_query_log_events',
  'innodb_ft_enable_stopword',
  'innodb_ft_user_stopword_table',
  'max_points_in_geometry',
  'max_sp_recursion_depth',
  'myisam_repair_threads',
  'myisam_sort_buffer_size',
  'myisam_stats_method',
  'ndb_allow_copying_alter_table',
  'ndb_autoincrement_prefetch_sz',
  'ndb_blob_read_batch_bytes',
  'ndb_blob_write_batch_bytes',
  'ndb_deferred_constraints',
  'ndb_force_send',
  'ndb_fully_replicated',
  'ndb_index_stat_enable',
  'ndb_index_stat_option',
  'ndb_join_pushdown',
  'ndb_log_bin',
  'ndb_log_exclusive_reads',
  'ndb_row_checksum',
  'ndb_use_exact_count',
  'ndb_use_transactions',
  'ndbinfo_max_bytes',
  'ndbinfo_max_rows',
  'ndbinfo_show_hidden',
  'ndbinfo_table_prefix',
  'old_alter_table',
  'preload_buffer_size',
  'rbr_exec_mode',
  'sql_log_off',
  'thread_pool_high_priority_connection',
  'thread_pool_prio_kickup_timer',
  'transaction_write_set_extraction',
]);

/** Throws Vitess's error for a session variable SET may not change (global ones go to MySQL as written). */
export function checkSettable(v: VariableExpr): void {
  if (v.scope !== 'session') return;
  const name = v.name.toLowerCase();
  if (READ_ONLY.has(name)) throw vtError('VT03010', `variable '${v.name}' is a read only variable`);
  if (NOT_SUPPORTED.has(name)) throw unsupported(`system setting: ${v.name}`);
}
