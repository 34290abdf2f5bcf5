/**
 * The four shingle sets `fingerprintWords` sketches, made in one pass over the word hashes and
 * one over the words, as hashes only: no n-gram or term is built as a string.
 *
 * - Word n-grams: the verbatim channel's 3-grams and the passage bands' 8-grams are the same
 *   left-to-right fold of word hashes (combineHashes), so each 8-gram continues the 3-gram at
 *   its start: 7 combines a position for both, against 2 + 7.
 * - Content terms (terms.ts `contentTerms`, then `hashString(term, 0x7e4d)`): the stop list is
 *   checked on the word, the stem is a prefix of it (plus "y" for "…ies"), so the term's hash is
 *   read straight off the word. The lead's terms are the first ones of the whole text's: the
 *   count at the lead's last word is kept, not the terms made again.
 * - Nothing is sorted or deduplicated: a MinHash value is a minimum, which neither the order
 *   nor repeats of the shingles change (unit tests hold the result to minhash over the distinct
 *   sorted sets, shingleHashes'). Sorting cost more than the repeats do: the bench stories have
 *   ~1% repeated n-grams and ~25% repeated terms (~270 terms, ~205 distinct).
 *
 * A text with a CJK token (terms pair CJK characters into bigrams) or parameters other than
 * the default shingle kinds goes the general way (`undefined` here).
 *
 * Measured on 3,000 bench/eval/synthetic.ts stories (~470 words; Node 22.23, CPU time): the
 * shingles of the general way took ~140 µs a story (3-grams 24, 8-grams 42, terms 48, lead
 * terms 13, word hashes 15), these ~35 µs.
 */

import { combineInt } from './hash';
import { STOP_WORDS } from './terms';

export interface WordShingles {
  /** Word 3-gram hashes (the verbatim channel). */
  words3: Uint32Array;
  /** Word n-gram hashes, n = passageWords (the passage bands). */
  passage: Uint32Array;
  /** Content term hashes of the whole text (the reworded channel). */
  terms: Uint32Array;
  /** Content term hashes of the first leadWords words (the lead bands). */
  lead: Uint32Array;
}

/** 0x811c9dc5 as an int32. */
const FNV_OFFSET = 0x811c9dc5 | 0;
/** hashString's seed for content terms. */
const TERM_SEED = 0x7e4d;
/** Han, kana and everything CJK start at U+2E80. */
const CJK_START = 0x2e80;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * The shingles of `words` (normalised tokens) whose hashString values are `wordHashes`, or
 * undefined when the general way must make them (a CJK token, passageWords < 3).
 */
export function wordShingles(words: readonly string[], wordHashes: Uint32Array, passageWords: number, leadWords: number): WordShingles | undefined {
  if (passageWords < 3) return undefined;
  const terms = termHashes(words, leadWords);
  if (!terms) return undefined;
  const [words3, passage] = nGrams(wordHashes, passageWords);
  return { words3, passage, terms: terms.all, lead: terms.all.subarray(0, terms.lead) };
}

/**
 * The 3-gram and n-gram hashes (n ≥ 3) of the words, as wordGrams makes them, but neither
 * sorted nor deduplicated: a text shorter than a gram is one shingle of all its words.
 *
 * A gram's hash is a chain of dependent combines, so one gram at a time waits on each step's
 * latency; four grams side by side (lanes a–d, positions i … i + 3) overlap: ~1.9 ns a combine
 * against ~3.7 ns one chain at a time.
 */
export function nGrams(h: Uint32Array, n: number): [Uint32Array, Uint32Array] {
  const count = h.length;
  if (count === 0) return [new Uint32Array(0), new Uint32Array(0)];
  const fold = (to: number) => {
    let acc = h[0]! | 0;
    for (let i = 1; i < to; i++) acc = combineInt(acc, h[i]! | 0);
    return Uint32Array.of(acc >>> 0);
  };
  if (count < 3) return [fold(count), fold(count)];
  const threes = new Uint32Array(count - 2);
  const long = count < n ? fold(count) : new Uint32Array(count - n + 1);
  let i = 0;
  // Four positions whose n-grams are whole.
  for (; i + 3 <= count - n; i += 4) {
    let a = combineInt(h[i]! | 0, h[i + 1]! | 0);
    let b = combineInt(h[i + 1]! | 0, h[i + 2]! | 0);
    let c = combineInt(h[i + 2]! | 0, h[i + 3]! | 0);
    let d = combineInt(h[i + 3]! | 0, h[i + 4]! | 0);
    a = combineInt(a, h[i + 2]! | 0);
    b = combineInt(b, h[i + 3]! | 0);
    c = combineInt(c, h[i + 4]! | 0);
    d = combineInt(d, h[i + 5]! | 0);
    threes[i] = a;
    threes[i + 1] = b;
    threes[i + 2] = c;
    threes[i + 3] = d;
    for (let j = 3; j < n; j++) {
      a = combineInt(a, h[i + j]! | 0);
      b = combineInt(b, h[i + 1 + j]! | 0);
      c = combineInt(c, h[i + 2 + j]! | 0);
      d = combineInt(d, h[i + 3 + j]! | 0);
    }
    long[i] = a;
    long[i + 1] = b;
    long[i + 2] = c;
    long[i + 3] = d;
  }
  // The rest one at a time: the last whole n-grams, then 3-grams alone.
  for (; i < threes.length; i++) {
    let g = combineInt(combineInt(h[i]! | 0, h[i + 1]! | 0), h[i + 2]! | 0);
    threes[i] = g;
    if (i <= count - n) {
      for (let j = 3; j < n; j++) g = combineInt(g, h[i + j]! | 0);
      long[i] = g;
    }
  }
  return [threes, long];
}

/**
 * contentTerms(words) hashed (hashString(term, 0x7e4d)), and how many of them come from the
 * first leadWords words; undefined when a word is a CJK character.
 */
export function termHashes(words: readonly string[], leadWords: number): { all: Uint32Array; lead: number } | undefined {
  const out = new Uint32Array(words.length);
  let m = 0;
  let lead = -1;
  for (let i = 0; i < words.length; i++) {
    if (i === leadWords) lead = m;
    const w = words[i]!;
    if (w.length === 1 && w.charCodeAt(0) >= CJK_START && CJK.test(w)) return undefined;
    if (STOP_WORDS.has(w)) continue;
    const k = stemLength(w);
    let h = FNV_OFFSET ^ TERM_SEED;
    const end = k < 0 ? -k : k;
    for (let c = 0; c < end; c++) h = Math.imul(h ^ w.charCodeAt(c), 0x01000193);
    if (k < 0) h = Math.imul(h ^ 121, 0x01000193); // "y"
    out[m++] = fmix32Int(h);
  }
  return { all: out.subarray(0, m), lead: lead < 0 ? m : lead };
}

/**
 * terms.ts `stem(word)` as a length: stem(word) is word's first k characters when k ≥ 0, its
 * first −k characters and "y" when k < 0.
 */
export function stemLength(word: string): number {
  const n = word.length;
  const possessive = n >= 2 && word.charCodeAt(n - 1) === 115 && word.charCodeAt(n - 2) === 39; // "'s"
  const m = possessive ? n - 2 : n;
  if (n <= 3 || m === 0) return m;
  for (let i = 0; i < m; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return m;
  }
  const last = word.charCodeAt(m - 1);
  const second = word.charCodeAt(m - 2);
  const third = word.charCodeAt(m - 3);
  if (m > 4 && third === 105 && second === 101 && last === 115) return -(m - 3); // ies → y
  if (m > 5 && third === 105 && second === 110 && last === 103) return m - 3; // ing
  if (m > 4 && second === 101 && last === 100) return m - 2; // ed
  if (m > 4 && second === 101 && last === 115) return m - 2; // es
  if (last === 115 && second !== 115) return m - 1; // s, not ss
  return m;
}

/** hash.ts fmix32 as an int32. */
function fmix32Int(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
