/**
 * What the `lookup` and `consistent_lookup` groups share: running a vector's op on a lookup
 * vindex against a recording port, and comparing the outcome and the recorded statements with
 * the vector (SQL text, bind variables with their types, commit order or vcursor method,
 * rollbackOnError where recorded).
 */
import { hexToBytes } from '../../keyrange/keyspace-id.js';
import { VindexRegistry } from '../../vindexes/registry.js';
import type { Destination, LookupImpl, LookupPort, LookupQuery } from '../../vindexes/types.js';
import type { SqlValue } from '../../vindexes/value.js';
import { cell, vectorBindVar, vectorDestination, vitessMethod } from './lookup-port.js';
import {
  VectorMismatch,
  VectorUncheckable,
  expectEqual,
  expectErrorLike,
  isPlainObject,
  oneLine,
  onlyKeys,
  show,
  str,
  strList,
  type Vector,
} from './report.js';
import { valueFrom, vectorParams } from './values.js';

const registry = new VindexRegistry();

/** The fields each op reads as its input (besides `vindex`, `op`, `params`). */
export const OP_INPUTS: Readonly<Record<string, readonly string[]>> = {
  map: ['ids'],
  verify: ['ids', 'keyspace_ids_hex'],
  create: ['rows', 'keyspace_ids_hex', 'ignore_mode'],
  delete: ['rows', 'keyspace_id_hex'],
  update: ['old', 'new', 'keyspace_id_hex'],
  map_result: ['ids', 'results'],
  set_owner_info: ['owner'],
};

export function createLookup(v: Vector): LookupImpl {
  const impl = registry.create(str(v, 'vindex'), str(v, 'vindex'), vectorParams(v)).impl;
  if (impl?.kind !== 'lookup') throw new VectorUncheckable(`${show(v['vindex'])} is not a lookup vindex`);
  return impl;
}

/** Vindex construction (`create` without rows: Vitess CreateVindex). */
export function checkConstruction(v: Vector): void {
  const make = () => registry.create(str(v, 'vindex'), str(v, 'vindex'), vectorParams(v));
  if ('error' in v) {
    let made: unknown;
    try {
      made = make();
    } catch (err) {
      return expectErrorLike('create', err, str(v, 'error'));
    }
    throw new VectorMismatch(`create: expected error containing ${show(v['error'])}, got a vindex (${show((made as { type: string }).type)})`);
  }
  if (v['ok'] !== true) throw new VectorUncheckable('a construction vector with neither an error nor ok: true');
  const vindex = make();
  expectEqual('impl kind', vindex.impl?.kind, 'lookup');
  expectEqual('unknown params', vindex.unknownParams, 'unknown_params' in v ? strList(v, 'unknown_params') : []);
}

function value(x: unknown): SqlValue {
  if (!isPlainObject(x)) throw new VectorUncheckable(`not a {type, value}: ${show(x)}`);
  onlyKeys(x, ['type', 'value'], `value ${show(x)}`);
  return valueFrom(x['value'], x['type']);
}

function values(v: Vector, key: string): SqlValue[] {
  const list = v[key];
  if (!Array.isArray(list)) throw new VectorUncheckable(`missing list field "${key}"`);
  return list.map(value);
}

function rows(v: Vector): SqlValue[][] {
  const list = v['rows'];
  if (!Array.isArray(list) || !list.every(Array.isArray)) throw new VectorUncheckable('missing list of rows "rows"');
  return (list as unknown[][]).map((row) => row.map(value));
}

/** Rows of text cells (`mock_rows`, and each entry of `results`). */
export function textRows(list: unknown, what: string): (string | null)[][] {
  const ok = Array.isArray(list) && list.every((r) => Array.isArray(r) && r.every((c) => c === null || typeof c === 'string'));
  if (!ok) throw new VectorUncheckable(`${what} is not a list of rows of text cells: ${show(list)}`);
  return list as (string | null)[][];
}

/** Runs the vector's op; `port` null is Go's nil vcursor. */
export async function runOp(impl: LookupImpl, port: LookupPort | null, v: Vector): Promise<unknown> {
  const p = port as LookupPort;
  switch (v['op']) {
    case 'map':
      return (await impl.map(p, values(v, 'ids'))).map(vectorDestination);
    case 'verify':
      return impl.verify(p, values(v, 'ids'), strList(v, 'keyspace_ids_hex').map(hexToBytes));
    case 'create':
      return impl.create(p, rows(v), strList(v, 'keyspace_ids_hex').map(hexToBytes), { ignoreMode: v['ignore_mode'] === true });
    case 'delete':
      return impl.delete(p, rows(v), hexToBytes(str(v, 'keyspace_id_hex')));
    case 'update':
      return impl.update(p, values(v, 'old'), hexToBytes(str(v, 'keyspace_id_hex')), values(v, 'new'));
    case 'map_result': {
      if (impl.mapResult === undefined) throw new VectorMismatch(`${show(v['vindex'])} has no mapResult`);
      const results = v['results'];
      if (!Array.isArray(results)) throw new VectorUncheckable('missing list field "results"');
      const cells = results.map((r, i) => textRows(r, `results[${i}]`).map((row) => row.map(cell)));
      return impl.mapResult(values(v, 'ids'), cells).map((d: Destination) => vectorDestination(d));
    }
    case 'set_owner_info': {
      const owner = ownerOf(v);
      if (impl.setOwnerInfo === undefined) throw new VectorMismatch(`${show(v['vindex'])} has no setOwnerInfo`);
      impl.setOwnerInfo(owner.keyspace, owner.table, owner.columns);
      return undefined;
    }
    default:
      throw new VectorUncheckable(`unknown op ${show(v['op'])}`);
  }
}

export function ownerOf(v: Vector): { keyspace: string; table: string; columns: string[] } {
  const owner = v['owner'];
  if (!isPlainObject(owner)) throw new VectorUncheckable('missing object field "owner"');
  onlyKeys(owner, ['keyspace', 'table', 'columns'], 'owner');
  return { keyspace: str(owner, 'keyspace'), table: str(owner, 'table'), columns: strList(owner, 'columns') };
}

/** The op's error or result against the vector's `error` / `result`. */
export function expectOutcome(v: Vector, outcome: unknown, error: unknown): void {
  if ('error' in v) {
    if (error === undefined) throw new VectorMismatch(`expected error containing ${show(v['error'])}, got no error (result ${show(outcome)})`);
    return expectErrorLike('error', error, str(v, 'error'));
  }
  if (error !== undefined) {
    throw new VectorMismatch(`expected no error, got ${oneLine(error instanceof Error ? `${error.name}: ${error.message}` : show(error))}`);
  }
  if (!('result' in v)) return;
  const result = v['result'];
  if (typeof result === 'string') {
    // "ok", or "ok (why)": the operation succeeded (create/update/delete return nothing).
    if (!/^ok(?: \(.*\))?$/.test(result)) throw new VectorUncheckable(`result text ${show(result)} is not understood`);
    expectEqual('result', outcome, undefined);
    return;
  }
  expectEqual('result', outcome, result);
}

const QUERY_FIELDS = new Set(['sql', 'bind_vars', 'commit_order', 'method', 'rollback_on_error']);

/** The recorded statements against the vector's `queries` (lookup) or `log` (consistent lookup). */
export function expectStatements(what: string, actual: readonly LookupQuery[], expected: unknown): void {
  if (!Array.isArray(expected)) throw new VectorUncheckable(`"${what}" is not a list`);
  for (const [i, e] of expected.entries()) {
    if (!isPlainObject(e)) throw new VectorUncheckable(`${what}[${i}] is not an object`);
    const unknown = Object.keys(e).filter((k) => !QUERY_FIELDS.has(k));
    if (unknown.length > 0) throw new VectorUncheckable(`${what}[${i}] has unknown field(s) ${unknown.join(', ')}`);
  }
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i] as Vector | undefined;
    if (a === undefined || e === undefined) {
      const extra = a === undefined ? `missing ${show(e?.['sql'])}` : `unexpected ${show(a.sql)}`;
      throw new VectorMismatch(`${what}: expected ${expected.length} statement(s), got ${actual.length}; #${i} ${extra}`);
    }
    expectEqual(`${what}[${i}] sql`, a.sql, str(e, 'sql'));
    const bindVars = Object.fromEntries(Object.entries(a.bindVars).map(([k, b]) => [k, vectorBindVar(b)]));
    expectEqual(`${what}[${i}] bind vars`, bindVars, e['bind_vars']);
    if ('commit_order' in e) expectEqual(`${what}[${i}] commit order`, a.commitOrder, e['commit_order']);
    if ('method' in e) expectEqual(`${what}[${i}] vcursor method`, vitessMethod(a), e['method']);
    if ('rollback_on_error' in e) expectEqual(`${what}[${i}] rollback on error`, a.rollbackOnError, e['rollback_on_error']);
  }
}

/** Runs the op and returns what it returned or threw. */
export async function attempt(impl: LookupImpl, port: LookupPort | null, v: Vector): Promise<{ outcome: unknown; error: unknown }> {
  try {
    return { outcome: await runOp(impl, port, v), error: undefined };
  } catch (err) {
    // The vector's own shape problems are verdicts, not the op's error.
    if (err instanceof VectorUncheckable || err instanceof VectorMismatch) throw err;
    return { outcome: undefined, error: err };
  }
}
