/**
 * The replay runner's pure parts: how a corpus directory is read (a keyspace without a schema
 * file of its own, as in vt tester directories) and how results compare (JSON values).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonical, expectedRows, sameRows } from '../../src/conformance/e2e/compare.js';
import { loadCorpus } from '../../src/conformance/e2e/corpus.js';

describe('corpus directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a keyspace that names no schema file like the others; the single database loads each file once', () => {
    writeFileSync(join(dir, 'schema.sql'), 'create table a (id bigint primary key);\n-- a comment; with a semicolon\ncreate table b (id bigint);\n');
    writeFileSync(join(dir, 'one.vschema.json'), JSON.stringify({ sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { a: { column_vindexes: [{ column: 'id', name: 'hash' }] } } }));
    writeFileSync(join(dir, 'two.vschema.json'), JSON.stringify({ sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { b: { column_vindexes: [{ column: 'id', name: 'hash' }] } } }));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({
      keyspaces: [
        { name: 'one', sharded: true, schema: 'schema.sql', vschema: 'one.vschema.json' },
        { name: 'two', sharded: true, vschema: 'two.vschema.json' },
      ],
    }));
    writeFileSync(join(dir, 'cases.jsonl'), '{"sql": "select 1", "expect_rows": null, "expect_error": null, "ordered": false, "target": "both", "test": "t", "session": 1}\n');
    const corpus = loadCorpus(dir);
    const statements = ['create table a (id bigint primary key)', 'create table b (id bigint)'];
    expect(corpus.schema.get('one')).toEqual(statements);
    expect(corpus.schema.get('two')).toEqual(statements);
    expect(corpus.singleSchema).toEqual(statements);
    expect(Object.keys(corpus.vschema.keyspaces ?? {})).toEqual(['one', 'two']);
  });
});

describe('comparing results', () => {
  it('compares JSON columns as JSON: MySQL\'s printed document equals mysql2\'s parsed MariaDB value', () => {
    const want = expectedRows([[1, '{"b": 2, "a": [1, {"c": null}]}']], [['INT64', 'JSON']]);
    const got = [[canonical(1), canonical({ a: [1, { c: null }], b: 2 })]];
    expect(sameRows(got, want, true)).toBe(true);
    expect(sameRows([[canonical(1), canonical({ a: [1], b: 2 })]], want, true)).toBe(false);
    // Not typed JSON: text compares byte for byte.
    expect(expectedRows([['{"a": 1}']])).toEqual([['{"a": 1}']]);
  });
});
