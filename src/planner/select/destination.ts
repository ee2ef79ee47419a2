/**
 * A session or table target printed as vexplain prints Vitess's key.Destination in
 * TargetDestination: `Shard(-80)`, `ExactKeyRange(-)`, `KeyspaceID(80)`, `AnyShard()`, `AllShards()`.
 */
import { keyRangeString } from '../../keyrange/key-range.js';
import { bytesToHex } from '../../keyrange/keyspace-id.js';
import type { TargetDestination } from '../../vschema/target.js';

export function destinationString(d: TargetDestination): string {
  switch (d.kind) {
    case 'shard':
      return `Shard(${d.shard})`;
    case 'exactKeyRange':
      return `ExactKeyRange(${keyRangeString(d.keyRange)})`;
    case 'keyspaceId':
      return `KeyspaceID(${bytesToHex(d.keyspaceId)})`;
  }
}
