/**
 * The IndexedDB schema of the reader's corpus, written once as a type (idb's `DBSchema`) so
 * every transaction in this folder is checked against it. The records of the corpus stores
 * and the summary derived from an article are in records.ts.
 *
 * `articles` holds the AP originals with their text, and is the only source of truth.
 * Versions 1–4 also kept each article's LSH band keys in `fingerprints`, so the index could be
 * rebuilt without re-fingerprinting every text; version 5 drops that store, because the
 * snapshot holds the same keys (see the version 5 step below). `snapshots` holds the whole index as
 * one record (uBlock Origin's saved filter index): three flat Uint32Arrays that structured
 * clone as raw bytes, tagged with the `generation` it reflects. `meta.generation` is bumped by
 * every committed change to the corpus, in the same transaction as the change, so a snapshot
 * whose tag differs is stale and an in-flight import can tell that another context (options
 * page vs service worker) wrote in between.
 *
 * Version 3 adds what a corpus of 100,000 articles needs (see summaries.ts and
 * staged-import.ts). `summaries` holds every article without its text, written in the same
 * transactions as `articles`, with one index per sort order of the options page's table, so a
 * page of the table is a cursor over a small record and never reads a text. `imports` (one
 * journal per import in progress) and `staging` (parsed, fingerprinted chunks of it) let a big
 * import be written in pieces outside the corpus and then committed in one transaction; an
 * import cut short by a closed page resumes from its journal instead of starting over.
 *
 * Version 6 adds what following a wire service needs (follow-store.ts, subscriptions.ts):
 * `follow` holds one record per story page the follower knows of (a QueueEntry, keyed by its
 * URL), `subscriptions` one per subscribed pack URL; the follow's state and its running
 * totals are two `meta` records. A followed story itself is an ordinary article of the corpus.
 *
 * Migrations are cumulative steps `if (runs(n))` (the database is older than n, and opened at
 * n or later), never edited once shipped: a browser that skipped versions runs every step it
 * missed, in order, and a database opened at an older version (the tests' copies of earlier
 * releases) gets exactly that version's stores.
 */

import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { DEFAULT_PARAMS, paramsKey, totalBands } from '../core/fingerprint/minhash';
import { CorpusIndex, type IndexSnapshot } from '../core/index/corpus-index';
import type { QueueEntry, SubscriptionRecord } from '../core/follow/types';
import type { ShardDirectory, ShardRecord, StoredDocId } from '../core/index/shards';
import { type IndexTx, writeWholeIndex } from './index-shards';
import type { Article } from '../core/types';
import { type StoredArticleRecord, type StoredSummary, summaryOf } from './records';
import type { StoredText } from './text-codec';

export const DB_NAME = 'wirecheck';
export const DB_VERSION = 8;

/** The key of the one index snapshot in `snapshots`. */
export const SNAPSHOT_KEY = 'corpus-index';
/** The key of the change counter in `meta`. */
export const GENERATION_KEY = 'generation';
/**
 * The generation `summaries` was last written for, in `meta`: every commit that bumps the
 * generation writes it in the same transaction. Anything else (a writer that does not know
 * about summaries) leaves it behind, and the summaries are rebuilt from the articles. One
 * read, where counting both stores would read every text in Chromium (measured: the first
 * page of a fresh options page took 1.6 s at 100,000 articles with the counts).
 */
export const SUMMARIES_KEY = 'summaries-generation';

/**
 * A record of the `fingerprints` store of versions 1–4 (dropped in version 5): each article's
 * band keys again, which the index snapshot already holds. Read once, by the upgrade.
 */
interface LegacyFingerprint {
  id: string;
  /** `paramsKey(params)` of the parameters the band keys were made with. */
  paramsKey: string;
  bandKeys: Uint32Array;
}

export interface StoredSnapshot {
  key: string;
  /** The `meta.generation` the index reflects; any other value makes it stale. */
  generation: number;
  /** The sharded index's directory (version 7 on). */
  directory?: ShardDirectory;
  /** The whole index as one value (versions 5–6), read once by the version 7 upgrade. */
  snapshot?: IndexSnapshot;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

/** "This looks wrong": the reader says this page does not derive from this source. */
export interface FeedbackRecord {
  url: string;
  sourceId: string;
  reportedAt: number;
}

export const SETTINGS_KEY = 'settings';

/**
 * In `meta`: 'plain' while records written before version 5 may still hold plain text or
 * text compressed without the current dictionary (CorpusStore.compressStoredTexts rewrites
 * them, then sets 'compressed'). Absent means compressed: a database created at version 5
 * never held either.
 */
export const TEXTS_KEY = 'texts';

/** An import in progress: enough to resume it from the same files, or to discard it. */
export interface ImportJournal {
  /** `importKeyOf(sources, paramsKey)`: the same files with the same parameters, the same key. */
  key: string;
  sources: ImportSource[];
  /** Staged band keys are only valid for the parameters they were made with. */
  paramsKey: string;
  /** staging: files still being read; staged: all read, waiting to be committed (or discarded). */
  state: 'staging' | 'staged';
  /** Chunks 0…chunks-1 are in `staging`. */
  chunks: number;
  articles: number;
  /** Lines or files that could not be read (known once staged). */
  problems: number;
  startedAt: number;
  updatedAt: number;
}

/** A file as an import journal remembers it: a File's name, size and modification time. */
export interface ImportSource {
  name: string;
  size: number;
  lastModified: number;
}

/** What a staged chunk's articles need besides their text, kept apart so a commit can plan without reading texts. */
export interface StagedHead {
  key: string;
  chunk: number;
  part: 'head';
  /** Over ids and content hashes: a re-run whose chunk has the same checksum reuses it. */
  checksum: string;
  ids: string[];
  contentHashes: string[];
  wordCounts: number[];
  /** ids.length × totalBands band keys, one article after another. */
  bandKeys: Uint32Array;
  /**
   * 1 where the article was fingerprinted. Articles already in the corpus with the same
   * content are not (re-importing an unchanged export costs no fingerprinting); should one
   * of them change before the commit, the commit fingerprints it then.
   */
  fingerprinted: Uint8Array;
}

export interface StagedBody {
  key: string;
  chunk: number;
  part: 'body';
  /** Texts compressed since version 4 (`textz` and `contentHash`); plain in chunks staged before. */
  articles: StagedArticle[];
}

export type StagedArticle = Omit<Article, 'text'> & { contentHash?: string } & StoredText;

export type StagedRecord = StagedHead | StagedBody;

/** The follow's state (core/follow/types.ts FollowState), in `meta`. */
export const FOLLOW_STATE_KEY = 'follow-state';
/**
 * The follow's running totals (FollowCounts), in `meta`: written in the same transaction as
 * every change to `follow`, so reading them is one get however many entries there are.
 */
export const FOLLOW_COUNTS_KEY = 'follow-counts';

/**
 * A QueueEntry as `follow` holds it. `due` exists only on queued entries (`notBefore`, or 0
 * when none), so the `by-due` index holds exactly the queued entries, in the order they fall
 * due. `published` and `bytes` exist only while the entry's story is stored and counted
 * against the budget, so the `by-published` index holds exactly the stories eviction may
 * delete, oldest first. Readers get the entry without `due` (follow-records.ts).
 */
export type FollowRecord = QueueEntry & { due?: number };

export interface WirecheckDB extends DBSchema {
  articles: {
    key: string;
    value: StoredArticleRecord;
  };
  snapshots: {
    key: string;
    value: StoredSnapshot;
  };
  meta: {
    key: string;
    value: MetaRecord;
  };
  feedback: {
    key: [string, string];
    value: FeedbackRecord;
  };
  summaries: {
    key: string;
    value: StoredSummary;
    indexes: { 'by-title-key': string; 'by-published': string; 'by-added': number; 'by-words': number };
  };
  imports: {
    key: string;
    value: ImportJournal;
  };
  staging: {
    key: [string, number, string];
    value: StagedRecord;
  };
  follow: {
    key: string;
    value: FollowRecord;
    indexes: { 'by-state': string; 'by-due': number; 'by-published': string; 'by-article': string };
  };
  subscriptions: {
    key: string;
    value: SubscriptionRecord;
  };
  indexShards: {
    key: number;
    value: ShardRecord;
  };
  indexIds: {
    key: number;
    value: StoredDocId;
    indexes: { 'by-id': string };
  };
}

export type WirecheckStore = StoreNames<WirecheckDB>;

/** The stores a corpus change writes: all of them, in one transaction. */
export const CORPUS_STORES = ['articles', 'summaries', 'snapshots', 'meta', 'indexShards', 'indexIds'] as const satisfies readonly WirecheckStore[];

/** A staged import's commit: the corpus plus its journal and staged chunks, in one transaction. */
export const COMMIT_STORES = [...CORPUS_STORES, 'imports', 'staging'] as const satisfies readonly WirecheckStore[];

/** A follow's change that stores or deletes stories: the corpus plus the queue, in one transaction. */
export const FOLLOW_COMMIT_STORES = [...CORPUS_STORES, 'follow'] as const satisfies readonly WirecheckStore[];

/** The indexes of `follow` (FollowRecord says which entries each holds). */
export const FOLLOW_INDEX = {
  state: 'by-state',
  due: 'by-due',
  published: 'by-published',
  article: 'by-article',
} as const;

/** The index of `summaries` behind each sort order. */
export const SUMMARY_INDEX = {
  title: 'by-title-key',
  published: 'by-published',
  added: 'by-added',
  words: 'by-words',
} as const;

/** Runs every migration step the database has not seen yet (idb's `upgrade` callback). */
export function upgradeSchema(
  db: IDBPDatabase<WirecheckDB>,
  oldVersion: number,
  newVersion: number | null,
  tx: IDBPTransaction<WirecheckDB, WirecheckStore[], 'versionchange'>,
): void {
  const runs = (step: number) => oldVersion < step && step <= (newVersion ?? DB_VERSION);
  /** An asynchronous step a later one must follow (the snapshot version 5 builds, version 7 cuts). */
  let migrated: Promise<void> = Promise.resolve();
  if (runs(1)) {
    // The articles' two indexes of versions 1–7 (dropped in version 8).
    const articles = db.createObjectStore('articles', { keyPath: 'id' }) as unknown as IDBObjectStore;
    articles.createIndex('by-title', 'title');
    articles.createIndex('by-addedAt', 'addedAt');
    // Versions 1–4 kept each article's band keys in 'fingerprints' (dropped in version 5).
    (db as unknown as IDBPDatabase).createObjectStore('fingerprints', { keyPath: 'id' });
    db.createObjectStore('snapshots', { keyPath: 'key' });
    db.createObjectStore('meta', { keyPath: 'key' });
    // No generation record yet: a missing one reads as 0 (generationOf), so there is
    // nothing here that a half-finished upgrade could leave inconsistent.
  }
  if (runs(2)) {
    // Version 2: the reader's reports of wrong matches, keyed by page URL and source.
    db.createObjectStore('feedback', { keyPath: ['url', 'sourceId'] });
  }
  if (runs(3)) {
    // Version 3: summaries for the table, and the staged-import journal.
    const summaries = db.createObjectStore('summaries', { keyPath: 'id' });
    summaries.createIndex(SUMMARY_INDEX.title, 'titleKey');
    summaries.createIndex(SUMMARY_INDEX.published, 'published');
    summaries.createIndex(SUMMARY_INDEX.added, 'addedAt');
    summaries.createIndex(SUMMARY_INDEX.words, 'wordCount');
    db.createObjectStore('imports', { keyPath: 'key' });
    db.createObjectStore('staging', { keyPath: ['key', 'chunk', 'part'] });
    // Corpora from version 2 get their summaries here, inside the upgrade transaction, so
    // the database never exists at version 3 without them. One cursor step per article, each
    // text read once (corpora of that version were small: the import held them in memory).
    if (oldVersion >= 1) void fillSummaries(tx);
    else void tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: 0 }).catch(() => undefined); // nothing to summarise yet
  }
  if (runs(4)) {
    // Version 4: texts are stored compressed (text-codec.ts). Compressing is asynchronous and
    // cannot run inside this upgrade transaction, so old records stay plain, every reader
    // reads both, and CorpusStore.compressStoredTexts rewrites them later.
    if (oldVersion >= 1) void tx.objectStore('meta').put({ key: TEXTS_KEY, value: 'plain' }).catch(() => undefined);
  }
  if (runs(5)) {
    // Version 5: no more `fingerprints` store. Every article's band keys are in the index
    // snapshot already (format 2's `entries()` recovers them exactly), so keeping them again
    // cost 512 B an article for nothing. A corpus whose snapshot cannot be used (stale, or of
    // an older index format) gets one built here from the stored band keys, while they exist;
    // otherwise the next load re-fingerprints it from text.
    if (oldVersion >= 1 && db.objectStoreNames.contains('fingerprints' as never)) migrated = dropFingerprints(db, tx);
    // Also since version 5, texts are deflated with a preset dictionary (core/pack/deflate.ts),
    // synchronously: version 4's CompressionStream records still read, and are rewritten by
    // CorpusStore.compressStoredTexts, as plain ones are.
    if (oldVersion >= 1) void tx.objectStore('meta').put({ key: TEXTS_KEY, value: 'plain' }).catch(() => undefined);
    else if (db.objectStoreNames.contains('fingerprints' as never)) (db as unknown as IDBPDatabase).deleteObjectStore('fingerprints');
  }
  if (runs(6)) {
    // Version 6: the follow's queue and pack subscriptions, new and empty; nothing else changes.
    const follow = db.createObjectStore('follow', { keyPath: 'url' });
    follow.createIndex(FOLLOW_INDEX.state, 'state');
    follow.createIndex(FOLLOW_INDEX.due, 'due');
    follow.createIndex(FOLLOW_INDEX.published, 'published');
    follow.createIndex(FOLLOW_INDEX.article, 'articleId');
    db.createObjectStore('subscriptions', { keyPath: 'url' });
  }
  if (runs(7)) {
    // Version 7: the index in shards (index-shards.ts). A usable snapshot of version 5–6 is
    // cut into shards here, inside the upgrade; otherwise the first load rebuilds from texts.
    db.createObjectStore('indexShards', { keyPath: 'key' });
    db.createObjectStore('indexIds', { keyPath: 'doc' }).createIndex('by-id', 'id', { unique: true });
    if (oldVersion >= 1) void migrated.then(() => shardSnapshot(tx));
  }
  if (runs(8)) {
    // Version 8: the articles' `by-title` and `by-addedAt` indexes go; the table sorts and
    // searches by the summaries' indexes, and nothing read these. They cost each article two
    // index entries (its title and its id again) on every write.
    const articles = tx.objectStore('articles') as unknown as IDBObjectStore;
    for (const name of ['by-title', 'by-addedAt']) if (articles.indexNames.contains(name)) articles.deleteIndex(name);
  }
  // Later versions: `if (runs(9)) { ... }` here, below the steps before them.
}

async function dropFingerprints(db: IDBPDatabase<WirecheckDB>, tx: IDBPTransaction<WirecheckDB, WirecheckStore[], 'versionchange'>): Promise<void> {
  const legacy = (tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>).objectStore('fingerprints');
  const [meta, saved, stored, ids] = await Promise.all([
    tx.objectStore('meta').get(GENERATION_KEY),
    tx.objectStore('snapshots').get(SNAPSHOT_KEY),
    legacy.getAll() as Promise<LegacyFingerprint[]>,
    tx.objectStore('articles').getAllKeys(),
  ]);
  const generation = generationOf(meta);
  if (!snapshotUsable(saved, generation)) {
    const bands = totalBands(DEFAULT_PARAMS);
    const key = paramsKey(DEFAULT_PARAMS);
    const keys = new Map<string, Uint32Array>();
    for (const f of stored) if (f.paramsKey === key && f.bandKeys instanceof Uint32Array && f.bandKeys.length === bands) keys.set(f.id, f.bandKeys);
    if (ids.every((id) => keys.has(id))) {
      const snapshot = CorpusIndex.build(DEFAULT_PARAMS, ids.map((id) => ({ id, bandKeys: keys.get(id)! }))).toSnapshot();
      void tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot }).catch(() => undefined);
    }
  }
  (db as unknown as IDBPDatabase).deleteObjectStore('fingerprints');
}

async function shardSnapshot(tx: IDBPTransaction<WirecheckDB, WirecheckStore[], 'versionchange'>): Promise<void> {
  const [meta, saved] = await Promise.all([tx.objectStore('meta').get(GENERATION_KEY), tx.objectStore('snapshots').get(SNAPSHOT_KEY)]);
  const generation = generationOf(meta);
  if (!saved) return;
  if (saved.snapshot && snapshotUsable(saved, generation)) {
    const directory = await writeWholeIndex(tx as unknown as IndexTx, CorpusIndex.fromSnapshot(saved.snapshot, DEFAULT_PARAMS), 0);
    void tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, directory }).catch(() => undefined);
  } else {
    void tx.objectStore('snapshots').delete(SNAPSHOT_KEY).catch(() => undefined);
  }
}

function snapshotUsable(saved: StoredSnapshot | undefined, generation: number): boolean {
  if (!saved?.snapshot || saved.generation !== generation) return false;
  try {
    CorpusIndex.fromSnapshot(saved.snapshot, DEFAULT_PARAMS);
    return true;
  } catch {
    return false;
  }
}

async function fillSummaries(tx: IDBPTransaction<WirecheckDB, WirecheckStore[], 'versionchange'>): Promise<void> {
  const summaries = tx.objectStore('summaries');
  // A failed put aborts the upgrade (and so the open): nothing is half migrated.
  for (let cursor = await tx.objectStore('articles').openCursor(); cursor; cursor = await cursor.continue()) {
    void summaries.put(summaryOf(cursor.value)).catch(() => undefined);
  }
  const generation = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
  void tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: generation }).catch(() => undefined);
}

/** The generation a `meta` record holds; anything malformed counts as 0. */
export function generationOf(record: MetaRecord | undefined): number {
  const v = record?.value;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}
