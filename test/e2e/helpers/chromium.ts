/**
 * Chromium driver: Playwright (playwright-core, no bundled browsers) with the system Chromium.
 *
 * Measured here: without `--disable-extensions-except` the unpacked extension silently does not
 * load; without the background-networking switches Chromium keeps dialling the (closed)
 * network. The extension id comes from the service worker's URL; it differs per run because
 * Chromium derives it from the unpacked directory's path.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import {
  CONTROL_PAGE,
  CONTROL_TITLE,
  DEFAULT_LAUNCH_MS,
  DEFAULT_WAIT_MS,
  createPage,
  findNewTabId,
  listTabIds,
  makeProfileDir,
  prepareExtensionCopy,
  removeDir,
  takeScreenshot,
  withTimeout,
} from './common.ts';
import { builtExtensionDir } from './paths.ts';
import type { E2EPage, ExtensionSession, LaunchOptions, PageFunction, WaitOptions } from './types.ts';

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

export async function launch(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const launchTimeout = options.launchTimeout ?? DEFAULT_LAUNCH_MS;
  const extension = await prepareExtensionCopy(options.extensionDir ?? builtExtensionDir('chromium'));
  const profileDir = await makeProfileDir('chromium');
  let context: BrowserContext | undefined;
  let closed = false;
  let last: E2EPage | undefined;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      if (context) await withTimeout(context.close(), 30_000, 'closing Chromium');
    } finally {
      await removeDir(profileDir);
      await extension.cleanup();
    }
  };

  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumExecutable(),
      headless: true,
      timeout: launchTimeout,
      viewport: { width: 1280, height: 900 },
      // Playwright passes --disable-extensions by default; the except-list overrides it today,
      // but do not rely on switch precedence.
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        `--disable-extensions-except=${extension.dir}`,
        `--load-extension=${extension.dir}`,
        ...QUIET_CHROMIUM_ARGS,
        ...(options.localHosts?.length
          ? [`--host-resolver-rules=${options.localHosts.map((h) => `MAP ${h} 127.0.0.1`).join(',')}`, '--disable-features=HttpsUpgrades']
          : []),
      ],
    });
    const ctx = context;

    const worker: Worker =
      ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: launchTimeout }));
    const extensionId = new URL(worker.url()).host;
    const extensionOrigin = `chrome-extension://${extensionId}`;

    const open = async (url: string, timeout: number): Promise<E2EPage> => {
      const page = await ctx.newPage();
      page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
      const wrapped = wrap(page, url);
      last = wrapped; // set first, so a failure screenshot shows what did load
      await page.goto(url, { timeout, waitUntil: 'load' });
      return wrapped;
    };

    const controlPage = await open(`${extensionOrigin}/${CONTROL_PAGE}`, launchTimeout);
    await controlPage.waitForText('title', CONTROL_TITLE, { timeout: launchTimeout });

    const evaluateInExtension = <R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> =>
      controlPage.evaluate(fn, arg);

    const session: ExtensionSession = {
      browserName: 'chromium',
      extensionId,
      extensionOrigin,
      openExtensionPage: (pathAndQuery: string, opts?: WaitOptions) =>
        open(`${extensionOrigin}/${pathAndQuery.replace(/^\//, '')}`, opts?.timeout ?? DEFAULT_WAIT_MS),
      async openUrl(url: string, opts?: WaitOptions) {
        const before = new Set(await evaluateInExtension(listTabIds));
        const page = await ctx.newPage();
        page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
        const tabId = await findNewTabId(() => evaluateInExtension(listTabIds), before, url);
        const wrapped = wrap(page, url);
        last = wrapped;
        await page.goto(url, { timeout: opts?.timeout ?? DEFAULT_WAIT_MS, waitUntil: 'load' });
        return { page: wrapped, tabId };
      },
      evaluateInExtension,
      async evaluateInBackground<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
        // The worker may have been stopped when idle; a new one appears on the next event.
        const current = ctx.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin));
        if (!current) throw new Error('The extension service worker is not running');
        return current.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown);
      },
      screenshot: (page: E2EPage, name: string) => takeScreenshot('chromium', page, name),
      lastPage: () => last,
      close,
    };
    return session;
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
