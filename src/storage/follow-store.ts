/**
 * The follow's queue and state on the corpus database (`IdbFollowStore`, the extension's
 * core/follow FollowStore): one `follow` record per story page the follower knows of, the
 * state and the running totals as two `meta` records (schema.ts, version 6).
 *
 * A followed story is an ordinary corpus article, stored through the same commit as any
 * import (changes.ts importArticles, commit.ts). The follower hands stories over in batches
 * (`addStories`, core/follow/follower.ts): fingerprinted and compressed first, then the
 * batch's articles, their summaries, the index snapshot, the generation bump AND their queue
 * entries are written in ONE transaction (`Alongside`). Every commit rewrites the whole index
 * snapshot (~9 MB at 10,000 articles), so one commit a batch rather than one a story is what
 * keeps a backfill's disk writes and commit time in step with its pace. A run cut anywhere
 * leaves the batch stored with its entries 'added', or none of it: never an article twice,
 * never an entry that claims a story the corpus lacks. The same id replaces the stored
 * article (a new version); stories already stored unchanged need no corpus commit, and when
 * the whole batch is such, its entries are written alone, in a transaction that first reads
 * the articles to see they are still the ones compared. Eviction and turning the follow off
 * delete stories through the normal delete commit, with the entries changed in the same
 * transaction.
 *
 * A stored story is counted once against the budget, on the entry that last stored it: two
 * sitemap URLs with one canonical URL make one article, and the `by-article` index finds
 * the other entries of an article when it is stored again or evicted. An entry queued again
 * (a later lastmod) keeps its story and its charge until the new version replaces it. When a
 * new version comes under another id (the canonical URL changed), the old article is deleted
 * in the same commit, unless another entry still points at it.
 *
 * The stories the follow stored are the corpus's like any other: the reader may delete one in
 * the options page; its entry then counts bytes the corpus no longer holds until eviction
 * reaches it, which deletes nothing and settles the entry. An article the reader had before
 * the follow stored the same id is, from then on, the follow's to replace and evict.
 */

import type { FollowCounts, FollowState, FollowStore, QueueEntry, SitemapUrl, StoryToStore } from '../core/follow/types';
import { totalBands } from '../core/fingerprint/minhash';
import type { Article } from '../core/types';
import { type Alongside, deleteArticles, importArticles, validArticles } from './changes';
import { type Connection, type Db, track, writeAll } from './connection';
import type { StoreContext } from './context';
import { type CorpusStore, storeContextOf } from './corpus-store';
import { StorageError, keptChanging } from './errors';
import { FollowWrites, type FollowTx, countsOf, followTx, isLater, storedBytesOf, toEntry, withoutStory } from './follow-records';
import { type StoredArticleRecord, contentHashFor, contentHashOf } from './records';
import { FOLLOW_COUNTS_KEY, FOLLOW_INDEX, FOLLOW_STATE_KEY } from './schema';

/** URLs whose entries are read at once while enqueuing (requests pipelined in one transaction). */
const ENQUEUE_BATCH = 2_000;
/** Tries of `addStories` while another context changes the same articles between compare and write. */
const ADD_ATTEMPTS = 3;

type Write = (tx: FollowTx) => Promise<void>;

export class IdbFollowStore implements FollowStore {
  private readonly store: StoreContext;
  private readonly connection: Connection;

  constructor(corpus: CorpusStore) {
    this.store = storeContextOf(corpus);
    this.connection = this.store.connection;
  }

  /** The saved state, or undefined when there is no follow (or the record is not one). */
  loadState(): Promise<FollowState | undefined> {
    return this.connection.reading(async (db) => {
      const value = (await db.get('meta', FOLLOW_STATE_KEY))?.value as FollowState | undefined;
      return value && typeof value === 'object' && value.version === 1 && typeof value.sitemapIndex === 'string' ? value : undefined;
    });
  }

  async saveState(state: FollowState): Promise<void> {
    if (!state || state.version !== 1) throw new StorageError('Could not save the follow (not a follow state)', 'invalid');
    await this.connection.writing((db) => db.put('meta', { key: FOLLOW_STATE_KEY, value: state }));
  }

  /**
   * Queues the URLs not known yet, and known ones whose lastmod is later than the one they were
   * settled with (their story, if stored, stays until the new version replaces it). An evicted
   * entry is not queued again: the budget let it go. Returns how many entries became queued.
   */
  async enqueue(urls: readonly SitemapUrl[]): Promise<number> {
    const wanted = new Map<string, string>();
    for (const u of urls) {
      if (!u || typeof u.loc !== 'string' || u.loc === '') continue;
      const lastmod = typeof u.lastmod === 'string' ? u.lastmod : '';
      const seen = wanted.get(u.loc);
      if (seen === undefined || isLater(lastmod, seen)) wanted.set(u.loc, lastmod);
    }
    if (wanted.size === 0) return 0;
    const list = [...wanted];
    return this.writeQueue(async (w) => {
      let queued = 0;
      for (let from = 0; from < list.length; from += ENQUEUE_BATCH) {
        const batch = list.slice(from, from + ENQUEUE_BATCH);
        const old = await Promise.all(batch.map(([url]) => w.get(url)));
        batch.forEach(([url, lastmod], i) => {
          const before = old[i] && toEntry(old[i]);
          const next = enqueued(before, url, lastmod);
          if (!next) return;
          if (before?.state !== 'queued') queued++;
          w.put(before, next);
        });
      }
      return queued;
    });
  }

  /** The queued entry due first at `now` (no notBefore, or one not after `now`; then by URL), passing over those `held`. */
  nextDue(now: number, held?: ReadonlySet<string>): Promise<QueueEntry | undefined> {
    if (!Number.isFinite(now)) return Promise.resolve(undefined);
    return this.connection.reading(async (db) => {
      let cursor = await db.transaction('follow').store.index(FOLLOW_INDEX.due).openCursor(IDBKeyRange.upperBound(now));
      while (cursor && held?.has(cursor.value.url)) cursor = await cursor.continue();
      return cursor ? toEntry(cursor.value) : undefined;
    });
  }

  /**
   * The earliest notBefore among queued entries that carry one. Asked when `nextDue(now)` found
   * none, so it lies after `now` then.
   */
  nextWake(): Promise<number | undefined> {
    return this.connection.reading(async (db) => {
      const cursor = await db.transaction('follow').store.index(FOLLOW_INDEX.due).openKeyCursor(IDBKeyRange.lowerBound(0, true));
      return cursor ? (cursor.key as number) : undefined;
    });
  }

  /**
   * Records what became of an entry: 'queued' again (with notBefore), 'skipped' or 'failed'.
   * The story it holds, if any, stays with it ('added' and 'evicted' are set by `addStories`
   * and `evictOver`, which change the corpus with it).
   */
  async settle(entry: QueueEntry): Promise<void> {
    if (!entry || typeof entry.url !== 'string' || !['queued', 'skipped', 'failed'].includes(entry.state)) {
      throw new StorageError(`Could not save the follow (an entry cannot be settled as ${entry?.state})`, 'invalid');
    }
    await this.writeQueue(async (w) => {
      const old = await w.get(entry.url);
      const before = old && toEntry(old);
      const { articleId: _a, published: _p, bytes: _b, ...settled } = entry;
      w.put(before, { ...settled, articleId: before?.articleId, published: before?.published, bytes: before?.bytes });
    });
  }

  /**
   * Stores the stories (validated as any import: StorageError 'invalid' otherwise, nothing
   * stored) and settles their entries 'added', in one transaction (see the note above).
   * Returns the bytes each item's article takes.
   */
  async addStories(items: readonly StoryToStore[]): Promise<number[]> {
    if (!Array.isArray(items) || items.some((i) => !i || !i.entry || typeof i.entry.url !== 'string')) {
      throw new StorageError('Could not save the follow (no entry for a story)', 'invalid');
    }
    if (items.length === 0) return [];
    // One article an id, the batch's last version (as an import takes a later duplicate).
    const stories = validArticles(items.map((i) => i.article));
    const batch = new Map(stories.map((story) => [story.id, story]));
    const toSettle = items.map((i) => ({ story: batch.get(i.article.id)!, entry: i.entry }));
    const hashes = stories.map(contentHashOf);
    const bands = totalBands(this.store.params);
    for (let attempt = 1; attempt <= ADD_ATTEMPTS; attempt++) {
      const remove = await this.replacedArticles(toSettle);
      let bytes: number[] | undefined;
      const along: Alongside = {
        remove,
        write: async (tx) => {
          bytes = await settleAdded(followTx(tx), (id) => tx.objectStore('articles').get(id), toSettle, bands);
        },
      };
      await importArticles(this.store, stories, {}, along);
      if (bytes !== undefined) return bytes;
      // Stored already, all unchanged: the entries alone, if the articles are still the ones compared.
      const alone = await this.connection.writing(async (db) => {
        const tx = db.transaction(['articles', 'follow', 'meta'], 'readwrite');
        return writeAll(tx, async () => {
          const stored = await Promise.all(stories.map((story) => tx.objectStore('articles').get(story.id)));
          if (stored.some((record, i) => !record || contentHashFor(record) !== hashes[i])) return undefined;
          return settleAdded(followTx(tx), (id) => tx.objectStore('articles').get(id), toSettle, bands);
        });
      });
      if (alone !== undefined) return alone;
    }
    throw keptChanging('Import');
  }

  /** The running totals: one read. */
  counts(): Promise<FollowCounts> {
    return this.connection.reading(async (db) => countsOf((await db.get('meta', FOLLOW_COUNTS_KEY))?.value));
  }

  /**
   * Deletes the stories of the oldest-published entries until the stored stories fit
   * `budgetBytes` (one delete commit, with their entries set 'evicted' in it); returns how
   * many stories went. A story without a date counts as oldest.
   */
  async evictOver(budgetBytes: number): Promise<number> {
    if (!(budgetBytes >= 0)) throw new StorageError('Could not save the follow (the budget is not a size)', 'invalid');
    let evicted = 0;
    // One commit frees enough; another round only when stories were added meanwhile.
    for (let round = 0; round < 3; round++) {
      const ids = await this.connection.reading((db) => oldestOver(db, budgetBytes));
      if (ids.length === 0) return evicted;
      let stories = 0;
      const write: Write = async (tx) => {
        const w = await FollowWrites.open(tx);
        const settledAt = Date.now();
        for (const entries of await Promise.all(ids.map((id) => w.byArticle(id)))) {
          for (const record of entries) {
            if (record.state === 'evicted') continue;
            const before = toEntry(record);
            if (before.bytes !== undefined) stories++;
            const { notBefore: _n, reason: _r, ...rest } = withoutStory(before);
            w.put(before, { ...rest, state: 'evicted', settledAt });
          }
        }
        w.finish();
      };
      await this.withCorpus((along) => deleteArticles(this.store, ids, along), write);
      evicted += stories;
    }
    return evicted;
  }

  /**
   * Turns the follow off: forgets its state, its queue and its totals; with `keepStories`
   * false, deletes the stories it stored in the same commit. Returns how many were deleted.
   */
  async clearFollow(opts: { keepStories: boolean }): Promise<{ deleted: number }> {
    const forget: Write = async (tx) => {
      track(tx.objectStore('follow').clear());
      track(tx.objectStore('meta').delete(FOLLOW_STATE_KEY));
      await tx.objectStore('meta').delete(FOLLOW_COUNTS_KEY);
    };
    if (opts.keepStories) {
      await this.connection.writing(async (db) => {
        const tx = db.transaction(['follow', 'meta'], 'readwrite');
        await writeAll(tx, () => forget(followTx(tx)));
      });
      return { deleted: 0 };
    }
    const ids = await this.connection.reading(async (db) => {
      const held = await db.getAllFromIndex('follow', FOLLOW_INDEX.published);
      return [...new Set(held.flatMap((e) => (e.articleId === undefined ? [] : [e.articleId])))];
    });
    return { deleted: await this.withCorpus((along) => deleteArticles(this.store, ids, along), forget) };
  }

  /** Entries in one state, by URL, at most `limit` (the options page's lists of failed and skipped pages). */
  entries(state: QueueEntry['state'], limit = 100): Promise<QueueEntry[]> {
    return this.connection.reading(async (db) => (await db.getAllFromIndex('follow', FOLLOW_INDEX.state, IDBKeyRange.only(state), limit)).map(toEntry));
  }

  // ── inside ───────────────────────────────────────────────────────────────────────────

  /** Runs `write` with a FollowWrites in one transaction over `follow` and `meta`; its totals written last. */
  private writeQueue<T>(write: (w: FollowWrites) => Promise<T>): Promise<T> {
    return this.connection.writing(async (db) => {
      const tx = db.transaction(['follow', 'meta'], 'readwrite');
      return writeAll(tx, async () => {
        const w = await FollowWrites.open(followTx(tx));
        const result = await write(w);
        w.finish();
        return result;
      });
    });
  }

  /**
   * A corpus change with `write` in its transaction; when the corpus had nothing to change
   * (no commit, so `write` did not run), `write` alone, in a transaction of its own.
   */
  private async withCorpus<R>(change: (along: Alongside) => Promise<R>, write: Write): Promise<R> {
    let ran = false;
    const result = await change({
      write: async (tx) => {
        ran = true;
        await write(followTx(tx));
      },
    });
    if (!ran) {
      await this.connection.writing(async (db) => {
        const tx = db.transaction(['follow', 'meta'], 'readwrite');
        await writeAll(tx, () => write(followTx(tx)));
      });
    }
    return result;
  }

  /**
   * The articles the batch's new stories replace when they come under other ids: each entry's
   * previous one, unless an entry outside the batch, or one of the batch that keeps it, still
   * points at it.
   */
  private replacedArticles(items: readonly { story: Article; entry: QueueEntry }[]): Promise<string[]> {
    const next = new Map(items.map(({ story, entry }) => [entry.url, story.id]));
    return this.connection.reading(async (db) => {
      const tx = db.transaction('follow');
      const urls = [...next.keys()];
      const previous = await Promise.all(urls.map(async (url) => (await tx.store.get(url))?.articleId));
      const left = [...new Set(previous.filter((id, i): id is string => id !== undefined && id !== next.get(urls[i]!)))];
      const holders = await Promise.all(left.map((id) => tx.store.index(FOLLOW_INDEX.article).getAllKeys(id)));
      return left.filter((id, i) => holders[i]!.every((url) => next.has(url as string) && next.get(url as string) !== id));
    });
  }
}

/**
 * What enqueuing `url` at `lastmod` makes of its entry: a new one; a known one queued again
 * when the lastmod is later (attempts and back-off forgotten, the stored story kept);
 * undefined to leave it as it is.
 */
function enqueued(old: QueueEntry | undefined, url: string, lastmod: string): QueueEntry | undefined {
  if (!old) return { url, lastmod, state: 'queued', attempts: 0 };
  if (old.state === 'evicted' || !isLater(lastmod, old.lastmod)) return undefined;
  if (old.state === 'queued') return { ...old, lastmod };
  const { notBefore: _n, reason: _r, settledAt: _s, ...kept } = old;
  return { ...kept, lastmod, state: 'queued', attempts: 0 };
}

/**
 * Inside a transaction that holds the stories, in order: each entry 'added' and charged its
 * article's bytes as stored; other entries of the same article give up their charge (a story
 * is counted once, on the entry that stored it last). Returns each item's bytes.
 */
async function settleAdded(
  tx: FollowTx,
  stored: (id: string) => Promise<StoredArticleRecord | undefined>,
  items: readonly { story: Article; entry: QueueEntry }[],
  bands: number,
): Promise<number[]> {
  const w = await FollowWrites.open(tx);
  const sizes = new Map<string, number>();
  const result: number[] = [];
  for (const { story, entry } of items) {
    let bytes = sizes.get(story.id);
    if (bytes === undefined) {
      // The record as this transaction holds it: the new version, or the unchanged one.
      bytes = storedBytesOf((await stored(story.id))!, bands);
      sizes.set(story.id, bytes);
    }
    result.push(bytes);
    // Read after the writes of the items before it: the same transaction sees them.
    const [old, others] = await Promise.all([w.get(entry.url), w.byArticle(story.id)]);
    for (const other of others) {
      if (other.url !== entry.url && other.bytes !== undefined) w.put(toEntry(other), withoutStory(toEntry(other)));
    }
    const before = old && toEntry(old);
    const { notBefore: _n, reason: _r, ...rest } = before ?? entry;
    w.put(before, {
      ...rest,
      url: entry.url,
      lastmod: entry.lastmod,
      state: 'added',
      attempts: entry.attempts,
      articleId: story.id,
      // The date eviction goes by: the caller's (a story without one may be dated by its lastmod), else the story's.
      published: typeof entry.published === 'string' && entry.published !== '' ? entry.published : story.published,
      bytes,
      settledAt: entry.settledAt ?? Date.now(),
    });
  }
  w.finish();
  return result;
}

/** The ids of the oldest-published stored stories to delete for the stored ones to fit `budget`. */
async function oldestOver(db: Db, budget: number): Promise<string[]> {
  const tx = db.transaction(['follow', 'meta']);
  let over = countsOf((await tx.objectStore('meta').get(FOLLOW_COUNTS_KEY))?.value).bytes - budget;
  const ids = new Set<string>();
  for (let cursor = over > 0 ? await tx.objectStore('follow').index(FOLLOW_INDEX.published).openCursor() : null; cursor && over > 0; cursor = await cursor.continue()) {
    const { articleId, bytes } = cursor.value;
    if (articleId === undefined) continue;
    ids.add(articleId);
    over -= bytes ?? 0;
  }
  return [...ids];
}
