/**
 * The corpus index's band tables: for every band, the N articles' 32-bit keys sorted, with the
 * article numbers alongside, and a directory over the keys' top bits.
 *
 * Layout, per band-article entry: the sorted key (4 B) and the article number packed in 24
 * bits (3 B, little-endian; up to 16.7 million articles): 128 bands × 7 B = 896 B per article,
 * and the snapshot is exactly these arrays. An article's band keys are kept nowhere else:
 * `CorpusIndex.entries()` scatters them back out of the tables.
 *
 * - Sorting is a two-pass LSD radix sort (16 bits a pass), linear in N.
 * - A bulk build fills one flat, article-major key array and transposes it to band-major in
 *   tiles of TILE articles: a tile's keys (128 KB) stay in cache while each band's run of the
 *   tile is written sequentially. Gathering band by band from N per-article arrays would read
 *   each array once per band.
 * - The directory (about 8 keys per slot, ≤ 1 B per entry) is not saved: it is rebuilt on
 *   load in one sequential pass per band, a histogram of key prefixes and then a running sum,
 *   branch-free. A lookup reads one slot and scans a few keys instead of a 17–20-step binary
 *   search of cache misses.
 */

/** Article numbers are packed in 24 bits. */
export const MAX_ARTICLES = 1 << 24;
/** Articles per tile when transposing article-major keys to band-major. */
const TILE = 256;
/** Slots longer than this are binary-searched; shorter ones (the usual ~8 keys) are scanned. */
export const SCAN = 16;

export function checkArticleCount(n: number): void {
  if (n > MAX_ARTICLES) throw new Error(`an index holds at most ${MAX_ARTICLES} articles`);
}

/** Bytes of the packed article numbers of `entries` band-article entries, padded to whole 32-bit words. */
export const docBytes = (entries: number) => (entries * 3 + 3) & ~3;

/** The article number of table entry `entry`. */
export function docAt(tableDocs: Uint8Array, entry: number): number {
  const o = entry * 3;
  return tableDocs[o]! | (tableDocs[o + 1]! << 8) | (tableDocs[o + 2]! << 16);
}

/** Bits of key prefix for the directory: about eight keys per slot. */
export function directoryBits(n: number): number {
  let bits = 0;
  while (bits < 24 && 2 ** (bits + 3) < n) bits++;
  return bits;
}

/**
 * Per band, 2^bits + 1 offsets into the band's sorted keys by key prefix: each slot's offset is
 * the number of the band's keys with a smaller prefix.
 */
export function buildDirectory(tableKeys: Uint32Array, n: number, bands: number, bits: number): Uint32Array {
  const slots = 2 ** bits;
  const shift = 32 - bits;
  const directory = new Uint32Array(bands * (slots + 1));
  for (let b = 0; b < bands; b++) {
    const base = b * n;
    const at = b * (slots + 1) + 1;
    if (bits === 0) directory[at] = n;
    else for (let i = 0; i < n; i++) directory[at + (tableKeys[base + i]! >>> shift)]!++;
    let sum = 0;
    for (let slot = at; slot < at + slots; slot++) {
      sum += directory[slot]!;
      directory[slot] = sum;
    }
  }
  return directory;
}

/** Article-major keys (`keys[d·bands + b]`) → band-major (`out[b·n + d]`), tile by tile. */
export function transposeKeys(keys: Uint32Array, n: number, bands: number): Uint32Array {
  const tableKeys = new Uint32Array(n * bands);
  for (let d0 = 0; d0 < n; d0 += TILE) {
    const d1 = Math.min(n, d0 + TILE);
    for (let b = 0; b < bands; b++) {
      const out = b * n;
      for (let d = d0, i = d0 * bands + b; d < d1; d++, i += bands) tableKeys[out + d] = keys[i]!;
    }
  }
  return tableKeys;
}

/** Sorts each band's keys (band-major, bands × n) in place; returns the packed article numbers. */
export function sortTables(tableKeys: Uint32Array, n: number, bands: number): Uint8Array {
  const tableDocs = new Uint8Array(docBytes(n * bands));
  const docs = new Uint32Array(n);
  const scratch = { keys: new Uint32Array(n), vals: new Uint32Array(n), counts: new Uint32Array(65536) };
  for (let b = 0; b < bands; b++) {
    const keys = tableKeys.subarray(b * n, (b + 1) * n);
    for (let d = 0; d < n; d++) docs[d] = d;
    sortPairs(keys, docs, scratch);
    for (let i = 0, o = b * n * 3; i < n; i++, o += 3) {
      const d = docs[i]!;
      tableDocs[o] = d & 0xff;
      tableDocs[o + 1] = (d >>> 8) & 0xff;
      tableDocs[o + 2] = d >>> 16;
    }
  }
  return tableDocs;
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

/** The first position in keys[lo, hi) holding a key ≥ `key`. */
export function lowerBound(keys: Uint32Array, key: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
