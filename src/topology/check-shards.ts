/**
 * Validation of one keyspace's shard list. Returns every problem rather than throwing at the
 * first, so createTopology can report all keyspaces at once and createShardMap can throw one
 * error that says everything.
 */

import { KeyRangeError } from '../errors.js';
import type { ShardRef } from '../keyrange/destination.js';
import { bytesToHex, compareKeyspaceIds, isEmptyKeyspaceId } from '../keyrange/keyspace-id.js';
import { keyRangeCompare, keyRangeEndCompare, type KeyRange } from '../keyrange/key-range.js';
import { parseShardName } from '../keyrange/shard-name.js';

export type TopologyProblemCode = 'TOPOLOGY_GAP' | 'TOPOLOGY_OVERLAP' | 'TOPOLOGY_INVALID';

export interface TopologyProblem {
  readonly keyspace: string;
  readonly code: TopologyProblemCode;
  readonly message: string;
  /** The shards the problem is about (for a gap or an overlap: the two neighbours). */
  readonly shards: readonly string[];
}

export interface CheckShardsOptions {
  /** `false`: exactly one shard, no coverage check. Unset: sharded unless it is one non-range shard. */
  readonly sharded?: boolean;
}

export interface CheckedShards {
  /** Valid, de-duplicated shards sorted by key range (ties by name). */
  readonly shards: readonly ShardRef[];
  readonly sharded: boolean;
  readonly problems: readonly TopologyProblem[];
}

export function checkShards(
  keyspace: string,
  shardNames: readonly string[],
  options: CheckShardsOptions = {},
): CheckedShards {
  const problems: TopologyProblem[] = [];
  const report: Report = (code, message, shards) => {
    problems.push(Object.freeze({ keyspace, code, message: `keyspace ${keyspace}: ${message}`, shards }));
  };
  const done = (shards: readonly ShardRef[], sharded: boolean): CheckedShards =>
    Object.freeze({ shards: Object.freeze([...shards]), sharded, problems: Object.freeze(problems) });

  if (!Array.isArray(shardNames)) {
    report('TOPOLOGY_INVALID', 'the shard list must be an array of shard names', []);
    return done([], options.sharded ?? true);
  }
  if (shardNames.length === 0) report('TOPOLOGY_INVALID', 'no shards', []);

  const { shards, invalid } = parseAll(shardNames, report);
  const loneCustom = shards.length === 1 && shards[0]!.keyRange === null;
  // "0" (or any custom name) alone is Vitess's unsharded layout; "-" alone is a one-shard sharded keyspace.
  const sharded = options.sharded ?? !loneCustom;
  if (!sharded && shardNames.length > 1) {
    const names = shards.map((s) => s.name);
    report('TOPOLOGY_INVALID', `an unsharded keyspace has exactly one shard, got ${shardNames.length}`, names);
  }
  // Ranges are only checked once every name parsed: a missing shard would show up as a false gap.
  if (sharded && !invalid && shards.length > 0 && !loneCustom) checkRanges(shards, report);
  return done(shards, sharded);
}

type Report = (code: TopologyProblemCode, message: string, shards: readonly string[]) => void;

/** Parses every name, reporting invalid ones and duplicates; returns the unique shards sorted by key range. */
function parseAll(shardNames: readonly unknown[], report: Report): { shards: ShardRef[]; invalid: boolean } {
  const byName = new Map<string, { given: string; ref: ShardRef }>();
  let invalid = false;
  for (const given of shardNames) {
    const parsed = parseOne(given);
    if (typeof parsed === 'string') {
      invalid = true;
      report('TOPOLOGY_INVALID', `invalid shard name ${JSON.stringify(given) ?? String(given)}: ${parsed}`, [
        String(given),
      ]);
      continue;
    }
    const earlier = byName.get(parsed.name);
    if (earlier) {
      const spelled = earlier.given === given ? '' : ` (given as ${earlier.given} and ${String(given)})`;
      report('TOPOLOGY_INVALID', `duplicate shard ${parsed.name}${spelled}`, [parsed.name]);
      continue;
    }
    const ref: ShardRef = Object.freeze({ name: parsed.name, keyRange: parsed.keyRange });
    byName.set(parsed.name, { given: String(given), ref });
  }
  const shards = [...byName.values()].map((entry) => entry.ref);
  shards.sort((a, b) => keyRangeCompare(a.keyRange, b.keyRange) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { shards, invalid };
}

/** Several shards: every one must be a non-empty key range, and together they must tile the space. */
function checkRanges(shards: readonly ShardRef[], report: Report): void {
  const custom = shards.filter((s) => s.keyRange === null);
  for (const shard of custom) {
    report(
      'TOPOLOGY_INVALID',
      `shard ${shard.name} is not range based; with ${shards.length} shards every name must be a key range such as -80 or 80-`,
      [shard.name],
    );
  }
  if (custom.length > 0) return;
  const empty = shards.filter((s) => isEmptyRange(s.keyRange!));
  for (const shard of empty) {
    // Vitess accepts `80-8000` (it checks the raw bytes) although both ends normalise to `80`.
    report('TOPOLOGY_INVALID', `shard ${shard.name} holds no keyspace ids: its start and end are equal`, [shard.name]);
  }
  if (empty.length === 0) checkCoverage(shards, report);
}

function isEmptyRange(range: KeyRange): boolean {
  return !isEmptyKeyspaceId(range.end) && compareKeyspaceIds(range.start, range.end) >= 0;
}

function parseOne(given: unknown): { name: string; keyRange: KeyRange | null } | string {
  if (typeof given !== 'string') return 'shard names must be strings';
  try {
    return parseShardName(given);
  } catch (err) {
    if (err instanceof KeyRangeError) return err.message;
    throw err;
  }
}

/**
 * Walks the shards in key-range order, tracking the shard that reaches furthest so far; every
 * shard must start exactly where that one ends. Comparing with the furthest (not just the
 * previous) shard also finds an overlap between shards that are not neighbours in the list.
 */
function checkCoverage(shards: readonly ShardRef[], report: Report): void {
  const first = shards[0]!;
  const firstStart = first.keyRange!.start;
  if (!isEmptyKeyspaceId(firstStart)) {
    report('TOPOLOGY_GAP', `gap before ${first.name}: keyspace ids ${span(null, firstStart)} belong to no shard`, [first.name]);
  }
  let furthest = first;
  for (const shard of shards.slice(1)) {
    const reach = furthest.keyRange!;
    const range = shard.keyRange!;
    const pair = [furthest.name, shard.name];
    if (isEmptyKeyspaceId(reach.end) || startVersusEnd(range.start, reach.end) < 0) {
      const end = keyRangeEndCompare(range, reach) < 0 ? range.end : reach.end;
      report(
        'TOPOLOGY_OVERLAP',
        `overlap between ${furthest.name} and ${shard.name}: keyspace ids ${span(range.start, end)} belong to both shards`,
        pair,
      );
    } else if (startVersusEnd(range.start, reach.end) > 0) {
      report(
        'TOPOLOGY_GAP',
        `gap between ${furthest.name} and ${shard.name}: keyspace ids ${span(reach.end, range.start)} belong to no shard`,
        pair,
      );
    }
    if (keyRangeEndCompare(range, reach) > 0) furthest = shard;
  }
  const lastEnd = furthest.keyRange!.end;
  if (!isEmptyKeyspaceId(lastEnd)) {
    report('TOPOLOGY_GAP', `gap after ${furthest.name}: keyspace ids ${span(lastEnd, null)} belong to no shard`, [furthest.name]);
  }
}

/** Where a shard starts relative to a non-empty end; an empty start is the minimum. */
function startVersusEnd(start: Uint8Array, end: Uint8Array): number {
  return isEmptyKeyspaceId(start) ? -1 : compareKeyspaceIds(start, end);
}

/** Human form of [start, end): `40..80`, `below 40`, `from c0 up`. */
function span(start: Uint8Array | null, end: Uint8Array | null): string {
  const open = (key: Uint8Array | null): boolean => key === null || isEmptyKeyspaceId(key);
  if (open(start) && open(end)) return 'of the whole range';
  if (open(start)) return `below ${bytesToHex(end!)}`;
  if (open(end)) return `from ${bytesToHex(start!)} up`;
  return `${bytesToHex(start!)}..${bytesToHex(end!)}`;
}
