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
  readonly bindNames: string[];
  readonly bindValues: BindVariable[];
  #size = 0;
  #index: Map<string, number> | null = null;

  /** capacity: how many push() calls to expect (the arrays are made that long up front). */
  constructor(capacity = 0) {
    this.bindNames = new Array<string>(capacity);
    this.bindValues = new Array<BindVariable>(capacity);
  }

  /** Adds a bind variable whose name is not there yet (the caller knows: names are not checked). */
  push(name: string, value: BindVariable): void {
    const i = this.#size++;
    this.#index?.set(name, i);
    this.bindNames[i] = name;
    this.bindValues[i] = value;
  }

  /** Makes room for n bind variables set later by setAt() at size, size + 1, ... (size grows by n now). */
  reserve(n: number): void {
    this.#size += n;
  }

  /** Sets the i-th bind variable (a place made by reserve(); its name is not there yet). */
  setAt(i: number, name: string, value: BindVariable): void {
    this.#index?.set(name, i);
    this.bindNames[i] = name;
    this.bindValues[i] = value;
  }

  get size(): number {
    return this.#size;
  }

  get(name: string): BindVariable | undefined {
    const i = this.indexOf(name);
    return i >= 0 ? this.bindValues[i] : undefined;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** The position of name in bindNames, or -1. */
  indexOf(name: string): number {
    const names = this.bindNames;
    const size = this.#size;
    if (size <= SCAN_LIMIT) {
      for (let i = 0; i < size; i++) if (names[i] === name) return i;
      return -1;
    }
    if (this.#index === null) {
      this.#index = new Map();
      for (let i = 0; i < size; i++) this.#index.set(names[i]!, i);
    }
    return this.#index.get(name) ?? -1;
  }

  forEach(fn: (value: BindVariable, name: string, map: ReadonlyMap<string, BindVariable>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.#size; i++) fn.call(thisArg, this.bindValues[i]!, this.bindNames[i]!, this);
  }

  *entries(): MapIterator<[string, BindVariable]> {
    for (let i = 0; i < this.#size; i++) yield [this.bindNames[i]!, this.bindValues[i]!];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.#size; i++) yield this.bindNames[i]!;
  }

  *values(): MapIterator<BindVariable> {
    for (let i = 0; i < this.#size; i++) yield this.bindValues[i]!;
  }

  [Symbol.iterator](): MapIterator<[string, BindVariable]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'PreparedBinds';
  }
}

/** Whether binds is a PreparedBinds (cheaper than instanceof, which looks up Symbol.hasInstance). */
export function isPreparedBinds(binds: ReadonlyMap<string, BindVariable>): binds is PreparedBinds {
  return (binds as Partial<PreparedBinds>).bindValues !== undefined;
}
