/**
 * Wires the background to a browser: the real one in the extension, WXT's fake browser in
 * unit tests. Kept apart from the entrypoint so tests exercise exactly this wiring.
 */

import type { WxtBrowser } from 'wxt/browser';
import { Background } from './background';
import { CorpusChecker } from './corpus-checker';
import { FollowService, type FollowServiceDeps } from './follow-service';
import { SitesService } from './sites-service';

export interface StartOptions {
  dbName?: string;
  /** The per-site record's database (tests); `wirecheck-sites` otherwise. */
  sitesDbName?: string;
  /** Tests and benchmarks only: the follower's pace and waits, another fetch. */
  follow?: Pick<FollowServiceDeps, 'follower' | 'fetch' | 'now'>;
}

export function startBackground(b: WxtBrowser, opts: StartOptions = {}): Background & { follow: FollowService; sites: SitesService } {
  const checker = new CorpusChecker(opts.dbName);
  const log = (m: string) => console.warn(`wirecheck: ${m}`);
  const follow = new FollowService({
    ...opts.follow,
    corpus: () => checker.store(),
    permissions: b.permissions,
    alarms: b.alarms,
    // Any extension API call tells the browser the worker is busy; this one reads one alarm.
    keepAlive: () => b.alarms.get('wirecheck-follow'),
    corpusChanged: () => background.corpusChangedElsewhere(),
    log,
  });
  const sites = new SitesService({ settings: () => checker.store().then((s) => s.getSettings()), ...(opts.sitesDbName ? { dbName: opts.sitesDbName } : {}), log });
  const background = new Background({
    extensionId: b.runtime.id,
    extensionOrigin: b.runtime.getURL('/'),
    action: b.action,
    sendToTab: (tabId, message) => b.tabs.sendMessage(tabId, message),
    checker,
    log,
    follow,
    sites,
  });
  b.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Nothing of a tab in a private window goes into the per-site record.
    if (sender.tab?.id !== undefined) sites.seen(sender.tab.id, sender.tab.incognito === true);
    background
      .handle(message, { id: sender.id, url: sender.url, tabUrl: sender.tab?.url, tabId: sender.tab?.id, frameId: sender.frameId })
      .then(sendResponse);
    return true;
  });
  b.tabs.onRemoved.addListener((tabId) => background.onTabRemoved(tabId));
  // Follow AP and pack subscriptions: their alarms, and a follow cut short by a stopped worker
  // taken up again as this one starts.
  b.alarms.onAlarm.addListener((alarm) => {
    follow.onAlarm(alarm.name).catch((e: unknown) => log(`the ${alarm.name} alarm failed: ${e instanceof Error ? e.message : String(e)}`));
  });
  follow.wake().catch((e: unknown) => log(`could not take up the follow: ${e instanceof Error ? e.message : String(e)}`));
  // First run: the welcome page explains what happens to the reader's data and offers the
  // sample corpus. Only on install, never on an update or a browser restart. An update loads
  // the index at once: one whose fingerprint changed is rebuilt now, not in the first check.
  b.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void b.tabs.create({ url: b.runtime.getURL('/welcome.html' as never) });
    if (reason === 'update') checker.warm().catch((e: unknown) => log(`could not load the corpus index after the update: ${e instanceof Error ? e.message : String(e)}`));
  });
  return Object.assign(background, { follow, sites });
}
