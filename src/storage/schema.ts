/**
 * The IndexedDB schema of the reader's corpus, written once as a type (idb's `DBSchema`) so
 * every transaction in corpus-store.ts is checked against it.
 *
 * Four stores. `articles` holds the AP originals with their text, and is the only source of
 * truth. `fingerprints` keeps each article's LSH band keys with the parameters they were made
 * with, so the index can be rebuilt without re-reading and re-fingerprinting every text (the
 * costly part: see corpus-store.ts for what was measured); a record whose `paramsKey` differs
 * from the current parameters is re-made from `articles`. `snapshots` holds the whole index as
 * one record (uBlock Origin's saved filter index): three flat Uint32Arrays that structured
 * clone as raw bytes, tagged with the `generation` it reflects. `meta.generation` is bumped by
 * every committed change to the corpus, in the same transaction as the change, so a snapshot
 * whose tag differs is stale and an in-flight import can tell that another context (options
 * page vs service worker) wrote in between.
 *
 * Migrations are cumulative `if (oldVersion < n)` steps, never edited once shipped: a browser
 * that skipped versions runs every step it missed, in order. Settings and per-URL feedback
 * will arrive as later steps with their own stores.
 */

import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { IndexSnapshot } from '../core/index/corpus-index';
import type { Article } from '../core/types';

export const DB_NAME = 'wirecheck';
export const DB_VERSION = 2;

/** The key of the one index snapshot in `snapshots`. */
export const SNAPSHOT_KEY = 'corpus-index';
/** The key of the change counter in `meta`. */
export const GENERATION_KEY = 'generation';

export type StoredArticle = Article & {
  /** Epoch milliseconds when the article first entered the corpus (kept across updates). */
  addedAt: number;
  /** Words in the fingerprinted text (headline and body), for listings. */
  wordCount: number;
};

export interface StoredFingerprint {
  id: string;
  /** `paramsKey(params)` of the parameters the band keys were made with. */
  paramsKey: string;
  bandKeys: Uint32Array;
}

export interface StoredSnapshot {
  key: string;
  /** The `meta.generation` the snapshot reflects; any other value makes it stale. */
  generation: number;
  snapshot: IndexSnapshot;
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

export interface WirecheckDB extends DBSchema {
  articles: {
    key: string;
    value: StoredArticle;
    indexes: { 'by-title': string; 'by-addedAt': number };
  };
  fingerprints: {
    key: string;
    value: StoredFingerprint;
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
}

export type WirecheckStore = StoreNames<WirecheckDB>;

/** The stores a corpus change writes: all of them, in one transaction. */
export const CORPUS_STORES = ['articles', 'fingerprints', 'snapshots', 'meta'] as const satisfies readonly WirecheckStore[];

/** Runs every migration step the database has not seen yet (idb's `upgrade` callback). */
export function upgradeSchema(
  db: IDBPDatabase<WirecheckDB>,
  oldVersion: number,
  _newVersion: number | null,
  // Unused by step 1; later steps that move data between stores need it.
  _tx: IDBPTransaction<WirecheckDB, WirecheckStore[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const articles = db.createObjectStore('articles', { keyPath: 'id' });
    articles.createIndex('by-title', 'title');
    articles.createIndex('by-addedAt', 'addedAt');
    db.createObjectStore('fingerprints', { keyPath: 'id' });
    db.createObjectStore('snapshots', { keyPath: 'key' });
    db.createObjectStore('meta', { keyPath: 'key' });
    // No generation record yet: a missing one reads as 0 (generationOf), so there is
    // nothing here that a half-finished upgrade could leave inconsistent.
  }
  if (oldVersion < 2) {
    // Version 2: the reader's reports of wrong matches, keyed by page URL and source.
    db.createObjectStore('feedback', { keyPath: ['url', 'sourceId'] });
  }
  // Later versions: `if (oldVersion < 3) { ... }` here, below the steps before them.
}

/** The generation a `meta` record holds; anything malformed counts as 0. */
export function generationOf(record: MetaRecord | undefined): number {
  const v = record?.value;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}
