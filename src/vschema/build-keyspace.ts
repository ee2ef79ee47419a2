/**
 * Semantic validation and building of one keyspace: its vindexes (through the caller's
 * registry) and its tables, with Vitess's rules and messages (go/vt/vtgate/vindexes/vschema.go).
 * Cross-keyspace references (reference sources, sequences) are resolved later, in
 * build-references.ts, once every keyspace exists.
 */
import { VSchemaRouterError, type Problem } from '../errors.js';
import type { VindexRegistry } from '../vindexes/registry.js';
import type { Vindex } from '../vindexes/types.js';
import { child } from './json-pointer.js';
import type { Column, ColumnVindex, KeyspaceVindex, TableKind } from './model.js';
import type { ColumnSpec, KeyspaceSpec, TableSpec } from './spec-types.js';

export interface BuildContext {
  readonly registry: VindexRegistry;
  readonly strict: boolean;
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

/** A table before cross-keyspace resolution; frozen into a model Table at the end. */
export interface TableDraft {
  name: string;
  keyspace: string;
  sharded: boolean;
  kind: TableKind;
  columnVindexes: ColumnVindex[];
  owned: ColumnVindex[];
  columns: Column[];
  columnListAuthoritative: boolean;
  pinned: Uint8Array | null;
  /** Raw `source` text; resolved in build-references.ts. */
  sourceText: string | null;
  /** Raw auto_increment; resolved in build-references.ts. */
  autoIncrementSpec: { column: string; sequence: string } | null;
  path: string;
}

export interface KeyspaceDraft {
  name: string;
  sharded: boolean;
  requireExplicitRouting: boolean;
  spec: KeyspaceSpec;
  vindexes: Map<string, KeyspaceVindex>;
  tables: Map<string, TableDraft>;
  path: string;
}

export function buildKeyspace(name: string, spec: KeyspaceSpec, path: string, ctx: BuildContext): KeyspaceDraft {
  const ks: KeyspaceDraft = {
    name,
    sharded: spec.sharded === true,
    requireExplicitRouting: spec.require_explicit_routing === true,
    spec,
    vindexes: new Map(),
    tables: new Map(),
    path,
  };
  if (spec.multi_tenant_spec && !spec.multi_tenant_spec.tenant_id_column_name) {
    ctx.problems.push({ path: child(path, 'multi_tenant_spec', 'tenant_id_column_name'), message: 'multi-tenant spec needs tenant_id_column_name' });
  }
  buildVindexes(ks, ctx);
  for (const [tname, tspec] of Object.entries(spec.tables ?? {})) {
    const t = buildTable(ks, tname, tspec, child(path, 'tables', tname), ctx);
    if (t) ks.tables.set(tname, t);
  }
  checkOwners(ks, ctx);
  return ks;
}

function buildVindexes(ks: KeyspaceDraft, ctx: BuildContext): void {
  const unknown: string[] = [];
  for (const [vname, vspec] of Object.entries(ks.spec.vindexes ?? {})) {
    const vpath = child(ks.path, 'vindexes', vname);
    if (!vspec.type) {
      ctx.problems.push({ path: child(vpath, 'type'), message: `vindex ${vname} has no type; known types: ${ctx.registry.types().join(', ')}` });
      continue;
    }
    let vindex: Vindex;
    try {
      vindex = ctx.registry.create(vspec.type, vname, vspec.params ?? {});
    } catch (err) {
      ctx.problems.push(vindexProblem(err, vpath));
      continue;
    }
    ks.vindexes.set(vname, { vindex, owner: vspec.owner ? vspec.owner : null });
    if (vindex.unknownParams.length > 0) unknown.push(`${vname} (${vindex.unknownParams.join(', ')})`);
  }
  if (unknown.length > 0) {
    // Vitess's ApplyVSchema reports these and fails only with --strict.
    const problem = { path: child(ks.path, 'vindexes'), message: `unknown vindex params: ${unknown.join('; ')}` };
    (ctx.strict ? ctx.problems : ctx.warnings).push(problem);
  }
}

function vindexProblem(err: unknown, vpath: string): Problem {
  if (err instanceof VSchemaRouterError) {
    const param = err.details['param'];
    const at = err.code === 'VINDEX_TYPE_UNKNOWN' ? child(vpath, 'type') : typeof param === 'string' ? child(vpath, 'params', param) : child(vpath, 'params');
    return { path: at, message: err.message };
  }
  return { path: vpath, message: err instanceof Error ? err.message : String(err) };
}

function buildTable(ks: KeyspaceDraft, tname: string, spec: TableSpec, path: string, ctx: BuildContext): TableDraft | null {
  const problemsBefore = ctx.problems.length;
  const fail = (at: string, message: string): void => void ctx.problems.push({ path: at, message });
  const kind = tableKind(spec.type ?? '');
  if (kind === null) fail(child(path, 'type'), `unidentified table type ${spec.type}`);
  const vindexSpecs = spec.column_vindexes ?? [];
  if (kind === 'reference' && vindexSpecs.length > 0) fail(child(path, 'column_vindexes'), `reference table cannot have vindexes: ${tname}`);
  if (kind !== 'reference' && spec.source) fail(child(path, 'source'), `only reference tables can have a source: ${tname}`);
  if (kind === 'sequence' && ks.sharded && !spec.pinned) {
    fail(child(path, 'type'), `sequence table has to be in an unsharded keyspace or must be pinned: ${tname}`);
  }
  let pinned: Uint8Array | null = null;
  if (spec.pinned) {
    pinned = decodePin(spec.pinned);
    if (!pinned) fail(child(path, 'pinned'), `could not decode the keyspace id for pin: "${spec.pinned}" is not hex`);
  }
  // Only for plain tables: a sequence or an unknown type has already been reported above.
  if (ks.sharded && kind === 'table' && !spec.pinned && vindexSpecs.length === 0) {
    fail(path, `missing primary col vindex for table: ${tname}`);
  }
  if (!ks.sharded && vindexSpecs.length > 0 && kind !== 'reference') {
    // Vitess ignores them; a user who wrote them almost certainly meant a sharded keyspace.
    ctx.warnings.push({ path: child(path, 'column_vindexes'), message: `column vindexes of table ${tname} are ignored: keyspace ${ks.name} is not sharded` });
  }
  const columns = buildColumns(tname, spec.columns ?? [], child(path, 'columns'), ctx);
  const { columnVindexes, owned } = buildColumnVindexes(ks, tname, vindexSpecs, child(path, 'column_vindexes'), ctx);
  if (ctx.problems.length > problemsBefore) return null;
  const ai = spec.auto_increment;
  if (ai && !ai.column) fail(child(path, 'auto_increment', 'column'), `auto_increment of table ${tname} needs a column`);
  if (ai && !ai.sequence) fail(child(path, 'auto_increment', 'sequence'), `auto_increment of table ${tname} needs a sequence`);
  return {
    name: tname,
    keyspace: ks.name,
    sharded: ks.sharded,
    kind: kind ?? 'table',
    columnVindexes,
    owned,
    columns,
    columnListAuthoritative: spec.column_list_authoritative === true,
    pinned,
    sourceText: spec.source ? spec.source : null,
    autoIncrementSpec: ai && ai.column && ai.sequence ? { column: ai.column, sequence: ai.sequence } : null,
    path,
  };
}

function tableKind(type: string): TableKind | null {
  if (type === '') return 'table';
  if (type === 'sequence' || type === 'reference') return type;
  return null;
}

function decodePin(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function buildColumns(tname: string, specs: readonly ColumnSpec[], path: string, ctx: BuildContext): Column[] {
  const seen = new Set<string>();
  const out: Column[] = [];
  specs.forEach((c, i) => {
    if (!c.name) {
      ctx.problems.push({ path: child(path, i, 'name'), message: `column ${i} of table ${tname} has no name` });
      return;
    }
    const lowered = c.name.toLowerCase();
    if (seen.has(lowered)) {
      ctx.problems.push({ path: child(path, i, 'name'), message: `duplicate column name '${c.name}' for table: ${tname}` });
      return;
    }
    seen.add(lowered);
    out.push({
      name: c.name,
      type: c.type ?? null,
      invisible: c.invisible === true,
      default: c.default ?? null,
      collationName: c.collation_name ?? null,
      size: c.size ?? null,
      scale: c.scale ?? null,
      nullable: c.nullable ?? null,
      values: c.values ?? [],
    });
  });
  return out;
}

function buildColumnVindexes(
  ks: KeyspaceDraft,
  tname: string,
  specs: TableSpec['column_vindexes'] & object,
  path: string,
  ctx: BuildContext,
): { columnVindexes: ColumnVindex[]; owned: ColumnVindex[] } {
  const columnVindexes: ColumnVindex[] = [];
  const owned: ColumnVindex[] = [];
  specs.forEach((cv, i) => {
    const at = child(path, i);
    const fail = (where: string, message: string): void => void ctx.problems.push({ path: where, message });
    const name = cv.name ?? '';
    const entry = ks.vindexes.get(name);
    if (!entry) {
      // A vindex whose definition failed to build was already reported at its definition.
      if (!Object.hasOwn(ks.spec.vindexes ?? {}, name)) fail(child(at, 'name'), `vindex ${name} not found for table ${tname}`);
      return;
    }
    const { vindex } = entry;
    let columns: string[];
    if (cv.column) {
      if (cv.columns && cv.columns.length > 0) {
        return fail(at, `can't use column and columns at the same time in vindex (${name}) and table (${tname})`);
      }
      columns = [cv.column];
    } else {
      if (!cv.columns || cv.columns.length === 0) return fail(at, `must specify at least one column for vindex (${name}) and table (${tname})`);
      columns = [...cv.columns];
    }
    const isOwned = vindex.kind === 'lookup' && entry.owner === tname;
    const primary = i === 0;
    if (primary) {
      if (!vindex.unique) return fail(child(at, 'name'), `primary vindex ${name} is not Unique for table ${tname}`);
      if (isOwned) return fail(child(at, 'name'), `primary vindex ${name} cannot be owned for table ${tname}`);
      if (vindex.backfilling) {
        return fail(child(at, 'name'), `primary vindex ${name} is write_only (being backfilled) and cannot compute keyspace ids for table ${tname}`);
      }
    }
    if (vindex.multiColumn && !primary) return fail(child(at, 'name'), `multi-column vindex ${name} should be a primary vindex for table ${tname}`);
    if (isOwned && vindex.wantsOwnerInfo) {
      // Vitess splits `from` on commas without dropping empties, so an absent `from` is one column.
      const from = (vindex.params['from'] ?? '').split(',');
      if (from.length !== columns.length) return fail(at, `VT03029: column count does not match value count with the row for vindex '${name}'`);
    }
    const cvModel: ColumnVindex = { name, type: vindex.type, columns, vindex, cost: vindex.cost, primary, owned: isOwned, partial: false };
    columnVindexes.push(cvModel);
    if (isOwned) owned.push(cvModel);
    if (vindex.multiColumn && vindex.partial) {
      // Vitess adds the leading-column subsets as extra vindexes, each one costlier than the next larger.
      let cost = vindex.cost;
      for (let n = columns.length - 1; n > 0; n--) {
        cost++;
        columnVindexes.push({ ...cvModel, columns: columns.slice(0, n), cost, primary: false, partial: true });
      }
    }
  });
  return { columnVindexes, owned };
}

/**
 * Vitess accepts an owner that names no table (the vindex then behaves as unowned: no DML
 * maintains its rows), and real VSchemas rely on that; we warn, and strict mode rejects it.
 */
function checkOwners(ks: KeyspaceDraft, ctx: BuildContext): void {
  for (const [vname, { owner }] of ks.vindexes) {
    if (owner !== null && !Object.hasOwn(ks.spec.tables ?? {}, owner)) {
      (ctx.strict ? ctx.problems : ctx.warnings).push({
        path: child(ks.path, 'vindexes', vname, 'owner'),
        message: `owner table ${owner} of vindex ${vname} not found in keyspace ${ks.name}; no table maintains its lookup rows`,
      });
    }
  }
}
