/**
 * Headless Chromium with the built extension, as the e2e harness launches it
 * (test/e2e/helpers/chromium.ts: same switches, same control page), plus a DevTools port so
 * the bench can reach the service worker over raw CDP (cdp.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CONTROL_PAGE, makeProfileDir, poll, prepareExtensionCopy, removeDir } from '../../test/e2e/helpers/common.ts';
import { QUIET_CHROMIUM_ARGS, chromiumExecutable } from '../../test/e2e/helpers/chromium.ts';
import { builtExtensionDir } from '../../test/e2e/helpers/paths.ts';
import { Cdp } from './cdp.ts';

export interface BenchBrowser {
  context: BrowserContext;
  extensionId: string;
  origin: string;
  /** An inert extension page, for `chrome.*` calls from the bench. */
  control: Page;
  cdp: Cdp;
  browserVersion: string;
  /** Opens a page and returns it with its tab id (found by difference, as the e2e harness does). */
  openTab(url: string): Promise<{ page: Page; tabId: number }>;
  /** A CDP session on the service worker, attached fresh (the worker may have restarted). */
  workerSession(): Promise<string>;
  close(): Promise<void>;
}

export async function launchBench(opts: { withExtension?: boolean; /** Another build than .output/chrome-mv3. */ extensionDir?: string } = {}): Promise<BenchBrowser> {
  const withExtension = opts.withExtension ?? true;
  const extension = await prepareExtensionCopy(opts.extensionDir ?? builtExtensionDir('chromium'));
  const profileDir = await makeProfileDir('chromium');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...(withExtension ? [`--disable-extensions-except=${extension.dir}`, `--load-extension=${extension.dir}`] : ['--disable-extensions']),
      '--remote-debugging-port=0',
      ...QUIET_CHROMIUM_ARGS,
    ],
  });
  const [port, wsPath] = (await poll(() => readFile(path.join(profileDir, 'DevToolsActivePort'), 'utf8').catch(() => undefined), {
    timeout: 30_000,
    describe: () => 'DevToolsActivePort',
  })).split('\n');
  const cdp = await Cdp.connect(`ws://127.0.0.1:${port}${wsPath}`);
  const browserVersion = (await cdp.send<{ product: string }>('Browser.getVersion')).product;

  let extensionId = '';
  let control: Page;
  if (withExtension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 60_000 }));
    extensionId = new URL(worker.url()).host;
    control = await context.newPage();
    await control.goto(`chrome-extension://${extensionId}/${CONTROL_PAGE}`);
  } else {
    control = await context.newPage();
  }
  const origin = `chrome-extension://${extensionId}`;
  // The welcome page opens on install; it is not part of what is measured.
  for (const p of context.pages()) if (p !== control && p.url().includes('welcome.html')) await p.close();

  const listTabIds = () => control.evaluate(() => browser.tabs.query({}).then((tabs) => tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))));

  return {
    context,
    extensionId,
    origin,
    control,
    cdp,
    browserVersion,
    async openTab(url: string) {
      const before = new Set(withExtension ? await listTabIds() : []);
      const page = await context.newPage();
      const tabId = withExtension
        ? await poll(async () => (await listTabIds()).filter((id) => !before.has(id)).at(0), { timeout: 10_000, describe: () => `the tab of ${url}` })
        : -1;
      await page.goto(url, { waitUntil: 'load' });
      return { page, tabId };
    },
    async workerSession() {
      const target = await poll(
        async () => (await cdp.targets()).find((t) => t.type === 'service_worker' && t.url.startsWith(origin)),
        { timeout: 15_000, describe: () => 'the service worker target' },
      );
      return cdp.attach(target.targetId);
    },
    async close() {
      cdp.close();
      await context.close().catch(() => {});
      await removeDir(profileDir);
      await extension.cleanup();
    },
  };
}

/** A CDP session on a page (Playwright's), e.g. for tracing. */
export function pageSession(b: BenchBrowser, page: Page): Promise<CDPSession> {
  return b.context.newCDPSession(page);
}
