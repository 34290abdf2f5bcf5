/**
 * The reader's corpus in IndexedDB: articles, their band keys, and the saved LSH index.
 *
 * Every change is all or nothing. An import fingerprints every article first, outside any
 * transaction (fingerprinting is CPU work, and awaiting anything but an IDB request inside a
 * transaction lets it auto-commit half done), builds the new index in memory with
 * `withChanges`, then writes articles, band keys, the new snapshot and a bumped
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
 * from the stored band keys, re-fingerprinting from text only the articles whose keys are
 * missing or were made with other parameters, and the repaired snapshot is saved.
 *
 * Measured (Node 22.23, fake-indexeddb 6.2.8, synthetic articles of ~1,060 words made of seed
 * sentences): fingerprinting costs ~1.35 ms per article and is nearly all of an import
 * (5,000 articles: 6.5 s); with a yield every 50 articles the longest event-loop stall was
 * 92 ms. Loading the index of 5,000 articles took 9 ms from the snapshot, 58 ms rebuilt from
 * stored band keys, 6.3 s rebuilt from text, which is why band keys are kept. Listing 5,000
 * with getAll pages of 256 took 58 ms (one record per cursor step 65 ms, one getAll 51 ms);
 * pages are kept for the bounded memory, not for speed. fake-indexeddb is not a browser's
 * IndexedDB: these ratios, not the absolute numbers, are what carry over.
 */

import { type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { articleFingerprintText } from '../core/corpus/memory';
import { DEFAULT_PARAMS, type Fingerprint, type FingerprintParams, fingerprintText, paramsKey, totalBands } from '../core/fingerprint/minhash';
import { CorpusIndex } from '../core/index/corpus-index';
import { type Settings, migrateSettings } from '../core/settings';
import type { Article } from '../core/types';
import {
  CORPUS_STORES,
  DB_NAME,
  DB_VERSION,
  GENERATION_KEY,
  SETTINGS_KEY,
  SNAPSHOT_KEY,
  type StoredArticle,
  type StoredFingerprint,
  type WirecheckDB,
  generationOf,
  upgradeSchema,
} from './schema';

/** What a listing shows: everything but the text. */
export type ArticleSummary = Omit<StoredArticle, 'text'>;

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

/** Articles fingerprinted between two yields to the event loop. */
const FINGERPRINT_BATCH = 50;
/** Commit attempts before an import or delete gives up on a corpus that keeps changing. */
const MAX_COMMIT_ATTEMPTS = 5;
/** Records per getAll page when listing: bounds how many texts are held at once. */
const LIST_PAGE = 256;

type Db = IDBPDatabase<WirecheckDB>;
type CorpusTx = IDBPTransaction<WirecheckDB, typeof CORPUS_STORES, 'readwrite'>;

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
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        this.attempts = attempt;
        if (attempt > 1) base = await this.current();
        const stored = await this.readStored(incoming.map((a) => a.id));
        const now = Date.now();
        const changed: { record: StoredArticle; fingerprint: StoredFingerprint }[] = [];
        summary.added = summary.updated = summary.unchanged = 0;
        incoming.forEach((a, i) => {
          const old = stored[i];
          if (old && sameContent(old, a)) {
            summary.unchanged++;
            return;
          }
          if (old) summary.updated++;
          else summary.added++;
          const fp = fingerprints[i]!;
          changed.push({
            record: { ...a, addedAt: old?.addedAt ?? now, wordCount: fp.wordCount },
            fingerprint: { id: a.id, paramsKey: this.paramsKey, bandKeys: fp.bandKeys },
          });
        });
        if (changed.length === 0) return summary; // nothing to write, and no generation to bump
        const next = base.index.withChanges({ add: changed.map((c) => c.fingerprint) });
        const snapshot = next.toSnapshot();
        const committed = await this.commitIfUnchanged(base.generation, signal, (tx, track, generation) => {
          const articleStore = tx.objectStore('articles');
          const fingerprintStore = tx.objectStore('fingerprints');
          for (const c of changed) {
            track(articleStore.put(c.record));
            track(fingerprintStore.put(c.fingerprint));
          }
          track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot }));
          track(tx.objectStore('meta').put({ key: GENERATION_KEY, value: generation }));
        });
        if (committed !== null) {
          this.remember({ index: next, generation: committed });
          return summary;
        }
      }
      throw new StorageError('Import failed; your corpus is unchanged (other changes to the corpus kept arriving; try again)', 'failed');
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw importError(e, incoming.length);
    }
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
            track(tx.objectStore('fingerprints').delete(id));
          }
          track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot }));
          track(tx.objectStore('meta').put({ key: GENERATION_KEY, value: generation }));
        });
        if (committed !== null) {
          this.remember({ index: next, generation: committed });
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

  /** Every article without its text, by title (then id). */
  async listArticles(): Promise<ArticleSummary[]> {
    return this.reading(async (db) => {
      const tx = db.transaction('articles');
      const out: ArticleSummary[] = [];
      let after: IDBKeyRange | undefined;
      for (;;) {
        // Pages of getAll rather than a cursor: one round trip per page instead of per record,
        // and unlike a single getAll only one page of texts is alive at a time.
        const page = await tx.store.getAll(after, LIST_PAGE);
        for (const { text: _text, ...summary } of page) out.push(summary);
        if (page.length < LIST_PAGE) break;
        after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
      }
      // The by-title index orders by UTF-16 code units ("Zebra" before "apple"); a reader's
      // list should not.
      return out.sort((a, b) => titleOrder.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    });
  }

  /** The articles with these ids, in the order asked; ids not in the corpus are left out. */
  async getArticles(ids: readonly string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    return this.reading(async (db) => {
      const tx = db.transaction('articles');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      return found.flatMap((s) => (s ? [{ id: s.id, title: s.title, url: s.url, published: s.published, text: s.text }] : []));
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

  private async rebuild(db: Db): Promise<Loaded> {
    const bands = totalBands(this.params);
    // Everything read in one transaction: the index reflects exactly one generation.
    const tx = db.transaction(['articles', 'fingerprints', 'meta']);
    const [meta, stored, ids] = await Promise.all([
      tx.objectStore('meta').get(GENERATION_KEY),
      tx.objectStore('fingerprints').getAll(),
      tx.objectStore('articles').getAllKeys(),
    ]);
    const generation = generationOf(meta);
    const keys = new Map<string, Uint32Array>();
    for (const f of stored) {
      if (f.paramsKey === this.paramsKey && f.bandKeys instanceof Uint32Array && f.bandKeys.length === bands) keys.set(f.id, f.bandKeys);
    }
    const missing = ids.filter((id) => !keys.has(id));
    const texts = await Promise.all(missing.map((id) => tx.objectStore('articles').get(id)));
    const live = new Set(ids);
    const orphans = stored.filter((f) => !live.has(f.id)).map((f) => f.id);

    const repaired: StoredFingerprint[] = [];
    const articles = texts.filter((a): a is StoredArticle => a !== undefined);
    const fingerprints = await this.fingerprintAll(articles);
    articles.forEach((a, i) => {
      const bandKeys = fingerprints[i]!.bandKeys;
      keys.set(a.id, bandKeys);
      repaired.push({ id: a.id, paramsKey: this.paramsKey, bandKeys });
    });
    const index = CorpusIndex.build(
      this.params,
      ids.flatMap((id) => {
        const bandKeys = keys.get(id);
        return bandKeys ? [{ id, bandKeys }] : [];
      }),
    );
    await this.saveRebuilt(db, generation, index, repaired, orphans);
    return { index, generation };
  }

  /**
   * Best effort: the rebuilt index is already usable in memory, so a failure here (quota, a
   * change committed meanwhile) only means the next cold start rebuilds again. No generation
   * bump: repaired band keys and a fresh snapshot change nothing a reader can see.
   */
  private async saveRebuilt(db: Db, generation: number, index: CorpusIndex, repaired: StoredFingerprint[], orphans: string[]) {
    const tx = db.transaction(['fingerprints', 'snapshots', 'meta'], 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    const track = (p: Promise<unknown>) => void p.catch(ignore);
    try {
      if (generationOf(await tx.objectStore('meta').get(GENERATION_KEY)) !== generation) {
        tx.abort();
        return;
      }
      const fingerprints = tx.objectStore('fingerprints');
      for (const f of repaired) track(fingerprints.put(f));
      for (const id of orphans) track(fingerprints.delete(id));
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
      // A request that threw synchronously (e.g. DataCloneError) leaves the earlier requests
      // queued: without this abort the transaction would commit them.
      let endedFirst = false;
      try {
        tx.abort();
      } catch {
        endedFirst = true;
      }
      const ended = await done.then(() => null, (reason: unknown) => reason);
      // If the transaction had already ended (the browser aborted it for quota or a disk
      // error), `e` is only the TransactionInactiveError of the next request; the reason the
      // transaction itself gives is the one worth showing.
      throw (endedFirst ? ended : null) ?? e;
    }
    await done.catch(ignore);
    if (outcome === 'aborted') signal!.throwIfAborted();
    return null;
  }

  private async readStored(ids: readonly string[]): Promise<(StoredArticle | undefined)[]> {
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

function yieldToEventLoop(): Promise<void> {
  // scheduler.yield (Chrome 129+) resumes ahead of other queued tasks and escapes the 4 ms
  // clamp that nested setTimeouts get in browsers.
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
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

function sameContent(a: Article, b: Article): boolean {
  return a.title === b.title && a.url === b.url && a.published === b.published && a.text === b.text;
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
