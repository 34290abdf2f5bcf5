/**
 * The per-site record in the background: a visit recorded after each verdict on an article
 * page, and the record's messages (`ui:site-for-tab`, `ui:sites-list`, `ui:site-detail`,
 * `ui:sites-clear`, `ui:sites-export`).
 *
 * Recording never holds up or breaks a verdict: `record` only queues the write and returns,
 * and a write that fails (a full disk) is logged and changes nothing. The writes run one at a
 * time, and every answer waits for those queued before it, so a popup opened on a verdict
 * already counts that page. Nothing is recorded when the reader turned the record off, for a
 * page in a private window, or for anything that is not an http(s) page.
 *
 * The visit (core/sites/visit.ts) names its site by the page's canonical URL when that is on
 * the page's own site, and whether the page credits AP, read from the article text and byline
 * the background read; no page text is kept.
 */

import { type Settings } from '../core/settings';
import { siteOf } from '../core/sites/site';
import { summarize, weeklyPeriods } from '../core/sites/summary';
import { visitFor } from '../core/sites/visit';
import type { MatchResult } from '../core/types';
import type { TabState } from '../messaging/protocol';
import type { SiteDetail, SiteForTab, SitesList, SitesUiMessage } from '../messaging/sites';
import { DETAIL_VISITS, SitesStore } from '../storage/sites-store';

/** What the background read of a page besides its text: kept per page, for its visit. */
export interface PageSiteInfo {
  canonicalUrl?: string;
  byline?: string | null;
}

/** The article page a verdict was given on, as the background holds it. */
export interface CheckedPage {
  url: string;
  title: string;
  text: string;
}

export interface SitesServiceDeps {
  /** The reader's settings as stored now. */
  settings(): Promise<Settings>;
  /** The database's name (tests); `wirecheck-sites` otherwise. */
  dbName?: string;
  now?: () => number;
  log?: (message: string) => void;
}

export class SitesService {
  readonly store: SitesStore;
  /** Writes queued and running, one after another; answers wait for them. */
  private queue: Promise<void> = Promise.resolve();
  private readonly privateTabs = new Set<number>();
  private readonly pageInfo = new WeakMap<CheckedPage, PageSiteInfo>();
  /** Per tab, the site of the last page it recorded (a canonical URL may name it apart from the page's host). */
  private readonly tabSites = new Map<number, { pageUrl: string; host: string }>();
  private readonly now: () => number;

  constructor(private readonly deps: SitesServiceDeps) {
    this.store = new SitesStore(deps.dbName);
    this.now = deps.now ?? Date.now;
  }

  /** A content script of this tab wrote: whether the tab is in a private window. */
  seen(tabId: number, incognito: boolean): void {
    if (incognito) this.privateTabs.add(tabId);
    else this.privateTabs.delete(tabId);
  }

  forgetTab(tabId: number): void {
    this.privateTabs.delete(tabId);
    this.tabSites.delete(tabId);
  }

  /** What the background read of the page besides its text (its canonical URL, its byline). */
  describe(page: CheckedPage, info: PageSiteInfo): void {
    this.pageInfo.set(page, info);
  }

  /** The page got this verdict: queue its visit. Returns at once; the write is best effort. */
  record(tabId: number, page: CheckedPage, result: MatchResult): void {
    const info = this.pageInfo.get(page) ?? {};
    const site = siteOf(page.url, info.canonicalUrl || undefined);
    if (!site) return;
    this.tabSites.set(tabId, { pageUrl: page.url, host: site.host });
    if (this.privateTabs.has(tabId)) return;
    const checkedAt = this.now();
    this.enqueue(async () => {
      const settings = await this.deps.settings();
      if (!settings.siteRecord) return;
      const visit = visitFor({ pageUrl: page.url, title: page.title, text: page.text, ...info }, result, checkedAt);
      if (visit) await this.store.recordVisit(visit, { retentionDays: settings.siteRetentionDays, now: this.now() });
    });
  }

  /** Resolves once every write queued so far has ended. */
  settled(): Promise<void> {
    return this.queue;
  }

  async handle(msg: SitesUiMessage, tabState: (tabId: number) => TabState): Promise<unknown> {
    await this.queue;
    const settings = await this.deps.settings();
    const retention = { retentionDays: settings.siteRetentionDays, now: this.now() };
    switch (msg.type) {
      case 'ui:site-for-tab':
        return this.forTab(msg.tabId, tabState(msg.tabId), settings);
      case 'ui:sites-list':
        return { recording: settings.siteRecord, retentionDays: settings.siteRetentionDays, sites: await this.store.listSummaries(retention) } satisfies SitesList;
      case 'ui:site-detail':
        return this.detail(msg.host, retention);
      case 'ui:sites-clear':
        await this.writeNow(() => this.store.clear(msg.host));
        return null;
      case 'ui:sites-export':
        return this.store.exportVisits(retention, msg.host);
    }
  }

  close(): void {
    this.store.close();
  }

  private async forTab(tabId: number, state: TabState, settings: Settings): Promise<SiteForTab> {
    if (!settings.siteRecord || !('url' in state)) return null;
    const recorded = this.tabSites.get(tabId);
    const host = recorded?.pageUrl === state.url ? recorded.host : siteOf(state.url)?.host;
    if (!host) return null;
    const summary = await this.store.summaryFor(host, { retentionDays: settings.siteRetentionDays, now: this.now() });
    return { summary: summary ?? summarize(host, []), recording: true };
  }

  private async detail(host: string, retention: { retentionDays: number; now: number }): Promise<SiteDetail | null> {
    const site = await this.store.siteVisits(host, retention);
    if (!site) return null;
    const newestFirst = site.visits.slice(-DETAIL_VISITS).reverse();
    return { summary: site.summary, periods: weeklyPeriods(site.visits, retention.now, retention.retentionDays), visits: newestFirst };
  }

  /** Queues a write; its failure is logged, never passed on. */
  private enqueue(write: () => Promise<void>): void {
    this.queue = this.queue.then(write).catch((e: unknown) => {
      this.deps.log?.(`could not record the page on its site: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** A write the reader asked for: queued after the others, and its failure told to the reader. */
  private writeNow(write: () => Promise<void>): Promise<void> {
    const done = this.queue.then(write);
    this.queue = done.catch(() => undefined);
    return done;
  }
}
