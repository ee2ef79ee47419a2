/**
 * The vindex registry: type name → factory. Unlike Vitess's package-level map filled by
 * init() side effects, each registry is an object the caller owns, so two routers (or two
 * tests) can hold different custom types without seeing each other's.
 */
import { VindexError, VSchemaRouterError } from '../errors.js';
import { builtinVindexTypes } from './builtin-types.js';
import { checkFactoryResult } from './check.js';
import { defineVindexType, type VindexTypeSpec } from './define.js';
import { compareStrings, goQuote } from './params.js';
import type { Vindex, VindexFactory, VindexParams } from './types.js';

export interface VindexRegistryOptions {
  /** Register every built-in Vitess type (default true); false gives an empty registry. */
  readonly builtins?: boolean;
}

/** What the built-in types need from their registry: multicol and numeric_static_map build other vindexes. */
export interface VindexSource {
  has(type: string): boolean;
  create(type: string, name: string, params: VindexParams): Vindex;
}

export class VindexRegistry implements VindexSource {
  readonly #factories = new Map<string, VindexFactory>();

  constructor(options: VindexRegistryOptions = {}) {
    if (options.builtins ?? true) {
      for (const [type, factory] of builtinVindexTypes(this)) this.register(type, factory);
    }
  }

  /** Adds a type. A second registration of a name is an error (a start-up panic in Vitess). */
  register(type: string, factory: VindexFactory): this {
    if (typeof type !== 'string' || type === '') {
      throw new VindexError('VINDEX_TYPE_INVALID', 'vindex type name must be a non-empty string', {
        details: { type: typeof type === 'string' ? type : `(${typeof type})` },
      });
    }
    if (typeof factory !== 'function') {
      throw new VindexError('VINDEX_TYPE_INVALID', `vindex type ${goQuote(type)} needs a factory function`, {
        details: { type },
      });
    }
    if (this.#factories.has(type)) {
      throw new VindexError('VINDEX_TYPE_DUPLICATE', `vindex type ${goQuote(type)} is already registered`, {
        details: { type },
      });
    }
    this.#factories.set(type, factory);
    return this;
  }

  /** `register(type, defineVindexType(type, spec))` in one call. */
  define(type: string, spec: VindexTypeSpec): this {
    return this.register(type, defineVindexType(type, spec));
  }

  has(type: string): boolean {
    return this.#factories.has(type);
  }

  /** Registered type names, sorted. */
  types(): readonly string[] {
    return Object.freeze([...this.#factories.keys()].sort(compareStrings));
  }

  /**
   * Creates a vindex from one VSchema `vindexes` entry. The result is checked (a custom
   * factory cannot hand the planner a malformed vindex) and frozen.
   */
  create(type: string, name: string, params: VindexParams = {}): Vindex {
    const factory = typeof type === 'string' ? this.#factories.get(type) : undefined;
    if (factory === undefined) {
      const known = this.types();
      // Vitess's own text first (``vindexType "x" not found``), then what would have worked.
      const list = known.length === 0 ? 'none are registered' : `known types: ${known.join(', ')}`;
      throw new VindexError('VINDEX_TYPE_UNKNOWN', `vindexType ${goQuote(String(type))} not found; ${list}`, {
        details: { type: String(type) },
      });
    }
    if (typeof name !== 'string') {
      throw new VindexError('VINDEX_NAME_INVALID', `vindex name must be a string, got ${typeof name}`, {
        details: { type },
      });
    }
    const input = copyParams(type, name, params);

    let result: unknown;
    try {
      result = factory(name, input);
    } catch (err) {
      if (err instanceof VSchemaRouterError) throw err;
      throw new VindexError('VINDEX_PARAM_INVALID', `vindex ${goQuote(name)} of type ${goQuote(type)}: ${describe(err)}`, {
        details: { type, name },
        cause: err,
      });
    }
    checkFactoryResult(type, name, result);
    Object.freeze(result.params);
    Object.freeze(result.unknownParams);
    return Object.freeze(result);
  }
}

/** A frozen own copy: factories may keep it, and the caller's object is never frozen by us. */
function copyParams(type: string, name: string, params: unknown): VindexParams {
  if (params === undefined || params === null) return Object.freeze({});
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new VindexError('VINDEX_PARAM_INVALID', `params of vindex ${goQuote(name)} must be an object`, {
      details: { type, name },
    });
  }
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    // Vitess params are map[string]string; a number here (e.g. "cost": 5 in hand-written
    // JSON) would be read differently by every type, so reject it up front.
    if (typeof value !== 'string') {
      throw new VindexError('VINDEX_PARAM_INVALID', `param ${key} of vindex ${goQuote(name)} must be a string`, {
        details: { type, name, param: key },
      });
    }
    Object.defineProperty(copy, key, { value, enumerable: true });
  }
  return Object.freeze(copy);
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'factory threw a non-error value';
  }
}
