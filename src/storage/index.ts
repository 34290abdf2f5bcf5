/**
 * The corpus on disk, as the background and the options page use it. Everything that touches
 * IndexedDB lives in this folder; src/core stays free of browser APIs and takes the index and
 * an article loader from here (see core/check.ts `CorpusAccess`).
 */

export {
  type ArticlePage,
  type ArticleQuery,
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
  type ImportJournal,
  type ImportSource,
  type MetaRecord,
  type StoredArticle,
  type StoredSnapshot,
  type StoredSummary,
  type WirecheckDB,
  upgradeSchema,
} from './schema';
export { STAGE_CHUNK_ARTICLES, importKeyOf } from './staged-import';
export { SORT_KEYS, type SortDirection, type SortKey, contentHashOf, foldText, searchTerms, titleSortKey } from './summaries';
