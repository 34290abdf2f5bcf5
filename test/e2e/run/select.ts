/**
 * Sets up a process that runs every suite (suites.ts imports this first, so it runs before any
 * suite file loads): the suites share one running browser per kind, closed after the last one.
 *
 * The entry file's name picks the browser: `run/chromium.ts` or `run/firefox.ts` runs every
 * suite in that browser alone; any other entry (`run/suites.ts`) runs them in every selected
 * browser. `npm run test:e2e` runs the two browsers' processes side by side: a test mostly
 * waits on its browser (the whole e2e run keeps about 40% of one core busy on the 2-core
 * machine), so the two runs overlap instead of adding up. The suites that need no browser run
 * in the first browser's process only. WIRECHECK_E2E_BROWSERS still narrows the run: a process
 * whose browser it leaves out runs nothing.
 */
import path from 'node:path';
import { after } from 'node:test';
import { BROWSER_FREE_ENV, closeSharedBrowsers, selectedBrowsers, shareBrowsers } from '../helpers/browsers.ts';

const entry = path.basename(process.argv[1] ?? '', '.ts');
const selected = selectedBrowsers().map((b) => b.name);
const only = selected.find((name) => name === entry);
if (entry === 'chromium' || entry === 'firefox') {
  process.env.WIRECHECK_E2E_BROWSERS = only ?? 'none';
  if (selected[0] !== entry) process.env[BROWSER_FREE_ENV] = 'no';
}
shareBrowsers();
after(closeSharedBrowsers);
