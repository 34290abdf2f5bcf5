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
 */

import { combineHashes, fmix32, hashString, seededRandom } from './hash';
import { contentTerms } from './terms';
import { words as segmentWords } from '../text/tokens';

export const FINGERPRINT_FORMAT_VERSION = 1;

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
   * Passage bands: the first `passageBands` values of the verbatim signature, one per band.
   * One-row bands collide with probability J itself, not J^rows, which is what finds a source
   * whose passage is embedded in a longer page (J ≈ 0.1–0.2 between a page window and the
   * whole source); no extra hashing, only extra index entries.
   */
  passageBands: number;
}

/**
 * Banding chosen from the S-curve 1-(1-J^r)^b. Verbatim: 32×4 catches Jaccard 0.35 with
 * p ≈ 0.96 and keeps unrelated pages (J < 0.05) out. Reworded: 64×2 catches the spun seed
 * copy against the short AP version (J = 0.32) with p ≈ 0.999 and the independent Al Jazeera
 * story (J = 0.23) with p ≈ 0.97; the many same-topic hits it lets through are re-ranked.
 */
export const DEFAULT_PARAMS: FingerprintParams = Object.freeze({
  formatVersion: FINGERPRINT_FORMAT_VERSION,
  seed: 0x5713c0de,
  verbatim: Object.freeze({ shingle: 'words3', permutations: 128, bands: 32, rows: 4 }),
  reworded: Object.freeze({ shingle: 'terms', permutations: 128, bands: 64, rows: 2 }),
  passageBands: 32,
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
  return `v${p.formatVersion}/seed=${p.seed >>> 0}/${c(p.verbatim)}/${c(p.reworded)}/passage=${p.passageBands}`;
}

export interface Fingerprint {
  params: FingerprintParams;
  verbatim: Uint32Array;
  reworded: Uint32Array;
  /** One key per band (verbatim, reworded, then passage bands): what the index stores and looks up. */
  bandKeys: Uint32Array;
  wordCount: number;
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

/** Distinct shingle hashes of a word sequence. */
export function shingleHashes(words: readonly string[], kind: ShingleKind): Uint32Array {
  const seen = new Set<number>();
  if (kind === 'words3') {
    const h = words.map((w) => hashString(w));
    if (h.length > 0 && h.length < 3) seen.add(h.reduce((x, y) => combineHashes(x, y)));
    for (let i = 0; i + 2 < h.length; i++) {
      seen.add(combineHashes(combineHashes(h[i]!, h[i + 1]!), h[i + 2]!));
    }
  } else {
    for (const t of contentTerms(words)) seen.add(hashString(t, 0x7e4d));
  }
  return Uint32Array.from(seen);
}

/** The MinHash signature of a set of shingle hashes. Empty sets give all-0xFFFFFFFF. */
export function minhash(shingles: Uint32Array, seed: number, channel: ChannelParams, salt: number): Uint32Array {
  const { a, b } = permutationsFor(seed, channel, salt);
  const k = channel.permutations;
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < k; i++) {
      const v = fmix32((Math.imul(a[i]!, x) + b[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

function bandKeysOf(sig: Uint32Array, channel: ChannelParams, out: Uint32Array, offset: number, salt: number): void {
  for (let band = 0; band < channel.bands; band++) {
    let h = fmix32((band + Math.imul(salt, 0x1000193)) >>> 0);
    for (let r = 0; r < channel.rows; r++) h = combineHashes(h, sig[band * channel.rows + r]!);
    out[offset + band] = h;
  }
}

export function totalBands(p: FingerprintParams): number {
  return p.verbatim.bands + p.reworded.bands + p.passageBands;
}

/** Fingerprint already-normalised words (see text/segment.ts `words`). */
export function fingerprintWords(words: readonly string[], params: FingerprintParams = DEFAULT_PARAMS): Fingerprint {
  for (const ch of [params.verbatim, params.reworded]) {
    if (ch.bands * ch.rows !== ch.permutations) throw new Error('bands × rows must equal permutations');
  }
  if (params.passageBands > params.verbatim.permutations) throw new Error('more passage bands than verbatim permutations');
  const verbatim = minhash(shingleHashes(words, params.verbatim.shingle), params.seed, params.verbatim, 1);
  const reworded = minhash(shingleHashes(words, params.reworded.shingle), params.seed, params.reworded, 2);
  const bandKeys = new Uint32Array(totalBands(params));
  bandKeysOf(verbatim, params.verbatim, bandKeys, 0, 1);
  bandKeysOf(reworded, params.reworded, bandKeys, params.verbatim.bands, 2);
  const passageStart = params.verbatim.bands + params.reworded.bands;
  // Salted so a passage key never equals a verbatim band key by construction.
  for (let i = 0; i < params.passageBands; i++) bandKeys[passageStart + i] = combineHashes(0x9a55a9e, verbatim[i]!);
  return { params, verbatim, reworded, bandKeys, wordCount: words.length };
}

export function fingerprintText(text: string, lang?: string, params: FingerprintParams = DEFAULT_PARAMS): Fingerprint {
  return fingerprintWords(segmentWords(text, lang), params);
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
