/**
 * Structural validation: a JSON Schema generated from the proto description and compiled
 * once with ajv. It accepts each field under both proto JSON spellings, `null` as "absent"
 * (as protojson does), and integers written as strings (proto JSON allows both for int32).
 * Every problem is reported with the JSON pointer of the offending value, all at once.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { child } from './json-pointer.js';
import { MESSAGES, jsonName, type FieldKind, type MessageName } from './proto-fields.js';

type Schema = Record<string, unknown>;

function fieldSchema(kind: FieldKind): Schema {
  switch (kind.kind) {
    case 'string':
      return { type: ['string', 'null'] };
    case 'bool':
      return { type: ['boolean', 'null'] };
    case 'int':
      return { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$' };
    case 'float':
      return { type: ['number', 'string', 'null'], pattern: '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$' };
    case 'enum':
      return { enum: [...Object.keys(kind.values), ...Object.values(kind.values), null] };
    case 'message':
      return { $ref: `#/definitions/${kind.message}` };
    case 'repeated':
      return { type: ['array', 'null'], items: fieldSchema(kind.of) };
    case 'map':
      return { type: ['object', 'null'], additionalProperties: fieldSchema(kind.of) };
  }
}

function messageSchema(message: MessageName): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, kind] of Object.entries(MESSAGES[message])) {
    properties[name] = fieldSchema(kind);
    properties[jsonName(name)] = fieldSchema(kind);
  }
  // A message value may be null too: proto JSON reads it as "not set".
  return { type: ['object', 'null'], properties, additionalProperties: false };
}

function buildSchema(): Schema {
  const definitions: Record<string, Schema> = {};
  for (const name of Object.keys(MESSAGES) as MessageName[]) definitions[name] = messageSchema(name);
  return { definitions };
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addSchema(buildSchema(), 'vschema.proto');

const validators = new Map<MessageName, ValidateFunction>();

function validatorFor(message: MessageName): ValidateFunction {
  let v = validators.get(message);
  if (!v) {
    v = ajv.compile({ $ref: `vschema.proto#/definitions/${message}` });
    validators.set(message, v);
  }
  return v;
}

/** Validates `doc` as the given proto message; returns one problem per structural error. */
export function structuralProblems(doc: unknown, message: MessageName): Problem[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return [{ path: '', message: `must be a JSON object (a ${message} in proto JSON)` }];
  }
  const validate = validatorFor(message);
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const err of validate.errors ?? []) {
    const problem = describe(err);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

function describe(err: ErrorObject): Problem {
  const path = err.instancePath;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String((err.params as { additionalProperty: string }).additionalProperty);
      const known = knownFields(err.schemaPath);
      return { path: child(path, extra), message: `unknown field "${extra}"${known ? ` (known fields: ${known})` : ''}` };
    }
    case 'type': {
      const raw = (err.params as { type: string | string[] }).type;
      const types = (Array.isArray(raw) ? raw : String(raw).split(',')).filter((t) => t !== 'null');
      // integer|string and number|string are proto JSON's "a number, possibly quoted".
      const word = types.includes('integer')
        ? 'an integer'
        : types.includes('number')
          ? 'a number'
          : types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      return { path, message: `must be ${word}` };
    }
    case 'enum': {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.filter((v) => typeof v === 'string');
      return { path, message: `must be one of ${allowed.join(', ')}` };
    }
    case 'pattern': {
      const pattern = (err.params as { pattern: string }).pattern;
      return { path, message: pattern.includes('.') ? 'must be a number' : 'must be an integer' };
    }
    default:
      return { path, message: err.message ?? `failed ${err.keyword}` };
  }
}

function knownFields(schemaPath: string): string {
  const m = /definitions\/([A-Za-z]+)\//.exec(schemaPath);
  const name = m?.[1];
  return name !== undefined && name in MESSAGES ? Object.keys(MESSAGES[name as MessageName]).join(', ') : '';
}
