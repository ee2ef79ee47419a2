/** Registry-made vindex impls for the functional tests, plus short value constructors. */
import { bytesToHex } from '../../../src/keyrange/keyspace-id.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import type { Destination, MultiColumnImpl, SingleColumnImpl, VindexParams } from '../../../src/vindexes/types.js';
import { NULL_VALUE, textValue, type SqlValue } from '../../../src/vindexes/value.js';
import { printable } from '../../../src/conformance/vindex-vectors/values.js';

export const registry = new VindexRegistry();

export function singleImpl(type: string, params: VindexParams = {}, name = type): SingleColumnImpl {
  const impl = registry.create(type, name, params).impl;
  if (impl?.kind !== 'single') throw new Error(`${type} has no single-column impl`);
  return impl;
}

export function multiImpl(type: string, params: VindexParams = {}, name = type): MultiColumnImpl {
  const impl = registry.create(type, name, params).impl;
  if (impl?.kind !== 'multi') throw new Error(`${type} has no multi-column impl`);
  return impl;
}

export const int64 = (text: string): SqlValue => textValue('INT64', text);
export const uint64 = (text: string): SqlValue => textValue('UINT64', text);
export const varchar = (text: string): SqlValue => textValue('VARCHAR', text);
export const varbinary = (text: string): SqlValue => textValue('VARBINARY', text);
export const NULL = NULL_VALUE;

/** map() of one value, printed: `{kind:'keyspaceId', keyspaceId:'<hex>'}`, `{kind:'none'}`, ... */
export function mapOne(impl: SingleColumnImpl, value: SqlValue): unknown {
  return printable(impl.map([value])[0]!);
}

export function mapRow(impl: MultiColumnImpl, row: readonly SqlValue[]): unknown {
  return printable(impl.mapRows([row])[0]!);
}

export const ksid = (hex: string): unknown => ({ kind: 'keyspaceId', keyspaceId: hex });
export const range = (start: string, end: string): unknown => ({ kind: 'keyRange', start, end });
export const NONE = { kind: 'none' };
export const ALL = { kind: 'allShards' };

export function hexOf(d: Destination | undefined): string {
  if (d?.kind !== 'keyspaceId') throw new Error(`not a keyspace id: ${JSON.stringify(d)}`);
  return bytesToHex(d.keyspaceId);
}
