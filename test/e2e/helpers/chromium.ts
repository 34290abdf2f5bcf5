/**
 * Chromium driver: Playwright (playwright-core, no bundled browsers) with the system Chromium.
 *
 * The extension is loaded over the DevTools protocol (`Extensions.loadUnpacked`, which needs
 * `--enable-unsafe-extension-debugging` and Playwright's pipe connection), not with
 * `--load-extension`: an extension loaded from the command line cannot be uninstalled, and a
 * browser shared by several suites installs a fresh copy for each (`startChromium().install()`).
 * Each install loads its own copy of the build from its own directory, and Chromium derives the
 * extension id from that path, so every install has a new id, a new origin and so storage of
 * its own, whatever the uninstall of the previous one has left to delete.
 *
 * Measured here: without the background-networking switches Chromium keeps dialling the
 * (closed) network; an install and uninstall take ~0.2 s where a launch takes ~2 s.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import {
  CONTROL_PAGE,
  CONTROL_TITLE,
  DEFAULT_LAUNCH_MS,
  DEFAULT_WAIT_MS,
  createPage,
  findNewTabId,
  listTabIds,
  makeProfileDir,
  poll,
  prepareExtensionCopy,
  removeDir,
  takeScreenshot,
  withTimeout,
} from './common.ts';
import { builtExtensionDir } from './paths.ts';
import type { BrowserInstance, E2EPage, ExtensionSession, LaunchOptions, PageFunction, WaitOptions } from './types.ts';

/**
 * CHROMIUM_BIN overrides. The Debian binary is preferred over the /usr/bin/chromium shell
 * wrapper, which adds its own flags (remote extensions, Google API keys, GPU rasterization).
 */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error(`No Chromium found (tried ${candidates.filter(Boolean).join(', ')}); set CHROMIUM_BIN.`);
  return found;
}

function wrap(page: Page, openedUrl: string): E2EPage {
  return createPage('chromium', openedUrl, {
    raw: page,
    // Playwright's own PageFunction type unboxes handles; the harness passes plain data only.
    evaluate: <R, A>(fn: PageFunction<A, R>, arg: A) =>
      page.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown),
    click: (selector) => page.click(selector, { timeout: DEFAULT_WAIT_MS }),
    setInputFiles: (selector, files) => page.setInputFiles(selector, [...files], { timeout: DEFAULT_WAIT_MS }),
    screenshotTo: async (file) => {
      await page.screenshot({ path: file, timeout: DEFAULT_WAIT_MS });
    },
    close: () => page.close(),
  });
}

/** Headless switches that keep Chromium from reaching the network or showing first-run UI (shared with bench/browser). */
export const QUIET_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--metrics-recording-only',
];

/** Starts Chromium without the extension; `install()` adds a fresh copy of it. */
export async function startChromium(options: LaunchOptions = {}): Promise<BrowserInstance> {
  const launchTimeout = options.launchTimeout ?? DEFAULT_LAUNCH_MS;
  const sourceDir = options.extensionDir ?? builtExtensionDir('chromium');
  const profileDir = await makeProfileDir('chromium');
  let context: BrowserContext | undefined;
  let closed = false;
  let current: ExtensionSession | undefined;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await current?.close().catch(() => {});
      if (context) await withTimeout(context.close(), 30_000, 'closing Chromium');
    } finally {
      await removeDir(profileDir);
    }
  };

  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumExecutable(),
      headless: true,
      timeout: launchTimeout,
      viewport: { width: 1280, height: 900 },
      // Playwright passes --disable-extensions by default, which would refuse the install.
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--enable-unsafe-extension-debugging',
        ...QUIET_CHROMIUM_ARGS,
        ...(options.localHosts?.length
          ? [`--host-resolver-rules=${options.localHosts.map((h) => `MAP ${h} 127.0.0.1`).join(',')}`, '--disable-features=HttpsUpgrades']
          : []),
      ],
    });
    const cdp = await context.browser()!.newBrowserCDPSession();
    const ctx = context;
    return {
      browserName: 'chromium',
      async install() {
        if (current) throw new Error('Chromium: the previous install is still in use');
        current = await installExtension(ctx, cdp, sourceDir, launchTimeout);
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

/** Loads a fresh copy of the build and opens the control page; the session's close() uninstalls it. */
async function installExtension(ctx: BrowserContext, cdp: CDPSession, sourceDir: string, launchTimeout: number): Promise<ExtensionSession> {
  const extension = await prepareExtensionCopy(sourceDir);
  const opened: E2EPage[] = [];
  let extensionId: string | undefined;
  let closed = false;
  let last: E2EPage | undefined;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await Promise.all(opened.map((page) => page.close().catch(() => {})));
      if (extensionId) await withTimeout(cdp.send('Extensions.uninstall', { id: extensionId }), 30_000, 'uninstalling the extension');
    } finally {
      await extension.cleanup();
    }
  };

  try {
    ({ id: extensionId } = await withTimeout(cdp.send('Extensions.loadUnpacked', { path: extension.dir }), launchTimeout, 'installing the extension'));
    const extensionOrigin = `chrome-extension://${extensionId}`;
    // The service worker starts with the install; the control page needs it to answer.
    await poll(async () => ctx.serviceWorkers().find((w: Worker) => w.url().startsWith(`${extensionOrigin}/`)), {
      timeout: launchTimeout,
      describe: () => `the service worker of ${extensionOrigin}`,
    });

    const open = async (url: string, timeout: number): Promise<E2EPage> => {
      const page = await ctx.newPage();
      page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
      const wrapped = wrap(page, url);
      opened.push(wrapped);
      last = wrapped; // set first, so a failure screenshot shows what did load
      await page.goto(url, { timeout, waitUntil: 'load' });
      return wrapped;
    };

    const controlPage = await open(`${extensionOrigin}/${CONTROL_PAGE}`, launchTimeout);
    await controlPage.waitForText('title', CONTROL_TITLE, { timeout: launchTimeout });

    const evaluateInExtension = <R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> =>
      controlPage.evaluate(fn, arg);

    return {
      browserName: 'chromium',
      extensionId,
      extensionOrigin,
      openExtensionPage: (pathAndQuery: string, opts?: WaitOptions) =>
        open(`${extensionOrigin}/${pathAndQuery.replace(/^\//, '')}`, opts?.timeout ?? DEFAULT_WAIT_MS),
      async openUrl(url: string, opts?: WaitOptions) {
        const before = new Set(await evaluateInExtension(listTabIds));
        const page = await ctx.newPage();
        page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
        const wrapped = wrap(page, url);
        opened.push(wrapped);
        const tabId = await findNewTabId(() => evaluateInExtension(listTabIds), before, url);
        last = wrapped;
        await page.goto(url, { timeout: opts?.timeout ?? DEFAULT_WAIT_MS, waitUntil: 'load' });
        return { page: wrapped, tabId };
      },
      evaluateInExtension,
      async evaluateInBackground<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
        // The worker may have been stopped when idle; a new one appears on the next event.
        const current = ctx.serviceWorkers().find((w) => w.url().startsWith(`${extensionOrigin}/`));
        if (!current) throw new Error('The extension service worker is not running');
        return current.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown);
      },
      screenshot: (page: E2EPage, name: string) => takeScreenshot('chromium', page, name),
      lastPage: () => last,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
