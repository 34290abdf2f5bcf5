/**
 * A corpus read from a pack, answering checks through the same `checkPage` as every other
 * corpus. Texts stay compressed until alignment asks for a candidate's (a check reads about
 * nine): opening a pack inflates each text once to verify it (pack.ts), and keeps none.
 */

import { type CheckOptions, checkPage } from '../check';
import type { Article, MatchResult, PageArticle } from '../types';
import type { Pack } from './pack';

export class PackCorpus {
  private readonly position: Map<string, number>;
  private readonly loaded = new Map<string, Promise<Article>>();

  constructor(readonly pack: Pack) {
    this.position = new Map(pack.articles.map((a, i) => [a.id, i]));
  }

  get size(): number {
    return this.pack.articles.length;
  }

  async article(id: string): Promise<Article | undefined> {
    const i = this.position.get(id);
    if (i === undefined) return undefined;
    let p = this.loaded.get(id);
    if (!p) {
      const { title, url, published } = this.pack.articles[i]!;
      p = this.pack.text(i).then((text) => ({ id, title, url, published, text }));
      this.loaded.set(id, p);
    }
    return p;
  }

  check(page: PageArticle, opts?: CheckOptions): Promise<MatchResult> {
    return checkPage(
      page,
      {
        index: this.pack.index,
        loadArticles: async (ids) => (await Promise.all(ids.map((id) => this.article(id)))).filter((a): a is Article => a !== undefined),
      },
      opts,
    );
  }
}
