/** What the bench asks of the extension: its import, a tab's state, messages from a content-script world. */
import { open } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';
import { poll } from '../../test/e2e/helpers/common.ts';
import type { TabState } from '../../src/messaging/protocol.ts';
import type { BenchBrowser } from './launch.ts';

export const IMPORT_INPUT = 'input[type=file][data-testid=corpus-file-input]';
export const IMPORT_STATUS = '[data-testid=import-status]';

export function tabState(b: BenchBrowser, tabId: number): Promise<TabState> {
  return b.control.evaluate(async (id) => {
    const reply = (await browser.runtime.sendMessage({ type: 'ui:get-tab-state', tabId: id })) as { ok: boolean; value: unknown };
    return reply.value as never;
  }, tabId);
}

/**
 * Waits for the badge (a derived verdict) without asking for the tab's state: asking while the
 * tab is still unknown to the background makes it request the article again (as the popup
 * would), which would read the page twice. After `timeout` the state is read once.
 */
export async function waitForBadge(b: BenchBrowser, tabId: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const text = await b.control.evaluate((id) => browser.action.getBadgeText({ tabId: id }), tabId);
    if (text.trim() !== '') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForChecked(b: BenchBrowser, tabId: number, timeout = 30_000): Promise<TabState> {
  let last: TabState | undefined;
  return poll(
    async () => {
      last = await tabState(b, tabId);
      return last.status === 'checked' || last.status === 'not-article' || last.status === 'error' ? last : undefined;
    },
    { timeout, interval: 50, describe: () => `a verdict on tab ${tabId} (state ${JSON.stringify(last)?.slice(0, 200)})` },
  );
}

export interface ImportMeasure {
  articles: number;
  seconds: number;
  perSecond: number;
  /** Longest main-thread task of the options page while importing (PerformanceObserver longtask), ms; 0 when none ≥ 50 ms. */
  longestTaskMs: number;
  longTasks: number;
  /** The long animation frames (blocking ≥ 50 ms) with the scripts inside them: what a long task was. */
  longFrames: string[];
  status: string;
}

/** Imports a JSON Lines file through the options page's file input; times it until the status says so. */
export async function importThroughOptions(b: BenchBrowser, file: string, articles: number, timeoutMs: number): Promise<ImportMeasure> {
  const page = await b.context.newPage();
  try {
    await page.goto(`${b.origin}/options.html`, { waitUntil: 'load' });
    await page.waitForSelector(IMPORT_INPUT, { state: 'attached' });
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      const l = window as unknown as { __longFrames: string[] };
      l.__longFrames = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { startTime: number; duration: number; blockingDuration: number; scripts: { invoker: string; sourceFunctionName: string; duration: number }[] }[]) {
          if (e.blockingDuration < 50) continue;
          const scripts = e.scripts.map((x) => `${x.invoker || x.sourceFunctionName} ${Math.round(x.duration)} ms`).join('; ');
          l.__longFrames.push(`${Math.round(e.duration)} ms at ${(e.startTime / 1000).toFixed(1)} s: ${scripts || 'no script (style, layout, GC or the browser)'}`);
        }
      }).observe({ type: 'long-animation-frame' });
    });
    const before = await page.textContent(IMPORT_STATUS);
    const start = performance.now();
    await page.setInputFiles(IMPORT_INPUT, file);
    let status = '';
    await poll(
      async () => {
        status = (await page.textContent(IMPORT_STATUS)) ?? '';
        return status !== before && /imported|failed|problem/i.test(status);
      },
      { timeout: timeoutMs, interval: 100, describe: () => `the import of ${articles} articles (status ${JSON.stringify(status)})` },
    );
    const seconds = (performance.now() - start) / 1000;
    if (!/imported/i.test(status)) throw new Error(`import failed: ${status}`);
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const longFrames = await page.evaluate(() => (window as unknown as { __longFrames: string[] }).__longFrames);
    return { articles, seconds, perSecond: articles / seconds, longestTaskMs: Math.max(0, ...longTasks), longTasks: longTasks.length, longFrames, status };
  } finally {
    await page.close();
  }
}

/** Written in pieces: 100,000 articles make ~420 MB, near V8's longest string. */
export async function writeJsonLines(file: string, rows: readonly object[]): Promise<void> {
  const out = await open(file, 'w');
  try {
    for (let i = 0; i < rows.length; i += 5_000) await out.write(rows.slice(i, i + 5_000).map((r) => `${JSON.stringify(r)}\n`).join(''));
  } finally {
    await out.close();
  }
}

/**
 * The content script's isolated world in `page`: a message sent from here reaches the
 * background exactly as the content script's do (sender = this tab).
 */
export async function contentWorld(b: BenchBrowser, page: Page): Promise<{ session: CDPSession; contextId: number }> {
  const session = await b.context.newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  session.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as never));
  await session.send('Runtime.enable');
  const found = await poll(async () => contexts.find((c) => c.origin === b.origin && c.auxData?.type === 'isolated'), {
    timeout: 10_000,
    describe: () => 'the content script world',
  });
  return { session, contextId: found.id };
}

/**
 * Sends the page's HTML as `content:page` from the content-script world, as the content script
 * does (the tab's own URL, so the background accepts the sender; `force`, so the same URL is
 * checked again); resolves with the round trip in ms: the background parses the HTML, runs
 * Readability, checks the article and answers after the verdict.
 */
export async function sendArticle(
  world: { session: CDPSession; contextId: number },
  message: { title: string; text: string },
): Promise<number> {
  const escape = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = message.text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`).join('');
  const html = `<!doctype html><html lang="en"><head><title>${escape(message.title)}</title></head><body><article><h1>${escape(message.title)}</h1>${body}</article></body></html>`;
  const expression = `(async () => {
    const m = { type: 'content:page', url: location.href, html: ${JSON.stringify(html)}, check: true, capture: false, force: true };
    const t = performance.now();
    const reply = await chrome.runtime.sendMessage(m);
    if (!reply || reply.ok !== true) throw new Error('background refused: ' + JSON.stringify(reply));
    return performance.now() - t;
  })()`;
  const r = (await world.session.send('Runtime.evaluate', { expression, contextId: world.contextId, awaitPromise: true, returnByValue: true })) as {
    result: { value?: number };
    exceptionDetails?: { exception?: { description?: string } };
  };
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? 'sendArticle failed');
  return r.result.value!;
}
