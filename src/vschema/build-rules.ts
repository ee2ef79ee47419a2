/**
 * Routing, keyspace routing, shard routing and mirror rules.
 *
 * Vitess defers every routing-rule error to the first query that uses the rule. We split
 * them: a rule that is malformed in itself (more than one target, an unqualified target, a
 * duplicate) fails the load, because no VSchema can make it right; a rule whose target
 * keyspace or table is missing loads with a warning and fails the queries that use it, with
 * Vitess's message — MoveTables writes such rules before the target exists.
 */
import type { Problem } from '../errors.js';
import { parseShardName } from '../keyrange/shard-name.js';
import type { BuildContext } from './build-keyspace.js';
import { findDraft, type GlobalDraft, type Keyspaces } from './build-references.js';
import { child } from './json-pointer.js';
import type { MirrorRule, QualifiedName, RoutingRule } from './model.js';
import type { SrvVSchemaSpec } from './spec-types.js';
import { parseTableName } from './table-name.js';

type RuleError = { code: string; message: string };

interface Target {
  readonly target: QualifiedName | null;
  readonly error: RuleError | null;
}

/** Resolves a rule's `keyspace.table` target; `null` when it is malformed (a load problem was recorded). */
function resolveTarget(
  text: string,
  at: string,
  keyspaces: Keyspaces,
  global: ReadonlyMap<string, GlobalDraft>,
  ctx: BuildContext,
): Target | null {
  const parsed = parseTableName(text);
  if ('error' in parsed) {
    ctx.problems.push({ path: at, message: parsed.error });
    return null;
  }
  if (parsed.qualifier === null) {
    ctx.problems.push({ path: at, message: `table ${text} must be qualified` });
    return null;
  }
  const found = findDraft(keyspaces, global, parsed.qualifier, parsed.name);
  if (found.error !== undefined) {
    const code = found.error.startsWith('VT05003') ? 'VT05003' : 'TABLE_NOT_FOUND';
    ctx.warnings.push({ path: at, message: `target ${text} cannot be resolved: ${found.error}; queries that use this rule will fail` });
    return { target: null, error: { code, message: found.error } };
  }
  return { target: { keyspace: parsed.qualifier, table: parsed.name }, error: null };
}

export function buildRoutingRules(spec: SrvVSchemaSpec, keyspaces: Keyspaces, global: ReadonlyMap<string, GlobalDraft>, ctx: BuildContext): Map<string, RoutingRule> {
  const out = new Map<string, RoutingRule>();
  (spec.routing_rules?.rules ?? []).forEach((rule, i) => {
    const at = child('/routing_rules/rules', i);
    const from = rule.from_table ?? '';
    if (from === '') return void ctx.problems.push({ path: child(at, 'from_table'), message: 'routing rule needs a from_table' });
    if (out.has(from)) return void ctx.problems.push({ path: child(at, 'from_table'), message: `duplicate rule for entry ${from}` });
    const to = rule.to_tables ?? [];
    if (to.length > 1) {
      return void ctx.problems.push({ path: child(at, 'to_tables'), message: `table ${from} has more than one target: [${to.join(' ')}]` });
    }
    if (to.length === 0) return void out.set(from, { from, target: null, error: null });
    const resolved = resolveTarget(to[0]!, child(at, 'to_tables', 0), keyspaces, global, ctx);
    if (resolved) out.set(from, { from, ...resolved });
  });
  return out;
}

export function buildKeyspaceRoutingRules(spec: SrvVSchemaSpec, keyspaces: Keyspaces, problems: Problem[]): Map<string, string> {
  const out = new Map<string, string>();
  (spec.keyspace_routing_rules?.rules ?? []).forEach((rule, i) => {
    const at = child('/keyspace_routing_rules/rules', i);
    const from = rule.from_keyspace ?? '';
    const to = rule.to_keyspace ?? '';
    if (from === '') return void problems.push({ path: child(at, 'from_keyspace'), message: 'keyspace routing rule needs a from_keyspace' });
    if (out.has(from)) return void problems.push({ path: child(at, 'from_keyspace'), message: `duplicate keyspace routing rule for ${from}` });
    if (!keyspaces.has(to)) return void problems.push({ path: child(at, 'to_keyspace'), message: `keyspace routing rule ${from} targets unknown keyspace '${to}'` });
    out.set(from, to);
  });
  return out;
}

export function buildShardRoutingRules(spec: SrvVSchemaSpec, keyspaces: Keyspaces, problems: Problem[]): Map<string, string> {
  const out = new Map<string, string>();
  (spec.shard_routing_rules?.rules ?? []).forEach((rule, i) => {
    const at = child('/shard_routing_rules/rules', i);
    const from = rule.from_keyspace ?? '';
    const to = rule.to_keyspace ?? '';
    const shard = rule.shard ?? '';
    if (from === '') return void problems.push({ path: child(at, 'from_keyspace'), message: 'shard routing rule needs a from_keyspace' });
    if (!keyspaces.has(to)) return void problems.push({ path: child(at, 'to_keyspace'), message: `shard routing rule targets unknown keyspace '${to}'` });
    try {
      parseShardName(shard);
    } catch (err) {
      return void problems.push({ path: child(at, 'shard'), message: `invalid shard "${shard}": ${(err as Error).message}` });
    }
    const key = `${from}.${shard}`;
    if (out.has(key)) return void problems.push({ path: at, message: `duplicate shard routing rule for ${key}` });
    out.set(key, to);
  });
  return out;
}

export function buildMirrorRules(spec: SrvVSchemaSpec, keyspaces: Keyspaces, global: ReadonlyMap<string, GlobalDraft>, ctx: BuildContext): MirrorRule[] {
  const out: MirrorRule[] = [];
  const seen = new Set<string>();
  (spec.mirror_rules?.rules ?? []).forEach((rule, i) => {
    const at = child('/mirror_rules/rules', i);
    const from = rule.from_table ?? '';
    const percent = rule.percent ?? 0;
    if (from === '') return void ctx.problems.push({ path: child(at, 'from_table'), message: 'mirror rule needs a from_table' });
    if (seen.has(from)) return void ctx.problems.push({ path: child(at, 'from_table'), message: `duplicate mirror rule for ${from}` });
    seen.add(from);
    if (!(percent >= 0 && percent <= 100)) return void ctx.problems.push({ path: child(at, 'percent'), message: `mirror percent must be between 0 and 100, got ${percent}` });
    const resolved = resolveTarget(rule.to_table ?? '', child(at, 'to_table'), keyspaces, global, ctx);
    if (resolved) out.push({ from, to: resolved.target, percent, error: resolved.error });
  });
  return out;
}
