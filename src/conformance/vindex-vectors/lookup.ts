/**
 * The `lookup` group: Vitess's lookup*_test.go cases for lookup, lookup_unique, lookup_hash*,
 * lookup_unicodeloosemd5_hash* (and the construction of consistent lookups), replayed against a
 * RecordingPort that answers with the vector's `mock_rows` or `execute_error`.
 *
 * `queries` is compared exactly when recorded; the Go tests record none for some cases (e.g.
 * a create that must fail), and then the error or result is what is checked. A vector with no
 * error, result or queries has nothing to compare, and is reported unchecked.
 */
import { RecordingPort, rowsResult, type Response } from './lookup-port.js';
import { OP_INPUTS, attempt, checkConstruction, createLookup, expectOutcome, expectStatements, textRows } from './lookup-ops.js';
import { VectorMismatch, VectorUncheckable, brief, show, str, type Vector, type VectorCheck, type VectorFamily } from './report.js';

const CONSTRUCTION: VectorCheck = {
  fields: ['vindex', 'op', 'params', 'error', 'ok', 'unknown_params'],
  run: checkConstruction,
};

/** A create vector without rows builds the vindex (Vitess CreateVindex) instead of inserting. */
export const isConstruction = (v: Vector): boolean => v['op'] === 'create' && !('rows' in v);

export function lookupDescription(v: Vector): string {
  const detail = 'error' in v ? `-> error ${show(v['error'])}` : isConstruction(v) ? show(v['params']) : '';
  return brief(`${String(v['vindex'])} ${String(v['op'])} ${detail}`.trim());
}

/** The input fields of the vector's op, or unchecked for an op this checker does not know. */
export function opInputs(v: Vector): readonly string[] {
  const op = v['op'];
  const inputs = typeof op === 'string' && Object.hasOwn(OP_INPUTS, op) ? OP_INPUTS[op] : undefined;
  if (inputs === undefined) throw new VectorUncheckable(`unknown op ${show(op)}`);
  return inputs;
}

async function replay(v: Vector): Promise<void> {
  if (!('error' in v) && !('result' in v) && !('queries' in v)) {
    throw new VectorUncheckable('no expectation: the vector records no error, result or queries');
  }
  const impl = createLookup(v);
  const fallback: Response = 'execute_error' in v ? { error: new Error(str(v, 'execute_error')) } : rowsResult(textRows(v['mock_rows'] ?? [], 'mock_rows'));
  const port = new RecordingPort({ fallback });
  // `"vcursor": null` is Go's nil vcursor: the vindex must fail cleanly without one.
  if ('vcursor' in v && v['vcursor'] !== null) throw new VectorUncheckable(`vcursor ${show(v['vcursor'])} is not understood (only null is)`);
  const { outcome, error } = await attempt(impl, 'vcursor' in v ? null : port, v);
  expectOutcome(v, outcome, error);
  if ('queries' in v) expectStatements('queries', port.queries, v['queries']);
  if ('vcursor' in v || 'execute_error' in v) {
    // Nothing to compare but the error; the failing query must still have been the Map SELECT.
    const other = port.queries.find((q) => !q.sql.startsWith('select '));
    if (other !== undefined) throw new VectorMismatch(`expected only the lookup SELECT before the error, got ${show(other.sql)}`);
  }
  // Plain lookups never run a statement on the owner's shard (consistent lookups do).
  if (port.queries.some((q) => q.keyspaceId !== undefined)) throw new VectorMismatch('a lookup statement was sent to a keyspace id');
}

export const lookupVectors: VectorFamily = {
  handles: (group) => group === 'lookup',
  describe: (_group, v) => lookupDescription(v),
  select(_group, v) {
    if (isConstruction(v)) return CONSTRUCTION;
    const fields = ['vindex', 'op', 'params', ...opInputs(v), 'mock_rows', 'execute_error', 'vcursor', 'queries', 'result', 'error'];
    return { fields, run: replay };
  },
};
