// The follow's queue and stories on the corpus database (src/storage/follow-store.ts, fake-indexeddb):
// the version 6 upgrade, enqueuing and settling, stories stored through the corpus commit with
// their entries, eviction to a budget, turning the follow off, the running totals, and packs
// that remove articles (delta packs).
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import type { FollowCounts, QueueEntry } from '../../src/core/follow/types';
import { buildPack } from '../../src/core/pack/build';
import { openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { type CorpusStore, DB_VERSION, FOLLOW_COUNTS_KEY, IdbFollowStore, StorageError, type WirecheckDB, upgradeSchema } from '../../src/storage';
import { followState } from './follow-state-fixture';
import { expectIndexOfArticles } from './full-disk';
import { dumpDatabase, withRaw } from './raw-database';
import { FULL, SHORT, fillers, freshName, open, seeded, sortedById } from './storage-fixture';
import { DEFAULT_PARAMS } from '../../src/core/fingerprint/minhash';
import { CorpusIndex } from '../../src/core/index/corpus-index';
import { SNAPSHOT_KEY } from '../../src/storage/schema';
import { ON_DISK_FACTOR } from '../../src/storage/follow-records';

/** A story as the follower stores it: its canonical apnews.com URL as its id, a date of its own. */
function stories(count: number, prefix = 'story'): Article[] {
  return fillers(count, prefix).map((a, i) => ({ ...a, id: `https://apnews.com/article/${prefix}-${i}`, url: `https://apnews.com/article/${prefix}-${i}`, published: `2024-03-${String(10 + i).padStart(2, '0')}T12:00:00Z` }));
}

const sitemapUrl = (a: Article, lastmod = '2024-04-01T00:00:00Z') => ({ loc: a.url, lastmod });

async function following(): Promise<{ name: string; corpus: CorpusStore; follow: IdbFollowStore }> {
  const { name, store } = await seeded();
  return { name, corpus: store, follow: new IdbFollowStore(store) };
}

/** One story stored, as a batch of one; its bytes. */
const addStory = async (follow: IdbFollowStore, article: Article, entry: QueueEntry) => (await follow.addStories([{ article, entry }]))[0]!;

/** Queues the story's URL and stores it, as a run does: the queued entry, then addStories. */
async function addQueued({ name, follow }: { name: string; follow: IdbFollowStore }, story: Article, url = story.url, lastmod = '2024-04-01T00:00:00Z'): Promise<number> {
  await follow.enqueue([{ loc: url, lastmod }]);
  const { due: _due, ...entry } = (await entryOf(name, url))!;
  return addStory(follow, story, entry);
}

/** The totals recounted from every entry: what `counts()` must say. */
async function recount(name: string): Promise<FollowCounts> {
  const counts: FollowCounts = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };
  for (const e of await withRaw(name, (db) => db.getAll('follow'))) {
    counts[e.state]++;
    counts.bytes += e.bytes ?? 0;
  }
  return counts;
}

async function expectTotals(name: string, follow: IdbFollowStore): Promise<FollowCounts> {
  const counts = await follow.counts();
  expect(counts).toEqual(await recount(name));
  return counts;
}

const entryOf = (name: string, url: string) => withRaw(name, (db) => db.get('follow', url));

describe('version 6', () => {
  it('creates the follow and subscriptions stores with their indexes', async () => {
    const { name } = await following();
    await withRaw(name, async (db) => {
      expect(db.version).toBe(DB_VERSION);
      const tx = db.transaction(['follow', 'subscriptions']);
      const follow = tx.objectStore('follow');
      expect(follow.keyPath).toBe('url');
      expect([...follow.indexNames].sort()).toEqual(['by-article', 'by-due', 'by-published', 'by-state']);
      expect([follow.index('by-state').keyPath, follow.index('by-due').keyPath, follow.index('by-published').keyPath, follow.index('by-article').keyPath]).toEqual([
        'state',
        'due',
        'published',
        'articleId',
      ]);
      expect(tx.objectStore('subscriptions').keyPath).toBe('url');
    });
  });

  it('upgrades a version-5 corpus without touching its data', async () => {
    // A version-5 database, holding what the current version wrote but the version 6 stores.
    const { name: source, store } = await seeded();
    await store.saveSettings({ ...(await store.getSettings()), autoCapture: true });
    await store.reportWrong('https://spun.example/a', FULL);
    const entries = await (await store.loadIndex()).entries();
    const generation = await store.generation();
    store.close();
    const records = await dumpDatabase(source);
    const name = freshName();
    const v5 = await openDB<WirecheckDB>(name, 5, { upgrade: upgradeSchema });
    expect([...v5.objectStoreNames].sort()).toEqual(['articles', 'feedback', 'imports', 'meta', 'snapshots', 'staging', 'summaries']);
    const later = ['follow', 'subscriptions', 'indexShards', 'indexIds', 'snapshots'];
    for (const [s, rows] of Object.entries(records)) for (const r of rows) if (!later.includes(s)) await v5.put(s as 'meta', r as never);
    // Version 5 saved the index as one snapshot value.
    await v5.put('snapshots', { key: SNAPSHOT_KEY, generation, snapshot: CorpusIndex.build(DEFAULT_PARAMS, entries).toSnapshot() });
    v5.close();
    const { snapshots: _, ...before } = await dumpDatabase(name);

    const upgraded = await open(name);
    const { snapshots: __, indexShards, indexIds, ...after } = await dumpDatabase(name);
    expect(after).toEqual({ ...before, follow: [], subscriptions: [] });
    expect([indexShards!.length, indexIds!.length]).toEqual([128, 2]); // the snapshot, cut into shards by version 7
    expect(sortedById(await (await upgraded.loadIndex()).entries())).toEqual(sortedById(entries));
    expect(upgraded.lastLoad).toBe('snapshot');
    await withRaw(name, async (db) => expect(db.version).toBe(DB_VERSION));
    expect((await upgraded.getSettings()).autoCapture).toBe(true);
    const follow = new IdbFollowStore(upgraded);
    expect(await follow.counts()).toEqual({ queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 });
    expect(await follow.enqueue([{ loc: 'https://apnews.com/article/a', lastmod: '' }])).toBe(1);
  });
});

describe('IdbFollowStore: state and queue', () => {
  const state = followState({ sitemaps: { 'https://apnews.com/sitemap.xml': { lastmod: '', etag: '"a"', readAt: 1 } } });

  it('saves and loads the state; a damaged record reads as none', async () => {
    const { name, follow } = await following();
    expect(await follow.loadState()).toBeUndefined();
    await follow.saveState(state);
    expect(await follow.loadState()).toEqual(state);
    await withRaw(name, (db) => db.put('meta', { key: 'follow-state', value: { version: 9 } }));
    expect(await follow.loadState()).toBeUndefined();
    await expect(follow.saveState({ ...state, version: 2 as never })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('queues new URLs once, the latest lastmod of duplicates, and nothing without a URL', async () => {
    const { name, follow } = await following();
    const n = await follow.enqueue([
      { loc: 'https://apnews.com/article/a', lastmod: '2024-04-01T10:00:00Z' },
      { loc: 'https://apnews.com/article/b', lastmod: '' },
      { loc: 'https://apnews.com/article/a', lastmod: '2024-04-02T10:00:00Z' },
      { loc: '', lastmod: '' },
      null as never,
    ]);
    expect(n).toBe(2);
    expect(await entryOf(name, 'https://apnews.com/article/a')).toEqual({ url: 'https://apnews.com/article/a', lastmod: '2024-04-02T10:00:00Z', state: 'queued', attempts: 0, due: 0 });
    expect(await follow.enqueue([{ loc: 'https://apnews.com/article/a', lastmod: '2024-04-02T10:00:00Z' }])).toBe(0);
    // Later while still queued: the lastmod moves, nothing more is queued.
    expect(await follow.enqueue([{ loc: 'https://apnews.com/article/a', lastmod: '2024-04-03T10:00:00+02:00' }])).toBe(0);
    expect((await entryOf(name, 'https://apnews.com/article/a'))?.lastmod).toBe('2024-04-03T10:00:00+02:00');
    expect(await expectTotals(name, follow)).toMatchObject({ queued: 2 });
  });

  it('gives the due entries first, and the earliest wake-up of the others', async () => {
    const { name, follow } = await following();
    await follow.enqueue(['a', 'b', 'c'].map((x) => ({ loc: `https://apnews.com/article/${x}`, lastmod: '' })));
    const a = (await follow.nextDue(1_000))!;
    expect(a).toEqual({ url: 'https://apnews.com/article/a', lastmod: '', state: 'queued', attempts: 0 }); // no `due`
    await follow.settle({ ...a, attempts: 1, notBefore: 5_000, reason: 'HTTP 503' });
    await follow.settle({ url: 'https://apnews.com/article/b', lastmod: '', state: 'queued', attempts: 1, notBefore: 3_000 });
    expect((await follow.nextDue(1_000))?.url).toBe('https://apnews.com/article/c');
    await follow.settle({ url: 'https://apnews.com/article/c', lastmod: '', state: 'skipped', attempts: 0, reason: 'hub', settledAt: 1_000 });
    expect(await follow.nextDue(1_000)).toBeUndefined();
    expect(await follow.nextWake()).toBe(3_000);
    expect((await follow.nextDue(4_000))?.url).toBe('https://apnews.com/article/b');
    expect((await follow.nextDue(6_000))?.url).toBe('https://apnews.com/article/b');
    expect(await follow.entries('skipped')).toEqual([{ url: 'https://apnews.com/article/c', lastmod: '', state: 'skipped', attempts: 0, reason: 'hub', settledAt: 1_000 }]);
    expect(await expectTotals(name, follow)).toMatchObject({ queued: 2, skipped: 1 });
    await expect(follow.settle({ ...a, state: 'added' })).rejects.toBeInstanceOf(StorageError);
    await expect(follow.settle({ ...a, state: 'evicted' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('IdbFollowStore: stories', () => {
  it('stores a story and its entry in one commit: the article is a corpus article, charged to the entry', async () => {
    const { name, corpus, follow } = await following();
    const [story] = stories(1);
    const generation = await corpus.generation();
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const bytes = await addQueued({ name, follow }, story!);
    const writes = transactions.mock.calls.filter(([, mode]) => mode === 'readwrite').map(([stores]) => [...(stores as string[])].sort().join(','));
    // The enqueue, then one transaction holding the article and its entry.
    expect(writes).toEqual(['follow,meta', 'articles,follow,indexIds,indexShards,meta,snapshots,summaries']);
    expect(await corpus.generation()).toBe(generation + 1);
    expect(await corpus.getArticles([story!.id])).toEqual([story]);
    expect(await entryOf(name, story!.url)).toMatchObject({ state: 'added', articleId: story!.id, published: story!.published, bytes });
    expect((await entryOf(name, story!.url))?.due).toBeUndefined();
    const stored = await withRaw(name, (db) => db.get('articles', story!.id));
    // The compressed text, the strings three times over, 128 bands at 7 bytes, fixed fields,
    // times what the browser's files take over the records.
    expect(bytes).toBeGreaterThan((stored!.textz!.byteLength + 128 * 7) * ON_DISK_FACTOR);
    expect(bytes).toBeLessThan((stored!.textz!.byteLength + 128 * 7 + 1_000) * ON_DISK_FACTOR);
    expect(await expectTotals(name, follow)).toEqual({ queued: 0, added: 1, skipped: 0, failed: 0, evicted: 0, bytes });
    await expectIndexOfArticles(name, corpus);
  });

  it('a changed story is queued again with its story kept, and its new version replaces it', async () => {
    const { name, corpus, follow } = await following();
    const [story] = stories(1);
    const first = await addQueued({ name, follow }, story!, story!.url, '2024-04-01T00:00:00Z');
    expect(await follow.enqueue([sitemapUrl(story!, '2024-04-01T00:00:00Z')])).toBe(0); // same lastmod: nothing to do
    expect(await follow.enqueue([sitemapUrl(story!, '2024-04-02T00:00:00Z')])).toBe(1);
    const requeued = (await follow.nextDue(Date.now()))!;
    expect(requeued).toMatchObject({ state: 'queued', attempts: 0, articleId: story!.id, bytes: first, lastmod: '2024-04-02T00:00:00Z' });
    expect(await expectTotals(name, follow)).toMatchObject({ queued: 1, added: 0, bytes: first });
    // A settle keeps the story with the entry, whatever the caller passes.
    await follow.settle({ ...requeued, attempts: 1, notBefore: 1, bytes: undefined, articleId: undefined });
    expect(await entryOf(name, story!.url)).toMatchObject({ articleId: story!.id, bytes: first });

    const edited = { ...story!, text: `${story!.text} The agency corrected the figures on Tuesday.` };
    const second = await addStory(follow, edited, (await follow.nextDue(Date.now()))!);
    expect(second).toBeGreaterThan(first - 50);
    expect(await corpus.count()).toBe(3);
    expect(await corpus.getArticles([story!.id])).toEqual([edited]);
    expect(await expectTotals(name, follow)).toMatchObject({ queued: 0, added: 1, bytes: second });
    // The same story again (a later lastmod, no change): no corpus commit, the entry alone.
    await follow.enqueue([sitemapUrl(story!, '2024-04-03T00:00:00Z')]);
    const generation = await corpus.generation();
    expect(await addStory(follow, edited, (await follow.nextDue(Date.now()))!)).toBe(second);
    expect(await corpus.generation()).toBe(generation);
    expect(await expectTotals(name, follow)).toMatchObject({ added: 1, bytes: second });
    await expectIndexOfArticles(name, corpus);
  });

  it('two sitemap URLs with one canonical URL make one article, counted once', async () => {
    const { name, corpus, follow } = await following();
    const [story] = stories(1);
    const first = await addQueued({ name, follow }, story!, story!.url);
    const second = await addQueued({ name, follow }, story!, `${story!.url}?amp=1`);
    expect(second).toBe(first);
    expect(await corpus.count()).toBe(3);
    expect(await entryOf(name, story!.url)).toMatchObject({ state: 'added', articleId: story!.id });
    expect((await entryOf(name, story!.url))?.bytes).toBeUndefined();
    expect(await expectTotals(name, follow)).toMatchObject({ added: 2, bytes: first });
    // Evicted together: the article goes once, both entries settle.
    expect(await follow.evictOver(0)).toBe(1);
    expect(await corpus.count()).toBe(2);
    expect(await expectTotals(name, follow)).toMatchObject({ added: 0, evicted: 2, bytes: 0 });
  });

  it('a new version under another id deletes the old article in the same commit', async () => {
    const { name, corpus, follow } = await following();
    const [story] = stories(1);
    await addQueued({ name, follow }, story!);
    await follow.enqueue([sitemapUrl(story!, '2024-05-01T00:00:00Z')]);
    const moved = { ...story!, id: `${story!.id}-renamed`, url: `${story!.url}-renamed` };
    const generation = await corpus.generation();
    const bytes = await addStory(follow, moved, (await follow.nextDue(Date.now()))!);
    expect(await corpus.generation()).toBe(generation + 1);
    expect((await corpus.listArticles()).map((a) => a.id).sort()).toEqual([FULL, SHORT, moved.id].sort());
    expect(await expectTotals(name, follow)).toMatchObject({ added: 1, bytes });
    await expectIndexOfArticles(name, corpus);
  });

  it("dates the entry by the caller's published when it gives one (eviction goes by it), else by the story's", async () => {
    const { name, follow } = await following();
    const [a, b] = stories(2, 'dated');
    await follow.enqueue([a!, b!].map((s) => sitemapUrl(s)));
    await addStory(follow, { ...a!, published: '' }, { ...(await follow.nextDue(Date.now()))!, published: '2024-04-01T00:00:00Z' });
    await addStory(follow, b!, (await follow.nextDue(Date.now()))!);
    expect([(await entryOf(name, a!.url))?.published, (await entryOf(name, b!.url))?.published]).toEqual(['2024-04-01T00:00:00Z', b!.published]);
  });

  it('refuses what is not an article, changing nothing', async () => {
    const { name, follow } = await following();
    await follow.enqueue([{ loc: 'https://apnews.com/article/x', lastmod: '' }]);
    const before = await dumpDatabase(name);
    const entry = (await follow.nextDue(Date.now()))!;
    await expect(addStory(follow, { id: 'x', title: 'T', url: 'u', published: '', text: '  ' }, entry)).rejects.toMatchObject({ kind: 'invalid' });
    expect(await dumpDatabase(name)).toEqual(before);
  });
});

describe('IdbFollowStore: a batch of stories', () => {
  it('stores a batch in one commit; two URLs of one article count it once, and an article all its entries left is deleted', async () => {
    const { name, corpus, follow } = await following();
    const [a, b] = stories(2, 'batch');
    const alias = `${a!.url}?amp=1`;
    await addQueued({ name, follow }, a!);
    await addQueued({ name, follow }, a!, alias);
    // Both URLs of `a` now lead to a new canonical URL; `b` is new.
    await follow.enqueue([sitemapUrl(a!, '2024-05-01T00:00:00Z'), { loc: alias, lastmod: '2024-05-01T00:00:00Z' }, sitemapUrl(b!)]);
    const moved = { ...a!, id: `${a!.id}-moved`, url: `${a!.url}-moved`, text: `${a!.text} Updated.` };
    const entry = async (url: string) => {
      const { due: _due, ...e } = (await entryOf(name, url))!;
      return e;
    };
    const items = [
      { article: moved, entry: await entry(a!.url) },
      { article: moved, entry: await entry(alias) },
      { article: b!, entry: await entry(b!.url) },
    ];
    const generation = await corpus.generation();
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const bytes = await follow.addStories(items);
    const commits = transactions.mock.calls.filter(([stores, mode]) => mode === 'readwrite' && [stores].flat().includes('articles'));
    expect(commits).toHaveLength(1);
    expect(await corpus.generation()).toBe(generation + 1);
    expect(bytes[0]).toBe(bytes[1]);
    expect((await corpus.listArticles()).map((x) => x.id).sort()).toEqual([FULL, SHORT, moved.id, b!.id].sort());
    // The later entry of the article carries its bytes; the earlier, none.
    expect(await entryOf(name, a!.url)).toMatchObject({ state: 'added', articleId: moved.id });
    expect((await entryOf(name, a!.url))?.bytes).toBeUndefined();
    expect(await entryOf(name, alias)).toMatchObject({ state: 'added', articleId: moved.id, bytes: bytes[1] });
    expect(await entryOf(name, b!.url)).toMatchObject({ state: 'added', articleId: b!.id, bytes: bytes[2] });
    expect(await expectTotals(name, follow)).toEqual({ queued: 0, added: 3, skipped: 0, failed: 0, evicted: 0, bytes: bytes[1]! + bytes[2]! });
    await expectIndexOfArticles(name, corpus);

    // The same batch again, nothing changed: no corpus commit, the entries alone.
    await follow.enqueue([{ loc: a!.url, lastmod: '2024-06-01T00:00:00Z' }, { loc: b!.url, lastmod: '2024-06-01T00:00:00Z' }]);
    const again = await Promise.all([a!.url, b!.url].map(async (url, i) => ({ article: i === 0 ? moved : b!, entry: await entry(url) })));
    expect(await follow.addStories(again)).toEqual([bytes[1], bytes[2]]);
    expect(await corpus.generation()).toBe(generation + 1);
    expect(await expectTotals(name, follow)).toMatchObject({ queued: 0, added: 3, bytes: bytes[1]! + bytes[2]! });
    expect(await follow.addStories([])).toEqual([]);
  });

  it('passes over the entries the follower holds when it gives the next due', async () => {
    const { follow } = await following();
    const urls = ['a', 'b', 'c'].map((x) => `https://apnews.com/article/${x}`);
    await follow.enqueue(urls.map((loc) => ({ loc, lastmod: '' })));
    expect((await follow.nextDue(1_000, new Set()))?.url).toBe(urls[0]);
    expect((await follow.nextDue(1_000, new Set(urls.slice(0, 2))))?.url).toBe(urls[2]);
    expect(await follow.nextDue(1_000, new Set(urls))).toBeUndefined();
  });

  it('refuses a batch holding one thing that is not an article, storing none of it', async () => {
    const { name, follow } = await following();
    const [a] = stories(1, 'refused');
    await follow.enqueue([sitemapUrl(a!), { loc: 'https://apnews.com/article/x', lastmod: '' }]);
    const before = await dumpDatabase(name);
    const entry = async (url: string) => {
      const { due: _due, ...e } = (await entryOf(name, url))!;
      return e;
    };
    const items = [
      { article: a!, entry: await entry(a!.url) },
      { article: { id: 'x', title: 'T', url: 'u', published: '', text: '  ' }, entry: await entry('https://apnews.com/article/x') },
    ];
    await expect(follow.addStories(items)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(follow.addStories([{ article: a!, entry: undefined as never }])).rejects.toMatchObject({ kind: 'invalid' });
    expect(await dumpDatabase(name)).toEqual(before);
  });
});

describe('IdbFollowStore: the budget and turning off', () => {
  async function followedFive() {
    const f = await following();
    const five = stories(5);
    const sizes: number[] = [];
    // Stored newest first, so the order eviction takes is the published order, not the stored one.
    for (const s of [...five].reverse()) sizes.unshift(await addQueued(f, s));
    return { ...f, five, sizes, total: sizes.reduce((a, b) => a + b, 0) };
  }

  it('evicts the oldest-published stories until the rest fit, through the corpus delete', async () => {
    const { name, corpus, follow, five, sizes, total } = await followedFive();
    expect(await follow.evictOver(total)).toBe(0);
    const generation = await corpus.generation();
    const budget = sizes[3]! + sizes[4]!;
    expect(await follow.evictOver(budget)).toBe(3);
    expect(await corpus.generation()).toBe(generation + 1); // one commit
    expect((await corpus.listArticles()).map((a) => a.id).sort()).toEqual([FULL, SHORT, five[3]!.id, five[4]!.id].sort());
    for (const s of five.slice(0, 3)) {
      const e = (await entryOf(name, s.url))!;
      expect(e).toMatchObject({ state: 'evicted', articleId: s.id });
      expect([e.bytes, e.published]).toEqual([undefined, undefined]);
    }
    expect(await expectTotals(name, follow)).toEqual({ queued: 0, added: 2, skipped: 0, failed: 0, evicted: 3, bytes: budget });
    // An evicted story is not fetched again, even when its sitemap says it changed.
    expect(await follow.enqueue([sitemapUrl(five[0]!, '2030-01-01T00:00:00Z')])).toBe(0);
    await expectIndexOfArticles(name, corpus);
  });

  it('settles the entries of stories the reader deleted, with no corpus commit', async () => {
    const { name, corpus, follow, five, sizes } = await followedFive();
    await corpus.deleteArticles([five[0]!.id]);
    const generation = await corpus.generation();
    expect(await follow.evictOver(sizes.slice(1).reduce((a, b) => a + b, 0))).toBe(1);
    expect(await corpus.generation()).toBe(generation);
    expect(await expectTotals(name, follow)).toMatchObject({ added: 4, evicted: 1 });
  });

  it('turned off keeping its stories: the queue, state and totals go, the articles stay', async () => {
    const { name, corpus, follow } = await followedFive();
    await follow.saveState({ version: 1, sitemapIndex: 's', window: 'week', since: 0, paused: false, consecutiveFailures: 0, sitemaps: {}, budgetBytes: 1 });
    expect(await follow.clearFollow({ keepStories: true })).toEqual({ deleted: 0 });
    expect(await corpus.count()).toBe(7);
    expect(await follow.loadState()).toBeUndefined();
    expect(await withRaw(name, (db) => Promise.all([db.count('follow'), db.get('meta', FOLLOW_COUNTS_KEY)]))).toEqual([0, undefined]);
    expect(await follow.counts()).toEqual(await recount(name));
  });

  it('turned off with its stories: they are deleted in the same commit, the rest of the corpus stays', async () => {
    const { name, corpus, follow } = await followedFive();
    await follow.enqueue([{ loc: 'https://apnews.com/article/pending', lastmod: '' }]);
    const generation = await corpus.generation();
    expect(await follow.clearFollow({ keepStories: false })).toEqual({ deleted: 5 });
    expect(await corpus.generation()).toBe(generation + 1);
    expect((await corpus.listArticles()).map((a) => a.id).sort()).toEqual([FULL, SHORT]);
    expect(await withRaw(name, (db) => db.count('follow'))).toBe(0);
    expect(await follow.counts()).toEqual({ queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 });
    await expectIndexOfArticles(name, corpus);
    // With nothing stored, turning off is the queue alone.
    await follow.enqueue([{ loc: 'https://apnews.com/article/pending', lastmod: '' }]);
    expect(await follow.clearFollow({ keepStories: false })).toEqual({ deleted: 0 });
    expect(await corpus.generation()).toBe(generation + 1);
    expect(await withRaw(name, (db) => db.count('follow'))).toBe(0);
  });
});

describe('CorpusStore.importPack with removals (delta packs)', () => {
  it('adds the pack and deletes the removed ids in one commit', async () => {
    const { name, store } = await seeded();
    const [extra] = fillers(1, 'delta');
    const pack = openPack(await buildPack([extra!]));
    const generation = await store.generation();
    expect(await store.importPack(pack, { remove: [SHORT, 'not-stored', SHORT] })).toEqual({ added: 1, updated: 0, unchanged: 0, removed: 1 });
    expect(await store.generation()).toBe(generation + 1);
    expect((await store.listArticles()).map((a) => a.id).sort()).toEqual([FULL, extra!.id].sort());
    await expectIndexOfArticles(name, store);
    // Removals alone (the pack's articles unchanged) still commit; an id the pack holds stays.
    expect(await store.importPack(pack, { remove: [FULL, extra!.id] })).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 1 });
    expect((await store.listArticles()).map((a) => a.id)).toEqual([extra!.id]);
    await expectIndexOfArticles(name, store);
    // Nothing to remove and nothing changed: no commit.
    const now = await store.generation();
    expect(await store.importPack(pack, { remove: [FULL] })).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 0 });
    expect(await store.generation()).toBe(now);
    await expect(store.importPack(pack, { remove: 'all' as never })).rejects.toMatchObject({ kind: 'invalid' });
  });
});
