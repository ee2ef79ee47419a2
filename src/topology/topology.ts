/**
 * The shard layout of every keyspace. Validation collects the problems of all keyspaces and
 * throws once, so a bad configuration is fixed in one round rather than one error at a time.
 */

import { KeyRangeError, TopologyError } from '../errors.js';
import { generateShardRanges } from '../keyrange/shard-name.js';
import { checkShards, type TopologyProblem } from './check-shards.js';
import { createShardMap, type ShardMap } from './shard-map.js';

/** Keyspace → shard names, or a count N meaning N even shards named as Vitess names them. */
export type TopologySpec = Readonly<Record<string, readonly string[] | number>>;

export interface Topology {
  /** Keyspace names, sorted. */
  readonly keyspaces: readonly string[];
  has(keyspace: string): boolean;
  /** @throws TopologyError `UNKNOWN_KEYSPACE` naming the known keyspaces. */
  shardMap(keyspace: string): ShardMap;
}

/** Names of `n` even shards (`2` → `-80`, `80-`); Vitess GenerateShardRanges. */
export function evenShardNames(n: number): string[] {
  return generateShardRanges(n);
}

/**
 * Validates every keyspace and freezes the result.
 * @throws TopologyError `TOPOLOGY_INVALID` with `details.problems`: one
 *   `{ keyspace, code, message, shards }` per problem found, across all keyspaces.
 */
export function createTopology(spec: TopologySpec): Topology {
  const problems: TopologyProblem[] = [];
  const layouts = new Map<string, readonly string[]>();
  const isObject = spec !== null && typeof spec === 'object' && !Array.isArray(spec);
  if (!isObject) problems.push(problem('', 'a topology must be an object of keyspace → shards'));
  const entries = isObject ? Object.entries(spec) : [];

  for (const [keyspace, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (keyspace === '') {
      problems.push(problem(keyspace, 'keyspace names must not be empty'));
      continue;
    }
    const names = shardNamesFor(keyspace, value, problems);
    if (names === undefined) continue;
    const checked = checkShards(keyspace, names);
    if (checked.problems.length > 0) problems.push(...checked.problems);
    else layouts.set(keyspace, names);
  }

  if (problems.length > 0) {
    const message =
      problems.length === 1
        ? `invalid topology: ${problems[0]!.message}`
        : `invalid topology: ${problems.length} problems\n${problems.map((p) => `  ${p.message}`).join('\n')}`;
    throw new TopologyError('TOPOLOGY_INVALID', message, {
      details: { keyspaces: [...new Set(problems.map((p) => p.keyspace))], problems },
    });
  }

  const maps = new Map<string, ShardMap>();
  for (const [keyspace, names] of layouts) maps.set(keyspace, createShardMap(keyspace, names));
  const keyspaces = Object.freeze([...maps.keys()]);

  return Object.freeze({
    keyspaces,
    has: (keyspace: string) => maps.has(keyspace),
    shardMap(keyspace: string): ShardMap {
      const found = maps.get(keyspace);
      if (found) return found;
      throw new TopologyError(
        'UNKNOWN_KEYSPACE',
        `unknown keyspace ${JSON.stringify(keyspace)}; known keyspaces: ${keyspaces.join(', ')}`,
        { details: { keyspace, keyspaces } },
      );
    },
  });
}

function shardNamesFor(
  keyspace: string,
  value: readonly string[] | number,
  problems: TopologyProblem[],
): readonly string[] | undefined {
  if (typeof value !== 'number') {
    if (Array.isArray(value)) return value;
    problems.push(problem(keyspace, 'expected a list of shard names or a shard count'));
    return undefined;
  }
  try {
    return generateShardRanges(value);
  } catch (err) {
    if (!(err instanceof KeyRangeError)) throw err;
    problems.push(problem(keyspace, `invalid shard count ${value}: ${err.message}`));
    return undefined;
  }
}

function problem(keyspace: string, message: string): TopologyProblem {
  const where = keyspace === '' ? '' : `keyspace ${keyspace}: `;
  return Object.freeze({ keyspace, code: 'TOPOLOGY_INVALID', message: `${where}${message}`, shards: [] });
}
