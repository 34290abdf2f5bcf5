// fingerprint/shingles.ts makes the four shingle sets in one pass, unsorted and with repeats;
// as sets they must be exactly the ones the general way makes (minhash.ts shingleHashes and
// wordGrams, terms.ts contentTerms), or stored fingerprints would change.
import { describe, expect, it } from 'vitest';
import { generateStory } from '../../bench/eval/synthetic';
import { hashString, seededRandom } from '../../src/core/fingerprint/hash';
import { DEFAULT_PARAMS, shingleHashes, wordGrams } from '../../src/core/fingerprint/minhash';
import { stemLength, termHashes, wordShingles } from '../../src/core/fingerprint/shingles';
import { stem } from '../../src/core/fingerprint/terms';
import { words as segmentWords } from '../../src/core/text/tokens';

const distinct = (xs: Uint32Array) => [...new Set(xs)].sort((a, b) => a - b);
const { passageWords, leadWords } = DEFAULT_PARAMS;

function expectSameSets(words: readonly string[]) {
  const fast = wordShingles(words, Uint32Array.from(words, (w) => hashString(w)), passageWords, leadWords);
  expect(fast).toBeDefined();
  const hashes = Uint32Array.from(words, (w) => hashString(w));
  expect(distinct(fast!.words3)).toEqual([...wordGrams(hashes, 3)]);
  expect(distinct(fast!.passage)).toEqual([...wordGrams(hashes, passageWords)]);
  expect(distinct(fast!.terms)).toEqual([...shingleHashes(words, 'terms')]);
  expect(distinct(fast!.lead)).toEqual([...shingleHashes(words.slice(0, leadWords), 'terms')]);
}

describe('one-pass shingles', () => {
  it('are the general way’s sets on stories, and on texts of every length around the gram sizes', () => {
    for (let i = 0; i < 60; i++) expectSameSets(segmentWords(generateStory({ seed: 9, topic: i, story: i % 3 }).text));
    const vocabulary = ['the', 'port', 'said', 'a', 'storm', 'u.s', 'mayors', 'supported', 'parties', "nation's", 'ties', 'bring', 'added', 'boxes', 'class', "'s", 'café', '2024', 'x'];
    const next = seededRandom(11);
    for (const length of [0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 119, 120, 121, 400]) {
      const words = Array.from({ length }, () => vocabulary[next() % vocabulary.length]!);
      expectSameSets(words);
    }
  });

  it('stemLength is terms.ts stem as a length', () => {
    const samples = ['a', 'is', "'s", "it's", 'ties', 'parties', 'bring', 'singing', 'added', 'red', 'boxes', 'class', 'gas', 'cats', "nation's", "parties's", 'u.s', 'café', 'naïve', 'abc1s', "o'neill", 'dies', 'lies', 'ing', 'being', 'seeded'];
    for (const w of samples) {
      const k = stemLength(w);
      expect(k < 0 ? `${w.slice(0, -k)}y` : w.slice(0, k), w).toBe(stem(w));
    }
  });

  it('leave CJK text to the general way', () => {
    expect(termHashes(['the', '中', '文'], leadWords)).toBeUndefined();
    expect(wordShingles(['北', '京'], Uint32Array.of(1, 2), passageWords, leadWords)).toBeUndefined();
  });
});
