/**
 * The `key_ranges` group: vectors from Vitess's go/vt/key and go/vt/topo tests, one `fn` each,
 * checked against src/keyrange (keyspace ids, key ranges, shard names, shard resolution).
 */
import { KeyRangeError, TopologyError } from '../../errors.js';
import { resolveExactKeyRange, resolveKeyRange, resolveKeyspaceId, resolveKeyspaceIds, type ShardRef } from '../../keyrange/destination.js';
import {
  keyRangeAdd,
  keyRangeCompare,
  keyRangeContains,
  keyRangeContainsKeyRange,
  keyRangeContiguous,
  keyRangeEndCompare,
  keyRangeEndEqual,
  keyRangeEqual,
  keyRangeIntersect,
  keyRangeStartCompare,
  keyRangeStartEqual,
  keyRangeString,
  makeKeyRange,
  parseKeyRange,
  type KeyRange,
} from '../../keyrange/key-range.js';
import { bytesToHex, compareKeyspaceIds, hexToBytes, normalizeKeyspaceId, uint64Key } from '../../keyrange/keyspace-id.js';
import { evenShardsKeyRange, generateShardRanges, isValidKeyRange, parseShardName, parseShardingSpec } from '../../keyrange/shard-name.js';
import {
  VectorUncheckable,
  bool,
  brief,
  expectEqual,
  expectThrows,
  num,
  show,
  str,
  strList,
  type Vector,
  type VectorCheck,
  type VectorFamily,
} from './report.js';
import { hexKeyRange } from './values.js';

/** Pairwise-function operands: null or "" is a nil KeyRange; "-" is a complete, non-nil one. */
function range(v: Vector, key: string): KeyRange | null {
  const value = v[key];
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw new VectorUncheckable(`field "${key}" is not a key range string: ${show(value)}`);
  return parseKeyRange(value);
}

function hexRange(value: unknown, what: string): { start: string; end: string } {
  const kr = hexKeyRange(value, what);
  return { start: kr.start_hex, end: kr.end_hex };
}

function rangeHex(kr: KeyRange): { start: string; end: string } {
  return { start: bytesToHex(kr.start), end: bytesToHex(kr.end) };
}

const EMPTY = new Uint8Array(0);

/** The shard lists of go/vt/key/destination_test.go, including its three hand-built ones. */
function shardList(v: Vector): ShardRef[] {
  const spec = str(v, 'shard_spec');
  switch (spec) {
    case '(no shards)':
      return [];
    case '(unsharded: one shard "0" with empty range)':
      return [{ name: '0', keyRange: makeKeyRange(EMPTY, EMPTY) }];
    case '(custom: shards "0" and "1" both with empty range)':
      return [
        { name: '0', keyRange: makeKeyRange(EMPTY, EMPTY) },
        { name: '1', keyRange: makeKeyRange(EMPTY, EMPTY) },
      ];
    default:
      if (spec.startsWith('(')) throw new VectorUncheckable(`unknown hand-built shard_spec ${show(spec)}`);
      return parseShardingSpec(spec).map((keyRange) => ({ name: keyRangeString(keyRange), keyRange }));
  }
}

/**
 * Vectors with an `error` expect that error (`true`: any error of the class, the Go test
 * checks no text); the others expect `compare()` to hold.
 */
function errorOr(v: Vector, errorClass: typeof KeyRangeError | typeof TopologyError, what: string, run: () => unknown, compare: (out: unknown) => void): void {
  if (!('error' in v)) return compare(run());
  expectThrows(what, run, v['error'] === true ? '' : str(v, 'error'), errorClass);
}

const pairwise = (fn: (a: KeyRange | null, b: KeyRange | null) => boolean, symmetric: boolean): VectorCheck => ({
  fields: ['fn', 'a', 'b', 'result'],
  run(v) {
    expectEqual('result', fn(range(v, 'a'), range(v, 'b')), v['result']);
    if (symmetric) expectEqual('result with a and b swapped', fn(range(v, 'b'), range(v, 'a')), v['result']);
  },
});

const CHECKS: Readonly<Record<string, VectorCheck>> = {
  normalize: {
    fields: ['fn', 'input_hex', 'output_hex'],
    run: (v) => expectEqual('normalized', bytesToHex(normalizeKeyspaceId(hexToBytes(str(v, 'input_hex')))), str(v, 'output_hex')),
  },
  compare: {
    fields: ['fn', 'a_hex', 'b_hex', 'result'],
    run(v) {
      const [a, b] = [hexToBytes(str(v, 'a_hex')), hexToBytes(str(v, 'b_hex'))];
      expectEqual('compare(a, b)', compareKeyspaceIds(a, b), num(v, 'result'));
      expectEqual('compare(b, a)', compareKeyspaceIds(b, a), -num(v, 'result') || 0);
    },
  },
  uint64_key_bytes: {
    fields: ['fn', 'input', 'output_hex'],
    run: (v) => expectEqual('bytes', bytesToHex(uint64Key(BigInt(str(v, 'input')))), str(v, 'output_hex')),
  },
  even_shards_key_range: {
    fields: ['fn', 'i', 'n', 'spec', 'error'],
    run: (v) =>
      errorOr(v, KeyRangeError, 'key range', () => evenShardsKeyRange(num(v, 'i'), num(v, 'n')), (kr) =>
        expectEqual('key range', keyRangeString(kr as KeyRange), str(v, 'spec')),
      ),
  },
  key_range_add: {
    fields: ['fn', 'a', 'b', 'ok', 'result'],
    run(v) {
      const sum = keyRangeAdd(range(v, 'a'), range(v, 'b'));
      expectEqual('ok', sum !== null, bool(v, 'ok'));
      expectEqual('sum', sum === null ? null : keyRangeString(sum), v['result']);
      if (sum !== null) expectEqual('sum bytes', rangeHex(sum), rangeHex(parseKeyRange(str(v, 'result'))));
    },
  },
  key_range_start_equal: pairwise(keyRangeStartEqual, false),
  key_range_end_equal: pairwise(keyRangeEndEqual, false),
  key_range_equal: pairwise(keyRangeEqual, true),
  key_range_contiguous: pairwise(keyRangeContiguous, false),
  key_range_intersect: pairwise(keyRangeIntersect, true),
  key_range_contains_key_range: pairwise(keyRangeContainsKeyRange, false),
  key_range_compare: {
    fields: ['fn', 'a', 'b', 'start_compare', 'end_compare', 'compare'],
    run(v) {
      const [a, b] = [range(v, 'a'), range(v, 'b')];
      expectEqual('[start, end, whole] compare', [keyRangeStartCompare(a, b), keyRangeEndCompare(a, b), keyRangeCompare(a, b)], [
        num(v, 'start_compare'),
        num(v, 'end_compare'),
        num(v, 'compare'),
      ]);
    },
  },
  key_range_contains: {
    fields: ['fn', 'start_hex', 'end_hex', 'keyspace_id_hex', 'result'],
    run(v) {
      const kr = makeKeyRange(hexToBytes(str(v, 'start_hex')), hexToBytes(str(v, 'end_hex')));
      expectEqual('contains', keyRangeContains(kr, hexToBytes(str(v, 'keyspace_id_hex'))), bool(v, 'result'));
    },
  },
  parse_sharding_spec: {
    fields: ['fn', 'spec', 'ranges', 'error'],
    run: (v) =>
      errorOr(v, KeyRangeError, 'ranges', () => parseShardingSpec(str(v, 'spec')), (ranges) => {
        const expected = v['ranges'];
        if (!Array.isArray(expected)) throw new VectorUncheckable('missing list field "ranges"');
        expectEqual('ranges', (ranges as KeyRange[]).map(rangeHex), expected.map((r, i) => hexRange(r, `ranges[${i}]`)));
      }),
  },
  is_valid_key_range: {
    fields: ['fn', 'input', 'result'],
    run: (v) => expectEqual('valid', isValidKeyRange(str(v, 'input')), bool(v, 'result')),
  },
  generate_shard_ranges: {
    fields: ['fn', 'shards', 'result', 'result_index', 'result_at_index', 'error'],
    run: (v) =>
      errorOr(v, KeyRangeError, 'shard ranges', () => generateShardRanges(num(v, 'shards')), (out) => {
        const all = out as string[];
        if (!('result_index' in v)) return expectEqual('shard ranges', all, strList(v, 'result'));
        expectEqual('number of shard ranges', all.length, num(v, 'shards'));
        expectEqual(`shard range #${num(v, 'result_index')}`, all[num(v, 'result_index')], str(v, 'result_at_index'));
      }),
  },
  resolve_exact_key_range: {
    fields: ['fn', 'shard_spec', 'key_range', 'shards', 'error'],
    run: (v) =>
      errorOr(v, TopologyError, 'shards', () => resolveExactKeyRange(shardList(v), range(v, 'key_range')), (shards) =>
        expectEqual('shards', shards, strList(v, 'shards')),
      ),
  },
  resolve_key_range: {
    fields: ['fn', 'shard_spec', 'key_range', 'shards'],
    run: (v) => expectEqual('shards', resolveKeyRange(shardList(v), range(v, 'key_range')), strList(v, 'shards')),
  },
  resolve_keyspace_id: {
    fields: ['fn', 'shard_spec', 'keyspace_id_hex', 'shard', 'error'],
    run: (v) =>
      errorOr(v, TopologyError, 'shard', () => resolveKeyspaceId(shardList(v), hexToBytes(str(v, 'keyspace_id_hex'))), (shard) =>
        expectEqual('shard', shard, str(v, 'shard')),
      ),
  },
  resolve_keyspace_ids: {
    fields: ['fn', 'shard_spec', 'keyspace_ids_hex', 'shards'],
    run(v) {
      const ids = strList(v, 'keyspace_ids_hex').map(hexToBytes);
      expectEqual('shards', resolveKeyspaceIds(shardList(v), ids), strList(v, 'shards'));
    },
  },
  validate_shard_name: {
    fields: ['fn', 'input', 'valid', 'key_range'],
    run(v) {
      const input = str(v, 'input');
      if (!bool(v, 'valid')) return expectThrows('parse', () => parseShardName(input), '', KeyRangeError);
      const parsed = parseShardName(input);
      expectEqual('name', parsed.name, input.toLowerCase());
      expectEqual('key range', parsed.keyRange === null ? null : rangeHex(parsed.keyRange), hexRange(v['key_range'], 'key_range'));
    },
  },
};

export const keyRangeVectors: VectorFamily = {
  handles: (group) => group === 'key_ranges',
  describe(_group, v) {
    const { fn, source: _source, note: _note, ...rest } = v;
    return brief(`${String(fn)} ${show(rest)}`);
  },
  select(_group, v) {
    const fn = v['fn'];
    const check = typeof fn === 'string' && Object.hasOwn(CHECKS, fn) ? CHECKS[fn] : undefined;
    if (check === undefined) throw new VectorUncheckable(`unknown key_ranges fn ${show(fn)}`);
    return check;
  },
};
