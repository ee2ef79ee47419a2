/**
 * SHOW, as Vitess plans it (planbuilder/show.go): what only MySQL knows goes to one shard of a
 * keyspace (Send), with the keyspace qualifier taken out of the query since a shard's database
 * name is not the keyspace's; what vtgate knows from the VSchema becomes Rows fixed at plan time;
 * what it knows from the topology (shards, tablets, replication) is a ShowExec the executor answers.
 */
import type { Show, TableName } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { TableResolutionError } from '../../errors.js';
import type { Keyspace, Table } from '../../vschema/model.js';
import { resolveTable } from '../../vschema/resolve.js';
import { formatTarget } from '../../vschema/target.js';
import type { PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';
import type { Operator, Plan, Send } from '../plan.js';
import { anyKeyspace, defaultKeyspace, isSystemSchema, plan, rows, send, sendPlanType, targetDestination, vtgate } from './build.js';
import { charsetRows, likeMatcher } from './show-rows.js';
import { vschemaKeyspacesRows, vschemaTablesRows, vschemaVindexesRows } from './show-vschema.js';

const SEND_ANYWHERE = new Set(['collation', 'function status', 'privileges', 'procedure status', 'status', 'global status']);
/** Answered by vtgate from its topology view (engine.ShowExec). */
const SHOW_EXEC = new Set(['vitess_replication_status', 'vitess_shards', 'vitess_tablets', 'vitess_metadata variables']);

export function planShow(ctx: PlanContext, show: Show, original: string): Plan {
  const t = show.type;
  const local = (op: Operator): Plan => plan('Local', 'SHOW', original, op);
  const passthrough = (op: Operator): Plan => plan('Passthrough', 'SHOW', original, op);
  const sent = (op: Send): Plan => plan(sendPlanType(op), 'SHOW', original, op);
  if (SEND_ANYWHERE.has(t)) return sent(send(anyKeyspace(ctx), printSql(show), { singleShardOnly: true }));
  if (SHOW_EXEC.has(t)) return local(vtgate('ShowExec', filterField(show), [], t));
  switch (t) {
    case 'charset':
      return passthrough(charsetRows(show));
    case 'variables':
    case 'global variables':
      return passthrough(vtgate('ReplaceVariables', {}, [send(anyKeyspace(ctx), printSql(show), { singleShardOnly: true })]));
    case 'columns':
    case 'index':
      return sent(showTablePlan(ctx, show));
    case 'databases':
    case 'keyspaces':
    case 'vitess_keyspaces':
      return passthrough(databaseRows(ctx, show));
    case 'open tables':
    case 'table status':
    case 'tables':
    case 'triggers':
      return planWithDatabase(ctx, show, original);
    case 'vitess_migrations':
      return sent(migrationsPlan(ctx, show));
    case 'global gtid_executed':
      return sent(gtidSend(ctx, show));
    case 'global vgtid_executed':
      return plan('Complex', 'SHOW', original, {
        kind: 'Aggregate',
        variant: 'Ordered',
        aggregates: [{ opcode: 'vgtid', col: 1, alias: 'global vgtid_executed', weightStringCol: -1, collation: null }],
        groupBy: [],
        resultColumns: 2,
        input: gtidSend(ctx, show),
      });
    case 'warnings':
      return local(vtgate('SHOW WARNINGS'));
    case 'plugins':
      return passthrough(rows(['Name', 'Status', 'Type', 'Library', 'License'], [['InnoDB', 'ACTIVE', 'STORAGE ENGINE', 'NULL', 'GPL']]));
    case 'engines':
      return passthrough(
        rows(
          ['Engine', 'Support', 'Comment', 'Transactions', 'XA', 'Savepoints'],
          [['InnoDB', 'DEFAULT', 'Supports transactions, row-level locking, and foreign keys', 'YES', 'YES', 'YES']],
        ),
      );
    case 'vitess_target':
      return passthrough(rows(['Target'], [[formatTarget(ctx.target)]]));
    case 'vschema tables':
      return passthrough(vschemaTablesRows(defaultKeyspace(ctx)));
    case 'vschema keyspaces':
      return passthrough(vschemaKeyspacesRows(ctx.vschema));
    case 'vschema vindexes':
      return passthrough(vschemaVindexesRows(ctx, show.table));
    case 'transaction status':
      return plan('MultiShard', 'SHOW', original, vtgate('TransactionStatus', show.database === null ? {} : { TransactionID: show.database }));
    case 'unresolved transactions':
      return plan('MultiShard', 'SHOW', original, vtgate('TransactionStatus', show.database === null ? {} : { Keyspace: show.database }));
    case 'create database':
    case 'create schema':
      return sent(createDatabasePlan(ctx, show));
    case 'create table':
      return sent(createTablePlan(ctx, show));
    case 'create procedure':
    case 'create function':
    case 'create trigger':
    case 'create event':
    case 'create view':
      return sent(createOtherPlan(ctx, show));
    case 'vitess_throttled_apps':
    case 'vitess_throttler status':
      // vtgate asks its tablets' throttlers: there is no throttler to ask here.
      throw unsupported(`SHOW: ${t}`);
    default:
      // Vitess's ShowOther: MySQL knows the answer, any shard gives it.
      return sent(send(anyKeyspace(ctx), show.sql, { singleShardOnly: true }));
  }
}

function filterField(show: Show): Record<string, unknown> {
  const filter = printSql({ ...show, type: '', full: false, table: null, database: null }).replace(/^show\s*/, '');
  return filter === '' ? {} : { Filter: filter };
}

/**
 * FindTableOrVindex for a SHOW: routing rules and the session target apply; a vindex name is not a
 * table MySQL can describe.
 */
function findShowTable(ctx: PlanContext, name: TableName): { table: Table; keyspace: Keyspace; destination: string | null } {
  try {
    const r = resolveTable(ctx.vschema, { keyspace: name.qualifier, name: name.name }, ctx.target);
    return { table: r.table, keyspace: r.keyspace, destination: null };
  } catch (err) {
    if (err instanceof TableResolutionError && err.code === 'TABLE_NOT_FOUND') {
      const keyspaces = name.qualifier ? [ctx.vschema.keyspaces.get(name.qualifier)] : [...ctx.vschema.keyspaces.values()];
      if (keyspaces.some((ks) => ks?.vindexes.has(name.name))) throw vtError('VT05004', `table '${name.name}' does not exist`);
    }
    throw err;
  }
}

/** SHOW COLUMNS / INDEX: `from t from db` means `db.t`; the table's keyspace answers, unqualified. */
function showTablePlan(ctx: PlanContext, show: Show): Send {
  let table = show.table ?? { qualifier: null, name: '' };
  if (show.database !== null) table = { qualifier: show.database, name: table.name };
  if (isSystemSchema(table.qualifier)) {
    return send(anyKeyspace(ctx), printSql({ ...show, table, database: null }), { singleShardOnly: true });
  }
  const found = findShowTable(ctx, table);
  const query = printSql({ ...show, table: { qualifier: null, name: found.table.name }, database: null });
  return send(found.keyspace, query, { singleShardOnly: true, destination: found.destination ?? 'AnyShard()' });
}

/** SHOW DATABASES lists the keyspaces and MySQL's system schemas; SHOW KEYSPACES the keyspaces. */
function databaseRows(ctx: PlanContext, show: Show): Operator {
  const names = [...ctx.vschema.keyspaces.keys()].sort();
  if (show.type === 'databases') names.push('information_schema', 'mysql', 'sys', 'performance_schema');
  const match = likeMatcher(show.like);
  return rows(['Database'], names.filter(match).map((n) => [n]));
}

/** SHOW TABLES / TABLE STATUS / OPEN TABLES / TRIGGERS [from db]: a shard's database is not named as the keyspace. */
function planWithDatabase(ctx: PlanContext, show: Show, original: string): Plan {
  let db = show.database;
  let query: string;
  let target: string;
  if (isSystemSchema(db)) {
    target = anyKeyspace(ctx).name;
    query = printSql(show);
  } else {
    target = db ?? '';
    query = printSql({ ...show, database: null });
  }
  const { keyspace, destination } = targetDestination(ctx, target);
  db ??= keyspace.name;
  const op = send(keyspace, query, { singleShardOnly: true, destination: destination ?? 'AnyShard()' });
  if (show.type !== 'tables') return plan(sendPlanType(op), 'SHOW', original, op);
  return plan('Passthrough', 'SHOW', original, vtgate('RenameFields', { Columns: [`Tables_in_${db}`], Indices: [0] }, [op]));
}

/** SHOW VITESS_MIGRATIONS reads _vt.schema_migrations on every primary of the keyspace. */
function migrationsPlan(ctx: PlanContext, show: Show): Send {
  const { keyspace, destination } = targetDestination(ctx, show.database ?? '');
  if (ctx.target.tabletType !== 'primary') throw vtError('VT09006', 'SHOW VITESS_MIGRATION works only on primary tablet');
  return send(keyspace, printSql(show), { destination: destination ?? 'AllShards()' });
}

/** Each shard's executed GTID set, tagged with the shard's name. */
function gtidSend(ctx: PlanContext, show: Show): Send {
  const { keyspace, destination } = targetDestination(ctx, show.database ?? '');
  const query = `select '${keyspace.name}' as db_name, @@global.gtid_executed as gtid_executed, :__vt_shard as shard`;
  return send(keyspace, query, { destination: destination ?? 'AllShards()', shardNameNeeded: true });
}

function createDatabasePlan(ctx: PlanContext, show: Show): Send {
  let db = show.table?.name ?? '';
  if (isSystemSchema(db)) db = anyKeyspace(ctx).name;
  const { keyspace, destination } = targetDestination(ctx, db);
  return send(keyspace, printSql(show), { singleShardOnly: true, destination: destination ?? 'AnyShard()' });
}

function createTablePlan(ctx: PlanContext, show: Show): Send {
  const table = show.table ?? { qualifier: null, name: '' };
  if (isSystemSchema(table.qualifier)) return send(anyKeyspace(ctx), printSql(show), { singleShardOnly: true });
  const found = findShowTable(ctx, table);
  const query = printSql({ ...show, table: { qualifier: null, name: found.table.name } });
  return send(found.keyspace, query, { singleShardOnly: true, destination: found.destination ?? 'AnyShard()' });
}

/** SHOW CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT / VIEW: the qualifier picks the keyspace. */
function createOtherPlan(ctx: PlanContext, show: Show): Send {
  const table = show.table ?? { qualifier: null, name: '' };
  let db = table.qualifier ?? '';
  let query: string;
  if (isSystemSchema(db)) {
    db = anyKeyspace(ctx).name;
    query = printSql(show);
  } else {
    query = printSql({ ...show, table: { qualifier: null, name: table.name } });
  }
  const { keyspace, destination } = targetDestination(ctx, db);
  return send(keyspace, query, { singleShardOnly: true, destination: destination ?? 'AnyShard()' });
}
