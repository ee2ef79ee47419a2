/** Vitess's QueryType of a statement (what vexplain reports as QueryType). */
import type { Statement } from '../../sql/ast.js';

const OTHER_TYPES: Readonly<Record<string, string>> = {
  ddl: 'DDL',
  alter_vschema: 'DDL',
  call: 'CALL_PROC',
  flush: 'FLUSH',
  analyze: 'ANALYZE',
  lock_tables: 'LOCK_TABLES',
  unlock_tables: 'UNLOCK_TABLES',
};

export function queryTypeOf(stmt: Statement): string {
  switch (stmt.kind) {
    case 'select':
    case 'union':
      return 'SELECT';
    case 'insert':
      return 'INSERT';
    case 'update':
      return 'UPDATE';
    case 'delete':
      return 'DELETE';
    case 'set':
      return 'SET';
    case 'use':
      return 'USE';
    case 'show':
      return 'SHOW';
    case 'begin':
      return 'BEGIN';
    case 'commit':
      return 'COMMIT';
    case 'rollback':
      return 'ROLLBACK';
    case 'savepoint':
      return 'SAVEPOINT';
    case 'release_savepoint':
      return 'RELEASE';
    case 'rollback_to_savepoint':
      return 'SAVEPOINT_ROLLBACK';
    case 'explain':
      return 'EXPLAIN';
    case 'other':
      return OTHER_TYPES[stmt.type] ?? 'OTHER';
  }
}
