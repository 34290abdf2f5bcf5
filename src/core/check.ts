/**
 * One check, end to end, on any corpus: fingerprint the page, retrieve candidates from the
 * index, load their texts, align and decide. The CLI passes an in-memory corpus, the
 * background one backed by IndexedDB; both go through this function, so they cannot disagree.
 */

import { fingerprintText } from './fingerprint/minhash';
import type { CorpusIndex } from './index/corpus-index';
import { matchPage, pageBody } from './match/matcher';
import type { Article, MatchResult, PageArticle } from './types';

/** How many retrieved candidates are aligned in full. */
export const ALIGN_CANDIDATES = 5;

export interface CorpusAccess {
  index: CorpusIndex;
  /** Articles by id, in any order; ids that no longer exist are left out. */
  loadArticles(ids: readonly string[]): Promise<Article[]> | Article[];
}

export async function checkPage(page: PageArticle, corpus: CorpusAccess): Promise<MatchResult> {
  const fp = fingerprintText(pageBody(page), page.lang, corpus.index.params);
  const candidates = corpus.index.query(fp, 10);
  const sources = await corpus.loadArticles(candidates.slice(0, ALIGN_CANDIDATES).map((c) => c.id));
  return matchPage(page, sources, candidates);
}
