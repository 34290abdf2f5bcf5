/**
 * Counting and ranking the articles a query's band lookups find, for any index that can hand
 * over a run of sorted keys with their packed article numbers: the in-memory tables
 * (corpus-index.ts) and the shards read from IndexedDB (sharded-index.ts) count the same way,
 * so they rank the same way.
 *
 * Hits are counted in byte arrays indexed by article number, not Maps: the estimate of a
 * channel rises with its count, so the best estimate across fingerprints is the estimate of
 * the highest count, and only counts are kept until the end. A bucket with more than
 * COMMON_BUCKET articles is boilerplate shared by many stories and is skipped, recognised by
 * one probe (is the key still there COMMON_BUCKET entries on?) instead of walking it.
 *
 * Each channel's estimate takes the best single fingerprint, which hides a source whose
 * passage is spread over several windows: each window shares one or two bands with it, as
 * many as chance gives hundreds of unrelated articles. `bandsShared` counts the distinct bands
 * an article shares with any of them (one bit per article and band): the windows of a source
 * passage meet different bands of its sketch, chance meets the same few, so this ranking puts
 * the source near the top where each channel's own ranking buries it among chance hits
 * (recall: retrieval.recall-vs-exhaustive in bench/results.json).
 *
 * Working memory is allocated once per counter and left zeroed by every query: 24 B per
 * article (24 MB at a million), no per-query allocation of n entries.
 */

import type { FingerprintParams } from '../fingerprint/minhash';

/** Buckets holding more articles than this are skipped as common. */
export const COMMON_BUCKET = 100;

/** An article found by a query, by number, with its best count per channel. */
export interface Counted {
  doc: number;
  verbatim: number;
  reworded: number;
  passage: number;
  similarity: number;
  bandsShared: number;
}

/** Band ranges [from, to) and the channel each counts towards (0 verbatim, 1 reworded, 2 passage). */
export function channelRanges(params: FingerprintParams): [number, number, number][] {
  const { verbatim: v, reworded: r, passageBands, leadBands } = params;
  // The lead bands are reworded bands of the text's opening, so they count with the reworded channel.
  const passageStart = v.bands + r.bands;
  const leadStart = passageStart + passageBands;
  return [
    [0, v.bands, 0],
    [v.bands, passageStart, 1],
    [passageStart, leadStart, 2],
    [leadStart, leadStart + leadBands, 1],
  ];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export class ChannelCounter {
  private readonly counts: Uint8Array;
  private readonly best: Uint8Array;
  private readonly shared: Uint16Array;
  private readonly seen: Uint32Array;
  private readonly seenWords: number;
  private touched: Uint32Array;
  private all: Uint32Array;
  private t = 0;
  private m = 0;
  /** Per channel, the estimate of each count: f shared bands of b with r rows estimate J ≈ (f/b)^(1/r). */
  readonly estimates: [Float64Array, Float64Array, Float64Array];

  constructor(
    readonly params: FingerprintParams,
    private readonly n: number,
    bands: number,
  ) {
    this.seenWords = (bands + 31) >>> 5;
    this.counts = new Uint8Array(n * 3);
    this.best = new Uint8Array(n * 3);
    this.shared = new Uint16Array(n);
    this.seen = new Uint32Array(n * this.seenWords);
    this.touched = new Uint32Array(Math.min(n, bands * COMMON_BUCKET));
    this.all = new Uint32Array(Math.min(n, 4096));
    const { verbatim: v, reworded: r, passageBands, leadBands } = params;
    const sizes = [v.bands, r.bands + leadBands, passageBands];
    const rows = [v.rows, r.rows, 1];
    this.estimates = sizes.map((size, c) => Float64Array.from({ length: size + 1 }, (_, f) => Math.pow(f / size, 1 / rows[c]!))) as [Float64Array, Float64Array, Float64Array];
  }

  /**
   * Counts the run of `key` in keys[lo, end) (lo: the first position whose key is ≥ `key`, end:
   * the end of the sorted run the key may extend to) for band `b` of channel `c`. Articles whose
   * bit is set in `deleted` are not counted.
   */
  run(keys: Uint32Array, docs: Uint8Array, lo: number, end: number, key: number, b: number, c: number, deleted?: Uint8Array): void {
    if (lo >= end || keys[lo] !== key) return;
    if (lo + COMMON_BUCKET < end && keys[lo + COMMON_BUCKET] === key) return;
    const { counts, seen, shared } = this;
    const sw = this.seenWords;
    const word = b >>> 5;
    const bit = 1 << (b & 31);
    const weight = c === 0 ? 2 : 1;
    let touched = this.touched;
    for (let i = lo; i < end && keys[i] === key; i++) {
      const o = i * 3;
      const d = docs[o]! | (docs[o + 1]! << 8) | (docs[o + 2]! << 16);
      if (deleted && (deleted[d >>> 3]! & (1 << (d & 7))) !== 0) continue;
      const d3 = d * 3;
      if ((counts[d3]! | counts[d3 + 1]! | counts[d3 + 2]!) === 0) {
        if (this.t === touched.length) touched = this.touched = grow(touched, this.n);
        touched[this.t++] = d3;
      }
      counts[d3 + c]!++;
      const w = d * sw + word;
      if ((seen[w]! & bit) === 0) {
        seen[w] = seen[w]! | bit;
        shared[d] = shared[d]! + weight;
      }
    }
  }

  /** Ends one fingerprint: its counts become the best so far, and are cleared. */
  endFingerprint(): void {
    const { counts, best } = this;
    let all = this.all;
    for (let k = 0; k < this.t; k++) {
      const d3 = this.touched[k]!;
      if ((best[d3]! | best[d3 + 1]! | best[d3 + 2]!) === 0) {
        if (this.m === all.length) all = this.all = grow(all, this.n);
        all[this.m++] = d3;
      }
      for (let c = 0; c < 3; c++) {
        if (counts[d3 + c]! > best[d3 + c]!) best[d3 + c] = counts[d3 + c]!;
        counts[d3 + c] = 0;
      }
    }
    this.t = 0;
  }

  /**
   * The articles found, and clears the counter. With `keep`, only the best `keep.overall` in
   * the ranking (best channel, then passage, then `tie`) and the best `keep.perChannel` of each
   * channel with a hit there and of `bandsShared` (ties in the ranking's order) are returned:
   * a check uses no others, and at 100k a page finds thousands of weak candidates (one shared
   * one-row passage band) whose objects and sort cost more than the lookup.
   */
  finish(keep: { overall: number; perChannel: number } | undefined, tie: (a: number, b: number) => number): Counted[] {
    const m = this.m;
    let chosen: Uint32Array = this.all.subarray(0, m);
    if (keep && m > keep.overall + 4 * keep.perChannel) chosen = this.selectBest(chosen, keep, tie);
    const [ev, er, ep] = this.estimates;
    const { best, shared, seen } = this;
    const out: Counted[] = new Array(chosen.length);
    for (let k = 0; k < chosen.length; k++) {
      const d3 = chosen[k]!;
      const verbatim = ev[best[d3]!]!;
      const reworded = er[best[d3 + 1]!]!;
      out[k] = { doc: d3 / 3, similarity: round3(Math.max(verbatim, reworded)), verbatim, reworded, passage: ep[best[d3 + 2]!]!, bandsShared: shared[d3 / 3]! };
    }
    const sw = this.seenWords;
    for (let k = 0; k < m; k++) {
      const d3 = this.all[k]!;
      best[d3] = best[d3 + 1] = best[d3 + 2] = 0;
      const d = d3 / 3;
      shared[d] = 0;
      seen.fill(0, d * sw, (d + 1) * sw);
    }
    this.m = 0;
    return out;
  }

  /**
   * The union of the best `overall` candidates in the ranking and the best `perChannel` of each
   * channel (by that channel's estimate, then the ranking), from candidates given as 3·article
   * numbers. A small sorted list per ordering; most candidates lose one comparison with its
   * last entry.
   */
  private selectBest(cands: Uint32Array, keep: { overall: number; perChannel: number }, tie: (a: number, b: number) => number): Uint32Array {
    const { best, shared } = this;
    const est = this.estimates;
    const sim = (d3: number) => round3(Math.max(est[0][best[d3]!]!, est[1][best[d3 + 1]!]!));
    // Negative when a ranks before b in the full ranking.
    const rank = (a: number, b: number) => sim(b) - sim(a) || est[2][best[b + 2]!]! - est[2][best[a + 2]!]! || tie(a / 3, b / 3);
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

function grow(a: Uint32Array, cap: number): Uint32Array {
  const grown = new Uint32Array(Math.max(a.length + 1, Math.min(cap, a.length * 2)));
  grown.set(a);
  return grown;
}
