/**
 * "The reader says yes": what each browser needs so that the extension's own
 * `permissions.request({ origins })`, made in a click on one of its pages, resolves true at
 * once, since a headless browser shows its permission prompt to nobody.
 *
 * Measured here:
 * - Chromium: the content script's match patterns (every http and https site) appear in
 *   `permissions.getAll()`, yet `permissions.contains({ origins: ['http://apnews.com/*'] })` is
 *   false and a request from a click opens a prompt that never resolves. After
 *   `chrome.developerPrivate.addHostPermission(id, pattern)`, run in a `chrome://extensions`
 *   page of the same browser (what its "Site access" setting does), `contains` is still
 *   false, but the click's request resolves true at once, and from then on `contains` is true.
 *   Without that grant the request stays pending: the refusal a test can observe is "nothing
 *   starts".
 * - Firefox: a temporarily installed MV3 add-on has its content script's origins granted, so
 *   `contains` is true for any http(s) site from the start and the request resolves true
 *   without a prompt; the harness also launches Firefox with
 *   `extensions.webextOptionalPermissionPrompts: false` (firefox.ts), so a site outside them
 *   is granted without a prompt too. A refusal cannot be made there.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import { withTimeout } from './common.ts';
import type { ExtensionSession } from './types.ts';

/** The host permission pattern of an origin: scheme and host name, any port and path (`http://apnews.com/*`). */
export function hostPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Whether the extension holds the host permission of `origin` now (read in its control page). */
export function hasHostPermission(session: ExtensionSession, origin: string): Promise<boolean> {
  return session.evaluateInExtension((pattern: string) => browser.permissions.contains({ origins: [pattern] }), hostPattern(origin));
}

/** Runs in chrome://extensions: what its "Site access" setting runs for one site. */
function addHostPermission({ id, pattern }: { id: string; pattern: string }): Promise<string> {
  const chromeApi = (globalThis as unknown as {
    chrome: { developerPrivate: { addHostPermission(id: string, host: string, done: () => void): void }; runtime: { lastError?: { message?: string } } };
  }).chrome;
  return new Promise((resolve) => chromeApi.developerPrivate.addHostPermission(id, pattern, () => resolve(chromeApi.runtime.lastError?.message ?? 'ok')));
}

/**
 * Makes the browser answer yes when the extension asks, in a click, for the site of `origin`
 * (the request itself is the product's, made by the test's click on its page).
 */
export async function grantHostPermission(session: ExtensionSession, origin: string): Promise<void> {
  const pattern = hostPattern(origin);
  if (session.browserName === 'firefox') {
    // Granted already, or granted without a prompt at the request (see above).
    return;
  }
  const control = await session.openExtensionPage('wirecheck-e2e.html');
  const page = await (control.raw as PlaywrightPage).context().newPage();
  try {
    await page.goto('chrome://extensions', { waitUntil: 'load', timeout: 15_000 });
    const answer = await withTimeout(page.evaluate(addHostPermission, { id: session.extensionId, pattern }), 10_000, `granting ${pattern} in chrome://extensions`);
    if (answer !== 'ok') throw new Error(`chrome://extensions did not grant ${pattern}: ${answer}`);
  } finally {
    await page.close().catch(() => {});
    await control.close().catch(() => {});
  }
}
