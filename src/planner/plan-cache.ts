/**
 * The plan cache: normalised SQL (src/sql/normalize.ts) + target + VSchema version → plan.
 *
 * - LRU over a Map (insertion order is recency order: a hit re-inserts the entry at the end, the
 *   first key is the least recently used), so get/set/delete are O(1) amortised.
 * - Bounded twice: by the number of entries and by an estimated byte size. The caller gives each
 *   plan's size to set(); without one the estimate is `2 * key.length + perPlanBytes` (UTF-16 key,
 *   plus a per-plan constant that the caller can tune). Setting evicts least-recently-used entries
 *   until both bounds hold; a single plan larger than maxBytes is not cached at all (`rejected`).
 * - Plans are shared between concurrent queries, so they must be immutable. The planner freezes
 *   them (deepFreeze in src/util/frozen.ts); with `freezePlans: true` set() deep-freezes each plan
 *   itself (a cost paid once per miss).
 * - Invalidation: the key carries the VSchema version, so a new VSchema simply misses (the old
 *   version's entries age out through the LRU); clear() drops everything at once.
 *
 * Build keys with planCacheKey(version, target, normalized.key). A NormalizedSql with
 * `unterminated: true` must not be cached.
 */

import { deepFreeze } from '../util/frozen.js';

export interface PlanCacheOptions {
  /** Most entries kept (default 10 000). */
  readonly maxEntries?: number;
  /** Most estimated bytes kept (default 32 MiB). */
  readonly maxBytes?: number;
  /** The per-plan constant of the default size estimate (default 2 KiB). */
  readonly perPlanBytes?: number;
  /** Deep-freeze every plan in set() (default false: the planner already returns frozen plans). */
  readonly freezePlans?: boolean;
}

export interface PlanCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries pushed out by the entry or byte bound (not those removed by delete/clear/replacement). */
  readonly evictions: number;
  /** Plans not cached because they alone exceed maxBytes. */
  readonly rejected: number;
  readonly entries: number;
  readonly bytes: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const DEFAULT_PLAN_CACHE_ENTRIES = 10_000;
export const DEFAULT_PLAN_CACHE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_PER_PLAN_BYTES = 2048;

/** `${vschemaVersion}\u0000${target}\u0000${normalizedKey}`: NUL cannot occur in a version or target. */
export function planCacheKey(vschemaVersion: string | number, target: string, normalizedKey: string): string {
  return `${vschemaVersion}\u0000${target}\u0000${normalizedKey}`;
}

interface Entry<P> {
  readonly plan: P;
  readonly bytes: number;
}

function nonNegativeInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`PlanCache: ${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

export class PlanCache<P> {
  readonly #map = new Map<string, Entry<P>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #perPlanBytes: number;
  readonly #freeze: boolean;
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #rejected = 0;
  /** The most recently used entry: a repeated hit on it needs no re-insertion. */
  #mru: Entry<P> | null = null;

  constructor(options: PlanCacheOptions = {}) {
    this.#maxEntries = nonNegativeInt(options.maxEntries, DEFAULT_PLAN_CACHE_ENTRIES, 'maxEntries');
    this.#maxBytes = nonNegativeInt(options.maxBytes, DEFAULT_PLAN_CACHE_BYTES, 'maxBytes');
    this.#perPlanBytes = nonNegativeInt(options.perPlanBytes, DEFAULT_PER_PLAN_BYTES, 'perPlanBytes');
    this.#freeze = options.freezePlans === true;
  }

  /** The cached plan (now the most recently used), or undefined. Counts a hit or a miss. */
  get(key: string): P | undefined {
    const map = this.#map;
    const entry = map.get(key);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    if (this.#mru !== entry) {
      map.delete(key);
      map.set(key, entry);
      this.#mru = entry;
    }
    return entry.plan;
  }

  /** Whether key is cached; touches neither recency nor the statistics. */
  has(key: string): boolean {
    return this.#map.has(key);
  }

  /**
   * Caches plan under key as the most recently used entry (replacing any previous plan), then
   * evicts least-recently-used entries until both bounds hold. bytes: the plan's estimated size
   * (default: 2 * key.length + perPlanBytes). Returns false when the plan alone exceeds maxBytes
   * (or the cache holds no entries at all) and was not cached.
   */
  set(key: string, plan: P, bytes?: number): boolean {
    const size =
      bytes !== undefined && Number.isFinite(bytes) && bytes >= 0 ? Math.ceil(bytes) : 2 * key.length + this.#perPlanBytes;
    const map = this.#map;
    const old = map.get(key);
    if (old !== undefined) {
      map.delete(key);
      this.#bytes -= old.bytes;
      if (this.#mru === old) this.#mru = null;
    }
    if (size > this.#maxBytes || this.#maxEntries === 0) {
      this.#rejected++;
      return false;
    }
    const entry: Entry<P> = { plan: this.#freeze ? deepFreeze(plan) : plan, bytes: size };
    map.set(key, entry);
    this.#bytes += size;
    this.#mru = entry;
    while (map.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const lru = map.keys().next();
      if (lru.done === true || lru.value === key) break;
      this.#bytes -= map.get(lru.value)!.bytes;
      map.delete(lru.value);
      this.#evictions++;
    }
    return true;
  }

  /** Removes one entry; returns whether it was cached. */
  delete(key: string): boolean {
    const entry = this.#map.get(key);
    if (entry === undefined) return false;
    this.#map.delete(key);
    this.#bytes -= entry.bytes;
    if (this.#mru === entry) this.#mru = null;
    return true;
  }

  /** Drops every plan (an explicit flush). The hit/miss/eviction counters are kept. */
  clear(): void {
    this.#map.clear();
    this.#bytes = 0;
    this.#mru = null;
  }

  get size(): number {
    return this.#map.size;
  }

  /** Keys from least to most recently used (for tests and debugging). */
  keys(): string[] {
    return [...this.#map.keys()];
  }

  stats(): PlanCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      rejected: this.#rejected,
      entries: this.#map.size,
      bytes: this.#bytes,
      maxEntries: this.#maxEntries,
      maxBytes: this.#maxBytes,
    };
  }
}
