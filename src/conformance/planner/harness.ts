/**
 * The settings Vitess's planner test harness runs each case file with (harness.json, and the
 * copy of them in every case line): the VSchema, the session's default keyspace, a shard or key
 * range target for the bypass files, and planner options. VSchemas load once per run, with the
 * test-only vindex types registered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVSchema } from '../../vschema/load.js';
import type { VSchema } from '../../vschema/model.js';
import type { ForeignKey, ForeignKeyAction, PlannerSettings, TableKey } from '../../planner/context.js';
import type { PlannerSession, PreparedStatementData } from '../../planner/session/state.js';
import { plannerTestRegistry } from './vindex-types.js';

export interface PlannerCase {
  readonly id: string;
  readonly file: string;
  readonly query: string;
  readonly vschema: string;
  readonly default_keyspace: string | null;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface HarnessFile {
  readonly vschema_files?: Readonly<Record<string, string>>;
  readonly files?: Readonly<
    Record<string, { readonly default_keyspace?: string | null; readonly options?: Readonly<Record<string, unknown>>; readonly fixtures?: readonly string[] }>
  >;
  readonly fixtures?: Readonly<
    Record<
      string,
      {
        readonly aggregate_udfs?: Readonly<Record<string, readonly string[]>>;
        readonly foreign_keys?: readonly HarnessForeignKey[];
        readonly primary_keys?: Readonly<Record<string, readonly string[]>>;
        /** keyspace → tables whose primary key is `id`. */
        readonly primary_keys_id_on?: Readonly<Record<string, readonly string[]>>;
        readonly unique_keys?: Readonly<Record<string, readonly (readonly string[])[]>>;
      }
    >
  >;
}

interface HarnessForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  /** Unqualified names are in the child's keyspace (harness.json's note). */
  readonly references: string;
  readonly referenced_columns: readonly string[];
  /** DEFAULT = no clause (harness.json's note). */
  readonly on_update?: string;
  readonly on_delete?: string;
}

export function readHarness(path: string): HarnessFile {
  return JSON.parse(readFileSync(path, 'utf8')) as HarnessFile;
}

/** `schema` → schema.json, any other name → <name>_schema.json (harness.json's vschema_files when given). */
export function vschemaFileName(name: string, harness: HarnessFile): string {
  const listed = harness.vschema_files?.[name];
  if (listed) return listed.replace(/^vschemas\//, '');
  return name === 'schema' ? 'schema.json' : `${name}_schema.json`;
}

export class VSchemaCache {
  private readonly loaded = new Map<string, VSchema>();

  constructor(
    private readonly dir: string,
    private readonly harness: HarnessFile,
  ) {}

  get(name: string): VSchema {
    let v = this.loaded.get(name);
    if (!v) {
      v = loadVSchema(join(this.dir, vschemaFileName(name, this.harness)), { registry: plannerTestRegistry() });
      this.loaded.set(name, v);
    }
    return v;
  }
}

/** The session target: the default keyspace, with the file's shard or key range target when it has one. */
export function caseTarget(c: PlannerCase, harness: HarnessFile): string {
  const options = caseOptions(c, harness);
  const ks = c.default_keyspace ?? harness.files?.[c.file]?.default_keyspace ?? '';
  const dest = typeof options['target_destination'] === 'string' ? options['target_destination'] : '';
  let target = ks ?? '';
  if (dest.startsWith('shard:')) target += `:${dest.slice('shard:'.length)}`;
  else if (dest.startsWith('exact_keyrange:')) target += `[${dest.slice('exact_keyrange:'.length)}]`;
  const tablet = typeof options['tablet_type'] === 'string' ? options['tablet_type'].toLowerCase() : 'primary';
  return tablet === 'primary' ? target : `${target}@${tablet}`;
}

export function caseSettings(c: PlannerCase, harness: HarnessFile): Partial<PlannerSettings> {
  const options = caseOptions(c, harness);
  const out: { -readonly [K in keyof PlannerSettings]?: PlannerSettings[K] } = {};
  if (typeof options['sysvar_set_enabled'] === 'boolean') out.sysvarSetEnabled = options['sysvar_set_enabled'];
  if (typeof options['foreign_key_checks'] === 'boolean') out.foreignKeyChecks = options['foreign_key_checks'];
  // The aggregate UDFs the file's fixtures declare (harness.json `fixtures.*.aggregate_udfs`).
  const fixtures = harness.files?.[c.file]?.fixtures ?? [];
  const udfs = fixtures.flatMap((f) => Object.values(harness.fixtures?.[f]?.aggregate_udfs ?? {}).flat());
  if (udfs.length > 0) out.aggregateUdfs = [...new Set(udfs.map((u) => u.toLowerCase()))].sort();
  // Vitess's harness knows the foreign keys its fixtures declare, and no others: a file without
  // them plans as if the schema had none.
  out.foreignKeys = fixtures.flatMap((f) => harness.fixtures?.[f]?.foreign_keys ?? []).map(foreignKey);
  const keys: TableKey[] = [];
  const uniques: TableKey[] = [];
  for (const f of fixtures) {
    const fx = harness.fixtures?.[f];
    for (const [t, columns] of Object.entries(fx?.primary_keys ?? {})) keys.push({ table: qualified(t), columns });
    for (const [keyspace, tables] of Object.entries(fx?.primary_keys_id_on ?? {})) for (const table of tables) keys.push({ table: { keyspace, table }, columns: ['id'] });
    for (const [t, list] of Object.entries(fx?.unique_keys ?? {})) for (const columns of list) uniques.push({ table: qualified(t), columns });
  }
  out.primaryKeys = keys;
  out.uniqueKeys = uniques;
  return out;
}

function foreignKey(fk: HarnessForeignKey): ForeignKey {
  const [keyspace = '', table = ''] = fk.table.split('.');
  const ref = fk.references.includes('.') ? fk.references.split('.') : [keyspace, fk.references];
  return {
    table: { keyspace, table },
    columns: fk.columns,
    references: { keyspace: ref[0] ?? '', table: ref[1] ?? '' },
    referencedColumns: fk.referenced_columns,
    onUpdate: action(fk.on_update),
    onDelete: action(fk.on_delete),
  };
}

function qualified(name: string): { keyspace: string; table: string } {
  const [keyspace = '', table = ''] = name.split('.');
  return { keyspace, table };
}

function action(text: string | undefined): ForeignKeyAction | null {
  const a = text?.toUpperCase();
  return a === 'RESTRICT' || a === 'NO ACTION' || a === 'CASCADE' || a === 'SET NULL' || a === 'SET DEFAULT' ? a : null;
}

function caseOptions(c: PlannerCase, harness: HarnessFile): Readonly<Record<string, unknown>> {
  return c.options ?? harness.files?.[c.file]?.options ?? {};
}

const HARNESS_PREPARED: Readonly<Record<string, PreparedStatementData>> = {
  prep_one_param: { sql: 'select 1 from user where id = :v1', paramCount: 1 },
  prep_in_param: { sql: 'select 1 from user where id in (:v1, :v2)', paramCount: 2 },
  prep_no_param: { sql: 'select 1 from user', paramCount: 0 },
};

/**
 * The session Vitess's planner tests run with (its VSchema wrapper): three fixed prepared
 * statements, user variables named `prep_stmt...` holding a statement, and nothing stored by
 * PREPARE (the wrapper ignores it).
 */
export const HARNESS_SESSION: PlannerSession = Object.freeze({
  userVariable: (name: string) => (name.toLowerCase().startsWith('prep_stmt') ? 'select * from user where id in (?, ?, ?)' : undefined),
  preparedStatement: (name: string) => HARNESS_PREPARED[name.toLowerCase()],
});
