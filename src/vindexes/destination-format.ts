/** Destinations printed as Vitess prints key.Destination (`DestinationKeyRange(01-10)`), for messages, explain and the CLI. */
import { keyRangeString } from '../keyrange/key-range.js';
import { bytesToHex } from '../keyrange/keyspace-id.js';
import type { Destination } from './types.js';

export function destinationString(d: Destination): string {
  switch (d.kind) {
    case 'keyspaceId':
      return `DestinationKeyspaceID(${bytesToHex(d.keyspaceId)})`;
    case 'keyspaceIds':
      return `DestinationKeyspaceIDs(${d.keyspaceIds.map(bytesToHex).join(',')})`;
    case 'keyRange':
      return `DestinationKeyRange(${keyRangeString(d.keyRange)})`;
    case 'allShards':
      return 'DestinationAllShards()';
    case 'none':
      return 'DestinationNone()';
  }
}
