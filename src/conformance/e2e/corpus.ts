/**
 * One directory of the Vitess end-to-end corpus (../shared/conformance/e2e, format in its
 * README): meta.json (keyspaces, shards, schema and VSchema files) and cases.jsonl (setup lines,
 * cases and session closes, replayed in order).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SrvVSchemaSpec } from '../../vschema/spec-types.js';

export interface CorpusKeyspace {
  readonly name: string;
  readonly sharded: boolean;
  readonly shards?: readonly string[];
  readonly schema?: string;
  readonly vschema?: string;
}

export interface CorpusMeta {
  readonly keyspaces: readonly CorpusKeyspace[];
  readonly mariadb?: { readonly database?: string; readonly sql_mode?: string };
}

export interface SetupLine {
  readonly setup: readonly string[];
  readonly mysql_setup?: readonly string[];
  readonly ignore_errors: boolean;
  readonly target: 'both' | 'vitess' | 'mysql';
  readonly test: string;
  readonly session: number;
}

export interface CaseLine {
  readonly sql: string;
  readonly mysql_sql?: string;
  readonly expect_rows: readonly (readonly unknown[])[] | null;
  /** Vitess's column types of expect_rows, per row and column (INT64, VARCHAR, JSON, ...). */
  readonly expect_types?: readonly (readonly string[])[] | null;
  readonly expect_error: string | null;
  readonly expect_rows_affected?: number;
  readonly allow_error?: boolean;
  readonly ordered: boolean;
  readonly target: 'both' | 'vitess' | 'mysql';
  readonly test: string;
  readonly session: number;
  readonly source?: string;
  readonly vitess_specific?: boolean;
  readonly shard_targeted?: boolean;
  readonly multi?: unknown;
  /** A case of the first executor milestone (see the corpus README). */
  readonly core?: boolean;
  /** Where the corpus found MariaDB to differ from MySQL 8 on this statement. */
  readonly mariadb_vs_mysql8?: { readonly kind?: string; readonly detail?: string } | null;
}

export interface CloseLine {
  readonly close_session: number;
  readonly test: string;
}

export type CorpusLine = SetupLine | CaseLine | CloseLine;

export interface Corpus {
  readonly dir: string;
  readonly meta: CorpusMeta;
  readonly lines: readonly CorpusLine[];
  /** The SrvVSchema document: every keyspace's VSchema, plus routing rules when the directory has them. */
  readonly vschema: SrvVSchemaSpec;
  /** Statements each keyspace's shards are created with. */
  readonly schema: ReadonlyMap<string, readonly string[]>;
  /** Statements of every schema file once, in meta.json's order: what the single database is created with. */
  readonly singleSchema: readonly string[];
}

export function loadCorpus(dir: string): Corpus {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as CorpusMeta;
  const lines = readFileSync(join(dir, 'cases.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusLine);
  const keyspaces: Record<string, unknown> = {};
  const files = new Map<string, string[]>();
  for (const ks of meta.keyspaces) {
    keyspaces[ks.name] = ks.vschema ? JSON.parse(readFileSync(join(dir, ks.vschema), 'utf8')) : { sharded: ks.sharded };
    if (ks.schema && !files.has(ks.schema)) files.set(ks.schema, splitStatements(readFileSync(join(dir, ks.schema), 'utf8')));
  }
  const singleSchema = [...files.values()].flat();
  // A keyspace that names no schema file of its own is created like the others: vt tester
  // directories keep every CREATE TABLE in one file and apply it to every keyspace.
  const schema = new Map<string, readonly string[]>();
  for (const ks of meta.keyspaces) schema.set(ks.name, ks.schema ? files.get(ks.schema)! : singleSchema);
  const doc: Record<string, unknown> = { keyspaces };
  const rules = join(dir, 'routing_rules.json');
  if (existsSync(rules)) doc.routing_rules = JSON.parse(readFileSync(rules, 'utf8'));
  return { dir, meta, lines, vschema: doc as SrvVSchemaSpec, schema, singleSchema };
}

/** Splits a schema file at `;` outside quotes and comments. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      current += text.slice(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += c;
    }
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export const isCase = (l: CorpusLine): l is CaseLine => 'sql' in l;
export const isSetup = (l: CorpusLine): l is SetupLine => 'setup' in l;
