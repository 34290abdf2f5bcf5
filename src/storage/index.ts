/**
 * The corpus on disk, as the background and the options page use it. Everything that touches
 * IndexedDB lives in this folder; src/core stays free of browser APIs and takes the index and
 * an article loader from here (see core/check.ts `CorpusAccess`).
 */

export {
  type ArticleSummary,
  CorpusStore,
  type ImportOptions,
  type ImportSummary,
  type IndexLoad,
  StorageError,
  type StorageErrorKind,
} from './corpus-store';
export {
  DB_NAME,
  DB_VERSION,
  type MetaRecord,
  type StoredArticle,
  type StoredFingerprint,
  type StoredSnapshot,
  type WirecheckDB,
  upgradeSchema,
} from './schema';
