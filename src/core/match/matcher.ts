/**
 * The matcher: from a page and its retrieved candidates to one MatchResult.
 *
 * Each candidate is aligned in full (align.ts) and scored (verdict.ts); the source is the
 * candidate that explains the page best. AP stories are rewritten through the day, so a
 * corpus often holds several versions of one story; the version whose narrative sentences
 * cover most of the page wins, and on a tie the one the page reworded least. On the seed
 * story this picks the fuller version for the syndicated, light and spun copies, as the
 * contract in cases.json requires.
 */

import { alignSentences, prepareSentences, type Sentence } from './align';
import { score } from './verdict';
import type { Article, Candidate, MatchResult, PageArticle } from '../types';

export function pageBody(page: PageArticle): string {
  return page.title && !page.text.startsWith(page.title) ? `${page.title}\n\n${page.text}` : page.text;
}

export function matchPage(page: PageArticle, sources: readonly Article[], candidates: Candidate[] = []): MatchResult {
  const pageSentences = prepareSentences(pageBody(page), page.lang);
  let best: MatchResult | undefined;
  for (const source of sources) {
    const sourceSentences: Sentence[] = prepareSentences(`${source.title}\n\n${source.text}`);
    const alignment = alignSentences(pageSentences, sourceSentences);
    const s = score(alignment);
    const result: MatchResult = {
      source: { id: source.id, title: source.title, url: source.url, published: source.published },
      ...s,
      alignedPairs: alignment.pairs,
      candidates,
    };
    if (!best || explainsBetter(result, best)) best = result;
  }
  if (!best || best.verdict === 'none') {
    return {
      source: null,
      verdict: 'none',
      paraphraseScore: null,
      coverage: best?.coverage ?? 0,
      sourceReuse: best?.sourceReuse ?? 0,
      alignedPairs: [],
      candidates,
    };
  }
  return best;
}

function explainsBetter(a: MatchResult, b: MatchResult): boolean {
  if (a.verdict === 'none' && b.verdict !== 'none') return false;
  if (b.verdict === 'none' && a.verdict !== 'none') return true;
  if (Math.abs(a.coverage - b.coverage) > 0.01) return a.coverage > b.coverage;
  return (a.paraphraseScore ?? 100) < (b.paraphraseScore ?? 100);
}
