// The follower stores what it reads in batches (src/core/follow/follower.ts STORY_BATCH): a
// backfill over the extension's store (IdbFollowStore on fake-indexeddb) against the apnews.com
// stand-in makes one corpus commit a batch, its progress still counts story by story, and a run
// stopped mid-batch stores what it holds (or, when storing is slow, drops it to be fetched
// again): never a story twice, never half of one.
//
// The figures in the follower's note: npx tsx bench/follow-batches.ts
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeNodeFollowFetch } from '../../src/cli/follow-fetch';
import { isFollowError } from '../../src/core/follow/errors';
import { Follower, type FollowerOptions } from '../../src/core/follow/follower';
import { STOP_FLUSH_MAX_MS, STORY_BATCH } from '../../src/core/follow/story-batch';
import type { FollowFetch, FollowProgress, FollowStore, StoryToStore } from '../../src/core/follow/types';
import { readStoryHtml } from '../../src/extraction/story';
import { type CorpusStore, IdbFollowStore } from '../../src/storage';
import { type ApStandin, startApStandin } from '../support/ap-standin';
import { MemoryFollowStore } from './follow-memory-store';
import { expectIndexOfArticles } from './full-disk';
import { withRaw } from './raw-database';
import { seedCorpus } from './seeds';
import { seeded } from './storage-fixture';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

async function standin(stories: number): Promise<ApStandin> {
  const ap = await startApStandin({ stories, spanDays: 25, nonStories: false });
  cleanups.push(() => ap.close());
  return ap;
}

/** Counts the story page requests, and aborts `controller` as the `stopAt`-th is about to go (it never leaves). */
function stoppingFetch(controller: AbortController, stopAt: number): { fetch: FollowFetch; stories: () => number } {
  const inner = makeNodeFollowFetch();
  let stories = 0;
  return {
    fetch: (url, request) => {
      if (url.includes('/article/') && ++stories === stopAt) controller.abort();
      return inner(url, request);
    },
    stories: () => stories,
  };
}

function follower(ap: ApStandin, store: FollowStore, extra: Partial<FollowerOptions> = {}): Follower {
  return new Follower({ fetch: makeNodeFollowFetch(), store, readStory: readStoryHtml, minIntervalMs: 1, maxWaitMs: Infinity, ...extra });
}

async function following(ap: ApStandin): Promise<{ name: string; corpus: CorpusStore; store: IdbFollowStore }> {
  const { name, store: corpus } = await seeded();
  const store = new IdbFollowStore(corpus);
  await follower(ap, store).start({ sitemapIndex: ap.sitemapIndexUrl(), window: 'month', budgetBytes: 1e12 });
  return { name, corpus, store };
}

/** Readwrite transactions over `articles`: corpus commits (an entry written alone touches `articles` readonly). */
function countCommits(): () => number {
  const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
  return () => transactions.mock.calls.filter(([stores, mode]) => mode === 'readwrite' && [stores].flat().includes('articles')).length;
}

/** Every 'added' entry's article is in the corpus and every article past the seeds has one: nothing half stored. */
async function expectWhole(name: string, ap: ApStandin): Promise<string[]> {
  const [ids, entries] = await withRaw(name, (db) => Promise.all([db.getAllKeys('articles'), db.getAll('follow')]));
  const stories = (ids as string[]).filter((id) => !seedCorpus('both').some((a) => a.id === id));
  const added = entries.filter((e) => e.state === 'added');
  expect(added.map((e) => e.articleId).sort()).toEqual([...stories].sort());
  expect(entries.filter((e) => e.state !== 'added').every((e) => e.state === 'queued' && e.articleId === undefined)).toBe(true);
  const records = new Map(ap.storyRecords().map((a) => [a.id, a]));
  for (const id of stories) expect(records.has(id), id).toBe(true);
  return stories;
}

describe('a backfill in batches', () => {
  it(`stores ${STORY_BATCH * 2 + 10} stories in 3 corpus commits, its progress counting story by story`, async () => {
    const n = STORY_BATCH * 2 + 10;
    const ap = await standin(n);
    const { name, corpus, store } = await following(ap);
    const commits = countCommits();
    const reports: FollowProgress[] = [];
    const done = await follower(ap, store).run({ onProgress: (p) => reports.push(p) });
    expect(done).toMatchObject({ phase: 'done', counts: { queued: 0, added: n, failed: 0 } });
    expect(done.unsaved).toBeUndefined();
    expect(commits()).toBe(Math.ceil(n / STORY_BATCH));
    expect((await corpus.listArticles()).map((a) => a.id).sort()).toEqual([...seedCorpus('both').map((a) => a.id), ...ap.storyRecords().map((a) => a.id)].sort());
    expect(ap.log.requestsTo('/article/')).toHaveLength(n);
    // Before each story page: the stories read so far, stored or held, counted as added.
    const before = reports.filter((p) => p.phase === 'stories');
    expect(before.map((p) => p.counts.added)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(before.map((p) => p.counts.added + p.counts.queued)).toEqual(Array(n).fill(n));
    expect(before.map((p) => p.unsaved ?? 0)).toEqual(Array.from({ length: n }, (_, i) => i % STORY_BATCH));
    expect(await store.counts()).toMatchObject({ queued: 0, added: n });
    await expectWhole(name, ap);
    await expectIndexOfArticles(name, corpus);
  });

  it('stopped mid-batch: what it holds is stored with its entries, and the next run fetches and stores only the rest', async () => {
    const n = STORY_BATCH + 15;
    const stopAt = STORY_BATCH + 6; // the first batch stored, five stories held
    const ap = await standin(n);
    const { name, corpus, store } = await following(ap);
    const controller = new AbortController();
    const stopping = stoppingFetch(controller, stopAt);
    const commits = countCommits();
    const stopped = await follower(ap, store, { fetch: stopping.fetch })
      .run({ signal: controller.signal })
      .catch((e: unknown) => e);
    expect(isFollowError(stopped, 'stopped')).toBe(true);
    expect(commits()).toBe(2); // the first batch, then the five held at the stop
    expect(await expectWhole(name, ap)).toHaveLength(stopAt - 1);
    expect(await store.counts()).toMatchObject({ added: stopAt - 1, queued: n - stopAt + 1 });

    expect((await follower(ap, store).run()).phase).toBe('done');
    expect(await expectWhole(name, ap)).toHaveLength(n);
    // Each page asked for once: the one stopped before it left was asked by the next run.
    expect(ap.log.requestsTo('/article/')).toHaveLength(n);
    expect(new Set(ap.log.requestsTo('/article/').map((r) => r.path)).size).toBe(n);
    expect(await store.counts()).toMatchObject({ queued: 0, added: n });
    await expectIndexOfArticles(name, corpus);
  });

  it('stopped mid-batch when storing a batch is slow: what it holds is dropped, fetched again and stored once', async () => {
    const n = STORY_BATCH + 15;
    const stopAt = STORY_BATCH + 6;
    const ap = await standin(n);
    let offset = 0;
    const now = () => Date.now() + offset;
    /** A store whose batches take longer than STOP_FLUSH_MAX_MS (on the follower's clock). */
    class SlowBatches extends MemoryFollowStore {
      override async addStories(items: readonly StoryToStore[]): Promise<number[]> {
        offset += STOP_FLUSH_MAX_MS + 1;
        return super.addStories(items);
      }
    }
    const store = new SlowBatches();
    await follower(ap, store, { now }).start({ sitemapIndex: ap.sitemapIndexUrl(), window: 'month', budgetBytes: 1e12 });
    const controller = new AbortController();
    const stopping = stoppingFetch(controller, stopAt);
    await expect(follower(ap, store, { fetch: stopping.fetch, now }).run({ signal: controller.signal })).rejects.toSatisfy((e) => isFollowError(e, 'stopped'));
    expect(store.batches).toEqual([STORY_BATCH]);
    expect(store.articles.size).toBe(STORY_BATCH);
    expect(await store.counts()).toMatchObject({ added: STORY_BATCH, queued: n - STORY_BATCH });

    expect((await follower(ap, store, { now }).run()).phase).toBe('done');
    expect(store.batches).toEqual([STORY_BATCH, n - STORY_BATCH]);
    expect(store.added.map((a) => a.id).sort()).toEqual(ap.storyRecords().map((a) => a.id).sort()); // each stored once
    // The five held were asked for again.
    expect(ap.log.requestsTo('/article/')).toHaveLength(n + stopAt - 1 - STORY_BATCH);
  });
});
