/**
 * The reader's corpus in IndexedDB: articles, their summaries, and the saved LSH index.
 *
 * Every change is all or nothing. An import fingerprints every article first, outside any
 * transaction (fingerprinting is CPU work, and awaiting anything but an IDB request inside a
 * transaction lets it auto-commit half done), builds the new index in memory with
 * `withChanges`, then writes articles, summaries, the new snapshot and a bumped
 * `meta.generation` in ONE readwrite transaction over all four stores. Any failure, an abort
 * signal included, aborts that transaction, so the corpus on disk is never half imported.
 *
 * Two contexts write to the same database (the options page imports, the service worker
 * repairs the snapshot), so writes are optimistic: a change is computed against the index of
 * generation G, and the transaction re-reads the generation first; if it is no longer G,
 * another context committed in between, the transaction is aborted and the merge redone on
 * the fresh index (at most MAX_COMMIT_ATTEMPTS times). Fingerprints do not depend on the
 * corpus, so a retry only redoes the cheap part.
 *
 * Loading the index: the in-memory one when its generation is still current (one `meta`
 * read); else the snapshot, when it is tagged with the current generation and
 * `CorpusIndex.fromSnapshot` verifies its parameters, lengths and checksum; else a rebuild
 * that re-fingerprints every text, and the repaired snapshot is saved. The snapshot is the
 * only copy of the band keys since database version 5 (schema.ts): every commit writes it in
 * the same transaction as the change, so it is only missing or stale after damage or a
 * writer that bypassed the store, and then the texts are the truth to rebuild from.
 *
 * Version 3 (schema.ts) adds two paths for large corpora. Listings read `summaries` (every
 * article without its text, written in the same transactions as `articles`) through an index
 * or from memory: `queryArticles`, see summaries.ts. Imports of files go through a staging
 * area and a journal and are committed in one transaction at the end (`openImport`,
 * `stageChunk`, `finishStaging`, `commitImport`; staged-import.ts has the design and why);
 * `importArticles` stays for the small imports of the background (a captured page, "add
 * page") and callers that hold their articles in memory anyway. The options page runs
 * `stageChunk` and `commitImport` in dedicated workers (src/ui/options/import-worker.ts),
 * each with a CorpusStore of its own on the same database: chunks may be staged side by
 * side, so the journal counts a chunk as new when its head was not there yet. The commit asks
 * for each staged body before issuing the previous chunk's puts: requests in a transaction
 * run in order, and in Chromium a put costs ~30 µs of structured clone and IPC in the calling
 * thread plus ~50 µs in the database (10,000 puts of article-sized records, measured in an
 * extension page), so the two now overlap instead of taking turns.
 *
 * Measured (Node 22.23, fake-indexeddb 6.2.8, synthetic articles of ~1,060 words made of seed
 * sentences): fingerprinting costs ~1.35 ms per article and is nearly all of an import
 * (5,000 articles: 6.5 s); with a yield every 50 articles the longest event-loop stall was
 * 92 ms. Loading the index of 5,000 articles took 9 ms from the snapshot, 58 ms rebuilt from
 * stored band keys (versions 1–4 kept them), 6.3 s rebuilt from text. Keeping the keys twice
 * cost 512 B an article (`npx tsx bench/storage-size.ts`: at 10,000 articles the snapshot is
 * 911 B an article, and everything but text went from ~1.9 KB to 1.34 KB with summaries and
 * article metadata), to speed up a rebuild that only damage causes. Listing 5,000
 * with getAll pages of 256 took 58 ms (one record per cursor step 65 ms, one getAll 51 ms);
 * pages are kept for the bounded memory, not for speed. fake-indexeddb is not a browser's
 * IndexedDB: these ratios, not the absolute numbers, are what carry over.
 *
 * Texts since version 5 (core/pack/deflate.ts: raw deflate with a 16 KB dictionary, fflate,
 * synchronous) against version 4's CompressionStream, run back to back on the same shared
 * 2-core machine (load average ~4–5; a quiet machine is faster for both):
 * `npm run bench:storage -- --table 10000 --import 0`: text search over 10,000 articles
 * 2.27–2.37 s → 0.45–0.50 s, export 2.78 s → 0.44 s (plain texts were ~0.1 s; inflating in
 * JavaScript, ~0.03 ms a text, is what is left). `npm run bench:storage -- --table 0
 * --import 10000`, two runs each: 779–849 → 762–825 articles/s wall, 1,297–1,305 → 1,330–1,344
 * per CPU second (all threads: Node deflated CompressionStream's texts on its thread pool,
 * free in wall time on an idle second core; fflate deflates on the main thread, ~0.18 ms a
 * text); re-importing the same unchanged file 2.9–4.2 s → 1.25–1.28 s (unchanged articles
 * are staged plain, not deflated). A 32 KB dictionary cost ~15% of the import rate for 0.3
 * points of ratio on pages it had not seen.
 */

import { type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { articleFingerprintText } from '../core/corpus/memory';
import { DEFAULT_PARAMS, type Fingerprint, type FingerprintParams, fingerprintText, paramsKey, totalBands } from '../core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry, type IndexSnapshot } from '../core/index/corpus-index';
import type { Pack } from '../core/pack/pack';
import { type Settings, migrateSettings } from '../core/settings';
import type { Article } from '../core/types';
import {
  COMMIT_STORES,
  CORPUS_STORES,
  DB_NAME,
  DB_VERSION,
  GENERATION_KEY,
  type ImportJournal,
  type ImportSource,
  SETTINGS_KEY,
  SNAPSHOT_KEY,
  SUMMARIES_KEY,
  SUMMARY_INDEX,
  TEXTS_KEY,
  type StagedArticle,
  type StagedBody,
  type StagedHead,
  type StoredArticle,
  type StoredArticleRecord,
  type StoredSummary,
  type WirecheckDB,
  generationOf,
  upgradeSchema,
} from './schema';
import { chunkChecksum, importKeyOf, stagingRange } from './staged-import';
import { TEXT_CODEC, compressedText, isCurrentText, textOf, textOfSync, textsOf } from './text-codec';
import {
  type ArticleSummary,
  SORT_KEYS,
  type SortDirection,
  type SortKey,
  SummaryTable,
  contentHashFor,
  contentHashOf,
  foldText,
  matchesAll,
  rowOf,
  searchTerms,
  summaryOf,
} from './summaries';

export type { ArticleSummary };

/** A page of the corpus table. */
export interface ArticleQuery {
  /** Words that must all occur (case and accents ignored); empty or absent lists everything. */
  search?: string;
  /** title (default): titles only, answered from memory. text: titles and full texts, a scan of every text. */
  searchIn?: 'title' | 'text';
  sort?: SortKey;
  direction?: SortDirection;
  offset?: number;
  /** Rows per page: 1…1,000, 50 when absent. */
  limit?: number;
  /** Cancels a text search; the query then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Text search only: articles read so far, of how many. */
  onProgress?: (scanned: number, total: number) => void;
}

export interface ArticlePage {
  /** Rows matching the search (the whole corpus without one). */
  total: number;
  rows: ArticleSummary[];
  /** Articles in the corpus. */
  corpusSize: number;
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportOptions {
  /** Aborting rejects with the signal's reason and leaves the corpus unchanged. */
  signal?: AbortSignal;
  /** Articles fingerprinted so far; called at 0, every ~50 articles, and at the end. */
  onProgress?: (done: number, total: number) => void;
}

/** How the last `loadIndex` got its index. */
export type IndexLoad = 'memory' | 'snapshot' | 'rebuilt';

/**
 * quota: out of disk space · invalid: an article failed validation · closed: `close()` was
 * called · read: reading the corpus failed · failed: anything else.
 */
export type StorageErrorKind = 'quota' | 'invalid' | 'closed' | 'read' | 'failed';

/** A storage failure with a message that can be shown to the reader as it is. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    message: string,
    readonly kind: StorageErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Texts compressed between two yields to the event loop (~15 ms of work). */
const COMPRESS_BATCH = 64;
/** Articles fingerprinted between two yields to the event loop. */
const FINGERPRINT_BATCH = 50;
/** Commit attempts before an import or delete gives up on a corpus that keeps changing. */
const MAX_COMMIT_ATTEMPTS = 5;
/** Records per getAll page when listing: bounds how many texts are held at once. */
const LIST_PAGE = 256;
/** Summaries per getAll page when loading the table (they are small). */
const SUMMARY_PAGE = 2_000;
const DEFAULT_PAGE_ROWS = 50;
/**
 * Past this offset a page comes from the summaries in memory, not an index cursor. Measured
 * at 100,000 articles: advance(50,000) 1.07 s against loading every summary 0.52 s once and
 * then under 1 ms per page.
 */
const INDEX_PAGING_DEPTH = 5_000;
const MAX_PAGE_ROWS = 1_000;

type Db = IDBPDatabase<WirecheckDB>;
type CorpusTx = IDBPTransaction<WirecheckDB, typeof CORPUS_STORES, 'readwrite'>;

/** Every commit retries while other writers keep moving the generation; after a few, it gives up with this. */
const KEPT_CHANGING = 'Import failed; your corpus is unchanged (other changes to the corpus kept arriving; try again)';

/**
 * The last writes of every commit that changes the corpus, in its own transaction: the new
 * index snapshot, the generation it belongs to, and the summaries marker (schema.ts,
 * SUMMARIES_KEY), so a reader never sees one without the others.
 */
function writeCommitMarks(
  tx: { objectStore(name: 'snapshots' | 'meta'): unknown },
  track: (request: Promise<unknown>) => void,
  generation: number,
  snapshot: IndexSnapshot,
): void {
  // Callers' transactions span different store lists, which idb's types do not relate;
  // every one of them holds these two stores.
  const commitTx = tx as unknown as IDBPTransaction<WirecheckDB, ['snapshots', 'meta'], 'readwrite'>;
  track(commitTx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot }));
  track(commitTx.objectStore('meta').put({ key: GENERATION_KEY, value: generation }));
  track(commitTx.objectStore('meta').put({ key: SUMMARIES_KEY, value: generation }));
}
type TableChange = { put?: readonly StoredSummary[]; remove?: readonly string[] };

/** An article of a staged import that the commit writes to the corpus. */
interface PlannedArticle {
  chunk: number;
  at: number;
  addedAt: number;
  wordCount: number;
  contentHash: string;
  bandKeys: Uint32Array;
  isNew: boolean;
}

interface Loaded {
  index: CorpusIndex;
  generation: number;
}

const ignore = () => {};
const titleOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export class CorpusStore {
  readonly params: FingerprintParams = DEFAULT_PARAMS;
  private readonly paramsKey = paramsKey(DEFAULT_PARAMS);
  private db: Db | null = null;
  private opening: Promise<Db> | null = null;
  private closed = false;
  private cached: Loaded | null = null;
  private loadedBy: IndexLoad | null = null;
  private rebuildReason: string | null = null;
  private attempts = 0;
  private table: SummaryTable | null = null;
  private tableLoading: Promise<SummaryTable> | null = null;
  /** The generation at which `summaries` was last found to hold one record per article. */
  private summariesChecked = -1;
  private lastTextSearch: { generation: number; key: string; ids: Set<string> } | null = null;

  private constructor(readonly name: string) {}

  /** Opens (creating or upgrading) the corpus database. Tests pass a unique name. */
  static async open(name: string = DB_NAME): Promise<CorpusStore> {
    const store = new CorpusStore(name);
    await store.connection();
    return store;
  }

  /** How the last `loadIndex` got its index, for tests and diagnostics. */
  get lastLoad(): IndexLoad | null {
    return this.loadedBy;
  }

  /** Why the last rebuild happened (no snapshot, stale, or why the snapshot was refused). */
  get lastRebuildReason(): string | null {
    return this.rebuildReason;
  }

  /** Transactions the last import or delete needed: more than 1 means another writer won a race. */
  get lastCommitAttempts(): number {
    return this.attempts;
  }

  async loadIndex(): Promise<CorpusIndex> {
    return (await this.current()).index;
  }

  async importArticles(articles: readonly Article[], opts: ImportOptions = {}): Promise<ImportSummary> {
    const { signal, onProgress } = opts;
    signal?.throwIfAborted();
    const incoming = validArticles(articles);
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
    if (incoming.length === 0) return summary;
    try {
      let base = await this.current();
      const fingerprints = await this.fingerprintAll(incoming, signal, onProgress);
      const hashes = incoming.map(contentHashOf);
      // Compressed before any transaction opens (see text-codec.ts); an unchanged article's
      // compression is wasted, which costs less than a second pass.
      const compressed = await textsCompressed(incoming, signal);
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        this.attempts = attempt;
        if (attempt > 1) base = await this.current();
        const stored = await this.readStored(incoming.map((a) => a.id));
        const now = Date.now();
        const changed: { record: StoredArticleRecord; summary: StoredSummary; entry: IndexEntry }[] = [];
        summary.added = summary.updated = summary.unchanged = 0;
        incoming.forEach((a, i) => {
          const old = stored[i];
          if (old && contentHashFor(old) === hashes[i]) {
            summary.unchanged++;
            return;
          }
          if (old) summary.updated++;
          else summary.added++;
          const fp = fingerprints[i]!;
          const record: StoredArticleRecord = {
            id: a.id,
            title: a.title,
            url: a.url,
            published: a.published,
            ...compressed[i]!,
            contentHash: hashes[i]!,
            addedAt: old?.addedAt ?? now,
            wordCount: fp.wordCount,
          };
          changed.push({
            record,
            summary: summaryOf(record, hashes[i]),
            entry: { id: a.id, bandKeys: fp.bandKeys },
          });
        });
        if (changed.length === 0) return summary; // nothing to write, and no generation to bump
        const next = base.index.withChanges({ add: changed.map((c) => c.entry) });
        const snapshot = next.toSnapshot();
        const committed = await this.commitIfUnchanged(base.generation, signal, (tx, track, generation) => {
          const articleStore = tx.objectStore('articles');
          const summaryStore = tx.objectStore('summaries');
          for (const c of changed) {
            track(articleStore.put(c.record));
            track(summaryStore.put(c.summary));
          }
          writeCommitMarks(tx, track, generation, snapshot);
        });
        if (committed !== null) {
          this.remember({ index: next, generation: committed });
          this.tableCommitted(base.generation, committed, { put: changed.map((c) => c.summary) });
          return summary;
        }
      }
      throw new StorageError(KEPT_CHANGING, 'failed');
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw importError(e, incoming.length);
    }
  }

  /**
   * Imports a corpus pack (core/pack): its articles, band keys and compressed texts go to
   * the corpus as they are, in ONE transaction, with nothing fingerprinted or compressed.
   * Articles already in the corpus with the same content hash are left alone; others are
   * added or replaced, as `importArticles` does. Into an empty corpus the pack's own index
   * is used as it is; otherwise its band keys are merged into the current index.
   * The pack must come from `openPack(bytes, this.params)`, which has verified it.
   */
  async importPack(pack: Pack, opts: Pick<ImportOptions, 'signal'> = {}): Promise<ImportSummary> {
    const { signal } = opts;
    signal?.throwIfAborted();
    if (pack.params !== this.params && paramsKey(pack.params) !== this.paramsKey) {
      throw new StorageError('Import failed; your corpus is unchanged (the pack was made with other fingerprint parameters)', 'invalid');
    }
    const n = pack.articles.length;
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
    if (n === 0) return summary;
    try {
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        this.attempts = attempt;
        const base = await this.current();
        const table = await this.summaryTable();
        if (table.generation !== base.generation) continue; // changed while loading: plan again
        const now = Date.now();
        const changed: { i: number; addedAt: number }[] = [];
        summary.added = summary.updated = summary.unchanged = 0;
        pack.articles.forEach((a, i) => {
          const old = table.get(a.id);
          if (old && old.contentHash === a.contentHash) summary.unchanged++;
          else {
            if (old) summary.updated++;
            else summary.added++;
            changed.push({ i, addedAt: old?.addedAt ?? now });
          }
        });
        if (changed.length === 0) return summary;
        const next =
          base.index.size === 0 && changed.length === n
            ? pack.index
            : base.index.withChanges({ add: changed.map(({ i }) => ({ id: pack.articles[i]!.id, bandKeys: pack.bandKeysOf(i) })) });
        const snapshot = next.toSnapshot();
        const put: StoredSummary[] = [];
        signal?.throwIfAborted();
        const committed = await this.commitIfUnchanged(base.generation, signal, (tx, track, generation) => {
          const articleStore = tx.objectStore('articles');
          const summaryStore = tx.objectStore('summaries');
          for (const { i, addedAt } of changed) {
            const a = pack.articles[i]!;
            // compressedText returns a copy: a view into the pack would make IndexedDB clone
            // the whole pack's buffer into every record.
            const record: StoredArticleRecord = {
              id: a.id,
              title: a.title,
              url: a.url,
              published: a.published,
              textz: pack.compressedText(i),
              textCodec: pack.textCodec,
              contentHash: a.contentHash,
              addedAt,
              wordCount: a.wordCount,
            };
            const s = summaryOf(record, a.contentHash);
            put.push(s);
            track(articleStore.put(record));
            track(summaryStore.put(s));
          }
          writeCommitMarks(tx, track, generation, snapshot);
          // A pack of texts without the current dictionary: compressStoredTexts rewrites them.
          if (pack.textCodec !== TEXT_CODEC) track(tx.objectStore('meta').put({ key: TEXTS_KEY, value: 'plain' }));
        });
        if (committed !== null) {
          this.remember({ index: next, generation: committed });
          this.tableCommitted(base.generation, committed, { put });
          return summary;
        }
      }
      throw new StorageError(KEPT_CHANGING, 'failed');
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw importError(e, n);
    }
  }

  /**
   * Rewrites records that still hold plain text (written before database version 4) with
   * their text compressed, a page at a time; returns how many were rewritten. Nothing a
   * reader sees changes, so no generation is bumped; a record changed by another writer
   * between the read and the write is left to that writer. Safe to call at any time; a no-op
   * (one read) once done.
   */
  async compressStoredTexts(opts: { signal?: AbortSignal } = {}): Promise<number> {
    const db = await this.connection();
    if ((await db.get('meta', TEXTS_KEY))?.value !== 'plain') return 0;
    let rewritten = 0;
    let after: IDBKeyRange | undefined;
    for (;;) {
      opts.signal?.throwIfAborted();
      const page = await db.getAll('articles', after, LIST_PAGE);
      // Plain texts, and texts compressed without the current dictionary (version 4's
      // CompressionStream records). One that does not inflate is left as it is.
      const old: { record: StoredArticleRecord; text: string; hash: string }[] = [];
      for (const record of page) {
        if (isCurrentText(record)) continue;
        try {
          old.push({ record, text: textOfSync(record), hash: contentHashFor(record) });
        } catch {
          // damaged: reading it fails the same way before and after
        }
      }
      const compressed = await textsCompressed(old, opts.signal);
      if (old.length > 0) {
        const tx = db.transaction('articles', 'readwrite');
        const now = await Promise.all(old.map(({ record }) => tx.store.get(record.id)));
        old.forEach(({ record, hash }, i) => {
          const current = now[i];
          if (!current || isCurrentText(current) || current.textCodec !== record.textCodec) return;
          if (contentHashFor(current) !== hash || current.title !== record.title || current.url !== record.url || current.published !== record.published) return;
          const { text: _, ...rest } = current;
          void tx.store.put({ ...rest, ...compressed[i]!, contentHash: hash }).catch(ignore);
          rewritten++;
        });
        await tx.done;
      }
      if (page.length < LIST_PAGE) break;
      after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
    }
    await db.put('meta', { key: TEXTS_KEY, value: 'compressed' });
    return rewritten;
  }

  /** Deletes these articles; returns how many existed. */
  async deleteArticles(ids: readonly string[]): Promise<number> {
    const wanted = [...new Set(ids)].filter((id) => typeof id === 'string');
    if (wanted.length === 0) return 0;
    try {
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        this.attempts = attempt;
        const base = await this.current();
        const stored = await this.readStoredKeys(wanted);
        const present = wanted.filter((_, i) => stored[i] !== undefined);
        if (present.length === 0) return 0;
        const next = base.index.withChanges({ remove: present });
        const snapshot = next.toSnapshot();
        const committed = await this.commitIfUnchanged(base.generation, undefined, (tx, track, generation) => {
          for (const id of present) {
            track(tx.objectStore('articles').delete(id));
            track(tx.objectStore('summaries').delete(id));
          }
          writeCommitMarks(tx, track, generation, snapshot);
        });
        if (committed !== null) {
          this.remember({ index: next, generation: committed });
          this.tableCommitted(base.generation, committed, { remove: present });
          return present.length;
        }
      }
      throw new StorageError('Delete failed; your corpus is unchanged (other changes to the corpus kept arriving; try again)', 'failed');
    } catch (e) {
      if (e instanceof StorageError && e.kind !== 'read') throw e;
      const cause = e instanceof StorageError ? (e.cause ?? e) : e;
      throw new StorageError(`Delete failed; your corpus is unchanged (${reasonOf(cause)})`, isQuota(cause) ? 'quota' : 'failed', { cause });
    }
  }

  /** Every article without its text, by title (then id). Reads summaries: no text is loaded. */
  async listArticles(): Promise<ArticleSummary[]> {
    const table = await this.summaryTable();
    // The table's own title order folds case and accents by hand; a full listing can afford
    // the locale's collator.
    return table
      .page('title', 'asc', 0, table.size)
      .rows.map(rowOf)
      .sort((a, b) => titleOrder.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The articles with these ids, in the order asked; ids not in the corpus are left out. */
  async getArticles(ids: readonly string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    return this.reading(async (db) => {
      const tx = db.transaction('articles');
      const found = (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((s): s is StoredArticleRecord => s !== undefined);
      const texts = await textsOf(found);
      return found.map((s, i) => ({ id: s.id, title: s.title, url: s.url, published: s.published, text: texts[i]! }));
    });
  }

  async count(): Promise<number> {
    return this.reading((db) => db.count('articles'));
  }

  /** Bumped by every committed change; another context's change shows here too. */
  async generation(): Promise<number> {
    return this.reading(async (db) => generationOf(await db.get('meta', GENERATION_KEY)));
  }

  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = null;
    this.cached = null;
    this.table = null;
    this.lastTextSearch = null;
  }

  // ── the corpus as a table ──────────────────────────────────────────────────────────────

  /**
   * One page of the corpus, searched and sorted (see summaries.ts for the two ways it is
   * answered and what they cost). A text search reads every text once per query and
   * generation; paging through its results afterwards reuses the ids it found.
   */
  async queryArticles(query: ArticleQuery = {}): Promise<ArticlePage> {
    const sort = SORT_KEYS.includes(query.sort as SortKey) ? (query.sort as SortKey) : 'title';
    const direction: SortDirection = query.direction === 'desc' ? 'desc' : 'asc';
    const offset = Math.max(0, Math.floor(Number(query.offset) || 0));
    const limit = Math.min(MAX_PAGE_ROWS, Math.max(1, Math.floor(Number(query.limit) || DEFAULT_PAGE_ROWS)));
    const terms = searchTerms(query.search);
    const { signal } = query;
    signal?.throwIfAborted();
    try {
      const generation = await this.generation();
      // Deep pages are cheaper from memory: a cursor's advance(50,000) walks 50,000 entries.
      if (terms.length === 0 && offset < INDEX_PAGING_DEPTH && this.table?.generation !== generation) {
        return await this.reading((db) => this.pageFromIndex(db, generation, sort, direction, offset, limit));
      }
      const keep = await this.matcher(terms, query.searchIn ?? 'title', signal, query.onProgress);
      const table = await this.summaryTable();
      const page = table.page(sort, direction, offset, limit, keep);
      return { total: page.total, rows: page.rows.map(rowOf), corpusSize: table.size };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw e;
    }
  }

  /** Every id the search matches, in no particular order: "select all matching". */
  async matchingIds(query: Pick<ArticleQuery, 'search' | 'searchIn' | 'signal' | 'onProgress'> = {}): Promise<string[]> {
    const { signal } = query;
    try {
      const keep = await this.matcher(searchTerms(query.search), query.searchIn ?? 'title', signal, query.onProgress);
      const table = await this.summaryTable();
      return table.page('title', 'asc', 0, table.size, keep).rows.map((r) => r.id);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw e;
    }
  }

  /** One article with its text, or undefined. */
  async getArticle(id: string): Promise<StoredArticle | undefined> {
    return this.reading(async (db) => {
      const r = await db.get('articles', id);
      return r ? { id: r.id, title: r.title, url: r.url, published: r.published, text: await textOf(r), addedAt: r.addedAt, wordCount: r.wordCount } : undefined;
    });
  }

  /**
   * The whole corpus in pages of `pageSize` articles, ordered by id, for export. Each page is
   * read in its own transaction, so a consumer that writes files between pages cannot let a
   * long transaction expire; a change committed during the export may show in later pages.
   */
  async *exportArticles(pageSize = LIST_PAGE): AsyncGenerator<Article[]> {
    let after: IDBKeyRange | undefined;
    for (;;) {
      const page = await this.reading((db) => db.getAll('articles', after, pageSize));
      if (page.length > 0) {
        const texts = await this.reading(() => textsOf(page));
        yield page.map(({ id, title, url, published }, i) => ({ id, title, url, published, text: texts[i]! }));
      }
      if (page.length < pageSize) return;
      after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
    }
  }

  /** Loads every summary into memory now (e.g. when the reader focuses the search box). */
  async prepareSearch(): Promise<void> {
    await this.summaryTable();
  }

  private async matcher(
    terms: string[],
    searchIn: 'title' | 'text',
    signal: AbortSignal | undefined,
    onProgress: ((scanned: number, total: number) => void) | undefined,
  ): Promise<((row: StoredSummary, i: number) => boolean) | undefined> {
    if (terms.length === 0) return undefined;
    if (searchIn === 'text') {
      const ids = await this.textMatches(terms, signal, onProgress);
      return (row) => ids.has(row.id);
    }
    return (await this.summaryTable()).titleMatcher(terms);
  }

  /**
   * Ids of articles whose title and text together hold every term: a scan of every text in
   * pages of LIST_PAGE, each page its own transaction (writers are never held up for long),
   * cancellable between pages. The last result is kept for its generation, so paging or
   * re-sorting a text search does not scan again.
   */
  private async textMatches(terms: string[], signal?: AbortSignal, onProgress?: (scanned: number, total: number) => void): Promise<Set<string>> {
    const key = terms.join('\u0000');
    const generation = await this.generation();
    const last = this.lastTextSearch;
    if (last && last.key === key && last.generation === generation) {
      onProgress?.(last.ids.size, last.ids.size);
      return last.ids;
    }
    const total = await this.count();
    const ids = new Set<string>();
    let scanned = 0;
    let after: IDBKeyRange | undefined;
    onProgress?.(0, total);
    for (;;) {
      signal?.throwIfAborted();
      const page = await this.reading((db) => db.getAll('articles', after, LIST_PAGE));
      // The title first: it is short, and a hit there spares inflating and folding the text.
      const rests = page.map((a) => {
        const title = foldText(a.title);
        return terms.filter((t) => !title.includes(t));
      });
      const needText = page.filter((_, i) => rests[i]!.length > 0);
      const texts = await this.reading(() => textsOf(needText));
      let k = 0;
      page.forEach((a, i) => {
        const rest = rests[i]!;
        if (rest.length === 0 || matchesAll(foldText(texts[k++]!), rest)) ids.add(a.id);
      });
      scanned += page.length;
      onProgress?.(Math.min(scanned, total), Math.max(total, scanned));
      if (page.length < LIST_PAGE) break;
      after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
    }
    // Only a scan that saw one generation throughout may be reused.
    if ((await this.generation()) === generation) this.lastTextSearch = { generation, key, ids };
    return ids;
  }

  /** A page straight from a `summaries` index: a count and `limit` cursor steps. */
  private async pageFromIndex(db: Db, generation: number, sort: SortKey, direction: SortDirection, offset: number, limit: number): Promise<ArticlePage> {
    await this.verifySummaries(db, generation);
    const tx = db.transaction('summaries');
    const total = await tx.store.count();
    const rows: ArticleSummary[] = [];
    if (offset < total) {
      const index = tx.store.index(SUMMARY_INDEX[sort]);
      if (direction === 'asc' && offset === 0) {
        // One round trip instead of one per row.
        for (const s of await index.getAll(undefined, limit)) rows.push(rowOf(s));
      } else {
        let cursor = await index.openCursor(undefined, direction === 'asc' ? 'next' : 'prev');
        if (cursor && offset > 0) cursor = await cursor.advance(offset);
        while (cursor && rows.length < limit) {
          rows.push(rowOf(cursor.value));
          cursor = await cursor.continue();
        }
      }
    }
    return { total, rows, corpusSize: total };
  }

  /**
   * `summaries` is derived from `articles`, written in the same transactions, which also
   * record the generation they were written for (schema.ts SUMMARIES_KEY). When that record
   * lags the corpus generation, something changed the corpus without the summaries, and they
   * are rebuilt from the articles, as the index is rebuilt from band keys when its snapshot
   * cannot be trusted. Checked once per generation: one read.
   */
  private async verifySummaries(db: Db, generation: number): Promise<void> {
    if (this.summariesChecked === generation) return;
    const marker = (await db.get('meta', SUMMARIES_KEY))?.value;
    if (marker !== generation) await this.rebuildSummaries(db);
    this.summariesChecked = generation;
  }

  private async rebuildSummaries(db: Db): Promise<void> {
    const tx = db.transaction(['articles', 'summaries', 'meta'], 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    const summaries = tx.objectStore('summaries');
    await summaries.clear();
    for (let cursor = await tx.objectStore('articles').openCursor(); cursor; cursor = await cursor.continue()) {
      void summaries.put(summaryOf(cursor.value)).catch(ignore);
    }
    const generation = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
    void tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: generation }).catch(ignore);
    await done;
    this.table = null;
  }

  /** Every summary in memory, loaded once per generation (concurrent callers share one load). */
  private summaryTable(): Promise<SummaryTable> {
    return this.reading(async (db) => {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      if (this.table?.generation === generation) return this.table;
      this.tableLoading ??= this.loadTable(db).finally(() => {
        this.tableLoading = null;
      });
      return this.tableLoading;
    });
  }

  private async loadTable(db: Db): Promise<SummaryTable> {
    for (;;) {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      await this.verifySummaries(db, generation);
      // Generation and rows in one transaction: the table reflects exactly one generation.
      const tx = db.transaction(['meta', 'summaries']);
      const now = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
      if (now !== generation) continue; // changed between the check and the read: check again
      const rows: StoredSummary[] = [];
      let after: IDBKeyRange | undefined;
      for (;;) {
        const page = await tx.objectStore('summaries').getAll(after, SUMMARY_PAGE);
        for (const s of page) rows.push(s);
        if (page.length < SUMMARY_PAGE) break;
        after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
      }
      const table = new SummaryTable(rows, now);
      if (!this.table || this.table.generation <= now) this.table = table;
      return table;
    }
  }

  /** After our own commit: the in-memory table follows it when it was current, else it is dropped. */
  private tableCommitted(from: number, to: number, change: TableChange): void {
    if (this.table?.generation === from) this.table.apply(change, to);
    else this.table = null;
    if (this.summariesChecked === from) this.summariesChecked = to;
  }

  // ── staged imports (see staged-import.ts for the design) ───────────────────────────────

  /**
   * Starts an import of these files, or resumes the one already journaled for them (same
   * names, sizes and modification times, same fingerprint parameters). Journals of earlier
   * versions of the same files (same names, other sizes or times) are discarded.
   */
  async openImport(sources: readonly ImportSource[]): Promise<ImportJournal> {
    const key = importKeyOf(sources, this.paramsKey);
    const names = sourceNames(sources);
    return this.writing(async (db) => {
      const tx = db.transaction(['imports', 'staging'], 'readwrite');
      const imports = tx.objectStore('imports');
      const now = Date.now();
      let journal: ImportJournal | undefined;
      for (const j of await imports.getAll()) {
        if (j.key === key && j.paramsKey === this.paramsKey) journal = j;
        else if (j.key === key || sourceNames(j.sources) === names) {
          void imports.delete(j.key).catch(ignore);
          void tx.objectStore('staging').delete(stagingRange(j.key)).catch(ignore);
        }
      }
      journal = journal
        ? { ...journal, state: 'staging', updatedAt: now }
        : {
            key,
            sources: sources.map(({ name, size, lastModified }) => ({ name, size, lastModified })),
            paramsKey: this.paramsKey,
            state: 'staging',
            chunks: 0,
            articles: 0,
            problems: 0,
            startedAt: now,
            updatedAt: now,
          };
      void imports.put(journal).catch(ignore);
      await tx.done;
      return journal;
    });
  }

  /**
   * Stages chunk number `chunk` of an import: validates and fingerprints the articles and
   * writes them outside the corpus. When the journal already holds this chunk with the same
   * ids and contents (a re-run after an interruption), nothing is fingerprinted again.
   */
  async stageChunk(key: string, chunk: number, articles: readonly Article[], opts: { signal?: AbortSignal } = {}): Promise<{ reused: boolean }> {
    const { signal } = opts;
    signal?.throwIfAborted();
    const incoming = validArticles(articles);
    const contentHashes = incoming.map(contentHashOf);
    const ids = incoming.map((a) => a.id);
    const checksum = chunkChecksum(ids, contentHashes);
    const bands = totalBands(this.params);
    try {
      const db = await this.connection();
      const [journal, head] = await Promise.all([db.get('imports', key), db.get('staging', [key, chunk, 'head'])]);
      if (!journal) throw new StorageError('This import was discarded or finished in another tab; choose the files again.', 'failed');
      if (head?.part === 'head' && head.checksum === checksum && head.bandKeys.length === ids.length * bands) return { reused: true };

      // Articles the corpus already holds unchanged need no fingerprint (see StagedHead).
      const table = await this.summaryTable();
      const needed = incoming.flatMap((a, i) => (table.get(a.id)?.contentHash === contentHashes[i] ? [] : [i]));
      const fingerprints = await this.fingerprintAll(needed.map((i) => incoming[i]!), signal);
      const bandKeys = new Uint32Array(ids.length * bands);
      const wordCounts = new Array<number>(ids.length).fill(0);
      const fingerprinted = new Uint8Array(ids.length);
      needed.forEach((i, k) => {
        bandKeys.set(fingerprints[k]!.bandKeys, i * bands);
        wordCounts[i] = fingerprints[k]!.wordCount;
        fingerprinted[i] = 1;
      });
      const staged: StagedHead = { key, chunk, part: 'head', checksum, ids, contentHashes, wordCounts, bandKeys, fingerprinted };
      // Only what the commit may write is compressed: an article the corpus holds unchanged is
      // staged plain (read only if it changes before the commit), which keeps a re-import of an
      // unchanged export from deflating every text for nothing.
      const compressed = await textsCompressed(needed.map((i) => incoming[i]!), signal);
      const stagedArticles: StagedArticle[] = incoming.map(({ id, title, url, published, text }) => ({ id, title, url, published, text }));
      needed.forEach((i, k) => {
        const { text: _, ...rest } = stagedArticles[i]!;
        stagedArticles[i] = { ...rest, ...compressed[k]!, contentHash: contentHashes[i]! };
      });
      const body: StagedBody = { key, chunk, part: 'body', articles: stagedArticles };
      signal?.throwIfAborted();
      const tx = db.transaction(['imports', 'staging'], 'readwrite');
      const done = tx.done;
      done.catch(ignore);
      const now = await tx.objectStore('imports').get(key);
      if (!now) {
        tx.abort();
        throw new StorageError('This import was discarded or finished in another tab; choose the files again.', 'failed');
      }
      // Chunks may be staged side by side (the options page's import workers) and finish out
      // of order: a chunk counts as new when its head was not there yet.
      const fresh = (await tx.objectStore('staging').getKey([key, chunk, 'head'])) === undefined;
      void tx.objectStore('staging').put(staged).catch(ignore);
      void tx.objectStore('staging').put(body).catch(ignore);
      void tx
        .objectStore('imports')
        .put({ ...now, chunks: Math.max(now.chunks, chunk + 1), articles: now.articles + (fresh ? ids.length : 0), updatedAt: Date.now() })
        .catch(ignore);
      await done;
      return { reused: false };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw stagingError(e);
    }
  }

  /**
   * Every chunk is staged: records the totals and drops chunks a longer earlier run left
   * beyond them. The import then waits for `commitImport` (or `discardImport`).
   */
  async finishStaging(key: string, totals: { chunks: number; articles: number; problems: number }): Promise<ImportJournal> {
    try {
      const db = await this.connection();
      const tx = db.transaction(['imports', 'staging'], 'readwrite');
      const journal = await tx.objectStore('imports').get(key);
      if (!journal) throw new StorageError('This import was discarded or finished in another tab; choose the files again.', 'failed');
      const finished: ImportJournal = { ...journal, ...totals, state: 'staged', updatedAt: Date.now() };
      void tx.objectStore('staging').delete(IDBKeyRange.bound([key, totals.chunks], [key, []])).catch(ignore);
      void tx.objectStore('imports').put(finished).catch(ignore);
      await tx.done;
      return finished;
    } catch (e) {
      throw stagingError(e);
    }
  }

  /**
   * Moves a staged import into the corpus in ONE transaction, together with deleting its
   * journal and staged chunks: the corpus changes all at once or not at all, and a commit
   * interrupted by a closed page leaves the import staged, to be committed again.
   *
   * Planning reads only the chunks' heads (ids, content hashes, band keys) and the summaries
   * already in memory; the texts are read inside the write transaction, one chunk at a time,
   * so no more than one chunk of text is held at once. Another writer committing in between
   * makes the plan stale, and it is redone (MAX_COMMIT_ATTEMPTS), as in `importArticles`.
   */
  async commitImport(key: string, opts: ImportOptions = {}): Promise<ImportSummary> {
    const { signal, onProgress } = opts;
    signal?.throwIfAborted();
    const bands = totalBands(this.params);
    let staged = 0;
    try {
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        this.attempts = attempt;
        const base = await this.current();
        const table = await this.summaryTable();
        const db = await this.connection();
        const journal = await db.get('imports', key);
        staged = journal?.articles ?? 0;
        if (!journal) throw new StorageError('This import was discarded or finished in another tab; nothing more was imported.', 'failed');
        if (journal.state !== 'staged') throw new StorageError('This import has not finished reading its files; choose them again to continue.', 'failed');
        if (table.generation !== base.generation) continue; // the corpus changed while loading: plan again

        // The plan: per chunk, which of its articles change the corpus.
        const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
        const latest = new Map<string, PlannedArticle>();
        /** Changed since staging (unchanged then, so not fingerprinted): fingerprinted now. */
        const unfingerprinted: PlannedArticle[] = [];
        const now = Date.now();
        for (let chunk = 0; chunk < journal.chunks; chunk++) {
          signal?.throwIfAborted();
          const head = await db.get('staging', [key, chunk, 'head']);
          if (head?.part !== 'head') throw new StorageError('Part of this import is missing; choose the files again.', 'failed');
          head.ids.forEach((id, at) => {
            const old = table.get(id);
            const contentHash = head.contentHashes[at]!;
            // A later chunk's copy of an id wins, as in importArticles (the file parser already
            // refuses duplicate ids, so this is only defence).
            if (old && old.contentHash === contentHash) {
              latest.delete(id);
              return;
            }
            const entry = { chunk, at, addedAt: old?.addedAt ?? now, wordCount: head.wordCounts[at] ?? 0, contentHash, bandKeys: head.bandKeys.slice(at * bands, (at + 1) * bands), isNew: !old };
            latest.set(id, entry);
            if (head.fingerprinted?.[at] !== 1) unfingerprinted.push(entry);
          });
          summary.unchanged += head.ids.length;
        }
        await this.fingerprintLate(db, key, unfingerprinted, signal);
        for (const c of latest.values()) {
          summary.unchanged--;
          if (c.isNew) summary.added++;
          else summary.updated++;
        }
        const total = latest.size;
        onProgress?.(0, total);

        if (total === 0) {
          // Nothing to write to the corpus, and no generation to bump: only forget the import.
          await this.discardImport(key);
          onProgress?.(0, 0);
          return summary;
        }

        const byChunk = new Map<number, { at: number; id: string }[]>();
        for (const [id, c] of latest) {
          let list = byChunk.get(c.chunk);
          if (!list) byChunk.set(c.chunk, (list = []));
          list.push({ at: c.at, id });
        }
        const next = base.index.withChanges({ add: [...latest].map(([id, c]) => ({ id, bandKeys: c.bandKeys })) });
        const snapshot = next.toSnapshot();
        const put: StoredSummary[] = [];

        const tx = db.transaction(COMMIT_STORES, 'readwrite');
        const done = tx.done;
        done.catch(ignore);
        const track = (p: Promise<unknown>) => void p.catch(ignore);
        let outcome: 'stale' | 'gone' | number;
        try {
          const generation = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
          const stillThere = await tx.objectStore('imports').get(key);
          if (generation !== base.generation) outcome = 'stale';
          else if (!stillThere || stillThere.state !== 'staged') outcome = 'gone';
          else {
            const articles = tx.objectStore('articles');
            const summaries = tx.objectStore('summaries');
            let written = 0;
            // Each chunk's body is asked for before the previous chunk's puts are issued, so
            // the database reads it while this thread still clones the puts, and writes those
            // while this thread turns the next body into records (requests run in order).
            const order = [...byChunk];
            const bodyAt = (i: number) => {
              if (i >= order.length) return undefined;
              const request = tx.objectStore('staging').get([key, order[i]![0], 'body']);
              track(request);
              return request;
            };
            let nextBody = bodyAt(0);
            for (let i = 0; i < order.length; i++) {
              if (signal?.aborted) break;
              const entries = order[i]![1];
              const body = await nextBody;
              nextBody = bodyAt(i + 1);
              if (body?.part !== 'body') throw new StorageError('Part of this import is missing; choose the files again.', 'failed');
              for (const { at, id } of entries) {
                const a = body.articles[at]!;
                const c = latest.get(id)!;
                const meta = { id: a.id, title: a.title, url: a.url, published: a.published, addedAt: c.addedAt, wordCount: c.wordCount };
                // Plain in staging: unchanged when staged (see stageChunk) or staged before
                // version 4. Compressed here: synchronous, so the transaction stays open, and rare.
                const texts = a.textz ? { textz: a.textz, textCodec: a.textCodec } : compressedText(a.text!);
                const record: StoredArticleRecord = { ...meta, ...texts, contentHash: c.contentHash };
                const s = summaryOf(record, c.contentHash);
                put.push(s);
                track(articles.put(record));
                track(summaries.put(s));
              }
              written += entries.length;
              onProgress?.(written, total);
            }
            if (signal?.aborted) {
              tx.abort();
              await done.catch(ignore);
              signal.throwIfAborted();
            }
            track(tx.objectStore('staging').delete(stagingRange(key)));
            track(tx.objectStore('imports').delete(key));
            writeCommitMarks(tx, track, generation + 1, snapshot);
            outcome = generation + 1;
          }
          if (typeof outcome === 'number') await done;
          else {
            tx.abort();
            await done.catch(ignore);
          }
        } catch (e) {
          // A StorageError of ours (a missing part) says more than the transaction's reason.
          const error = await abortFailed(tx, done, e, (x) => x instanceof StorageError);
          if (signal?.aborted) throw signal.reason;
          throw error;
        }
        if (outcome === 'gone') throw new StorageError('This import was discarded or finished in another tab; nothing more was imported.', 'failed');
        if (outcome === 'stale') continue;
        this.remember({ index: next, generation: outcome });
        this.tableCommitted(base.generation, outcome, { put });
        return summary;
      }
      throw new StorageError(KEPT_CHANGING, 'failed');
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw importError(e, staged);
    }
  }

  /**
   * Articles staged unfingerprinted because the corpus held them unchanged, which changed (or
   * were deleted) before the commit: read their text and fingerprint them now. Rare, so one
   * read transaction per chunk is fine.
   */
  private async fingerprintLate(db: Db, key: string, entries: readonly PlannedArticle[], signal?: AbortSignal): Promise<void> {
    const byChunk = new Map<number, PlannedArticle[]>();
    for (const e of entries) byChunk.set(e.chunk, [...(byChunk.get(e.chunk) ?? []), e]);
    for (const [chunk, list] of byChunk) {
      const body = await db.get('staging', [key, chunk, 'body']);
      if (body?.part !== 'body') throw new StorageError('Part of this import is missing; choose the files again.', 'failed');
      const staged = list.map((e) => body.articles[e.at]!);
      const texts = await textsOf(staged);
      const fingerprints = await this.fingerprintAll(staged.map((a, i) => ({ title: a.title, text: texts[i]! })), signal);
      list.forEach((e, i) => {
        e.bandKeys = fingerprints[i]!.bandKeys;
        e.wordCount = fingerprints[i]!.wordCount;
      });
    }
  }

  /** Forgets an import: its journal and staged chunks. The corpus is not touched. */
  async discardImport(key: string): Promise<void> {
    await this.writing(async (db) => {
      const tx = db.transaction(['imports', 'staging'], 'readwrite');
      void tx.objectStore('imports').delete(key).catch(ignore);
      void tx.objectStore('staging').delete(stagingRange(key)).catch(ignore);
      await tx.done;
    });
  }

  /** Imports started and not committed or discarded: interrupted, or waiting for the reader. */
  async pendingImports(): Promise<ImportJournal[]> {
    return this.reading((db) => db.getAll('imports'));
  }

  // ── the reader's settings and reports ──────────────────────────────────────────────────

  /** The settings, validated and migrated (defaults when none were saved). */
  async getSettings(): Promise<Settings> {
    return this.reading(async (db) => migrateSettings((await db.get('meta', SETTINGS_KEY))?.value));
  }

  /** Saves settings after validating them; returns what was stored. */
  async saveSettings(settings: Settings): Promise<Settings> {
    const valid = migrateSettings(settings);
    await this.writing((db) => db.put('meta', { key: SETTINGS_KEY, value: valid }));
    return valid;
  }

  /**
   * Reads, changes and saves the settings in one transaction, so a change made elsewhere in
   * between (the background muting a site) is not overwritten by a stale copy. Returns what
   * was stored, validated.
   */
  async updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
    return this.writing(async (db) => {
      const tx = db.transaction('meta', 'readwrite');
      const current = migrateSettings((await tx.store.get(SETTINGS_KEY))?.value);
      const valid = migrateSettings(change(current));
      await tx.store.put({ key: SETTINGS_KEY, value: valid });
      await tx.done;
      return valid;
    });
  }

  async reportWrong(url: string, sourceId: string): Promise<void> {
    await this.writing((db) => db.put('feedback', { url, sourceId, reportedAt: Date.now() }));
  }

  /** Sources the reader has said this URL does not derive from. */
  async reportedWrong(url: string): Promise<string[]> {
    return this.reading(async (db) => {
      const records = await db.getAll('feedback', IDBKeyRange.bound([url, ''], [url, '\uffff']));
      return records.map((r) => r.sourceId);
    });
  }

  private async writing<T>(write: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await write(await this.connection());
    } catch (e) {
      if (e instanceof StorageError) throw e;
      if (errorName(e) === 'QuotaExceededError') throw new StorageError('Not enough storage space to save this; free some disk space and try again.', 'quota', { cause: e });
      throw new StorageError(`Could not save (${reasonOf(e)})`, 'failed', { cause: e });
    }
  }

  // ── connection ─────────────────────────────────────────────────────────────────────────

  private connection(): Promise<Db> {
    if (this.closed) return Promise.reject(new StorageError('The corpus is closed.', 'closed'));
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= openDB<WirecheckDB>(this.name, DB_VERSION, {
      upgrade: upgradeSchema,
      // Another context holds an older connection open: nothing of ours to close yet. Its
      // `blocking` handler closes it, and then this open proceeds.
      blocked: ignore,
      blocking: () => this.drop(true),
      terminated: () => this.drop(false),
    }).then(
      (db) => {
        this.opening = null;
        if (this.closed) {
          db.close();
          throw new StorageError('The corpus is closed.', 'closed');
        }
        this.db = db;
        return db;
      },
      (e: unknown) => {
        this.opening = null;
        if (errorName(e) === 'VersionError') {
          throw new StorageError('Your corpus was saved by a newer version of Wirecheck; update the extension to use it.', 'failed', { cause: e });
        }
        throw new StorageError(`Could not open the corpus (${reasonOf(e)})`, 'failed', { cause: e });
      },
    );
    return this.opening;
  }

  /**
   * Another context wants to upgrade (or delete) the database: close, so it is not deadlocked
   * waiting on us, and reopen lazily on the next call. The cached index is dropped because a
   * migration, or a deleted and recreated database, may change data without a generation
   * this connection would recognise.
   */
  private drop(close: boolean): void {
    if (close) this.db?.close();
    this.db = null;
    this.cached = null;
  }

  private async reading<T>(read: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await read(await this.connection());
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError(`Could not read the corpus (${reasonOf(e)})`, 'read', { cause: e });
    }
  }

  // ── index ──────────────────────────────────────────────────────────────────────────────

  private current(): Promise<Loaded> {
    return this.reading(async (db) => {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      if (this.cached && this.cached.generation === generation) {
        this.loadedBy = 'memory';
        return this.cached;
      }
      // Generation and snapshot in one transaction, so the tag is compared with the
      // generation of the same moment.
      const tx = db.transaction(['meta', 'snapshots']);
      const [meta, saved] = await Promise.all([tx.objectStore('meta').get(GENERATION_KEY), tx.objectStore('snapshots').get(SNAPSHOT_KEY)]);
      const now = generationOf(meta);
      let why: string;
      if (!saved) why = 'no saved index';
      else if (saved.generation !== now) why = `saved index is from generation ${saved.generation}, corpus is at ${now}`;
      else {
        try {
          const loaded = { index: CorpusIndex.fromSnapshot(saved.snapshot, this.params), generation: now };
          this.loadedBy = 'snapshot';
          this.rebuildReason = null;
          return this.remember(loaded);
        } catch (e) {
          // SnapshotError, or a TypeError from a record too mangled to inspect: either way
          // the stored band keys are the way back.
          why = reasonOf(e);
        }
      }
      const rebuilt = await this.rebuild(db);
      this.loadedBy = 'rebuilt';
      this.rebuildReason = why;
      return this.remember(rebuilt);
    });
  }

  private remember(loaded: Loaded): Loaded {
    // A slow rebuild must not replace the index of a change committed while it ran.
    if (!this.cached || loaded.generation >= this.cached.generation) this.cached = loaded;
    return loaded;
  }

  /**
   * The index from the articles' texts, when the snapshot cannot be trusted (missing, stale,
   * damaged, or of another index format): every text is read and fingerprinted again, a page
   * at a time, so memory holds one page of texts. Pages are read in separate transactions
   * (fingerprinting between them would let one transaction commit itself), so the generation
   * is read before and after: a change committed meanwhile means reading again.
   */
  private async rebuild(db: Db): Promise<Loaded> {
    for (let attempt = 1; ; attempt++) {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      const entries: IndexEntry[] = [];
      let after: IDBKeyRange | undefined;
      for (;;) {
        const page = await db.getAll('articles', after, LIST_PAGE);
        const texts = await textsOf(page);
        const fingerprints = await this.fingerprintAll(page.map((a, i) => ({ title: a.title, text: texts[i]! })));
        page.forEach((a, i) => entries.push({ id: a.id, bandKeys: fingerprints[i]!.bandKeys }));
        if (page.length < LIST_PAGE) break;
        after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
      }
      if (attempt < MAX_COMMIT_ATTEMPTS && generationOf(await db.get('meta', GENERATION_KEY)) !== generation) continue;
      const index = CorpusIndex.build(this.params, entries);
      await this.saveRebuilt(db, generation, index);
      return { index, generation };
    }
  }

  /**
   * Best effort: the rebuilt index is already usable in memory, so a failure here (quota, a
   * change committed meanwhile) only means the next cold start rebuilds again. No generation
   * bump: a fresh snapshot changes nothing a reader can see.
   */
  private async saveRebuilt(db: Db, generation: number, index: CorpusIndex) {
    const tx = db.transaction(['snapshots', 'meta'], 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    const track = (p: Promise<unknown>) => void p.catch(ignore);
    try {
      if (generationOf(await tx.objectStore('meta').get(GENERATION_KEY)) !== generation) {
        tx.abort();
        return;
      }
      track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot: index.toSnapshot() }));
      await done;
    } catch {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
    }
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────

  /**
   * Runs `write` in one readwrite transaction over every store if the corpus is still at
   * generation `expected`; returns the new generation, or null when another writer got there
   * first (the transaction is aborted, nothing written). `write` must be synchronous: it only
   * issues requests, which `track` keeps from surfacing as unhandled rejections when the
   * transaction aborts; success or failure is read from `tx.done`.
   */
  private async commitIfUnchanged(
    expected: number,
    signal: AbortSignal | undefined,
    write: (tx: CorpusTx, track: (request: Promise<unknown>) => void, generation: number) => void,
  ): Promise<number | null> {
    signal?.throwIfAborted();
    const db = await this.connection();
    const tx = db.transaction(CORPUS_STORES, 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    const track = (p: Promise<unknown>) => void p.catch(ignore);
    let outcome: 'stale' | 'aborted' | number;
    try {
      const now = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
      if (signal?.aborted) outcome = 'aborted';
      else if (now !== expected) outcome = 'stale';
      else {
        write(tx, track, now + 1);
        outcome = now + 1;
      }
      if (typeof outcome === 'number') {
        await done;
        return outcome;
      }
      tx.abort();
    } catch (e) {
      throw await abortFailed(tx, done, e);
    }
    await done.catch(ignore);
    if (outcome === 'aborted') signal!.throwIfAborted();
    return null;
  }

  private async readStored(ids: readonly string[]): Promise<(StoredArticleRecord | undefined)[]> {
    const db = await this.connection();
    const tx = db.transaction('articles');
    return Promise.all(ids.map((id) => tx.store.get(id)));
  }

  private async readStoredKeys(ids: readonly string[]): Promise<(string | undefined)[]> {
    const db = await this.connection();
    const tx = db.transaction('articles');
    return Promise.all(ids.map((id) => tx.store.getKey(id)));
  }

  private async fingerprintAll(
    articles: readonly Pick<Article, 'title' | 'text'>[],
    signal?: AbortSignal,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Fingerprint[]> {
    const total = articles.length;
    const out: Fingerprint[] = [];
    onProgress?.(0, total);
    for (let i = 0; i < total; i++) {
      if (i > 0 && i % FINGERPRINT_BATCH === 0) {
        onProgress?.(i, total);
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
      out.push(fingerprintText(articleFingerprintText(articles[i]!), undefined, this.params));
    }
    if (total > 0) onProgress?.(total, total);
    return out;
  }
}

/**
 * Compresses texts (synchronous deflate, ~0.25 ms a text) a batch at a time, yielding to the
 * event loop and checking the signal between batches.
 */
async function textsCompressed(articles: readonly Pick<Article, 'text'>[], signal?: AbortSignal): Promise<ReturnType<typeof compressedText>[]> {
  const out: ReturnType<typeof compressedText>[] = [];
  for (let from = 0; from < articles.length; from += COMPRESS_BATCH) {
    if (from > 0) await yieldToEventLoop();
    signal?.throwIfAborted();
    for (const a of articles.slice(from, from + COMPRESS_BATCH)) out.push(compressedText(a.text));
  }
  return out;
}

/**
 * Aborts a write transaction whose code failed part-way and gives the error worth throwing.
 * A request that threw synchronously (e.g. DataCloneError) leaves the earlier requests queued:
 * without the abort the transaction would commit them. If the transaction had already ended
 * (the browser aborted it for quota or a disk error), `e` is only the TransactionInactiveError
 * of the next request, and the reason the transaction itself gives is the one worth showing,
 * unless `keep(e)` says `e` is.
 */
async function abortFailed(tx: { abort(): void }, done: Promise<unknown>, e: unknown, keep: (e: unknown) => boolean = () => false): Promise<unknown> {
  let endedFirst = false;
  try {
    tx.abort();
  } catch {
    endedFirst = true;
  }
  const ended = await done.then(() => null, (reason: unknown) => reason);
  return (endedFirst && !keep(e) ? ended : null) ?? e;
}

function yieldToEventLoop(): Promise<void> {
  // scheduler.yield (Chrome 129+) resumes ahead of other queued tasks and escapes the 4 ms
  // clamp that nested setTimeouts get in browsers.
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // In a worker (the options page's import worker, where Firefox has no scheduler.yield) a
  // message to ourselves is not clamped to 4 ms as nested timeouts are.
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function' && typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Checks shape (imports come from files the reader picked) and keeps only Article fields. */
function validArticles(input: readonly Article[]): Article[] {
  if (!Array.isArray(input)) throw new StorageError('Import failed; your corpus is unchanged (expected a list of articles)', 'invalid');
  const byId = new Map<string, Article>();
  input.forEach((a: unknown, i) => {
    const problem = articleProblem(a);
    if (problem) throw new StorageError(`Import failed; your corpus is unchanged (article ${i + 1} ${problem})`, 'invalid');
    const { id, title, url, published, text } = a as Article;
    byId.set(id, { id, title, url, published, text }); // a later duplicate id wins
  });
  return [...byId.values()];
}

function articleProblem(a: unknown): string | null {
  if (!a || typeof a !== 'object') return 'is not an article';
  const r = a as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'has no id';
  for (const field of ['title', 'url', 'published'] as const) {
    if (typeof r[field] !== 'string') return `(${r.id}) has no ${field}`;
  }
  // Empty texts would all share one fingerprint and land in one bucket.
  if (typeof r.text !== 'string' || r.text.trim() === '') return `(${r.id}) has no text`;
  return null;
}

function sourceNames(sources: readonly ImportSource[]): string {
  return sources
    .map((s) => s.name)
    .sort()
    .join('\u0000');
}

function stagingError(e: unknown): StorageError {
  if (e instanceof StorageError && e.kind !== 'read') return e;
  if (e instanceof StorageError) e = e.cause ?? e;
  if (isQuota(e)) {
    return new StorageError('Not enough storage space to stage this import; nothing was imported. Free some disk space or delete articles, then try again.', 'quota', { cause: e });
  }
  return new StorageError(`Import failed; your corpus is unchanged (${reasonOf(e)})`, 'failed', { cause: e });
}

function importError(e: unknown, n: number): StorageError {
  if (e instanceof StorageError && e.kind !== 'read') return e;
  // A read that failed mid-import still means nothing was written: say it in import terms.
  if (e instanceof StorageError) e = e.cause ?? e;
  if (isQuota(e)) {
    return new StorageError(
      `Not enough storage space to import ${n} article${n === 1 ? '' : 's'}; nothing was imported. Free some disk space or delete articles, then try again.`,
      'quota',
      { cause: e },
    );
  }
  return new StorageError(`Import failed; your corpus is unchanged (${reasonOf(e)})`, 'failed', { cause: e });
}

function errorName(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : undefined;
}

function isQuota(e: unknown): boolean {
  // Firefox reported quota as NS_ERROR_DOM_QUOTA_REACHED before it adopted the standard name.
  const name = errorName(e);
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

function reasonOf(e: unknown): string {
  // idb rejects `tx.done` with a bare DOMException('AbortError') when no error was recorded.
  if (errorName(e) === 'AbortError') return 'the database stopped the write';
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' && e.message) return e.message;
  return errorName(e) ?? String(e);
}
