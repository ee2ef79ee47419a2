/** Small value helpers shared by the lookup types. */
import { bytesValue, textValue, type SqlValue } from '../value.js';

/** A keyspace id bound as VARBINARY (Vitess ksidsToValues / MakeTrusted(VarBinary, ksid)). */
export function keyspaceIdValue(keyspaceId: Uint8Array): SqlValue {
  return bytesValue(keyspaceId, 'VARBINARY');
}

/** sqltypes.NewUint64. */
export function uint64Value(n: bigint): SqlValue {
  return textValue('UINT64', n.toString());
}

/** A string key holding exactly the bytes (Go uses string(bytes) as a map key). */
export function bytesKey(bytes: Uint8Array): string {
  let key = '';
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i]!);
  return key;
}
