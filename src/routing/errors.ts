/** Routing errors. Codes: ROUTING_NOT_SUPPORTED, ROUTING_BIND_MISSING, ROUTING_BIND_INVALID, ROUTING_LOOKUP_PORT_REQUIRED, ROUTING_VINDEX_UNKNOWN, ROUTING_VINDEX_NO_IMPL, DBA_SCHEMA_CONFLICT. */
import { VSchemaRouterError } from '../errors.js';

export class RoutingError extends VSchemaRouterError {}

export function notSupported(what: string, operator: string): RoutingError {
  return new RoutingError('ROUTING_NOT_SUPPORTED', `routing ${what} is not supported yet`, { details: { operator } });
}
