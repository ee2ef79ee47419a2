/**
 * `vschema-router keyspace-id`: what keyspace id (and shard) does a value get? The same
 * computation Vitess does, from the command line: one line per value.
 */
import { VSchemaRouterError } from '../errors.js';
import { bytesToHex, hexToBytes } from '../keyrange/keyspace-id.js';
import { createShardMap, type ShardMap } from '../topology/shard-map.js';
import { evenShardNames } from '../topology/topology.js';
import { vindexesReady } from '../vindexes/crypto/xxhash64.js';
import { destinationString } from '../vindexes/destination-format.js';
import { VindexRegistry } from '../vindexes/registry.js';
import type { Destination, Vindex } from '../vindexes/types.js';
import { bytesValue, textValue, type SqlValue } from '../vindexes/value.js';
import { loadVSchema } from '../vschema/load.js';
import { lastOption, parseArgs, UsageError, type ParsedArgs } from './args.js';
import type { CliIO } from './io.js';

export const KEYSPACE_ID_HELP = `Usage: vschema-router keyspace-id --type TYPE [--param k=v]... [options] VALUE...
       vschema-router keyspace-id --vschema PATH --vindex KEYSPACE.VINDEX [options] VALUE...

Prints the keyspace id of each VALUE as Vitess computes it, one line per value: the id in
lower-case hex, or the destination (DestinationKeyRange(..), DestinationKeyspaceIDs(..),
DestinationNone()) when the vindex does not map the value to a single id.

Options:
  --type TYPE          a vindex type (hash, xxhash, binary, unicode_loose_md5, ...)
  --param k=v          a vindex param (repeatable)
  --vschema PATH       take the vindex from a VSchema instead ...
  --vindex KS.NAME     ... this one
  --sql-type T         how to read each VALUE: int64, uint64, varchar, varbinary (VALUE in hex),
                       or auto (default: an integer is int64, or uint64 above 2^63-1; else varchar)
  --shards LIST        also print the shard each value lands on, e.g. --shards=-80,80-
  --shard-count N      the same for N even shards named as Vitess names them
  --help               show this help

A multi-column vindex (multicol, region_experimental, region_json) takes each VALUE as a
comma-separated row, e.g. 1,5. Lookup vindexes need their lookup table and cannot run here.
Exit status: 0 every value mapped, 1 some value failed, 2 usage error.`;

const SQL_TYPES = ['auto', 'int64', 'uint64', 'varchar', 'varbinary'] as const;
type SqlTypeOption = (typeof SQL_TYPES)[number];

export async function keyspaceIdCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { options: ['type', 'param', 'vschema', 'vindex', 'sql-type', 'shards', 'shard-count'], flags: ['help'] });
  if (args.flags.has('help') || argv.includes('-h')) {
    io.out(KEYSPACE_ID_HELP);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('keyspace-id needs at least one VALUE');
  const sqlType = (lastOption(args, 'sql-type') ?? 'auto') as SqlTypeOption;
  if (!SQL_TYPES.includes(sqlType)) throw new UsageError(`--sql-type must be one of ${SQL_TYPES.join(', ')}`);
  const vindex = chooseVindex(args);
  const impl = vindex.impl;
  if (impl === null) throw new VSchemaRouterError('VINDEX_NO_IMPL', `vindex type ${vindex.type} declares no mapping functions`);
  if (impl.kind === 'lookup') throw new UsageError(`${vindex.type} is a lookup vindex: its keyspace ids live in its lookup table`);
  const shards = chooseShards(args);
  await vindexesReady();

  let failed = 0;
  for (const text of args.positionals) {
    try {
      const dest =
        impl.kind === 'single'
          ? impl.map([toValue(text, sqlType)])[0]!
          : impl.mapRows([text.split(',').map((col) => toValue(col, sqlType))])[0]!;
      io.out(shards ? `${describe(dest)} ${shardsOf(dest, shards)}` : describe(dest));
    } catch (err) {
      failed++;
      const reason = err instanceof Error ? err.message : String(err);
      io.err(`value ${JSON.stringify(text)}: ${reason}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

function chooseVindex(args: ParsedArgs): Vindex {
  const type = lastOption(args, 'type');
  const path = lastOption(args, 'vschema');
  if ((type === undefined) === (path === undefined)) throw new UsageError('give either --type or --vschema with --vindex');
  if (type !== undefined) {
    const params: Record<string, string> = {};
    for (const p of args.options.get('param') ?? []) {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new UsageError(`--param ${p}: expected key=value`);
      params[p.slice(0, eq)] = p.slice(eq + 1);
    }
    return new VindexRegistry().create(type, type, params);
  }
  const ref = lastOption(args, 'vindex') ?? '';
  const dot = ref.indexOf('.');
  if (dot <= 0) throw new UsageError('--vindex must be KEYSPACE.VINDEX');
  const ks = loadVSchema(path!).keyspaces.get(ref.slice(0, dot));
  const entry = ks?.vindexes.get(ref.slice(dot + 1));
  if (!entry) throw new UsageError(`--vindex ${ref}: no such vindex in ${path}`);
  return entry.vindex;
}

function chooseShards(args: ParsedArgs): ShardMap | null {
  const list = lastOption(args, 'shards');
  const count = lastOption(args, 'shard-count');
  if (list !== undefined && count !== undefined) throw new UsageError('give --shards or --shard-count, not both');
  if (list !== undefined) return createShardMap('cli', list.split(',').filter((s) => s !== ''));
  if (count !== undefined) {
    const n = Number(count);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError('--shard-count must be a positive integer');
    return createShardMap('cli', evenShardNames(n));
  }
  return null;
}

const INT64_MAX = 2n ** 63n - 1n;

function toValue(text: string, sqlType: SqlTypeOption): SqlValue {
  switch (sqlType) {
    case 'int64':
      return textValue('INT64', text);
    case 'uint64':
      return textValue('UINT64', text);
    case 'varchar':
      return textValue('VARCHAR', text);
    case 'varbinary':
      return bytesValue(hexToBytes(text.replace(/^0x/i, '')));
    case 'auto':
      if (/^-?[0-9]+$/.test(text)) return textValue(BigInt(text) > INT64_MAX ? 'UINT64' : 'INT64', text);
      return textValue('VARCHAR', text);
  }
}

/** A single keyspace id prints as bare hex; anything else in Vitess's printable form. */
function describe(d: Destination): string {
  return d.kind === 'keyspaceId' ? bytesToHex(d.keyspaceId) : destinationString(d);
}

function shardsOf(d: Destination, shards: ShardMap): string {
  switch (d.kind) {
    case 'keyspaceId':
      return shards.shardForKeyspaceId(d.keyspaceId);
    case 'keyspaceIds':
      return d.keyspaceIds.map((id) => shards.shardForKeyspaceId(id)).join(',');
    case 'keyRange':
      return shards.shardsForKeyRange(d.keyRange).join(',');
    case 'allShards':
      return shards.shardNames.join(',');
    case 'none':
      return '(no shard)';
  }
}
