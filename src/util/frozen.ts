/**
 * Deep-frozen values: a loaded VSchema and every plan are immutable, so they can be shared
 * between concurrent queries and cached without defensive copies.
 */

/** A Map that refuses mutation once built (Object.freeze does not protect a Map's entries). */
export class FrozenMap<K, V> extends Map<K, V> {
  #sealed = false;

  constructor(entries?: Iterable<readonly [K, V]>) {
    // Entries are added after super(): Map's constructor would call the overridden set()
    // before the private field exists.
    super();
    for (const [k, v] of entries ?? []) super.set(k, v);
    this.#sealed = true;
    Object.freeze(this);
  }

  override set(key: K, value: V): this {
    if (this.#sealed) throw new TypeError('FrozenMap is read-only');
    return super.set(key, value);
  }

  override delete(): boolean {
    throw new TypeError('FrozenMap is read-only');
  }

  override clear(): void {
    throw new TypeError('FrozenMap is read-only');
  }
}

/** Freezes an object graph of plain objects and arrays (Maps must already be FrozenMaps). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  return value;
}
