/**
 * MinHash signatures: Wirecheck's typed-array MinHash against the `minhash` npm package (the
 * peer), same input, same process, alternating runs so machine noise hits both alike.
 *
 * Input: the word 3-gram shingles of the five seed texts (4,572 shingles), 128
 * permutations on both sides. Reports the median time per signature set and the ratio.
 * Run: npx tsx bench/signature-peer.ts
 *
 * What is timed, per text. Both sides start from the same deduplicated shingle strings
 * ("the port said"), built before timing. Ours: hash each shingle string to the value
 * fingerprinting gives it (the three words' hashes combined, read off the string), then the
 * 128-permutation signature. The peer: construct a Minhash (it draws its own permutations
 * per instance, its documented use), then update() with each shingle string, which hashes
 * the string and applies the 128 permutations. Our permutations are drawn once per process
 * and cached, as in the product. Neither side deduplicates inside the timing: the input
 * is already a set.
 */

import { readFileSync, readdirSync } from 'node:fs';
// The peer is CommonJS with no types: { Minhash }.
import minhashPackage from 'minhash';
import { hashJoinedWords } from '../src/core/fingerprint/hash';
import { DEFAULT_PARAMS, minhash, shingleHashes } from '../src/core/fingerprint/minhash';
import { words } from '../src/core/text/tokens';

const { Minhash } = minhashPackage;

const seedsDir = new URL('../test/fixtures/seeds/', import.meta.url);
const texts = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, seedsDir), 'utf8'));
const shingleSets = texts.map((t) => {
  const w = words(t);
  const set = new Set<string>();
  for (let i = 0; i + 2 < w.length; i++) set.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return [...set];
});
const totalShingles = shingleSets.reduce((n, s) => n + s.length, 0);

// Our timed path must give the signature fingerprinting gives (checked once, untimed).
texts.forEach((t, k) => {
  const strings = shingleSets[k]!;
  const fromStrings = minhash(Uint32Array.from(strings, hashJoinedWords), DEFAULT_PARAMS.seed, DEFAULT_PARAMS.verbatim, 1);
  const fromWords = minhash(shingleHashes(words(t), 'words3'), DEFAULT_PARAMS.seed, DEFAULT_PARAMS.verbatim, 1);
  if (fromStrings.join() !== fromWords.join()) throw new Error('bench signature differs from fingerprintWords');
});

function ours(): number {
  let sink = 0;
  for (const shingles of shingleSets) {
    const hashes = new Uint32Array(shingles.length);
    // Same work as fingerprinting: hash each shingle's words, combine, then permute. The
    // shingle's words are hashed in place rather than split into new strings (same values;
    // split(' ') cost more than the permutations did).
    for (let i = 0; i < shingles.length; i++) hashes[i] = hashJoinedWords(shingles[i]!);
    sink ^= minhash(hashes, DEFAULT_PARAMS.seed, DEFAULT_PARAMS.verbatim, 1)[0]!;
  }
  return sink;
}

function peer(): number {
  let sink = 0;
  for (const shingles of shingleSets) {
    const m = new Minhash({ numPerm: 128 });
    for (const s of shingles) m.update(s);
    sink ^= m.hashvalues[0]!;
  }
  return sink;
}

function time(fn: () => number): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median ms per run of all five texts, ours and the peer's, alternating runs. */
export function signaturePeer(): { ours: number; peer: number; note: string } {
  for (let i = 0; i < 3; i++) {
    ours();
    peer();
  }
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  for (let i = 0; i < 15; i++) {
    oursMs.push(time(ours));
    peerMs.push(time(peer));
  }
  return { ours: median(oursMs), peer: median(peerMs), note: `${shingleSets.length} texts, ${totalShingles} word 3-gram shingles, median of 15 alternating runs` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ours: o, peer: p } = signaturePeer();
  console.log(`MinHash signatures, 128 permutations, ${shingleSets.length} texts, ${totalShingles} word 3-gram shingles (median of 15 runs)`);
  console.log(`  wirecheck (typed arrays, Math.imul): ${o.toFixed(2)} ms`);
  console.log(`  minhash@0.0.9 (peer):                ${p.toFixed(2)} ms`);
  console.log(`  ratio: wirecheck is ${(p / o).toFixed(1)}× faster`);
}
