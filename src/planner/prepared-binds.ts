/**
 * The bind variables of a prepared statement (Planner.prepare): a read-only Map over two
 * parallel arrays. A plan-cache hit binds a handful of values and routes them once; filling a
 * real Map costs more than the rest of a point query (its hash table grows as it fills), and the
 * shard queries copy the values into a record anyway (routing reads the arrays for that). Lookups
 * scan the names (statements have few); past SCAN_LIMIT names an index is built on first use.
 */
import type { BindVariable } from '../vindexes/types.js';

const SCAN_LIMIT = 16;

export class PreparedBinds implements ReadonlyMap<string, BindVariable> {
  /** Names in insertion order (distinct); bindValues[i] belongs to bindNames[i]. Read-only outside push(). */
  readonly bindNames: string[] = [];
  readonly bindValues: BindVariable[] = [];
  #index: Map<string, number> | null = null;

  /** Adds a bind variable whose name is not there yet (the caller knows: names are not checked). */
  push(name: string, value: BindVariable): void {
    this.#index?.set(name, this.bindNames.length);
    this.bindNames.push(name);
    this.bindValues.push(value);
  }

  get size(): number {
    return this.bindNames.length;
  }

  get(name: string): BindVariable | undefined {
    const i = this.#indexOf(name);
    return i >= 0 ? this.bindValues[i] : undefined;
  }

  has(name: string): boolean {
    return this.#indexOf(name) >= 0;
  }

  #indexOf(name: string): number {
    const names = this.bindNames;
    if (names.length <= SCAN_LIMIT) {
      for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
      return -1;
    }
    if (this.#index === null) {
      this.#index = new Map();
      for (let i = 0; i < names.length; i++) this.#index.set(names[i]!, i);
    }
    return this.#index.get(name) ?? -1;
  }

  forEach(fn: (value: BindVariable, name: string, map: ReadonlyMap<string, BindVariable>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.bindNames.length; i++) fn.call(thisArg, this.bindValues[i]!, this.bindNames[i]!, this);
  }

  *entries(): MapIterator<[string, BindVariable]> {
    for (let i = 0; i < this.bindNames.length; i++) yield [this.bindNames[i]!, this.bindValues[i]!];
  }

  *keys(): MapIterator<string> {
    yield* this.bindNames;
  }

  *values(): MapIterator<BindVariable> {
    yield* this.bindValues;
  }

  [Symbol.iterator](): MapIterator<[string, BindVariable]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'PreparedBinds';
  }
}
