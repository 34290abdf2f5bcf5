/**
 * An in-memory corpus: the CLI's, and the tests'. Indexes articles with the default
 * fingerprint parameters and answers checks through the same checkPage as the extension.
 */

import { type Retrieval, checkPage, retrieve } from '../check';
import { DEFAULT_PARAMS, type FingerprintParams, fingerprintText } from '../fingerprint/minhash';
import { CorpusIndex } from '../index/corpus-index';
import type { Article, MatchResult, PageArticle } from '../types';

export class MemoryCorpus {
  private readonly byId = new Map<string, Article>();
  private index: CorpusIndex;

  constructor(articles: Iterable<Article> = [], readonly params: FingerprintParams = DEFAULT_PARAMS) {
    for (const a of articles) this.byId.set(a.id, a);
    this.index = CorpusIndex.build(params, [...this.byId.values()].map((a) => ({ id: a.id, bandKeys: bandKeysOf(a, params) })));
  }

  get size(): number {
    return this.byId.size;
  }

  add(articles: Iterable<Article>): void {
    const add = [];
    for (const a of articles) {
      this.byId.set(a.id, a);
      add.push({ id: a.id, bandKeys: bandKeysOf(a, this.params) });
    }
    this.index = this.index.withChanges({ add });
  }

  get(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** The retrieval stage alone (for the evaluation's recall measures). */
  retrieve(page: PageArticle): Retrieval {
    return retrieve(page, this.index);
  }

  check(page: PageArticle): Promise<MatchResult> {
    return checkPage(page, {
      index: this.index,
      loadArticles: (ids) => ids.flatMap((id) => this.byId.get(id) ?? []),
    });
  }
}

export function articleFingerprintText(a: Pick<Article, 'title' | 'text'>): string {
  return `${a.title}\n\n${a.text}`;
}

function bandKeysOf(a: Article, params: FingerprintParams): Uint32Array {
  return fingerprintText(articleFingerprintText(a), undefined, params).bandKeys;
}
