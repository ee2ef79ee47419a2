import { describe, expect, it } from 'vitest';
import type { DriverResult } from '../../src/executor/driver.js';
import { SequenceError, toShardError } from '../../src/executor/errors.js';
import { SequenceAllocator } from '../../src/executor/sequence.js';
import type { TransactionPort, TransactionQueryable } from '../../src/executor/transaction.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2));

/**
 * The sequence table of one unsharded shard. A transaction holds the table lock from start to
 * end (what `select ... for update` does to the single row), and is undone when it fails.
 */
class FakeSequenceTable {
  row: { next_id: unknown; cache: unknown } | undefined;
  missing = false;
  rowsAsArray = false;
  failNextCommit = false;
  transactions = 0;
  readonly statements: string[] = [];
  #lock: Promise<void> = Promise.resolve();

  constructor(nextId: bigint | number | string | null, cache: bigint | number | string | null) {
    this.row = { next_id: nextId, cache };
  }

  get nextId(): bigint {
    return BigInt(this.row!.next_id as bigint);
  }

  readonly port: TransactionPort = {
    transaction: async <T>(work: (tx: TransactionQueryable) => Promise<T>): Promise<T> => {
      const previous = this.#lock;
      let unlock!: () => void;
      this.#lock = new Promise((resolve) => { unlock = resolve; });
      await previous;
      const snapshot = this.row && { ...this.row };
      this.transactions++;
      try {
        const result = await work({ query: (sql) => this.#query(sql) });
        await tick();
        if (this.failNextCommit) {
          this.failNextCommit = false;
          throw toShardError(Object.assign(new Error('Lost connection'), { code: 'PROTOCOL_CONNECTION_LOST' }), { keyspace: 'lookup', shard: '0', tabletType: 'primary' });
        }
        return result;
      } catch (err) {
        this.row = snapshot; // rollback
        throw err;
      } finally {
        unlock();
      }
    },
  };

  async #query(sql: string): Promise<DriverResult> {
    this.statements.push(sql);
    await tick();
    if (this.missing) {
      throw Object.assign(new Error("Table 'vt_lookup.user_seq' doesn't exist"), {
        code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02', sqlMessage: "Table 'vt_lookup.user_seq' doesn't exist",
      });
    }
    if (sql.startsWith('select')) {
      const row = this.row;
      if (!row) return [[], []];
      const text = (v: unknown) => (v === null ? null : String(v)); // cast(... as char)
      return [[this.rowsAsArray ? [text(row.next_id), text(row.cache)] : { next_id: text(row.next_id), cache: text(row.cache) }], []];
    }
    const set = /^update `user_seq` set next_id = (\d+) where id = 0$/.exec(sql);
    if (!set || !this.row) throw new Error(`unexpected statement ${sql}`);
    this.row.next_id = BigInt(set[1]!);
    return [{ affectedRows: 1 }, undefined];
  }
}

const allocator = (table: FakeSequenceTable) => new SequenceAllocator({ keyspace: 'lookup', table: 'user_seq', port: table.port });
const ids = async (seq: SequenceAllocator, n: number) => {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(await seq.next());
  return out;
};

describe('SequenceAllocator', () => {
  it('reserves blocks of `cache` ids, as the seed guide example (next_id 1, cache 3)', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    expect(await seq.next()).toBe(1n);
    expect(table.nextId).toBe(4n);
    expect(table.statements).toEqual([
      'select cast(next_id as char) as next_id, cast(cache as char) as cache from `user_seq` where id = 0 for update',
      'update `user_seq` set next_id = 4 where id = 0',
    ]);
    expect(await ids(seq, 2)).toEqual([2n, 3n]);
    expect(table.transactions).toBe(1); // served from the cache
    expect(await seq.next()).toBe(4n);
    expect(table.nextId).toBe(7n);
    expect(seq.name).toBe('lookup.user_seq');
  });

  it('next(N) is contiguous and keeps the remainder when the table still continues it', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    expect(await seq.next()).toBe(1n); // cached 2..3, table 4
    expect(await seq.next(10)).toBe(2n); // 2..11: remainder 2..3 + 3 blocks (4..12)
    expect(table.nextId).toBe(13n);
    expect(await ids(seq, 2)).toEqual([12n, 13n]);
    expect(table.nextId).toBe(16n);
  });

  it('reserves ceil(N / cache) blocks for a request larger than the cache', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    expect(await seq.next(10)).toBe(1n);
    expect(table.nextId).toBe(13n);
    expect(await seq.next(2)).toBe(11n);
    expect(table.transactions).toBe(1);
  });

  it('drops its remainder when another process reserved in between (a gap, as in Vitess)', async () => {
    const table = new FakeSequenceTable(1, 3);
    const a = allocator(table);
    const b = allocator(table);
    expect(await a.next()).toBe(1n); // a caches 2..3
    expect(await b.next()).toBe(4n); // b caches 5..6, table 7
    expect(await a.next(3)).toBe(7n); // 2..3 cannot be continued: 7..9
    expect(table.nextId).toBe(10n);
    expect(await b.next(2)).toBe(5n); // b's own remainder still fits
  });

  it('does not go backwards when the table was reset below what it handed out', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    expect(await seq.next(3)).toBe(1n); // 1..3, table 4
    table.row!.next_id = 1;
    expect(await seq.next()).toBe(4n);
    expect(table.nextId).toBe(7n);
  });

  it('serves 50 concurrent callers in one process without duplicates or gaps', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    const got = await Promise.all(Array.from({ length: 50 }, () => seq.next()));
    expect([...got].sort((x, y) => Number(x - y))).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)));
    expect(table.transactions).toBe(17); // ceil(50 / 3)
    expect(table.nextId).toBe(52n);
  });

  it('serves concurrent callers of two processes and mixed counts without overlaps', async () => {
    const table = new FakeSequenceTable(100, 4);
    const a = allocator(table);
    const b = allocator(table);
    const requests = Array.from({ length: 60 }, (_, i) => ({ seq: i % 2 ? a : b, count: 1 + (i % 7) }));
    const runs = await Promise.all(requests.map(async (r) => ({ first: await r.seq.next(r.count), count: r.count })));
    const all = runs.flatMap(({ first, count }) => Array.from({ length: count }, (_, i) => first + BigInt(i)));
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id) => id >= 100n && id < table.nextId)).toBe(true);
  });

  it('accepts rows as arrays, numbers and values beyond 2^53', async () => {
    const table = new FakeSequenceTable('1152921504606846976', 1000);
    table.rowsAsArray = true;
    const seq = allocator(table);
    expect(await seq.next(2n)).toBe(1152921504606846976n);
    expect(table.nextId).toBe(1152921504606847976n);
  });

  it('commits before it caches: a failed commit hands out nothing', async () => {
    const table = new FakeSequenceTable(1, 3);
    const seq = allocator(table);
    table.failNextCommit = true;
    const err = await seq.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SequenceError);
    expect(err).toMatchObject({ code: 'SEQUENCE_FAILED', sequence: 'lookup.user_seq' });
    expect((err as Error).message).toMatch(/^sequence lookup\.user_seq: reserving ids failed: target: lookup\.0\.primary: /);
    expect(table.nextId).toBe(1n); // rolled back
    expect(await seq.next()).toBe(1n);
  });

  it('names the sequence table when it is missing, its row is missing or its values are unusable', async () => {
    const missing = new FakeSequenceTable(1, 3);
    missing.missing = true;
    const err = await allocator(missing).next().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SEQUENCE_TABLE_MISSING', message: 'sequence table lookup.user_seq does not exist on its shard', details: { sequence: 'lookup.user_seq' } });
    expect((err as Error).cause).toMatchObject({ errno: 1146 });

    const noRow = new FakeSequenceTable(1, 3);
    noRow.row = undefined;
    await expect(allocator(noRow).next()).rejects.toMatchObject({
      code: 'SEQUENCE_ROW_MISSING', message: 'sequence lookup.user_seq: expected one row with id = 0, found 0 (insert (0, 1, <cache>) into it)',
    });
    await expect(allocator(new FakeSequenceTable(1, 0)).next()).rejects.toMatchObject({
      code: 'SEQUENCE_INVALID', message: 'invalid cache value for sequence lookup.user_seq: 0',
    });
    await expect(allocator(new FakeSequenceTable(null, 3)).next()).rejects.toMatchObject({
      code: 'SEQUENCE_INVALID', message: 'sequence lookup.user_seq: next_id is NULL',
    });
    await expect(allocator(new FakeSequenceTable('9223372036854775806', 5)).next()).rejects.toMatchObject({ code: 'SEQUENCE_INVALID' });
  });

  it('rejects counts that are not positive integers, as Vitess rejects the increment', async () => {
    const seq = allocator(new FakeSequenceTable(1, 3));
    for (const count of [0, -1, 1.5, Number.NaN, 0n]) {
      await expect(seq.next(count)).rejects.toMatchObject({ code: 'SEQUENCE_INVALID_COUNT' });
    }
    await expect(seq.next(0)).rejects.toThrow('invalid increment for sequence lookup.user_seq: 0 (expected a positive integer)');
  });

  it('keeps serving after a failed reservation', async () => {
    const table = new FakeSequenceTable(1, 3);
    table.missing = true;
    const seq = allocator(table);
    const results = await Promise.allSettled([seq.next(), seq.next()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    table.missing = false;
    expect(await seq.next()).toBe(1n);
  });
});
