/**
 * The one interface the UI uses to reach the background. Components receive it as a
 * parameter, so tests can hand them a fake and real pages hand them `runtimeApi` (and, for
 * Follow AP, pack subscriptions and the per-site record, `runtimeFollowApi`,
 * `runtimeSubscriptionsApi` and `runtimeSitesApi`).
 */

import { browser } from 'wxt/browser';
import type { Comparison, FollowChange, FollowStatus, Reply, SubscriptionStatus, TabState, UiMessage } from '../messaging/protocol';
import type { SiteVisit } from '../core/sites/types';
import type { SiteDetail, SiteForTab, SitesApi, SitesList } from '../messaging/sites';
import { t } from '../i18n/t';

export interface BackgroundApi {
  getTabState(tabId: number): Promise<TabState>;
  corpusChanged(): Promise<void>;
  settingsChanged(): Promise<void>;
  /** Check the tab now (auto-check off, or a muted site the reader checks anyway). */
  checkTab(tabId: number): Promise<void>;
  getComparison(tabId: number): Promise<Comparison | null>;
  highlight(tabId: number, on: boolean): Promise<void>;
  /** "This looks wrong": suppresses this source for this URL and returns the new state. */
  reportWrong(tabId: number): Promise<TabState>;
  /** Adds the tab's article to the corpus as an original. */
  addPage(tabId: number): Promise<{ id: string }>;
}

export type { FollowChange, FollowStatus, SubscriptionStatus };

/** Follow AP (ui:follow-*): the options page's section and the welcome page's offer. */
export interface FollowApi {
  followGet(): Promise<FollowStatus>;
  followSet(change: FollowChange): Promise<FollowStatus>;
  followRunNow(): Promise<FollowStatus>;
}

/** Pack subscriptions (ui:subscription*): each change answers the whole list after it. */
export interface SubscriptionsApi {
  list(): Promise<SubscriptionStatus[]>;
  add(url: string, sha256?: string): Promise<SubscriptionStatus[]>;
  remove(url: string): Promise<SubscriptionStatus[]>;
  /** Checks one pack now (a download and an import when it changed); answers when done. */
  check(url: string): Promise<SubscriptionStatus[]>;
}

async function send<T>(message: UiMessage): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error(t('popup_background_silent'));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

const done = () => undefined;

export const runtimeApi: BackgroundApi = {
  getTabState: (tabId) => send<TabState>({ type: 'ui:get-tab-state', tabId }),
  corpusChanged: () => send<null>({ type: 'ui:corpus-changed' }).then(done),
  settingsChanged: () => send<null>({ type: 'ui:settings-changed' }).then(done),
  checkTab: (tabId) => send<null>({ type: 'ui:check-tab', tabId }).then(done),
  getComparison: (tabId) => send<Comparison | null>({ type: 'ui:get-comparison', tabId }),
  highlight: (tabId, on) => send<null>({ type: 'ui:highlight', tabId, on }).then(done),
  reportWrong: (tabId) => send<TabState>({ type: 'ui:report-wrong', tabId }),
  addPage: (tabId) => send<{ id: string }>({ type: 'ui:add-page', tabId }),
};

export const runtimeFollowApi: FollowApi = {
  followGet: () => send<FollowStatus>({ type: 'ui:follow-get' }),
  followSet: (change) => send<FollowStatus>({ type: 'ui:follow-set', change }),
  followRunNow: () => send<FollowStatus>({ type: 'ui:follow-run-now' }),
};

export const runtimeSubscriptionsApi: SubscriptionsApi = {
  list: () => send<SubscriptionStatus[]>({ type: 'ui:subscriptions-get' }),
  add: (url, sha256) => send<SubscriptionStatus[]>({ type: 'ui:subscription-add', url, ...(sha256 ? { sha256 } : {}) }),
  remove: (url) => send<SubscriptionStatus[]>({ type: 'ui:subscription-remove', url }),
  check: (url) => send<SubscriptionStatus[]>({ type: 'ui:subscription-check', url }),
};

/** The per-site record (ui:site*): the popup's "On this site" line and the options page's Sites view. */
export const runtimeSitesApi: SitesApi = {
  forTab: (tabId) => send<SiteForTab>({ type: 'ui:site-for-tab', tabId }),
  list: () => send<SitesList>({ type: 'ui:sites-list' }),
  detail: (host) => send<SiteDetail | null>({ type: 'ui:site-detail', host }),
  clear: (host) => send<null>({ type: 'ui:sites-clear', ...(host !== undefined ? { host } : {}) }).then(done),
  exportVisits: (host) => send<SiteVisit[]>({ type: 'ui:sites-export', ...(host !== undefined ? { host } : {}) }),
};

export type { SitesApi };

/** The tab the popup is about: `?tab=<id>` (tests, links) or the active tab. */
export async function popupTabId(search: string): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
