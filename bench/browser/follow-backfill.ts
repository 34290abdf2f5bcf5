/**
 * One backfill of a month of AP in the built extension, and what a reader pays for it meanwhile.
 *
 * The stand-in for apnews.com (test/support/ap-standin.ts) holds `days` × `perDay` stories of
 * `words` words (bench/follow-support.ts: an estimate of AP's output); the control page turns the follow on
 * (`ui:follow-set`, a month's window) and the bench waits until nothing is queued and no run
 * goes on. Meanwhile two pages are open in other tabs, as a reader reading: a rewrite of one
 * of the followed stories (it gets its verdict when that story arrives, and is checked again as
 * the corpus changes) and the largest of the 30 saved news pages (../shared/fixtures/pages,
 * scripts removed as main-thread.ts does), both scrolled every two seconds.
 *
 * - The reader's pages: a PerformanceObserver in each records every main-thread task ≥ 50 ms
 *   (longtask) and the long animation frames with the scripts in them, from the follow's start
 *   to its end; it is shown to see an 80 ms task first. Half way through the backfill, both
 *   pages are opened again in new tabs under a Chromium trace (main-thread.ts `traced`,
 *   trace.ts): the longest task that ran Wirecheck's code while a page is read during a backfill.
 * - The service worker's memory (JS heap + array buffers, follow-drive.ts) every two seconds,
 *   without forcing a collection: the peak; and after a forced collection at the end.
 * - Storage: navigator.storage.estimate() in the extension's origin before and after, per story
 *   added, beside what the follow charges its budget (`counts.bytes`).
 * - Then update checks with nothing changed (`ui:follow-run-now` until a run that began after
 *   it has ended), timed in the control page, and the requests the stand-in saw.
 */
import type { Page } from 'playwright-core';
import type { FollowCounts } from '../../src/core/follow/types.ts';
import type { FollowStatus } from '../../src/messaging/protocol.ts';
import { poll, sleep } from '../../test/e2e/helpers/common.ts';
import { loadNote, loadSpan, meanWords, monthOfAp } from '../follow-support.ts';
import { tabState } from './extension.ts';
import { grantHost, send, storageUsed, workerMemory } from './follow-drive.ts';
import { type BenchBrowser, launchBench } from './launch.ts';
import { fixturePages, traced, withoutScripts } from './main-thread.ts';
import { servePages } from './server.ts';
import { summarizeTasks } from './trace.ts';

export interface BackfillMeasure {
  counts: FollowCounts;
  stories: number;
  /** Mean words of the stand-in's stories. */
  words: number;
  seconds: number;
  /** Tasks ≥ 50 ms on the reader's pages during the backfill (ms each), and the long frames' scripts. */
  longTasks: number[];
  longFrames: string[];
  /** The longest Wirecheck task on each page opened half way (trace), ms. */
  tracedLongest: { page: string; ms: number; tasks: number }[];
  peakMB: number;
  startMB: number;
  afterGcMB: number;
  storageBytes: number;
  verdict: string;
  readers: string;
  updateMs: number[];
  updateRequests: string[];
  load: string;
  updateLoad: string;
}

const OBSERVE = () => {
  const w = window as unknown as { __bench: { long: { at: number; ms: number }[]; frames: { at: number; text: string }[] } };
  w.__bench = { long: [], frames: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__bench.long.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as { startTime: number; duration: number; blockingDuration: number; scripts: { sourceURL: string; invoker: string; duration: number }[] }[]) {
      if (e.blockingDuration <= 0) continue;
      const scripts = e.scripts.map((x) => `${x.sourceURL.replace(/^.*\//, '') || x.invoker} ${Math.round(x.duration)} ms`).join('; ');
      w.__bench.frames.push({ at: e.startTime, text: `${Math.round(e.duration)} ms: ${scripts || 'no script (style, layout, GC or the browser)'}` });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
};

async function tabIds(b: BenchBrowser): Promise<number[]> {
  return b.control.evaluate(() => browser.tabs.query({}).then((t) => t.map((x) => x.id ?? -1)));
}

async function openReaderTab(b: BenchBrowser, url: string): Promise<{ page: Page; tabId: number }> {
  const before = new Set(await tabIds(b));
  const page = await b.context.newPage();
  await page.addInitScript(OBSERVE);
  const tabId = await poll(async () => (await tabIds(b)).find((id) => !before.has(id)), { timeout: 10_000, describe: () => `the tab of ${url}` });
  await page.goto(url, { waitUntil: 'load' });
  return { page, tabId };
}

async function tasksSince(page: Page, since: number): Promise<{ long: number[]; frames: string[] }> {
  return page.evaluate((t0) => {
    const w = window as unknown as { __bench: { long: { at: number; ms: number }[]; frames: { at: number; text: string }[] } };
    return { long: w.__bench.long.filter((e) => e.at >= t0).map((e) => e.ms), frames: w.__bench.frames.filter((e) => e.at >= t0).map((e) => e.text) };
  }, since);
}

/** A rewrite of a story as another outlet prints it: every fifth sentence dropped, two words swapped in the others. */
export function rewritePage(headline: string, paragraphs: readonly string[]): string {
  const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = paragraphs.map((p, i) =>
    p
      .split(/(?<=\.)\s+/)
      .filter((_, k) => (i + k) % 5 !== 4)
      .map((s) => {
        const w = s.split(' ');
        if (w.length > 6) [w[2], w[4]] = [w[4]!, w[2]!];
        return w.join(' ');
      })
      .join(' '),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(headline)} | The Daily Example</title></head><body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header><main><article><h1>${esc(headline)}</h1><p class="byline">By Staff</p>${body.map((p) => `<p>${esc(p)}</p>`).join('')}</article></main><footer>© The Daily Example</footer></body></html>`;
}

export async function measureBackfill(opts: { extensionDir: string; days: number; perDay: number; words?: number; paceMs: number; updates: number; log: (m: string) => void }): Promise<BackfillMeasure> {
  const { log } = opts;
  const ap = await monthOfAp({ days: opts.days, perDay: opts.perDay, words: opts.words });
  const pages = await servePages();
  const rewritten = ap.stories[Math.floor(ap.stories.length / 2)]!;
  const readerUrls = [pages.add('rewrite', rewritePage(rewritten.headline, rewritten.paragraphs))];
  const largest = (await fixturePages().catch(() => [])).sort((a, b) => b.html.length - a.html.length)[0];
  if (largest) readerUrls.push(pages.add(largest.name, withoutScripts(largest.html)));
  const readerNames = ['the rewrite', largest?.name ?? ''];
  const b = await launchBench({ extensionDir: opts.extensionDir });
  try {
    await grantHost(b, ap.origin);
    const tabs = await Promise.all(readerUrls.map((url) => openReaderTab(b, url)));
    // The observer must see a task it is shown: 80 ms of work in each page, before the window.
    await Promise.all(tabs.map((t) => t.page.evaluate(() => void setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 80);
    }, 0))));
    await sleep(3_000); // the pages' own load and first check are not the follow's
    const shown = await Promise.all(tabs.map((t) => tasksSince(t.page, 0)));
    if (shown.some((p) => !p.long.some((ms) => ms >= 80))) throw new Error(`the long-task observer missed an 80 ms task: ${JSON.stringify(shown.map((p) => p.long))}`);
    const since = await Promise.all(tabs.map((t) => t.page.evaluate(() => performance.now())));
    const storageBefore = await storageUsed(b);
    const memory = await workerMemory(b);
    const startMB = await memory(true);

    log(`Following ${ap.stories.length.toLocaleString('en-US')} stand-in stories in the extension (pace ${opts.paceMs} ms), ${tabs.length} reader tabs open…`);
    const load = loadNote();
    const t0 = performance.now();
    await send<FollowStatus>(b, { type: 'ui:follow-set', change: { following: true, sitemapIndex: ap.sitemapIndexUrl(), window: 'month' } });
    let peakMB = startMB;
    let status: FollowStatus | undefined;
    let lastLog = t0;
    const tracedLongest: BackfillMeasure['tracedLongest'] = [];
    const deadline = t0 + ap.stories.length * (opts.paceMs + 1_000) + 600_000;
    for (let tick = 0; ; tick++) {
      await sleep(2_000);
      peakMB = Math.max(peakMB, await memory());
      status = (await send<FollowStatus>(b, { type: 'ui:follow-get' })).value;
      await Promise.all(tabs.map((t, i) => t.page.evaluate((k) => window.scrollBy(0, k % 2 ? -300 : 300), tick + i).catch(() => undefined)));
      if (status.state?.stopped) throw new Error(`the follow stopped: ${status.state.stopped.reason}`);
      if (!status.running && status.counts.queued === 0 && status.counts.added > 0) break;
      if (performance.now() > deadline) throw new Error(`the backfill did not end in time: ${JSON.stringify(status.counts)}`);
      if (tracedLongest.length === 0 && status.counts.added >= ap.stories.length / 2) {
        for (const [i, url] of readerUrls.entries()) {
          const t = await traced(b, url, () => sleep(4_000));
          const s = summarizeTasks(t.events, { pageUrl: url, extensionOrigin: b.origin });
          await t.page.close();
          tracedLongest.push({ page: readerNames[i]!, ms: s.wirecheckLongestMs, tasks: s.wirecheckTasks });
          log(`  ${readerNames[i]} opened at ${status.counts.added} stories: Wirecheck ${s.wirecheckTasks} tasks, longest ${s.wirecheckLongestMs.toFixed(1)} ms (${s.wirecheckTaskMs.map((x) => x.toFixed(1)).join(' + ')})`);
        }
      }
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        log(`  ${((lastLog - t0) / 1000).toFixed(0)} s: ${JSON.stringify(status.counts)}, worker ${peakMB.toFixed(0)} MB at most, storage ${((await storageUsed(b)) / 2 ** 20).toFixed(0)} MB`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const loadDuring = loadSpan(load);
    const afterGcMB = await memory(true);
    await sleep(5_000); // the files of replaced values are deleted after their commits
    const storageBytes = (await storageUsed(b)) - storageBefore;
    const perPage = await Promise.all(tabs.map((t, i) => tasksSince(t.page, since[i]!)));
    const verdict = await tabState(b, tabs[0]!.tabId);
    const source = verdict.status === 'checked' ? verdict.result.source?.url : undefined;
    const verdictText = verdict.status === 'checked' ? `${verdict.result.verdict}, ${source === ap.storyUrl(rewritten.index) ? 'source the followed story' : `source ${source ?? 'none'}`}` : verdict.status;
    const longTasks = perPage.flatMap((p) => p.long);
    const longFrames = perPage.flatMap((p, i) => p.frames.map((f) => `${readerNames[i]}: ${f}`));
    log(`  ${status.counts.added} added, ${status.counts.skipped} skipped, ${status.counts.failed} failed in ${seconds.toFixed(0)} s; ${longTasks.length} tasks ≥ 50 ms on the reader's pages; worker ${peakMB.toFixed(1)} MB at most, ${afterGcMB.toFixed(1)} MB after GC; the rewrite's verdict: ${verdictText}`);
    for (const f of longFrames) log(`    long frame ${f}`);

    // Update checks with nothing changed: from "run now" until a run begun after it has ended.
    const updateMs: number[] = [];
    const updateRequests: string[] = [];
    for (let i = 0; i < opts.updates; i++) {
      const before = ap.log.entries.length;
      updateMs.push(
        await b.control.evaluate(async () => {
          // No named functions in here: the page gets this function's text alone.
          type Status = { value: { running: boolean; state?: { lastRunAt?: number } } };
          const last = ((await browser.runtime.sendMessage({ type: 'ui:follow-get' })) as Status).value.state?.lastRunAt ?? 0;
          const t = performance.now();
          await browser.runtime.sendMessage({ type: 'ui:follow-run-now' });
          for (;;) {
            const s = ((await browser.runtime.sendMessage({ type: 'ui:follow-get' })) as Status).value;
            if (!s.running && (s.state?.lastRunAt ?? 0) > last) return performance.now() - t;
            await new Promise((done) => setTimeout(done, 5));
          }
        }),
      );
      updateRequests.push(...ap.log.entries.slice(before).map((e) => `${e.path} ${e.status}`));
    }
    log(`  update checks in the extension: ${updateMs.map((x) => x.toFixed(0)).join(', ')} ms; requests: ${updateRequests.join(', ')}`);
    return {
      counts: status.counts,
      stories: ap.stories.length,
      words: meanWords(ap),
      seconds,
      longTasks,
      longFrames,
      tracedLongest,
      peakMB,
      startMB,
      afterGcMB,
      storageBytes,
      verdict: verdictText,
      readers: `a rewrite of a followed story and the largest saved news page${largest ? ` (${largest.name})` : ' (missing)'}`,
      updateMs,
      updateRequests,
      load: loadDuring,
      updateLoad: loadNote(),
    };
  } finally {
    await b.close();
    await pages.close();
    await ap.close();
  }
}
