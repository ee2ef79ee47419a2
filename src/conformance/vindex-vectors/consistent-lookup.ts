/**
 * The `consistent_lookup` group: Vitess's consistent_lookup_test.go, replayed against a
 * RecordingPort scripted with the vector's `responses` (then `mock_rows`). The `log` is compared
 * exactly (SQL, bind variables, vcursor method, rollbackOnError), every scripted response must
 * be consumed, and statements locking the owner row must go to the owner's keyspace.
 *
 * A vector without a `log`: the Go test asserts only the outcome there (e.g. #2,
 * TestConsistentLookupUniqueMap's "multiple results" error), so only the error or result can be
 * compared, plus, for map and verify, that nothing but SELECTs was run. It counts as passed when
 * those hold; a vector with no log, error or result has nothing to compare and is unchecked.
 */
import { cell, mysqlError, RecordingPort, rowsResult, type Response } from './lookup-port.js';
import { attempt, checkConstruction, createLookup, expectOutcome, expectStatements, ownerOf, textRows } from './lookup-ops.js';
import { isConstruction, lookupDescription, opInputs } from './lookup.js';
import { VectorMismatch, VectorUncheckable, expectEqual, show, type Vector, type VectorFamily } from './report.js';

/** The scripted vcursor responses, written in words in the vector file. */
function parseResponse(text: unknown): Response {
  if (typeof text !== 'string') throw new VectorUncheckable(`response ${show(text)} is not text`);
  if (/^ERROR 1062\b/.test(text) || text === 'error 1062') return { error: mysqlError(1062, 'Duplicate entry') };
  const quoted = /^error "(.*)"$/.exec(text);
  if (quoted) return { error: new Error(quoted[1]) };
  if (text === 'ok') return { rows: [], rowsAffected: 1 };
  const rows = /^(\d+) rows?(?:: existing toc = "(.*)")?(?: \(.*\))?$/.exec(text);
  if (rows) {
    const n = Number(rows[1]);
    return { rows: Array.from({ length: n }, (_, i) => [cell(rows[2] ?? String(i + 1))]), rowsAffected: 0 };
  }
  throw new VectorUncheckable(`response ${show(text)} is not understood`);
}

async function replay(v: Vector): Promise<void> {
  const impl = createLookup(v);
  const op = v['op'];
  if ('owner' in v && op !== 'set_owner_info') {
    const owner = ownerOf(v);
    if (impl.setOwnerInfo === undefined) throw new VectorMismatch(`${show(v['vindex'])} has no setOwnerInfo`);
    impl.setOwnerInfo(owner.keyspace, owner.table, owner.columns);
  }
  const responses = v['responses'] ?? [];
  if (!Array.isArray(responses)) throw new VectorUncheckable('"responses" is not a list');
  // Scripted responses are the whole script unless mock_rows say what any further read returns.
  const fallback: Response =
    responses.length > 0 && !('mock_rows' in v)
      ? { error: new Error('the vector scripts no response for this statement') }
      : rowsResult(textRows(v['mock_rows'] ?? [], 'mock_rows'));
  const port = new RecordingPort({ responses: responses.map(parseResponse), fallback });
  const { outcome, error } = await attempt(impl, port, v);
  expectOutcome(v, outcome, error);
  if (op === 'set_owner_info') return expectEqual('statements run by set_owner_info', port.queries.length, 0);
  if (!('log' in v)) {
    if (!('error' in v) && !('result' in v)) throw new VectorUncheckable('no expectation: the vector records no log, error or result');
    const write = port.queries.find((q) => !q.sql.startsWith('select '));
    if ((op === 'map' || op === 'verify') && write !== undefined) throw new VectorMismatch(`${String(op)} ran ${show(write.sql)}`);
    return;
  }
  expectStatements('log', port.queries, v['log']);
  // Every scripted response was consumed: the vindex made exactly the calls the Go test scripted.
  expectEqual('scripted responses left unused', port.remaining, 0);
  const keyspace = 'owner' in v ? ownerOf(v).keyspace : undefined;
  for (const q of port.queries) {
    if (q.keyspaceId === undefined) continue;
    expectEqual(`keyspace of ${show(q.sql)}`, q.keyspace, keyspace);
    expectEqual(`commit order of ${show(q.sql)}`, q.commitOrder, 'normal');
  }
}

export const consistentLookupVectors: VectorFamily = {
  handles: (group) => group === 'consistent_lookup',
  describe: (_group, v) => lookupDescription(v),
  select(_group, v) {
    if (isConstruction(v)) return { fields: ['vindex', 'op', 'params', 'error', 'ok', 'unknown_params'], run: checkConstruction };
    return { fields: ['vindex', 'op', 'params', 'owner', ...opInputs(v), 'responses', 'mock_rows', 'log', 'result', 'error'], run: replay };
  },
};
