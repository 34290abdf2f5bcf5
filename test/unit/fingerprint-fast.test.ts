// The fast paths in fingerprint/minhash.ts and text/tokens.ts must give exactly the bits of
// the straightforward code they replaced: stored fingerprints are compared across engines and
// versions without re-indexing. These tests hold them to reference implementations.
import { describe, expect, it } from 'vitest';
import { combineHashes, fmix32, hashJoinedWords, hashString, seededRandom } from '../../src/core/fingerprint/hash';
import { DEFAULT_PARAMS, minhash, shingleHashes } from '../../src/core/fingerprint/minhash';
import { contentTerms } from '../../src/core/fingerprint/terms';
import { tokenize, tokenizeWithRegex } from '../../src/core/text/tokens';

function referenceMinhash(shingles: Uint32Array, seed: number, k: number, salt: number): Uint32Array {
  const next = seededRandom((seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < k; i++) {
    a.push(next() | 1);
    b.push(next());
  }
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (const x of shingles) {
    for (let i = 0; i < k; i++) {
      const v = fmix32((Math.imul(a[i]!, x) + b[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

function referenceShingles(words: readonly string[], kind: 'words3' | 'terms'): number[] {
  const seen = new Set<number>();
  if (kind === 'words3') {
    const h = words.map((w) => hashString(w));
    if (h.length > 0 && h.length < 3) seen.add(h.reduce((x, y) => combineHashes(x, y)));
    for (let i = 0; i + 2 < h.length; i++) seen.add(combineHashes(combineHashes(h[i]!, h[i + 1]!), h[i + 2]!));
  } else {
    for (const t of contentTerms(words)) seen.add(hashString(t, 0x7e4d));
  }
  return [...seen].sort((x, y) => x - y);
}

/** The inverse of an odd number mod 2^32 (Newton's iteration). */
function inverseOdd(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}

/** The shingle hash x with fmix32(a·x + b) = v: to place a permuted value exactly. */
function preimage(v: number, a: number, b: number): number {
  let h = v ^ (v >>> 16);
  h = Math.imul(h, inverseOdd(0xc2b2ae35));
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, inverseOdd(0x85ebca6b));
  h ^= h >>> 16;
  return Math.imul((h - b) | 0, inverseOdd(a)) >>> 0;
}

describe('fast fingerprint paths', () => {
  it('minhash equals the per-shingle reference loop, odd and even permutation counts, empty sets', () => {
    const next = seededRandom(42);
    for (const [size, k] of [[0, 128], [1, 128], [7, 5], [300, 128], [1000, 64], [50, 1]] as const) {
      const shingles = new Uint32Array(size).map(() => next());
      const channel = { shingle: 'words3' as const, permutations: k, bands: k, rows: 1 };
      expect([...minhash(shingles, DEFAULT_PARAMS.seed, channel, 1)]).toEqual([...referenceMinhash(shingles, DEFAULT_PARAMS.seed, k, 1)]);
    }
  });

  it('minhash equals the reference where its top-16-bit prefilter is tight: large sets, near-ties, duplicates', () => {
    const next = seededRandom(99);
    // 60,000 shingles push each minimum below 2^17, so many candidates share the minimum's
    // top 16 bits and reach the full comparison; duplicates and 0/0xFFFFFFFF inputs too.
    const big = new Uint32Array(60_000).map(() => next());
    big.set([0, 0xffffffff, 0x80000000, 0x7fffffff, big[5]!, big[6]!], 100);
    for (const k of [128, 6, 3]) {
      const channel = { shingle: 'words3' as const, permutations: k, bands: k, rows: 1 };
      expect([...minhash(big, 12345, channel, 2)]).toEqual([...referenceMinhash(big, 12345, k, 2)]);
    }
  });

  it('minhash keeps a value whose last product is exactly the threshold (minimum | 0xFFFF)', () => {
    // v2 = 0x1234EDCB comes from the product 0x1234FFFF (v = p ^ (p >>> 16)), which equals the
    // threshold of the earlier minimum v1 = 0x1234FFFF: the prefilter's compare must be ≤.
    const k = 5;
    const channel = { shingle: 'words3' as const, permutations: k, bands: k, rows: 1 };
    const next = seededRandom((DEFAULT_PARAMS.seed ^ Math.imul(2, 0x9e3779b9)) >>> 0);
    for (let p = 0; p < k; p++) {
      const a = next() | 1;
      const b = next();
      const x1 = preimage(0x1234ffff, a, b);
      const x2 = preimage(0x1234edcb, a, b);
      expect(fmix32((Math.imul(a, x2) + b) >>> 0)).toBe(0x1234edcb);
      const set = Uint32Array.of(x1, x2);
      const sig = minhash(set, DEFAULT_PARAMS.seed, channel, 1);
      expect(sig[p]).toBe(0x1234edcb);
      expect([...sig]).toEqual([...referenceMinhash(set, DEFAULT_PARAMS.seed, k, 1)]);
    }
  });

  it('minhash ignores the order of shingles and reads a subarray view correctly', () => {
    const next = seededRandom(7);
    const backing = new Uint32Array(400).map(() => next());
    const view = backing.subarray(100, 300);
    const copy = Uint32Array.from(view).reverse();
    expect([...minhash(view, 1, DEFAULT_PARAMS.verbatim, 2)]).toEqual([...minhash(copy, 1, DEFAULT_PARAMS.verbatim, 2)]);
  });

  it('shingle hashes are the reference set, ascending and distinct', () => {
    const vocabulary = ['the', 'port', 'said', 'a', 'storm', 'u.s', 'mayors', 'supported', 'the', 'port'];
    const next = seededRandom(3);
    for (const length of [0, 1, 2, 3, 4, 50, 400]) {
      const words = Array.from({ length }, () => vocabulary[next() % vocabulary.length]!);
      for (const kind of ['words3', 'terms'] as const) expect([...shingleHashes(words, kind)]).toEqual(referenceShingles(words, kind));
    }
  });

  it('hashJoinedWords equals combining the words\' hashString values, as shingleHashes does', () => {
    const vocabulary = ['the', 'port', 'u.s', "don't", '1,000.5', 'café', '公', 'a', 'supported'];
    const next = seededRandom(5);
    const reference = (s: string) => s.split(' ').map((w) => hashString(w)).reduce((x, y) => combineHashes(x, y));
    for (let k = 0; k < 2000; k++) {
      const parts = Array.from({ length: 1 + (next() % 5) }, () => vocabulary[next() % vocabulary.length]!);
      const s = parts.join(' ');
      expect(hashJoinedWords(s)).toBe(reference(s));
    }
    for (const s of ['', 'a', ' ', 'a  b', ' a', 'a ']) expect(hashJoinedWords(s)).toBe(reference(s));
    const words = 'the port said a storm hit the port on monday'.split(' ');
    const joined = new Set<number>();
    for (let i = 0; i + 2 < words.length; i++) joined.add(hashJoinedWords(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
    expect([...joined].sort((x, y) => x - y)).toEqual([...shingleHashes(words, 'words3')]);
  });

  it('the ASCII tokenizer equals the Unicode-property regex', () => {
    const alphabet = "ab Z9.,'-\n\t!x0`";
    const next = seededRandom(11);
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      const length = next() % 24;
      for (let i = 0; i < length; i++) s += alphabet[next() % alphabet.length];
      expect(tokenize(s)).toEqual(tokenizeWithRegex(s));
    }
    for (const s of ["don't stop at 1,000.5 u.s.", 'end.', "'quoted'", 'a..b a,,b 3.5.7'])
      expect(tokenize(s)).toEqual(tokenizeWithRegex(s));
  });

  it('non-ASCII text still goes through the regex (CJK split, accents kept)', () => {
    expect(tokenize('abc公司 café')).toEqual(['abc', '公', '司', 'café']);
  });
});
