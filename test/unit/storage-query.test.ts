// The corpus table at 10,000 articles (fake-indexeddb): paging, every sort order both ways,
// title and full-text search, bulk delete of everything a search matches, export. Asserts
// results against a plain in-test reference, not timings (those are in bench/storage-scale.ts).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeJsonLines } from '../../src/core/corpus/files';
import type { Article } from '../../src/core/types';
import { type ArticleSummary, CorpusStore, type SortKey, titleSortKey } from '../../src/storage';
import { importFiles } from '../../src/ui/options/import-run';
import { seedDatabase, syntheticArticles } from './storage-synthetic';

const N = 10_000;
const articles = syntheticArticles(N, { words: 40, seed: 42 });
const NAME = 'wirecheck-query-10k';
let count = 0;
const opened: CorpusStore[] = [];
async function open(name = NAME): Promise<CorpusStore> {
  const s = await CorpusStore.open(name);
  opened.push(s);
  return s;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The order the table promises, written out plainly: key, then id, by code unit; desc reverses it. */
function reference(rows: readonly ArticleSummary[], sort: SortKey, direction: 'asc' | 'desc'): string[] {
  const value = (r: ArticleSummary) =>
    sort === 'title' ? titleSortKey(r.title) : sort === 'published' ? r.published : sort === 'added' ? r.addedAt : r.wordCount;
  const sorted = [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  if (direction === 'desc') sorted.reverse();
  return sorted.map((r) => r.id);
}

let all: ArticleSummary[];

beforeAll(async () => {
  await seedDatabase(NAME, articles);
  const store = await open();
  all = await store.listArticles();
}, 60_000);

afterAll(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('the corpus table at 10,000 articles', () => {
  const orders: [SortKey, 'asc' | 'desc'][] = (['title', 'published', 'added', 'words'] as const).flatMap((k) => [
    [k, 'asc'],
    [k, 'desc'],
  ] as [SortKey, 'asc' | 'desc'][]);

  it.each(orders)('pages by %s %s from the index, and the same from memory', async (sort, direction) => {
    const expected = reference(all, sort, direction);
    const cold = await open(); // nothing in memory yet: pages come from an IndexedDB index
    const pages = [0, 50, 4_975, N - 30];
    const fromIndex = await Promise.all(pages.map((offset) => cold.queryArticles({ sort, direction, offset, limit: 50 })));
    await cold.prepareSearch(); // now the same queries are answered from memory
    const fromMemory = await Promise.all(pages.map((offset) => cold.queryArticles({ sort, direction, offset, limit: 50 })));
    pages.forEach((offset, i) => {
      const want = expected.slice(offset, offset + 50);
      expect(fromIndex[i]!.total).toBe(N);
      expect(fromIndex[i]!.rows.map((r) => r.id)).toEqual(want);
      expect(fromMemory[i]!.rows.map((r) => r.id)).toEqual(want);
      expect(fromMemory[i]!.total).toBe(N);
    });
    expect(fromIndex[0]!.rows[0]).not.toHaveProperty('text');
    expect(Object.keys(fromIndex[0]!.rows[0]!).sort()).toEqual(['addedAt', 'id', 'published', 'title', 'url', 'wordCount']);
  });

  it('searches titles ignoring case and accents; every word must occur', async () => {
    const store = await open();
    for (const search of ['zurich', 'ZÜRICH storm', 'émigrés', 'story 1', 'nothing-like-this']) {
      const terms = fold(search).split(/\s+/);
      const want = reference(all.filter((a) => terms.every((t) => fold(a.title).includes(t))), 'published', 'desc');
      const page = await store.queryArticles({ search, sort: 'published', direction: 'desc', limit: 1000 });
      expect(page.total, search).toBe(want.length);
      expect(page.rows.map((r) => r.id)).toEqual(want.slice(0, 1000));
      expect(page.corpusSize).toBe(N);
    }
    expect((await store.queryArticles({ search: 'zurich' })).total).toBeGreaterThan(100);
  });

  it('searches full texts with progress, and pages through the result without scanning again', async () => {
    const store = await open();
    const progress: [number, number][] = [];
    const one = await store.queryArticles({ search: 'MARK1234X', searchIn: 'text', onProgress: (s, t) => progress.push([s, t]) });
    expect(one.rows.map((r) => r.id)).toEqual([articles[1234]!.id]);
    expect(progress[0]).toEqual([0, N]);
    expect(progress.at(-1)).toEqual([N, N]);
    expect(progress.map(([s]) => s)).toEqual([...progress.map(([s]) => s)].sort((a, b) => a - b));
    // Not in any title: a title search finds nothing.
    expect((await store.queryArticles({ search: 'mark1234x' })).total).toBe(0);

    const want = reference(
      all.filter((a) => /mark12\d*x/.test(articles[Number(a.id.slice(4))]!.text)),
      'title',
      'asc',
    );
    expect(want).toHaveLength(111); // mark12x, mark120x…mark129x, mark1200x…mark1299x
    const first = await store.queryArticles({ search: 'mark12', searchIn: 'text', limit: 50 });
    const again: [number, number][] = [];
    const second = await store.queryArticles({ search: 'mark12', searchIn: 'text', offset: 50, limit: 100, onProgress: (s, t) => again.push([s, t]) });
    expect(first.total).toBe(111);
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(want);
    expect(again).toHaveLength(1); // answered from the kept result
    // Title words count in a text search too, together with words of the text.
    const mixed = await store.queryArticles({ search: `${fold(articles[77]!.title.split(' ')[0]!)} mark77x`, searchIn: 'text' });
    expect(mixed.rows.map((r) => r.id)).toEqual([articles[77]!.id]);
  });

  it('a text search can be cancelled', async () => {
    const store = await open();
    const controller = new AbortController();
    const searching = store.queryArticles({
      search: 'nowhere',
      searchIn: 'text',
      signal: controller.signal,
      onProgress: (scanned) => {
        if (scanned > 0) controller.abort();
      },
    });
    await expect(searching).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('deletes everything a search matches, and the table, the index and a second context follow', async () => {
    const name = `${NAME}-delete-${++count}`;
    await seedDatabase(name, articles.slice(0, 3_000));
    const store = await open(name);
    const other = await open(name);
    await other.prepareSearch();
    const ids = await store.matchingIds({ search: 'harbor' });
    const expected = articles.slice(0, 3_000).filter((a) => fold(a.title).includes('harbor'));
    expect(ids.sort()).toEqual(expected.map((a) => a.id).sort());
    expect(await store.deleteArticles(ids)).toBe(ids.length);
    expect((await store.queryArticles({ search: 'harbor' })).total).toBe(0);
    expect((await store.queryArticles({})).total).toBe(3_000 - ids.length);
    const index = await store.loadIndex();
    expect(index.size).toBe(3_000 - ids.length);
    expect((await Promise.all(ids.map((id) => index.has(id)))).some(Boolean)).toBe(false);
    // The other context held the old table in memory: it notices the generation and reloads.
    expect((await other.queryArticles({ search: 'harbor' })).total).toBe(0);
    expect((await other.queryArticles({ sort: 'words' })).total).toBe(3_000 - ids.length);
    // Text-search matches for the whole corpus, for "select all matching" on a text search.
    expect(await store.matchingIds({ search: 'mark2999x', searchIn: 'text' })).toEqual(ids.includes(articles[2999]!.id) ? [] : [articles[2999]!.id]);
  });

  it('rebuilds summaries when the corpus changed without them', async () => {
    const name = `${NAME}-repair-${++count}`;
    await seedDatabase(name, articles.slice(0, 500));
    const { openDB } = await import('idb');
    // A writer that knows nothing of summaries: an article added, one deleted, the generation bumped.
    const db = await openDB(name);
    await db.put('articles', { ...articles[600]!, addedAt: 1, wordCount: 9 });
    await db.delete('articles', articles[3]!.id);
    await db.put('meta', { key: 'generation', value: 2 });
    db.close();
    const store = await open(name);
    const page = await store.queryArticles({ limit: 1000 });
    expect(page.total).toBe(500);
    const want = [...articles.slice(0, 500).filter((_, i) => i !== 3), articles[600]!].map((a) => a.id).sort();
    expect(page.rows.map((r) => r.id).sort()).toEqual(want);
    expect((await store.queryArticles({ search: articles[600]!.title })).rows.map((r) => r.id)).toContain(articles[600]!.id);
  });

  it('exports every article as JSON Lines that import back unchanged', async () => {
    const name = `${NAME}-export-${++count}`;
    const some = articles.slice(0, 600);
    await seedDatabase(name, some);
    const store = await open(name);
    const parts: string[] = [];
    let pages = 0;
    for await (const page of store.exportArticles(256)) {
      pages++;
      parts.push(serializeJsonLines(page));
    }
    expect(pages).toBe(3);
    const file = new File(parts, 'export.jsonl');
    const target = await open(`${NAME}-export-target-${count}`);
    const outcome = await importFiles(target, [file]);
    expect(outcome).toMatchObject({ kind: 'imported', added: 600, updated: 0, unchanged: 0 });
    const back = (await target.getArticles(some.map((a) => a.id))) as Article[];
    expect(back).toEqual(some);
  });
});
