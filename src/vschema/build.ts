/**
 * SrvVSchema-shaped JSON → validated, frozen VSchema. Pure (no I/O): structural validation
 * with the JSON Schema, normalisation to snake_case, then Vitess's semantic rules in
 * Vitess's order. Every problem is collected and thrown at once as one VSchemaError; a
 * failed build returns nothing and touches nothing (the registry and any VSchema built
 * before stay as they were).
 */
import { VSchemaError } from '../errors.js';
import { FrozenMap, deepFreeze } from '../util/frozen.js';
import { VindexRegistry } from '../vindexes/registry.js';
import { buildKeyspace, type BuildContext, type KeyspaceDraft, type TableDraft } from './build-keyspace.js';
import { buildGlobalTables, resolveSequences, resolveSources, type GlobalDraft, type ResolvedReferences } from './build-references.js';
import { buildKeyspaceRoutingRules, buildMirrorRules, buildRoutingRules, buildShardRoutingRules } from './build-rules.js';
import { structuralProblems } from './json-schema.js';
import { child } from './json-pointer.js';
import type { ColumnVindex, GlobalTable, Keyspace, QualifiedName, Table, VSchema } from './model.js';
import { normalizeMessage } from './normalize.js';
import type { SrvVSchemaSpec } from './spec-types.js';

export interface BuildOptions {
  /** The vindex types available; defaults to a registry with every built-in type. */
  readonly registry?: VindexRegistry;
  /** Unknown vindex params are errors instead of warnings (Vitess's `ApplyVSchema --strict`). */
  readonly strict?: boolean;
}

let lastVersion = 0;

export function buildVSchema(doc: unknown, options: BuildOptions = {}): VSchema {
  const structural = structuralProblems(doc, 'SrvVSchema');
  if (structural.length > 0) throw new VSchemaError(structural);
  const normalized = normalizeMessage<SrvVSchemaSpec>(doc, 'SrvVSchema');
  if (normalized.problems.length > 0) throw new VSchemaError(normalized.problems);
  const spec = deepFreeze(normalized.value);

  const ctx: BuildContext = { registry: options.registry ?? new VindexRegistry(), strict: options.strict === true, problems: [], warnings: [] };
  const drafts = new Map<string, KeyspaceDraft>();
  for (const [name, ks] of Object.entries(spec.keyspaces ?? {})) {
    if (name === '') {
      ctx.problems.push({ path: '/keyspaces/', message: 'keyspace name must not be empty' });
      continue;
    }
    drafts.set(name, buildKeyspace(name, ks, child('/keyspaces', name), ctx));
  }
  const refs = resolveSources(drafts, ctx);
  const global = buildGlobalTables(drafts, refs);
  const routingRules = buildRoutingRules(spec, drafts, global, ctx);
  const keyspaceRoutingRules = buildKeyspaceRoutingRules(spec, drafts, ctx.problems);
  const shardRoutingRules = buildShardRoutingRules(spec, drafts, ctx.problems);
  const mirrorRules = buildMirrorRules(spec, drafts, global, ctx);
  const sequences = resolveSequences(drafts, global, ctx);
  if (ctx.problems.length > 0) throw new VSchemaError(ctx.problems, ctx.warnings);

  const tables = new Map<TableDraft, Table>();
  const keyspaces = new FrozenMap<string, Keyspace>(
    [...drafts.values()].map((d) => [d.name, freezeKeyspace(d, refs, sequences, tables)] as const),
  );
  return deepFreeze<VSchema>({
    version: ++lastVersion,
    keyspaces,
    routingRules: new FrozenMap([...routingRules].map(([k, r]) => [k, deepFreeze(r)] as const)),
    keyspaceRoutingRules: new FrozenMap(keyspaceRoutingRules),
    shardRoutingRules: new FrozenMap(shardRoutingRules),
    mirrorRules,
    globalTables: freezeGlobal(global, tables),
    warnings: ctx.warnings,
    spec,
  });
}

function freezeKeyspace(d: KeyspaceDraft, refs: ResolvedReferences, sequences: Map<TableDraft, QualifiedName>, out: Map<TableDraft, Table>): Keyspace {
  const tables = new FrozenMap<string, Table>(
    [...d.tables.values()].map((t) => {
      const table = freezeTable(t, refs, sequences);
      out.set(t, table);
      return [t.name, table] as const;
    }),
  );
  const mt = d.spec.multi_tenant_spec;
  return deepFreeze<Keyspace>({
    name: d.name,
    sharded: d.sharded,
    requireExplicitRouting: d.requireExplicitRouting,
    foreignKeyMode: d.spec.foreign_key_mode ?? 'unspecified',
    multiTenant: mt ? { tenantIdColumnName: mt.tenant_id_column_name ?? '', tenantIdColumnType: mt.tenant_id_column_type ?? null } : null,
    vindexes: new FrozenMap([...d.vindexes].map(([k, v]) => [k, deepFreeze(v)] as const)),
    tables,
  });
}

function freezeTable(t: TableDraft, refs: ResolvedReferences, sequences: Map<TableDraft, QualifiedName>): Table {
  const sequence = sequences.get(t);
  return deepFreeze<Table>({
    name: t.name,
    keyspace: t.keyspace,
    sharded: t.sharded,
    kind: t.kind,
    columnVindexes: t.columnVindexes,
    ordered: sortByPreference(t.columnVindexes),
    owned: t.owned,
    autoIncrement: t.autoIncrementSpec && sequence ? { column: t.autoIncrementSpec.column, sequence } : null,
    columns: t.columns,
    columnListAuthoritative: t.columnListAuthoritative,
    pinned: t.pinned,
    source: refs.sources.get(t) ?? null,
    referencedBy: new FrozenMap(refs.referencedBy.get(t) ?? []),
    declared: true,
  });
}

/** Cheapest first; a unique vindex before a non-unique one of the same cost; stable otherwise. */
function sortByPreference(cvs: readonly ColumnVindex[]): ColumnVindex[] {
  return [...cvs].sort((a, b) => a.cost - b.cost || Number(b.vindex.unique) - Number(a.vindex.unique));
}

function freezeGlobal(global: Map<string, GlobalDraft>, tables: Map<TableDraft, Table>): FrozenMap<string, GlobalTable> {
  const out: Array<[string, GlobalTable]> = [];
  for (const [name, entry] of global) {
    if (entry.kind === 'ambiguous') out.push([name, deepFreeze({ kind: 'ambiguous', keyspaces: [...entry.keyspaces].sort() })]);
    else out.push([name, deepFreeze({ kind: 'table', table: tables.get(entry.table)! })]);
  }
  return new FrozenMap(out);
}
