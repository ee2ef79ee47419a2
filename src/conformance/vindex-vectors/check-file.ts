/**
 * checkVectorFile: every vector of a file in the format of vindex_vectors.json, each one passed,
 * failed or unchecked. Groups go to the family module that knows them; a group no family knows,
 * an op a family does not know and a field a check does not read all end up unchecked with the
 * reason, so vectors added to the file later are never counted as passed without being checked.
 * A check that throws something other than a verdict is a failure carrying the error message.
 *
 * Async because lookup vindexes are (they query through a LookupPort); the xxhash module is
 * loaded first, so xxhash, cfc and unicode_loose_xxhash vectors can map.
 */
import { vindexesReady } from '../../vindexes/crypto/xxhash64.js';
import { consistentLookupVectors } from './consistent-lookup.js';
import { functionalVectors } from './functional.js';
import { keyRangeVectors } from './key-ranges.js';
import { lookupVectors } from './lookup.js';
import {
  DOC_FIELDS,
  VectorMismatch,
  VectorUncheckable,
  brief,
  isPlainObject,
  oneLine,
  show,
  type GroupCounts,
  type Vector,
  type VectorFamily,
  type VectorOutcome,
  type VectorReport,
} from './report.js';
import { unicodeVectors } from './unicode.js';

const FAMILIES: readonly VectorFamily[] = [keyRangeVectors, unicodeVectors, lookupVectors, consistentLookupVectors, functionalVectors];

export async function checkVectorFile(json: unknown): Promise<VectorReport> {
  // A failed load is not fatal here: the vectors that need xxhash then fail with its message.
  await vindexesReady().catch(() => undefined);
  const outcomes: VectorOutcome[] = [];
  if (!isPlainObject(json)) {
    outcomes.push(unchecked('(file)', -1, '', 'the file is not a JSON object of vector groups'));
    return summarise(outcomes);
  }
  for (const [group, list] of Object.entries(json)) {
    // `_meta`, `_unicode_golden_source`: documentation of the file, not vectors.
    if (group.startsWith('_')) continue;
    if (!Array.isArray(list)) {
      outcomes.push(unchecked(group, -1, '', `the group is not a list of vectors (${show(list)})`));
      continue;
    }
    const family = FAMILIES.find((f) => f.handles(group));
    for (const [index, raw] of list.entries()) outcomes.push(await checkVector(family, group, index, raw));
  }
  return summarise(outcomes);
}

async function checkVector(family: VectorFamily | undefined, group: string, index: number, raw: unknown): Promise<VectorOutcome> {
  if (!isPlainObject(raw)) return unchecked(group, index, brief(show(raw)), 'the vector is not a JSON object');
  const description = describe(family, group, raw);
  if (family === undefined) return unchecked(group, index, description, `unknown group "${group}": no check knows its vectors`);
  const read = new Set<string>();
  try {
    const check = family.select(group, track(raw, read));
    const allowed = new Set(check.fields);
    const unknown = Object.keys(raw).filter((k) => !allowed.has(k) && !DOC_FIELDS.has(k));
    if (unknown.length > 0) {
      return unchecked(group, index, description, `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for this op: it could change what the vector means`);
    }
    await check.run(track(raw, read));
    // A field the check knows but did not look at (e.g. `output` next to `output_hex`): its
    // expectation was not compared, so the vector is not a pass.
    const unread = Object.keys(raw).filter((k) => !read.has(k) && !DOC_FIELDS.has(k));
    if (unread.length > 0) return unchecked(group, index, description, `field${unread.length > 1 ? 's' : ''} ${unread.map((k) => `"${k}"`).join(', ')} present but not compared by this op's check`);
    return { status: 'passed', group, index, description };
  } catch (err) {
    if (err instanceof VectorUncheckable) return unchecked(group, index, description, err.message);
    if (err instanceof VectorMismatch) return { status: 'failed', group, index, description, reason: err.message };
    const message = err instanceof Error ? `${err.name}: ${err.message}` : show(err);
    return { status: 'failed', group, index, description, reason: `unexpected error ${oneLine(message)}` };
  }
}

function describe(family: VectorFamily | undefined, group: string, v: Vector): string {
  try {
    if (family !== undefined) return family.describe(group, v);
  } catch {
    // fall through: a malformed vector still gets a label
  }
  const { source: _source, note: _note, derived: _derived, ...rest } = v;
  return brief(show(rest));
}

/** `v` recording which fields are read (`v.x` or `'x' in v`) into `read`. */
function track(v: Vector, read: Set<string>): Vector {
  return new Proxy(v, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
  });
}

function unchecked(group: string, index: number, description: string, reason: string): VectorOutcome {
  return { status: 'unchecked', group, index, description, reason };
}

function summarise(outcomes: readonly VectorOutcome[]): VectorReport {
  // No prototype: a group may be called "__proto__" or "constructor".
  const groups = Object.create(null) as Record<string, { passed: number; failed: number; unchecked: number }>;
  for (const o of outcomes) {
    const counts = (groups[o.group] ??= { passed: 0, failed: 0, unchecked: 0 });
    counts[o.status] += 1;
  }
  const count = (status: VectorOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return {
    outcomes,
    passed: count('passed'),
    failed: count('failed'),
    unchecked: count('unchecked'),
    groups: groups as Readonly<Record<string, GroupCounts>>,
  };
}
