/**
 * The browsers every e2e test runs in. WIRECHECK_E2E_BROWSERS=chromium (or firefox, or
 * "chromium,firefox") narrows the list while debugging; CI runs both.
 */
import { launch as launchChromium } from './chromium.ts';
import { launch as launchFirefox } from './firefox.ts';
import type { BrowserName } from './paths.ts';
import type { ExtensionSession, LaunchOptions } from './types.ts';

export interface BrowserEntry {
  name: BrowserName;
  launch(options?: LaunchOptions): Promise<ExtensionSession>;
}

const ALL: readonly BrowserEntry[] = [
  { name: 'chromium', launch: launchChromium },
  { name: 'firefox', launch: launchFirefox },
];

export function selectedBrowsers(): BrowserEntry[] {
  const wanted = process.env.WIRECHECK_E2E_BROWSERS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return [...ALL];
  const unknown = wanted.filter((w) => !ALL.some((b) => b.name === w));
  if (unknown.length) throw new Error(`WIRECHECK_E2E_BROWSERS: unknown browser(s) ${unknown.join(', ')}`);
  return ALL.filter((b) => wanted.includes(b.name));
}
