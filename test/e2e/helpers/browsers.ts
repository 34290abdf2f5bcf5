/**
 * The browsers every e2e test runs in. WIRECHECK_E2E_BROWSERS=chromium (or firefox, or
 * "chromium,firefox") narrows the list while debugging; CI runs both ("none": no browser, for
 * a runner process whose browser was left out).
 *
 * `launch()` gives a suite a browser with a fresh install of the extension. Alone, it starts a
 * browser of its own, closed with the session. Once `shareBrowsers()` has been called (the
 * runner in run/ does, for a process that runs every suite), a launch with the default options
 * reuses one running browser per kind: it installs a fresh copy of the extension there, and
 * the session's close() uninstalls it, which clears its storage. Either way a suite starts as
 * on a first install: the background new, the welcome tab opened (and closed here unless
 * `keepWelcomeTab`), and the extension's origin checked to hold no article, report or pending
 * import, nor a marker the previous install left there, before any test runs. A launch with
 * an option the browser takes when it starts (local host names; in Firefox, the colour
 * scheme and the storage limit) gets a browser of its own.
 *
 * Measured on the 2-core machine: a Firefox launch and close take 5–9 s, an uninstall and
 * install ~0.3 s; Chromium 2–3 s against ~0.2 s.
 */
import { startChromium } from './chromium.ts';
import { poll } from './common.ts';
import { startFirefox } from './firefox.ts';
import type { BrowserName } from './paths.ts';
import type { BrowserInstance, ExtensionSession, LaunchOptions } from './types.ts';

export interface BrowserEntry {
  name: BrowserName;
  launch(options?: LaunchOptions): Promise<ExtensionSession>;
}

/**
 * Installing Wirecheck opens its welcome page in a new tab (capture.e2e.ts tests that). Left
 * open, it races the first `openUrl` of a test, which waits for exactly one new tab; so every
 * session closes it before a test starts, unless `keepWelcomeTab` asks otherwise.
 */
async function closeWelcomeTab(session: ExtensionSession): Promise<void> {
  const welcomeViews = () =>
    session.evaluateInExtension(() => {
      const views = browser.extension.getViews({ type: 'tab' }).filter((w) => (w as unknown as Window).location.pathname === '/welcome.html');
      // A tab with one history entry may be closed by script. (Reaching into the view's own
      // extension API to find its tab id instead left this page's browser.i18n answering ''
      // in Chromium, now and then.)
      for (const view of views) (view as unknown as Window).close();
      return views.length;
    });
  await poll(async () => (await welcomeViews()) > 0, { timeout: 15_000, describe: () => 'the welcome tab Wirecheck opens on install' });
  await poll(async () => (await welcomeViews()) === 0, { timeout: 15_000, describe: () => 'the welcome tab closed' });
}

/** Object stores of the extension's database that a first install leaves empty. */
const EMPTY_ON_INSTALL = ['articles', 'summaries', 'feedback', 'imports', 'staging'] as const;

/** A database the harness leaves in the extension's origin before an uninstall. */
const MARKER_DB = 'wirecheck-e2e-uninstalled';

function writeMarker(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
  });
}

/**
 * What the extension's origin holds that a first install would not: the marker a previous
 * install left, or rows in the stores above. (Saved settings are no sign: the welcome page saves
 * them as it opens.) The database is opened at its current version only when it exists, so
 * nothing is created.
 */
function leftoverState({ stores, marker }: { stores: readonly string[]; marker: string }): Promise<string[]> {
  return indexedDB.databases().then((list) => {
    const found = list.some((d) => d.name === marker) ? [`the database ${marker} of an earlier install`] : [];
    if (!list.some((d) => d.name === 'wirecheck')) return found;
    return new Promise<string[]>((resolve, reject) => {
      const open = indexedDB.open('wirecheck');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        const present = stores.filter((s) => db.objectStoreNames.contains(s));
        if (!present.length) {
          db.close();
          resolve(found);
          return;
        }
        const tx = db.transaction(present);
        for (const s of present) {
          const count = tx.objectStore(s).count();
          count.onsuccess = () => {
            if (count.result > 0) found.push(`${count.result} in ${s}`);
          };
        }
        tx.oncomplete = () => {
          db.close();
          resolve(found);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  });
}

/** Fails unless the extension's origin is as a first install leaves it. */
async function assertFreshStorage(session: ExtensionSession): Promise<void> {
  const found = await session.evaluateInExtension(leftoverState, { stores: [...EMPTY_ON_INSTALL], marker: MARKER_DB });
  if (found.length) throw new Error(`${session.browserName}: the new install does not start from empty storage (${found.join(', ')})`);
}

const START: Record<BrowserName, (options?: LaunchOptions) => Promise<BrowserInstance>> = {
  chromium: startChromium,
  firefox: startFirefox,
};

let sharing = false;
const shared = new Map<BrowserName, Promise<BrowserInstance>>();

/** From now on, launches with the default options in this process share one browser per kind. */
export function shareBrowsers(): void {
  sharing = true;
}

/** Closes the shared browsers (the runner calls it after the last suite). */
export async function closeSharedBrowsers(): Promise<void> {
  const running = [...shared.values()];
  shared.clear();
  await Promise.all(running.map(async (p) => (await p.catch(() => undefined))?.close()));
}

/** The launch options each driver applies when its browser starts; a launch with any of them gets a browser of its own. */
const SET_AT_START: Record<BrowserName, readonly (keyof LaunchOptions)[]> = {
  // Chromium switches the colour scheme per page (Playwright's emulateMedia).
  chromium: ['extensionDir', 'launchTimeout', 'localHosts', 'proxyServer'],
  firefox: ['extensionDir', 'launchTimeout', 'localHosts', 'proxyServer', 'colorScheme', 'firefoxStorageLimitKb'],
};

function launcher(name: BrowserName) {
  return async (options: LaunchOptions = {}): Promise<ExtensionSession> => {
    const share = sharing && !SET_AT_START[name].some((key) => options[key] !== undefined);
    let instance: Promise<BrowserInstance>;
    if (share) {
      if (!shared.has(name)) shared.set(name, START[name]());
      instance = shared.get(name)!;
    } else {
      instance = START[name](options);
    }
    const running = await instance.catch((error: unknown) => {
      if (share) shared.delete(name);
      throw error;
    });
    let session: ExtensionSession | undefined;
    try {
      const installed = await running.install();
      session = share
        ? {
            ...installed,
            // The marker proves to the next install's check that uninstalling cleared the origin.
            close: async () => {
              await installed.evaluateInExtension(writeMarker, MARKER_DB).catch(() => {});
              await installed.close();
            },
          }
        : { ...installed, close: running.close };
      if (!options.keepWelcomeTab) await closeWelcomeTab(session);
      await assertFreshStorage(session);
      return session;
    } catch (error) {
      // A browser that failed an install is not given to the next suite.
      if (share && shared.get(name) === instance) shared.delete(name);
      await session?.close().catch(() => {});
      await running.close().catch(() => {});
      throw error;
    }
  };
}

const ALL: readonly BrowserEntry[] = [
  { name: 'chromium', launch: launcher('chromium') },
  { name: 'firefox', launch: launcher('firefox') },
];

export function selectedBrowsers(): BrowserEntry[] {
  const wanted = process.env.WIRECHECK_E2E_BROWSERS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return [...ALL];
  if (wanted.length === 1 && wanted[0] === 'none') return [];
  const unknown = wanted.filter((w) => !ALL.some((b) => b.name === w));
  if (unknown.length) throw new Error(`WIRECHECK_E2E_BROWSERS: unknown browser(s) ${unknown.join(', ')}`);
  return ALL.filter((b) => wanted.includes(b.name));
}

/** Set to "no" by the runner in every process but one, so tests that need no browser run once. */
export const BROWSER_FREE_ENV = 'WIRECHECK_E2E_BROWSER_FREE';

/** Whether this process runs the suites that need no browser (the fixture server's own tests). */
export function runsBrowserFreeSuites(): boolean {
  return process.env[BROWSER_FREE_ENV] !== 'no';
}
