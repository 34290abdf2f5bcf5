/**
 * The corpus on disk, as the background and the options page use it. Everything that touches
 * IndexedDB lives in this folder; src/core stays free of browser APIs and takes the index and
 * an article loader from here (see core/check.ts `CorpusAccess`).
 */

export { type ImportOptions, type ImportSummary } from './changes';
export { CorpusStore } from './corpus-store';
export { StorageError, type StorageErrorKind } from './errors';
export { IdbFollowStore } from './follow-store';
export { type IndexLoad } from './index-cache';
export { type ArticlePage, type ArticleQuery } from './queries';
export { type StoredArticle, type StoredSummary, contentHashOf, foldText, titleSortKey } from './records';
export {
  DB_NAME,
  DB_VERSION,
  FOLLOW_COUNTS_KEY,
  FOLLOW_STATE_KEY,
  type FollowRecord,
  type ImportJournal,
  type ImportSource,
  type MetaRecord,
  type StoredSnapshot,
  type WirecheckDB,
  upgradeSchema,
} from './schema';
export { STAGE_CHUNK_ARTICLES, importKeyOf } from './staged-import';
export { type SubscriptionRecord, SubscriptionStore } from './subscriptions';
export { type ArticleSummary, SORT_KEYS, type SortDirection, type SortKey, searchTerms } from './summaries';
