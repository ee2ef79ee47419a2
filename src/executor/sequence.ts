/**
 * Vitess sequences: ids handed out from blocks reserved in a sequence table
 * `seq(id, next_id, cache)` whose only row has id = 0, in an unsharded keyspace. This follows
 * vttablet's execNextval (tabletserver/query_executor.go):
 *   - the process caches a run [next, last); a request of `count` ids that fits is served from
 *     it with no query;
 *   - otherwise, in one transaction on the sequence's shard: `select next_id, cache ... for
 *     update`, then `update ... set next_id = <new last>`. If the table's next_id still equals
 *     our `last` (nobody reserved since), the new block extends the cached run, so a request
 *     may span the old remainder and new blocks; else the remainder is dropped (a gap, as in
 *     Vitess) and the run restarts at next_id (or at our `last` if the table went backwards).
 *     The new last is next_id + cache, plus more whole caches until `count` ids fit: a request
 *     larger than the cache reserves ceil(missing / cache) blocks and is still contiguous;
 *   - `next(count)` returns the first id of a contiguous run of `count` ids
 *     (`select next N values from seq`).
 * Reservations are serialized per allocator (vttablet holds a mutex per sequence table);
 * between processes, `for update` serializes them. Explicit ids inserted by users are not seen:
 * like Vitess, the sequence is never bumped past them, so a later generated id can collide
 * with an explicit one (a duplicate-key error from MySQL).
 * Unlike vttablet, the cache is updated only after the commit succeeded, so a failed commit
 * never hands out ids the table does not account for. Values are bigint: next_id is a BIGINT
 * and is read as text (`cast(... as char)`), exact whatever the pool's number options.
 */

import { SequenceError, mysqlErrorInfo } from './errors.js';
import type { TransactionPort, TransactionQueryable } from './transaction.js';

export interface SequenceAllocatorOptions {
  /** Keyspace of the sequence table, for messages. */
  readonly keyspace: string;
  /** The table's name in the shard's database. */
  readonly table: string;
  /** Transactions on the (primary of the) shard that holds the table. */
  readonly port: TransactionPort;
}

const INT64_MAX = (1n << 63n) - 1n;
const ER_NO_SUCH_TABLE = 1146;
const ER_BAD_FIELD_ERROR = 1054;

export class SequenceAllocator {
  /** `keyspace.table`, as errors name it. */
  readonly name: string;
  readonly #port: TransactionPort;
  readonly #quoted: string;
  #loaded = false;
  #next = 0n;
  #last = 0n;
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;

  constructor(options: SequenceAllocatorOptions) {
    this.name = `${options.keyspace}.${options.table}`;
    this.#port = options.port;
    this.#quoted = '`' + options.table.replace(/`/g, '``') + '`';
  }

  /**
   * Reserves `count` consecutive ids and returns the first.
   * @throws SequenceError (`SEQUENCE_INVALID_COUNT`, `SEQUENCE_TABLE_MISSING`,
   *   `SEQUENCE_ROW_MISSING`, `SEQUENCE_INVALID`, `SEQUENCE_FAILED`).
   */
  next(count: number | bigint = 1): Promise<bigint> {
    let n: bigint;
    try {
      n = this.#checkCount(count);
    } catch (err) {
      return Promise.reject(err);
    }
    // Fast path: nobody is reserving and the cache has room, so no queue hop.
    if (this.#queued === 0 && this.#fits(n)) return Promise.resolve(this.#take(n));
    return this.#serialized(async () => (this.#fits(n) ? this.#take(n) : this.#reserve(n)));
  }

  #fits(n: bigint): boolean {
    return this.#loaded && this.#next + n <= this.#last;
  }

  #take(n: bigint): bigint {
    const first = this.#next;
    this.#next += n;
    return first;
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    this.#queued++;
    const result = this.#tail.then(work);
    this.#tail = result.then(() => undefined, () => undefined);
    return result.finally(() => { this.#queued--; });
  }

  async #reserve(n: bigint): Promise<bigint> {
    let run: { next: bigint; last: bigint };
    try {
      run = await this.#port.transaction((tx) => this.#reserveIn(tx, n));
    } catch (err) {
      throw this.#wrap(err);
    }
    this.#loaded = true;
    this.#next = run.next;
    this.#last = run.last;
    return this.#take(n);
  }

  async #reserveIn(tx: TransactionQueryable, n: bigint): Promise<{ next: bigint; last: bigint }> {
    const [rows] = await tx.query(
      `select cast(next_id as char) as next_id, cast(cache as char) as cache from ${this.#quoted} where id = 0 for update`,
    );
    const list = Array.isArray(rows) ? (rows as unknown[]) : [];
    if (list.length !== 1) {
      throw new SequenceError('SEQUENCE_ROW_MISSING', this.name,
        `sequence ${this.name}: expected one row with id = 0, found ${list.length} (insert (0, 1, <cache>) into it)`,
        { details: { rows: list.length } });
    }
    const row = list[0];
    let nextId = this.#integer(field(row, 'next_id', 0), 'next_id');
    const cache = this.#integer(field(row, 'cache', 1), 'cache');
    if (cache < 1n) {
      throw new SequenceError('SEQUENCE_INVALID', this.name, `invalid cache value for sequence ${this.name}: ${cache}`);
    }
    let next = this.#next;
    if (!this.#loaded || this.#last !== nextId) {
      // Another process reserved since our last block (or this is our first): our remainder is
      // not contiguous with what the table gives now. A table that went backwards is not trusted.
      if (this.#loaded && nextId < this.#last) nextId = this.#last;
      next = nextId;
    }
    let last = nextId + cache;
    while (last < next + n) last += cache;
    if (last > INT64_MAX) {
      throw new SequenceError('SEQUENCE_INVALID', this.name, `sequence ${this.name} is exhausted: next_id would pass the BIGINT maximum`);
    }
    await tx.query(`update ${this.#quoted} set next_id = ${last} where id = 0`);
    return { next, last };
  }

  #checkCount(count: number | bigint): bigint {
    const ok = typeof count === 'bigint' ? count >= 1n : Number.isSafeInteger(count) && count >= 1;
    if (!ok) {
      throw new SequenceError('SEQUENCE_INVALID_COUNT', this.name,
        `invalid increment for sequence ${this.name}: ${String(count)} (expected a positive integer)`);
    }
    return BigInt(count);
  }

  #integer(value: unknown, column: string): bigint {
    const text = typeof value === 'string' ? value
      : typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)) ? String(value)
      : value instanceof Uint8Array ? new TextDecoder().decode(value)
      : undefined;
    if (text !== undefined && /^-?[0-9]+$/.test(text.trim())) return BigInt(text.trim());
    throw new SequenceError('SEQUENCE_INVALID', this.name,
      `sequence ${this.name}: ${column} is ${value === null ? 'NULL' : 'not an integer'}`, { details: { column } });
  }

  #wrap(err: unknown): SequenceError {
    if (err instanceof SequenceError) return err;
    const errno = errnoIn(err);
    if (errno === ER_NO_SUCH_TABLE) {
      return new SequenceError('SEQUENCE_TABLE_MISSING', this.name,
        `sequence table ${this.name} does not exist on its shard`, { cause: err });
    }
    if (errno === ER_BAD_FIELD_ERROR) {
      return new SequenceError('SEQUENCE_INVALID', this.name,
        `${this.name} is not a sequence table: it needs columns id, next_id and cache`, { cause: err });
    }
    const why = err instanceof Error ? `: ${err.message}` : '';
    return new SequenceError('SEQUENCE_FAILED', this.name, `sequence ${this.name}: reserving ids failed${why}`, { cause: err });
  }
}

/** A column of a mysql2 row, by name or (rowsAsArray pools) by position. */
function field(row: unknown, name: string, index: number): unknown {
  if (Array.isArray(row)) return row[index];
  if (row !== null && typeof row === 'object') return (row as Record<string, unknown>)[name];
  return undefined;
}

/** MySQL's error number on the error or anywhere in its cause chain (ShardError keeps mysql2's as cause). */
function errnoIn(err: unknown): number | undefined {
  let current = err;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const errno = mysqlErrorInfo(current)?.errno;
    if (errno !== undefined) return errno;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
