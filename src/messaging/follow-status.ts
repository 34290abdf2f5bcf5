/**
 * What the background answers the options and welcome pages about Follow AP and pack
 * subscriptions (protocol.ts lists the messages), and the host permission a URL needs.
 */

import type { FollowCounts, FollowProgress, FollowState } from '../core/follow/types';

/** The follow as the options page shows it. */
export interface FollowStatus {
  /** A follow is on (it may still be paused or stopped: see `state`). */
  following: boolean;
  /** The sitemap index followed, or the one a new follow would take (AP's). */
  sitemapIndex: string;
  /** Whether the host permission of `sitemapIndex` is granted (`originPattern(sitemapIndex)`). */
  permitted: boolean;
  /** The follow's record, once one began (robots.txt without its text). */
  state?: FollowStateView;
  counts: FollowCounts;
  /** A run is in progress (here, or in another context whose lease has not run out). */
  running: boolean;
  /** What the run in progress, or the last one, reported last. */
  progress?: FollowProgress;
}
export type FollowStateView = Omit<FollowState, 'robots'> & { robots?: Omit<NonNullable<FollowState['robots']>, 'text'> };

/** A pack subscription as the options page shows it. */
export interface SubscriptionStatus {
  url: string;
  sha256?: string;
  addedAt: number;
  lastCheckedAt?: number;
  /** When a check last changed the corpus (a pack or a delta applied). */
  lastChangedAt?: number;
  /** Articles in the pack last applied. */
  articles?: number;
  /** Why the last check failed, in the reader's words; absent after one that worked. */
  error?: string;
  /** A check of it is running now. */
  checking: boolean;
  /** Whether the host permission of `url` is granted. */
  permitted: boolean;
}

/**
 * The match pattern of a URL's host, as `permissions.request({ origins })` takes it: scheme and
 * host, any port and path (match patterns carry no port).
 */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}
