/**
 * Planner errors. Where Vitess rejects a statement the code is Vitess's (VT12001, VT09004, ...)
 * and the message is exactly the one Vitess prints, code prefix included, so a user who greps
 * Vitess's docs or issues for the text finds it. Errors Vitess raises without a code keep its
 * message and get a stable code of ours.
 */
import { VSchemaRouterError, type ErrorOptions } from '../errors.js';

export class PlannerError extends VSchemaRouterError {
  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(code, message, options);
  }
}

/** VT12001: Vitess knows the construct but does not plan it (yet). */
export function unsupported(what: string): PlannerError {
  return new PlannerError('VT12001', `VT12001: unsupported: ${what}`);
}

/** An error with a Vitess VT code: the message starts with the code, as Vitess prints it. */
export function vtError(code: `VT${string}`, message: string): PlannerError {
  return new PlannerError(code, `${code}: ${message}`);
}

/** A Vitess error that has no VT code (semantic errors MySQL itself would raise, ...). */
export function plannerError(code: string, message: string): PlannerError {
  return new PlannerError(code, message);
}

/** Vitess's column-ambiguity error (MySQL ER_NON_UNIQ_ERROR text). */
export function ambiguousColumn(name: string): PlannerError {
  return new PlannerError('AMBIGUOUS_COLUMN', `Column '${name}' in field list is ambiguous`);
}

/** Something the planner does not implement yet (not a Vitess rejection: Vitess plans it). */
export function notImplemented(what: string): PlannerError {
  return new PlannerError('PLANNER_NOT_IMPLEMENTED', `not implemented in this planner: ${what}`);
}
