// A follow's saved state as the storage tests store it (storage-follow*.test.ts): apnews.com's
// sitemap index, a month's window, running, no failures, a budget of 1 GB; `over` changes any part.
import type { FollowState } from '../../src/core/follow/types';

export function followState(over: Partial<FollowState> = {}): FollowState {
  return {
    version: 1,
    sitemapIndex: 'https://apnews.com/sitemap.xml',
    window: 'month',
    since: 1_700_000_000_000,
    paused: false,
    consecutiveFailures: 0,
    sitemaps: {},
    budgetBytes: 1e9,
    ...over,
  };
}
