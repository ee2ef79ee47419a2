/**
 * Table resolution, as the Vitess guide's "Database Access Model" describes and vtgate
 * implements it (VCursor.FindTable → VSchema.FindRoutedTable → findTable):
 *
 * 1. the table's qualifier, or else the session target, gives keyspace and tablet type;
 * 2. routing rules first, the most specific winning: `ks.t@replica`, then `ks.t` (or `t` and
 *    `t@replica` when no keyspace is known);
 * 3. keyspace routing rules move a whole keyspace;
 * 4. a qualified or session keyspace is searched; an unsharded keyspace accepts any table;
 * 5. with no keyspace (unspecified mode) the name must be unique across keyspaces, or the
 *    VSchema must hold a single unsharded keyspace;
 * 6. `dual` is a reference table in every keyspace.
 */
import { TableResolutionError } from '../errors.js';
import { FrozenMap } from '../util/frozen.js';
import type { Keyspace, Table, TabletType, VSchema } from './model.js';
import { parseTarget, type Target, type TargetDestination } from './target.js';

export interface TableRef {
  /** The qualifier as written (`ks`, or a target such as `ks@replica`, `ks:-80`); null/'' = unqualified. */
  readonly keyspace?: string | null;
  readonly name: string;
}

export interface ResolvedTable {
  readonly table: Table;
  readonly keyspace: Keyspace;
  readonly tabletType: TabletType;
  /** A shard / key range / keyspace id the qualifier or the session pinned the statement to. */
  readonly destination: TargetDestination | null;
  /** The `from_table` of the routing rule that redirected the reference, if one did. */
  readonly routingRule: string | null;
}

const TABLET_SUFFIX: Readonly<Record<TabletType, string>> = { primary: '@primary', replica: '@replica', rdonly: '@rdonly' };

export function resolveTable(vschema: VSchema, ref: TableRef, target: Target | string = ''): ResolvedTable {
  const session = typeof target === 'string' ? parseTarget(target) : target;
  const qualifier = ref.keyspace ? parseTarget(ref.keyspace, session.tabletType) : null;
  let keyspace = qualifier ? qualifier.keyspace : session.keyspace;
  const tabletType = qualifier ? qualifier.tabletType : session.tabletType;
  const destination = qualifier ? qualifier.destination : session.destination;
  const done = (table: Table, routingRule: string | null = null): ResolvedTable =>
    Object.freeze({ table, keyspace: vschema.keyspaces.get(table.keyspace)!, tabletType, destination, routingRule });

  if (ref.name === 'dual') return done(dualTable(vschema, keyspace));

  const qualified = keyspace ? `${keyspace}.${ref.name}` : ref.name;
  const ruleKey = [qualified + TABLET_SUFFIX[tabletType], qualified].find((k) => vschema.routingRules.has(k));
  if (ruleKey !== undefined) {
    const rule = vschema.routingRules.get(ruleKey)!;
    if (rule.error) throw new TableResolutionError(rule.error.code, rule.error.message, { details: { table: ref.name, routingRule: ruleKey } });
    if (!rule.target) {
      throw new TableResolutionError('TABLE_DISABLED', `table ${ref.name} has been disabled`, { details: { table: ref.name, routingRule: ruleKey } });
    }
    return done(findTable(vschema, rule.target.keyspace, rule.target.table), ruleKey);
  }
  if (keyspace) {
    keyspace = vschema.keyspaceRoutingRules.get(keyspace + TABLET_SUFFIX[tabletType]) ?? vschema.keyspaceRoutingRules.get(keyspace) ?? keyspace;
  }
  return done(findTable(vschema, keyspace, ref.name));
}

/** Vitess's findTable: no routing rules; '' searches the global names. */
export function findTable(vschema: VSchema, keyspace: string, name: string): Table {
  if (keyspace === '') {
    const entry = vschema.globalTables.get(name);
    if (entry?.kind === 'table') return entry.table;
    if (entry?.kind === 'ambiguous') {
      throw new TableResolutionError(
        'AMBIGUOUS_TABLE',
        `ambiguous table reference: ${name} (it exists in keyspaces ${entry.keyspaces.join(', ')}; qualify it as keyspace.${name} or choose a keyspace with USE)`,
        { details: { table: name, keyspaces: entry.keyspaces } },
      );
    }
    const only = vschema.keyspaces.size === 1 ? [...vschema.keyspaces.values()][0]! : null;
    if (only && !only.sharded) return undeclaredTable(only, name);
    throw notFound(name, null);
  }
  const ks = vschema.keyspaces.get(keyspace);
  if (!ks) throw new TableResolutionError('VT05003', `VT05003: unknown database '${keyspace}' in vschema`, { details: { keyspace } });
  const table = ks.tables.get(name);
  if (table) return table;
  if (!ks.sharded) return undeclaredTable(ks, name);
  throw notFound(name, keyspace);
}

function notFound(name: string, keyspace: string | null): TableResolutionError {
  return new TableResolutionError('TABLE_NOT_FOUND', `table ${name} not found`, { details: { table: name, keyspace } });
}

/** `dual` lives in the session keyspace or, in unspecified mode, in the alphabetically first keyspace. */
function dualTable(vschema: VSchema, keyspace: string): Table {
  const name = keyspace || [...vschema.keyspaces.keys()].sort()[0];
  if (name === undefined) throw new TableResolutionError('NO_KEYSPACE', 'no keyspace in the VSchema to select dual from');
  const ks = vschema.keyspaces.get(name);
  if (!ks) throw new TableResolutionError('VT05003', `VT05003: unknown database '${name}' in vschema`, { details: { keyspace: name } });
  return syntheticTable(ks, 'dual', 'reference');
}

/** An unsharded keyspace routes any table name, declared or not (as Vitess does). */
function undeclaredTable(ks: Keyspace, name: string): Table {
  return syntheticTable(ks, name, 'table');
}

/**
 * A table the VSchema does not declare: in an unsharded keyspace, `dual`, a lookup table named
 * by a vindex, an information_schema table. It has no vindexes and no columns (`declared: false`).
 */
export function syntheticTable(ks: { readonly name: string; readonly sharded: boolean }, name: string, kind: 'table' | 'reference' = 'table'): Table {
  return Object.freeze({
    name,
    keyspace: ks.name,
    sharded: ks.sharded,
    kind,
    columnVindexes: [],
    ordered: [],
    owned: [],
    autoIncrement: null,
    columns: [],
    columnListAuthoritative: false,
    pinned: null,
    source: null,
    referencedBy: EMPTY,
    declared: false,
  });
}

const EMPTY = new FrozenMap<string, string>();
