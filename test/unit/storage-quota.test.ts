// A full disk on every write path of the corpus database (src/storage), and on the background's
// two (a captured apnews.com page, "add this page"): each write of a path fails in turn for
// quota, in each way browsers report it (full-disk.ts), on fake-indexeddb. The caller is told
// (a StorageError of kind 'quota', or the sentence the popup shows), the database holds exactly
// what it held, and with room again the same write goes through and the index a cold start
// loads is that of the articles. Two paths are designed otherwise and say how: the index
// saved after a rebuild is best effort, and texts are recompressed a page at a time.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import { buildPack } from '../../src/core/pack/build';
import { openPack } from '../../src/core/pack/pack';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { Article } from '../../src/core/types';
import { type CorpusIndex } from '../../src/core/index/corpus-index';
import { DEFAULT_PARAMS, paramsKey } from '../../src/core/fingerprint/minhash';
import { CorpusStore, type ImportSource, importKeyOf } from '../../src/storage';
import { LIST_PAGE } from '../../src/storage/batches';
import { SNAPSHOT_KEY, SUMMARIES_KEY, TEXTS_KEY } from '../../src/storage/schema';
import { type StoredText, isCurrentText, textOfSync } from '../../src/storage/text-codec';
import { contentSender, popupSender, send } from './background-harness';
import {
  type AnyPath,
  type Dump,
  type QuotaMode,
  QUOTA_MODES,
  SAVE_QUOTA,
  STAGE_QUOTA,
  Templates,
  expectIndexOfArticles,
  failEachWrite,
  importQuota,
  okValue,
  path,
  toldQuota,
} from './full-disk';
import { withRaw } from './raw-database';
import { seedCorpus } from './seeds';
import { syntheticArticles } from './storage-synthetic';

const SEEDS = seedCorpus('both');
const FULL = 'ap-ties-full';
const SHORT = 'ap-ties-short';
const full = SEEDS.find((a) => a.id === FULL)!;
const short = SEEDS.find((a) => a.id === SHORT)!;
/** A new version of a stored article: importing it updates one. */
const fullEdited: Article = { ...full, text: `${full.text}\n\nThe ministry published a correction on Friday.` };
const more = syntheticArticles(4, { words: 80, seed: 11, prefix: 'quota' });

let dbCount = 0;
const freshName = () => `wirecheck-quota-${++dbCount}`;
const opened: CorpusStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function open(name: string): Promise<CorpusStore> {
  const store = await CorpusStore.open(name);
  opened.push(store);
  return store;
}

interface Seeded {
  name: string;
  store: CorpusStore;
}

/** Each write starts from a copy of the seed corpus and whatever `build` adds to it, made once per `template`. */
const templates = new Templates(freshName);
async function copyOf(template: string, build: (store: CorpusStore) => Promise<void> = async () => {}): Promise<Seeded> {
  const name = await templates.copy(template, async (empty) => {
    const store = await CorpusStore.open(empty);
    try {
      await store.importArticles(SEEDS);
      await build(store);
    } finally {
      store.close();
    }
  });
  return { name, store: await open(name) };
}

/** A corpus of the two seed articles. */
const seeded = () => copyOf('seeds');

const SOURCES: ImportSource[] = [{ name: 'quota.jsonl', size: 4_000, lastModified: 1_700_000_000_000 }];

/** A staged import of these chunks over the seed corpus, finished (waiting for its commit) or not. */
async function staged(chunks: Article[][], finished: boolean, sources = SOURCES): Promise<Seeded & { key: string }> {
  const key = importKeyOf(sources, paramsKey(DEFAULT_PARAMS));
  const s = await copyOf(JSON.stringify([chunks, finished, sources]), async (store) => {
    await store.openImport(sources);
    for (const [i, chunk] of chunks.entries()) await store.stageChunk(key, i, chunk);
    if (finished) await store.finishStaging(key, { chunks: chunks.length, articles: chunks.flat().length, problems: 0 });
  });
  return { ...s, key };
}

async function stagingIsEmpty(name: string): Promise<void> {
  expect(await withRaw(name, async (db) => [await db.count('imports'), await db.count('staging')])).toEqual([0, 0]);
}

let pack: ReturnType<typeof openPack> | undefined;
async function thePack() {
  pack ??= openPack(await buildPack([fullEdited, more[1]!, more[2]!]));
  return pack;
}

const storePaths: [string, number, () => AnyPath][] = [
  [
    'importArticles',
    138, // 2 articles, 2 summaries, 128 index shards (one per band), 3 article numbers (2 new, the replaced one's deleted), the index directory, generation, summaries marker
    () =>
      path({
        setup: seeded,
        run: ({ store }) => store.importArticles([fullEdited, more[0]!]),
        told: toldQuota(importQuota(2)),
        succeeded: async (summary, { name, store }) => {
          expect(summary).toEqual({ added: 1, updated: 1, unchanged: 0 });
          expect(await store.getArticles([FULL, more[0]!.id])).toEqual([fullEdited, more[0]]);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'importPack',
    141, // as importArticles, one article more
    () =>
      path({
        setup: seeded,
        run: async ({ store }) => store.importPack(await thePack()),
        told: toldQuota(importQuota(3)),
        succeeded: async (summary, { name, store }) => {
          expect(summary).toEqual({ added: 2, updated: 1, unchanged: 0 });
          expect(await store.getArticles([FULL, more[2]!.id])).toEqual([fullEdited, more[2]]);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'deleteArticles',
    6, // 1 article, 1 summary, its article number, the index directory, generation, summaries marker (no shard: deleted entries go at the next rewrite)
    () =>
      path({
        setup: seeded,
        run: ({ store }) => store.deleteArticles([FULL, 'not-in-the-corpus']),
        told: toldQuota(/^Not enough storage space to record the deletion; nothing was deleted\./),
        succeeded: async (deleted, { name, store }) => {
          expect(deleted).toBe(1);
          expect((await store.listArticles()).map((a) => a.id)).toEqual([SHORT]);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'openImport (replacing the journal of an earlier version of the same files)',
    3, // the old journal, its staged chunks, the new journal
    () =>
      path({
        setup: () => staged([[more[0]!]], false, [{ ...SOURCES[0]!, size: 1 }]),
        run: ({ store }) => store.openImport(SOURCES),
        told: toldQuota(STAGE_QUOTA),
        succeeded: async (journal, { name, store, key }) => {
          expect(journal).toMatchObject({ state: 'staging', chunks: 0, articles: 0 });
          expect(journal.key).not.toBe(key);
          expect(await store.pendingImports()).toEqual([journal]);
          expect(await withRaw(name, (db) => db.count('staging'))).toBe(0);
        },
      }),
  ],
  [
    'stageChunk',
    3, // the chunk's head and body, the journal counting it
    () =>
      path({
        setup: () => staged([[more[0]!, more[1]!]], false),
        run: ({ store, key }) => store.stageChunk(key, 1, [more[2]!, fullEdited]),
        told: toldQuota(STAGE_QUOTA),
        // Designed: the chunk and the journal's count of it are one transaction, so a failure
        // leaves the import as it was (resumable from the same chunk), which the default
        // "database exactly as before" asserts.
        succeeded: async (result, { name, store, key }) => {
          expect(result).toEqual({ reused: false });
          await store.finishStaging(key, { chunks: 2, articles: 4, problems: 0 });
          expect(await store.commitImport(key)).toEqual({ added: 3, updated: 1, unchanged: 0 });
          await stagingIsEmpty(name);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'finishStaging',
    2, // the chunks beyond the totals (a longer earlier run staged a third), the journal
    () =>
      path({
        setup: () => staged([[more[0]!], [fullEdited], [more[3]!]], false),
        run: ({ store, key }) => store.finishStaging(key, { chunks: 2, articles: 2, problems: 1 }),
        told: toldQuota(STAGE_QUOTA),
        succeeded: async (journal, { name, store, key }) => {
          expect(journal).toMatchObject({ state: 'staged', chunks: 2, articles: 2, problems: 1 });
          expect(await store.commitImport(key)).toEqual({ added: 1, updated: 1, unchanged: 0 });
          expect(await store.getArticles([more[3]!.id])).toEqual([]);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'commitImport',
    143, // 3 articles, 3 summaries, the staged chunks, the journal, 128 index shards, 4 article numbers, the directory, generation, marker
    () =>
      path({
        setup: () => staged([[fullEdited, more[0]!], [more[1]!, short]], true),
        run: ({ store, key }) => store.commitImport(key),
        told: toldQuota(importQuota(4)),
        // Designed: the commit takes the journal and the chunks with it in one transaction, so a
        // failed commit leaves the import staged, exactly as it was, and committing again finishes it.
        leaves: (after: Dump, before: Dump) => {
          expect(after).toEqual(before);
          expect(after.imports).toMatchObject([{ state: 'staged', chunks: 2 }]);
        },
        succeeded: async (summary, { name, store }) => {
          expect(summary).toEqual({ added: 2, updated: 1, unchanged: 1 });
          await stagingIsEmpty(name);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'discardImport',
    2, // the journal, its staged chunks
    () =>
      path({
        setup: () => staged([[more[0]!]], false),
        run: ({ store, key }) => store.discardImport(key),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, { name, store }) => {
          await stagingIsEmpty(name);
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'saveSettings',
    1,
    () =>
      path({
        setup: seeded,
        run: ({ store }) => store.saveSettings({ ...DEFAULT_SETTINGS, autoCapture: true }),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (saved, { store }) => {
          expect(saved.autoCapture).toBe(true);
          expect(await store.getSettings()).toEqual(saved);
        },
      }),
  ],
  [
    'updateSettings',
    1,
    () =>
      path({
        setup: seeded,
        run: ({ store }) => store.updateSettings((s) => ({ ...s, noticeMutedHosts: [...s.noticeMutedHosts, 'example.org'] })),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (saved, { store }) => {
          expect(saved.noticeMutedHosts).toEqual(['example.org']);
          expect(await store.getSettings()).toEqual(saved);
        },
      }),
  ],
  [
    'reportWrong',
    1,
    () =>
      path({
        setup: seeded,
        run: ({ store }) => store.reportWrong('https://spun.example/story', FULL),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (_, { store }) => {
          expect(await store.reportedWrong('https://spun.example/story')).toEqual([FULL]);
        },
      }),
  ],
  [
    'the index saved after a rebuild',
    133, // the two index stores cleared, 128 shards, 2 article numbers, the directory
    () =>
      path({
        setup: async () => {
          const s = await seeded();
          s.store.close();
          await withRaw(s.name, (db) => db.delete('snapshots', SNAPSHOT_KEY));
          return { name: s.name };
        },
        // A cold start finds no saved index, rebuilds the index from the texts and saves it.
        run: async ({ name }) => {
          const store = await open(name);
          return { store, index: await store.loadIndex() };
        },
        // Designed: the save is best effort. The rebuilt index is used, nothing is written (the
        // default "database exactly as before"), and the next cold start rebuilds it again.
        told: (outcome) => {
          const { store, index } = okValue(outcome) as { store: CorpusStore; index: CorpusIndex };
          expect(store.lastLoad).toBe('rebuilt');
          expect(index.size).toBe(2);
        },
        succeeded: async ({ store }, { name }) => {
          expect(store.lastLoad).toBe('rebuilt');
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  [
    'the summaries rebuilt when they lag the corpus',
    4, // clear, 2 summaries, the summaries marker
    () =>
      path({
        setup: async () => {
          const s = await seeded();
          s.store.close();
          // As a writer that knew nothing of summaries would leave them: one missing, the marker behind.
          await withRaw(s.name, async (db) => {
            await db.delete('summaries', SHORT);
            await db.put('meta', { key: SUMMARIES_KEY, value: 0 });
          });
          return { name: s.name, store: await open(s.name) };
        },
        run: ({ store }) => store.listArticles(),
        told: toldQuota(SAVE_QUOTA),
        succeeded: async (rows, { name, store }) => {
          expect(rows.map((r) => r.id)).toEqual([FULL, SHORT]);
          expect(await withRaw(name, (db) => db.get('meta', SUMMARIES_KEY))).toEqual({ key: SUMMARIES_KEY, value: await store.generation() });
          await expectIndexOfArticles(name, store);
        },
      }),
  ],
  ['compressStoredTexts', 6 /* 5 articles, then the texts marker */, () => compressing(5)],
];

/**
 * compressStoredTexts over a corpus of `count` plain texts. Designed: texts are rewritten a page
 * (LIST_PAGE records) at a time and nothing a reader sees changes, so a failure leaves each page
 * whole, rewritten or as it was, and only the records' codec moves; the next call does the rest.
 */
function compressing(count: number): AnyPath {
  return path({
    setup: () => plainCorpus(count),
    run: ({ store }) => store.compressStoredTexts(),
    told: toldQuota(SAVE_QUOTA),
    leaves: async (after, before, state) => {
      expect({ ...after, articles: [] }).toEqual({ ...before, articles: [] });
      for (let from = 0; from < count; from += LIST_PAGE) {
        const page = after.articles!.slice(from, from + LIST_PAGE) as StoredText[];
        if (page.every(isCurrentText)) state.earlier += page.length;
        else expect(page).toEqual(before.articles!.slice(from, from + LIST_PAGE));
      }
      await expectTexts(state.name, state.texts);
    },
    succeeded: async (rewritten, { name, store, texts, earlier }) => {
      expect(rewritten + earlier).toBe(count);
      expect((await withRaw(name, (db) => db.getAll('articles'))).every(isCurrentText)).toBe(true);
      expect(await withRaw(name, (db) => db.get('meta', TEXTS_KEY))).toEqual({ key: TEXTS_KEY, value: 'compressed' });
      await expectTexts(name, texts);
      await expectIndexOfArticles(name, store);
    },
  });
}

/**
 * A corpus as an older version left it: the seeds and `count - 2` more, every text stored
 * plain (schema.ts TEXTS_KEY), waiting for compressStoredTexts.
 */
async function plainCorpus(count: number): Promise<Seeded & { texts: Article[]; earlier: number }> {
  const extra = syntheticArticles(count - 2, { words: 12, seed: 5, prefix: 'plain' });
  const s = await copyOf(`plain ${count}`, async (store) => {
    await store.importArticles(extra);
    await withRaw(store.name, async (db) => {
      const tx = db.transaction(['articles', 'meta'], 'readwrite');
      for (const record of await tx.objectStore('articles').getAll()) {
        const { textz: _z, textCodec: _c, contentHash: _h, ...rest } = record;
        void tx.objectStore('articles').put({ ...rest, text: textOfSync(record) });
      }
      void tx.objectStore('meta').put({ key: TEXTS_KEY, value: 'plain' });
      await tx.done;
    });
  });
  return { ...s, texts: [...SEEDS, ...extra], earlier: 0 };
}

/** Every article reads as these. */
async function expectTexts(name: string, articles: readonly Article[]): Promise<void> {
  const store = await open(name);
  expect(await store.getArticles(articles.map((a) => a.id))).toEqual(articles);
}

// ── the background: a captured apnews.com page, and "add this page" from the popup ──────────────

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
function pageMessage(url: string, title: string, text: string, flags: { check: boolean; capture: boolean }, head = '') {
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  const html = `<html lang="en"><head><title>${escape(title)}</title>${head}</head><body><main><article><h1>${escape(title)}</h1>${paragraphs.join('')}</article></main></body></html>`;
  return { type: 'content:page', url, html, force: true, ...flags };
}
// A story no seed article explains, long enough for Readability.
const FERRY = Array.from({ length: 5 }, () => 'The harbour council approved a new ferry timetable on Monday after a long public debate about evening services. '.repeat(3).trim()).join('\n\n');
const AP_ID = 'https://apnews.com/article/ferry-timetable';
const AP_URL = `${AP_ID}?utm_source=feed`;
const LOCAL_URL = 'https://local.example/ferry';

/** The background as the extension wires it, on a copy of the seed corpus (auto-capture on or off). */
async function background(autoCapture: boolean): Promise<{ name: string }> {
  const { name, store } = await copyOf(`seeds, autoCapture ${autoCapture}`, async (s) => {
    // The site record is a database of its own, with its own full-disk test (site-record-store.test.ts).
    await s.saveSettings({ ...DEFAULT_SETTINGS, autoCapture, siteRecord: false });
  });
  store.close();
  fakeBrowser.reset();
  fakeBrowser.tabs.sendMessage = (async () => undefined) as never; // the fake has none
  startBackground(fakeBrowser as never, { dbName: name });
  return { name };
}

const backgroundPaths: [string, number, () => AnyPath][] = [
  [
    'capture of an apnews.com page',
    134, // the article, its summary, 128 index shards, its article number, the directory, generation, summaries marker
    () =>
      path({
        setup: async () => {
          const s = await background(true);
          await send({ type: 'content:hello', url: AP_URL }, contentSender(40, AP_URL)); // the page loads
          return s;
        },
        run: () => send(pageMessage(AP_URL, 'Ferry timetable', FERRY, { check: false, capture: true }, `<link rel="canonical" href="${AP_ID}">`), contentSender(40, AP_URL)),
        // The content script is told (and shows nothing: capture is silent); its next read of the
        // page captures it again, which is the retry.
        told: (outcome) => expect(okValue(outcome)).toEqual({ ok: false, error: importQuota(1) }),
        succeeded: async (reply, { name }) => {
          expect(reply).toEqual({ ok: true, value: null });
          const store = await open(name);
          expect((await store.getArticles([AP_ID])).map((a) => [a.title, a.url])).toEqual([['Ferry timetable', AP_ID]]);
          await expectIndexOfArticles(name);
        },
      }),
  ],
  [
    '"add this page" from the popup',
    134,
    () =>
      path({
        setup: async () => {
          const s = await background(false);
          await send(pageMessage(LOCAL_URL, 'Ferry timetable', FERRY, { check: true, capture: false }), contentSender(50, LOCAL_URL));
          expect(await fakeBrowser.action.getBadgeText({ tabId: 50 })).toBe(''); // checked: no source
          return s;
        },
        run: () => send({ type: 'ui:add-page', tabId: 50 }, popupSender()),
        // The popup shows the reply's error as it is (src/ui/api.ts, Popup.tsx).
        told: (outcome) => expect(okValue(outcome)).toEqual({ ok: false, error: importQuota(1) }),
        succeeded: async (reply, { name }) => {
          expect(reply).toEqual({ ok: true, value: { id: LOCAL_URL } });
          expect(await fakeBrowser.action.getBadgeText({ tabId: 50 })).toBe('AP'); // the page now matches itself
          await expectIndexOfArticles(name);
        },
      }),
  ],
];

describe.each(Object.keys(QUOTA_MODES) as QuotaMode[])('a full disk, %s', (mode) => {
  it.each([...storePaths, ...backgroundPaths])(`%s: told, unchanged, and then done`, async (_, writes, make) => {
    expect(await failEachWrite(mode, make())).toBe(writes);
  });

  // Failures in a first page are the one-page case; here, after a first page is rewritten.
  it('compressStoredTexts over two pages: the first write of the second page, and the marker', async () => {
    const count = LIST_PAGE + 4;
    expect(await failEachWrite(mode, compressing(count), [LIST_PAGE + 1, count + 1])).toBe(count + 1);
  });
});
