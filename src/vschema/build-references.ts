/**
 * Cross-keyspace resolution, in Vitess's order (BuildVSchema): reference-table sources, then
 * the global (unqualified) table names, then auto_increment sequences.
 */
import type { Problem } from '../errors.js';
import type { BuildContext, KeyspaceDraft, TableDraft } from './build-keyspace.js';
import { child } from './json-pointer.js';
import type { QualifiedName } from './model.js';
import { parseTableName, qualifiedString } from './table-name.js';

export type Keyspaces = ReadonlyMap<string, KeyspaceDraft>;

/** Global-name entry during building (the model's GlobalTable, over drafts). */
export type GlobalDraft = { kind: 'table'; table: TableDraft } | { kind: 'ambiguous'; keyspaces: string[] };

export interface ResolvedReferences {
  /** reference table → its source. */
  readonly sources: Map<TableDraft, QualifiedName>;
  /** source table → (keyspace → reference table name). */
  readonly referencedBy: Map<TableDraft, Map<string, string>>;
}

export function resolveSources(keyspaces: Keyspaces, ctx: BuildContext): ResolvedReferences {
  const sources = new Map<TableDraft, QualifiedName>();
  const referencedBy = new Map<TableDraft, Map<string, string>>();
  for (const ks of keyspaces.values()) {
    for (const t of ks.tables.values()) {
      if (t.kind !== 'reference' || t.sourceText === null) continue;
      const at = child(t.path, 'source');
      const src = findSource(keyspaces, t, ctx.problems, at);
      if (!src) continue;
      const refs = referencedBy.get(src) ?? new Map<string, string>();
      const other = refs.get(ks.name);
      if (other !== undefined) {
        const names = [other, t.name].sort();
        ctx.problems.push({ path: at, message: `source "${t.sourceText}" may not be referenced more than once per keyspace: ${names[0]}, ${names[1]}` });
        continue;
      }
      refs.set(ks.name, t.name);
      referencedBy.set(src, refs);
      sources.set(t, { keyspace: src.keyspace, table: src.name });
    }
  }
  return { sources, referencedBy };
}

function findSource(keyspaces: Keyspaces, t: TableDraft, problems: Problem[], at: string): TableDraft | null {
  const text = t.sourceText ?? '';
  const parsed = parseTableName(text);
  const fail = (message: string): null => (problems.push({ path: at, message }), null);
  if ('error' in parsed) return fail(`invalid source "${text}" for reference table ${t.name}: ${parsed.error}`);
  let src: TableDraft | undefined;
  if (parsed.qualifier !== null) {
    if (parsed.qualifier === t.keyspace) {
      return fail(`source "${text}" may not reference a table in the same keyspace as table: ${t.name}`);
    }
    const ks = keyspaces.get(parsed.qualifier);
    if (!ks) return fail(`source "${text}" references a non-existent keyspace "${parsed.qualifier}"`);
    src = ks.tables.get(parsed.name);
    if (!src) {
      return fail(`source "${text}" references a table "${parsed.name}" that is not present in the VSchema of keyspace "${parsed.qualifier}"`);
    }
  } else {
    // An unqualified source names a table that is unique among the other keyspaces
    // (other reference copies of it do not count).
    const candidates = [...keyspaces.values()]
      .filter((ks) => ks.name !== t.keyspace)
      .map((ks) => ks.tables.get(parsed.name))
      .filter((c): c is TableDraft => c !== undefined && !(c.kind === 'reference' && c.sourceText !== null));
    if (candidates.length === 0) return fail(`source "${text}" references a table that is not present in any other keyspace`);
    if (candidates.length > 1) {
      const where = candidates.map((c) => c.keyspace).sort().join(', ');
      return fail(`source "${text}" is ambiguous: it exists in keyspaces ${where}; qualify it as keyspace.${parsed.name}`);
    }
    src = candidates[0]!;
  }
  if (src.kind === 'sequence') return fail(`source "${text}" may not reference a table of type "sequence": ${t.name}`);
  if (src.kind === 'reference' && src.sourceText !== null) {
    return fail(`reference chaining is not allowed ${qualifiedString(t.keyspace, t.name)} => ${text} => ${src.sourceText}`);
  }
  return src;
}

/**
 * Unqualified names for unspecified mode. A name in several keyspaces is ambiguous, except
 * that a source table wins over the reference tables that copy it (Vitess buildGlobalTables).
 */
export function buildGlobalTables(keyspaces: Keyspaces, refs: ResolvedReferences): Map<string, GlobalDraft> {
  const global = new Map<string, GlobalDraft>();
  const isSourceOf = (src: TableDraft, keyspace: string): boolean => refs.referencedBy.get(src)?.has(keyspace) === true;
  for (const name of [...keyspaces.keys()].sort()) {
    const ks = keyspaces.get(name)!;
    if (ks.requireExplicitRouting) continue;
    for (const t of ks.tables.values()) {
      const entry = global.get(t.name);
      if (!entry) global.set(t.name, { kind: 'table', table: t });
      else if (entry.kind === 'ambiguous') entry.keyspaces.push(ks.name);
      else if (isSourceOf(t, entry.table.keyspace)) global.set(t.name, { kind: 'table', table: t });
      else if (!isSourceOf(entry.table, ks.name)) global.set(t.name, { kind: 'ambiguous', keyspaces: [entry.table.keyspace, ks.name] });
    }
  }
  return global;
}

/** Finds a table as Vitess's findTable does while building (no routing rules). */
export function findDraft(
  keyspaces: Keyspaces,
  global: ReadonlyMap<string, GlobalDraft>,
  keyspace: string | null,
  table: string,
): { table: TableDraft | null; undeclaredIn?: string; error?: string } {
  if (keyspace === null) {
    const entry = global.get(table);
    if (entry?.kind === 'ambiguous') return { table: null, error: `ambiguous table reference: ${table} (it exists in keyspaces ${entry.keyspaces.join(', ')})` };
    if (entry) return { table: entry.table };
    if (keyspaces.size === 1) {
      const only = [...keyspaces.values()][0]!;
      if (!only.sharded) return { table: null, undeclaredIn: only.name };
    }
    return { table: null, error: `table ${table} not found` };
  }
  const ks = keyspaces.get(keyspace);
  if (!ks) return { table: null, error: `VT05003: unknown database '${keyspace}' in vschema` };
  const t = ks.tables.get(table);
  if (t) return { table: t };
  if (!ks.sharded) return { table: null, undeclaredIn: ks.name };
  return { table: null, error: `table ${table} not found` };
}

/** auto_increment.sequence must name a table of type sequence (unsharded, or pinned). */
export function resolveSequences(keyspaces: Keyspaces, global: ReadonlyMap<string, GlobalDraft>, ctx: BuildContext): Map<TableDraft, QualifiedName> {
  const out = new Map<TableDraft, QualifiedName>();
  for (const ks of keyspaces.values()) {
    for (const t of ks.tables.values()) {
      const ai = t.autoIncrementSpec;
      if (!ai) continue;
      const at = child(t.path, 'auto_increment', 'sequence');
      const parsed = parseTableName(ai.sequence);
      if ('error' in parsed) {
        ctx.problems.push({ path: at, message: `cannot resolve sequence ${ai.sequence}: ${parsed.error}` });
        continue;
      }
      const found = findDraft(keyspaces, global, parsed.qualifier, parsed.name);
      if (found.error !== undefined) {
        ctx.problems.push({ path: at, message: `cannot resolve sequence ${ai.sequence}: ${found.error}` });
        continue;
      }
      const seq = found.table;
      if (!seq || seq.kind !== 'sequence') {
        const where = seq ? qualifiedString(seq.keyspace, seq.name) : qualifiedString(found.undeclaredIn ?? null, parsed.name);
        ctx.problems.push({ path: at, message: `sequence ${ai.sequence} of table ${t.name} must be a table of type "sequence", but ${where} is ${seq ? `a table of type "${seq.kind === 'table' ? '' : seq.kind}"` : 'not in the VSchema'}` });
        continue;
      }
      out.set(t, { keyspace: seq.keyspace, table: seq.name });
    }
  }
  return out;
}
