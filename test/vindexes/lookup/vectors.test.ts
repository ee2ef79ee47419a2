/**
 * Replays every vector of the `lookup` and `consistent_lookup` groups (fixtures/vitess, taken
 * from Vitess's Go tests) against a recording LookupPort that answers with the vector's mock
 * rows, responses or errors. Checked exactly: SQL text, bind variables (types and values),
 * commit order (or the vcursor method), rollbackOnError where recorded, results and errors.
 * A vector whose shape this file does not know fails; none is skipped.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/keyrange/keyspace-id.js';
import { VindexRegistry } from '../../../src/vindexes/registry.js';
import type { Destination, LookupImpl, LookupPort, LookupQuery } from '../../../src/vindexes/types.js';
import {
  cell,
  mysqlError,
  RecordingPort,
  rowsResult,
  sqlValueOf,
  vectorBindVar,
  vectorDestination,
  vitessMethod,
  type Response,
  type VectorBindVar,
  type VectorValue,
} from './fake-port.js';

interface ExpectedQuery {
  readonly sql: string;
  readonly bind_vars: Readonly<Record<string, VectorBindVar>>;
  readonly commit_order?: string;
  readonly method?: string;
  readonly rollback_on_error?: boolean;
}

interface Vector {
  readonly vindex: string;
  readonly op: string;
  readonly params: Readonly<Record<string, string>>;
  readonly ids?: readonly VectorValue[];
  readonly rows?: readonly (readonly VectorValue[])[];
  readonly old?: readonly VectorValue[];
  readonly new?: readonly VectorValue[];
  readonly keyspace_ids_hex?: readonly string[];
  readonly keyspace_id_hex?: string;
  readonly ignore_mode?: boolean;
  readonly vcursor?: null;
  readonly mock_rows?: readonly (readonly (string | null)[])[];
  readonly results?: readonly (readonly (readonly (string | null)[])[])[];
  readonly execute_error?: string;
  readonly responses?: readonly string[];
  readonly owner?: { readonly keyspace: string; readonly table: string; readonly columns: readonly string[] };
  readonly queries?: readonly ExpectedQuery[];
  readonly log?: readonly ExpectedQuery[];
  readonly result?: unknown;
  readonly error?: string;
  readonly ok?: boolean;
  readonly unknown_params?: readonly string[];
}

const file = JSON.parse(readFileSync(new URL('../../../fixtures/vitess/vindex_vectors.json', import.meta.url), 'utf8')) as {
  readonly _meta: { readonly counts: Readonly<Record<string, number>> };
  readonly lookup: readonly Vector[];
  readonly consistent_lookup: readonly Vector[];
};

const registry = new VindexRegistry();

/**
 * consistent_lookup vectors the Go test records no query log for (only the expected error):
 * #2 TestConsistentLookupUniqueMap's multiple-results case. Its error is checked exactly.
 */
const NO_LOG = new Set([2]);

function label(v: Vector, i: number): string {
  const detail = v.error ? `-> error ${JSON.stringify(v.error)}` : v.op === 'create' && !v.rows ? JSON.stringify(v.params) : '';
  return `#${i} ${v.vindex} ${v.op} ${detail}`.trim();
}

/** A vindex construction vector (op "create" without rows: Vitess CreateVindex). */
function checkConstruction(v: Vector): void {
  if (v.error !== undefined) {
    expect(() => registry.create(v.vindex, v.vindex, v.params)).toThrow(v.error);
    return;
  }
  expect(v.ok).toBe(true);
  const vindex = registry.create(v.vindex, v.vindex, v.params);
  expect(vindex.impl?.kind).toBe('lookup');
  expect(vindex.unknownParams).toEqual(v.unknown_params ?? []);
}

function actualQuery(q: LookupQuery, expected: ExpectedQuery): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sql: q.sql,
    bind_vars: Object.fromEntries(Object.entries(q.bindVars).map(([k, b]) => [k, vectorBindVar(b)])),
  };
  if (expected.commit_order !== undefined) out.commit_order = q.commitOrder;
  if (expected.method !== undefined) out.method = vitessMethod(q);
  if (expected.rollback_on_error !== undefined) out.rollback_on_error = q.rollbackOnError;
  return out;
}

function checkQueries(actual: readonly LookupQuery[], expected: readonly ExpectedQuery[]): void {
  expect(actual.map((q, i) => actualQuery(q, expected[i] ?? expected[0] ?? { sql: '', bind_vars: {} }))).toEqual(expected);
}

/** The consistent-lookup responses, written in words in the vector file. */
function parseResponse(text: string): Response {
  if (/^ERROR 1062\b/.test(text) || text === 'error 1062') return { error: mysqlError(1062, 'Duplicate entry') };
  const quoted = /^error "(.*)"$/.exec(text);
  if (quoted) return { error: new Error(quoted[1]) };
  if (text === 'ok') return { rows: [], rowsAffected: 1 };
  const rows = /^(\d+) rows?(?:: existing toc = "(.*)")?(?: \(.*\))?$/.exec(text);
  if (rows) {
    const n = Number(rows[1]);
    return { rows: Array.from({ length: n }, (_, i) => [cell(rows[2] ?? String(i + 1))]), rowsAffected: 0 };
  }
  throw new Error(`vector response not understood: ${text}`);
}

function values(list: readonly VectorValue[] | undefined): ReturnType<typeof sqlValueOf>[] {
  if (list === undefined) throw new Error('vector lacks values for its op');
  return list.map(sqlValueOf);
}

function keyspaceIds(v: Vector): Uint8Array[] {
  if (v.keyspace_ids_hex === undefined) throw new Error('vector lacks keyspace_ids_hex');
  return v.keyspace_ids_hex.map(hexToBytes);
}

function keyspaceId(v: Vector): Uint8Array {
  if (v.keyspace_id_hex === undefined) throw new Error('vector lacks keyspace_id_hex');
  return hexToBytes(v.keyspace_id_hex);
}

async function runOp(impl: LookupImpl, port: LookupPort, v: Vector): Promise<unknown> {
  switch (v.op) {
    case 'map':
      return (await impl.map(port, values(v.ids))).map(vectorDestination);
    case 'verify':
      return impl.verify(port, values(v.ids), keyspaceIds(v));
    case 'create':
      return impl.create(port, (v.rows ?? []).map((r) => values(r)), keyspaceIds(v), { ignoreMode: v.ignore_mode ?? false });
    case 'delete':
      return impl.delete(port, (v.rows ?? []).map((r) => values(r)), keyspaceId(v));
    case 'update':
      return impl.update(port, values(v.old), keyspaceId(v), values(v.new));
    case 'map_result': {
      if (!impl.mapResult) throw new Error(`${v.vindex} has no mapResult`);
      const results = (v.results ?? []).map((rows) => rows.map((row) => row.map(cell)));
      return impl.mapResult(values(v.ids), results).map((d: Destination) => vectorDestination(d));
    }
    case 'set_owner_info': {
      if (!impl.setOwnerInfo || !v.owner) throw new Error('set_owner_info needs an owner and setOwnerInfo');
      impl.setOwnerInfo(v.owner.keyspace, v.owner.table, v.owner.columns);
      return undefined;
    }
    default:
      throw new Error(`vector op not understood: ${v.op}`);
  }
}

function checkOutcome(v: Vector, outcome: unknown, error: unknown): void {
  if (v.error !== undefined) {
    expect(error, 'an error was expected').toBeInstanceOf(Error);
    expect((error as Error).message).toContain(v.error);
    return;
  }
  if (error !== undefined) throw error;
  if (v.result === undefined) return;
  if (typeof v.result === 'string') {
    // "ok", or "ok (why)": the operation succeeded (create/update/delete return nothing).
    expect(v.result.startsWith('ok')).toBe(true);
    expect(outcome).toBeUndefined();
    return;
  }
  expect(outcome).toEqual(v.result);
}

async function replayLookup(v: Vector): Promise<void> {
  if (v.op === 'create' && v.rows === undefined) return checkConstruction(v);
  const impl = registry.create(v.vindex, v.vindex, v.params).impl as LookupImpl;
  const fallback: Response = v.execute_error !== undefined ? { error: new Error(v.execute_error) } : rowsResult(v.mock_rows ?? []);
  const port = new RecordingPort({ fallback });
  let outcome: unknown;
  let error: unknown;
  try {
    outcome = await runOp(impl, v.vcursor === null ? (null as unknown as LookupPort) : port, v);
  } catch (err) {
    error = err;
  }
  checkOutcome(v, outcome, error);
  if (v.queries !== undefined) checkQueries(port.queries, v.queries);
  if (v.vcursor === null || v.execute_error !== undefined) {
    // Nothing to compare but the error; the failing query must still have been the Map SELECT.
    expect(port.queries.every((q) => q.sql.startsWith('select '))).toBe(true);
  }
  expect(port.queries.some((q) => q.keyspaceId !== undefined)).toBe(false);
}

async function replayConsistent(v: Vector): Promise<void> {
  const impl = registry.create(v.vindex, v.vindex, v.params).impl as LookupImpl;
  if (v.owner && v.op !== 'set_owner_info') impl.setOwnerInfo!(v.owner.keyspace, v.owner.table, v.owner.columns);
  const port = new RecordingPort({ responses: (v.responses ?? []).map(parseResponse), fallback: rowsResult(v.mock_rows ?? []) });
  let outcome: unknown;
  let error: unknown;
  try {
    outcome = await runOp(impl, port, v);
  } catch (err) {
    error = err;
  }
  checkOutcome(v, outcome, error);
  if (v.op === 'set_owner_info') {
    expect(port.queries).toEqual([]);
    return;
  }
  if (v.log === undefined) {
    // Listed, not skipped: the Go test asserts only the error, so there is no log to compare.
    // The one query it must have made is still checked against the spec's Map SELECT (§6.2, PRE).
    expect(NO_LOG.has(file.consistent_lookup.indexOf(v)), 'consistent_lookup vector without a log').toBe(true);
    expect(port.queries.map((q) => [vitessMethod(q), q.sql])).toEqual([['ExecutePre', 'select fromc1, toc from t where fromc1 in ::fromc1']]);
    return;
  }
  checkQueries(port.queries, v.log);
  // Every scripted response was consumed: the vindex made exactly the calls the Go test scripted.
  expect(port.remaining).toBe(0);
  for (const q of port.queries) {
    if (q.keyspaceId === undefined) continue;
    expect(q.keyspace).toBe(v.owner?.keyspace);
    expect(q.commitOrder).toBe('normal');
  }
}

describe('lookup vectors (Vitess lookup*_test.go)', () => {
  it('has every vector the file counts', () => {
    expect(file.lookup).toHaveLength(file._meta.counts.lookup!);
  });
  for (const [i, v] of file.lookup.entries()) {
    it(label(v, i), async () => {
      await replayLookup(v);
    });
  }
});

describe('consistent_lookup vectors (Vitess consistent_lookup_test.go)', () => {
  it('has every vector the file counts', () => {
    expect(file.consistent_lookup).toHaveLength(file._meta.counts.consistent_lookup!);
  });
  for (const [i, v] of file.consistent_lookup.entries()) {
    it(label(v, i), async () => {
      await replayConsistent(v);
    });
  }
});
