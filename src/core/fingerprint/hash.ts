/**
 * 32-bit hashing that gives the same bits in every JavaScript engine.
 *
 * Everything here is Math.imul, xor and shifts on 32-bit integers, never floating point, so a
 * fingerprint computed in Chrome's service worker, Firefox's event page and the Node CLI is
 * bit-identical and a corpus indexed by one can be queried by another. FNV-1a spreads a
 * string over 32 bits cheaply; MurmurHash3's finaliser (fmix32) then removes FNV's weak low
 * bits — plain FNV makes "Aa b c" and "BB b c" collide, as the `minhash` npm package does.
 */

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Order-sensitive combination of two hashes (for n-gram shingles and band keys). */
export function combineHashes(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15 + (a << 6) + (a >>> 2))) >>> 0);
}

/** A seeded stream of 32-bit integers (mulberry32): fixed seeds give fixed permutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A fast order-sensitive checksum over 32-bit words, for saved index snapshots. */
export function checksumWords(words: Uint32Array, seed = 0): number {
  let h = (0x2545f491 ^ seed) >>> 0;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x01000193);
    h ^= h >>> 15;
  }
  return fmix32((h ^ words.length) >>> 0);
}
