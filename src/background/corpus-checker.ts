/**
 * The background's view of the corpus: an index loaded once and reused until the corpus
 * changes. The generation counter in IndexedDB is bumped by every import and delete, from any
 * context (the options page writes directly), so each check compares it — one small read —
 * and reloads the index only when it moved. A service worker that was stopped starts from the
 * index directory (storage/index-cache.ts), not from the article texts, and each check reads
 * the index shards its band keys fall into; after its first check, an index small enough is
 * read whole into its cache (ShardedIndex.preload), so later checks read nothing. A check whose shards moved under it (another
 * context committed) runs again on the new index; one that found a damaged shard has the index
 * rebuilt from the texts, then runs again.
 *
 * `checkAt` also says which generation the verdict was given against, so the background can
 * tell a verdict the corpus has since moved past (background.ts). The generation is read
 * before the index is loaded; a change committed between the two labels a newer index with
 * the older number, which only ever makes the background check again, never trust a stale one.
 */

import { type CheckOptions, checkPage } from '../core/check';
import type { ShardedIndex } from '../core/index/sharded-index';
import { SnapshotError } from '../core/index/snapshot';
import { IndexMovedError } from '../storage/index-shards';
import type { MatchResult, PageArticle } from '../core/types';
import { CorpusStore } from '../storage';

/** How long after an index's first check its preload starts. */
const PRELOAD_AFTER_MS = 1500;
const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Checks tried when the corpus keeps changing under them, or when the index needed a repair. */
const MAX_CHECK_ATTEMPTS = 4;

export class CorpusChecker {
  private storePromise?: Promise<CorpusStore>;
  private loaded?: { generation: number; index: ShardedIndex };
  /** Each index's preload (ShardedIndex.preload: a small index is read whole into its cache). */
  private readonly preloading = new WeakMap<ShardedIndex, Promise<boolean>>();

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
    for (let attempt = 1; ; attempt++) {
      const { index, generation } = await this.currentIndex(store);
      try {
        const result = await checkPage(page, { index, loadArticles: (ids) => store.getArticles(ids) }, opts);
        // A while after the first check, not before or right after it: the reads would queue
        // ahead of what the background still writes for this verdict (its state, the site record).
        if (!this.preloading.has(index)) this.preloading.set(index, later(PRELOAD_AFTER_MS).then(() => index.preload()).catch(() => false));
        return { result, generation };
      } catch (e) {
        if (attempt >= MAX_CHECK_ATTEMPTS) throw e;
        if (e instanceof IndexMovedError) {
          // The corpus changed while the check read its shards: read the new index.
          this.loaded = undefined;
        } else if (e instanceof SnapshotError) {
          // A shard or an id that does not verify: the index is rebuilt from the texts.
          this.loaded = { generation: await store.generation(), index: await store.repairIndex(e.message) };
        } else {
          throw e;
        }
      }
    }
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

  private async currentIndex(store: CorpusStore): Promise<{ generation: number; index: ShardedIndex }> {
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
