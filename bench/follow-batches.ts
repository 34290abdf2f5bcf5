// A 200-story backfill through the follower (src/core/follow/follower.ts) into the extension's
// store (IdbFollowStore on fake-indexeddb), against the apnews.com stand-in with its pace at 0:
// the corpus commits it makes and its time, into the 2-article seed corpus and into one of
// 5,002 articles (5,000 fillers added as a pack). The figures in the note of
// src/core/follow/story-batch.ts come from this script:
//
//   npx tsx bench/follow-batches.ts
//
// A corpus commit is a readwrite transaction over `articles`; "storing" is the time spent in
// the store's `addStories` and `evictOver`. fake-indexeddb clones in JavaScript: the ratio of
// commits and times, not the absolute times, carries over to a browser.
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { makeNodeFollowFetch } from '../src/cli/follow-fetch';
import { Follower, type FollowerOptions } from '../src/core/follow/follower';
import type { FollowStore } from '../src/core/follow/types';
import { buildPack } from '../src/core/pack/build';
import { openPack } from '../src/core/pack/pack';
import { readStoryHtml } from '../src/extraction/story';
import { CorpusStore, IdbFollowStore } from '../src/storage';
import { type ApStandin, startApStandin } from '../test/support/ap-standin';
import { seedCorpus } from '../test/unit/seeds';
import { fillers } from '../test/unit/storage-fillers';

const STORIES = 200;

function follower(store: FollowStore, extra: Partial<FollowerOptions> = {}): Follower {
  return new Follower({ fetch: makeNodeFollowFetch(), store, readStory: readStoryHtml, minIntervalMs: 1, maxWaitMs: Infinity, ...extra });
}

/** The seed corpus plus `base` fillers, its follow started on the stand-in (the stories queued). */
async function following(ap: ApStandin, base: number): Promise<{ corpus: CorpusStore; store: IdbFollowStore }> {
  const corpus = await CorpusStore.open(`bench-follow-batches-${base}`);
  await corpus.importArticles(seedCorpus('both'));
  if (base > 0) await corpus.importPack(openPack(await buildPack(fillers(base, 'base'))));
  const store = new IdbFollowStore(corpus);
  await follower(store).start({ sitemapIndex: ap.sitemapIndexUrl(), window: 'month', budgetBytes: 1e12 });
  return { corpus, store };
}

/** Counts readwrite transactions over `articles` (corpus commits) until `restore`. */
function countCommits(): { commits: () => number; restore: () => void } {
  const proto = IDBDatabase.prototype;
  const transaction = proto.transaction;
  let commits = 0;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const [stores, mode] = args;
    if (mode === 'readwrite' && [stores].flat().includes('articles')) commits++;
    return transaction.apply(this, args);
  } as IDBDatabase['transaction'];
  return { commits: () => commits, restore: () => void (proto.transaction = transaction) };
}

/** The store, with the time spent in `addStories` and `evictOver` added up. */
function timedStore(store: IdbFollowStore): { store: IdbFollowStore; storingMs: () => number } {
  let storing = 0;
  const timed = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key !== 'addStories' && key !== 'evictOver') return value.bind(target);
      return async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          storing += performance.now() - t;
        }
      };
    },
  });
  return { store: timed, storingMs: () => storing };
}

console.log(`A ${STORIES}-story backfill (fake-indexeddb, Node ${process.versions.node})`);
for (const base of [0, 5_000]) {
  const ap = await startApStandin({ stories: STORIES, spanDays: 25, nonStories: false });
  try {
    const { corpus, store } = await following(ap, base);
    const timed = timedStore(store);
    const counting = countCommits();
    const t = performance.now();
    const done = await follower(timed.store, { minIntervalMs: 0 })
      .run()
      .finally(() => counting.restore());
    const took = performance.now() - t;
    console.log(
      `${base + 2} articles before: ${done.counts.added} stories, ${counting.commits()} corpus commits, the run ${(took / 1000).toFixed(1)} s, storing ${(timed.storingMs() / 1000).toFixed(1)} s`,
    );
    assert.equal(done.counts.added, STORIES);
    corpus.close();
  } finally {
    await ap.close();
  }
}
