/**
 * The browsers every e2e test runs in. WIRECHECK_E2E_BROWSERS=chromium (or firefox, or
 * "chromium,firefox") narrows the list while debugging; CI runs both.
 */
import { launch as launchChromium } from './chromium.ts';
import { poll } from './common.ts';
import { launch as launchFirefox } from './firefox.ts';
import type { BrowserName } from './paths.ts';
import type { ExtensionSession, LaunchOptions } from './types.ts';

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

function withWelcomeClosed(launch: (options?: LaunchOptions) => Promise<ExtensionSession>) {
  return async (options: LaunchOptions = {}): Promise<ExtensionSession> => {
    const session = await launch(options);
    if (!options.keepWelcomeTab) {
      try {
        await closeWelcomeTab(session);
      } catch (e) {
        await session.close();
        throw e;
      }
    }
    return session;
  };
}

const ALL: readonly BrowserEntry[] = [
  { name: 'chromium', launch: withWelcomeClosed(launchChromium) },
  { name: 'firefox', launch: withWelcomeClosed(launchFirefox) },
];

export function selectedBrowsers(): BrowserEntry[] {
  const wanted = process.env.WIRECHECK_E2E_BROWSERS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return [...ALL];
  const unknown = wanted.filter((w) => !ALL.some((b) => b.name === w));
  if (unknown.length) throw new Error(`WIRECHECK_E2E_BROWSERS: unknown browser(s) ${unknown.join(', ')}`);
  return ALL.filter((b) => wanted.includes(b.name));
}
