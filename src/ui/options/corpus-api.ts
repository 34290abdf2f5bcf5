/**
 * What the options and welcome pages need of the corpus, the settings and the browser's
 * storage, as interfaces: the components take them as props (tests hand them fakes), and
 * `storeCorpusApi` / `storeSettingsApi` / `browserStorageApi` are the real ones.
 *
 * Extension pages share the background's IndexedDB, so the pages write to it themselves and
 * then tell the background (`corpusChanged`, `settingsChanged`), which would also notice on
 * its own through the corpus generation.
 */

import type { Settings } from '../../core/settings';
import type { Article } from '../../core/types';
import { isHtmlFileName } from '../../core/corpus/files';
import { extractArticle } from '../../core/extract';
import type { ArticlePage, ArticleQuery, CorpusStore, ImportJournal, StoredArticle } from '../../storage';
import type { BackgroundApi } from '../api';
import { type ImportFile, type ImportOutcome, type ImportRunOptions, type ImportTarget, commitPending, importAnyway, importFiles } from './import-run';
import { importOffPage, startImportWorker } from './import-worker-client';

export type RunOptions = Pick<ImportRunOptions, 'signal' | 'onProgress'>;

export interface CorpusApi {
  query(query: ArticleQuery): Promise<ArticlePage>;
  /** Every id a search matches ("select all matching"). */
  matchingIds(query: Pick<ArticleQuery, 'search' | 'searchIn' | 'signal' | 'onProgress'>): Promise<string[]>;
  /** Loads what a search needs ahead of time (the reader focused the search box). */
  prepareSearch(): Promise<void>;
  article(id: string): Promise<StoredArticle | undefined>;
  remove(ids: readonly string[]): Promise<number>;
  importFiles(files: readonly ImportFile[], opts?: RunOptions): Promise<ImportOutcome>;
  importAnyway(outcome: Extract<ImportOutcome, { kind: 'invalid' }>, opts?: RunOptions): Promise<ImportOutcome>;
  pendingImports(): Promise<ImportJournal[]>;
  commitPending(journal: ImportJournal, opts?: RunOptions): Promise<ImportOutcome>;
  discardImport(key: string): Promise<void>;
  /** The whole corpus, a page of articles at a time. */
  exportPages(): AsyncIterable<Article[]>;
}

export interface SettingsApi {
  load(): Promise<Settings>;
  /** Applies `change` to the settings as stored now, saves, tells the background; returns what was saved. */
  update(change: (current: Settings) => Settings): Promise<Settings>;
}

export interface StorageEstimateInfo {
  usage: number;
  quota: number;
}

export interface StorageInfoApi {
  estimate(): Promise<StorageEstimateInfo | null>;
  /** null when the browser cannot say. */
  persisted(): Promise<boolean | null>;
  persist(): Promise<boolean | null>;
}

function extractHtmlWithDomParser(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const a = extractArticle(doc);
  return a ? { title: a.title, text: a.text, ...(a.published ? { published: a.published } : {}) } : null;
}

export function storeCorpusApi(open: () => Promise<CorpusStore>, background: Pick<BackgroundApi, 'corpusChanged'>): CorpusApi {
  const tell = () => background.corpusChanged().catch(() => undefined);
  /** Tells the background when an import changed the corpus. */
  const told = async (outcome: ImportOutcome) => {
    if (outcome.kind === 'imported' && outcome.added + outcome.updated > 0) await tell();
    return outcome;
  };
  /**
   * Staging and committing run in a worker started for the one operation (import-worker.ts:
   * fingerprints, compression and the commit's index merge and snapshot off the page's main
   * thread), or on the page where workers cannot start. Files are read and parsed in a worker
   * too (import-worker-client.ts `importOffPage`), except where an HTML file needs the page.
   */
  const inWorker = async <T>(work: (target: ImportTarget) => Promise<T>): Promise<T> => {
    const store = await open();
    const worker = startImportWorker(store);
    try {
      return await work(worker ?? store);
    } finally {
      worker?.terminate();
    }
  };
  return {
    query: async (query) => (await open()).queryArticles(query),
    matchingIds: async (query) => (await open()).matchingIds(query),
    prepareSearch: async () => (await open()).prepareSearch(),
    article: async (id) => (await open()).getArticle(id),
    async remove(ids) {
      const n = await (await open()).deleteArticles(ids);
      if (n > 0) await tell();
      return n;
    },
    importFiles: async (files, opts) => {
      // HTML files need the page's DOMParser: an import with any is read on the page.
      const offPage = files.some((f) => isHtmlFileName(f.name)) ? null : await importOffPage(await open(), files, opts);
      return told(offPage ?? (await inWorker((target) => importFiles(target, files, { ...opts, extractHtml: extractHtmlWithDomParser }))));
    },
    importAnyway: async (outcome, opts) => told(await inWorker((target) => importAnyway(target, outcome, opts))),
    pendingImports: async () => (await open()).pendingImports(),
    commitPending: async (journal, opts) => told(await inWorker((target) => commitPending(target, journal, opts))),
    discardImport: async (key) => (await open()).discardImport(key),
    async *exportPages() {
      yield* (await open()).exportArticles();
    },
  };
}

export function storeSettingsApi(open: () => Promise<CorpusStore>, background: Pick<BackgroundApi, 'settingsChanged'>): SettingsApi {
  return {
    load: async () => (await open()).getSettings(),
    async update(change) {
      const saved = await (await open()).updateSettings(change);
      // The background re-reads on its own at its next use; telling it makes it immediate.
      await background.settingsChanged().catch(() => undefined);
      return saved;
    },
  };
}

/** navigator.storage, where the browser has it. */
export function browserStorageApi(storage: StorageManager | undefined = globalThis.navigator?.storage): StorageInfoApi {
  return {
    async estimate() {
      if (!storage?.estimate) return null;
      const { usage, quota } = await storage.estimate();
      return typeof usage === 'number' && typeof quota === 'number' ? { usage, quota } : null;
    },
    persisted: async () => (storage?.persisted ? storage.persisted() : null),
    persist: async () => (storage?.persist ? storage.persist() : null),
  };
}
