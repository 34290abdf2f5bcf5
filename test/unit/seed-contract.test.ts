// The founding contract (test/fixtures/seeds/cases.json) through the core.
import { describe, expect, it } from 'vitest';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import type { MatchResult } from '../../src/core/types';
import { seedCases, seedCorpus, seedPage } from './seeds';

const results = new Map<string, MatchResult>();

describe('seed contract', () => {
  for (const c of seedCases.cases) {
    it(`${c.name}: ${c.query} against "${c.corpus}" → ${c.verdict.join('|')} from ${[c.source].flat().join('|')}`, async () => {
      const corpus = new MemoryCorpus(seedCorpus(c.corpus));
      const result = await corpus.check(seedPage(c.query));
      results.set(c.name, result);
      expect(c.verdict).toContain(result.verdict);
      expect([c.source].flat()).toContain(result.source?.id);
      expect(result.paraphraseScore).not.toBeNull();
      expect(result.coverage).toBeGreaterThan(0);
      expect(result.coverage).toBeLessThanOrEqual(1);
      expect(result.candidates.map((x) => x.id)).toContain(result.source?.id);
      expect(result.alignedPairs.length).toBeGreaterThan(0);
    });
  }

  it(`orders paraphrase scores: ${seedCases.order}`, async () => {
    const corpus = new MemoryCorpus(seedCorpus('both'));
    const score = async (file: string) => (await corpus.check(seedPage(file))).paraphraseScore!;
    const named = (name: string) => seedCases.cases.find((c) => c.name === name)!.query;
    const syndicated = await score(named('syndicated copy'));
    const light = await score(named('light rewrite'));
    const spun = await score(named('spun rewrite'));
    expect(syndicated).toBeLessThan(light);
    expect(light).toBeLessThan(spun);
  });

  it('finds no source for an unrelated page', async () => {
    const corpus = new MemoryCorpus(seedCorpus('both'));
    const result = await corpus.check({
      title: 'Local bakery wins regional bread award',
      text: 'A family bakery in the valley took first prize at the regional fair on Saturday. '.repeat(3) +
        '\n\nThe owners said they had used the same sourdough starter for forty years and planned to expand next spring.',
    });
    expect(result.verdict).toBe('none');
    expect(result.source).toBeNull();
    expect(result.paraphraseScore).toBeNull();
  });

  it('finds no source in an empty corpus', async () => {
    const result = await new MemoryCorpus([]).check(seedPage('001_2b3f9f2055e0df11.txt'));
    expect(result).toMatchObject({ verdict: 'none', source: null, candidates: [] });
  });
});
