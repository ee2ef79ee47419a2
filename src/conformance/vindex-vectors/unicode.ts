/**
 * The unicode groups: collation keys (looseCollationKey, Vitess's unicode_test.go), the golden
 * multilingual paragraphs (unicode_hash_golden.json) through both unicode_loose vindexes, and
 * the hashed from-values of lookup_unicodeloosemd5_hash.
 */
import { bytesToHex, hexToBytes } from '../../keyrange/keyspace-id.js';
import { md5 } from '../../vindexes/crypto/md5.js';
import { xxhash64 } from '../../vindexes/crypto/xxhash64.js';
import { unicodeLooseMd5FromValue } from '../../vindexes/lookup/unicode-from-value.js';
import { VindexRegistry } from '../../vindexes/registry.js';
import type { SingleColumnImpl } from '../../vindexes/types.js';
import { looseCollationKey } from '../../vindexes/unicode/collation-key.js';
import { textValue, valueText } from '../../vindexes/value.js';
import { VectorUncheckable, brief, expectEqual, show, str, type Vector, type VectorCheck, type VectorFamily } from './report.js';
import { valueFrom } from './values.js';
import { destinationString } from '../../vindexes/destination-format.js';

const registry = new VindexRegistry();
const encoder = new TextEncoder();

function vindex(type: 'unicode_loose_md5' | 'unicode_loose_xxhash'): SingleColumnImpl {
  const impl = registry.create(type, type, {}).impl;
  if (impl?.kind !== 'single') throw new Error(`${type} has no single-column impl`);
  return impl;
}

/** `type` maps `input` (VARCHAR) to the keyspace id in `hexField`. */
function expectMapsTo(type: 'unicode_loose_md5' | 'unicode_loose_xxhash', input: string, v: Vector, hexField: string): void {
  const [dest] = vindex(type).map([textValue('VARCHAR', input)]);
  const got = dest?.kind === 'keyspaceId' ? bytesToHex(dest.keyspaceId) : dest && destinationString(dest);
  expectEqual(`${type} keyspace id`, got, str(v, hexField));
}

const CHECKS: Readonly<Record<string, VectorCheck>> = {
  unicode_collation_keys: {
    fields: ['input', 'collation_key_hex', 'md5_hex', 'xxhash_le_hex'],
    run(v) {
      const input = str(v, 'input');
      expectEqual('collation key', bytesToHex(looseCollationKey(encoder.encode(input))), str(v, 'collation_key_hex'));
      // The Go test asserts unicodeHash(input) == hash(key): both sides, from the literal key.
      const key = hexToBytes(str(v, 'collation_key_hex'));
      expectEqual('md5 of the key', bytesToHex(md5(key)), str(v, 'md5_hex'));
      expectEqual('xxhash64 (little-endian) of the key', bytesToHex(xxhash64(key)), str(v, 'xxhash_le_hex'));
      expectMapsTo('unicode_loose_md5', input, v, 'md5_hex');
      expectMapsTo('unicode_loose_xxhash', input, v, 'xxhash_le_hex');
    },
  },
  unicode_golden: {
    fields: ['input', 'unicode_loose_md5_hex', 'unicode_loose_xxhash_hex'],
    run(v) {
      expectMapsTo('unicode_loose_md5', str(v, 'input'), v, 'unicode_loose_md5_hex');
      expectMapsTo('unicode_loose_xxhash', str(v, 'input'), v, 'unicode_loose_xxhash_hex');
    },
  },
  lookup_unicodeloosemd5_hash_from_values: {
    fields: ['input', 'type', 'from_value_uint64'],
    run(v) {
      const stored = unicodeLooseMd5FromValue(valueFrom(v['input'], v['type']));
      expectEqual('from-value type', stored.type, 'UINT64');
      expectEqual('from-value', valueText(stored), str(v, 'from_value_uint64'));
    },
  },
};

export const unicodeVectors: VectorFamily = {
  handles: (group) => Object.hasOwn(CHECKS, group),
  describe: (_group, v) => brief(show(v['input']), 40),
  select(group) {
    const check = CHECKS[group];
    if (check === undefined) throw new VectorUncheckable(`unknown unicode group ${group}`);
    return check;
  },
};
