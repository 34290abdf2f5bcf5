// The corpus store (src/storage) on fake-indexeddb: every test gets its own database name.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MemoryCorpus, articleFingerprintText } from '../../src/core/corpus/memory';
import { DEFAULT_PARAMS, fingerprintText, paramsKey } from '../../src/core/fingerprint/minhash';
import type { ShardDirectory } from '../../src/core/index/shards';
import { CorpusIndex } from '../../src/core/index/corpus-index';
import type { Article } from '../../src/core/types';
import { StorageError } from '../../src/storage';
import { withRaw } from './raw-database';
import { seedCases, seedCorpus, seedPage } from './seeds';
import { FULL, SHORT, SPUN, bakery, check, dump, fillers, freshName, open, seeded, sortedById } from './storage-fixture';

describe('CorpusStore: import, list, get, delete', () => {
  it('imports the seed corpus and gives it back by count, listing and id', async () => {
    const { store } = await seeded();
    const seed = seedCorpus('both');
    expect(await store.count()).toBe(2);
    expect(await store.generation()).toBe(1);

    const list = await store.listArticles();
    expect(list.map((a) => a.id)).toEqual([FULL, SHORT]); // "Russia and China…" before "Russia, China…"
    for (const summary of list) {
      const article = seed.find((a) => a.id === summary.id)!;
      expect(summary).not.toHaveProperty('text');
      expect(summary).toMatchObject({ title: article.title, url: article.url, published: article.published });
      expect(summary.wordCount).toBe(fingerprintText(articleFingerprintText(article)).wordCount);
      expect(summary.addedAt).toBeGreaterThan(Date.now() - 60_000);
    }

    // Order of the ids asked, unknown ids left out, and nothing but Article fields.
    const got = await store.getArticles([FULL, 'no-such-article', SHORT]);
    expect(got).toEqual([seed.find((a) => a.id === FULL), seed.find((a) => a.id === SHORT)]);
    expect(Object.keys(got[0]!).sort()).toEqual(['id', 'published', 'text', 'title', 'url']);
  });

  it('checks the spun seed page through storage: source ap-ties-full, verdict rewritten, as in memory', async () => {
    const { store } = await seeded();
    const viaStorage = await check(store, seedPage(SPUN));
    expect(viaStorage.source?.id).toBe(FULL);
    expect(viaStorage.verdict).toBe('rewritten');
    expect(viaStorage).toEqual(await new MemoryCorpus(seedCorpus('both')).check(seedPage(SPUN)));
  });

  it('re-importing identical articles writes nothing', async () => {
    const { name, store } = await seeded();
    const before = await dump(name);
    expect(await store.importArticles(seedCorpus('both'))).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(await dump(name)).toEqual(before); // same generation, same addedAt, same snapshot
  });

  it('changed content is an update: new text stored and indexed, addedAt kept', async () => {
    const { store } = await seeded();
    const [before] = (await store.listArticles()).filter((a) => a.id === FULL);
    const [short, full] = seedCorpus('both').sort((a, b) => (a.id === SHORT ? -1 : b.id === SHORT ? 1 : 0));
    const rewritten = { ...full!, text: bakery.text };

    expect(await store.importArticles([short!, rewritten])).toEqual({ added: 0, updated: 1, unchanged: 1 });
    expect(await store.generation()).toBe(2);
    expect((await store.getArticles([FULL]))[0]!.text).toBe(bakery.text);
    const [after] = (await store.listArticles()).filter((a) => a.id === FULL);
    expect(after!.addedAt).toBe(before!.addedAt);
    expect(after!.wordCount).toBeLessThan(before!.wordCount);

    // The index follows the new text: the bakery page now finds ap-ties-full, the spun AP copy no longer does.
    expect((await check(store, bakery)).candidates[0]?.id).toBe(FULL);
    expect((await check(store, seedPage(SPUN))).source?.id).not.toBe(FULL);

    // Metadata alone counts as a change too.
    expect(await store.importArticles([{ ...short!, url: 'https://apnews.com/x' }])).toEqual({ added: 0, updated: 1, unchanged: 0 });
  });

  it('lists titles the way a reader sorts them, not by code unit', async () => {
    const store = await open(freshName());
    const base = fillers(3);
    await store.importArticles([
      { ...base[0]!, id: 'c', title: 'cherry' },
      { ...base[1]!, id: 'b', title: 'Banana' },
      { ...base[2]!, id: 'a', title: 'apple' },
    ]);
    expect((await store.listArticles()).map((a) => a.title)).toEqual(['apple', 'Banana', 'cherry']);
  });

  it('lists more articles than one page holds', async () => {
    const store = await open(freshName());
    await store.importArticles(fillers(300));
    const list = await store.listArticles();
    expect(list).toHaveLength(300);
    expect(new Set(list.map((a) => a.id)).size).toBe(300);
  });

  it('deletes articles with their band keys, and the index forgets them', async () => {
    const { name, store } = await seeded();
    expect(await store.deleteArticles([FULL, 'no-such-article', FULL])).toBe(1);
    expect(await store.count()).toBe(1);
    expect(await store.generation()).toBe(2);
    expect(await store.getArticles([FULL, SHORT])).toHaveLength(1);
    expect(await (await store.loadIndex()).has(FULL)).toBe(false);

    const before = await dump(name);
    expect(await store.deleteArticles(['no-such-article'])).toBe(0);
    expect(await dump(name)).toEqual(before); // nothing to delete, no generation bump

    const reopened = await open(name);
    const index = await reopened.loadIndex();
    expect(reopened.lastLoad).toBe('snapshot');
    expect([await index.has(FULL), await index.has(SHORT)]).toEqual([false, true]);
  });

  it('keeps only Article fields, so an extra uncloneable property cannot break an import', async () => {
    const store = await open(freshName());
    const [a] = fillers(1);
    expect(await store.importArticles([{ ...a!, onClick: () => 1 } as Article])).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(await store.getArticles([a!.id])).toEqual([a]);
  });

  it('refuses malformed articles before writing anything', async () => {
    const { name, store } = await seeded();
    const before = await dump(name);
    const [a, b] = fillers(2);
    const err = await store.importArticles([a!, { ...b!, text: '  ' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ kind: 'invalid', message: `Import failed; your corpus is unchanged (article 2 (${b!.id}) has no text)` });
    await expect(store.importArticles([{ ...a!, id: '' }])).rejects.toThrow('article 1 has no id');
    expect(await dump(name)).toEqual(before);
  });
});

describe('CorpusStore: loading the index', () => {
  it('survives reopening through the snapshot, with the same results for every seed page', async () => {
    const { name, store } = await seeded();
    const pages = [...new Set(seedCases.cases.map((c) => c.query))].map(seedPage);
    const fresh = await Promise.all(pages.map((p) => check(store, p)));
    expect(store.lastLoad).toBe('memory');

    const reopened = await open(name);
    const index = await reopened.loadIndex();
    expect(reopened.lastLoad).toBe('snapshot');
    expect(index.size).toBe(2);
    for (const [i, page] of pages.entries()) expect(await check(reopened, page, Promise.resolve(index))).toEqual(fresh[i]);
  });

  // The index directory as saved (core/index/shards.ts), damaged each way a load must refuse.
  // Damaged shards and article numbers are met by queries: sharded-index.test.ts.
  const corruptions: [string, (d: ShardDirectory) => unknown, RegExp][] = [
    ['a flipped bit in its deleted articles', (d) => ({ ...d, deleted: d.deleted.map((v, i) => (i === 0 ? v ^ 1 : v)) }), /checksum/],
    ['a wrong checksum', (d) => ({ ...d, checksum: (d.checksum + 1) >>> 0 }), /checksum/],
    ['one live article too many', (d) => ({ ...d, live: d.live + 1 }), /malformed|checksum/],
    ['a truncated deleted set', (d) => ({ ...d, deleted: d.deleted.slice(0, d.deleted.length - 1) }), /truncated/],
    ['another format', (d) => ({ ...d, formatVersion: d.formatVersion + 1 }), /index format/],
    ['other fingerprint parameters', (d) => ({ ...d, params: { ...d.params, seed: 1 } }), /other fingerprint parameters/],
    // What every index saved before passage bands became word 8-grams looks like after an upgrade.
    ['fingerprint format 1 (passage bands from 3-grams)', (d) => ({ ...d, params: { formatVersion: 1, seed: d.params.seed, verbatim: d.params.verbatim, reworded: d.params.reworded, passageBands: 32 } }), /other fingerprint parameters/],
    ['a mangled record', () => ({ formatVersion: 1, params: DEFAULT_PARAMS }), /./],
    ['no directory at all', () => undefined, /missing/],
  ];
  it.each(corruptions)('rebuilds from the texts when the index directory has %s, and saves a good one', async (_, corrupt, reason) => {
    const { name } = await seeded();
    await withRaw(name, async (db) => {
      const saved = (await db.get('snapshots', 'corpus-index'))!;
      await db.put('snapshots', { ...saved, directory: corrupt(saved.directory!) as ShardDirectory });
    });

    const store = await open(name);
    const result = await check(store, seedPage(SPUN));
    expect(store.lastLoad).toBe('rebuilt');
    expect(store.lastRebuildReason).toMatch(reason);
    expect(result).toMatchObject({ source: { id: FULL }, verdict: 'rewritten' });

    const again = await open(name);
    await again.loadIndex();
    expect(again.lastLoad).toBe('snapshot'); // the rebuild repaired the saved index
  });

  it('rebuilds when the saved index is from another generation', async () => {
    const name = freshName();
    const store = await open(name);
    const [short, full] = [seedCorpus('both').find((a) => a.id === SHORT)!, seedCorpus('both').find((a) => a.id === FULL)!];
    await store.importArticles([short]);
    const old = await withRaw(name, (db) => db.get('snapshots', 'corpus-index'));
    await store.importArticles([full]);
    await withRaw(name, (db) => db.put('snapshots', old!)); // a valid directory, one article behind

    const reopened = await open(name);
    const result = await check(reopened, seedPage(SPUN));
    expect(reopened.lastLoad).toBe('rebuilt');
    expect(reopened.lastRebuildReason).toMatch(/generation 1, corpus is at 2/);
    expect(result).toMatchObject({ source: { id: FULL }, verdict: 'rewritten' });
  });

  it('rebuilds from the texts when the saved index is missing, and saves the rebuilt one', async () => {
    const { name } = await seeded();
    const [extra] = fillers(1);
    const store = await open(name);
    await store.importArticles([extra!]);
    const before = await (await store.loadIndex()).entries();
    await withRaw(name, (db) => db.delete('snapshots', 'corpus-index'));

    const reopened = await open(name);
    const index = await reopened.loadIndex();
    expect(reopened.lastLoad).toBe('rebuilt');
    expect(reopened.lastRebuildReason).toBe('no saved index');
    const keys = new Map((await index.entries()).map((e) => [e.id, e.bandKeys]));
    expect([...keys.keys()].sort()).toEqual([FULL, SHORT, extra!.id].sort());
    for (const a of [...seedCorpus('both'), extra!]) expect(keys.get(a.id)).toEqual(fingerprintText(articleFingerprintText(a)).bandKeys);
    expect(sortedById(await index.entries())).toEqual(sortedById(before));
    const again = await open(name);
    await again.loadIndex();
    expect(again.lastLoad).toBe('snapshot');
  });

  it('upgrading from version 4 drops the band-key store, building the index from it when the saved snapshot is unusable', async () => {
    const articles = [...seedCorpus('both'), ...fillers(2)];
    // What version 4 wrote for these articles: the records of a current store, plus each
    // article's band keys in 'fingerprints'.
    const source = await open(freshName());
    await source.importArticles(articles);
    const expected = sortedById(await (await source.loadIndex()).entries());
    const records = await withRaw(source.name, async (db) => ({
      articles: await db.getAll('articles'),
      summaries: await db.getAll('summaries'),
      meta: await db.getAll('meta'),
    }));
    // Version 4 to 6 saved the whole index as one snapshot value.
    const snapshots = [{ key: 'corpus-index', generation: await source.generation(), snapshot: CorpusIndex.build(DEFAULT_PARAMS, expected).toSnapshot() }];
    const version4 = async (opts: { staleSnapshot: boolean; bandKeysOf: readonly Article[] }) => {
      const name = freshName();
      const db = await openDB(name, 4, {
        upgrade(db) {
          const store = db.createObjectStore('articles', { keyPath: 'id' });
          store.createIndex('by-title', 'title');
          store.createIndex('by-addedAt', 'addedAt');
          db.createObjectStore('fingerprints', { keyPath: 'id' });
          db.createObjectStore('snapshots', { keyPath: 'key' });
          db.createObjectStore('meta', { keyPath: 'key' });
          db.createObjectStore('feedback', { keyPath: ['url', 'sourceId'] });
          const summaries = db.createObjectStore('summaries', { keyPath: 'id' });
          for (const [index, path] of [['by-title-key', 'titleKey'], ['by-published', 'published'], ['by-added', 'addedAt'], ['by-words', 'wordCount']] as const) summaries.createIndex(index, path);
          db.createObjectStore('imports', { keyPath: 'key' });
          db.createObjectStore('staging', { keyPath: ['key', 'chunk', 'part'] });
        },
      });
      for (const r of records.articles) await db.put('articles', r);
      for (const r of records.summaries) await db.put('summaries', r);
      for (const r of records.meta) await db.put('meta', r);
      for (const r of snapshots) await db.put('snapshots', opts.staleSnapshot ? { ...r, generation: 99 } : r);
      for (const a of opts.bandKeysOf) await db.put('fingerprints', { id: a.id, paramsKey: paramsKey(DEFAULT_PARAMS), bandKeys: fingerprintText(articleFingerprintText(a)).bandKeys });
      db.close();
      return name;
    };
    const storesOf = (name: string) => withRaw(name, async (db) => [...db.objectStoreNames].sort());

    // Stale snapshot, every band key stored: the upgrade builds the snapshot from them.
    const fromKeys = await version4({ staleSnapshot: true, bandKeysOf: articles });
    const upgraded = await open(fromKeys);
    expect(await storesOf(fromKeys)).not.toContain('fingerprints');
    expect(sortedById(await (await upgraded.loadIndex()).entries())).toEqual(expected);
    expect(upgraded.lastLoad).toBe('snapshot');

    // Stale snapshot, a band key missing: nothing to build it from, so the texts are re-fingerprinted.
    const partial = await version4({ staleSnapshot: true, bandKeysOf: articles.slice(1) });
    const rebuilt = await open(partial);
    expect(await storesOf(partial)).not.toContain('fingerprints');
    expect(sortedById(await (await rebuilt.loadIndex()).entries())).toEqual(expected);
    expect(rebuilt.lastLoad).toBe('rebuilt');

    // A usable snapshot is kept: cut into shards as it is, not rebuilt from the texts.
    const current = await version4({ staleSnapshot: false, bandKeysOf: [] });
    const kept = await open(current);
    expect(sortedById(await (await kept.loadIndex()).entries())).toEqual(expected);
    expect(kept.lastLoad).toBe('snapshot');
    const [saved] = await withRaw(current, (db) => db.getAll('snapshots'));
    expect(saved).toMatchObject({ key: 'corpus-index', generation: snapshots[0]!.generation, directory: { docs: articles.length, live: articles.length } });
    expect(saved).not.toHaveProperty('snapshot');
  });

  it('notices a change made by another context and reloads', async () => {
    const { name, store } = await seeded();
    await store.loadIndex();
    const other = await open(name);
    await other.deleteArticles([FULL]);
    expect(await (await store.loadIndex()).has(FULL)).toBe(false);
    expect(store.lastLoad).toBe('snapshot');
  });
});
