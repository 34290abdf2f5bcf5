/**
 * The follow's queue and state on the corpus database (`IdbFollowStore`, the extension's
 * core/follow FollowStore): one `follow` record per story page the follower knows of, the
 * state and the running totals as two `meta` records (schema.ts, version 6).
 *
 * A followed story is an ordinary corpus article, stored through the same commit as any
 * import (changes.ts importArticles, commit.ts): fingerprinted and compressed first, then
 * the article, its summary, the index snapshot, the generation bump AND its queue entry are
 * written in ONE transaction (`Alongside`). A run cut anywhere leaves the story stored with its
 * entry 'added', or neither: never the article twice, never an entry that claims a story the
 * corpus lacks. The same id replaces the stored article (a new version); a story already
 * stored unchanged needs no corpus commit, and its entry is written alone, in a transaction
 * that first reads the article to see it is still the one compared. Eviction and turning the
 * follow off delete stories through the normal delete commit, with the entries changed in the
 * same transaction.
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

import type { FollowCounts, FollowState, FollowStore, QueueEntry, SitemapUrl } from '../core/follow/types';
import { totalBands } from '../core/fingerprint/minhash';
import type { Article } from '../core/types';
import { type Alongside, deleteArticles, importArticles, validArticles } from './changes';
import { type Connection, type Db, track, writeAll } from './connection';
import type { StoreContext } from './context';
import { type CorpusStore, storeContextOf } from './corpus-store';
import { StorageError, keptChanging } from './errors';
import { FollowWrites, type FollowTx, countsOf, followTx, isLater, storedBytesOf, toEntry, withoutStory } from './follow-records';
import { contentHashFor, contentHashOf } from './records';
import { FOLLOW_COUNTS_KEY, FOLLOW_INDEX, FOLLOW_STATE_KEY } from './schema';

/** URLs whose entries are read at once while enqueuing (requests pipelined in one transaction). */
const ENQUEUE_BATCH = 2_000;
/** Tries of `addStory` while another context changes the same article between compare and write. */
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

  /** The queued entry due first at `now` (no notBefore, or one not after `now`; then by URL). */
  nextDue(now: number): Promise<QueueEntry | undefined> {
    if (!Number.isFinite(now)) return Promise.resolve(undefined);
    return this.connection.reading(async (db) => {
      const cursor = await db.transaction('follow').store.index(FOLLOW_INDEX.due).openCursor(IDBKeyRange.upperBound(now));
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
   * The story it holds, if any, stays with it ('added' and 'evicted' are set by `addStory`
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
   * Stores the story (validated as any import: StorageError 'invalid' otherwise) and settles
   * its entry 'added', in one transaction (see the note above). Returns the bytes it takes.
   */
  async addStory(article: Article, entry: QueueEntry): Promise<number> {
    const [story] = validArticles([article]);
    if (!story || !entry || typeof entry.url !== 'string') throw new StorageError('Could not save the follow (no entry for the story)', 'invalid');
    const hash = contentHashOf(story);
    const bands = totalBands(this.store.params);
    for (let attempt = 1; attempt <= ADD_ATTEMPTS; attempt++) {
      const remove = await this.replacedArticle(entry.url, story.id);
      let bytes: number | undefined;
      const along: Alongside = {
        remove,
        write: async (tx) => {
          // The record as this transaction holds it: the new version, or the unchanged one.
          const record = await tx.objectStore('articles').get(story.id);
          bytes = storedBytesOf(record!, bands);
          await settleAdded(followTx(tx), story, entry, bytes);
        },
      };
      await importArticles(this.store, [story], {}, along);
      if (bytes !== undefined) return bytes;
      // Stored already, unchanged: the entry alone, if the article is still the one compared.
      const alone = await this.connection.writing(async (db) => {
        const tx = db.transaction(['articles', 'follow', 'meta'], 'readwrite');
        return writeAll(tx, async () => {
          const stored = await tx.objectStore('articles').get(story.id);
          if (!stored || contentHashFor(stored) !== hash) return undefined;
          const b = storedBytesOf(stored, bands);
          await settleAdded(followTx(tx), story, entry, b);
          return b;
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
   * The article an entry's new story replaces when it comes under another id: the entry's
   * previous one, unless another entry still points at it. Empty otherwise.
   */
  private replacedArticle(url: string, id: string): Promise<string[]> {
    return this.connection.reading(async (db) => {
      const previous = (await db.get('follow', url))?.articleId;
      if (previous === undefined || previous === id) return [];
      const holders = await db.getAllKeysFromIndex('follow', FOLLOW_INDEX.article, previous);
      return holders.some((key) => key !== url) ? [] : [previous];
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
 * Inside a transaction that holds the story: its entry 'added' and charged `bytes`; other
 * entries of the same article give up their charge (the story is counted once).
 */
async function settleAdded(tx: FollowTx, story: Article, entry: QueueEntry, bytes: number): Promise<void> {
  const w = await FollowWrites.open(tx);
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
  w.finish();
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
