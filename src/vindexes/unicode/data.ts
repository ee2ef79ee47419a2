/**
 * Lazy loader for data/unicode-collation.bin (written by scripts/gen-unicode-collation.mjs;
 * the format is documented at the top of that script). Nothing is read at import time: the
 * first looseCollationKey() call reads and decompresses the file synchronously, and the
 * tables are cached for the life of the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

import { VindexError } from '../../errors.js';

export const DATA_FILE_NAME = 'unicode-collation.bin';
const MAGIC = 'VSRUCOLL';
const FORMAT_VERSION = 1;
const HEADER_SIZE = 48;

export interface CollationTables {
  /** Code point >> 6 -> block number in `ces`. */
  readonly stage1: Uint16Array;
  /** Collation element of each code point, 64 per block. */
  readonly ces: Uint32Array;
  /** x/text mainExpandElem: at an expansion index, a count followed by that many CEs. */
  readonly expand: Uint32Array;
  /** x/text mainContractElem. */
  readonly contractElem: Uint32Array;
  /** x/text mainCTEntries, 4 bytes per entry: L, H, N, I. */
  readonly ct: Uint8Array;
  /** Sorted code points with a "decompose" CE, their offsets (n + 1) into `decompPool` (UTF-8). */
  readonly decompKeys: Uint32Array;
  readonly decompOffsets: Uint32Array;
  readonly decompPool: Uint8Array;
  /** Sorted code points with non-zero NFD properties: leadCCC | trailCCC << 8 | nLead << 16. */
  readonly normKeys: Uint32Array;
  readonly normVals: Uint32Array;
  /** Ideographic ranges (Unicode 15.0), [first, last] pairs. */
  readonly ideographic: Uint32Array;
  /** Code points >= U+0080 that Go's strconv.IsPrint accepts (Unicode 15.0), [first, last] pairs. */
  readonly printable: Uint32Array;
  /** Provenance recorded by the generator. */
  readonly meta: Readonly<Record<string, unknown>>;
}

let tables: CollationTables | undefined;

/** True once the collation data has been read (for tests: importing the module must not read it). */
export function isCollationDataLoaded(): boolean {
  return tables !== undefined;
}

/** The collation tables, loaded on first use. */
export function collationTables(): CollationTables {
  return (tables ??= loadTables());
}

function dataError(message: string, cause?: unknown): VindexError {
  return new VindexError('VINDEX_COLLATION_DATA', `unicode collation data: ${message}`, cause === undefined ? {} : { cause });
}

/**
 * The directory of this module. In the CJS build __filename is the bundle (preferred: tsup's
 * `shims` rebuilds import.meta.url from it with `new URL("file:" + path)`, which mangles paths
 * containing "#" or "%"); in ESM (and under vitest) import.meta.url.
 */
function moduleDir(): string {
  if (typeof __filename === 'string' && __filename !== '') return dirname(__filename);
  const url = (import.meta as { url?: unknown }).url;
  if (typeof url === 'string' && url.startsWith('file:')) return dirname(fileURLToPath(url));
  throw dataError('cannot tell where this module is (no __filename, no file: import.meta.url)');
}

/**
 * Finds data/unicode-collation.bin by walking up from this module's directory: the package
 * root is one level above dist/index.js and dist/index.cjs, three levels above
 * src/vindexes/unicode/.
 */
export function locateDataFile(): string {
  const start = moduleDir();
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', DATA_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw dataError(`data/${DATA_FILE_NAME} not found above ${start} (is "data" in the package's "files"?)`);
}

function loadTables(): CollationTables {
  const path = locateDataFile();
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (err) {
    throw dataError(`cannot read ${path}`, err);
  }
  if (file.length < HEADER_SIZE || file.toString('latin1', 0, 8) !== MAGIC) throw dataError(`${path} is not a collation data file`);
  const version = file.readUInt32LE(8);
  if (version !== FORMAT_VERSION) throw dataError(`${path} has format version ${version}, expected ${FORMAT_VERSION}`);
  if (file.readUInt32LE(12) !== 1) throw dataError(`${path}: unknown compression`);
  const rawLength = file.readUInt32LE(16);
  let payload: Buffer;
  try {
    payload = brotliDecompressSync(file.subarray(HEADER_SIZE));
  } catch (err) {
    throw dataError(`${path} is corrupt`, err);
  }
  if (payload.length !== rawLength) throw dataError(`${path} is corrupt (payload length)`);
  return parsePayload(payload);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function parsePayload(payload: Buffer): CollationTables {
  // Own, aligned memory so typed arrays can view it directly.
  const bytes = new Uint8Array(payload.length);
  bytes.set(payload);
  const view = new DataView(bytes.buffer);
  const count = view.getUint32(0, true);
  const sections = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 12;
    const tag = String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
    const offset = view.getUint32(at + 4, true);
    const length = view.getUint32(at + 8, true);
    if (offset + length > bytes.length || offset % 8 !== 0) throw dataError(`section ${tag} out of bounds`);
    sections.set(tag, { offset, length });
  }
  const section = (tag: string): { offset: number; length: number } => {
    const s = sections.get(tag);
    if (!s) throw dataError(`section ${tag} missing`);
    return s;
  };
  const u8 = (tag: string): Uint8Array => {
    const s = section(tag);
    return bytes.subarray(s.offset, s.offset + s.length);
  };
  const u16 = (tag: string): Uint16Array => {
    const s = section(tag);
    if (LITTLE_ENDIAN) return new Uint16Array(bytes.buffer, s.offset, s.length >>> 1);
    const out = new Uint16Array(s.length >>> 1);
    for (let i = 0; i < out.length; i++) out[i] = view.getUint16(s.offset + i * 2, true);
    return out;
  };
  const u32 = (tag: string): Uint32Array => {
    const s = section(tag);
    if (LITTLE_ENDIAN) return new Uint32Array(bytes.buffer, s.offset, s.length >>> 2);
    const out = new Uint32Array(s.length >>> 2);
    for (let i = 0; i < out.length; i++) out[i] = view.getUint32(s.offset + i * 4, true);
    return out;
  };
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(Buffer.from(u8('META')).toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw dataError('bad META section', err);
  }
  const t: CollationTables = {
    stage1: u16('CPS1'),
    ces: u32('CPS2'),
    expand: u32('EXPN'),
    contractElem: u32('CTEL'),
    ct: u8('CTTR'),
    decompKeys: u32('DCPK'),
    decompOffsets: u32('DCPO'),
    decompPool: u8('DCPB'),
    normKeys: u32('NRMK'),
    normVals: u32('NRMV'),
    ideographic: u32('IDEO'),
    printable: u32('PRNT'),
    meta: Object.freeze(meta),
  };
  if (t.stage1.length !== 0x110000 >>> 6) throw dataError('bad CPS1 section');
  if (t.decompOffsets.length !== t.decompKeys.length + 1 || t.normVals.length !== t.normKeys.length) throw dataError('inconsistent sections');
  return t;
}
