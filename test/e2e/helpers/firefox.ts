/**
 * Firefox driver: Puppeteer (puppeteer-core) speaking WebDriver BiDi to Firefox ESR directly,
 * no geckodriver.
 *
 * Measured here:
 * - The add-on is installed temporarily with `browser.installExtension(dir)`; its internal
 *   UUID (the moz-extension:// host) is fixed in advance through the
 *   `extensions.webextensions.uuids` pref, so the origin is known before install.
 * - Opening moz-extension:// pages from the automation needs `--remote-allow-system-access`,
 *   and that navigation never resolves in Puppeteer (nor does it update `page.url()`). So the
 *   driver fires `goto` without awaiting it and polls the document until it is the page asked
 *   for and has finished loading.
 * - Temporarily installed MV3 add-ons get their host permissions (and so the content-script
 *   matches) granted, so the content script runs on the locally served pages.
 * - Uninstalling the add-on clears its storage (IndexedDB included) and, with
 *   `extensions.webextensions.keepUuidOnUninstall`, keeps its UUID, so a browser shared by
 *   several suites installs a fresh add-on at the same origin for each
 *   (`startFirefox().install()`): ~0.3 s, where a launch takes 4–7 s. The session checks
 *   that the install starts from empty storage (browsers.ts).
 * - An optional permission is granted without a prompt (`extensions.webextOptionalPermissionPrompts`
 *   off): a prompt in a headless browser is answered by nobody (permissions.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { installSession, startBrowserInstance } from './browser-instance.ts';
import { DEFAULT_LAUNCH_MS, createPage, poll, withTimeout } from './common.ts';
import { builtExtensionDir } from './paths.ts';
import type { BrowserInstance, E2EPage, ExtensionSession, LaunchOptions, PageFunction } from './types.ts';

export const ADDON_ID = 'wirecheck@wirecheck.invalid';
/** Any fixed v4 UUID: the moz-extension:// host of the add-on in every run. */
export const EXTENSION_UUID = '6f1f7c2e-3b4a-4d5e-9a8b-7c6d5e4f3a21';

export function firefoxExecutable(): string {
  return process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
}

function wrap(page: Page, openedUrl: string): E2EPage {
  return createPage('firefox', openedUrl, {
    raw: page,
    // Puppeteer's own types unwrap handles; the harness passes plain data only.
    evaluate: <R, A>(fn: PageFunction<A, R>, arg: A) =>
      page.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown) as Promise<R>,
    click: (selector) => page.click(selector),
    setInputFiles: async (selector, files) => {
      const input = await page.$(selector);
      if (!input) throw new Error(`No element ${selector}`);
      try {
        await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(...files);
      } finally {
        await input.dispose();
      }
    },
    screenshotTo: async (file) => {
      await page.screenshot({ path: file as `${string}.png` });
    },
    close: () => page.close(),
  });
}

async function addonIdOf(extensionDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  return manifest.browser_specific_settings?.gecko?.id ?? ADDON_ID;
}

/** Starts Firefox without the add-on; `install()` adds a fresh copy of it. */
export async function startFirefox(options: LaunchOptions = {}): Promise<BrowserInstance> {
  const launchTimeout = options.launchTimeout ?? DEFAULT_LAUNCH_MS;
  const sourceDir = options.extensionDir ?? builtExtensionDir('firefox');
  const addonId = await addonIdOf(sourceDir);
  return startBrowserInstance('firefox', async (profileDir, onClose) => {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxExecutable(),
      headless: true,
      userDataDir: profileDir,
      timeout: launchTimeout,
      protocolTimeout: launchTimeout,
      defaultViewport: { width: 1280, height: 900 },
      args: ['--remote-allow-system-access'],
      // The recording proxy ends HTTPS tunnels with a self-signed certificate (recording-proxy.ts).
      ...(options.proxyServer ? { acceptInsecureCerts: true } : {}),
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [addonId]: EXTENSION_UUID }),
        'extensions.webextensions.keepUuidOnUninstall': true,
        // An optional permission is granted without a prompt (a prompt nobody answers would
        // leave permissions.request pending): the reader says yes (helpers/permissions.ts).
        'extensions.webextOptionalPermissionPrompts': false,
        // 0 = dark, 1 = light: what prefers-color-scheme answers in web and extension pages.
        ...(options.colorScheme ? { 'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1 } : {}),
        // Names that resolve to 127.0.0.1, visited over plain http (no HTTPS-First upgrade).
        ...(options.localHosts?.length
          ? { 'network.dns.localDomains': options.localHosts.join(','), 'dom.security.https_first': false, 'dom.security.https_only_mode': false }
          : {}),
        // Every request through the proxy, loopback too, over plain http (no HTTPS-First upgrade).
        ...(options.proxyServer
          ? {
              'network.proxy.type': 1,
              'network.proxy.http': new URL(options.proxyServer).hostname,
              'network.proxy.http_port': Number(new URL(options.proxyServer).port),
              'network.proxy.ssl': new URL(options.proxyServer).hostname,
              'network.proxy.ssl_port': Number(new URL(options.proxyServer).port),
              'network.proxy.no_proxies_on': '',
              'network.proxy.allow_hijacking_localhost': true,
              'dom.security.https_first': false,
              'dom.security.https_only_mode': false,
            }
          : {}),
        ...(options.firefoxStorageLimitKb ? { 'dom.quotaManager.temporaryStorage.fixedLimit': options.firefoxStorageLimitKb } : {}),
      },
    });
    onClose(() =>
      withTimeout(browser.close(), 30_000, 'closing Firefox').catch(async (error: unknown) => {
        browser.process()?.kill('SIGKILL');
        throw error;
      }),
    );
    return () => installAddon(browser, sourceDir, addonId, launchTimeout);
  });
}

/** Installs a fresh copy of the build and opens the control page; the session's close() uninstalls it. */
function installAddon(b: Browser, sourceDir: string, addonId: string, launchTimeout: number): Promise<ExtensionSession> {
  let installed = false;
  return installSession<Page>(sourceDir, launchTimeout, {
    browserName: 'firefox',
    async install(dir) {
      const installedId = await withTimeout(b.installExtension(dir), launchTimeout, 'installing the add-on');
      installed = true;
      if (installedId !== addonId) throw new Error(`Installed add-on id ${installedId}, expected ${addonId}`);
      return { extensionId: EXTENSION_UUID, extensionOrigin: `moz-extension://${EXTENSION_UUID}` };
    },
    async uninstall() {
      if (installed) await withTimeout(b.uninstallExtension(addonId), 30_000, 'uninstalling the add-on');
    },
    async newPage() {
      const page = await b.newPage();
      page.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
      return page;
    },
    wrap,
    async loadExtensionPage(page, wrapped, url, timeout) {
      // Never resolves for moz-extension:// URLs (see above); the rejection at close is expected.
      page.goto(url, { timeout: 0 }).catch(() => {});
      await poll(
        () =>
          wrapped.evaluate(
            (expected: string) => location.href === expected && document.readyState === 'complete',
            url,
          ),
        { timeout, describe: () => `Firefox to load ${url}` },
      );
    },
    async loadWebPage(page, url, timeout) {
      await page.goto(url, { timeout, waitUntil: 'load' });
    },
    closePage: (page) => page.close(),
  });
}
