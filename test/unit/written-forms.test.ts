import { describe, expect, it } from 'vitest';
import { words, writtenTokens } from '../../src/core/text/tokens';
import { alignSentences, prepareSentences, withWrittenEdits, wordEdits } from '../../src/core/match/align';
import { matchPage, substitutions } from '../../src/core/match/matcher';
import type { AlignedPair } from '../../src/core/types';

/** Each token with the text it covers, or null where it has no span. */
function written(text: string, lang?: string): [string, string | null][] {
  const { tokens, spans } = writtenTokens(text, lang);
  return tokens.map((t, i) => [t, spans[i] ? text.slice(spans[i]!.start, spans[i]!.end) : null]);
}

describe('tokens as written', () => {
  it('gives exactly the matching tokens, each with its spelling in the text', () => {
    const text = 'The U.S. said “don’t” to MOSCOW’s ﬁrst plan, 1,000 times.';
    expect(writtenTokens(text).tokens).toEqual(words(text));
    expect(written(text)).toEqual([
      ['the', 'The'],
      ['u.s', 'U.S.'],
      ['said', 'said'],
      ["don't", 'don’t'],
      ['to', 'to'],
      ["moscow's", 'MOSCOW’s'],
      ['first', 'ﬁrst'],
      ['plan', 'plan'],
      ['1,000', '1,000'],
      ['times', 'times'],
    ]);
  });

  it("keeps an initialism's closing period, and only an initialism's", () => {
    expect(written('U.S.-backed forces in D.C. met Gov. Smith.')).toEqual([
      ['u.s', 'U.S.'],
      ['backed', 'backed'],
      ['forces', 'forces'],
      ['in', 'in'],
      ['d.c', 'D.C.'],
      ['met', 'met'],
      ['gov', 'Gov'],
      ['smith', 'Smith'],
    ]);
  });

  it('finds tokens made of composed characters, and leaves a token without a span where folding differs', () => {
    expect(written('cafe\u0301 ABC公司')).toEqual([
      ['café', 'cafe\u0301'],
      ['abc', 'ABC'],
      ['公', '公'],
      ['司', '司'],
    ]);
    // Turkish capital dotted I lower-cases to two code points in the whole-text fold only.
    const { tokens, spans } = writtenTokens('İstanbul news');
    expect(tokens).toEqual(words('İstanbul news'));
    expect(spans[1]).toEqual({ start: 9, end: 13 });
  });
});

describe('word swaps as the texts wrote them', () => {
  const source = 'The U.S. Army and the “senior” officials said on Monday that the plan was ready for the region.';
  const page = 'The United States Army and the “sensible” officials said on Monday that the plan was ready for the region.';

  it('carries each edit as written beside its normalised words', () => {
    const pairs = withWrittenEdits(alignSentences(prepareSentences(page), prepareSentences(source)));
    expect(pairs).toHaveLength(1);
    const edits = pairs[0]!.edits;
    expect(edits.map(({ source, page }) => ({ source, page }))).toEqual(wordEdits(prepareSentences(source)[0]!.words, prepareSentences(page)[0]!.words));
    expect(edits.map((e) => [e.sourceAsWritten, e.pageAsWritten])).toEqual([
      ['U.S.', 'United States'],
      ['senior', 'sensible'],
    ]);
  });

  it('counts swaps by normalised words and shows the most common spelling', () => {
    const pair = (sourceAsWritten: string, pageAsWritten: string): AlignedPair => ({
      pageIndex: 0,
      pageSentence: '',
      sourceIndices: [0],
      sourceSentence: '',
      similarity: 0.9,
      paraphraseScore: 10,
      quote: false,
      edits: [{ source: ['u.s'], page: ['united', 'states'], sourceAsWritten, pageAsWritten }],
    });
    const swaps = substitutions([pair('U.S.', 'united states'), pair('U.S.', 'United States'), pair('u.s.', 'United States'), pair('U.S.', 'United States')]);
    expect(swaps).toEqual([{ source: 'u.s', page: 'united states', count: 4, sourceAsWritten: 'U.S.', pageAsWritten: 'United States' }]);
  });

  it('shows the page spelling through a whole check, while the verdict works on normalised words', () => {
    const story = [
      'WASHINGTON (AP) — The U.S. Senate passed a sweeping border bill on Tuesday after weeks of talks.',
      'Senators from both parties said the U.S. measure would fund new judges and more border agents.',
      'The bill now goes to the House, where its fate is uncertain, aides said late Tuesday.',
      'Officials in the U.S. capital said the vote was the most senior test of the coalition so far.',
    ].join('\n\n');
    const spun = story.replace(/U\.S\./g, 'United States').replace('most senior', 'most sensible').replace('“', '"');
    const result = matchPage({ title: '', text: spun }, [{ id: 'a', title: 'Border bill', url: '', published: '', text: story }]);
    const usSwap = result.substitutions.find((s) => s.source === 'u.s');
    expect(usSwap).toMatchObject({ page: 'united states', sourceAsWritten: 'U.S.', pageAsWritten: 'United States', count: 3 });
    expect(result.substitutions.find((s) => s.source === 'senior')).toMatchObject({ sourceAsWritten: 'senior', pageAsWritten: 'sensible' });
  });

  it('keeps curly quotes and capitals of the page inside a swapped run', () => {
    const src = 'Officials said the country’s Defense Ministry ordered the troops back to their bases on Friday.';
    const pg = 'Officials said the nation’s Defence Ministry ordered the troops back to their bases on Friday.';
    const pairs = withWrittenEdits(alignSentences(prepareSentences(pg), prepareSentences(src)));
    expect(pairs[0]!.edits.map((e) => [e.sourceAsWritten, e.pageAsWritten])).toEqual([
      ['country’s Defense', 'nation’s Defence'],
    ]);
  });
});
