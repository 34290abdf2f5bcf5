/**
 * The corpus index: LSH band tables in flat typed arrays, and the queries on them.
 *
 * Each article contributes one 32-bit key per band (see fingerprint/minhash.ts). For every
 * band the index keeps the N keys sorted, with the article numbers alongside, so a lookup is
 * a search in a sorted array and the whole index is two typed arrays and a list of ids: no Map
 * of arrays to rebuild when a service worker wakes up, nothing to walk when it is saved. This
 * is uBlock Origin's trick for its filter index. tables.ts builds and sorts the tables and
 * their directory; snapshot.ts saves and verifies them.
 *
 * Retrieval is recall-first: every article that shares a band with the page is counted, then
 * ranked by the estimated Jaccard similarity the shared bands imply (f shared bands of b with
 * r rows each estimate J ≈ f^(1/r)), and the best channel wins. A bucket holding more than
 * COMMON_BUCKET articles is boilerplate shared by many stories and is skipped, as
 * SuperFastMatch dropped hashes found in more than 100 documents; one probe (is the key still
 * there COMMON_BUCKET entries on?) recognises it without walking it.
 *
 * Query path: all of a fingerprint's directory reads first (independent loads whose cache
 * misses overlap), then a scan of the ~8 keys of each slot; hits counted in byte arrays
 * indexed by article number, reused across queries and left zeroed (no Map, no per-query
 * allocation of n entries); only the candidates a check uses become objects (`keep`).
 *
 * Measured (npm run bench; rows in bench/results.json, README "Speed and scale"): the raw
 * lookup from signature to ids against the `minhash` package's LshIndex on the same
 * signatures (lsh.query.vs-minhash), the lookup alone with band keys made beforehand on both
 * sides (lsh.lookup.vs-minhash: a directory read and a short scan cost about the cache misses
 * of a hash-table read, so this ratio is small), the three-channel query of a whole page
 * (lsh.query.channels) and a whole check (cli.query.p50).
 *
 * The index is immutable: `withChanges` returns a new one, so a failed import never leaves a
 * half-updated index in memory.
 */

import { type Fingerprint, type FingerprintParams, assertComparable, totalBands } from '../fingerprint/minhash';
import type { Candidate } from '../types';
import { ChannelCounter, channelRanges } from './channel-count';
import { type IndexSnapshot, makeSnapshot, verifySnapshot } from './snapshot';
import { SCAN, buildDirectory, checkArticleCount, directoryBits, docAt, lowerBound, sortTables, transposeKeys } from './tables';

export { INDEX_FORMAT_VERSION, type IndexSnapshot, SnapshotError } from './snapshot';
export { MAX_ARTICLES } from './tables';

export interface IndexEntry {
  id: string;
  bandKeys: Uint32Array;
}

/** A retrieved article with the estimated similarity from each channel (0–1). */
export interface ChannelCandidate extends Candidate {
  verbatim: number;
  reworded: number;
  /** Containment-like: how much of some page window the article's passages explain. */
  passage: number;
  /**
   * Distinct bands the article shares with the page or any of its windows, all channels
   * together (a verbatim band counts twice: it needs four values to agree, a reworded band two,
   * a passage band one). See `queryChannels` for why this ranking exists.
   */
  bandsShared: number;
}

/** The ranking: best channel, then passage, then id. */
export const byRank = (a: ChannelCandidate, b: ChannelCandidate) => b.similarity - a.similarity || b.passage - a.passage || (a.id < b.id ? -1 : 1);

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
    this.directory = buildDirectory(tableKeys, this.n, this.bands, this.bits);
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
    const flat = new Uint32Array(ids.length * bands);
    for (let d = 0; d < rows.length; d++) flat.set(rows[d]!, d * bands);
    rows.length = 0;
    return CorpusIndex.transposed(params, ids, flat);
  }

  /**
   * Builds from one flat array of every article's band keys, article-major (`keys[d·bands + b]`
   * is article d's key for band b), ids distinct: what a bulk build (CLI, pack, bench) fills as
   * it fingerprints, without an array per article (tables.ts transposes it).
   */
  static buildFlat(params: FingerprintParams, ids: string[], keys: Uint32Array): CorpusIndex {
    const bands = totalBands(params);
    const n = ids.length;
    checkArticleCount(n);
    if (keys.length !== n * bands) throw new Error(`expected ${n * bands} band keys, got ${keys.length}`);
    if (new Set(ids).size !== n) throw new Error('article ids must be distinct');
    return CorpusIndex.transposed(params, ids.slice(), keys);
  }

  private static transposed(params: FingerprintParams, ids: string[], keys: Uint32Array): CorpusIndex {
    checkArticleCount(ids.length);
    return CorpusIndex.sorted(params, ids, transposeKeys(keys, ids.length, totalBands(params)));
  }

  /** An index of band-major keys (`bands × ids.length`), sorted here in place. */
  private static sorted(params: FingerprintParams, ids: string[], tableKeys: Uint32Array): CorpusIndex {
    const tableDocs = sortTables(tableKeys, ids.length, totalBands(params));
    return new CorpusIndex(params, ids, tableKeys, tableDocs);
  }

  static empty(params: FingerprintParams): CorpusIndex {
    return CorpusIndex.build(params, []);
  }

  /** Restores a saved index; throws SnapshotError if it cannot be trusted. */
  static fromSnapshot(s: IndexSnapshot, expected: FingerprintParams): CorpusIndex {
    verifySnapshot(s, expected);
    return new CorpusIndex(s.params, s.ids, s.tableKeys, s.tableDocs);
  }

  toSnapshot(): IndexSnapshot {
    return makeSnapshot(this.params, this.ids, this.tableKeys, this.tableDocs);
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

  /** Band `b`'s sorted keys and their packed article numbers: views into the tables, not copies. */
  bandRun(b: number): { keys: Uint32Array; docs: Uint8Array } {
    const n = this.n;
    return { keys: this.tableKeys.subarray(b * n, (b + 1) * n), docs: this.tableDocs.subarray(b * n * 3, (b + 1) * n * 3) };
  }

  /** Every article's band keys, scattered back out of the sorted tables. */
  entries(): IndexEntry[] {
    const { n, bands } = this;
    const rows = new Uint32Array(n * bands);
    for (let b = 0; b < bands; b++) {
      for (let i = 0; i < n; i++) rows[docAt(this.tableDocs, b * n + i) * bands + b] = this.tableKeys[b * n + i]!;
    }
    // Copies, not views: a view would drag the whole buffer into every structured clone.
    return this.ids.map((id, d) => ({ id, bandKeys: rows.slice(d * bands, (d + 1) * bands) }));
  }

  /**
   * A new index with these articles added (or replaced) and these removed. Kept articles keep
   * their order and their keys are copied table to table, band-major, without a per-article
   * array each; an added id that is already present replaces that article's keys in place.
   */
  withChanges(changes: { add?: readonly IndexEntry[]; remove?: readonly string[] }): CorpusIndex {
    const { n, bands } = this;
    const removed = new Set(changes.remove ?? []);
    const ids: string[] = [];
    const newPos = new Int32Array(n).fill(-1);
    const position = new Map<string, number>();
    for (let d = 0; d < n; d++) {
      const id = this.ids[d]!;
      if (removed.has(id)) continue;
      newPos[d] = ids.length;
      position.set(id, ids.length);
      ids.push(id);
    }
    const added: [number, Uint32Array][] = [];
    for (const e of changes.add ?? []) {
      if (e.bandKeys.length !== bands) throw new Error(`article ${e.id}: expected ${bands} band keys, got ${e.bandKeys.length}`);
      let at = position.get(e.id);
      if (at === undefined) {
        at = ids.length;
        position.set(e.id, at);
        ids.push(e.id);
      }
      added.push([at, e.bandKeys]);
    }
    const m = ids.length;
    checkArticleCount(m);
    const tableKeys = new Uint32Array(m * bands);
    for (let b = 0; b < bands; b++) {
      const src = b * n;
      const dst = b * m;
      for (let i = 0; i < n; i++) {
        const to = newPos[docAt(this.tableDocs, src + i)]!;
        if (to >= 0) tableKeys[dst + to] = this.tableKeys[src + i]!;
      }
    }
    for (const [at, keys] of added) for (let b = 0; b < bands; b++) tableKeys[b * m + at] = keys[b]!;
    return CorpusIndex.sorted(this.params, ids, tableKeys);
  }

  /** Articles sharing at least one band with the page, best first. */
  query(fp: Fingerprint, limit = 10): Candidate[] {
    return this.queryChannels([fp])
      .slice(0, limit)
      .map(({ id, similarity }) => ({ id, similarity }));
  }

  private scratch: { counter: ChannelCounter; found: Uint32Array; marks: Uint8Array; spans: Int32Array } | undefined;

  /** Per-query working memory, allocated once per index and reused (see channel-count.ts). */
  private work() {
    this.scratch ??= {
      counter: new ChannelCounter(this.params, this.n, this.bands),
      found: new Uint32Array(Math.min(this.n, 1024)),
      marks: new Uint8Array(this.n),
      spans: new Int32Array(this.bands * 2),
    };
    return this.scratch;
  }

  /**
   * Each band's directory span for these keys, into `spans` (absolute entry numbers [lo, hi)):
   * all the directory reads first, independent of each other, so their cache misses overlap
   * instead of each waiting for the previous band's search.
   */
  private spansOf(bandKeys: Uint32Array, from: number, to: number, spans: Int32Array): void {
    const { n, bits } = this;
    const dir = this.directory;
    const stride = (1 << bits) + 1;
    const shift = 32 - bits;
    for (let b = from; b < to; b++) {
      const at = b * stride + (bits === 0 ? 0 : bandKeys[b]! >>> shift);
      spans[2 * b] = b * n + dir[at]!;
      spans[2 * b + 1] = b * n + dir[at + 1]!;
    }
  }

  /** The id of article number `d` (as returned by `articlesSharingBands`). */
  idAt(d: number): string {
    return this.ids[d]!;
  }

  /**
   * The raw LSH lookup: the article numbers that share at least one of bands [from, to) with
   * these band keys, each once, in no particular order. No bucket is skipped; this is what a
   * textbook LSH index (and the `minhash` package's LshIndex) answers, for comparing with one.
   */
  articlesSharingBands(bandKeys: Uint32Array, from = 0, to = this.bands): Uint32Array {
    const { n } = this;
    if (n === 0) return new Uint32Array(0);
    const sc = this.work();
    const { spans, marks } = sc;
    let found = sc.found;
    this.spansOf(bandKeys, from, to, spans);
    let m = 0;
    const keys = this.tableKeys;
    const docs = this.tableDocs;
    for (let b = from; b < to; b++) {
      const key = bandKeys[b]!;
      const i0 = spans[2 * b]!;
      const hi = spans[2 * b + 1]!;
      let i = hi - i0 > SCAN ? lowerBound(keys, key, i0, hi) : i0;
      while (i < hi && keys[i]! < key) i++;
      const end = (b + 1) * n;
      for (; i < end && keys[i] === key; i++) {
        const o = i * 3;
        const d = docs[o]! | (docs[o + 1]! << 8) | (docs[o + 2]! << 16);
        if (marks[d]) continue;
        marks[d] = 1;
        if (m === found.length) {
          const grown = new Uint32Array(Math.min(n, m * 2));
          grown.set(found);
          found = sc.found = grown;
        }
        found[m++] = d;
      }
    }
    for (let i = 0; i < m; i++) marks[found[i]!] = 0;
    return found.slice(0, m);
  }

  /**
   * Articles sharing a band with any of the fingerprints (a page and windows of it), with the
   * best estimate per channel across them, ranked by the best channel (channel-count.ts says
   * how they are counted). With `keep`, only the candidates a check can use are made into
   * objects (ChannelCounter.finish).
   */
  queryChannels(fps: readonly Fingerprint[], keep?: { overall: number; perChannel: number }): ChannelCandidate[] {
    const n = this.n;
    if (n === 0 || fps.length === 0) return [];
    for (const fp of fps) assertComparable(fp.params, this.params);
    const ranges = channelRanges(this.params);
    const { counter, spans } = this.work();
    const keys = this.tableKeys;
    const docs = this.tableDocs;
    for (const fp of fps) {
      this.spansOf(fp.bandKeys, 0, this.bands, spans);
      for (const [from, to, c] of ranges) {
        for (let b = Math.max(from, fp.firstBand); b < to; b++) {
          const key = fp.bandKeys[b]!;
          const lo0 = spans[2 * b]!;
          const hi = spans[2 * b + 1]!;
          let lo = hi - lo0 > SCAN ? lowerBound(keys, key, lo0, hi) : lo0;
          while (lo < hi && keys[lo]! < key) lo++;
          counter.run(keys, docs, lo, (b + 1) * n, key, b, c);
        }
      }
      counter.endFingerprint();
    }
    const ids = this.ids;
    const found = counter.finish(keep, (a, b) => (ids[a]! < ids[b]! ? -1 : 1));
    const out: ChannelCandidate[] = found.map(({ doc, ...rest }) => ({ id: ids[doc]!, ...rest }));
    out.sort(byRank);
    return out;
  }
}
