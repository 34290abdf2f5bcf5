/**
 * The corpus index: LSH band tables in flat typed arrays.
 *
 * Each article contributes one 32-bit key per band (see fingerprint/minhash.ts). For every
 * band the index keeps the N keys sorted, with the article numbers alongside, so a lookup is
 * a search in a sorted array and the whole index is two typed arrays and a list of ids: no Map
 * of arrays to rebuild when a service worker wakes up, nothing to walk when it is saved. This
 * is uBlock Origin's trick for its filter index. Keys are sorted with a two-pass radix sort,
 * linear in N.
 *
 * Layout (format 2), per band-article entry: the sorted 32-bit key (4 B) and the article
 * number packed in 24 bits (3 B; up to 16.7 million articles). Format 1 also kept every
 * article's band keys in article order (4 B more) for `entries()`; they are the same keys in
 * another order, so `entries()` now scatters them back out of the tables, and article numbers
 * lost their unused top byte. 128 bands × 7 B = 896 B per article, down from 1,536 B; the
 * snapshot is exactly these arrays. A per-band directory over the top bits of the key (about
 * 8 keys per slot, ≤ 1 B per entry) is rebuilt on load in one sequential pass, so a lookup
 * reads one slot and searches a few keys instead of a 17–20-step binary search of cache
 * misses. Measured (npm run bench, synthetic corpus): see docs/ARCHITECTURE.md, "How cost
 * grows".
 *
 * Retrieval is recall-first: every article that shares a band with the page is counted, then
 * ranked by the estimated Jaccard similarity the shared bands imply (f shared bands of b with
 * r rows each estimate J ≈ f^(1/r)), and the best channel wins. A bucket holding more than
 * COMMON_BUCKET articles is boilerplate shared by many stories and is skipped, as
 * SuperFastMatch dropped hashes found in more than 100 documents.
 *
 * The index is immutable: `withChanges` returns a new one, so a failed import never leaves a
 * half-updated index in memory. Snapshots carry the fingerprint parameters, a format version
 * and a checksum; one that does not verify is refused, and the caller rebuilds from the stored
 * band keys.
 */

import { checksumWords, hashString } from '../fingerprint/hash';
import { type Fingerprint, type FingerprintParams, assertComparable, paramsKey, totalBands } from '../fingerprint/minhash';
import type { Candidate } from '../types';

export const INDEX_FORMAT_VERSION = 2;
const COMMON_BUCKET = 100;
/** Article numbers are packed in 24 bits. */
export const MAX_ARTICLES = 1 << 24;

export interface IndexEntry {
  id: string;
  bandKeys: Uint32Array;
}

export interface IndexSnapshot {
  formatVersion: number;
  params: FingerprintParams;
  ids: string[];
  /** bands × N: per band, the keys sorted ascending. */
  tableKeys: Uint32Array;
  /**
   * bands × N article numbers of the sorted keys, 24 bits little-endian each, padded to a
   * multiple of 4 bytes (so the checksum reads it as 32-bit words).
   */
  tableDocs: Uint8Array;
  checksum: number;
}

/** A retrieved article with the estimated similarity from each channel (0–1). */
export interface ChannelCandidate extends Candidate {
  verbatim: number;
  reworded: number;
  /** Containment-like: how much of some page window the article's passages explain. */
  passage: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

const docBytes = (entries: number) => (entries * 3 + 3) & ~3;

/** Bits of key prefix for the directory: about eight keys per slot. */
function directoryBits(n: number): number {
  let bits = 0;
  while (bits < 24 && 2 ** (bits + 3) < n) bits++;
  return bits;
}

/** Sorts keys ascending and carries vals along: LSD radix sort, two 16-bit passes. */
function sortPairs(keys: Uint32Array, vals: Uint32Array, scratch: { keys: Uint32Array; vals: Uint32Array; counts: Uint32Array }): void {
  const n = keys.length;
  const k2 = scratch.keys;
  const v2 = scratch.vals;
  const counts = scratch.counts;
  for (const shift of [0, 16]) {
    const [srcK, srcV, dstK, dstV] = shift === 0 ? [keys, vals, k2, v2] : [k2, v2, keys, vals];
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(srcK[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let i = 0; i < 65536; i++) {
      const c = counts[i]!;
      counts[i] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const slot = counts[(srcK[i]! >>> shift) & 0xffff]!++;
      dstK[slot] = srcK[i]!;
      dstV[slot] = srcV[i]!;
    }
  }
}

function snapshotChecksum(params: FingerprintParams, ids: string[], keys: Uint32Array, docs: Uint8Array): number {
  let h = hashString(paramsKey(params));
  for (const id of ids) h = checksumWords(Uint32Array.of(hashString(id)), h);
  h = checksumWords(keys, h);
  const words = docs.byteOffset % 4 === 0 ? new Uint32Array(docs.buffer, docs.byteOffset, docs.length >>> 2) : new Uint32Array(docs.slice().buffer);
  return checksumWords(words, h);
}

export class CorpusIndex {
  private position: Map<string, number> | undefined;
  private readonly n: number;
  private readonly bands: number;
  /** Per band, 2^bits + 1 offsets into the band's sorted keys, by key prefix. */
  private readonly directory: Uint32Array;
  private readonly bits: number;

  private constructor(
    readonly params: FingerprintParams,
    private readonly ids: string[],
    private readonly tableKeys: Uint32Array,
    private readonly tableDocs: Uint8Array,
  ) {
    this.n = ids.length;
    this.bands = totalBands(params);
    this.bits = directoryBits(this.n);
    const slots = 2 ** this.bits;
    const shift = 32 - this.bits;
    this.directory = new Uint32Array(this.bands * (slots + 1));
    for (let b = 0; b < this.bands; b++) {
      const base = b * this.n;
      const at = b * (slots + 1);
      let slot = 0;
      for (let i = 0; i < this.n; i++) {
        const prefix = this.bits === 0 ? 0 : tableKeys[base + i]! >>> shift;
        while (slot <= prefix) this.directory[at + slot++] = i;
      }
      while (slot <= slots) this.directory[at + slot++] = this.n;
    }
  }

  static build(params: FingerprintParams, entries: readonly IndexEntry[]): CorpusIndex {
    const bands = totalBands(params);
    const ids: string[] = [];
    const seen = new Map<string, number>();
    const rows: Uint32Array[] = [];
    for (const e of entries) {
      if (e.bandKeys.length !== bands) throw new Error(`article ${e.id}: expected ${bands} band keys, got ${e.bandKeys.length}`);
      const at = seen.get(e.id);
      if (at === undefined) {
        seen.set(e.id, ids.length);
        ids.push(e.id);
        rows.push(e.bandKeys);
      } else {
        rows[at] = e.bandKeys; // a later entry for the same id replaces the earlier one
      }
    }
    const n = ids.length;
    if (n > MAX_ARTICLES) throw new Error(`an index holds at most ${MAX_ARTICLES} articles`);
    const tableKeys = new Uint32Array(n * bands);
    const tableDocs = new Uint8Array(docBytes(n * bands));
    const docs = new Uint32Array(n);
    const scratch = { keys: new Uint32Array(n), vals: new Uint32Array(n), counts: new Uint32Array(65536) };
    for (let b = 0; b < bands; b++) {
      const keys = tableKeys.subarray(b * n, (b + 1) * n);
      for (let d = 0; d < n; d++) {
        keys[d] = rows[d]![b]!;
        docs[d] = d;
      }
      sortPairs(keys, docs, scratch);
      for (let i = 0, o = b * n * 3; i < n; i++, o += 3) {
        const d = docs[i]!;
        tableDocs[o] = d & 0xff;
        tableDocs[o + 1] = (d >>> 8) & 0xff;
        tableDocs[o + 2] = d >>> 16;
      }
    }
    return new CorpusIndex(params, ids, tableKeys, tableDocs);
  }

  static empty(params: FingerprintParams): CorpusIndex {
    return CorpusIndex.build(params, []);
  }

  /** Restores a saved index; throws SnapshotError if it cannot be trusted. */
  static fromSnapshot(s: IndexSnapshot, expected: FingerprintParams): CorpusIndex {
    if (!s || typeof s !== 'object') throw new SnapshotError('index snapshot is missing');
    if (s.formatVersion !== INDEX_FORMAT_VERSION) throw new SnapshotError(`index format ${s.formatVersion} is not ${INDEX_FORMAT_VERSION}`);
    if (!Array.isArray(s.ids) || !s.ids.every((id) => typeof id === 'string')) throw new SnapshotError('index snapshot has no article list');
    if (!s.params?.verbatim || !s.params.reworded || typeof s.params.passageBands !== 'number' || paramsKey(s.params) !== paramsKey(expected)) throw new SnapshotError('index was built with other fingerprint parameters');
    const bands = totalBands(s.params);
    const n = s.ids.length;
    if (n > MAX_ARTICLES) throw new SnapshotError('index snapshot holds too many articles');
    if (!(s.tableKeys instanceof Uint32Array) || s.tableKeys.length !== n * bands) throw new SnapshotError('index snapshot is truncated');
    if (!(s.tableDocs instanceof Uint8Array) || s.tableDocs.length !== docBytes(n * bands)) throw new SnapshotError('index snapshot is truncated');
    if (snapshotChecksum(s.params, s.ids, s.tableKeys, s.tableDocs) !== s.checksum) {
      throw new SnapshotError('index snapshot checksum does not match');
    }
    return new CorpusIndex(s.params, s.ids, s.tableKeys, s.tableDocs);
  }

  toSnapshot(): IndexSnapshot {
    return {
      formatVersion: INDEX_FORMAT_VERSION,
      params: this.params,
      ids: this.ids.slice(),
      tableKeys: this.tableKeys,
      tableDocs: this.tableDocs,
      checksum: snapshotChecksum(this.params, this.ids, this.tableKeys, this.tableDocs),
    };
  }

  get size(): number {
    return this.n;
  }

  /** Bytes of the typed arrays held in memory (tables and directory; ids not counted). */
  get tableBytes(): number {
    return this.tableKeys.byteLength + this.tableDocs.byteLength + this.directory.byteLength;
  }

  has(id: string): boolean {
    // Built on first use: a Map of a million ids costs more than the tables' keys for them.
    this.position ??= new Map(this.ids.map((id, i) => [id, i]));
    return this.position.has(id);
  }

  private docAt(entry: number): number {
    const o = entry * 3;
    return this.tableDocs[o]! | (this.tableDocs[o + 1]! << 8) | (this.tableDocs[o + 2]! << 16);
  }

  /** Every article's band keys, scattered back out of the sorted tables. */
  entries(): IndexEntry[] {
    const { n, bands } = this;
    const rows = new Uint32Array(n * bands);
    for (let b = 0; b < bands; b++) {
      for (let i = 0; i < n; i++) rows[this.docAt(b * n + i) * bands + b] = this.tableKeys[b * n + i]!;
    }
    // Copies, not views: a view would drag the whole buffer into every structured clone.
    return this.ids.map((id, d) => ({ id, bandKeys: rows.slice(d * bands, (d + 1) * bands) }));
  }

  /** A new index with these articles added (or replaced) and these removed. */
  withChanges(changes: { add?: readonly IndexEntry[]; remove?: readonly string[] }): CorpusIndex {
    const removed = new Set(changes.remove ?? []);
    const kept = this.entries().filter((e) => !removed.has(e.id));
    return CorpusIndex.build(this.params, [...kept, ...(changes.add ?? [])]);
  }

  /** Articles sharing at least one band with the page, best first. */
  query(fp: Fingerprint, limit = 10): Candidate[] {
    return this.queryChannels([fp])
      .slice(0, limit)
      .map(({ id, similarity }) => ({ id, similarity }));
  }

  /**
   * Where `key` sits in band `b`'s sorted keys: [from, to), empty when absent. The directory
   * slot of the key's top bits bounds the search to a handful of keys.
   */
  private find(b: number, key: number): [number, number] {
    const { n, bits } = this;
    const at = b * (2 ** bits + 1) + (bits === 0 ? 0 : key >>> (32 - bits));
    const base = b * n;
    let lo = this.directory[at]!;
    let hi = this.directory[at + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tableKeys[base + mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < n && this.tableKeys[base + end] === key) end++;
    return [base + lo, base + end];
  }

  /**
   * Articles sharing a band with any of the fingerprints (a page and windows of it), with the
   * best estimate per channel across them, ranked by the best channel.
   */
  queryChannels(fps: readonly Fingerprint[]): ChannelCandidate[] {
    const n = this.n;
    if (n === 0 || fps.length === 0) return [];
    const { verbatim: v, reworded: r, passageBands } = this.params;
    const ranges: [number, number, number][] = [
      [0, v.bands, v.rows],
      [v.bands, v.bands + r.bands, r.rows],
      [v.bands + r.bands, v.bands + r.bands + passageBands, 1],
    ];
    const best = new Map<number, [number, number, number]>();
    for (const fp of fps) {
      assertComparable(fp.params, this.params);
      const hits = new Map<number, [number, number, number]>();
      ranges.forEach(([from, to], channel) => {
        for (let b = from; b < to; b++) {
          const [lo, end] = this.find(b, fp.bandKeys[b]!);
          if (end - lo > COMMON_BUCKET) continue;
          for (let i = lo; i < end; i++) {
            const d = this.docAt(i);
            let h = hits.get(d);
            if (!h) hits.set(d, (h = [0, 0, 0]));
            h[channel]!++;
          }
        }
      });
      for (const [d, h] of hits) {
        const estimate = h.map((count, c) => Math.pow(count / (ranges[c]![1] - ranges[c]![0]), 1 / ranges[c]![2])) as [number, number, number];
        const was = best.get(d);
        best.set(d, was ? (was.map((x, c) => Math.max(x, estimate[c]!)) as [number, number, number]) : estimate);
      }
    }
    const out: ChannelCandidate[] = [];
    for (const [d, [verbatim, reworded, passage]] of best) {
      out.push({ id: this.ids[d]!, similarity: round3(Math.max(verbatim, reworded)), verbatim, reworded, passage });
    }
    out.sort((a, b) => b.similarity - a.similarity || b.passage - a.passage || (a.id < b.id ? -1 : 1));
    return out;
  }
}
