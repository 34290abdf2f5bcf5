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
import { type IndexSnapshot, makeSnapshot, verifySnapshot } from './snapshot';
import { SCAN, buildDirectory, checkArticleCount, directoryBits, docAt, lowerBound, sortTables, transposeKeys } from './tables';

export { INDEX_FORMAT_VERSION, type IndexSnapshot, SnapshotError } from './snapshot';
export { MAX_ARTICLES } from './tables';

const COMMON_BUCKET = 100;

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

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The ranking: best channel, then passage, then id. */
const byRank = (a: ChannelCandidate, b: ChannelCandidate) => b.similarity - a.similarity || b.passage - a.passage || (a.id < b.id ? -1 : 1);

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

  /** 32-bit words of `seen` per article: one bit per band. */
  private get seenWords(): number {
    return (this.bands + 31) >>> 5;
  }

  private scratch: { counts: Uint8Array; best: Uint8Array; shared: Uint16Array; seen: Uint32Array; touched: Uint32Array; all: Uint32Array; found: Uint32Array; spans: Int32Array } | undefined;

  /**
   * Per-query working memory, allocated once per index and reused: hit counts per article and
   * channel for one fingerprint (`counts`) and the best across fingerprints (`best`), as bytes
   * (a channel has ≤ 255 bands), the distinct bands shared across fingerprints (`seen`, one
   * bit per band, and their weighted count `shared`), flat lists of the articles touched, and
   * the bands' directory spans. Every query leaves the per-article arrays zeroed again, so no
   * query pays for clearing n entries. 24 B per article (24 MB at 1M).
   */
  private work() {
    this.scratch ??= {
      counts: new Uint8Array(this.n * 3),
      best: new Uint8Array(this.n * 3),
      shared: new Uint16Array(this.n),
      seen: new Uint32Array(this.n * this.seenWords),
      touched: new Uint32Array(Math.min(this.n, this.bands * COMMON_BUCKET)),
      all: new Uint32Array(Math.min(this.n, 4096)),
      found: new Uint32Array(Math.min(this.n, 1024)),
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
    const { spans, counts } = sc;
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
        if (counts[3 * d]) continue;
        counts[3 * d] = 1;
        if (m === found.length) {
          const grown = new Uint32Array(Math.min(n, m * 2));
          grown.set(found);
          found = sc.found = grown;
        }
        found[m++] = d;
      }
    }
    for (let i = 0; i < m; i++) counts[3 * found[i]!] = 0;
    return found.slice(0, m);
  }

  /**
   * Articles sharing a band with any of the fingerprints (a page and windows of it), with the
   * best estimate per channel across them, ranked by the best channel.
   *
   * Hits are counted in byte arrays indexed by article number, not Maps: the estimate of a
   * channel rises with its count, so the best estimate across fingerprints is the estimate of
   * the highest count, and only counts are kept until the end. A bucket with more than
   * COMMON_BUCKET articles is recognised by one probe (is the key still there COMMON_BUCKET
   * entries on?) instead of walking it.
   *
   * Each channel's estimate takes the best single fingerprint, which hides a source whose
   * passage is spread over several windows: each window shares one or two bands with it, as
   * many as chance gives hundreds of unrelated articles. `bandsShared` counts the distinct
   * bands an article shares with any of them (one bit per article and band): the windows of a
   * source passage meet different bands of its sketch, chance meets the same few, so on the
   * bench's embedded-passage pages this ranking puts the source near the top where each
   * channel's own ranking buries it among chance hits (recall: retrieval.recall-vs-exhaustive
   * in bench/results.json).
   *
   * With `keep`, only the best `keep.overall` candidates in this ranking and the best
   * `keep.perChannel` of each channel with a hit there, and of `bandsShared` (ties in the ranking's order), are made
   * into objects and returned, in the same order as the full list: a check uses no others, and
   * at 100k a page finds thousands of weak candidates (one shared one-row passage band) whose
   * objects and sort cost more than the lookup.
   */
  queryChannels(fps: readonly Fingerprint[], keep?: { overall: number; perChannel: number }): ChannelCandidate[] {
    const n = this.n;
    if (n === 0 || fps.length === 0) return [];
    for (const fp of fps) assertComparable(fp.params, this.params);
    const { verbatim: v, reworded: r, passageBands, leadBands } = this.params;
    // Band ranges and the channel each counts towards: the lead bands are reworded bands of the
    // text's opening, so they count with the reworded channel.
    const passageStart = v.bands + r.bands;
    const leadStart = passageStart + passageBands;
    const ranges: [number, number, number][] = [
      [0, v.bands, 0],
      [v.bands, passageStart, 1],
      [passageStart, leadStart, 2],
      [leadStart, leadStart + leadBands, 1],
    ];
    const sizes = [v.bands, r.bands + leadBands, passageBands];
    const rows = [v.rows, r.rows, 1];
    const estimates = sizes.map((size, c) => Float64Array.from({ length: size + 1 }, (_, f) => Math.pow(f / size, 1 / rows[c]!)));
    const sc = this.work();
    const { counts, best, touched, shared, seen } = sc;
    const sw = this.seenWords;
    const keys = this.tableKeys;
    const docs = this.tableDocs;
    let all = sc.all;
    let m = 0;
    const spans = sc.spans;
    for (const fp of fps) {
      let t = 0;
      this.spansOf(fp.bandKeys, 0, this.bands, spans);
      for (const [from, to, c] of ranges) {
        for (let b = from; b < to; b++) {
          const key = fp.bandKeys[b]!;
          const end = (b + 1) * n;
          const lo0 = spans[2 * b]!;
          const hi = spans[2 * b + 1]!;
          let lo = hi - lo0 > SCAN ? lowerBound(keys, key, lo0, hi) : lo0;
          while (lo < hi && keys[lo]! < key) lo++;
          if (lo >= end || keys[lo] !== key) continue;
          if (lo + COMMON_BUCKET < end && keys[lo + COMMON_BUCKET] === key) continue;
          const word = b >>> 5;
          const bit = 1 << (b & 31);
          const weight = c === 0 ? 2 : 1;
          for (let i = lo; i < end && keys[i] === key; i++) {
            const o = i * 3;
            const d = docs[o]! | (docs[o + 1]! << 8) | (docs[o + 2]! << 16);
            const d3 = d * 3;
            if ((counts[d3]! | counts[d3 + 1]! | counts[d3 + 2]!) === 0) touched[t++] = d3;
            counts[d3 + c]!++;
            const w = d * sw + word;
            if ((seen[w]! & bit) === 0) {
              seen[w] = seen[w]! | bit;
              shared[d] = shared[d]! + weight;
            }
          }
        }
      }
      for (let k = 0; k < t; k++) {
        const d3 = touched[k]!;
        if ((best[d3]! | best[d3 + 1]! | best[d3 + 2]!) === 0) {
          if (m === all.length) {
            const grown = new Uint32Array(Math.min(n, m * 2));
            grown.set(all);
            all = sc.all = grown;
          }
          all[m++] = d3;
        }
        for (let c = 0; c < 3; c++) {
          if (counts[d3 + c]! > best[d3 + c]!) best[d3 + c] = counts[d3 + c]!;
          counts[d3 + c] = 0;
        }
      }
    }
    const [ev, er, ep] = estimates as [Float64Array, Float64Array, Float64Array];
    const make = (d3: number): ChannelCandidate => {
      const verbatim = ev[best[d3]!]!;
      const reworded = er[best[d3 + 1]!]!;
      const passage = ep[best[d3 + 2]!]!;
      return { id: this.ids[d3 / 3]!, similarity: round3(Math.max(verbatim, reworded)), verbatim, reworded, passage, bandsShared: shared[d3 / 3]! };
    };
    let chosen: Uint32Array = all.subarray(0, m);
    if (keep && m > keep.overall + 4 * keep.perChannel) chosen = this.selectBest(chosen, keep, estimates as [Float64Array, Float64Array, Float64Array]);
    const out: ChannelCandidate[] = new Array(chosen.length);
    for (let k = 0; k < chosen.length; k++) out[k] = make(chosen[k]!);
    for (let k = 0; k < m; k++) {
      const d3 = all[k]!;
      best[d3] = best[d3 + 1] = best[d3 + 2] = 0;
      const d = d3 / 3;
      shared[d] = 0;
      seen.fill(0, d * sw, (d + 1) * sw);
    }
    out.sort(byRank);
    return out;
  }

  /**
   * The union of the best `overall` candidates in the ranking and the best `perChannel` of each
   * channel (by that channel's estimate, then the ranking), from candidates given as 3·article
   * numbers with their counts in `scratch.best`. A small sorted list per ordering; most
   * candidates lose one comparison with its last entry.
   */
  private selectBest(cands: Uint32Array, keep: { overall: number; perChannel: number }, est: [Float64Array, Float64Array, Float64Array]): Uint32Array {
    const { best, shared } = this.work();
    const ids = this.ids;
    const sim = (d3: number) => round3(Math.max(est[0][best[d3]!]!, est[1][best[d3 + 1]!]!));
    // Negative when a ranks before b in the full ranking.
    const rank = (a: number, b: number) => sim(b) - sim(a) || est[2][best[b + 2]!]! - est[2][best[a + 2]!]! || (ids[a / 3]! < ids[b / 3]! ? -1 : 1);
    const lists: { k: number; cmp: (a: number, b: number) => number; skip: (d3: number) => boolean; items: number[] }[] = [
      { k: keep.overall, cmp: rank, skip: () => false, items: [] },
      ...[0, 1, 2].map((c) => ({ k: keep.perChannel, cmp: (a: number, b: number) => est[c]![best[b + c]!]! - est[c]![best[a + c]!]! || rank(a, b), skip: (d3: number) => best[d3 + c] === 0, items: [] as number[] })),
      { k: keep.perChannel, cmp: (a: number, b: number) => shared[b / 3]! - shared[a / 3]! || rank(a, b), skip: () => false, items: [] },
    ];
    for (const list of lists) {
      const { k, cmp, skip, items } = list;
      if (k <= 0) continue;
      for (let i = 0; i < cands.length; i++) {
        const d3 = cands[i]!;
        if (skip(d3)) continue;
        if (items.length === k && cmp(d3, items[k - 1]!) >= 0) continue;
        let at = items.length === k ? k - 1 : items.length;
        while (at > 0 && cmp(d3, items[at - 1]!) < 0) {
          items[at] = items[at - 1]!;
          at--;
        }
        items[at] = d3;
      }
    }
    return Uint32Array.from(new Set(lists.flatMap((l) => l.items)));
  }
}
