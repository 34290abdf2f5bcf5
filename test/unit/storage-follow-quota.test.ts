// A full disk on every write path the follow and pack subscriptions add to the corpus database
// (src/storage/follow-store.ts, subscriptions.ts, and a pack with removals), as
// storage-quota.test.ts does for the others: each write of a path fails in turn for quota, in
// each way browsers report it (full-disk.ts). The caller is told (a StorageError of kind
// 'quota'), the database holds exactly what it held, and with room again the same write goes
// through, the follow's totals equal its entries and a cold start loads the index of the articles.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowCounts, QueueEntry } from '../../src/core/follow/types';
import { buildPack } from '../../src/core/pack/build';
import { openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { CorpusStore, IdbFollowStore, SubscriptionStore } from '../../src/storage';
import { followState } from './follow-state-fixture';
import { type AnyPath, type QuotaMode, QUOTA_MODES, SAVE_QUOTA, Templates, expectIndexOfArticles, failEachWrite, importQuota, path, toldQuota } from './full-disk';
import { withRaw } from './raw-database';
import { seedCorpus } from './seeds';
import { syntheticArticles } from './storage-synthetic';

const SEEDS = seedCorpus('both');
const SHORT = 'ap-ties-short';
const DELETE_QUOTA = /^Not enough storage space to record the deletion; nothing was deleted\./;
const PACK_URL = 'https://packs.example/ap.wcpack';

/** Followed stories: canonical apnews.com URLs as ids, one day apart. */
const STORIES: Article[] = syntheticArticles(4, { words: 80, seed: 23, prefix: 'followed' }).map((a, i) => ({
  ...a,
  id: `https://apnews.com/article/followed-${i}`,
  url: `https://apnews.com/article/followed-${i}`,
  published: `2024-03-1${i}T12:00:00Z`,
}));
const [s0, s1, s2, s3] = STORIES as [Article, Article, Article, Article];
const PENDING = 'https://apnews.com/article/pending';
const s0Edited: Article = { ...s0, text: `${s0.text} The agency corrected the figures on Tuesday.` };
const STATE = followState();

let dbCount = 0;
const freshName = () => `wirecheck-follow-quota-${++dbCount}`;
const opened: CorpusStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

interface Followed {
  name: string;
  corpus: CorpusStore;
  follow: IdbFollowStore;
}

const entryOf = (name: string, url: string) =>
  withRaw(name, async (db) => {
    const r = await db.get('follow', url);
    if (!r) return undefined;
    const { due: _due, ...entry } = r;
    return entry as QueueEntry;
  });

/**
 * The seed corpus followed: s0 and s1 stored, s2 and PENDING queued, a saved state, a
 * subscription; and whatever `build` adds, made once per `template`.
 */
const templates = new Templates(freshName);
async function followed(template = 'followed', build: (f: Followed) => Promise<void> = async () => {}): Promise<Followed> {
  const name = await templates.copy(template, async (empty) => {
    const corpus = await CorpusStore.open(empty);
    try {
      const f = { name: empty, corpus, follow: new IdbFollowStore(corpus) };
      await corpus.importArticles(SEEDS);
      await f.follow.enqueue([s0, s1, s2].map((s) => ({ loc: s.url, lastmod: '2024-04-01T00:00:00Z' })).concat({ loc: PENDING, lastmod: '' }));
      for (const s of [s0, s1]) await addStory(f.follow, s, (await entryOf(empty, s.url))!);
      await f.follow.saveState(STATE);
      await new SubscriptionStore(corpus).put({ url: PACK_URL, addedAt: 1 });
      await build(f);
    } finally {
      corpus.close();
    }
  });
  const corpus = await CorpusStore.open(name);
  opened.push(corpus);
  return { name, corpus, follow: new IdbFollowStore(corpus) };
}

/** One story stored, as a batch of one; its bytes. */
const addStory = async (follow: IdbFollowStore, article: Article, entry: QueueEntry) => (await follow.addStories([{ article, entry }]))[0]!;

/** s0 queued again: its sitemap says it changed. */
const requeued = () => followed('s0 requeued', (f) => f.follow.enqueue([{ loc: s0.url, lastmod: '2024-05-01T00:00:00Z' }]).then(() => undefined));

/** The totals equal what the entries say. */
async function totalsHold({ name, follow }: Followed): Promise<FollowCounts> {
  const counts: FollowCounts = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };
  for (const e of await withRaw(name, (db) => db.getAll('follow'))) {
    counts[e.state]++;
    counts.bytes += e.bytes ?? 0;
  }
  expect(await follow.counts()).toEqual(counts);
  return counts;
}

const ids = async (corpus: CorpusStore) => (await corpus.listArticles()).map((a) => a.id).sort();

let pack: ReturnType<typeof openPack> | undefined;
async function thePack() {
  pack ??= openPack(await buildPack([s3]));
  return pack;
}

const paths: [string, number, () => AnyPath][] = [
  [
    'saveState',
    1,
    () =>
      path({
        setup: () => followed(),
        run: ({ follow }) => follow.saveState({ ...STATE, paused: true }),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, { follow }) => expect(await follow.loadState()).toEqual({ ...STATE, paused: true }),
      }),
  ],
  [
    'enqueue (two new URLs, one changed story, one unchanged)',
    4, // three entries, the totals
    () =>
      path({
        setup: () => followed(),
        run: ({ follow }) =>
          follow.enqueue([
            { loc: 'https://apnews.com/article/x', lastmod: '' },
            { loc: 'https://apnews.com/article/y', lastmod: '' },
            { loc: s0.url, lastmod: '2024-05-01T00:00:00Z' },
            { loc: s1.url, lastmod: '2024-04-01T00:00:00Z' },
          ]),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (queued, f) => {
          expect(queued).toBe(3);
          expect(await totalsHold(f)).toMatchObject({ queued: 5, added: 1 });
        },
      }),
  ],
  [
    'settle',
    2, // the entry, the totals
    () =>
      path({
        setup: () => followed(),
        run: ({ follow }) => follow.settle({ url: PENDING, lastmod: '', state: 'skipped', attempts: 0, reason: 'hub', settledAt: 5 }),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, f) => expect(await totalsHold(f)).toMatchObject({ queued: 1, skipped: 1 }),
      }),
  ],
  [
    'addStories, a new story',
    136, // the article, its summary, the entry, the totals, 128 index shards, its article number, the index directory, generation, summaries marker
    () =>
      path({
        setup: () => followed(),
        run: async ({ name, follow }) => addStory(follow, s2, (await entryOf(name, s2.url))!),
        told: toldQuota(importQuota(1)),
        succeeded: async (bytes, f) => {
          expect(await f.corpus.getArticles([s2.id])).toEqual([s2]);
          expect(await entryOf(f.name, s2.url)).toMatchObject({ state: 'added', articleId: s2.id, bytes });
          expect(await totalsHold(f)).toMatchObject({ queued: 1, added: 3 });
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'addStories, a new version of a stored story',
    137, // as a new story, and the replaced article number deleted
    () =>
      path({
        setup: requeued,
        run: async ({ name, follow }) => addStory(follow, s0Edited, (await entryOf(name, s0.url))!),
        told: toldQuota(importQuota(1)),
        succeeded: async (bytes, f) => {
          expect(await f.corpus.getArticles([s0.id])).toEqual([s0Edited]);
          expect(await entryOf(f.name, s0.url)).toMatchObject({ state: 'added', bytes, lastmod: '2024-05-01T00:00:00Z' });
          expect(await totalsHold(f)).toMatchObject({ queued: 2, added: 2 });
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'addStories, the stored story unchanged (the entry alone)',
    2, // the entry, the totals
    () =>
      path({
        setup: requeued,
        run: async ({ name, follow }) => addStory(follow, s0, (await entryOf(name, s0.url))!),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, f) => expect(await totalsHold(f)).toMatchObject({ queued: 2, added: 2 }),
      }),
  ],
  [
    'addStories, a new version under another id',
    139, // the old article and summary deleted, the new put, the entry, the totals, 128 index shards, 2 article numbers, the directory, generation, marker
    () =>
      path({
        setup: requeued,
        run: async ({ name, follow }) => addStory(follow, { ...s0Edited, id: `${s0.id}-moved` }, (await entryOf(name, s0.url))!),
        told: toldQuota(importQuota(1)),
        succeeded: async (_, f) => {
          expect(await ids(f.corpus)).toEqual([...SEEDS.map((a) => a.id), `${s0.id}-moved`, s1.id].sort());
          expect(await totalsHold(f)).toMatchObject({ added: 2 });
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'addStories, a batch: a new story and a new version of a stored one',
    141, // 2 articles and 2 summaries, 2 entries, the totals, 128 index shards, 3 article numbers, the directory, generation, marker
    () =>
      path({
        setup: requeued,
        run: async ({ name, follow }) =>
          follow.addStories([
            { article: s2, entry: (await entryOf(name, s2.url))! },
            { article: s0Edited, entry: (await entryOf(name, s0.url))! },
          ]),
        told: toldQuota(importQuota(2)),
        succeeded: async (bytes, f) => {
          expect(await f.corpus.getArticles([s0.id, s2.id])).toEqual([s0Edited, s2]);
          expect(await entryOf(f.name, s2.url)).toMatchObject({ state: 'added', articleId: s2.id, bytes: bytes[0] });
          expect(await entryOf(f.name, s0.url)).toMatchObject({ state: 'added', articleId: s0.id, bytes: bytes[1] });
          expect(await totalsHold(f)).toMatchObject({ queued: 1, added: 3 });
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'evictOver',
    8, // the article and its summary deleted, its article number, the entry, the totals, the directory, generation, marker
    () =>
      path({
        setup: () => followed(),
        run: async ({ name, follow }) => follow.evictOver((await entryOf(name, s1.url))!.bytes!),
        told: toldQuota(DELETE_QUOTA),
        succeeded: async (evicted, f) => {
          expect(evicted).toBe(1);
          expect(await ids(f.corpus)).toEqual([...SEEDS.map((a) => a.id), s1.id].sort());
          expect(await totalsHold(f)).toMatchObject({ added: 1, evicted: 1 });
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'clearFollow, keeping the stories',
    3, // the queue cleared, the state and the totals deleted
    () =>
      path({
        setup: () => followed(),
        run: ({ follow }) => follow.clearFollow({ keepStories: true }),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (result, f) => {
          expect(result).toEqual({ deleted: 0 });
          expect(await f.corpus.count()).toBe(4);
          expect(await f.follow.loadState()).toBeUndefined();
          await totalsHold(f);
        },
      }),
  ],
  [
    'clearFollow, deleting the stories',
    12, // 2 articles and 2 summaries, their article numbers, the queue, the state, the totals, the directory, generation, marker
    () =>
      path({
        setup: () => followed(),
        run: ({ follow }) => follow.clearFollow({ keepStories: false }),
        told: toldQuota(DELETE_QUOTA),
        succeeded: async (result, f) => {
          expect(result).toEqual({ deleted: 2 });
          expect(await ids(f.corpus)).toEqual(SEEDS.map((a) => a.id).sort());
          expect(await f.follow.loadState()).toBeUndefined();
          await totalsHold(f);
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'importPack with removals (a delta pack)',
    137, // the removed article and summary, the new article and summary, 128 index shards, 2 article numbers, the directory, generation, marker
    () =>
      path({
        setup: () => followed(),
        run: async ({ corpus }) => corpus.importPack(await thePack(), { remove: [SHORT] }),
        told: toldQuota(importQuota(1)),
        succeeded: async (summary, f) => {
          expect(summary).toEqual({ added: 1, updated: 0, unchanged: 0, removed: 1 });
          expect(await ids(f.corpus)).not.toContain(SHORT);
          await expectIndexOfArticles(f.name, f.corpus);
        },
      }),
  ],
  [
    'SubscriptionStore.put',
    1,
    () =>
      path({
        setup: () => followed(),
        run: ({ corpus }) => new SubscriptionStore(corpus).put({ url: 'https://b.example/b.wcpack', addedAt: 2 }),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, { corpus }) => expect((await new SubscriptionStore(corpus).list()).map((s) => s.url)).toEqual([PACK_URL, 'https://b.example/b.wcpack']),
      }),
  ],
  [
    'SubscriptionStore.update',
    1,
    () =>
      path({
        setup: () => followed(),
        run: ({ corpus }) => new SubscriptionStore(corpus).update(PACK_URL, (s) => ({ ...s, lastCheckedAt: 9 })),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, { corpus }) => expect(await new SubscriptionStore(corpus).get(PACK_URL)).toEqual({ url: PACK_URL, addedAt: 1, lastCheckedAt: 9 }),
      }),
  ],
  [
    'SubscriptionStore.remove',
    1,
    () =>
      path({
        setup: () => followed(),
        run: ({ corpus }) => new SubscriptionStore(corpus).remove(PACK_URL),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (removed, { corpus }) => {
          expect(removed).toBe(true);
          expect(await new SubscriptionStore(corpus).list()).toEqual([]);
        },
      }),
  ],
];

describe.each(Object.keys(QUOTA_MODES) as QuotaMode[])('a full disk, %s', (mode) => {
  it.each(paths)(`%s: told, unchanged, and then done`, async (_, writes, make) => {
    expect(await failEachWrite(mode, make())).toBe(writes);
  });
});
