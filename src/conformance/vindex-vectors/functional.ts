/**
 * The functional vindex groups (hash, xxhash, binary, ..., cfc, unicode_loose_*): the group name
 * is the vindex type, and each vector goes through `new VindexRegistry().create(type, name,
 * params).impl`, plus the cfc internals Vitess's cfc tests call directly (compute_ksid,
 * find_prefix, add_one, key_range_from_prefix, component_hash, prefix_cost).
 */
import { VSchemaRouterError } from '../../errors.js';
import { bytesToHex, hexToBytes } from '../../keyrange/keyspace-id.js';
import { cfcComponentHash, cfcPrefixProperties, computeCfcKsid, findLikePrefix } from '../../vindexes/functional/cfc.js';
import { addOne, keyRangeFromPrefix } from '../../vindexes/functional/shared.js';
import { parseCfcParams } from '../../vindexes/functional-params.js';
import { paramContext } from '../../vindexes/params.js';
import { VindexRegistry } from '../../vindexes/registry.js';
import type { MultiColumnImpl, SingleColumnImpl, Vindex } from '../../vindexes/types.js';
import { valueText } from '../../vindexes/value.js';
import { VectorMismatch, VectorUncheckable, bool, brief, expectEqual, expectThrows, num, show, str, type Vector, type VectorCheck, type VectorFamily } from './report.js';
import { expectDestination, isRowVector, rowValues, singleValue, sqlType, valueFrom, vectorParams } from './values.js';
import { destinationString } from '../../vindexes/destination-format.js';

/** The groups checked here: each is the vindex type its vectors create. */
const GROUPS: ReadonlySet<string> = new Set([
  'hash', 'xxhash', 'binary', 'binary_md5', 'numeric', 'numeric_static_map', 'reverse_bits', 'null',
  'region_experimental', 'multicol', 'cfc', 'unicode_loose_md5', 'unicode_loose_xxhash',
]);

const registry = new VindexRegistry();
const encoder = new TextEncoder();

const create = (group: string, v: Vector): Vindex => registry.create(group, group, vectorParams(v));

function single(group: string, v: Vector): SingleColumnImpl {
  const impl = create(group, v).impl;
  if (impl?.kind !== 'single') throw new VectorUncheckable(`${group} is not a single-column functional vindex`);
  return impl;
}

function multi(group: string, v: Vector): MultiColumnImpl {
  const impl = create(group, v).impl;
  if (impl?.kind !== 'multi') throw new VectorUncheckable(`${group} is not a multi-column functional vindex`);
  return impl;
}

/** The library's own errors only: a TypeError escaping a vindex is a failure even if the text matches. */
const expectVindexError = (what: string, run: () => unknown, v: Vector) => expectThrows(what, run, str(v, 'error'), VSchemaRouterError);

function method<K extends 'reverseMap' | 'rangeMap' | 'prefixMap'>(impl: SingleColumnImpl, name: K, group: string): NonNullable<SingleColumnImpl[K]> {
  const fn = impl[name];
  if (fn === undefined) throw new VectorMismatch(`${group} has no ${name}`);
  return fn as NonNullable<SingleColumnImpl[K]>;
}

type Check = (group: string, v: Vector) => void;
const MAP_FIELDS = ['params', 'input', 'input_hex', 'type', 'keyspace_id_hex', 'destination', 'key_range'];

const CHECKS: Readonly<Record<string, { readonly fields: readonly string[]; readonly run: Check }>> = {
  map: {
    fields: [...MAP_FIELDS, 'error'],
    run(group, v) {
      const run = isRowVector(v) ? () => multi(group, v).mapRows([rowValues(v)]) : () => single(group, v).map([singleValue(v)]);
      if ('error' in v) return expectVindexError('map', run, v);
      expectDestination(run()[0], v);
    },
  },
  verify: {
    fields: ['params', 'input', 'input_hex', 'type', 'keyspace_id_hex', 'verify', 'error'],
    run(group, v) {
      // Error vectors may carry no keyspace id: the value fails before any comparison.
      const ksid = 'error' in v && !('keyspace_id_hex' in v) ? new Uint8Array(8) : hexToBytes(str(v, 'keyspace_id_hex'));
      const run = isRowVector(v) ? () => multi(group, v).verifyRows([rowValues(v)], [ksid]) : () => single(group, v).verify([singleValue(v)], [ksid]);
      if ('error' in v) return expectVindexError('verify', run, v);
      expectEqual('verify', run(), [bool(v, 'verify')]);
    },
  },
  reverse_map: {
    fields: ['params', 'keyspace_id_hex', 'output', 'output_hex', 'output_type', 'error'],
    run(group, v) {
      const reverseMap = method(single(group, v), 'reverseMap', group);
      // A JSON null keyspace id is Go's nil slice.
      const ksid = (v['keyspace_id_hex'] === null ? null : hexToBytes(str(v, 'keyspace_id_hex'))) as Uint8Array;
      if ('error' in v) return expectVindexError('reverse map', () => reverseMap([ksid]), v);
      const [value] = reverseMap([ksid]);
      expectEqual('value type', value?.type, sqlType(v['output_type']));
      if ('output' in v) expectEqual('value', value === undefined ? undefined : valueText(value), str(v, 'output'));
      else expectEqual('value bytes', value === undefined ? undefined : bytesToHex(value.raw), str(v, 'output_hex'));
    },
  },
  range_map: {
    fields: ['params', 'start', 'end', 'type', 'keyspace_id_hex', 'destination', 'key_range', 'string'],
    run(group, v) {
      const rangeMap = method(single(group, v), 'rangeMap', group);
      const dest = rangeMap(valueFrom(v['start'] ?? null, v['type']), valueFrom(v['end'] ?? null, v['type']));
      expectDestination(dest, v);
      if ('string' in v) expectEqual('printed destination', destinationString(dest), str(v, 'string'));
    },
  },
  create: {
    fields: ['params', 'error', 'ok', 'cost', 'unknown_params'],
    run(group, v) {
      if ('error' in v) return expectVindexError('create', () => create(group, v), v);
      if (!bool(v, 'ok')) throw new VectorUncheckable('a create vector with neither an error nor ok: true');
      const vindex = create(group, v);
      if ('cost' in v) expectEqual('cost', vindex.cost, num(v, 'cost'));
      if ('unknown_params' in v) expectEqual('unknown params', vindex.unknownParams, v['unknown_params']);
      if (vindex.impl === null) throw new VectorMismatch(`${group} was created without an implementation`);
    },
  },
  prefix_map: {
    fields: MAP_FIELDS,
    run: (group, v) => expectDestination(method(single(group, v), 'prefixMap', group)([singleValue(v)])[0], v),
  },
  compute_ksid: {
    fields: ['params', 'input_hex', 'prefix_mode', 'keyspace_id_hex', 'error'],
    run(group, v) {
      create(group, v); // the params are valid for the vindex itself
      const config = parseCfcParams(paramContext(group, group, vectorParams(v)));
      const run = () => computeCfcKsid(config, group, hexToBytes(str(v, 'input_hex')), v['prefix_mode'] === true);
      if ('error' in v) return expectVindexError('keyspace id', run, v);
      expectEqual('keyspace id', bytesToHex(run()), str(v, 'keyspace_id_hex'));
    },
  },
  find_prefix: {
    fields: ['input', 'input_hex', 'prefix_hex'],
    run(_group, v) {
      // `input` is the readable form of `input_hex`; keep the two honest.
      expectEqual('input_hex of input', bytesToHex(encoder.encode(str(v, 'input'))), str(v, 'input_hex'));
      expectEqual('prefix', bytesToHex(findLikePrefix(hexToBytes(str(v, 'input_hex')))), str(v, 'prefix_hex'));
    },
  },
  add_one: {
    fields: ['input_hex', 'output_hex'],
    run(_group, v) {
      const out = addOne(hexToBytes(str(v, 'input_hex')));
      expectEqual('add one', out === null ? null : bytesToHex(out), v['output_hex']);
    },
  },
  key_range_from_prefix: {
    fields: ['input_hex', 'destination', 'key_range', 'keyspace_id_hex'],
    run: (_group, v) => expectDestination(keyRangeFromPrefix(hexToBytes(str(v, 'input_hex'))), v),
  },
  component_hash: {
    fields: ['input', 'md5_hex', 'md5_len', 'xxhash64_hex', 'xxhash64_len'],
    run(_group, v) {
      const input = encoder.encode(str(v, 'input'));
      const md5 = cfcComponentHash('md5', input);
      const xx = cfcComponentHash('xxhash64', input);
      expectEqual('md5 length', md5.length, num(v, 'md5_len'));
      expectEqual('xxhash64 length', xx.length, num(v, 'xxhash64_len'));
      expectEqual('md5', bytesToHex(md5), str(v, 'md5_hex'));
      expectEqual('xxhash64', bytesToHex(xx), str(v, 'xxhash64_hex'));
    },
  },
  prefix_cost: {
    fields: ['params', 'cost', 'unique'],
    run(group, v) {
      const vindex = create(group, v);
      expectEqual('prefixable', vindex.prefixable, true);
      expectEqual('prefix cost and uniqueness', cfcPrefixProperties(group, vindex.params), { cost: num(v, 'cost'), unique: bool(v, 'unique') });
    },
  },
};

export const functionalVectors: VectorFamily = {
  handles: (group) => GROUPS.has(group),
  describe(_group, v) {
    const subject = v['input'] ?? v['input_hex'] ?? v['keyspace_id_hex'] ?? v['params'] ?? '';
    return brief(`${typeof v['op'] === 'string' ? v['op'] : 'map'} ${show(subject)}`);
  },
  select(group, v) {
    const op = v['op'] ?? 'map';
    const check = typeof op === 'string' && Object.hasOwn(CHECKS, op) ? CHECKS[op] : undefined;
    if (check === undefined) throw new VectorUncheckable(`unknown op ${show(op)} for ${group}`);
    return { fields: ['op', ...check.fields], run: (tracked) => check.run(group, tracked) } satisfies VectorCheck;
  },
};
