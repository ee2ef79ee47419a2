/**
 * Session targets, as Vitess parses a database name (topoproto.ParseDestination):
 * `ks`, `ks@replica`, `@rdonly`, `` (unspecified mode), `ks:-80` (a shard), `ks[-80]` (an
 * exact key range), `ks[8000]` (a keyspace id). The same syntax qualifies a table:
 * ``select * from `ks@replica`.t``.
 */
import { TargetError } from '../errors.js';
import { bytesToHex, hexToBytes } from '../keyrange/keyspace-id.js';
import { keyRangeString, type KeyRange } from '../keyrange/key-range.js';
import { parseShardingSpec } from '../keyrange/shard-name.js';
import type { TabletType } from './model.js';

export type TargetDestination =
  | { readonly kind: 'shard'; readonly shard: string }
  | { readonly kind: 'exactKeyRange'; readonly keyRange: KeyRange }
  | { readonly kind: 'keyspaceId'; readonly keyspaceId: Uint8Array };

export interface Target {
  /** '' = unspecified mode: tables are found by name across keyspaces. */
  readonly keyspace: string;
  readonly tabletType: TabletType;
  /** A shard-targeted session bypasses routing and sends statements to this destination. */
  readonly destination: TargetDestination | null;
}

const TABLET_TYPES: Readonly<Record<string, TabletType>> = {
  primary: 'primary',
  master: 'primary', // Vitess's old name, still accepted
  replica: 'replica',
  rdonly: 'rdonly',
  batch: 'rdonly', // Vitess's alias
};

export function parseTabletType(text: string): TabletType {
  const t = TABLET_TYPES[text.toLowerCase()];
  if (!t) throw new TargetError(`invalid tablet type '${text}': expected primary, replica or rdonly`, { details: { tabletType: text } });
  return t;
}

export function parseTarget(text: string, defaultTabletType: TabletType = 'primary'): Target {
  let rest = text;
  let tabletType = defaultTabletType;
  let destination: TargetDestination | null = null;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    tabletType = parseTabletType(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const colon = Math.max(rest.lastIndexOf(':'), rest.lastIndexOf('/'));
  if (colon !== -1) {
    const shard = rest.slice(colon + 1);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(shard)) throw new TargetError(`invalid shard '${shard}' in target '${text}'`, { details: { target: text } });
    destination = { kind: 'shard', shard: shard.toLowerCase() };
    rest = rest.slice(0, colon);
  }
  const open = rest.lastIndexOf('[');
  if (open !== -1) {
    const close = rest.lastIndexOf(']');
    if (close === -1 || close < open) {
      throw new TargetError("invalid key range provided. Couldn't find range end ']'", { details: { target: text } });
    }
    destination = parseBracket(rest.slice(open + 1, close), text);
    rest = rest.slice(0, open);
  }
  return Object.freeze({ keyspace: rest, tabletType, destination });
}

function parseBracket(inner: string, text: string): TargetDestination {
  try {
    if (inner.includes('-')) {
      const ranges = parseShardingSpec(inner);
      if (ranges.length !== 1) throw new TargetError(`single keyrange expected in ${inner}`, { details: { target: text } });
      return { kind: 'exactKeyRange', keyRange: ranges[0]! };
    }
    return { kind: 'keyspaceId', keyspaceId: hexToBytes(inner) };
  } catch (err) {
    if (err instanceof TargetError) throw err;
    throw new TargetError(`invalid key range or keyspace id '${inner}' in target '${text}': ${(err as Error).message}`, { details: { target: text }, cause: err });
  }
}

/** Prints a target back in Vitess syntax (`ks@replica`, `ks:-80`, `ks[-80]`), for messages and cache keys. */
export function formatTarget(t: Target): string {
  let s = t.keyspace;
  const d = t.destination;
  if (d?.kind === 'shard') s += `:${d.shard}`;
  else if (d?.kind === 'exactKeyRange') s += `[${keyRangeString(d.keyRange)}]`;
  else if (d?.kind === 'keyspaceId') s += `[${bytesToHex(d.keyspaceId)}]`;
  return t.tabletType === 'primary' ? s : `${s}@${t.tabletType}`;
}
