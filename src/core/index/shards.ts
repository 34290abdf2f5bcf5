/**
 * The corpus index in pieces, as the extension stores it: each band's sorted keys cut by key
 * prefix into shards of about TARGET_SHARD_ENTRIES entries, so a check reads only the shards
 * its band keys fall into, and a change rewrites only the shards its articles' keys fall into.
 *
 * - A shard is band b's entries whose keys start with the `prefixBits`-bit prefix p, keys
 *   sorted, stored packed (shard-codec.ts: Rice-coded key gaps, article numbers in as few bits
 *   as they need; about 4.3 bytes an entry), with a checksum over its place (layout, band,
 *   prefix) and its words, so a damaged or misplaced shard is refused. Unpacked shards
 *   (StoredShard: 32-bit keys, 24-bit numbers), as indexes written before packing hold them,
 *   are read as well and packed when their shard is next written.
 * - Shard s = b·2^prefixBits + p of layout L is stored under `shardKey(L, s)`. A new layout
 *   (another prefix width) is written under the next L, so the old one is deleted by one key
 *   range in the same transaction.
 * - The directory is what a cold start reads: the parameters, the layout, how many article
 *   numbers were handed out and which of them are deleted (one bit each: 125 KB at a
 *   million). Article numbers are never reused within a layout; a deleted article's entries
 *   stay in its shards, skipped by the bit, until a new layout drops them.
 * - The prefix width follows the corpus: the smallest whose shards hold TARGET_SHARD_ENTRIES
 *   entries or fewer on average; a layout is redone when the width it wants is 2 away
 *   (4× more or fewer articles) or deleted numbers outnumber live ones.
 *
 * - A key shared by more than COMMON_BUCKET articles is stored as one entry whose article
 *   number is COMMON_MARK, in place of its articles: a check skips such a bucket either way
 *   (channel-count.ts), so the answers are the full bucket's, at one entry instead of one per
 *   article. A key once marked stays marked until the index is rebuilt from the texts, even if
 *   deletions leave it with fewer articles. On the million-article bench corpus 52 of the 128
 *   bands have a key shared by over 1% of the articles.
 *
 * Why shards of ~128 entries: a check looks up 128 bands for the page and 96 for each of its
 * windows (about 1,300 lookups on a long page), and an IndexedDB read costs about 40 µs plus
 * its bytes (about 70 MB/s structured-clone read in Chromium, measured on this machine with
 * 20,000 records): 1,800 reads of 7 KB took 250–370 ms, of 1 KB 72–81 ms. Small shards keep
 * what a check reads near what it uses. In a large database each read costs more: one check's
 * ~1,300 reads of packed shards (0.9 MB) take about 100 ms at a million articles, 40–70 ms at
 * 100,000 on a loaded machine (`browser.million.cold.shard-reads` in bench/results.json).
 */

import { checksumWordsLanes, hashString } from '../fingerprint/hash';
import { COMMON_BUCKET } from './channel-count';
import { type FingerprintParams, paramsKey, totalBands } from '../fingerprint/minhash';
import { type PackedEntries, PackedShardError, packEntries, unpackEntries } from './shard-codec';
import { SnapshotError } from './snapshot';
import { MAX_ARTICLES, docAt, docBytes } from './tables';

export const SHARD_FORMAT_VERSION = 1;
/** Entries a shard holds on average, at most, when its layout is made. */
export const TARGET_SHARD_ENTRIES = 128;
/** Widest key prefix: 128 bands × 65,536 shards, for up to 8 million articles at the target. */
export const MAX_PREFIX_BITS = 16;
/** The article number an entry of a common key holds (see above); real numbers stay below it. */
export const COMMON_MARK = 0xffffff;
/** Article numbers a sharded index hands out: every one below COMMON_MARK. */
export const MAX_SHARDED_ARTICLES = Math.min(MAX_ARTICLES, COMMON_MARK);
/** Shard numbers of one layout fit below this. */
const LAYOUT_SPAN = 2 ** 24;

/** The prefix width for `live` articles. */
export function prefixBitsFor(live: number): number {
  let bits = 0;
  while (bits < MAX_PREFIX_BITS && live > TARGET_SHARD_ENTRIES * 2 ** bits) bits++;
  return bits;
}

/** Whether a directory with `live` articles of `docs` numbers should get a new layout. */
export function needsRelayout(prefixBits: number, live: number, docs: number): boolean {
  return Math.abs(prefixBitsFor(live) - prefixBits) >= 2 || (docs - live > live && docs > 4 * TARGET_SHARD_ENTRIES);
}

/** The stored key of shard `shard` of layout `layout`. */
export const shardKey = (layout: number, shard: number) => layout * LAYOUT_SPAN + shard;
/** The key range [first, end) of a layout's shards. */
export const layoutRange = (layout: number): [number, number] => [layout * LAYOUT_SPAN, (layout + 1) * LAYOUT_SPAN];

/** What a cold start reads: enough to find any shard and to skip deleted articles. */
export interface ShardDirectory {
  formatVersion: number;
  params: FingerprintParams;
  layout: number;
  prefixBits: number;
  /** Article numbers handed out: every shard entry's number is below it. */
  docs: number;
  /** Articles not deleted. */
  live: number;
  /** One bit per article number, set when the article is deleted (or replaced). */
  deleted: Uint8Array;
  checksum: number;
}

/** A shard's entries as queries and merges use them. */
export interface Shard {
  key: number;
  keys: Uint32Array;
  /** keys.length article numbers, 24 bits little-endian each, padded to whole 32-bit words. */
  docs: Uint8Array;
}

/** A shard as stored: its entries packed (shard-codec.ts) and checksummed. */
export interface PackedShard extends PackedEntries {
  key: number;
  checksum: number;
}

/** A shard as stored unpacked, as indexes written before packing hold them; still read. */
export interface StoredShard extends Shard {
  checksum: number;
}

/** What `indexShards` holds: packed shards, and unpacked ones until their shard is next written. */
export type ShardRecord = PackedShard | StoredShard;

/** An article number's id, as stored (one record per number; `check` guards it). */
export interface StoredDocId {
  doc: number;
  id: string;
  check: number;
}

export const docIdCheck = (doc: number, id: string) => hashString(id, doc);

/** The shard number of band `b`'s key `key`. */
export function shardOf(prefixBits: number, b: number, key: number): number {
  return prefixBits === 0 ? b : b * 2 ** prefixBits + (key >>> (32 - prefixBits));
}

export function directoryChecksum(d: Omit<ShardDirectory, 'checksum'>): number {
  const head = Uint32Array.of(d.formatVersion, d.layout, d.prefixBits, d.docs, d.live, d.deleted.length);
  let h = checksumWordsLanes(head, hashString(paramsKey(d.params)));
  const padded = d.deleted.length % 4 === 0 ? d.deleted : copyPadded(d.deleted);
  h = checksumWordsLanes(new Uint32Array(padded.buffer, padded.byteOffset, padded.length >>> 2), h);
  return h;
}

function copyPadded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array((bytes.length + 3) & ~3);
  out.set(bytes);
  return out;
}

export function makeDirectory(d: Omit<ShardDirectory, 'checksum' | 'formatVersion'>): ShardDirectory {
  const withVersion = { formatVersion: SHARD_FORMAT_VERSION, ...d };
  return { ...withVersion, checksum: directoryChecksum(withVersion) };
}

/** Throws SnapshotError unless `d` is a whole, untouched directory made with `expected`. */
export function verifyDirectory(d: ShardDirectory | undefined, expected: FingerprintParams): ShardDirectory {
  if (!d || typeof d !== 'object') throw new SnapshotError('index directory is missing');
  if (d.formatVersion !== SHARD_FORMAT_VERSION) throw new SnapshotError(`index format ${d.formatVersion} is not ${SHARD_FORMAT_VERSION}`);
  if (!d.params?.verbatim || !d.params.reworded || paramsKey(d.params) !== paramsKey(expected)) throw new SnapshotError('index was built with other fingerprint parameters');
  const ints = [d.layout, d.prefixBits, d.docs, d.live];
  if (!ints.every((x) => Number.isSafeInteger(x) && x >= 0) || d.prefixBits > MAX_PREFIX_BITS || d.docs > MAX_SHARDED_ARTICLES || d.live > d.docs) throw new SnapshotError('index directory is malformed');
  if (!(d.deleted instanceof Uint8Array) || d.deleted.length !== bitsetBytes(d.docs)) throw new SnapshotError('index directory is truncated');
  if (directoryChecksum(d) !== d.checksum) throw new SnapshotError('index directory checksum does not match');
  return d;
}

/** Bytes of a deletion bitset for `docs` numbers (whole 32-bit words). */
export const bitsetBytes = (docs: number) => ((docs + 31) >>> 5) << 2;

export function shardChecksum(key: number, keys: Uint32Array, docs: Uint8Array): number {
  let h = checksumWordsLanes(Uint32Array.of(key >>> 0, Math.floor(key / 2 ** 32), keys.length), 0x5ad);
  h = checksumWordsLanes(keys, h);
  return checksumWordsLanes(new Uint32Array(docs.buffer, docs.byteOffset, docs.length >>> 2), h);
}

/** The checksum of packed shard `key`: its place, its header and its words. */
export function packedChecksum(key: number, p: PackedEntries): number {
  const h = checksumWordsLanes(Uint32Array.of(key >>> 0, Math.floor(key / 2 ** 32), p.n, p.gapBits, p.docBits, p.words.length), 0x9ac);
  return checksumWordsLanes(p.words, h);
}

/** Shard `key` as stored: common keys' runs become one COMMON_MARK entry each (see above), then packed. */
export function makeShard(key: number, keys: Uint32Array, docs: Uint8Array): PackedShard {
  const capped = markCommonKeys(keys, docs);
  const packed = packEntries(capped.keys, capped.docs);
  return { key, ...packed, checksum: packedChecksum(key, packed) };
}

/** Whether entry `i` of packed article numbers is a common key's mark. */
export const isCommonMark = (docs: Uint8Array, i: number) => docAt(docs, i) === COMMON_MARK;

/**
 * Sorted entries with each key shared by more than COMMON_BUCKET articles, or already marked,
 * replaced by one COMMON_MARK entry; the arrays themselves when no key is.
 */
export function markCommonKeys(keys: Uint32Array, docs: Uint8Array): { keys: Uint32Array; docs: Uint8Array } {
  const n = keys.length;
  let common = false;
  for (let i = 0; i < n; i++) {
    if ((i + COMMON_BUCKET < n && keys[i + COMMON_BUCKET] === keys[i]) || isCommonMark(docs, i)) {
      common = true;
      break;
    }
  }
  if (!common) return { keys, docs };
  const outKeys = new Uint32Array(n);
  const outDocs = new Uint8Array(docBytes(n));
  let m = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    let marked = isCommonMark(docs, i);
    for (; j < n && keys[j] === keys[i]; j++) if (isCommonMark(docs, j)) marked = true;
    if (marked || j - i > COMMON_BUCKET) {
      outKeys[m] = keys[i]!;
      outDocs.fill(0xff, m * 3, m * 3 + 3);
      m++;
    } else {
      outKeys.set(keys.subarray(i, j), m);
      outDocs.set(docs.subarray(i * 3, j * 3), m * 3);
      m += j - i;
    }
    i = j;
  }
  return { keys: outKeys.slice(0, m), docs: outDocs.slice(0, docBytes(m)) };
}

/**
 * Shard `key`'s entries, unpacked; throws SnapshotError unless `s` is that shard as written
 * (packed or not): its checksum, its lengths, and article numbers below `docs`.
 */
export function verifyShard(s: ShardRecord | undefined, key: number, docs: number): Shard {
  if (!s) throw new SnapshotError(`index shard ${key} is missing`);
  if (s.key !== key) throw new SnapshotError(`index shard ${key} is malformed`);
  const shard = 'words' in s ? unpackedShard(s, key) : unpackedRecord(s, key);
  for (let i = 0; i < shard.keys.length; i++) {
    const d = docAt(shard.docs, i);
    if (d >= docs && d !== COMMON_MARK) throw new SnapshotError(`index shard ${key} names an article it cannot`);
  }
  return shard;
}

function unpackedShard(s: PackedShard, key: number): Shard {
  if (!(s.words instanceof Uint32Array)) throw new SnapshotError(`index shard ${key} is malformed`);
  if (packedChecksum(key, s) !== s.checksum) throw new SnapshotError(`index shard ${key} checksum does not match`);
  try {
    return { key, ...unpackEntries(s) };
  } catch (e) {
    if (e instanceof PackedShardError) throw new SnapshotError(`index shard ${key} is malformed (${e.message})`);
    throw e;
  }
}

function unpackedRecord(s: StoredShard, key: number): Shard {
  if (!(s.keys instanceof Uint32Array) || !(s.docs instanceof Uint8Array) || s.docs.length !== docBytes(s.keys.length)) {
    throw new SnapshotError(`index shard ${key} is malformed`);
  }
  if (shardChecksum(key, s.keys, s.docs) !== s.checksum) throw new SnapshotError(`index shard ${key} checksum does not match`);
  return { key, keys: s.keys, docs: s.docs };
}

/** A run of one band's sorted entries: keys and packed article numbers (tables.ts's layout). */
export interface BandRun {
  keys: Uint32Array;
  docs: Uint8Array;
  /** Added to every article number read from `docs`. */
  offset: number;
}

/**
 * Cuts one band's sorted run into the shards of `prefixBits`, calling `emit(prefix, from, to)`
 * for each non-empty prefix's entries [from, to).
 */
export function cutByPrefix(keys: Uint32Array, prefixBits: number, emit: (prefix: number, from: number, to: number) => void): void {
  const shift = 32 - prefixBits;
  let from = 0;
  while (from < keys.length) {
    const prefix = prefixBits === 0 ? 0 : keys[from]! >>> shift;
    let to = from + 1;
    while (to < keys.length && (prefixBits === 0 || keys[to]! >>> shift === prefix)) to++;
    emit(prefix, from, to);
    from = to;
  }
}

/**
 * Merges sorted runs into one shard's arrays, leaving out deleted articles and mapping article
 * numbers through `renumber` when given (-1: left out); common keys' marks pass unchanged.
 * Equal keys keep the runs' order.
 */
export function mergeRuns(runs: readonly BandRun[], deleted?: Uint8Array, renumber?: Int32Array): { keys: Uint32Array; docs: Uint8Array } {
  let total = 0;
  for (const r of runs) total += r.keys.length;
  const keys = new Uint32Array(total);
  const docs = new Uint8Array(docBytes(total));
  const at = runs.map(() => 0);
  let n = 0;
  for (;;) {
    let pick = -1;
    for (let r = 0; r < runs.length; r++) {
      if (at[r]! < runs[r]!.keys.length && (pick < 0 || runs[r]!.keys[at[r]!]! < runs[pick]!.keys[at[pick]!]!)) pick = r;
    }
    if (pick < 0) break;
    const run = runs[pick]!;
    const i = at[pick]!++;
    const o = i * 3;
    const raw = run.docs[o]! | (run.docs[o + 1]! << 8) | (run.docs[o + 2]! << 16);
    let d = raw === COMMON_MARK ? raw : raw + run.offset;
    if (d !== COMMON_MARK) {
      if (deleted && (deleted[d >>> 3]! & (1 << (d & 7))) !== 0) continue;
      if (renumber) {
        d = renumber[d]!;
        if (d < 0) continue;
      }
    }
    keys[n] = run.keys[i]!;
    const w = n * 3;
    docs[w] = d & 0xff;
    docs[w + 1] = (d >>> 8) & 0xff;
    docs[w + 2] = d >>> 16;
    n++;
  }
  return n === total ? { keys, docs } : { keys: keys.slice(0, n), docs: docs.slice(0, docBytes(n)) };
}

/** The bands of an index with these parameters. */
export const bandsOf = (params: FingerprintParams) => totalBands(params);
