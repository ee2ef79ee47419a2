#!/usr/bin/env node
/**
 * gen-unicode-collation.mjs: builds data/unicode-collation.bin, the data behind
 * looseCollationKey() (src/vindexes/unicode/collation-key.ts), i.e. the collation key that
 * Vitess's unicode_loose_md5 / unicode_loose_xxhash vindexes hash.
 *
 * INPUTS (Debian/Ubuntu packages; nothing is downloaded):
 *   1. golang.org/x/text 0.7.0 collate tables (CLDR 23 / Unicode 6.2.0), from
 *        apt-get install -y golang-golang-x-text-dev
 *      file: /usr/share/gocode/src/golang.org/x/text/collate/tables.go
 *      (`dpkg -L golang-golang-x-text-dev | grep collate/tables.go`).
 *      Used: the root ("und") locale entry of `locales` (English resolves to the same trie
 *      offsets, checked below), mainLookup, mainValues, mainExpandElem, mainContractElem,
 *      mainCTEntries. BSD-3-Clause, (c) The Go Authors.
 *   2. Unicode 15.0.0 character database, from
 *        apt-get install -y unicode-data
 *      files in /usr/share/unicode/: UnicodeData.txt (canonical combining classes,
 *      canonical and compatibility decompositions, general categories), DerivedNormalizationProps.txt
 *      (NFC_QC=Maybe, i.e. "combines backwards"), PropList.txt (Ideographic).
 *      Unicode license (https://www.unicode.org/license.txt).
 *
 * RERUN (from the repository root):
 *   node scripts/gen-unicode-collation.mjs                 # rewrites data/unicode-collation.bin
 *   node scripts/gen-unicode-collation.mjs --out /tmp/x.bin
 *   node scripts/gen-unicode-collation.mjs --check         # exit 1 if the committed file differs
 * Overrides: --tables <tables.go> (or env XTEXT_COLLATE_TABLES), --ucd <dir> (or env UCD_DIR).
 *
 * The output is deterministic: the same inputs give the same payload bytes, and with the same
 * Node/brotli build the same file bytes (brotli parameters are fixed, no timestamps).
 *
 * FILE FORMAT (all integers little-endian):
 *   header, 48 bytes, not compressed:
 *     0  "VSRUCOLL"             magic
 *     8  u32 format version     (1)
 *     12 u32 compression        (1 = brotli)
 *     16 u32 payload length     (uncompressed)
 *     20 u32 compressed length
 *     24 u8[24]                 first 24 bytes of SHA-256 of the uncompressed payload
 *   then the brotli-compressed payload:
 *     u32 section count, then per section: 4-byte ASCII tag, u32 offset, u32 byte length
 *     (offsets from the payload start, 8-byte aligned), then the sections:
 *     META  UTF-8 JSON: provenance (input versions and SHA-256s) and constants
 *     CPS1  u16[0x110000 >> 6]   code point block -> CE block number
 *     CPS2  u32[blocks * 64]     collation element of each code point of the root table
 *                                (what x/text's UTF-8 trie returns for that code point)
 *     EXPN  u32[]                mainExpandElem (length-prefixed CE lists)
 *     CTEL  u32[]                mainContractElem
 *     CTTR  u8[entries * 4]      mainCTEntries as {L, H, N, I}
 *     DCPK  u32[]                sorted code points whose CE says "decompose (NFKD)"
 *     DCPO  u32[n + 1]           offsets into DCPB
 *     DCPB  u8[]                 their full compatibility decompositions (UTF-8), built the way
 *                                x/text's norm tables build them: recursive, canonically
 *                                ordered, Hangul syllables inside them left alone
 *     NRMK  u32[]                sorted code points with non-zero NFD properties
 *     NRMV  u32[]                leadCCC | trailCCC << 8 | nLeadingNonStarters << 16
 *                                (x/text norm "Properties" of the NFD form)
 *     IDEO  u32[]                Ideographic ranges as [first, last] pairs
 *     PRNT  u32[]                [first, last] pairs of code points >= U+0080 that Go's
 *                                strconv.IsPrint accepts (general category L, M, N, P, S);
 *                                used to quote invalid input in error messages like Go's %q
 *
 * This is an independent generator: it parses the Go array literals as data and re-encodes
 * them; no Go code is translated here.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants as zc } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_TABLES = '/usr/share/gocode/src/golang.org/x/text/collate/tables.go';
const DEFAULT_UCD = '/usr/share/unicode';
const DEFAULT_OUT = join(ROOT, 'data', 'unicode-collation.bin');

export const FORMAT_VERSION = 1;
export const MAGIC = 'VSRUCOLL';
export const HEADER_SIZE = 48;

function fail(msg) {
  throw new Error(`gen-unicode-collation: ${msg}`);
}

// ---------------------------------------------------------------------------------------------
// Go array literal parsing (data only)

/** Returns the body text between `var NAME = [N]TYPE{` and the matching closing brace line. */
function arrayBody(src, name) {
  const re = new RegExp(`^var ${name} = \\[(\\d+|\\.\\.\\.)\\](.*?)\\{\\n`, 'm');
  const m = re.exec(src);
  if (!m) fail(`array ${name} not found`);
  const start = m.index + m[0].length;
  const end = src.indexOf('\n}\n', start);
  if (end < 0) fail(`array ${name} is not terminated`);
  return { length: m[1] === '...' ? -1 : Number(m[1]), type: m[2].trim(), body: src.slice(start, end + 1) };
}

function stripComments(text) {
  return text.replace(/\/\/[^\n]*/g, '');
}

/** Parses `[N]uint16{...}` / `[N]uint32{...}` with optional `index: value` keys. */
function parseNumberArray(src, name, bits) {
  const { length, type, body } = arrayBody(src, name);
  if (type !== `uint${bits}`) fail(`${name}: expected uint${bits}, found ${type}`);
  const out = bits === 16 ? new Uint16Array(length) : new Uint32Array(length);
  let next = 0;
  for (const raw of stripComments(body).split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    let valueText = item;
    const colon = item.indexOf(':');
    if (colon >= 0) {
      next = Number(item.slice(0, colon).trim());
      valueText = item.slice(colon + 1).trim();
    }
    const value = Number(valueText);
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) fail(`${name}: bad element ${JSON.stringify(item)}`);
    if (!Number.isInteger(next) || next >= length) fail(`${name}: index ${next} out of range`);
    out[next++] = value;
  }
  return out;
}

/** Parses `[N]struct{ L, H, N, I uint8 }{ {a, b, c, d}, ... }`. */
function parseCTEntries(src, name) {
  const { length, type, body } = arrayBody(src, name);
  if (type.replace(/\s+/g, ' ') !== 'struct{ L, H, N, I uint8 }') fail(`${name}: unexpected type ${type}`);
  const out = new Uint8Array(length * 4);
  let n = 0;
  for (const m of stripComments(body).matchAll(/\{([^}]*)\}/g)) {
    const parts = m[1].split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (parts.length !== 4) fail(`${name}: bad entry ${m[0]}`);
    if (n >= length) fail(`${name}: too many entries`);
    parts.forEach((p, k) => {
      const v = Number(p);
      if (!Number.isInteger(v) || v < 0 || v > 255) fail(`${name}: bad byte ${p}`);
      out[n * 4 + k] = v;
    });
    n++;
  }
  if (n !== length) fail(`${name}: ${n} entries, expected ${length}`);
  return out;
}

function parseLocales(src) {
  const names = /^var availableLocales = "([^"]*)"/m.exec(src);
  if (!names) fail('availableLocales not found');
  const { body } = arrayBody(src, 'locales');
  const entries = [...body.matchAll(/\{ \/\/ ([^\n]*)\n\s*lookupOffset: (0x[0-9a-fA-F]+),\n\s*valuesOffset: (0x[0-9a-fA-F]+),/g)].map((m) => ({
    name: m[1].trim(),
    lookupOffset: Number(m[2]),
    valuesOffset: Number(m[3]),
  }));
  const list = names[1].split(',');
  if (entries.length !== list.length) fail(`locales: ${entries.length} entries for ${list.length} names`);
  entries.forEach((e, i) => {
    if (e.name !== list[i]) fail(`locales[${i}] is ${e.name}, expected ${list[i]}`);
  });
  return entries;
}

function goConst(src, name) {
  const m = new RegExp(`^const ${name} = (.+)$`, 'm').exec(src);
  if (!m) fail(`const ${name} not found`);
  const v = m[1].trim();
  return v.startsWith('"') ? JSON.parse(v) : Number(v);
}

// ---------------------------------------------------------------------------------------------
// The root table, per code point

function utf8Encode(cp) {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/**
 * The value the x/text UTF-8 trie yields for one complete, valid UTF-8 sequence: the first
 * byte selects a block through the locale's first-byte index (or, for ASCII, a value through
 * the locale's value offset); each further byte selects the next block; the last byte selects
 * the value inside the final block. Blocks are 64 entries and the byte value is added whole.
 */
function trieValue(bytes, lookup, values, locale) {
  const index0 = locale.lookupOffset * 64;
  const values0 = locale.valuesOffset * 64;
  const b0 = bytes[0];
  if (b0 < 0x80) return values[values0 + b0];
  let block = lookup[index0 + b0];
  for (let k = 1; k < bytes.length - 1; k++) block = lookup[block * 64 + bytes[k]];
  return values[block * 64 + bytes[bytes.length - 1]];
}

// ---------------------------------------------------------------------------------------------
// Unicode data

function ucdLines(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

function parseRange(text) {
  const [a, b] = text.trim().split('..');
  const first = parseInt(a, 16);
  return [first, b === undefined ? first : parseInt(b, 16)];
}

function loadUcd(dir) {
  const ccc = new Uint8Array(0x110000);
  const canon = new Map(); // cp -> cps (canonical mapping)
  const compat = new Map(); // cp -> cps (canonical or compatibility mapping)
  const printable = new Uint8Array(0x110000); // general category L*, M*, N*, P*, S*
  let rangeFirst = -1;
  for (const line of ucdLines(join(dir, 'UnicodeData.txt'))) {
    const f = line.split(';');
    const cp = parseInt(f[0], 16);
    ccc[cp] = Number(f[3]);
    const graphic = /^[LMNPS]/.test(f[2]) ? 1 : 0;
    if (f[1].endsWith(', First>')) rangeFirst = cp;
    else if (f[1].endsWith(', Last>')) {
      if (rangeFirst < 0) fail(`range end without start at ${f[0]}`);
      printable.fill(graphic, rangeFirst, cp + 1);
      rangeFirst = -1;
    }
    printable[cp] = graphic;
    const d = f[5].trim();
    if (d === '') continue;
    const isCompat = d.startsWith('<');
    const cps = d.replace(/^<[^>]*>\s*/, '').split(/\s+/).map((h) => parseInt(h, 16));
    compat.set(cp, cps);
    if (!isCompat) canon.set(cp, cps);
  }
  // Ranges (<..., First>/<..., Last>) have ccc 0 and no decomposition: nothing to record.

  const maybe = new Uint8Array(0x110000); // NFC_QC=Maybe: "combines backwards" in x/text terms
  let maybeCount = 0;
  for (const line of ucdLines(join(dir, 'DerivedNormalizationProps.txt'))) {
    const f = line.split(';').map((s) => s.trim());
    if (f[1] !== 'NFC_QC' || f[2] !== 'M') continue;
    const [a, b] = parseRange(f[0]);
    for (let cp = a; cp <= b; cp++) maybe[cp] = 1, maybeCount++;
  }
  if (maybeCount === 0) fail('no NFC_QC=M entries found');

  const ideographic = [];
  for (const line of ucdLines(join(dir, 'PropList.txt'))) {
    const f = line.split(';').map((s) => s.trim());
    if (f[1] === 'Ideographic') ideographic.push(parseRange(f[0]));
  }
  if (ideographic.length === 0) fail('no Ideographic ranges found');
  ideographic.sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const r of ideographic) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }

  const version = /^# PropList-(\d+\.\d+\.\d+)\.txt/m.exec(readFileSync(join(dir, 'PropList.txt'), 'utf8'));
  const printRanges = [];
  for (let cp = 0x80; cp < 0x110000; cp++) {
    if (!printable[cp]) continue;
    const last = printRanges[printRanges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else printRanges.push([cp, cp]);
  }
  return { ccc, canon, compat, maybe, ideographic: merged, printRanges, version: version ? version[1] : 'unknown' };
}

/**
 * Full decomposition of cp with `map`: recursive, each resulting code point inserted in
 * canonical order (stable by combining class). Hangul syllables have no mapping in
 * UnicodeData.txt and so stay as they are, as in x/text's norm tables.
 */
function fullDecomposition(cp, map, ccc) {
  const out = [];
  const insert = (r) => {
    let n = out.length;
    out.push(r);
    const c = ccc[r];
    if (c > 0) {
      for (; n > 0 && ccc[out[n - 1]] > c; n--) out[n] = out[n - 1];
    }
    out[n] = r;
  };
  const walk = (r) => {
    const d = map.get(r);
    if (!d) insert(r);
    else for (const x of d) walk(x);
  };
  const d = map.get(cp);
  if (!d) return null;
  for (const x of d) walk(x);
  return out;
}

/**
 * NFD "Properties" as x/text's norm package reports them for a code point: the combining
 * class of the first and last code point of the canonical decomposition, and the number of
 * leading non-starters (counted on the compatibility decomposition, a code point that
 * combines backwards (NFC_QC=Maybe) counting as a non-starter).
 */
function normProperties(ucd) {
  const { ccc, canon, compat, maybe } = ucd;
  const nonStarter = (r) => ccc[r] !== 0 || maybe[r] === 1;
  const isHangul = (r) => r >= 0xac00 && r <= 0xd7a3;
  const keys = [];
  const vals = [];
  for (let cp = 0x80; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const runes = fullDecomposition(cp, compat, ccc) ?? [cp];
    let nLead = 0;
    for (const r of runes) {
      if (!nonStarter(r)) break;
      nLead++;
    }
    let nTrail = 0;
    for (let i = runes.length - 1; i >= 0; i--) {
      if (!nonStarter(runes[i])) break;
      nTrail++;
    }
    if (isHangul(cp)) nTrail = (cp - 0xac00) % 28 === 0 ? 1 : 2;
    if (nLead > 0 && nLead !== nTrail) fail(`U+${cp.toString(16)}: leading ${nLead} != trailing ${nTrail} non-starters`);
    let lead;
    let trail;
    let nl;
    const d = fullDecomposition(cp, canon, ccc);
    if (d) {
      lead = ccc[d[0]];
      trail = ccc[d[d.length - 1]];
      nl = nLead;
    } else if (nLead > 0 && ccc[cp] === 0 && maybe[cp] === 0) {
      // A starter whose compatibility decomposition starts with a non-starter
      // (U+FF9E, U+FF9F, some Hangul letters): recorded with one leading non-starter.
      lead = 0;
      trail = 0;
      nl = 1;
    } else {
      lead = trail = ccc[cp];
      nl = ccc[cp] > 0 || maybe[cp] === 1 ? nTrail : 0;
    }
    if (lead > 255 || trail > 255 || nl > 3) fail(`U+${cp.toString(16)}: property out of range`);
    if (lead !== 0 || trail !== 0 || nl !== 0) {
      keys.push(cp);
      vals.push(lead | (trail << 8) | (nl << 16));
    }
  }
  return { keys: Uint32Array.from(keys), vals: Uint32Array.from(vals) };
}

// ---------------------------------------------------------------------------------------------
// Build

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function u8(typed) {
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

function assertLittleEndian() {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) fail('this generator writes typed arrays directly and needs a little-endian host');
}

export function buildPayload({ tablesPath = DEFAULT_TABLES, ucdDir = DEFAULT_UCD } = {}) {
  assertLittleEndian();
  if (!existsSync(tablesPath)) fail(`${tablesPath} not found: apt-get install -y golang-golang-x-text-dev`);
  if (!existsSync(join(ucdDir, 'UnicodeData.txt'))) fail(`${ucdDir}/UnicodeData.txt not found: apt-get install -y unicode-data`);
  const src = readFileSync(tablesPath, 'utf8');

  const unicodeVersion = goConst(src, 'UnicodeVersion');
  const cldrVersion = goConst(src, 'CLDRVersion');
  if (unicodeVersion !== '6.2.0' || cldrVersion !== '23') fail(`unexpected table versions: Unicode ${unicodeVersion}, CLDR ${cldrVersion}`);
  const varTop = goConst(src, 'varTop');

  const locales = parseLocales(src);
  const und = locales[0];
  const en = locales.find((l) => l.name === 'en');
  if (und.name !== 'und') fail('locales[0] is not und');
  if (!en || en.lookupOffset !== und.lookupOffset || en.valuesOffset !== und.valuesOffset) fail('"en" does not share the root trie offsets');

  const mainLookup = parseNumberArray(src, 'mainLookup', 16);
  const mainValues = parseNumberArray(src, 'mainValues', 32);
  const mainExpandElem = parseNumberArray(src, 'mainExpandElem', 32);
  const mainContractElem = parseNumberArray(src, 'mainContractElem', 32);
  const mainCTEntries = parseCTEntries(src, 'mainCTEntries');

  const ucd = loadUcd(ucdDir);

  // Code point -> CE, then a two-stage table with 64-entry blocks (deduplicated in order of
  // first use; block 0 is the all-zero block).
  const BLOCK = 64;
  const stage1 = new Uint16Array(0x110000 / BLOCK);
  const blocks = [];
  const blockIds = new Map();
  const zero = new Uint32Array(BLOCK);
  blockIds.set(zero.join(','), 0);
  blocks.push(zero);
  const decompCps = [];
  let nonZero = 0;
  for (let b = 0; b < stage1.length; b++) {
    const block = new Uint32Array(BLOCK);
    for (let k = 0; k < BLOCK; k++) {
      const cp = b * BLOCK + k;
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // not valid UTF-8: never looked up
      const ce = trieValue(utf8Encode(cp), mainLookup, mainValues, und);
      block[k] = ce;
      if (ce !== 0) nonZero++;
      if (ce >= 0xf0000000) decompCps.push(cp);
    }
    const key = block.join(',');
    let id = blockIds.get(key);
    if (id === undefined) {
      id = blocks.length;
      if (id > 0xffff) fail('too many blocks');
      blockIds.set(key, id);
      blocks.push(block);
    }
    stage1[b] = id;
  }
  const stage2 = new Uint32Array(blocks.length * BLOCK);
  blocks.forEach((blk, i) => stage2.set(blk, i * BLOCK));

  // Consistency checks on the data the runtime relies on.
  const checkExpansion = (ce, where) => {
    const i = ce & 0xffff;
    const n = mainExpandElem[i];
    if (n === undefined || n === 0 || i + 1 + n > mainExpandElem.length) fail(`${where}: bad expansion ${ce.toString(16)}`);
    for (let k = 1; k <= n; k++) if (mainExpandElem[i + k] > 0xafffffff) fail(`${where}: expansion holds a non-normal CE`);
  };
  for (let i = 0; i < stage2.length; i++) {
    const ce = stage2[i];
    if (ce > 0xdfffffff && ce <= 0xefffffff) checkExpansion(ce, `CE block entry ${i}`);
    if (ce > 0xafffffff && ce <= 0xdfffffff) {
      const index = (ce >>> 4) & 0xfff;
      const n = ce & 0xf;
      if (index + n > mainCTEntries.length / 4) fail(`contraction index out of range: ${ce.toString(16)}`);
    }
  }
  for (let i = 0; i < mainContractElem.length; i++) {
    const ce = mainContractElem[i];
    if (ce > 0xafffffff && ce <= 0xdfffffff) fail(`contract elem ${i} is a contraction`);
    if (ce > 0xefffffff) fail(`contract elem ${i} is a decomposition`);
    if (ce > 0xdfffffff) checkExpansion(ce, `contract elem ${i}`);
  }

  // NFKD decompositions for the code points whose CE says "decompose".
  const dcpKeys = Uint32Array.from(decompCps);
  const dcpOffsets = new Uint32Array(decompCps.length + 1);
  const pool = [];
  decompCps.forEach((cp, i) => {
    const d = fullDecomposition(cp, ucd.compat, ucd.ccc);
    if (!d || d.length === 0) fail(`U+${cp.toString(16)} has a decompose CE but no decomposition`);
    for (const r of d) pool.push(...utf8Encode(r));
    dcpOffsets[i + 1] = pool.length;
  });
  const dcpPool = Uint8Array.from(pool);

  const norm = normProperties(ucd);
  const ideo = Uint32Array.from(ucd.ideographic.flat());
  const prnt = Uint32Array.from(ucd.printRanges.flat());

  const ucdFiles = ['UnicodeData.txt', 'DerivedNormalizationProps.txt', 'PropList.txt'];
  const meta = {
    what: 'Root collation elements of golang.org/x/text/collate (CLDR 23, Unicode 6.2.0) for the primary-strength loose key of Vitess unicode_loose_* vindexes, with the Unicode normalization facts the x/text iterator needs',
    generator: 'scripts/gen-unicode-collation.mjs',
    formatVersion: FORMAT_VERSION,
    xtext: { package: 'golang-golang-x-text-dev 0.7.0', file: 'collate/tables.go', sha256: sha256(src), unicodeVersion, cldrVersion, locale: 'und', lookupOffset: und.lookupOffset, valuesOffset: und.valuesOffset, varTop },
    ucd: {
      version: ucd.version,
      files: Object.fromEntries(ucdFiles.map((f) => [f, sha256(readFileSync(join(ucdDir, f)))])),
    },
    counts: {
      codePointsWithCE: nonZero,
      ceBlocks: blocks.length,
      expandElem: mainExpandElem.length,
      contractElem: mainContractElem.length,
      ctEntries: mainCTEntries.length / 4,
      decompositions: decompCps.length,
      normProperties: norm.keys.length,
      ideographicRanges: ideo.length / 2,
      printableRanges: prnt.length / 2,
    },
    licenses: 'x/text data: BSD-3-Clause (c) The Go Authors; Unicode data: Unicode License v3 (c) Unicode, Inc.',
  };

  const sections = [
    ['META', Buffer.from(JSON.stringify(meta), 'utf8')],
    ['CPS1', u8(stage1)],
    ['CPS2', u8(stage2)],
    ['EXPN', u8(mainExpandElem)],
    ['CTEL', u8(mainContractElem)],
    ['CTTR', mainCTEntries],
    ['DCPK', u8(dcpKeys)],
    ['DCPO', u8(dcpOffsets)],
    ['DCPB', dcpPool],
    ['NRMK', u8(norm.keys)],
    ['NRMV', u8(norm.vals)],
    ['IDEO', u8(ideo)],
    ['PRNT', u8(prnt)],
  ];
  const align = (n) => (n + 7) & ~7;
  let offset = align(4 + sections.length * 12);
  const table = [];
  for (const [tag, bytes] of sections) {
    table.push({ tag, offset, length: bytes.length });
    offset = align(offset + bytes.length);
  }
  const payload = Buffer.alloc(offset);
  payload.writeUInt32LE(sections.length, 0);
  table.forEach((t, i) => {
    payload.write(t.tag, 4 + i * 12, 'latin1');
    payload.writeUInt32LE(t.offset, 8 + i * 12);
    payload.writeUInt32LE(t.length, 12 + i * 12);
    payload.set(sections[i][1], t.offset);
  });
  return { payload, meta };
}

export function encodeFile(payload) {
  const compressed = brotliCompressSync(payload, {
    params: {
      [zc.BROTLI_PARAM_MODE]: zc.BROTLI_MODE_GENERIC,
      [zc.BROTLI_PARAM_QUALITY]: 11,
      [zc.BROTLI_PARAM_LGWIN]: 24,
      [zc.BROTLI_PARAM_SIZE_HINT]: payload.length,
    },
  });
  const header = Buffer.alloc(HEADER_SIZE);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(1, 12);
  header.writeUInt32LE(payload.length, 16);
  header.writeUInt32LE(compressed.length, 20);
  createHash('sha256').update(payload).digest().copy(header, 24, 0, 24);
  return Buffer.concat([header, compressed]);
}

/** Decodes a file written by encodeFile back to its payload (used by --check and the tests). */
export function decodeFile(file) {
  if (file.length < HEADER_SIZE || file.toString('latin1', 0, 8) !== MAGIC) fail('not a collation data file');
  const payload = brotliDecompressSync(file.subarray(HEADER_SIZE));
  if (payload.length !== file.readUInt32LE(16)) fail('payload length mismatch');
  if (!createHash('sha256').update(payload).digest().subarray(0, 24).equals(file.subarray(24, 48))) fail('payload hash mismatch');
  return payload;
}

function parseArgs(argv) {
  const opts = { tablesPath: process.env.XTEXT_COLLATE_TABLES || DEFAULT_TABLES, ucdDir: process.env.UCD_DIR || DEFAULT_UCD, out: DEFAULT_OUT, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--out') opts.out = resolve(argv[++i] ?? fail('--out needs a path'));
    else if (a === '--tables') opts.tablesPath = resolve(argv[++i] ?? fail('--tables needs a path'));
    else if (a === '--ucd') opts.ucdDir = resolve(argv[++i] ?? fail('--ucd needs a directory'));
    else fail(`unknown argument ${a}`);
  }
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { payload, meta } = buildPayload(opts);
  const file = encodeFile(payload);
  if (opts.check) {
    const current = existsSync(opts.out) ? readFileSync(opts.out) : null;
    if (current && current.equals(file)) {
      console.log(`${opts.out} is up to date (${file.length} bytes)`);
      return;
    }
    let samePayload = false;
    try {
      samePayload = current !== null && decodeFile(current).equals(payload);
    } catch {
      samePayload = false;
    }
    console.error(samePayload ? `${opts.out}: same payload, different compressed bytes (another brotli build?)` : `${opts.out} is out of date`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, file);
  console.log(`wrote ${opts.out}: ${file.length} bytes (payload ${payload.length} bytes; ${JSON.stringify(meta.counts)})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
