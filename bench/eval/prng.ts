/**
 * Seeded randomness for the evaluation harness.
 *
 * Everything the benchmark generates is drawn from streams keyed by (seed, purpose, item), never
 * from one shared stream: adding a page kind or changing how many pages are built must not
 * change the text of any other page. `rngFor(seed, 'edited', id)` always yields the same stream.
 * sfc32 (Chris Doty-Humphrey's small fast counter) is 32-bit integer arithmetic only, so the
 * numbers are the same in every engine.
 */

/** FNV-1a over UTF-16 code units, finished with an avalanche step. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
  /** k distinct indices of [0, n), ascending. */
  sample(n: number, k: number): number[];
}

export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function makeRng(seed: number): Rng {
  const s = seed >>> 0;
  const next = sfc32(0x9e3779b9, s, hash32(`b${s}`), hash32(`c${s}`));
  for (let i = 0; i < 12; i++) next(); // warm up
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
    sample: (n, k) => {
      const idx = Array.from({ length: n }, (_, i) => i);
      rng.shuffle(idx);
      return idx.slice(0, Math.max(0, Math.min(n, k))).sort((x, y) => x - y);
    },
  };
  return rng;
}

/** An independent stream for one purpose and item: `rngFor(seed, 'spin', pageId)`. */
export function rngFor(seed: number, ...keys: (string | number)[]): Rng {
  return makeRng(hash32(`${seed >>> 0}\u0001${keys.join('\u0001')}`));
}
