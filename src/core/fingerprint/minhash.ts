/**
 * MinHash signatures over typed arrays.
 *
 * A signature is, for each of k fixed hash permutations, the smallest permuted shingle hash
 * of the text; two texts agree in a position with probability equal to the Jaccard similarity
 * of their shingle sets. Permutation i is x ↦ fmix32(a_i·x + b_i) with a_i odd (a bijection
 * on 32 bits), all in Math.imul arithmetic, so signatures are bit-identical in every engine —
 * unlike the `minhash` npm package, which computes a·x+b in doubles beyond 2^53. The a_i, b_i
 * come from a fixed seed, and the signature carries that seed, the permutation count, the
 * shingle kind and a format version: signatures made with different parameters are never
 * compared (datasketch's rule), the index must be rebuilt instead.
 *
 * Two channels: `words3` (word 3-grams, for copying) and `terms` (stemmed content words, for
 * rewording: see terms.ts for what was measured). Measured speed: see bench/.
 *
 * Why the fast path looks as it does (bench/signature-peer.ts times it against the `minhash`
 * package on the seed texts' word 3-grams, 128 permutations; the ratio is the row
 * `signature.vs-minhash` in bench/results.json):
 * - The permutation loop is 128 × ~4,600 evaluations of fmix32(a·x + b), three multiplies
 *   each, and nothing algebraic shortens it: fmix32 is a bijection but not monotone, so every
 *   value must be computed. What can go is work around the multiplies: four independent
 *   chains per pass, and a top-16-bit prefilter (one compare and a branch almost never taken
 *   instead of the last xor-shift, sign flip and compare-and-select). Comparing as uint32
 *   (`>>> 0`) rather than flipping sign bits saves an xor per value; V8 keeps those uint32s
 *   unboxed. Eight chains measure about 6% faster than four, not worth twice the code.
 * - Shingles reach the loop as hashes read straight off the string (hashJoinedWords in
 *   hash.ts, ~2.4 ns per character: FNV-1a is a serial multiply chain); shingleHashes, from a
 *   word list, hashes each word once.
 * - WebAssembly SIMD might cut the loop further; it would first have to be checked against
 *   the extension's CSP in every context that fingerprints, and plain TypeScript meets the goal.
 */

import { combineHashes, fmix32, hashString, seededRandom } from './hash';
import { wordShingles } from './shingles';
import { contentTerms } from './terms';
import { words as segmentWords } from '../text/tokens';

/** 3: the opening of a text has a sketch of its own (lead bands). */
export const FINGERPRINT_FORMAT_VERSION = 3;

export type ShingleKind = 'words3' | 'terms';

export interface ChannelParams {
  shingle: ShingleKind;
  permutations: number;
  /** LSH banding: bands × rows must equal permutations. */
  bands: number;
  rows: number;
}

export interface FingerprintParams {
  formatVersion: number;
  seed: number;
  verbatim: ChannelParams;
  reworded: ChannelParams;
  /**
   * Passage bands: a MinHash signature of `passageBands` values over word `passageWords`-grams,
   * one value per band. One-row bands collide with probability J itself, not J^rows, which is
   * what finds a source whose passage is embedded in a longer page (J ≈ 0.1–0.2 between a page
   * window and the whole source).
   *
   * Why word 8-grams and not the verbatim channel's 3-grams: a one-row band is one
   * sampled shingle, and a 3-gram is often shared by hundreds of unrelated stories ("said in
   * a statement"), so its bucket is skipped as common and the sample is wasted. On the
   * bench's 100 embedded-passage pages against 100,000 articles (bench/corpus.ts), of a
   * source's 32 samples 17.6 fall in common buckets as 3-grams, 6.7 as 5-grams, 4.3 as
   * 6-grams and 2.3 as 8-grams. An edit breaks every n-gram over it, so longer runs survive
   * light edits less often; the detection evaluation, whose embedded passages are lightly
   * edited, still finds more sources with 8-grams. The passage pass costs about a quarter of
   * fingerprinting. Candidate recall: the `recall` rows of bench/results.json.
   */
  passageBands: number;
  passageWords: number;
  /**
   * Lead bands: a sketch of the content words of the first `leadWords` words alone, in bands of
   * the reworded channel's rows. A brief that retells only a story's opening paragraphs shares
   * too small a part of the whole story's words for the reworded bands (Jaccard 0.08–0.27 on
   * the rewrite benchmark's dev split), but much of its opening's (0.20–0.52 over 120 words).
   * The page's own lead is looked up, so a short page (all lead) meets the story's opening. The
   * lead bands count towards the reworded channel.
   */
  leadBands: number;
  leadWords: number;
}

/**
 * Banding chosen from the S-curve 1-(1-J^r)^b. Verbatim: 32×4 catches Jaccard 0.35 with
 * p ≈ 0.96 and keeps unrelated pages (J < 0.05) out. Reworded: 48×2 catches the spun seed
 * copy against the short AP version (J = 0.32) with p ≈ 0.99 and the independent Al Jazeera
 * story (J = 0.23) with p ≈ 0.92; the many same-topic hits it lets through are re-ranked.
 * Lead: 16×2 catches an opening retold at J = 0.3 with p ≈ 0.78, and with the reworded
 * bands a short page has 64 chances. The total stays 128 bands (904 B per article).
 */
export const DEFAULT_PARAMS: FingerprintParams = Object.freeze({
  formatVersion: FINGERPRINT_FORMAT_VERSION,
  seed: 0x5713c0de,
  verbatim: Object.freeze({ shingle: 'words3', permutations: 128, bands: 32, rows: 4 }),
  reworded: Object.freeze({ shingle: 'terms', permutations: 96, bands: 48, rows: 2 }),
  passageBands: 32,
  passageWords: 8,
  leadBands: 16,
  leadWords: 120,
}) as FingerprintParams;

export class ParameterMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`fingerprint parameters differ (${a} vs ${b}): the corpus must be re-indexed`);
    this.name = 'ParameterMismatchError';
  }
}

/** A stable identity string for parameters: equal strings mean comparable fingerprints. */
export function paramsKey(p: FingerprintParams): string {
  const c = (x: ChannelParams) => `${x.shingle}:${x.permutations}:${x.bands}x${x.rows}`;
  return `v${p.formatVersion}/seed=${p.seed >>> 0}/${c(p.verbatim)}/${c(p.reworded)}/passage=${p.passageBands}x${p.passageWords}w/lead=${p.leadBands}x${p.leadWords}w`;
}

export interface Fingerprint {
  params: FingerprintParams;
  verbatim: Uint32Array;
  reworded: Uint32Array;
  /** One key per band (verbatim, reworded, then passage bands): what the index stores and looks up. */
  bandKeys: Uint32Array;
  wordCount: number;
  /**
   * The first band looked up: 0, or the number of verbatim bands for a window's fingerprint,
   * which has no verbatim sketch (its verbatim signature is empty and those band keys are 0).
   */
  firstBand: number;
}

/** Which sketches to make: a window of a page needs no verbatim sketch (see check.ts). */
export interface FingerprintOptions {
  verbatim?: boolean;
}

interface Permutations {
  a: Uint32Array;
  b: Uint32Array;
}

const permutationCache = new Map<string, Permutations>();

function permutationsFor(seed: number, channel: ChannelParams, salt: number): Permutations {
  const key = `${seed}:${salt}:${channel.permutations}`;
  let p = permutationCache.get(key);
  if (!p) {
    const next = seededRandom((seed ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0);
    const a = new Uint32Array(channel.permutations);
    const b = new Uint32Array(channel.permutations);
    for (let i = 0; i < channel.permutations; i++) {
      a[i] = next() | 1;
      b[i] = next();
    }
    p = { a, b };
    permutationCache.set(key, p);
  }
  return p;
}

/**
 * Distinct shingle hashes of a word sequence, ascending. Deduplicated by a native typed-array
 * sort rather than a Set: a signature is a minimum, so the order of shingles cannot change it,
 * and the sort is about twice as fast as Set insertion for a page's ~1,000 shingles.
 */
export function shingleHashes(words: readonly string[], kind: ShingleKind): Uint32Array {
  if (kind === 'words3') return wordGrams(hashWords(words), 3);
  const terms = contentTerms(words);
  const out = new Uint32Array(terms.length);
  for (let i = 0; i < terms.length; i++) out[i] = hashString(terms[i]!, 0x7e4d);
  return distinctAscending(out);
}

/** Each word's hashString, once: the verbatim and passage shingles are both made from them. */
function hashWords(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = hashString(words[i]!);
  return out;
}

/**
 * Distinct hashes of the word n-grams, ascending: each n-gram's word hashes combined left to
 * right (a text shorter than n words is one shingle of all its words).
 */
export function wordGrams(wordHashes: Uint32Array, n: number): Uint32Array {
  const count = wordHashes.length;
  if (count === 0) return new Uint32Array(0);
  if (count < n) {
    let h = wordHashes[0]!;
    for (let i = 1; i < count; i++) h = combineHashes(h, wordHashes[i]!);
    return Uint32Array.of(h);
  }
  const out = new Uint32Array(count - n + 1);
  for (let i = 0; i < out.length; i++) {
    let h = wordHashes[i]!;
    for (let j = 1; j < n; j++) h = combineHashes(h, wordHashes[i + j]!);
    out[i] = h;
  }
  return distinctAscending(out);
}

function distinctAscending(out: Uint32Array): Uint32Array {
  out.sort();
  let m = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[m - 1]) out[m++] = out[i]!;
  return out.subarray(0, m);
}

/**
 * The MinHash signature of a set of shingle hashes. Empty sets give all-0xFFFFFFFF.
 *
 * Permutation-outer loop, four permutations per pass over the shingles: the running minima,
 * thresholds and a_i, b_i stay in registers, one load of x feeds four independent hash chains
 * the CPU overlaps, and every value stays in int32/uint32 range, so V8 never boxes one as a
 * double. The last two steps of fmix32 (h ^= h >>> 16, then the compare with the minimum) are
 * skipped for almost every shingle: h ^ (h >>> 16) keeps the top 16 bits of h, so it can only
 * be below the minimum m if h ≤ (m | 0xFFFF) unsigned. Once a few shingles are in, that
 * threshold rejects all but ~1 in 2^16·m/2^32 of them with one compare and a well-predicted
 * branch. The result is bit-identical to the straightforward loop (unit tests hold it to one).
 * See the notes atop this file for what was measured.
 */
export function minhash(shingles: Uint32Array, seed: number, channel: ChannelParams, salt: number): Uint32Array {
  const { a, b } = permutationsFor(seed, channel, salt);
  const k = channel.permutations;
  const sig = new Uint32Array(k);
  const n = shingles.length;
  const xs = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const a0 = a[i]! | 0;
    const b0 = b[i]! | 0;
    const a1 = a[i + 1]! | 0;
    const b1 = b[i + 1]! | 0;
    const a2 = a[i + 2]! | 0;
    const b2 = b[i + 2]! | 0;
    const a3 = a[i + 3]! | 0;
    const b3 = b[i + 3]! | 0;
    // Minima (uint32) and their thresholds m | 0xFFFF.
    let m0 = 0xffffffff;
    let m1 = 0xffffffff;
    let m2 = 0xffffffff;
    let m3 = 0xffffffff;
    let t0 = 0xffffffff;
    let t1 = 0xffffffff;
    let t2 = 0xffffffff;
    let t3 = 0xffffffff;
    for (let s = 0; s < n; s++) {
      const x = xs[s]!;
      // fmix32(a·x + b) up to its last multiply, inlined.
      let h0 = (Math.imul(a0, x) + b0) | 0;
      let h1 = (Math.imul(a1, x) + b1) | 0;
      let h2 = (Math.imul(a2, x) + b2) | 0;
      let h3 = (Math.imul(a3, x) + b3) | 0;
      h0 ^= h0 >>> 16;
      h1 ^= h1 >>> 16;
      h2 ^= h2 >>> 16;
      h3 ^= h3 >>> 16;
      h0 = Math.imul(h0, 0x85ebca6b);
      h1 = Math.imul(h1, 0x85ebca6b);
      h2 = Math.imul(h2, 0x85ebca6b);
      h3 = Math.imul(h3, 0x85ebca6b);
      h0 ^= h0 >>> 13;
      h1 ^= h1 >>> 13;
      h2 ^= h2 >>> 13;
      h3 ^= h3 >>> 13;
      h0 = Math.imul(h0, 0xc2b2ae35) >>> 0;
      h1 = Math.imul(h1, 0xc2b2ae35) >>> 0;
      h2 = Math.imul(h2, 0xc2b2ae35) >>> 0;
      h3 = Math.imul(h3, 0xc2b2ae35) >>> 0;
      if (h0 <= t0) {
        h0 = (h0 ^ (h0 >>> 16)) >>> 0;
        if (h0 < m0) {
          m0 = h0;
          t0 = (h0 | 0xffff) >>> 0;
        }
      }
      if (h1 <= t1) {
        h1 = (h1 ^ (h1 >>> 16)) >>> 0;
        if (h1 < m1) {
          m1 = h1;
          t1 = (h1 | 0xffff) >>> 0;
        }
      }
      if (h2 <= t2) {
        h2 = (h2 ^ (h2 >>> 16)) >>> 0;
        if (h2 < m2) {
          m2 = h2;
          t2 = (h2 | 0xffff) >>> 0;
        }
      }
      if (h3 <= t3) {
        h3 = (h3 ^ (h3 >>> 16)) >>> 0;
        if (h3 < m3) {
          m3 = h3;
          t3 = (h3 | 0xffff) >>> 0;
        }
      }
    }
    sig[i] = m0;
    sig[i + 1] = m1;
    sig[i + 2] = m2;
    sig[i + 3] = m3;
  }
  // The last k mod 4 permutations, one at a time.
  for (; i < k; i++) {
    const ai = a[i]! | 0;
    const bi = b[i]! | 0;
    let m = 0xffffffff;
    let t = 0xffffffff;
    for (let s = 0; s < n; s++) {
      let h = (Math.imul(ai, xs[s]!) + bi) | 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      if (h <= t) {
        h = (h ^ (h >>> 16)) >>> 0;
        if (h < m) {
          m = h;
          t = (h | 0xffff) >>> 0;
        }
      }
    }
    sig[i] = m;
  }
  return sig;
}

/**
 * A channel's band keys from its signature (verbatim salt 1, reworded salt 2), as
 * `fingerprintWords` stores them: for looking a bare signature up in the index.
 */
export function channelBandKeys(sig: Uint32Array, channel: ChannelParams, salt: 1 | 2): Uint32Array {
  const out = new Uint32Array(channel.bands);
  bandKeysOf(sig, channel, out, 0, salt);
  return out;
}

function bandKeysOf(sig: Uint32Array, channel: ChannelParams, out: Uint32Array, offset: number, salt: number): void {
  for (let band = 0; band < channel.bands; band++) {
    let h = fmix32((band + Math.imul(salt, 0x1000193)) >>> 0);
    for (let r = 0; r < channel.rows; r++) h = combineHashes(h, sig[band * channel.rows + r]!);
    out[offset + band] = h;
  }
}

export function totalBands(p: FingerprintParams): number {
  return p.verbatim.bands + p.reworded.bands + p.passageBands + p.leadBands;
}

/** Fingerprint already-normalised words (see text/segment.ts `words`). */
export function fingerprintWords(words: readonly string[], params: FingerprintParams = DEFAULT_PARAMS, opts: FingerprintOptions = {}): Fingerprint {
  for (const ch of [params.verbatim, params.reworded]) {
    if (ch.bands * ch.rows !== ch.permutations) throw new Error('bands × rows must equal permutations');
  }
  if (!(params.passageWords >= 1)) throw new Error('passage shingles need at least one word');
  const wordHashes = hashWords(words);
  // The usual parameters take the one-pass shingles (shingles.ts), the same minima.
  const fast = params.verbatim.shingle === 'words3' && params.reworded.shingle === 'terms' ? wordShingles(words, wordHashes, params.passageWords, params.leadWords) : undefined;
  const shingles = (kind: ShingleKind) => (kind === 'words3' ? (fast?.words3 ?? wordGrams(wordHashes, 3)) : (fast?.terms ?? shingleHashes(words, kind)));
  const withVerbatim = opts.verbatim !== false;
  const verbatim = withVerbatim ? minhash(shingles(params.verbatim.shingle), params.seed, params.verbatim, 1) : new Uint32Array(0);
  const reworded = minhash(shingles(params.reworded.shingle), params.seed, params.reworded, 2);
  const bandKeys = new Uint32Array(totalBands(params));
  if (withVerbatim) bandKeysOf(verbatim, params.verbatim, bandKeys, 0, 1);
  bandKeysOf(reworded, params.reworded, bandKeys, params.verbatim.bands, 2);
  const passageChannel = { shingle: 'words3' as const, permutations: params.passageBands, bands: params.passageBands, rows: 1 };
  const passage = minhash(fast?.passage ?? wordGrams(wordHashes, params.passageWords), params.seed, passageChannel, 3);
  const passageStart = params.verbatim.bands + params.reworded.bands;
  // Salted so a passage key never equals a verbatim band key by construction.
  for (let i = 0; i < params.passageBands; i++) bandKeys[passageStart + i] = combineHashes(0x9a55a9e, passage[i]!);
  if (params.leadBands > 0) {
    const leadChannel = { shingle: 'terms' as const, permutations: params.leadBands * params.reworded.rows, bands: params.leadBands, rows: params.reworded.rows };
    const leadWords = () => (words.length > params.leadWords ? words.slice(0, params.leadWords) : words);
    const lead = minhash(fast?.lead ?? shingleHashes(leadWords(), 'terms'), params.seed, leadChannel, 4);
    bandKeysOf(lead, leadChannel, bandKeys, passageStart + params.passageBands, 4);
  }
  return { params, verbatim, reworded, bandKeys, wordCount: words.length, firstBand: withVerbatim ? 0 : params.verbatim.bands };
}

export function fingerprintText(text: string, lang?: string, params: FingerprintParams = DEFAULT_PARAMS, opts: FingerprintOptions = {}): Fingerprint {
  return fingerprintWords(segmentWords(text, lang), params, opts);
}

/** Estimated Jaccard similarity of two signatures of the same channel. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error('signatures of different lengths');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / a.length;
}

export function assertComparable(a: FingerprintParams, b: FingerprintParams): void {
  const ka = paramsKey(a);
  const kb = paramsKey(b);
  if (ka !== kb) throw new ParameterMismatchError(ka, kb);
}

/** Estimated similarity of two fingerprints: the stronger of the two channels. */
export function compareFingerprints(a: Fingerprint, b: Fingerprint): { verbatim: number; reworded: number } {
  assertComparable(a.params, b.params);
  return { verbatim: estimateJaccard(a.verbatim, b.verbatim), reworded: estimateJaccard(a.reworded, b.reworded) };
}
