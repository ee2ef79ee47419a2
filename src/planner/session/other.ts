/**
 * Statements vtgate passes to MySQL or answers by kind (Vitess's planbuilder: flush.go,
 * other_read.go, migration.go, ...): FLUSH per keyspace, ANALYZE to every shard of the table's
 * keyspace, REPAIR / OPTIMIZE / CHECK to any shard, LOCK TABLES ignored, UNLOCK TABLES, STREAM,
 * ALTER / REVERT VITESS_MIGRATION, and database DDL (CREATE / DROP DATABASE become
 * keyspace creation and removal, which vtgate hands to its plugin).
 */
import type { OtherStatement, TableName } from '../../sql/ast.js';
import { formatIdent } from '../../sql/keywords.js';
import { printTableName } from '../../sql/print-expr.js';
import { resolveTable } from '../../vschema/resolve.js';
import type { Keyspace } from '../../vschema/model.js';
import type { PlanContext } from '../context.js';
import { unsupported, vtError } from '../errors.js';
import type { Operator, Plan, Send } from '../plan.js';
import { destinationString } from '../select/destination.js';
import { anyKeyspace, defaultKeyspace, EMPTY_ROWS, isSystemSchema, plan, send, sendPlanType, targetDestination, vtgate } from './build.js';

/** The session's shard or key range, else every shard (Vitess's `vschema.Destination()` default for FLUSH). */
function sessionDestination(ctx: PlanContext, otherwise: string): string {
  return ctx.target.destination ? destinationString(ctx.target.destination) : otherwise;
}

/**
 * FLUSH: options go to every shard of the session keyspace; FLUSH TABLES goes, per keyspace of the
 * tables named, to every shard with that keyspace's tables only.
 */
export function planFlush(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const f = stmt.flush ?? { local: false, options: [], withReadLock: false, forExport: false };
  const print = (tables: readonly TableName[]): string => {
    let out = `flush${f.local ? ' local' : ''}`;
    if (f.options.length > 0) return `${out} ${f.options.join(', ')}`;
    out += ' tables';
    if (tables.length > 0) out += ` ${tables.map(printTableName).join(', ')}`;
    if (f.forExport) out += ' for export';
    if (f.withReadLock) out += ' with read lock';
    return out;
  };
  const dest = sessionDestination(ctx, 'AllShards()');
  if (stmt.tables.length === 0) {
    if (!f.local && ctx.target.tabletType !== 'primary') throw vtError('VT09012', `FLUSH statement with ${ctx.target.tabletType.toUpperCase()} tablet not allowed`);
    const op = send(defaultKeyspace(ctx), print([]), { destination: dest });
    return plan(sendPlanType(op), 'FLUSH', original, op);
  }
  const byKeyspace = new Map<string, { ks: Keyspace; tables: TableName[] }>();
  const used: string[] = [];
  for (const t of stmt.tables) {
    const r = resolveTable(ctx.vschema, { keyspace: t.qualifier, name: t.name }, ctx.target);
    used.push(`${r.keyspace.name}.${r.table.name}`);
    const group = byKeyspace.get(r.keyspace.name) ?? { ks: r.keyspace, tables: [] };
    group.tables.push({ qualifier: null, name: r.table.name });
    byKeyspace.set(r.keyspace.name, group);
  }
  const sends = [...byKeyspace.keys()].sort().map((name) => {
    const g = byKeyspace.get(name)!;
    return send(g.ks, print(g.tables), { destination: dest });
  });
  if (sends.length === 1) return plan(sendPlanType(sends[0]!), 'FLUSH', original, sends[0]!, used);
  return plan('Complex', 'FLUSH', original, Object.freeze({ kind: 'Concatenate', inputs: Object.freeze(sends) }), used);
}

/** ANALYZE TABLE t: every shard of t's keyspace analyzes its part. */
export function planAnalyze(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const t = stmt.tables[0];
  if (!t || stmt.tables.length > 1) return planOtherAdmin(ctx, stmt, original);
  let ks: Keyspace;
  let dest = 'AllShards()';
  let name = t.name;
  if (isSystemSchema(t.qualifier)) {
    ks = anyKeyspace(ctx);
  } else {
    const r = resolveTable(ctx.vschema, { keyspace: t.qualifier, name: t.name }, ctx.target);
    ks = r.keyspace;
    name = r.table.name;
    if (r.destination) dest = destinationString(r.destination);
  }
  const op = send(ks, `analyze table ${formatIdent(name)}`, { destination: dest });
  // Vitess reports the bare table name here.
  return plan(sendPlanType(op), 'ANALYZE', original, op, [name]);
}

/** REPAIR / OPTIMIZE / CHECK / CHECKSUM ...: as written, to any shard of the session keyspace. */
export function planOtherAdmin(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const { keyspace, destination } = targetDestination(ctx, '');
  const op = send(keyspace, stmt.sql, { destination: destination ?? 'AnyShard()', singleShardOnly: true });
  return plan(sendPlanType(op), 'OTHER', original, op);
}

/** `describe t` / `explain t`: the table's keyspace describes it, unqualified. */
export function planExplainTable(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const t = stmt.tables[0]!;
  let ks: Keyspace;
  let dest = 'AnyShard()';
  let query = stmt.sql;
  if (isSystemSchema(t.qualifier)) {
    ks = anyKeyspace(ctx);
  } else {
    const r = resolveTable(ctx.vschema, { keyspace: t.qualifier, name: t.name }, ctx.target);
    ks = r.keyspace;
    if (r.destination) dest = destinationString(r.destination);
    query = `explain ${printTableName({ qualifier: null, name: t.name })}`;
  }
  const op = send(ks, query, { destination: dest, singleShardOnly: true });
  return plan(sendPlanType(op), 'EXPLAIN', original, op, [`${ks.name}.${t.name}`]);
}

/** LOCK TABLES is accepted and ignored (vtgate has no table locks across shards); UNLOCK TABLES releases the session's locks. */
export function planLockTables(stmt: OtherStatement, original: string): Plan {
  if (stmt.type === 'lock_tables') return plan('Passthrough', 'LOCK_TABLES', original, EMPTY_ROWS);
  return plan('Complex', 'UNLOCK_TABLES', original, vtgate('UnlockTables'));
}

/** STREAM * FROM t: rows of t from every shard as they change (primary tablets only). */
export function planStream(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const t = stmt.tables[0]!;
  const r = resolveTable(ctx.vschema, { keyspace: t.qualifier, name: t.name }, ctx.target);
  if (r.tabletType !== 'primary') throw vtError('VT09009', `stream is supported only for primary tablet type, current type: ${r.tabletType.toUpperCase()}`);
  const dest = r.destination ? destinationString(r.destination) : 'ExactKeyRange(-)';
  const keyspace = { Name: r.keyspace.name, Sharded: r.keyspace.sharded };
  if (stmt.type === 'vstream') throw unsupported('VSTREAM');
  return plan('Complex', 'STREAM', original, vtgate('MStream', { Keyspace: keyspace, TargetDestination: dest, Table: r.table.name }));
}

/** ALTER VITESS_MIGRATION goes to every primary of the session keyspace; REVERT is vtgate's own. */
export function planMigration(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const { keyspace, destination } = targetDestination(ctx, '');
  const revert = /^\s*revert\b/i.test(stmt.sql);
  if (ctx.target.tabletType !== 'primary') throw vtError('VT09006', `${revert ? 'REVERT' : 'ALTER'} VITESS_MIGRATION works only on primary tablet`);
  const query = stmt.normalized ?? stmt.sql;
  const dest = destination ?? 'AllShards()';
  if (revert) {
    const op = vtgate('RevertMigration', { Keyspace: { Name: keyspace.name, Sharded: keyspace.sharded }, TargetDestination: dest, Query: query });
    return plan('Passthrough', 'MIGRATION', original, op);
  }
  const op: Send = send(keyspace, query, { destination: dest });
  return plan(sendPlanType(op), 'MIGRATION', original, op);
}

/**
 * CREATE / DROP / ALTER DATABASE name keyspaces: vtgate creates or drops the keyspace through its
 * DBDDL plugin, accepts the IF [NOT] EXISTS no-ops, and refuses ALTER DATABASE.
 */
export function planDatabaseDdl(ctx: PlanContext, stmt: OtherStatement, original: string): Plan {
  const m = /^\s*(create|drop|alter)\s+(?:database|schema)\s*(if\s+(?:not\s+)?exists\s+)?(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)?/i.exec(stmt.sql);
  const verb = (m?.[1] ?? '').toLowerCase();
  const conditional = m?.[2] !== undefined;
  let name = m?.[3] ?? '';
  if (name.startsWith('`')) name = name.slice(1, -1).replaceAll('``', '`');
  // `alter database collate x`: the words after ALTER DATABASE are options, not a name.
  if (verb === 'alter' && /^(character|charset|collate|default|encryption|read)$/i.test(name)) name = '';
  if (name === '') name = defaultKeyspace(ctx).name;
  const exists = ctx.vschema.keyspaces.has(name);
  switch (verb) {
    case 'drop':
      if (conditional && !exists) return plan('Passthrough', 'DDL', original, EMPTY_ROWS);
      if (!exists) throw vtError('VT05001', `cannot drop database '${name}'; database does not exists`);
      return plan('Complex', 'DDL', original, dbDdl('DROPDB', name));
    case 'alter':
      if (!exists) throw vtError('VT05002', `cannot alter database '${name}'; unknown database`);
      throw unsupported('ALTER DATABASE');
    default:
      if (conditional && exists) return plan('Passthrough', 'DDL', original, EMPTY_ROWS);
      if (exists) throw vtError('VT06001', `cannot create database '${name}'; database exists`);
      return plan('Complex', 'DDL', original, dbDdl('CREATEDB', name));
  }
}

function dbDdl(operatorType: 'CREATEDB' | 'DROPDB', name: string): Operator {
  return vtgate(operatorType, { Keyspace: { Name: name } });
}
