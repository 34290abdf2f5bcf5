// Article texts stored compressed (src/storage/text-codec.ts): records hold raw deflate bytes
// (with the news-English dictionary) and no plain text, at most 45% of the texts' UTF-8 size for 700-word articles; every reader
// (alignment's getArticles, the article dialog, export, text search, the index rebuilt from
// text) reads them; a version-3 database with plain records still reads after the upgrade,
// and compressStoredTexts rewrites it; so does a version-4 one of CompressionStream texts.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/types';
import { CorpusStore, type WirecheckDB, upgradeSchema } from '../../src/storage';
import { summaryOf } from '../../src/storage/records';
import { TEXT_CODEC } from '../../src/storage/text-codec';
import { withRaw } from './raw-database';
import { syntheticArticles } from './storage-synthetic';

let n = 0;
const stores: CorpusStore[] = [];
async function open(name: string): Promise<CorpusStore> {
  const s = await CorpusStore.open(name);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const articles: Article[] = syntheticArticles(60, { words: 700, seed: 21 });
const utf8 = (s: string) => new TextEncoder().encode(s).length;

async function readsEverything(store: CorpusStore): Promise<void> {
  const some = articles.slice(0, 5);
  expect(await store.getArticles(some.map((a) => a.id))).toEqual(some);
  expect(await store.getArticle(articles[7]!.id)).toMatchObject(articles[7]!);
  const exported: Article[] = [];
  for await (const page of store.exportArticles(16)) exported.push(...page);
  expect(exported.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...articles].sort((a, b) => (a.id < b.id ? -1 : 1)));
  const hit = await store.queryArticles({ search: 'mark33x', searchIn: 'text' });
  expect(hit.rows.map((r) => r.id)).toEqual([articles[33]!.id]);
}

describe('compressed article texts', () => {
  it('stores texts compressed, at most 45% of their size, and every reader reads them', async () => {
    const name = `wirecheck-z-${++n}`;
    const store = await open(name);
    await store.importArticles(articles);
    const records = await withRaw(name, (db) => db.getAll('articles'));
    expect(records.every((r) => r.text === undefined && r.textz instanceof Uint8Array && typeof r.contentHash === 'string')).toBe(true);
    const stored = records.reduce((s, r) => s + r.textz!.length, 0);
    const plain = articles.reduce((s, a) => s + utf8(a.text), 0);
    expect(stored / plain).toBeLessThanOrEqual(0.45);
    await readsEverything(store);
  });

  it('reads a version-3 corpus of plain texts after the upgrade, then rewrites it compressed', async () => {
    const name = `wirecheck-z-${++n}`;
    const v3 = await openDB<WirecheckDB>(name, 3, { upgrade: upgradeSchema });
    for (const [i, a] of articles.entries()) {
      const record = { ...a, addedAt: 1_000 + i, wordCount: 700 };
      await v3.put('articles', record);
      await v3.put('summaries', summaryOf(record));
    }
    await v3.put('meta', { key: 'generation', value: 1 });
    await v3.put('meta', { key: 'summaries-generation', value: 1 });
    v3.close();

    const store = await open(name);
    expect((await store.loadIndex()).size).toBe(articles.length); // rebuilt from the plain texts
    expect(store.lastLoad).toBe('rebuilt');
    await readsEverything(store);
    expect(await store.importArticles(articles.slice(0, 3))).toEqual({ added: 0, updated: 0, unchanged: 3 });

    expect(await store.compressStoredTexts()).toBe(articles.length);
    const records = await withRaw(name, (db) => db.getAll('articles'));
    expect(records.every((r) => r.text === undefined && r.textz instanceof Uint8Array)).toBe(true);
    await readsEverything(store);
    expect(await store.importArticles(articles.slice(0, 3))).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(await store.compressStoredTexts()).toBe(0);
  });

  it('reads a version-4 corpus of CompressionStream texts (no dictionary), then rewrites them with the dictionary', async () => {
    const name = `wirecheck-z-${++n}`;
    // Version 4 compressed through the platform's CompressionStream, and wrote no codec.
    const deflateRaw = async (text: string) =>
      new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const v4 = await openDB<WirecheckDB>(name, 4, { upgrade: upgradeSchema });
    for (const [i, a] of articles.entries()) {
      const record = { ...a, addedAt: 1_000 + i, wordCount: 700 };
      const { text, ...rest } = record;
      await v4.put('articles', { ...rest, textz: await deflateRaw(text), contentHash: summaryOf(record).contentHash });
      await v4.put('summaries', summaryOf(record));
    }
    await v4.put('meta', { key: 'generation', value: 1 });
    await v4.put('meta', { key: 'summaries-generation', value: 1 });
    v4.close();

    const store = await open(name);
    expect((await store.loadIndex()).size).toBe(articles.length); // rebuilt from the texts
    await readsEverything(store);
    const before = await withRaw(name, (db) => db.getAll('articles'));
    expect(before.every((r) => r.textCodec === undefined)).toBe(true);

    expect(await store.compressStoredTexts()).toBe(articles.length);
    const after = await withRaw(name, (db) => db.getAll('articles'));
    expect(after.every((r) => r.text === undefined && r.textCodec === TEXT_CODEC && r.textCodec !== 'deflate-raw')).toBe(true);
    // The dictionary makes them smaller than CompressionStream did (news English, not these
    // syllable texts, is what it is for: this only checks it does no harm here).
    const size = (rs: typeof after) => rs.reduce((s, r) => s + r.textz!.length, 0);
    expect(size(after)).toBeLessThanOrEqual(size(before) * 1.05);
    await readsEverything(store);
    expect(await store.importArticles(articles.slice(0, 3))).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(await store.compressStoredTexts()).toBe(0);
  });
});
