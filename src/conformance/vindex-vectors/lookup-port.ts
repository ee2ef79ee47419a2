/**
 * A recording LookupPort for replaying lookup vectors (and for the lookup vindex tests): it
 * answers each statement from a script, records every statement, and converts between library
 * values and the vector file's JSON shapes ({type, value} texts, destinations, vcursor methods).
 */
import { bytesToHex } from '../../keyrange/keyspace-id.js';
import type { BindVariable, CommitOrder, Destination, LookupPort, LookupQuery, LookupResult } from '../../vindexes/types.js';
import { NULL_VALUE, textValue, type SqlValue } from '../../vindexes/value.js';

export interface VectorValue {
  readonly type: string;
  readonly value: string | null;
}
export type VectorBindVar = VectorValue | { readonly type: 'tuple'; readonly values: readonly VectorValue[] };

const decoder = new TextDecoder();

/** A bind variable in the vector's notation (types lower-case, values as text). */
export function vectorBindVar(b: BindVariable): VectorBindVar {
  if (b.type === 'TUPLE') return { type: 'tuple', values: (b as { values: readonly SqlValue[] }).values.map(vectorValue) };
  return vectorValue(b as SqlValue);
}

export function vectorValue(v: SqlValue): VectorValue {
  if (v.type === 'NULL_TYPE') return { type: 'null', value: null };
  return { type: v.type.toLowerCase(), value: decoder.decode(v.raw) };
}

/** A mock result cell: null is SQL NULL, anything else VARBINARY text. */
export function cell(text: string | null): SqlValue {
  return text === null ? NULL_VALUE : textValue('VARBINARY', text);
}

export type Response = LookupResult | { readonly error: unknown };

/**
 * Answers each execute with the next queued response, or with `fallback` when the queue is
 * empty; records every query.
 */
export class RecordingPort implements LookupPort {
  readonly queries: LookupQuery[] = [];
  readonly #queue: Response[];
  #fallback: Response;
  inDmlTransaction: boolean;
  statement: LookupPort['statement'];
  nullSafeEqual?: (a: SqlValue, b: SqlValue) => boolean;

  constructor(
    options: {
      responses?: readonly Response[];
      fallback?: Response;
      inDmlTransaction?: boolean;
      statement?: LookupPort['statement'];
    } = {},
  ) {
    this.#queue = [...(options.responses ?? [])];
    this.#fallback = options.fallback ?? { rows: [], rowsAffected: 0 };
    this.inDmlTransaction = options.inDmlTransaction ?? false;
    this.statement = options.statement ?? 'select';
  }

  async execute(query: LookupQuery): Promise<LookupResult> {
    this.queries.push(query);
    const next = this.#queue.shift() ?? this.#fallback;
    if ('error' in next) throw next.error;
    return next;
  }

  /** Scripted responses not consumed yet. */
  get remaining(): number {
    return this.#queue.length;
  }
}

export function rowsResult(rows: readonly (readonly (string | null)[])[]): LookupResult {
  return { rows: rows.map((r) => r.map(cell)), rowsAffected: 0 };
}

/** A mysql2-style error (what the pool rejects with). */
export function mysqlError(errno: number, message: string, code = 'ER_DUP_ENTRY'): Error {
  return Object.assign(new Error(message), { errno, code, sqlState: '23000' });
}

/** A destination in the vector's notation. */
export function vectorDestination(d: Destination): Record<string, unknown> {
  switch (d.kind) {
    case 'keyspaceId':
      return { destination: 'keyspace_id', keyspace_id_hex: bytesToHex(d.keyspaceId) };
    case 'keyspaceIds':
      return { destination: 'keyspace_ids', keyspace_ids_hex: d.keyspaceIds.map(bytesToHex) };
    case 'keyRange':
      return { destination: 'key_range', key_range: { start_hex: bytesToHex(d.keyRange.start), end_hex: bytesToHex(d.keyRange.end) } };
    case 'allShards':
      return { destination: 'all_shards' };
    case 'none':
      return { destination: 'none' };
  }
}

/** The Vitess vcursor method a query would have gone through (consistent lookup logs). */
export function vitessMethod(q: LookupQuery): string {
  if (q.keyspaceId !== undefined) return 'ExecuteKeyspaceID';
  const byOrder: Record<CommitOrder, string> = { pre: 'ExecutePre', post: 'ExecutePost', normal: 'Execute', autocommit: 'ExecuteAutocommit' };
  return byOrder[q.commitOrder];
}
