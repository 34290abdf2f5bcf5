// The aligner's similarity, computed on numbered terms (align.ts DiceTable), against the same
// IDF-weighted Dice written plainly with sets and maps: every page sentence against every run
// of one to three source sentences, on the seed texts (the AP originals, the spun copy, the
// rewrite, an independent story), and the pairs alignSentences keeps must carry exactly the
// plain figure for the span it chose, and no span may beat it.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Sentence, alignSentences, idfWeights, prepareSentences, sentenceSimilarity } from '../../src/core/match/align';
import { seedText } from './seeds';

const texts = readdirSync(new URL('../fixtures/seeds/', import.meta.url))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => prepareSentences(seedText(f)));

function plainDice(page: Sentence, spanTerms: Set<string>, w: Map<string, number>): number {
  const weight = (terms: Iterable<string>) => [...terms].reduce((sum, t) => sum + (w.get(t) ?? 0), 0);
  const pw = weight(page.terms);
  const sw = weight(spanTerms);
  if (pw === 0 || sw === 0) return 0;
  let shared = 0;
  for (const t of page.terms) if (spanTerms.has(t)) shared += w.get(t) ?? 0;
  return (2 * shared) / (pw + sw);
}

describe('alignment similarity on numbered terms', () => {
  it('equals the plain weighted Dice for single sentences', () => {
    let compared = 0;
    for (const a of texts[0]!.slice(0, 12)) {
      for (const b of texts[3]!.slice(0, 12)) {
        const w = idfWeights([a.terms, b.terms]);
        expect(sentenceSimilarity(a, b)).toBe(plainDice(a, new Set(b.terms), w));
        compared++;
      }
    }
    expect(compared).toBe(144);
  });

  it('keeps each pair at the plain Dice of its span, and no span scores higher by the same measure', () => {
    let pairs = 0;
    for (const page of texts) {
      for (const source of texts) {
        if (page === source) continue;
        const w = idfWeights([...page, ...source].map((s) => s.terms));
        const { pairs: kept } = alignSentences(page, source);
        for (const pair of kept) {
          const span = new Set(pair.sourceIndices.flatMap((k) => source[k]!.terms));
          const sim = plainDice(page[pair.pageIndex]!, span, w);
          expect(pair.similarity).toBe(Math.round(sim * 1000) / 1000);
          for (let first = 0; first < source.length; first++) {
            const single = new Set(source[first]!.terms);
            if (!source[first]!.boilerplate) expect(plainDice(page[pair.pageIndex]!, single, w)).toBeLessThanOrEqual(sim);
          }
          expect(pair.sourceSentence).toBe(pair.sourceIndices.map((k) => source[k]!.text).join(' '));
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(50);
  });
});
