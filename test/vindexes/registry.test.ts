import { describe, expect, it } from 'vitest';
import { VindexError } from '../../src/errors.js';
import { BUILTIN_VINDEX_TYPES } from '../../src/vindexes/builtin-types.js';
import { defineVindexType } from '../../src/vindexes/define.js';
import { VindexRegistry } from '../../src/vindexes/registry.js';
import type { Vindex, VindexFactory } from '../../src/vindexes/types.js';
import { vindexErrorOf } from './helpers.js';

const simple = (type: string): VindexFactory => defineVindexType(type, { cost: 1, unique: true, kind: 'functional' });

describe('VindexRegistry construction', () => {
  it('registers every built-in type by default, sorted', () => {
    const registry = new VindexRegistry();
    expect(registry.types()).toEqual(BUILTIN_VINDEX_TYPES);
    expect(registry.types()).toEqual([...registry.types()].sort());
    expect(registry.has('hash')).toBe(true);
    expect(registry.has('consistent_lookup_unique')).toBe(true);
    expect(registry.has('hash_test')).toBe(false);
  });

  it('builtins: false gives an empty registry', () => {
    const registry = new VindexRegistry({ builtins: false });
    expect(registry.types()).toEqual([]);
    expect(registry.has('hash')).toBe(false);
    const err = vindexErrorOf(() => registry.create('hash', 'h', {}));
    expect(err.code).toBe('VINDEX_TYPE_UNKNOWN');
    expect(err.message).toBe('vindexType "hash" not found; none are registered');
  });

  it('has no global state: registries are independent', () => {
    const a = new VindexRegistry().define('custom', { cost: 2, unique: true, kind: 'functional' });
    const b = new VindexRegistry();
    expect(a.has('custom')).toBe(true);
    expect(b.has('custom')).toBe(false);
    expect(new VindexRegistry().has('custom')).toBe(false);
    expect(a.create('custom', 'c', {}).cost).toBe(2);
    expect(vindexErrorOf(() => b.create('custom', 'c', {})).code).toBe('VINDEX_TYPE_UNKNOWN');
    // the same name can mean different things in two registries
    b.define('custom', { cost: 7, unique: false, kind: 'lookup' });
    expect(b.create('custom', 'c', {}).cost).toBe(7);
    expect(a.create('custom', 'c', {}).cost).toBe(2);
  });

  it('built-ins that build other vindexes use their own registry', () => {
    const a = new VindexRegistry().define('my_hash', { cost: 2, unique: true, kind: 'functional', hashing: true });
    expect(a.create('multicol', 'mc', { column_count: '2', column_vindex: 'my_hash,hash' }).cost).toBe(3);
    const b = new VindexRegistry();
    const err = vindexErrorOf(() => b.create('multicol', 'mc', { column_count: '2', column_vindex: 'my_hash,hash' }));
    expect(err.message).toBe(`vindexType "my_hash" not found; known types: ${BUILTIN_VINDEX_TYPES.join(', ')}`);
  });
});

describe('register', () => {
  it('returns the registry for chaining', () => {
    const registry = new VindexRegistry({ builtins: false });
    expect(registry.register('a', simple('a')).register('b', simple('b'))).toBe(registry);
    expect(registry.types()).toEqual(['a', 'b']);
  });

  it('rejects a duplicate type, built-in or not, naming it', () => {
    const registry = new VindexRegistry();
    const err = vindexErrorOf(() => registry.register('hash', simple('hash')));
    expect(err.code).toBe('VINDEX_TYPE_DUPLICATE');
    expect(err.message).toBe('vindex type "hash" is already registered');
    expect(err.details).toEqual({ type: 'hash' });
    registry.define('mine', { cost: 1, unique: true, kind: 'functional' });
    expect(vindexErrorOf(() => registry.define('mine', { cost: 1, unique: true, kind: 'functional' })).code).toBe('VINDEX_TYPE_DUPLICATE');
    // the first registration is kept
    expect(registry.create('hash', 'h', {}).reversible).toBe(true);
  });

  it('rejects an empty or non-string type and a non-function factory', () => {
    const registry = new VindexRegistry({ builtins: false });
    expect(vindexErrorOf(() => registry.register('', simple(''))).code).toBe('VINDEX_TYPE_INVALID');
    // @ts-expect-error: a JavaScript caller may pass anything
    expect(vindexErrorOf(() => registry.register(42, simple('x'))).code).toBe('VINDEX_TYPE_INVALID');
    // @ts-expect-error: a JavaScript caller may pass anything
    const err = vindexErrorOf(() => registry.register('x', { cost: 1 }));
    expect(err.code).toBe('VINDEX_TYPE_INVALID');
    expect(err.message).toBe('vindex type "x" needs a factory function');
    expect(registry.types()).toEqual([]);
  });
});

describe('create', () => {
  it('lists the known types, sorted, after Vitess\'s own message for an unknown type', () => {
    const registry = new VindexRegistry({ builtins: false }).register('b_type', simple('b_type')).register('a_type', simple('a_type'));
    const err = vindexErrorOf(() => registry.create('nope', 'v', {}));
    expect(err).toBeInstanceOf(VindexError);
    expect(err.code).toBe('VINDEX_TYPE_UNKNOWN');
    expect(err.message).toBe('vindexType "nope" not found; known types: a_type, b_type');
    expect(err.details).toEqual({ type: 'nope' });
    // Go %q quoting of the type name
    expect(vindexErrorOf(() => registry.create('a"b\n', 'v', {})).message).toMatch(/^vindexType "a\\"b\\n" not found;/);
  });

  it('returns a frozen instance with frozen params and unknownParams', () => {
    const vindex = new VindexRegistry().create('lookup', 'name_user_map', { table: 't', from: 'name', to: 'keyspace_id', hello: 'x' });
    expect(Object.isFrozen(vindex)).toBe(true);
    expect(Object.isFrozen(vindex.params)).toBe(true);
    expect(Object.isFrozen(vindex.unknownParams)).toBe(true);
    expect(vindex.name).toBe('name_user_map');
    expect(vindex.type).toBe('lookup');
    expect(vindex.unknownParams).toEqual(['hello']);
    expect(Reflect.set(vindex, 'cost', 0)).toBe(false);
    expect(vindex.cost).toBe(20);
  });

  it('copies the caller\'s params: never freezes or aliases them', () => {
    const params: Record<string, string> = { table: 't', from: 'a', to: 'b' };
    const vindex = new VindexRegistry().create('lookup_unique', 'v', params);
    expect(Object.isFrozen(params)).toBe(false);
    params['table'] = 'changed';
    expect(vindex.params['table']).toBe('t');
  });

  it('frozen results also for custom factories that return mutable objects', () => {
    const registry = new VindexRegistry({ builtins: false }).register('mutable', (name, params) => ({
      ...defineVindexType('mutable', { cost: 1, unique: true, kind: 'functional' })(name, params),
      unknownParams: ['z'],
    }));
    const vindex = registry.create('mutable', 'm', {});
    expect(Object.isFrozen(vindex)).toBe(true);
    expect(Object.isFrozen(vindex.unknownParams)).toBe(true);
  });

  it('reads only own params, never inherited ones', () => {
    const inherited: Record<string, string> = Object.create({ region_bytes: '1' }) as Record<string, string>;
    const err = vindexErrorOf(() => new VindexRegistry().create('region_experimental', 'r', inherited));
    expect(err.message).toBe('region_experimental missing region_bytes param');
    // keys that exist on Object.prototype are ordinary unknown params
    expect(new VindexRegistry().create('hash', 'h', { constructor: 'x', toString: 'y' }).unknownParams).toEqual(['constructor', 'toString']);
  });

  it('rejects param values that are not strings (Vitess params are map[string]string)', () => {
    // @ts-expect-error: hand-written JSON may hold a number
    const err = vindexErrorOf(() => new VindexRegistry().create('lookup_cost', 'lc', { cost: 100 }));
    expect(err.code).toBe('VINDEX_PARAM_INVALID');
    expect(err.message).toBe('param cost of vindex "lc" must be a string');
    expect(err.details).toEqual({ type: 'lookup_cost', name: 'lc', param: 'cost' });
    // @ts-expect-error: not an object
    expect(vindexErrorOf(() => new VindexRegistry().create('hash', 'h', 'x')).code).toBe('VINDEX_PARAM_INVALID');
  });

  it('treats absent params as empty', () => {
    expect(new VindexRegistry().create('hash', 'h').params).toEqual({});
  });

  it('rejects a non-string name', () => {
    // @ts-expect-error: a JavaScript caller may pass anything
    expect(vindexErrorOf(() => new VindexRegistry().create('hash', 1, {})).code).toBe('VINDEX_NAME_INVALID');
  });
});

describe('checking what a custom factory returns', () => {
  const good = (name: string, type = 'custom'): Vindex => defineVindexType(type, { cost: 1, unique: true, kind: 'functional' })(name, {});
  const cases: readonly (readonly [string, (name: string) => unknown, string, string])[] = [
    ['null', () => null, 'result', 'result must be an object, got null'],
    ['a string', () => 'vindex', 'result', 'result must be an object, got string'],
    ['undefined', () => undefined, 'result', 'result must be an object, got undefined'],
    ['an array', () => [], 'result', 'result must be an object, got an array'],
    ['a promise', () => Promise.resolve(good('v')), 'cost', 'cost must be a finite number >= 0'],
    ['no cost', (n) => ({ ...good(n), cost: undefined }), 'cost', 'cost must be a finite number >= 0'],
    ['a negative cost', (n) => ({ ...good(n), cost: -1 }), 'cost', 'cost must be a finite number >= 0'],
    ['a NaN cost', (n) => ({ ...good(n), cost: Number.NaN }), 'cost', 'cost must be a finite number >= 0'],
    ['an infinite cost', (n) => ({ ...good(n), cost: Infinity }), 'cost', 'cost must be a finite number >= 0'],
    ['a string cost', (n) => ({ ...good(n), cost: '1' }), 'cost', 'cost must be a finite number >= 0'],
    ['a bad kind', (n) => ({ ...good(n), kind: 'hashing' }), 'kind', "kind must be 'functional' or 'lookup'"],
    ['a non-boolean unique', (n) => ({ ...good(n), unique: 'yes' }), 'unique', 'unique must be a boolean'],
    ['no wantsOwnerInfo', (n) => ({ ...good(n), wantsOwnerInfo: undefined }), 'wantsOwnerInfo', 'wantsOwnerInfo must be a boolean'],
    ['another name', () => good('other'), 'name', 'name must be "v"'],
    ['another type', (n) => good(n, 'hash'), 'type', 'type must be "custom"'],
    ['no params', (n) => ({ ...good(n), params: null }), 'params', 'params must be an object'],
    ['unknownParams not an array', (n) => ({ ...good(n), unknownParams: 'a,b' }), 'unknownParams', 'unknownParams must be an array of strings'],
    ['unknownParams of numbers', (n) => ({ ...good(n), unknownParams: [1] }), 'unknownParams', 'unknownParams must be an array of strings'],
  ];

  it.each(cases)('rejects %s with VINDEX_FACTORY_INVALID naming the field', (_label, make, field, text) => {
    const registry = new VindexRegistry({ builtins: false });
    // Reflect.apply keeps the deliberately ill-typed factory out of the VindexFactory type
    registry.register('custom', (name, params) => Reflect.apply(make, undefined, [name, params]));
    const err = vindexErrorOf(() => registry.create('custom', 'v', {}));
    expect(err.code).toBe('VINDEX_FACTORY_INVALID');
    expect(err.message).toBe(`vindex type "custom" returned an invalid vindex for "v": ${text}`);
    expect(err.details).toEqual({ type: 'custom', name: 'v', field });
  });

  it('wraps a foreign error thrown by a factory, keeping it as cause', () => {
    const boom = new TypeError("Cannot read properties of undefined (reading 'x')");
    const registry = new VindexRegistry({ builtins: false }).register('custom', () => {
      throw boom;
    });
    const err = vindexErrorOf(() => registry.create('custom', 'v', {}));
    expect(err.code).toBe('VINDEX_PARAM_INVALID');
    expect(err.message).toBe(`vindex "v" of type "custom": ${boom.message}`);
    expect(err.details).toEqual({ type: 'custom', name: 'v' });
    expect(err.cause).toBe(boom);
  });

  it('wraps a thrown non-error value', () => {
    const registry = new VindexRegistry({ builtins: false }).register('custom', () => {
      throw 'bad params';
    });
    const err = vindexErrorOf(() => registry.create('custom', 'v', {}));
    expect(err.message).toBe('vindex "v" of type "custom": bad params');
    expect(err.cause).toBe('bad params');
  });

  it('passes a VSchemaRouterError from a factory through unchanged', () => {
    const own = new VindexError('MY_CODE', 'my message', { details: { x: 1 } });
    const registry = new VindexRegistry({ builtins: false }).register('custom', () => {
      throw own;
    });
    expect(vindexErrorOf(() => registry.create('custom', 'v', {}))).toBe(own);
  });
});
