/**
 * Turns a structurally valid proto JSON document into the canonical snake_case form of
 * spec-types.ts: camelCase field names renamed, `null` dropped (proto JSON: not set),
 * quoted integers parsed, enum numbers turned into names. A field given under both
 * spellings is a problem (protojson rejects it too). The input is never mutated.
 */
import type { Problem } from '../errors.js';
import { child } from './json-pointer.js';
import { MESSAGES, fieldSpellings, type FieldKind, type MessageName } from './proto-fields.js';

export interface Normalized<T> {
  readonly value: T;
  readonly problems: readonly Problem[];
}

export function normalizeMessage<T>(doc: unknown, message: MessageName, basePath = ''): Normalized<T> {
  const problems: Problem[] = [];
  const value = walkMessage(doc, message, basePath, problems);
  return { value: value as T, problems };
}

function walkMessage(doc: unknown, message: MessageName, path: string, problems: Problem[]): unknown {
  if (doc === null || doc === undefined) return undefined;
  const fields = MESSAGES[message];
  const spellings = fieldSpellings(message);
  const out: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [key, raw] of Object.entries(doc as Record<string, unknown>)) {
    const proto = spellings.get(key);
    const kind = proto === undefined ? undefined : fields[proto];
    if (proto === undefined || kind === undefined) continue; // structural validation reported it
    const earlier = spelledAs.get(proto);
    if (earlier !== undefined) {
      problems.push({ path: child(path, key), message: `field "${proto}" is given twice (as "${earlier}" and "${key}")` });
      continue;
    }
    spelledAs.set(proto, key);
    const v = walkField(raw, kind, child(path, key), problems);
    if (v !== undefined) Object.defineProperty(out, proto, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function walkField(raw: unknown, kind: FieldKind, path: string, problems: Problem[]): unknown {
  if (raw === null || raw === undefined) return undefined;
  switch (kind.kind) {
    case 'string':
    case 'bool':
      return raw;
    case 'int':
    case 'float':
      return typeof raw === 'string' ? Number(raw) : raw;
    case 'enum': {
      if (typeof raw === 'string') return raw;
      const name = Object.entries(kind.values).find(([, n]) => n === raw)?.[0];
      return name;
    }
    case 'message':
      return walkMessage(raw, kind.message, path, problems);
    case 'repeated': {
      const out: unknown[] = [];
      (raw as unknown[]).forEach((item, i) => {
        // protojson rejects null list elements; dropping them silently would shift meaning.
        if (item === null) problems.push({ path: child(path, i), message: 'must not be null (a list element cannot be null)' });
        else out.push(walkField(item, kind.of, child(path, i), problems));
      });
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const w = walkField(v, kind.of, child(path, k), problems);
        // A null map value is kept as an empty message so `"t": null` still declares table t.
        const value = w !== undefined ? w : kind.of.kind === 'message' ? {} : undefined;
        // defineProperty, not assignment: a table named __proto__ must be a table, not a prototype.
        if (value !== undefined) Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
