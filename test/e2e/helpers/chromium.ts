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
import { installSession, startBrowserInstance } from './browser-instance.ts';
import { DEFAULT_LAUNCH_MS, DEFAULT_WAIT_MS, createPage, poll, withTimeout } from './common.ts';
import { builtExtensionDir } from './paths.ts';
import type { BrowserInstance, E2EPage, ExtensionSession, LaunchOptions, PageFunction } from './types.ts';

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
  return startBrowserInstance('chromium', async (profileDir, onClose) => {
    const context = await chromium.launchPersistentContext(profileDir, {
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
        // `<-loopback>` takes loopback off the implicit bypass list: the proxy sees those requests
        // too. No --disable-features here: it would replace Playwright's own list (which keeps
        // HTTP on HTTP and stops the network time queries), not add to it.
        // The proxy ends HTTPS tunnels with a self-signed certificate (recording-proxy.ts).
        ...(options.proxyServer ? [`--proxy-server=${options.proxyServer}`, '--proxy-bypass-list=<-loopback>', '--ignore-certificate-errors'] : []),
      ],
    });
    onClose(() => withTimeout(context.close(), 30_000, 'closing Chromium'));
    const cdp = await context.browser()!.newBrowserCDPSession();
    return () => installExtension(context, cdp, sourceDir, launchTimeout);
  });
}

/** Loads a fresh copy of the build and opens the control page; the session's close() uninstalls it. */
function installExtension(ctx: BrowserContext, cdp: CDPSession, sourceDir: string, launchTimeout: number): Promise<ExtensionSession> {
  let extensionId: string | undefined;
  const load = async (page: Page, url: string, timeout: number) => {
    await page.goto(url, { timeout, waitUntil: 'load' });
  };
  return installSession<Page>(sourceDir, launchTimeout, {
    browserName: 'chromium',
    async install(dir) {
      ({ id: extensionId } = await withTimeout(cdp.send('Extensions.loadUnpacked', { path: dir }), launchTimeout, 'installing the extension'));
      const extensionOrigin = `chrome-extension://${extensionId}`;
      // The service worker starts with the install; the control page needs it to answer.
      await poll(async () => ctx.serviceWorkers().find((w: Worker) => w.url().startsWith(`${extensionOrigin}/`)), {
        timeout: launchTimeout,
        describe: () => `the service worker of ${extensionOrigin}`,
      });
      return { extensionId, extensionOrigin };
    },
    async uninstall() {
      if (extensionId) await withTimeout(cdp.send('Extensions.uninstall', { id: extensionId }), 30_000, 'uninstalling the extension');
    },
    async newPage() {
      const page = await ctx.newPage();
      page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
      return page;
    },
    wrap,
    loadExtensionPage: (page, _wrapped, url, timeout) => load(page, url, timeout),
    loadWebPage: load,
    closePage: (page) => page.close(),
    extras: (extensionOrigin) => ({
      async evaluateInBackground<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
        // The worker may have been stopped when idle; a new one appears on the next event.
        const current = ctx.serviceWorkers().find((w) => w.url().startsWith(`${extensionOrigin}/`));
        if (!current) throw new Error('The extension service worker is not running');
        return current.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown);
      },
    }),
  });
}
