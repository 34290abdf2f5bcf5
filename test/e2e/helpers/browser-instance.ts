/**
 * What both drivers share of a `BrowserInstance` and its `ExtensionSession` (types.ts):
 *
 * - the instance: a temporary profile, one install of the extension at a time, and a `close()`
 *   that ends the current install, then the browser, then deletes the profile, once, whatever
 *   failed on the way (`startBrowserInstance`);
 * - the session of one install: a copy of the build with the control page, the control page
 *   opened as the context of `evaluateInExtension`, every page it opens tracked (closed with
 *   the session; the last one kept for a failure screenshot), web pages' tab ids found by
 *   difference, and a `close()` that closes them, uninstalls and deletes the copy, once
 *   (`installSession`).
 *
 * Each driver brings only what differs: how its browser starts and ends, how it installs and
 * uninstalls the extension, and how its pages open and load.
 */
import {
  CONTROL_PAGE,
  CONTROL_TITLE,
  DEFAULT_WAIT_MS,
  findNewTabId,
  listTabIds,
  makeProfileDir,
  prepareExtensionCopy,
  removeDir,
  takeScreenshot,
} from './common.ts';
import type { BrowserName } from './paths.ts';
import type { BrowserInstance, E2EPage, ExtensionSession, PageFunction, WaitOptions } from './types.ts';

/** `fn` on the first call; later calls resolve at once (a close that is safe to call twice). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let called = false;
  return async () => {
    if (called) return;
    called = true;
    await fn();
  };
}

/** What a driver's start gives back: how to install a fresh copy of the extension. */
export type InstallFresh = () => Promise<ExtensionSession>;

/**
 * Makes a profile directory and calls `start` with it. `start` launches the browser, hands
 * `onClose` the way to end it as soon as there is a browser to end (so a failure later in
 * `start` still ends it), and returns how to install the extension. If `start` throws, the
 * browser is ended and the profile deleted before the error is passed on.
 */
export async function startBrowserInstance(
  browserName: BrowserName,
  start: (profileDir: string, onClose: (end: () => Promise<void>) => void) => Promise<InstallFresh>,
): Promise<BrowserInstance> {
  const profileDir = await makeProfileDir(browserName);
  let end: (() => Promise<void>) | undefined;
  let current: ExtensionSession | undefined;

  const close = once(async () => {
    try {
      await current?.close().catch(() => {});
      if (end) await end();
    } finally {
      await removeDir(profileDir);
    }
  });

  try {
    const installFresh = await start(profileDir, (e) => {
      end = e;
    });
    const label = browserName === 'chromium' ? 'Chromium' : 'Firefox';
    return {
      browserName,
      async install() {
        if (current) throw new Error(`${label}: the previous install is still in use`);
        current = await installFresh();
        const session = current;
        return {
          ...session,
          close: async () => {
            await session.close();
            current = undefined;
          },
        };
      },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** One install as a driver performs it; `P` is the driver's own page. */
export interface InstallSteps<P> {
  readonly browserName: BrowserName;
  /** Installs the copy of the build in `dir`; resolves once the extension can answer. */
  install(dir: string): Promise<{ extensionId: string; extensionOrigin: string }>;
  /** Uninstalls what `install` installed, if it got that far (it is called on every close). */
  uninstall(): Promise<void>;
  /** A new tab, its dialogs accepted, not navigated yet. */
  newPage(): Promise<P>;
  wrap(page: P, openedUrl: string): E2EPage;
  /** Navigates `page` to an extension page and resolves once it has loaded. */
  loadExtensionPage(page: P, wrapped: E2EPage, url: string, timeout: number): Promise<void>;
  /** Navigates `page` to a web page and resolves on its load event. */
  loadWebPage(page: P, url: string, timeout: number): Promise<void>;
  closePage(page: P): Promise<void>;
  /** Members only this driver's sessions have (Chromium's `evaluateInBackground`). */
  extras?(extensionOrigin: string): Pick<ExtensionSession, 'evaluateInBackground'>;
}

/** Installs a fresh copy of the build and opens the control page; the session's close() uninstalls it. */
export async function installSession<P>(sourceDir: string, launchTimeout: number, steps: InstallSteps<P>): Promise<ExtensionSession> {
  const extension = await prepareExtensionCopy(sourceDir);
  const opened: P[] = [];
  let last: E2EPage | undefined;

  const close = once(async () => {
    try {
      await Promise.all(opened.map((page) => steps.closePage(page).catch(() => {})));
      await steps.uninstall();
    } finally {
      await extension.cleanup();
    }
  });

  try {
    const { extensionId, extensionOrigin } = await steps.install(extension.dir);

    const newPage = async (): Promise<P> => {
      const page = await steps.newPage();
      opened.push(page);
      return page;
    };

    const open = async (url: string, timeout: number): Promise<E2EPage> => {
      const page = await newPage();
      const wrapped = steps.wrap(page, url);
      last = wrapped; // set first, so a failure screenshot shows what did load
      await steps.loadExtensionPage(page, wrapped, url, timeout);
      return wrapped;
    };

    const controlPage = await open(`${extensionOrigin}/${CONTROL_PAGE}`, launchTimeout);
    await controlPage.waitForText('title', CONTROL_TITLE, { timeout: launchTimeout });

    const evaluateInExtension = <R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> =>
      controlPage.evaluate(fn, arg);

    return {
      browserName: steps.browserName,
      extensionId,
      extensionOrigin,
      openExtensionPage: (pathAndQuery: string, opts?: WaitOptions) =>
        open(`${extensionOrigin}/${pathAndQuery.replace(/^\//, '')}`, opts?.timeout ?? DEFAULT_WAIT_MS),
      async openUrl(url: string, opts?: WaitOptions) {
        const before = new Set(await evaluateInExtension(listTabIds));
        const page = await newPage();
        const tabId = await findNewTabId(() => evaluateInExtension(listTabIds), before, url);
        const wrapped = steps.wrap(page, url);
        last = wrapped;
        await steps.loadWebPage(page, url, opts?.timeout ?? DEFAULT_WAIT_MS);
        return { page: wrapped, tabId };
      },
      evaluateInExtension,
      ...steps.extras?.(extensionOrigin),
      screenshot: (page: E2EPage, name: string) => takeScreenshot(steps.browserName, page, name),
      lastPage: () => last,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
