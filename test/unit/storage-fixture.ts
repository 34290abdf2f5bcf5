/**
 * What the corpus store tests share (src/storage on fake-indexeddb): a fresh database name per
 * test, stores opened and closed after each test, seeded corpora, full dumps, and a check
 * through the stored index.
 */
import 'fake-indexeddb/auto';
import { afterEach, vi } from 'vitest';
import { checkPage } from '../../src/core/check';
import type { PageArticle } from '../../src/core/types';
import { CorpusStore } from '../../src/storage';
import { withRaw } from './raw-database';
import { seedCorpus } from './seeds';

export { fillers } from './storage-fillers';

export const SPUN = '001_2b3f9f2055e0df11.txt';
export const FULL = 'ap-ties-full';
export const SHORT = 'ap-ties-short';

let dbCount = 0;
// Test files may share a worker and its fake-indexeddb: names carry this file's own prefix.
const prefix = Math.random().toString(36).slice(2, 8);
export const freshName = () => `wirecheck-test-${prefix}-${++dbCount}`;
const opened: CorpusStore[] = [];

export async function open(name: string): Promise<CorpusStore> {
  const store = await CorpusStore.open(name);
  opened.push(store);
  return store;
}

export async function seeded(): Promise<{ name: string; store: CorpusStore }> {
  const name = freshName();
  const store = await open(name);
  await store.importArticles(seedCorpus('both'));
  return { name, store };
}

export const sortedById = <T extends { id: string }>(list: T[]) => list.sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every record in every store: "unchanged" means this is deep-equal before and after. */
export function dump(name: string) {
  return withRaw(name, async (db) => ({
    articles: await db.getAll('articles'),
    snapshots: await db.getAll('snapshots'),
    meta: await db.getAll('meta'),
  }));
}

export function check(store: CorpusStore, page: PageArticle, index = store.loadIndex()) {
  return index.then((i) => checkPage(page, { index: i, loadArticles: (ids) => store.getArticles(ids) }));
}

export const bakery: PageArticle = {
  title: 'Local bakery wins regional bread award',
  text:
    'A family bakery in the valley took first prize at the regional fair on Saturday, beating forty rivals. ' +
    'The owners said they had used the same sourdough starter for forty years and planned to expand next spring. ' +
    'Judges praised the crust, the crumb and the long fermentation that gives the loaf its sour note.',
};

afterEach(() => {
  vi.restoreAllMocks();
  for (const s of opened.splice(0)) s.close();
});
