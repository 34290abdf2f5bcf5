/**
 * Stopping the extension's background mid-work, as the browser itself does (an idle or
 * misbehaving worker is stopped, an event page is suspended), without reinstalling or
 * reloading the extension: its storage, tabs and badges stay.
 *
 * - Chromium: the service worker is stopped over the DevTools protocol
 *   (`ServiceWorker.stopWorker` on its running version, found through `ServiceWorker.enable`
 *   in a session on one of the extension's own pages). The worker thread is terminated at
 *   once, whatever it is running; the next event (a message, a tab's content script) starts a
 *   new one. `chrome.runtime.reload()` is not this: it reinstalls the extension.
 * - Firefox: MV3 background scripts run in an event page. WebDriver BiDi does not reach it,
 *   but about:debugging's "Terminate background script" does (the same teardown as an idle
 *   suspend, without the idle wait). about:debugging is a privileged page that the harness
 *   may script (`--remote-allow-system-access`), so the driver opens it in a tab of its own
 *   and calls what the button calls, `ExtensionParent.DebugUtils.terminateBackgroundScript`,
 *   awaiting it. (Clicking the button itself works only while that tab is the active one: a
 *   trusted click in a background tab goes nowhere.) The teardown reaches the extension
 *   process as a message, so it can only land between two of the background's tasks.
 *
 * Measured here: a stop takes ~20 ms in Chromium and 15–60 ms in Firefox, where the
 * about:debugging tab takes ~0.6 s to open, once per session. Neither browser restarts the
 * background by itself: it starts again at the next event.
 */
import type { CDPSession, Page as PlaywrightPage } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { poll } from './common.ts';
import type { ExtensionSession } from './types.ts';

export interface BackgroundControl {
  /** Stops the running background; resolves once the browser reports it stopped. */
  stop(): Promise<void>;
  /** Whether the background is running now. */
  running(): Promise<boolean>;
  /** Closes what the control opened that the session does not close itself. */
  close(): Promise<void>;
}

interface VersionInfo {
  versionId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

async function chromiumControl(session: ExtensionSession): Promise<BackgroundControl> {
  // An extension page of its own (the session closes it), so the CDP session is on this origin.
  const page = (await session.openExtensionPage('wirecheck-e2e.html')).raw as PlaywrightPage;
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const versions = new Map<string, VersionInfo>();
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: VersionInfo[] }) => {
    for (const v of event.versions) if (v.scriptURL.startsWith(`${session.extensionOrigin}/`)) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  const runningVersion = () => [...versions.values()].find((v) => v.runningStatus === 'running' || v.runningStatus === 'starting');
  return {
    async running() {
      return runningVersion() !== undefined;
    },
    async stop() {
      const version = await poll(async () => runningVersion(), { timeout: 10_000, interval: 20, describe: () => 'a running service worker to stop' });
      await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
      await poll(async () => versions.get(version.versionId)?.runningStatus === 'stopped', {
        timeout: 10_000,
        interval: 20,
        describe: () => `service worker version ${version.versionId} stopped`,
      });
    },
    close: async () => {
      await cdp.detach().catch(() => {});
    },
  };
}

/**
 * Runs in about:debugging, a privileged page: the extension's background state, or (`stop`)
 * what the page's "Terminate background script" button runs, awaited.
 */
function eventPage({ uuid, stop }: { uuid: string; stop: boolean }): Promise<string> {
  const g = globalThis as unknown as {
    WebExtensionPolicy: { getByHostname(host: string): { id: string; extension: { backgroundState: string } } | null };
    ChromeUtils: { importESModule(url: string): { ExtensionParent: { DebugUtils: { terminateBackgroundScript(id: string): Promise<void> } } } };
  };
  const policy = g.WebExtensionPolicy.getByHostname(uuid);
  if (!policy) return Promise.resolve('missing');
  if (!stop) return Promise.resolve(policy.extension.backgroundState);
  const { ExtensionParent } = g.ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  return ExtensionParent.DebugUtils.terminateBackgroundScript(policy.id).then(() => policy.extension.backgroundState);
}

async function firefoxControl(session: ExtensionSession): Promise<BackgroundControl> {
  const extensionPage = (await session.openExtensionPage('wirecheck-e2e.html')).raw as PuppeteerPage;
  const browser: PuppeteerBrowser = extensionPage.browser();
  const page = await browser.newPage();
  // Like moz-extension:// pages, about: pages never resolve goto in Puppeteer; poll instead.
  page.goto('about:debugging#/runtime/this-firefox', { timeout: 0 }).catch(() => {});
  const uuid = session.extensionId;
  const state = (stop = false) => page.evaluate(eventPage, { uuid, stop });
  let last = '';
  await poll(async () => (last = await state()) !== 'missing', { timeout: 15_000, describe: () => `Wirecheck's background state in about:debugging (${last})` });
  return {
    async running() {
      return (await state()) === 'running';
    },
    async stop() {
      // A background still starting is stopped once it has started (terminateBackground waits).
      await poll(async () => ['running', 'starting'].includes((last = await state())), { timeout: 10_000, interval: 20, describe: () => `a running background to stop (it is ${last})` });
      const after = await state(true);
      if (after !== 'stopped') throw new Error(`Firefox did not stop the background: it is ${after}`);
    },
    close: async () => {
      await page.close().catch(() => {});
    },
  };
}

/** A way to stop the session's background (Chromium's service worker, Firefox's event page). */
export function backgroundControl(session: ExtensionSession): Promise<BackgroundControl> {
  return session.browserName === 'chromium' ? chromiumControl(session) : firefoxControl(session);
}

/** The global badge text the held transaction shows (tabs' own badge texts hide it). */
export const HOLDING_BADGE = 'HOLD';

/** Runs in the service worker: see `holdTransaction`. */
function installHold({ stores, ms, badge }: { stores: string; ms: number; badge: string }): boolean {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    const request = put.apply(this, args);
    const tx = this.transaction;
    if (this.name === 'snapshots' && tx.mode === 'readwrite' && Array.from(tx.objectStoreNames).sort().join(',') === stores) {
      proto.put = put; // once
      void (globalThis as unknown as { chrome: typeof browser }).chrome.action.setBadgeText({ text: badge });
      const until = Date.now() + ms;
      const keepOpen = () => {
        if (Date.now() < until) this.count().onsuccess = keepOpen;
      };
      keepOpen();
    }
    return request;
  };
  return true;
}

/**
 * Chromium only: makes the running service worker hold the next readwrite transaction over
 * exactly `stores` open for `ms` after it puts the index directory (every commit's last writes,
 * commit.ts), by chaining reads in it, and show HOLDING_BADGE as the global badge meanwhile
 * (releaseHoldBadge clears it). The product's code is untouched: the worker's
 * `IDBObjectStore.prototype.put` is wrapped, once. A stop while it holds shows what happens
 * to a transaction whose writes are all issued and not yet committed. A stopped worker
 * forgets the wrap. Resolves once the running worker has it.
 */
export async function holdTransaction(session: ExtensionSession, stores: readonly string[], ms: number): Promise<void> {
  if (!session.evaluateInBackground) throw new Error(`${session.browserName}: the background cannot be scripted`);
  await session.evaluateInExtension(() => browser.action.setBadgeText({ text: '' }));
  // Any message wakes the worker; then the wrap goes into that worker.
  await session.evaluateInExtension(() => browser.runtime.sendMessage({ type: 'ui:get-tab-state', tabId: -1 }).catch(() => null));
  await poll(() => session.evaluateInBackground!(installHold, { stores: [...stores].sort().join(','), ms, badge: HOLDING_BADGE }), {
    timeout: 10_000,
    describe: () => 'the hold installed in the running service worker',
  });
}

/** Whether the held transaction is being held now (its worker shows HOLDING_BADGE). */
export async function holding(session: ExtensionSession): Promise<boolean> {
  return (await session.evaluateInExtension(() => browser.action.getBadgeText({}))) === HOLDING_BADGE;
}

/** Clears HOLDING_BADGE (a tab without a badge text of its own shows the global one). */
export async function releaseHoldBadge(session: ExtensionSession): Promise<void> {
  await session.evaluateInExtension(() => browser.action.setBadgeText({ text: '' }));
}
