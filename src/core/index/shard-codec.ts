/**
 * A shard's entries packed for storage: its sorted keys as Rice-coded gaps, its article
 * numbers in as few bits as the largest of them needs.
 *
 * - Keys: the first key in 32 bits, then each gap to the next key (0 for a key shared by
 *   several articles) as a quotient in unary and a remainder in `gapBits` bits, where
 *   `gapBits` is ⌊log₂ of the mean gap⌋. A shard's keys share their prefix and are otherwise
 *   uniform hashes, so the gaps are close to geometric, for which Rice coding is near the
 *   entropy: about gapBits + 2 bits a key. With that choice the unary parts add up to at most
 *   twice the entry count, so no shard can blow up.
 * - Article numbers: `docBits` bits each, the bit length of the largest number in the shard
 *   (24 when it holds a common key's mark).
 * - Bits go least significant first into 32-bit words, so the record is one Uint32Array,
 *   which IndexedDB stores as its bytes.
 *
 * Why: unpacked, an entry is 7 bytes (a 32-bit key, a 24-bit number), and the index is the
 * largest part of what a corpus stores besides its texts. Packed, on random shards of the
 * sizes the layouts make (Node 22), an entry takes 4.28 bytes at 100,000 articles (15-bit
 * gap remainders, 17-bit numbers) and 4.22 at a million (12-bit, 20-bit); the rows
 * `storage.index` and `browser.storage.per-article` of bench/results.json say what it comes to
 * per article. Unpacking costs 17–28 ns an entry, once per shard read (the cache holds
 * unpacked shards): about 3 ms for a check's ~1,200 shards at 100,000 articles and 6 ms at a
 * million, beside the 40–100 ms that reading them from IndexedDB takes, which has 40% fewer
 * bytes to read (`browser.million.cold.shard-reads`).
 *
 * A packed shard is refused, as damaged, when its words run out before its entries do or a
 * key passes 32 bits; its checksum (shards.ts) covers the header and the words.
 */

import { docAt, docBytes } from './tables';

/** Entries a shard may hold: more than any layout puts in one (a band of 16 million). */
export const MAX_SHARD_ENTRIES = 2 ** 24;

/** What the packed words of a shard hold, besides the words themselves. */
export interface PackedEntries {
  /** Entries. */
  n: number;
  /** Bits of each key gap written as they are; the rest of the gap is in unary. */
  gapBits: number;
  /** Bits of each article number. */
  docBits: number;
  words: Uint32Array;
}

/** Thrown for packed words that do not decode; shards.ts turns it into a SnapshotError. */
export class PackedShardError extends Error {}

/** The Rice parameter for these sorted keys: ⌊log₂ of the mean gap⌋, 0 below 2. */
function riceBits(keys: Uint32Array): number {
  const n = keys.length;
  if (n < 2) return 0;
  const mean = (keys[n - 1]! - keys[0]!) / (n - 1);
  return mean < 2 ? 0 : Math.min(31, Math.floor(Math.log2(mean)));
}

/** `keys` (sorted) and their 24-bit article numbers (tables.ts's layout), packed. */
export function packEntries(keys: Uint32Array, docs: Uint8Array): PackedEntries {
  const n = keys.length;
  const gapBits = riceBits(keys);
  let maxDoc = 0;
  for (let i = 0; i < n; i++) maxDoc = Math.max(maxDoc, docAt(docs, i));
  const docBits = 32 - Math.clz32(maxDoc);
  let bits = n > 0 ? 32 + n * docBits : 0;
  for (let i = 1; i < n; i++) bits += Math.floor((keys[i]! - keys[i - 1]!) / 2 ** gapBits) + 1 + gapBits;
  const words = new Uint32Array((bits + 31) >>> 5);
  let pos = 0;
  const write = (value: number, width: number) => {
    // width ≤ 32 and value < 2^width; a value crosses at most one word boundary.
    if (width === 0) return;
    const w = pos >>> 5;
    const off = pos & 31;
    words[w] = words[w]! | (value << off);
    if (off + width > 32) words[w + 1] = value >>> (32 - off);
    pos += width;
  };
  if (n > 0) write(keys[0]!, 32);
  const mask = gapBits === 0 ? 0 : (2 ** gapBits - 1) >>> 0;
  for (let i = 1; i < n; i++) {
    const gap = keys[i]! - keys[i - 1]!;
    for (let q = Math.floor(gap / 2 ** gapBits); q > 0; ) {
      const ones = Math.min(q, 31);
      write((2 ** ones - 1) >>> 0, ones);
      q -= ones;
    }
    pos++; // the unary part's closing 0
    write((gap & mask) >>> 0, gapBits);
  }
  for (let i = 0; i < n; i++) write(docAt(docs, i), docBits);
  return { n, gapBits, docBits, words };
}

/** The keys and 24-bit article numbers of packed entries; throws PackedShardError when they do not decode. */
export function unpackEntries(p: PackedEntries): { keys: Uint32Array; docs: Uint8Array } {
  const { n, gapBits, docBits, words } = p;
  if (!Number.isInteger(n) || n < 0 || n > MAX_SHARD_ENTRIES || !Number.isInteger(gapBits) || gapBits < 0 || gapBits > 31 || !Number.isInteger(docBits) || docBits < 0 || docBits > 24) {
    throw new PackedShardError('header is malformed');
  }
  const total = words.length * 32;
  const needed = n === 0 ? 0 : 32 + (n - 1) * (gapBits + 1) + n * docBits;
  if (needed > total) throw new PackedShardError('entries run past the words');
  const keys = new Uint32Array(n);
  const docs = new Uint8Array(docBytes(n));
  if (n === 0) return { keys, docs };
  // The reads below are inlined (no closure): this loop is what a check pays per shard entry.
  let key = words[0]!;
  keys[0] = key;
  let pos = 32;
  const unit = 2 ** gapBits;
  const gapMask = gapBits === 0 ? 0 : 2 ** gapBits - 1;
  for (let i = 1; i < n; i++) {
    // The unary quotient: trailing ones of the bits from `pos`, word by word, then a 0.
    let q = 0;
    for (;;) {
      if (pos >= total) throw new PackedShardError('entries run past the words');
      const off = pos & 31;
      const inverted = ~(words[pos >>> 5]! >>> off);
      const ones = inverted === 0 ? 32 : 31 - Math.clz32(inverted & -inverted);
      if (ones < 32 - off) {
        q += ones;
        pos += ones + 1;
        break;
      }
      q += 32 - off;
      pos += 32 - off;
    }
    let r = 0;
    if (gapBits > 0) {
      if (pos + gapBits > total) throw new PackedShardError('entries run past the words');
      const off = pos & 31;
      let v = words[pos >>> 5]! >>> off;
      if (off + gapBits > 32) v |= words[(pos >>> 5) + 1]! << (32 - off);
      r = (v & gapMask) >>> 0;
      pos += gapBits;
    }
    key += q * unit + r;
    if (key > 0xffffffff) throw new PackedShardError('a key passes 32 bits');
    keys[i] = key;
  }
  if (pos + n * docBits > total) throw new PackedShardError('entries run past the words');
  const docMask = docBits === 0 ? 0 : (1 << docBits) - 1;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    let d = 0;
    if (docBits > 0) {
      const off = pos & 31;
      d = words[pos >>> 5]! >>> off;
      if (off + docBits > 32) d |= words[(pos >>> 5) + 1]! << (32 - off);
      d &= docMask;
      pos += docBits;
    }
    docs[o] = d & 0xff;
    docs[o + 1] = (d >>> 8) & 0xff;
    docs[o + 2] = d >>> 16;
  }
  return { keys, docs };
}
