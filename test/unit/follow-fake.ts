// A stand-in for the background's Follow AP and pack subscription handlers, for the options
// and welcome page components in unit tests (no background runs there; the e2e tests use the
// real one). It answers the way src/background/follow-runner.ts describes its replies, and
// records every call, with the browser's permission requests, in one log so a test can see
// their order.
import type { FollowChange, FollowStatus, SubscriptionStatus } from '../../src/messaging/protocol';
import type { FollowApi, SubscriptionsApi } from '../../src/ui/api';
import type { PermissionsApi } from '../../src/ui/options/host-permission';

export const AP_SITEMAP = 'https://apnews.com/sitemap.xml';
const ZERO = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };

/**
 * The browser's permission prompt: answers `grant`, and records what was asked. With `hold`,
 * the prompt stays open until the test calls `answer`.
 */
export class FakePermissions implements PermissionsApi {
  asked: string[][] = [];
  hold = false;
  private open: ((granted: boolean) => void)[] = [];
  constructor(
    private readonly log: string[],
    public grant = true,
  ) {}
  request = (origins: string[]): Promise<boolean> => {
    this.log.push(`request ${origins.join(' ')}`);
    this.asked.push(origins);
    if (this.hold) return new Promise((resolve) => this.open.push(resolve));
    return Promise.resolve(this.grant);
  };
  answer(granted: boolean): void {
    for (const resolve of this.open.splice(0)) resolve(granted);
  }
}

export class FakeFollow implements FollowApi {
  status: FollowStatus = { following: false, sitemapIndex: AP_SITEMAP, permitted: false, counts: { ...ZERO }, running: false };
  changes: FollowChange[] = [];
  gets = 0;
  /** The next followGet rejects with this. */
  failGet?: string;
  constructor(private readonly log: string[]) {}

  /** A follow already on, with some work done. */
  following(over: Partial<FollowStatus> = {}, state: Partial<NonNullable<FollowStatus['state']>> = {}): this {
    this.status = {
      following: true,
      sitemapIndex: state.sitemapIndex ?? AP_SITEMAP,
      permitted: true,
      counts: { queued: 12, added: 340, skipped: 25, failed: 2, evicted: 0, bytes: 150 * 1024 ** 2 },
      running: false,
      state: {
        version: 1,
        sitemapIndex: AP_SITEMAP,
        window: 'month',
        since: Date.UTC(2026, 10, 1),
        paused: false,
        consecutiveFailures: 0,
        sitemaps: {},
        budgetBytes: 1024 ** 3,
        lastRunAt: Date.UTC(2026, 11, 1, 9, 30),
        nextRunAt: Date.UTC(2026, 11, 1, 10, 0),
        ...state,
      },
      ...over,
    };
    return this;
  }

  followGet = async (): Promise<FollowStatus> => {
    this.gets++;
    if (this.failGet) throw new Error(this.failGet);
    return structuredClone(this.status);
  };

  followSet = async (change: FollowChange): Promise<FollowStatus> => {
    this.log.push(`set ${JSON.stringify(change)}`);
    this.changes.push(change);
    const s = this.status;
    const state = s.state ?? { version: 1, sitemapIndex: AP_SITEMAP, window: 'month', since: 0, paused: false, consecutiveFailures: 0, sitemaps: {}, budgetBytes: 1_000_000_000 };
    if (change.following !== undefined) s.following = change.following;
    if (change.following) s.permitted = true;
    if (change.window) state.window = change.window;
    if (change.paused !== undefined) state.paused = change.paused;
    if (change.budgetBytes !== undefined) state.budgetBytes = change.budgetBytes;
    if (change.sitemapIndex) s.sitemapIndex = state.sitemapIndex = change.sitemapIndex;
    if (change.following === false && change.keepStories === false) s.counts = { ...ZERO };
    s.state = state;
    return structuredClone(s);
  };

  followRunNow = async (): Promise<FollowStatus> => {
    this.log.push('run-now');
    if (this.status.state) delete this.status.state.stopped;
    this.status.permitted = true;
    this.status.running = true;
    return structuredClone(this.status);
  };
}

export class FakeSubscriptions implements SubscriptionsApi {
  list_: SubscriptionStatus[] = [];
  /** What a check of a URL does to its record. */
  onCheck: (sub: SubscriptionStatus) => void = (sub) => {
    sub.lastCheckedAt = Date.UTC(2026, 11, 2, 8, 0);
  };
  constructor(private readonly log: string[]) {}

  list = async (): Promise<SubscriptionStatus[]> => structuredClone(this.list_);

  add = async (url: string, sha256?: string): Promise<SubscriptionStatus[]> => {
    this.log.push(`add ${url}${sha256 ? ` ${sha256}` : ''}`);
    this.list_.push({ url, ...(sha256 ? { sha256 } : {}), addedAt: Date.UTC(2026, 11, 2), lastCheckedAt: Date.UTC(2026, 11, 2), lastChangedAt: Date.UTC(2026, 11, 2), articles: 10_000, checking: false, permitted: true });
    return this.list();
  };

  remove = async (url: string): Promise<SubscriptionStatus[]> => {
    this.log.push(`remove ${url}`);
    this.list_ = this.list_.filter((s) => s.url !== url);
    return this.list();
  };

  check = async (url: string): Promise<SubscriptionStatus[]> => {
    this.log.push(`check ${url}`);
    const sub = this.list_.find((s) => s.url === url);
    if (!sub) throw new Error(`not subscribed to ${url}`);
    this.onCheck(sub);
    return this.list();
  };
}
