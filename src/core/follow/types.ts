/**
 * The words of following a wire service's published stories: what the follower reads
 * (sitemaps, robots.txt, story pages), what it remembers between runs, and what a host
 * (the extension's background, the CLI) hands it. Plain data only, so it crosses message
 * boundaries and IndexedDB unchanged; every fetch, clock and store is passed in, so the same
 * follower runs in a service worker, in Node and in the tests.
 */

import type { Article } from '../types';

/** How far back a new follow reaches. */
export type BackfillWindow = 'week' | 'month' | 'quarter' | 'year';
export const BACKFILL_WINDOWS: readonly BackfillWindow[] = ['week', 'month', 'quarter', 'year'];

/** An entry of a sitemap index: another sitemap. */
export interface SitemapRef {
  loc: string;
  /** ISO 8601, or '' when the sitemap does not say. */
  lastmod: string;
}

/** An entry of a URL set: a page, with its last change. */
export interface SitemapUrl {
  loc: string;
  /** ISO 8601, or '' when the sitemap does not say (a news sitemap's publication date stands in). */
  lastmod: string;
}

export type Sitemap = { kind: 'index'; sitemaps: SitemapRef[] } | { kind: 'urlset'; urls: SitemapUrl[] };

/** What a response looks like to the follower, whoever fetched it. */
export interface FollowResponse {
  /** HTTP status; 0 for a redirect the fetcher may not follow or show (the browser's opaque redirect). */
  status: number;
  /** The URL answered (after redirects the fetcher followed itself, if any). */
  url: string;
  header(name: string): string | null;
  /** The body as text, refused (FollowError 'too-large') past maxBytes without reading the rest. */
  text(maxBytes: number): Promise<string>;
  /**
   * The body as bytes, as sent (no decoding), refused with FollowError('too-large', …) as soon
   * as more than maxBytes arrive, without reading the rest: what pack subscriptions read
   * (core/follow/subscription.ts, up to 1 GiB). Each response's body is read once, by text or
   * by bytes.
   */
  bytes(maxBytes: number): Promise<Uint8Array>;
}

/**
 * A request as the follower makes it. The host's fetch sends no cookies, no referrer and no
 * credentials of any kind, and does not follow redirects to other hosts.
 */
export interface FollowRequest {
  headers: Record<string, string>;
  signal: AbortSignal;
}

export type FollowFetch = (url: string, request: FollowRequest) => Promise<FollowResponse>;

/** What reading a fetched story page gives: a story, or why it is not one. */
export type StoryRead =
  | { kind: 'story'; article: Article; lang?: string }
  | { kind: 'not-story'; reason: NotStoryReason };

export type NotStoryReason = 'hub' | 'live' | 'gallery' | 'video' | 'scores' | 'not-article' | 'too-big' | 'other-host';

/** A page the follower knows of, and what became of it. */
export interface QueueEntry {
  /** The URL the sitemap lists (the key). */
  url: string;
  /** The sitemap's lastmod for it when queued; a later one queues it again. */
  lastmod: string;
  state: 'queued' | 'added' | 'skipped' | 'failed' | 'evicted';
  /** Failed fetches of it so far; it is given up ('failed') after MAX_ATTEMPTS. */
  attempts: number;
  /** Not to be fetched before this time (ms), after a 429 or 5xx. */
  notBefore?: number;
  /** Why it was skipped or failed, in the reader's words. */
  reason?: string;
  /** The corpus id it was stored under (its canonical URL) and what it costs in storage. */
  articleId?: string;
  published?: string;
  bytes?: number;
  settledAt?: number;
}

export interface SitemapSeen {
  lastmod: string;
  etag?: string;
  lastModified?: string;
  readAt: number;
  /** Why it could not be used when last read (malformed, too large, refused); it is read again at the next update. */
  error?: string;
}

/** What a follow remembers between runs (one record). */
export interface FollowState {
  version: 1;
  /** The sitemap index followed (AP's by default). */
  sitemapIndex: string;
  window: BackfillWindow;
  /** Start of the backfill window (ms), fixed when the follow began. */
  since: number;
  paused: boolean;
  /** Set when the follower gave up after repeated failures, or robots.txt forbids it. */
  stopped?: { reason: string; at: number };
  consecutiveFailures: number;
  /** The index and each monthly or news sitemap as last read (conditional requests). */
  sitemaps: Record<string, SitemapSeen>;
  robots?: { text: string; fetchedAt: number; status: number };
  lastRequestAt?: number;
  lastRunAt?: number;
  /** When the sitemaps are next read for new and changed stories. */
  nextRunAt?: number;
  lastError?: string;
  /** Storage budget for followed stories, bytes. */
  budgetBytes: number;
  /** No request to the followed site before this time (ms): a Retry-After, or the back-off after failures. */
  holdUntil?: number;
  /**
   * The sitemaps the index listed within the window when last read in full: what an index
   * answered 304 still lists. Absent until the index is read.
   */
  indexRefs?: SitemapRef[];
  /**
   * Set when the reader turned the follow off (ms): no run starts until it is turned on again,
   * and its queue and stories are kept. Absent while following.
   */
  offSince?: number;
  /**
   * A run in progress in the extension: the context running it and until when (ms), renewed as
   * it goes; another context does not start a run before then. Absent between runs.
   */
  lease?: { owner: string; until: number };
}

export interface FollowCounts {
  queued: number;
  added: number;
  skipped: number;
  failed: number;
  evicted: number;
  /** Bytes of the followed stories kept (sum of entries' `bytes`). */
  bytes: number;
}

/** A story read, to be stored with its entry (FollowStore.addStories). */
export interface StoryToStore {
  article: Article;
  /** The entry as it is to be settled: 'added', its articleId the article's id. */
  entry: QueueEntry;
}

/** Where a follow keeps its state and its stories: IndexedDB in the extension, files in the CLI. */
export interface FollowStore {
  loadState(): Promise<FollowState | undefined>;
  saveState(state: FollowState): Promise<void>;
  /**
   * Queues the URLs not known yet, and known ones whose lastmod is later than the one they were
   * settled with (a changed story); returns how many were queued.
   */
  enqueue(urls: readonly SitemapUrl[]): Promise<number>;
  /**
   * The next queued entry due at `now` (oldest lastmod first is not required) whose URL is not
   * in `held` (the entries the follower holds read, not yet stored), or undefined.
   */
  nextDue(now: number, held?: ReadonlySet<string>): Promise<QueueEntry | undefined>;
  /** The earliest notBefore of queued entries not yet due, if any. */
  nextWake(): Promise<number | undefined>;
  /** Records what became of an entry (skipped, failed, queued again with notBefore). */
  settle(entry: QueueEntry): Promise<void>;
  /**
   * Stores stories as corpus articles (a later version replaces the stored one under the same
   * id) and settles their entries as 'added', all in one change (one corpus commit in the
   * extension), so that a run cut anywhere leaves each article whole or absent and never twice,
   * its entry saying which. Items are taken in order: of two items with one article id, the
   * later's article is stored and its entry carries the bytes. Returns the bytes each item's
   * article takes as stored.
   */
  addStories(items: readonly StoryToStore[]): Promise<number[]>;
  counts(): Promise<FollowCounts>;
  /** Deletes the oldest added stories until the followed stories fit `budgetBytes`; returns how many went. */
  evictOver(budgetBytes: number): Promise<number>;
}

/** What a run reports as it goes (the options page, the CLI's progress line). */
export interface FollowProgress {
  phase: 'robots' | 'sitemaps' | 'stories' | 'waiting' | 'done' | 'stopped' | 'paused';
  /**
   * The follow's totals, counting the stories read and not stored yet (`unsaved`) as added
   * (and not queued); `bytes` is what is stored.
   */
  counts: FollowCounts;
  /** Stories read and held to be stored together (core/follow/follower.ts), when any. */
  unsaved?: number;
  /** The URL being fetched, if any. */
  current?: string;
  /** Until when it waits (Retry-After, back-off, the one-request-a-second pace). */
  waitUntil?: number;
  message?: string;
}

/**
 * A subscribed pack URL and what its last check found (core/follow/subscription.ts checks it;
 * the extension keeps one per URL in the `subscriptions` store).
 */
export interface SubscriptionRecord {
  /** The pack's URL (the key). */
  url: string;
  /** Lowercase hex SHA-256 the pack must have, when the reader pinned one. */
  sha256?: string;
  /** Validators of the last response applied, for If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** The corpus id (core/pack `resultId`) the reader's copy is at after the last applied pack. */
  corpusId?: string;
  lastCheckedAt?: number;
  lastChangedAt?: number;
  /** Articles the last applied pack (or chain of deltas) added or changed. */
  articles?: number;
  /** Why the last check failed, in the reader's words; absent after a check that worked. */
  error?: string;
  addedAt: number;
}
