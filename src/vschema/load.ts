/**
 * loadVSchema: the one entry point users call. It accepts an SrvVSchema-shaped object, a
 * JSON file of that shape (or of one keyspace), or a directory laid out like the Vitess demo
 * (`<dir>/<keyspace>/vschema.json`, also `<dir>/<keyspace>.vschema.json`, and optional
 * `<dir>/routing_rules.json` and friends). Files are assembled into one SrvVSchema object
 * and built by buildVSchema; problems found in a file are reported with that file's name and
 * a JSON pointer into that file.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { VSchemaError, type Problem } from '../errors.js';
import { buildVSchema, type BuildOptions } from './build.js';
import { escapeSegment } from './json-pointer.js';
import type { VSchema } from './model.js';
import { fieldSpellings } from './proto-fields.js';

export interface LoadOptions extends BuildOptions {
  /** Keyspace name for a file that holds a single keyspace's VSchema (default: from the file name). */
  readonly keyspace?: string;
}

/** Where part of the assembled document came from: problems under `prefix` belong to `file`. */
interface Origin {
  readonly prefix: string;
  readonly file: string;
}

const RULE_FILES = ['routing_rules', 'shard_routing_rules', 'keyspace_routing_rules', 'mirror_rules'] as const;

export function loadVSchema(source: string | object, options: LoadOptions = {}): VSchema {
  if (typeof source !== 'string') return buildVSchema(source, options);
  const { doc, origins } = assemble(source, options);
  try {
    const vschema = buildVSchema(doc, options);
    if (vschema.warnings.length === 0) return vschema;
    return Object.freeze({ ...vschema, warnings: Object.freeze(locate(vschema.warnings, origins).map((w) => Object.freeze(w))) });
  } catch (err) {
    if (err instanceof VSchemaError) throw new VSchemaError(locate(err.problems, origins), locate(err.warnings, origins), { details: { source } });
    throw err;
  }
}

function assemble(path: string, options: LoadOptions): { doc: object; origins: Origin[] } {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new VSchemaError([{ path: '', file: path, message: `cannot read VSchema: ${(err as Error).message}` }], [], { cause: err });
  }
  if (!isDir) {
    const json = readJson(path);
    if (looksLikeKeyspace(json)) {
      const name = options.keyspace ?? keyspaceNameFromFile(path);
      return { doc: { keyspaces: { [name]: json } }, origins: [{ prefix: `/keyspaces/${escapeSegment(name)}`, file: path }] };
    }
    return { doc: json as object, origins: [{ prefix: '', file: path }] };
  }
  return assembleDirectory(path);
}

function assembleDirectory(dir: string): { doc: object; origins: Origin[] } {
  const keyspaces: Record<string, unknown> = {};
  const doc: Record<string, unknown> = { keyspaces };
  const origins: Origin[] = [];
  const problems: Problem[] = [];
  // Every file is read before failing, so one run reports every unreadable file.
  const read = (file: string): unknown => {
    try {
      return readJson(file);
    } catch (err) {
      if (!(err instanceof VSchemaError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const addKeyspace = (name: string, file: string): void => {
    const earlier = origins.find((o) => o.prefix === `/keyspaces/${escapeSegment(name)}`);
    if (earlier) {
      problems.push({ path: '', file, message: `keyspace ${name} is also defined in ${earlier.file}` });
      return;
    }
    Object.defineProperty(keyspaces, name, { value: read(file), enumerable: true, writable: true, configurable: true });
    origins.push({ prefix: `/keyspaces/${escapeSegment(name)}`, file });
  };
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && existsSync(join(full, 'vschema.json'))) addKeyspace(entry.name, join(full, 'vschema.json'));
    else if (entry.isFile() && entry.name.endsWith('.vschema.json')) addKeyspace(entry.name.slice(0, -'.vschema.json'.length), full);
  }
  for (const rules of RULE_FILES) {
    const file = join(dir, `${rules}.json`);
    if (existsSync(file)) {
      doc[rules] = read(file);
      origins.push({ prefix: `/${rules}`, file });
    }
  }
  if (origins.length === 0) {
    problems.push({ path: '', file: dir, message: 'no keyspaces found: expected <dir>/<keyspace>/vschema.json or <dir>/<keyspace>.vschema.json' });
  }
  if (problems.length > 0) throw new VSchemaError(problems);
  return { doc, origins };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new VSchemaError([{ path: '', file, message: `cannot read file: ${(err as Error).message}` }], [], { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new VSchemaError([{ path: '', file, message: `invalid JSON: ${jsonErrorWhere(text, (err as Error).message)}` }], [], { cause: err });
  }
}

/** V8 reports a character offset; people want a line and a column. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  // V8 gives no position when the text simply ends too early (or is empty).
  if (!m && !/end of (JSON )?input/i.test(message)) return message;
  const pos = m ? Number(m[1]) : text.length;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

const SRV_FIELDS = fieldSpellings('SrvVSchema');
const KEYSPACE_FIELDS = fieldSpellings('Keyspace');

/** A file holding one keyspace has keyspace fields and none of SrvVSchema's. */
function looksLikeKeyspace(json: unknown): boolean {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  return !keys.some((k) => SRV_FIELDS.has(k)) && keys.some((k) => KEYSPACE_FIELDS.has(k));
}

/** `customer.vschema.json` → customer; `customer/vschema.json` → customer; `x.json` → x. */
function keyspaceNameFromFile(file: string): string {
  const name = basename(file);
  if (name === 'vschema.json') return basename(join(file, '..'));
  return name.replace(/(\.vschema)?\.json$/, '');
}

function locate(problems: readonly Problem[], origins: readonly Origin[]): Problem[] {
  return problems.map((p) => {
    if (p.file) return p;
    let best: Origin | undefined;
    for (const o of origins) {
      const inside = p.path === o.prefix || p.path.startsWith(o.prefix + '/') || o.prefix === '';
      if (inside && (!best || o.prefix.length > best.prefix.length)) best = o;
    }
    return best ? { path: p.path.slice(best.prefix.length), message: p.message, file: best.file } : p;
  });
}
