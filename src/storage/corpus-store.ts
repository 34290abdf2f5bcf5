/**
 * The reader's corpus in IndexedDB: articles, their summaries, and the saved LSH index, as the
 * background, the options page and its import workers use it. `CorpusStore` is the one way
 * in; each method hands its work to the part of this folder that does it:
 *
 *   connection.ts     opening, upgrading (schema.ts), closing when another context upgrades
 *   commit.ts         every change to the corpus: one transaction, optimistic retries
 *   changes.ts        imports of articles in memory and of packs, deletes
 *   staged-import.ts  big imports of files: staged in chunks, resumable
 *   staged-commit.ts  a staged import committed in one transaction
 *   index-cache.ts    the index: in memory, from its saved directory, or rebuilt from the texts
 *   index-shards.ts   the index in shards: what a commit writes, what a query reads
 *   table-cache.ts    the summaries in memory, and the `summaries` store kept in step
 *   queries.ts        the options page's table: pages, title and text search, listing
 *   reads.ts          articles with their texts: by id, and pages for export
 *   recompress.ts     texts older versions stored, rewritten with the dictionary
 *   settings-store.ts the reader's settings and "this looks wrong" reports
 *   follow-store.ts   the follow's queue and state; followed stories committed with their entries
 *   subscriptions.ts  pack subscriptions
 *   errors.ts         StorageError, with messages a reader can be shown as they are
 *
 * Every change is all or nothing, and the corpus on disk is never half changed; the parts
 * share one connection and one index and table in memory (context.ts), so what one part
 * commits, the others see. Two contexts (or two workers) may each hold a CorpusStore on the
 * same database: `meta.generation`, bumped by every commit, is how each notices the other.
 */

import { DEFAULT_PARAMS, type Fingerprint, type FingerprintParams, paramsKey } from '../core/fingerprint/minhash';
import type { ShardedIndex } from '../core/index/sharded-index';
import type { Pack } from '../core/pack/pack';
import type { Settings } from '../core/settings';
import type { Article } from '../core/types';
import { type Progress, fingerprintArticles } from './batches';
import { type ImportOptions, type ImportSummary, deleteArticles, importArticles, importPack } from './changes';
import { Connection } from './connection';
import type { StoreContext } from './context';
import { type FingerprintAll, IndexCache, type IndexLoad } from './index-cache';
import { type ArticlePage, type ArticleQuery, CorpusQueries } from './queries';
import { exportArticles, getArticle, getArticles } from './reads';
import { compressStoredTexts } from './recompress';
import type { StoredArticle } from './records';
import { DB_NAME, type ImportJournal, type ImportSource } from './schema';
import * as settings from './settings-store';
import { commitImport } from './staged-commit';
import * as staging from './staged-import';
import type { ArticleSummary } from './summaries';
import { TableCache } from './table-cache';

/** Each store's shared parts, for the stores on the same database (follow-store.ts, subscriptions.ts). */
const contexts = new WeakMap<CorpusStore, StoreContext>();

/** The connection, index and table a CorpusStore shares with the parts of this folder. */
export function storeContextOf(corpus: CorpusStore): StoreContext {
  const context = contexts.get(corpus);
  if (!context) throw new TypeError('not a CorpusStore');
  return context;
}

export class CorpusStore {
  readonly params: FingerprintParams = DEFAULT_PARAMS;
  private readonly connection: Connection;
  private readonly store: StoreContext;
  private readonly queries: CorpusQueries;

  private constructor(readonly name: string) {
    this.connection = new Connection(name, () => this.store.index.forget());
    const fingerprintAll: FingerprintAll = (articles, signal, onProgress) => this.fingerprintAll(articles, signal, onProgress);
    this.store = {
      connection: this.connection,
      index: new IndexCache(this.connection, this.params, fingerprintAll),
      tables: new TableCache(this.connection),
      params: this.params,
      paramsKey: paramsKey(this.params),
      fingerprintAll,
      commitAttempts: 0,
    };
    this.queries = new CorpusQueries(this.store);
    contexts.set(this, this.store);
  }

  /** Opens (creating or upgrading) the corpus database. Tests pass a unique name. */
  static async open(name: string = DB_NAME): Promise<CorpusStore> {
    const store = new CorpusStore(name);
    await store.connection.open();
    return store;
  }

  /** How the last `loadIndex` got its index, for tests and diagnostics. */
  get lastLoad(): IndexLoad | null {
    return this.store.index.lastLoad;
  }

  /** Why the last rebuild happened (no snapshot, stale, or why the snapshot was refused). */
  get lastRebuildReason(): string | null {
    return this.store.index.lastRebuildReason;
  }

  /** Transactions the last import or delete needed: more than 1 means another writer won a race. */
  get lastCommitAttempts(): number {
    return this.store.commitAttempts;
  }

  async loadIndex(): Promise<ShardedIndex> {
    return (await this.store.index.current()).index;
  }

  /** Rebuilds the index from the texts: a query found part of it it cannot trust (`why`). */
  async repairIndex(why: string): Promise<ShardedIndex> {
    return (await this.store.index.repair(why)).index;
  }

  /** Adds or replaces these articles in one transaction (small imports: a captured page, "add page"). */
  importArticles(articles: readonly Article[], opts: ImportOptions = {}): Promise<ImportSummary> {
    return importArticles(this.store, articles, opts);
  }

  /**
   * Imports a corpus pack (core/pack) in ONE transaction, with nothing fingerprinted or
   * compressed. Articles already in the corpus with the same content hash are left alone;
   * others are added or replaced, as `importArticles` does. The ids in `remove` (a delta
   * pack's removals) are deleted in the same transaction, and the summary then says how many
   * were (`removed`). The pack must come from `openPack(bytes, this.params)`, which has verified it.
   */
  importPack(pack: Pack, opts: Pick<ImportOptions, 'signal'> & { remove?: readonly string[] } = {}): Promise<ImportSummary> {
    return importPack(this.store, pack, opts);
  }

  /**
   * Rewrites records that older versions stored plain or without the current dictionary;
   * returns how many were rewritten. Safe to call at any time; a no-op (one read) once done.
   */
  compressStoredTexts(opts: { signal?: AbortSignal } = {}): Promise<number> {
    return compressStoredTexts(this.connection, opts);
  }

  /** Deletes these articles; returns how many existed. */
  deleteArticles(ids: readonly string[]): Promise<number> {
    return deleteArticles(this.store, ids);
  }

  /** Every article without its text, by title (then id). Reads summaries: no text is loaded. */
  listArticles(): Promise<ArticleSummary[]> {
    return this.queries.list();
  }

  /** The articles with these ids, in the order asked; ids not in the corpus are left out. */
  getArticles(ids: readonly string[]): Promise<Article[]> {
    return getArticles(this.connection, ids);
  }

  async count(): Promise<number> {
    return this.connection.reading((db) => db.count('articles'));
  }

  /** Bumped by every committed change; another context's change shows here too. */
  generation(): Promise<number> {
    return this.connection.generation();
  }

  close(): void {
    this.connection.close();
    this.store.index.forget();
    this.store.tables.forget();
    this.queries.forget();
  }

  // ── the corpus as a table ──────────────────────────────────────────────────────────────

  /**
   * One page of the corpus, searched and sorted (queries.ts). A text search reads every text
   * once per query and generation; paging through its results afterwards reuses the ids it found.
   */
  queryArticles(query: ArticleQuery = {}): Promise<ArticlePage> {
    return this.queries.page(query);
  }

  /** Every id the search matches, in no particular order: "select all matching". */
  matchingIds(query: Pick<ArticleQuery, 'search' | 'searchIn' | 'signal' | 'onProgress'> = {}): Promise<string[]> {
    return this.queries.matchingIds(query);
  }

  /** One article with its text, or undefined. */
  getArticle(id: string): Promise<StoredArticle | undefined> {
    return getArticle(this.connection, id);
  }

  /**
   * The whole corpus in pages of `pageSize` articles, ordered by id, for export; each page is
   * read in its own transaction.
   */
  exportArticles(pageSize?: number): AsyncGenerator<Article[]> {
    return exportArticles(this.connection, pageSize);
  }

  /** Loads every summary into memory now (e.g. when the reader focuses the search box). */
  async prepareSearch(): Promise<void> {
    await this.store.tables.load();
  }

  // ── staged imports (staged-import.ts, staged-commit.ts) ──────────────────────────────────────────────────

  /** Starts an import of these files, or resumes the one already journaled for them. */
  openImport(sources: readonly ImportSource[]): Promise<ImportJournal> {
    return staging.openImport(this.store, sources);
  }

  /** Stages chunk number `chunk` of an import, outside the corpus; reuses it when already staged unchanged. */
  stageChunk(key: string, chunk: number, articles: readonly Article[], opts: { signal?: AbortSignal } = {}): Promise<{ reused: boolean }> {
    return staging.stageChunk(this.store, key, chunk, articles, opts);
  }

  /** Every chunk is staged: records the totals; the import then waits for `commitImport` (or `discardImport`). */
  finishStaging(key: string, totals: { chunks: number; articles: number; problems: number }): Promise<ImportJournal> {
    return staging.finishStaging(this.store, key, totals);
  }

  /** Moves a staged import into the corpus in ONE transaction, with its journal and chunks deleted. */
  commitImport(key: string, opts: ImportOptions = {}): Promise<ImportSummary> {
    return commitImport(this.store, key, opts);
  }

  /** Forgets an import: its journal and staged chunks. The corpus is not touched. */
  discardImport(key: string): Promise<void> {
    return staging.discardImport(this.store, key);
  }

  /** Imports started and not committed or discarded: interrupted, or waiting for the reader. */
  pendingImports(): Promise<ImportJournal[]> {
    return staging.pendingImports(this.store);
  }

  // ── the reader's settings and reports (settings-store.ts) ──────────────────────────────

  /** The settings, validated and migrated (defaults when none were saved). */
  getSettings(): Promise<Settings> {
    return settings.getSettings(this.connection);
  }

  /** Saves settings after validating them; returns what was stored. */
  saveSettings(value: Settings): Promise<Settings> {
    return settings.saveSettings(this.connection, value);
  }

  /** Reads, changes and saves the settings in one transaction; returns what was stored. */
  updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
    return settings.updateSettings(this.connection, change);
  }

  reportWrong(url: string, sourceId: string): Promise<void> {
    return settings.reportWrong(this.connection, url, sourceId);
  }

  /** Sources the reader has said this URL does not derive from. */
  reportedWrong(url: string): Promise<string[]> {
    return settings.reportedWrong(this.connection, url);
  }

  /** Every fingerprinting of this store goes through this one method (tests count its calls). */
  private fingerprintAll(articles: readonly Pick<Article, 'title' | 'text'>[], signal?: AbortSignal, onProgress?: Progress): Promise<Fingerprint[]> {
    return fingerprintArticles(articles, this.params, signal, onProgress);
  }
}
