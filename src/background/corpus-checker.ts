/**
 * The background's view of the corpus: an index loaded once and reused until the corpus
 * changes. The generation counter in IndexedDB is bumped by every import and delete, from any
 * context (the options page writes directly), so each check compares it — one small read —
 * and reloads the index only when it moved. A service worker that was stopped starts from the
 * saved snapshot (storage/index-cache.ts), not from the article texts.
 *
 * `checkAt` also says which generation the verdict was given against, so the background can
 * tell a verdict the corpus has since moved past (background.ts). The generation is read
 * before the index is loaded; a change committed between the two labels a newer index with
 * the older number, which only ever makes the background check again, never trust a stale one.
 */

import { type CheckOptions, checkPage } from '../core/check';
import type { CorpusIndex } from '../core/index/corpus-index';
import type { MatchResult, PageArticle } from '../core/types';
import { CorpusStore } from '../storage';

export class CorpusChecker {
  private storePromise?: Promise<CorpusStore>;
  private loaded?: { generation: number; index: CorpusIndex };

  constructor(private readonly dbName?: string) {}

  private openStore(): Promise<CorpusStore> {
    if (!this.storePromise) {
      this.storePromise = CorpusStore.open(this.dbName).catch((e: unknown) => {
        this.storePromise = undefined; // let the next check try again
        throw e;
      });
      // A corpus saved before texts were compressed is rewritten once, in the background
      // (one read when there is nothing to do); old records read the same meanwhile.
      void this.storePromise.then((store) => store.compressStoredTexts()).catch(() => undefined);
    }
    return this.storePromise;
  }

  async generation(): Promise<number> {
    return (await this.openStore()).generation();
  }

  /** The store itself, for settings, reports and additions to the corpus. */
  store(): Promise<CorpusStore> {
    return this.openStore();
  }

  async check(page: PageArticle, opts: CheckOptions = {}): Promise<MatchResult> {
    return (await this.checkAt(page, opts)).result;
  }

  /** The verdict and the corpus generation it was given against. */
  async checkAt(page: PageArticle, opts: CheckOptions = {}): Promise<{ result: MatchResult; generation: number }> {
    const store = await this.openStore();
    const { index, generation } = await this.currentIndex(store);
    const result = await checkPage(page, { index, loadArticles: (ids) => store.getArticles(ids) }, opts);
    return { result, generation };
  }

  /**
   * Loads the index now rather than at the next check. After an update that changed the
   * fingerprint, the saved index no longer verifies and every text is fingerprinted again
   * (at the build rate of bench/results.json, tens of seconds for 100,000); started when the update
   * is installed, that wait is not the reader's first verdict.
   */
  async warm(): Promise<void> {
    await this.currentIndex(await this.openStore());
  }

  private async currentIndex(store: CorpusStore): Promise<{ generation: number; index: CorpusIndex }> {
    const generation = await store.generation();
    if (!this.loaded || this.loaded.generation !== generation) {
      this.loaded = { generation, index: await store.loadIndex() };
    }
    return this.loaded;
  }

  forget(): void {
    this.loaded = undefined;
  }
}
