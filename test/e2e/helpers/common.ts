/**
 * Driver-independent pieces of the harness: bounded waiting, the page wrapper both drivers
 * share, the control page added to the extension under test, and tab-id discovery.
 *
 * Why a control page: tests need an extension context with `browser.*` to read badges and
 * tabs. The service worker exists only in Chromium and sleeps when idle; Firefox's background
 * page is not reachable over WebDriver BiDi; and the product's own pages (options, popup)
 * have side effects. So the harness copies the built extension to a temp directory and adds
 * one inert page, `wirecheck-e2e.html`, that the manifest does not reference. The shipped
 * files are byte-identical; `npm run lint:firefox` lints the real build, not this copy.
 */
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserName } from './paths.ts';
import { SCREENSHOT_DIR, ensureDir } from './paths.ts';
import type { E2EPage, PageFunction, WaitOptions } from './types.ts';

export const DEFAULT_WAIT_MS = 15_000;
export const DEFAULT_LAUNCH_MS = 60_000;
export const CONTROL_PAGE = 'wirecheck-e2e.html';
export const CONTROL_TITLE = 'wirecheck-e2e-control';
export const PROBE_FILE_INPUT = 'input[type=file][data-testid=e2e-probe-file]';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with `label` if `promise` has not settled after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${label}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `probe` every `interval` ms until it returns something other than undefined/false/null;
 * errors thrown by `probe` (a page still loading) count as "not yet". Bounded by `timeout`.
 */
export async function poll<T>(
  probe: () => Promise<T | undefined | null | false>,
  options: { timeout?: number; interval?: number; describe: () => string },
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_WAIT_MS;
  const interval = options.interval ?? 100;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${options.describe()}${cause}`);
    }
    await sleep(interval);
  }
}

/** What a driver must provide; everything else in E2EPage is built on `evaluate`. */
export interface PageDriver {
  evaluate<R, A>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  setInputFiles(selector: string, files: readonly string[]): Promise<void>;
  screenshotTo(file: string): Promise<void>;
  close(): Promise<void>;
  raw: unknown;
}

export function createPage(browserName: BrowserName, openedUrl: string, driver: PageDriver): E2EPage {
  const evaluate = <R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> =>
    driver.evaluate(fn, arg as A);
  const where = `${browserName} ${openedUrl}`;

  const page: E2EPage = {
    browserName,
    openedUrl,
    raw: driver.raw,
    evaluate,
    async waitFor(selector: string, options?: WaitOptions) {
      await poll(() => evaluate((s: string) => document.querySelector(s) !== null, selector), {
        timeout: options?.timeout,
        describe: () => `${selector} on ${where}`,
      });
    },
    async waitForText(selector: string, expected: string | RegExp, options?: WaitOptions) {
      let last: string | null = null;
      return poll(
        async () => {
          last = await page.text(selector);
          if (last === null) return undefined;
          return (typeof expected === 'string' ? last.includes(expected) : expected.test(last))
            ? last
            : undefined;
        },
        {
          timeout: options?.timeout,
          describe: () =>
            `${selector} to contain ${String(expected)} on ${where} (text was ${JSON.stringify(last)})`,
        },
      );
    },
    async waitForAny(selectors: readonly string[], options?: WaitOptions) {
      return poll(
        () =>
          evaluate(
            (list: string[]) => list.find((s) => document.querySelector(s) !== null),
            [...selectors],
          ),
        { timeout: options?.timeout, describe: () => `any of ${selectors.join(' | ')} on ${where}` },
      );
    },
    text(selector: string) {
      return evaluate(
        (s: string) => document.querySelector(s)?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
        selector,
      );
    },
    texts(selector: string) {
      return evaluate(
        (s: string) =>
          Array.from(document.querySelectorAll(s), (e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
        selector,
      );
    },
    attribute(selector: string, name: string) {
      return evaluate(
        ([s, n]: [string, string]) => document.querySelector(s)?.getAttribute(n) ?? null,
        [selector, name] as [string, string],
      );
    },
    count(selector: string) {
      return evaluate((s: string) => document.querySelectorAll(s).length, selector);
    },
    async click(selector: string) {
      await page.waitFor(selector);
      await driver.click(selector);
    },
    async setInputFiles(selector: string, files: readonly string[]) {
      await page.waitFor(selector);
      await driver.setInputFiles(selector, files.map((f) => path.resolve(f)));
    },
    screenshotTo: (file: string) => driver.screenshotTo(file),
    close: () => driver.close(),
  };
  return page;
}

export function screenshotPath(browserName: BrowserName, name: string): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return path.join(SCREENSHOT_DIR, `${browserName}-${safe || 'page'}.png`);
}

/**
 * Screenshots from an earlier run would mislead, so the first screenshot of a run empties the
 * directory. `node --test` runs each file in a child process; the runner's pid (our ppid) names
 * the run, so files of one run keep each other's screenshots.
 */
async function screenshotDirForThisRun(): Promise<void> {
  const marker = path.join(SCREENSHOT_DIR, '.run');
  const runId = String(process.ppid);
  const previous = await readFile(marker, 'utf8').catch(() => '');
  if (previous === runId) return;
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  await ensureDir(SCREENSHOT_DIR);
  await writeFile(marker, runId);
}

export async function takeScreenshot(browserName: BrowserName, page: E2EPage, name: string): Promise<string> {
  await screenshotDirForThisRun();
  const file = screenshotPath(browserName, name);
  await withTimeout(page.screenshotTo(file), 20_000, `screenshot ${file}`);
  return file;
}

const CONTROL_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${CONTROL_TITLE}</title></head>
<body>
<h1>Wirecheck e2e control page</h1>
<p>Added to a temporary copy of the build by test/e2e/helpers; never shipped.</p>
<input type="file" data-testid="e2e-probe-file" multiple>
<script src="wirecheck-e2e.js"></script>
</body>
</html>
`;

const CONTROL_JS = `document.querySelector('[data-testid=e2e-probe-file]').addEventListener('change', (event) => {
  const names = Array.from(event.target.files, (f) => f.name);
  document.body.dataset.changeEvents = String(Number(document.body.dataset.changeEvents || 0) + 1);
  document.body.dataset.fileNames = names.join(',');
});
`;

/** Copies the built extension to a temp dir and adds the control page. */
export async function prepareExtensionCopy(sourceDir: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-e2e-ext-'));
  const dir = path.join(root, 'extension');
  await mkdir(dir);
  await cp(sourceDir, dir, { recursive: true });
  await writeFile(path.join(dir, CONTROL_PAGE), CONTROL_HTML);
  await writeFile(path.join(dir, 'wirecheck-e2e.js'), CONTROL_JS);
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function makeProfileDir(browserName: BrowserName): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `wirecheck-e2e-${browserName}-profile-`));
}

export async function removeDir(dir: string): Promise<void> {
  // Browsers may still be flushing files for a moment after exit.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Ids of all tabs, read from an extension context (needs no permission). */
export function listTabIds(): Promise<number[]> {
  return browser.tabs.query({}).then((tabs) => tabs.flatMap((t) => (t.id === undefined ? [] : [t.id])));
}

/**
 * After the driver opened exactly one tab, find its WebExtension id by difference with the
 * ids seen before. Titles and URLs of web tabs are not visible to this extension in Chromium
 * (no `tabs` permission, and content-script matches do not count as host permissions there),
 * so matching by title would only work in Firefox; the difference works in both.
 */
export async function findNewTabId(
  readIds: () => Promise<number[]>,
  before: ReadonlySet<number>,
  label: string,
): Promise<number> {
  let seen: number[] = [];
  return poll(
    async () => {
      seen = (await readIds()).filter((id) => !before.has(id));
      return seen.length === 1 ? seen[0] : undefined;
    },
    { timeout: 10_000, describe: () => `exactly one new tab for ${label} (new ids: ${JSON.stringify(seen)})` },
  );
}
