/**
 * Route operators from a routing: the variant, keyspace, vindex and values vexplain prints.
 */
import type { Route } from '../plan.js';
import type { Routing } from '../routing/routing.js';
import type { PlanValue } from '../values.js';
import { schemaText, tableNameText } from '../routing/dba.js';
import { destinationString } from './destination.js';

export type RouteFields = Pick<Route, 'variant' | 'keyspace' | 'vindex' | 'values' | 'targetDestination'> & Partial<Pick<Route, 'sysTableSchema' | 'sysTableName' | 'dba'>>;

export function routeFields(r: Routing): RouteFields {
  const keyspace = { name: r.keyspace.name, sharded: r.keyspace.sharded };
  const none = { vindex: null, values: [] as PlanValue[], targetDestination: null };
  switch (r.kind) {
    case 'sharded': {
      const s = r.selected;
      if (!s) return { variant: r.opcode, keyspace, ...none };
      return { variant: r.opcode, keyspace, vindex: s.colVindex.name, values: s.values.filter((v): v is PlanValue => v !== null), targetDestination: null };
    }
    case 'anyShard':
      return { variant: r.opcode, keyspace, ...none };
    case 'dual':
      return { variant: 'Reference', keyspace, ...none };
    case 'none':
      return { variant: 'None', keyspace, ...none };
    case 'targeted':
      return { variant: 'ByDestination', keyspace, ...none, targetDestination: destinationString(r.destination) };
    case 'dba':
      return {
        variant: 'DBA', keyspace, ...none, sysTableSchema: schemaText(r), sysTableName: tableNameText(r),
        dba: Object.freeze({ schemas: Object.freeze([...r.schemas]), tableNames: Object.freeze(r.tableNames.map(([k, v]) => Object.freeze([k, v] as const))) }),
      };
  }
}

export function makeRoute(fields: RouteFields, query: string, table: string | null = null): Route {
  return Object.freeze({
    kind: 'Route',
    ...fields,
    values: Object.freeze([...fields.values]),
    query,
    fieldQuery: null,
    answersWithoutRows: false,
    sysTableSchema: fields.sysTableSchema ?? null,
    sysTableName: fields.sysTableName ?? null,
    ...(fields.dba ? { dba: fields.dba } : {}),
    orderBy: [],
    table,
    resultColumns: null,
  });
}

