/**
 * The corpus index: LSH band tables in flat typed arrays.
 *
 * Each article contributes one 32-bit key per band (see fingerprint/minhash.ts). For every
 * band the index keeps the N keys sorted, with the article numbers alongside, so a lookup is
 * a binary search and the whole index is three Uint32Arrays and a list of ids: no Map of
 * arrays to rebuild when a service worker wakes up, nothing to walk when it is saved. This is
 * uBlock Origin's trick for its filter index. Keys are sorted with a two-pass radix sort,
 * linear in N.
 *
 * Retrieval is recall-first: every article that shares a band with the page is counted, then
 * ranked by the estimated Jaccard similarity the shared bands imply (f shared bands of b with
 * r rows each estimate J ≈ f^(1/r)), and the best channel wins. A bucket holding more than
 * COMMON_BUCKET articles is boilerplate shared by many stories and is skipped, as
 * SuperFastMatch dropped hashes found in more than 100 documents.
 *
 * The index is immutable: `withChanges` returns a new one, so a failed import never leaves a
 * half-updated index in memory. Snapshots carry the fingerprint parameters and a checksum; one
 * that does not verify is refused, and the caller rebuilds from the stored band keys.
 */

import { checksumWords, hashString } from '../fingerprint/hash';
import { type Fingerprint, type FingerprintParams, assertComparable, paramsKey, totalBands } from '../fingerprint/minhash';
import type { Candidate } from '../types';

export const INDEX_FORMAT_VERSION = 1;
const COMMON_BUCKET = 100;

export interface IndexEntry {
  id: string;
  bandKeys: Uint32Array;
}

export interface IndexSnapshot {
  formatVersion: number;
  params: FingerprintParams;
  ids: string[];
  /** N × bands: each article's band keys, in article order. */
  bandKeys: Uint32Array;
  /** bands × N: per band, the keys sorted ascending. */
  tableKeys: Uint32Array;
  /** bands × N: the article number of each sorted key. */
  tableDocs: Uint32Array;
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

/** Sorts keys ascending and carries vals along: LSD radix sort, two 16-bit passes. */
function sortPairs(keys: Uint32Array, vals: Uint32Array): void {
  const n = keys.length;
  const k2 = new Uint32Array(n);
  const v2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
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

function snapshotChecksum(params: FingerprintParams, ids: string[], arrays: Uint32Array[]): number {
  let h = hashString(paramsKey(params));
  for (const id of ids) h = checksumWords(Uint32Array.of(hashString(id)), h);
  for (const a of arrays) h = checksumWords(a, h);
  return h;
}

export class CorpusIndex {
  private readonly position: Map<string, number>;

  private constructor(
    readonly params: FingerprintParams,
    private readonly ids: string[],
    private readonly bandKeys: Uint32Array,
    private readonly tableKeys: Uint32Array,
    private readonly tableDocs: Uint32Array,
  ) {
    this.position = new Map(ids.map((id, i) => [id, i]));
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
    const bandKeys = new Uint32Array(n * bands);
    rows.forEach((r, i) => bandKeys.set(r, i * bands));
    const tableKeys = new Uint32Array(n * bands);
    const tableDocs = new Uint32Array(n * bands);
    for (let b = 0; b < bands; b++) {
      const keys = tableKeys.subarray(b * n, (b + 1) * n);
      const docs = tableDocs.subarray(b * n, (b + 1) * n);
      for (let d = 0; d < n; d++) {
        keys[d] = bandKeys[d * bands + b]!;
        docs[d] = d;
      }
      sortPairs(keys, docs);
    }
    return new CorpusIndex(params, ids, bandKeys, tableKeys, tableDocs);
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
    for (const a of [s.bandKeys, s.tableKeys, s.tableDocs]) {
      if (!(a instanceof Uint32Array) || a.length !== n * bands) throw new SnapshotError('index snapshot is truncated');
    }
    if (snapshotChecksum(s.params, s.ids, [s.bandKeys, s.tableKeys, s.tableDocs]) !== s.checksum) {
      throw new SnapshotError('index snapshot checksum does not match');
    }
    return new CorpusIndex(s.params, s.ids, s.bandKeys, s.tableKeys, s.tableDocs);
  }

  toSnapshot(): IndexSnapshot {
    return {
      formatVersion: INDEX_FORMAT_VERSION,
      params: this.params,
      ids: this.ids.slice(),
      bandKeys: this.bandKeys,
      tableKeys: this.tableKeys,
      tableDocs: this.tableDocs,
      checksum: snapshotChecksum(this.params, this.ids, [this.bandKeys, this.tableKeys, this.tableDocs]),
    };
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.position.has(id);
  }

  entries(): IndexEntry[] {
    const bands = totalBands(this.params);
    return this.ids.map((id, d) => ({ id, bandKeys: this.bandKeys.slice(d * bands, (d + 1) * bands) }));
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
   * Articles sharing a band with any of the fingerprints (a page and windows of it), with the
   * best estimate per channel across them, ranked by the best channel.
   */
  queryChannels(fps: readonly Fingerprint[]): ChannelCandidate[] {
    const n = this.ids.length;
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
          const key = fp.bandKeys[b]!;
          const base = b * n;
          let lo = 0;
          let hi = n;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.tableKeys[base + mid]! < key) lo = mid + 1;
            else hi = mid;
          }
          let end = lo;
          while (end < n && this.tableKeys[base + end] === key) end++;
          if (end - lo > COMMON_BUCKET) continue;
          for (let i = lo; i < end; i++) {
            const d = this.tableDocs[base + i]!;
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
